import LocaleData

/// Checks the translations of one catalog for what would break the built site: plural entries with
/// the wrong number of forms, and, in a catalog of ICU MessageFormat strings (the site's UI strings),
/// translations that `MessageFormatValidator` rejects. Each finding is a `Diagnostic` at the exact
/// `line:column` of the problem inside the msgstr.
///
/// Only translated and needs-review entries are checked: an empty msgstr is work not done yet, not an
/// error. An entry whose source and translation hold no brace is skipped without parsing, since it
/// cannot have a MessageFormat problem; that is almost every entry of a real site.
///
/// ```swift
/// let check = try CatalogCheck(locale: "ru")
/// let read = POReader(path: "locales/ru/site.po").read(bytes)
/// check.diagnostics(for: read, file: "locales/ru/site.po", messageFormat: true)
/// // locales/ru/site.po:111:2: error: plural {count} has no 'few' branch (add a 'few' branch: Russian needs one, few, many, other)
/// ```
public struct CatalogCheck: Sendable {
    /// Changes whenever a check is added or changed: what was found clean before may not be now, so
    /// caches of findings (`tolk status`'s) name it. 2: partly translated plural entries are reported.
    public static let rulesVersion = 2

    public let pluralForms: GettextPluralForms
    public let validator: MessageFormatValidator

    public init(locale: String) throws(ICUError) {
        pluralForms = try GettextPluralForms(locale: locale)
        validator = try MessageFormatValidator(locale: locale)
    }

    /// The reader's own diagnostics (parse errors) followed by the findings about each entry, in file order.
    ///
    /// - Parameter messageFormat: whether the catalog's messages are ICU MessageFormat patterns.
    public func diagnostics(for read: POReader.Result, file: String, messageFormat: Bool) -> [Diagnostic] {
        var diagnostics = read.diagnostics
        for (index, entry) in read.catalog.entries.enumerated() where !entry.isHeader {
            diagnostics += problems(of: entry, at: index, in: read, file: file, messageFormat: messageFormat)
        }
        return diagnostics
    }

    /// The findings about `read.catalog.entries[index]`, at their positions in `file`.
    public func problems(of entry: CatalogEntry, at index: Int, in read: POReader.Result, file: String, messageFormat: Bool) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // Some forms translated, some empty: not translated, and easy to take for done.
        for form in pluralGaps(of: entry) ?? [] {
            let lines = read.locations.indices.contains(index) ? read.locations[index].translationLines : []
            let line = lines.indices.contains(form) ? lines[form] : lines.first ?? 0
            let category = pluralForms.categories.indices.contains(form) ? pluralForms.categories[form].rawValue : "form \(form)"
            diagnostics.append(Diagnostic(.warning, file: file, line: line, column: line > 0 ? 1 : 0,
                                          "msgstr[\(form)] (\(category)) is empty while other forms are translated: the entry is not translated, and ships in the source language",
                                          hint: "translate the \(category) form"))
        }
        guard entry.status == .translated || entry.status == .needsReview else { return diagnostics }
        if let problem = pluralFormCountProblem(of: entry) {
            let line = read.locations.indices.contains(index) ? (read.locations[index].translationLines.first ?? read.locations[index].line) : 0
            diagnostics.append(Diagnostic(.error, file: file, line: line, column: line > 0 ? 1 : 0, problem.message, hint: problem.hint))
        }
        guard messageFormat else { return diagnostics }
        for problem in messageFormatProblems(of: entry) {
            let (line, column) = read.position(entry: index, translation: problem.translation, utf8Offset: problem.problem.offset)
            diagnostics.append(Diagnostic(.error, file: file, line: line, column: column, problem.problem.message, hint: problem.problem.hint))
        }
        return diagnostics
    }

    /// The MessageFormat problems of each non-empty translation of `entry`, checked against its source.
    ///
    /// In a gettext plural entry each `msgstr[n]` is one form of an ICU plural (`# минуты чтения`) and is
    /// checked against `msgid` for the `one` form and `msgid_plural` for the others.
    public func messageFormatProblems(of entry: CatalogEntry) -> [(translation: Int, problem: MessageFormatProblem)] {
        var found: [(translation: Int, problem: MessageFormatProblem)] = []
        var parsedSources: [String: MessagePattern?] = [:]
        for (index, translation) in entry.translations.enumerated() where !translation.isEmpty {
            let category = pluralForms.categories.indices.contains(index) ? pluralForms.categories[index] : nil
            let source = entry.idPlural.map { category == .one ? entry.id : $0 } ?? entry.id
            guard Self.hasBrace(source) || Self.hasBrace(translation) else { continue }
            let pattern: MessagePattern?
            if let parsed = parsedSources[source] {
                pattern = parsed
            } else {
                pattern = try? MessagePattern(source, requiringOther: false)
                parsedSources[source] = pattern
            }
            for problem in validator.problems(in: translation, source: pattern) { found.append((index, problem)) }
        }
        return found
    }

    /// The empty forms of an active plural entry whose other forms are translated, or nil.
    func pluralGaps(of entry: CatalogEntry) -> [Int]? {
        guard entry.idPlural != nil, !entry.isObsolete, entry.translations.contains(where: { !$0.isEmpty }) else { return nil }
        let empty = entry.translations.indices.filter { entry.translations[$0].isEmpty }
        return empty.isEmpty ? nil : empty
    }

    /// For a plural entry whose number of `msgstr[n]` is not the locale's number of forms: what is
    /// wrong and what to do ("2 plural forms, but Russian has 3 (nplurals=3: one, few, many)").
    public func pluralFormCountProblem(of entry: CatalogEntry) -> (message: String, hint: String)? {
        let count = entry.translations.count, expected = pluralForms.count
        guard entry.idPlural != nil, count != expected else { return nil }
        let categories = pluralForms.categories.map(\.rawValue).joined(separator: ", ")
        func range(_ from: Int, _ to: Int) -> String { from == to ? "msgstr[\(from)]" : "msgstr[\(from)]…msgstr[\(to)]" }
        return ("\(count) plural form\(count == 1 ? "" : "s"), but \(validator.languageName) has \(expected) (nplurals=\(expected): \(categories))",
                count < expected ? "add \(range(count, expected - 1)): one form each for \(categories)"
                                 : "remove \(range(expected, count - 1)): tolk uses only the first \(expected)")
    }

    /// A brace anywhere in the text: without one, a string is literal text to ICU.
    static func hasBrace(_ text: String) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }
    }
}
