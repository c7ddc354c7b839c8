import Catalog
import Core
import Extractor
import Foundation

/// What `tolk import` checks in every incoming translation against its source, for XLIFF and PO
/// alike, before the catalogs take it: the protected pieces (`InlineStructureCheck`), footnote
/// references, emphasis, and the whitespace at both ends. A translation that fails any of them is
/// rejected and its entry keeps what it had. A translation that is the source unchanged is accepted,
/// with a warning (`isSameAsSource`).
///
/// A plural translation is checked form by form, each against the text it translates: `msgid` for
/// the `one` form, `msgid_plural` for the others.
///
/// ```swift
/// TranslationChecks.problems(source: "Done.[^1]", sourcePlural: nil, categories: ["other"], translations: ["Fertig."])
/// // [the translation lacks footnote reference [^1] of the source (keep every footnote reference …)]
/// ```
package enum TranslationChecks {
    package struct Problem: Equatable {
        package var message: String
        package var hint: String
        /// The translation (plural form) it is about, for its position in the file.
        package var translation = 0
    }

    /// Every check's first finding (at most one per check), in a fixed order; empty when the
    /// translation may be imported. Empty translations (forms not done yet) are not checked.
    /// - Parameter memo: what earlier calls read of the same source texts (`SourceMarkupMemo`), made for `dialect`.
    static func problems(source: String, sourcePlural: String?, categories: [String], translations: [String],
                         dialect: (any MarkdownDialect)? = nil, memo: SourceMarkupMemo? = nil) -> [Problem] {
        let memo = memo.flatMap { $0.serves(dialect) ? $0 : nil }
        var found: [Problem] = []
        // Each translation's inline markup is scanned once, by the first check that needs it.
        let scanned = translations.map(ScannedText.init)
        if let problem = InlineStructureCheck.problem(source: source, translations: scanned, dialect: dialect, memo: memo) {
            found.append(Problem(message: problem.message, hint: problem.hint, translation: 0))
        }
        let forms = pairs(source: source, sourcePlural: sourcePlural, categories: categories, translations: translations)
        let checks: [(String, ScannedText, String) -> Problem?] = [
            { source, scanned, subject in
                footnoteProblem(source: source, translation: scanned.text, subject: subject, memo: memo, plainMarkup: { scanned.plainMarkup })
            },
            { source, scanned, subject in
                emphasisProblem(source: source, translation: scanned.text, subject: subject, memo: memo, plainMarkup: { scanned.plainMarkup })
            },
            { whitespaceProblem(source: $0, translation: $1.text, subject: $2) },
        ]
        for check in checks {
            for form in forms {
                if var problem = check(form.source, scanned[form.index], form.subject) {
                    problem.translation = form.index
                    found.append(problem)
                    break
                }
            }
        }
        return found
    }

    /// True when every form of the translation is its source unchanged and the source has words to
    /// translate: a letter outside code spans, URLs, HTML and other protected markup, and outside
    /// ICU arguments (`{count}`). A number, a command or a URL may well stay as it is.
    static func isSameAsSource(source: String, sourcePlural: String?, categories: [String], translations: [String]) -> Bool {
        let forms = pairs(source: source, sourcePlural: sourcePlural, categories: categories, translations: translations)
        guard !forms.isEmpty, forms.count == translations.count, forms.allSatisfy({ $0.translation == $0.source }) else { return false }
        return forms.contains { hasWords($0.source) }
    }

    /// Whether an import that turned `old` into `updated` deserves the same-as-source warning: the
    /// import changed the translation, the entry now counts as translated, and it is its source unchanged.
    package static func warnsSameAsSource(_ updated: CatalogEntry, was old: CatalogEntry, categories: [String]) -> Bool {
        updated.status == .translated && updated.translations != old.translations
            && isSameAsSource(source: updated.id, sourcePlural: updated.idPlural, categories: categories, translations: updated.translations)
    }

    /// Each non-empty translation with the source it translates and how a message names it.
    private static func pairs(source: String, sourcePlural: String?, categories: [String], translations: [String])
        -> [(index: Int, source: String, translation: String, subject: String)] {
        translations.indices.compactMap { index in
            let translation = translations[index]
            guard !translation.isEmpty else { return nil }
            guard let sourcePlural else { return (index, source, translation, "the translation") }
            let category = categories.indices.contains(index) ? categories[index] : String(index)
            return (index, category == "one" ? source : sourcePlural, translation, "the '\(category)' form")
        }
    }

    // MARK: Footnote references

    /// `[^label]` references must be the source's, each as often: a dropped one loses its note, an
    /// invented one points at a note the page does not have (cmark-gfm prints it as text).
    static func footnoteProblem(source: String, translation: String, subject: String, memo: SourceMarkupMemo? = nil,
                                plainMarkup: (() -> InlineMarkup)? = nil) -> Problem? {
        guard source.containsUTF8Byte(UInt8(ascii: "^")) || translation.containsUTF8Byte(UInt8(ascii: "^")) else { return nil }
        let expected = memo?.footnoteReferences(in: source) ?? footnoteReferences(in: source)
        let found = footnoteReferences(in: plainMarkup?() ?? InlineMarkup(translation))
        guard expected != found else { return nil }
        if let missing = expected.first(where: { !found.contains($0) }) {
            return Problem(message: "\(subject) lacks footnote reference \(missing) of the source",
                           hint: "put it back: a footnote reference may move in a translation, not disappear")
        }
        if let extra = found.first(where: { !expected.contains($0) }) {
            return Problem(message: "\(subject) has footnote reference \(extra), which the source does not",
                           hint: "use the source's footnote references only: each points to a note of the page")
        }
        let label = found.first { label in found.count(where: { $0 == label }) != expected.count(where: { $0 == label }) } ?? ""
        let inTranslation = found.count { $0 == label }, inSource = expected.count { $0 == label }
        return Problem(message: "\(subject) has footnote reference \(label) \(times(inTranslation)), the source \(times(inSource))",
                       hint: "keep each footnote reference as often as the source has it")
    }

    static func footnoteReferences(in text: String) -> [String] {
        footnoteReferences(in: InlineMarkup(text))
    }

    static func footnoteReferences(in markup: InlineMarkup) -> [String] {
        markup.protected.filter { $0.kind == .footnoteReference }.map(\.text).sorted()
    }

    private static func times(_ count: Int) -> String { count == 1 ? "once" : count == 2 ? "twice" : "\(count) times" }

    // MARK: Emphasis

    /// The translation must have as many emphasis, strong and strikethrough spans as the source (see
    /// `InlineEmphasis`: counted by cmark-gfm, so code, URLs, `snake_case` and `2 * 3` do not count),
    /// and, when the source leaves no `*` or `_` unpaired, none of its own.
    ///
    /// A site string with ICU `plural` or `select` branches is exempt from the count: a language
    /// with more branches repeats the emphasis in each. Unpaired delimiters are still reported.
    static func emphasisProblem(source: String, translation: String, subject: String, memo: SourceMarkupMemo? = nil,
                                plainMarkup: (() -> InlineMarkup)? = nil) -> Problem? {
        func mayHoldEmphasis(_ text: String) -> Bool {
            text.containsUTF8Byte { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "~") }
        }
        // The byte scans first: comparing two non-ASCII strings normalizes them.
        guard mayHoldEmphasis(source) || mayHoldEmphasis(translation), translation != source else { return nil }
        let (expected, sourceHasBranches) = memo?.emphasis(of: source) ?? (InlineEmphasis(source), hasICUBranches(source))
        let found = InlineEmphasis(translation, plainMarkup: plainMarkup)
        if !sourceHasBranches {
            var differences: [String] = []
            for (name, inSource, inTranslation) in [("emphasis (*…*, _…_)", expected.emphasis, found.emphasis),
                                                    ("strong emphasis (**…**, __…__)", expected.strong, found.strong),
                                                    ("strikethrough (~~…~~)", expected.strikethrough, found.strikethrough)] where inSource != inTranslation {
                differences.append("\(name) \(inSource) in the source, \(inTranslation) in the translation")
            }
            if !differences.isEmpty {
                return Problem(message: "\(subject) does not pair emphasis as the source does: " + differences.joined(separator: ", "),
                               hint: "close each *, _, **, __ and ~~ that opens, as the source does; spans may move, not appear or disappear")
            }
        }
        guard expected.unpairedAsterisks + expected.unpairedUnderscores == 0 else { return nil }
        for (count, delimiter) in [(found.unpairedAsterisks, "*"), (found.unpairedUnderscores, "_")] where count > 0 {
            return Problem(message: "\(subject) has \(count == 1 ? "an" : String(count)) unpaired \(delimiter) that the page would show as text",
                           hint: "close the emphasis it opens, or write \\\(delimiter) for a literal \(delimiter)")
        }
        return nil
    }

    /// A `plural`, `select` or `selectordinal` argument: `{name, plural,`.
    static func hasICUBranches(_ text: String) -> Bool {
        guard text.containsUTF8Byte(UInt8(ascii: "{")) else { return false }
        return text.range(of: #"\{\s*[^{}\s,]+\s*,\s*(plural|select|selectordinal)\s*,"#, options: .regularExpression) != nil
    }

    // MARK: Whitespace at the ends

    /// Leading and trailing whitespace is layout (a line break in a table cell, a space a template
    /// puts a value after), not words: the translation keeps the source's at both ends.
    static func whitespaceProblem(source: String, translation: String, subject: String) -> Problem? {
        let hint = "whitespace at the ends of a message is layout, not part of the translation"
        let sourceStart = leadingWhitespace(source), translationStart = leadingWhitespace(translation)
        if !sourceStart.elementsEqual(translationStart) {
            return Problem(message: "\(subject) starts with \(describe(translationStart)), the source with \(describe(sourceStart))",
                           hint: "start it as the source does: " + hint)
        }
        let sourceEnd = trailingWhitespace(source), translationEnd = trailingWhitespace(translation)
        if !sourceEnd.elementsEqual(translationEnd) {
            return Problem(message: "\(subject) ends with \(describe(translationEnd)), the source with \(describe(sourceEnd))",
                           hint: "end it as the source does: " + hint)
        }
        return nil
    }

    private static func leadingWhitespace(_ text: String) -> [Unicode.Scalar] {
        // An ASCII first byte that is no whitespace settles it without reading Unicode properties.
        if let first = text.utf8.first, isASCIIPrintable(first) { return [] }
        return Array(text.unicodeScalars.prefix { $0.properties.isWhitespace })
    }

    private static func trailingWhitespace(_ text: String) -> [Unicode.Scalar] {
        if let last = text.utf8.last, isASCIIPrintable(last) { return [] }
        return Array(text.unicodeScalars.reversed().prefix { $0.properties.isWhitespace }.reversed())
    }

    /// `!` to `~`: ASCII and not whitespace (a byte below 0x80 is a whole scalar).
    private static func isASCIIPrintable(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }

    /// `no whitespace`, or the whitespace quoted with escapes: `" "`, `"\n"`, `"\u{A0}"`.
    static func describe(_ whitespace: [Unicode.Scalar]) -> String {
        guard !whitespace.isEmpty else { return "no whitespace" }
        return "\"" + whitespace.map { scalar -> String in
            switch scalar {
            case " ": " "
            case "\n": "\\n"
            case "\t": "\\t"
            case "\r": "\\r"
            default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }.joined() + "\""
    }

    // MARK: Same as the source

    /// The hint of the warning for a translation that is its source unchanged.
    ///
    /// Such a translation is imported (names, codes and terms often stay as they are) and reported
    /// when it changes the entry, so that a source copied into the target and forgotten is seen; one
    /// the catalog already has is not reported again on every import.
    package static func sameAsSourceHint(_ languageName: String) -> String {
        "imported as it is; if the text is not the same in \(languageName), translate it"
    }

    /// A letter in the prose of `text`, leaving out protected markup and ICU arguments.
    package static func hasWords(_ text: String) -> Bool {
        let markup = InlineMarkup(text)
        var prose = ""
        for segment in markup.segments {
            if case .text(let range) = segment { prose += String(decoding: markup.bytes[range], as: UTF8.self) } else { prose += " " }
        }
        if prose.containsUTF8Byte(UInt8(ascii: "{")) {
            // Simple arguments go (`{count}`, `{date, date, long}`); branch texts keep their words.
            prose = prose.replacingOccurrences(of: #"\{\s*[^{}\s,]+\s*(,\s*[a-z]+\s*(,[^{}]*)?)?\}"#, with: " ", options: .regularExpression)
        }
        return prose.unicodeScalars.contains { $0.properties.isAlphabetic }
    }
}
