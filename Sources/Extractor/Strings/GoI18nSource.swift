import Catalog
import LocaleData

/// A Hugo site's own UI strings file (`i18n/en.toml`, or `.yaml`), in go-i18n's format, read as the
/// source of UI strings: each id is one message, its id the context. A text is a Go template, which
/// becomes an ICU message for the catalog — `{{ .Name }}` the argument `{Name}` — and an id with
/// plural forms (`one = "…"`, `other = "{{ .Count }} …"`) one ICU plural message
/// `{Count, plural, one {…} other {# …}}`. `description` becomes the translator's note. The wiring
/// turns each locale's messages back into go-i18n (`i18n/<locale>.toml`); the file itself is never
/// rewritten.
///
/// ```swift
/// let toml = Array("[readingTime]\none = \"One minute\"\nother = \"{{ .Count }} minutes\"\n".utf8)
/// let units = GoI18nSource().extract(path: "i18n/en.toml", bytes: toml).document.units
/// // readingTime: "{Count, plural, one {One minute} other {# minutes}}"
/// ```
public struct GoI18nSource: ContentSource {
    static let categories = ["zero", "one", "two", "few", "many", "other"]

    public init() {}

    /// One value of the file: its id, the key under it (`other`, `one`, `description`; nil for `id = "text"`).
    struct Value {
        var id: String
        var key: String?
        var text: String
        var line: Int
        var span: Range<Int>
        var rendering: TranslationUnit.Rendering
    }

    public func extract(path: String, bytes: [UInt8]) -> (document: ExtractedDocument, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var values: [Value] = []
        if path.hasSuffix(".toml") {
            do {
                for scalar in try TOMLScalarLocator(bytes: bytes, start: 0, end: bytes.count, firstLine: 1).scalars() where scalar.isString {
                    values.append(Self.value(path: scalar.path, text: scalar.value, line: scalar.line, span: scalar.span, rendering: .toml(scalar.style ?? .basic)))
                }
            } catch {
                diagnostics.append(TOMLDiagnostics.diagnostic(for: error, file: path))
            }
        } else {
            do {
                for scalar in try YAMLScalarLocator(bytes: bytes, start: 0, end: bytes.count, firstLine: 1).document().scalars where scalar.kind == .string {
                    values.append(Self.value(path: scalar.path, text: scalar.value, line: scalar.line, span: scalar.span, rendering: .yaml(scalar.style)))
                }
            } catch {
                diagnostics.append(YAMLDiagnostics.diagnostic(for: error, file: path))
            }
        }
        var units: [TranslationUnit] = []
        var order: [String] = []
        var byID: [String: [Value]] = [:]
        for value in values {
            if byID[value.id] == nil { order.append(value.id) }
            byID[value.id, default: []].append(value)
        }
        for id in order {
            let group = byID[id]!
            let forms = group.filter { $0.key == nil || Self.categories.contains($0.key!) }
            for value in group where value.key != nil && !Self.categories.contains(value.key!) && !["description", "hash"].contains(value.key!) {
                diagnostics.append(Diagnostic(.warning, file: path, line: value.line,
                    "\(id).\(value.key!): go-i18n reads an id's plural forms (zero, one, two, few, many, other), description and hash, not '\(value.key!)'; not translated",
                    hint: "a key written below a [table] belongs to that table in TOML: put simple strings (key = \"text\") above the first [table]"))
            }
            guard let anchor = forms.first(where: { $0.key == nil || $0.key == "other" }) ?? forms.first else { continue }
            let isPlural = forms.contains { $0.key != nil && $0.key != "other" }
            do {
                let message: String
                if isPlural {
                    let branches = try forms.map { form throws(GoTemplateText.Unsupported) -> String in
                        "\(form.key ?? "other") {\(try GoTemplateText.icuMessage(form.text, inPluralOf: "Count"))}"
                    }
                    message = "{Count, plural, " + branches.joined(separator: " ") + "}"
                } else {
                    message = try GoTemplateText.icuMessage(anchor.text, inPluralOf: nil)
                }
                var unit = TranslationUnit(role: .uiString(path: id), text: message, context: id, line: anchor.line, span: anchor.span,
                                           rendering: anchor.rendering, note: group.first { $0.key == "description" }?.text)
                if isPlural {
                    guard let plural = PluralMessage(pattern: message) else {
                        diagnostics.append(Diagnostic(.error, file: path, line: anchor.line, "\(id): its plural forms have no 'other' form", hint: "add other = \"…\": go-i18n and tolk need it"))
                        continue
                    }
                    unit.plural = plural
                }
                units.append(unit)
            } catch {
                diagnostics.append(Diagnostic(.warning, file: path, line: anchor.line,
                    "\(id): the template action \(error.action) is more than a value ({{ .Name }}), so tolk cannot make it a message; \(id) is not translated",
                    hint: "keep logic in the layout and pass values: i18n \"\(id)\" (dict \"Name\" …)"))
            }
        }
        return (ExtractedDocument(path: path, bytes: bytes, units: units), diagnostics)
    }

    /// `readingTime.other` → id `readingTime`, key `other`; `home` → id `home`.
    static func value(path: String, text: String, line: Int, span: Range<Int>, rendering: TranslationUnit.Rendering) -> Value {
        if let dot = path.lastIndex(of: ".") {
            return Value(id: String(path[..<dot]), key: String(path[path.index(after: dot)...]), text: text, line: line, span: span, rendering: rendering)
        }
        return Value(id: path, key: nil, text: text, line: line, span: span, rendering: rendering)
    }
}

/// Go template text as ICU message text, and back: the part of Go's template language a UI string needs.
public enum GoTemplateText {
    public struct Unsupported: Error, Equatable {
        public var action: String
    }

    /// `Hello {{ .Name }}'s` → `Hello {Name}'s`; inside a plural of `Count`, `{{ .Count }}` → `#`.
    /// Literal braces and `#` are quoted as ICU reads them, and an apostrophe that would start a quote doubled.
    public static func icuMessage(_ text: String, inPluralOf count: String?) throws(Unsupported) -> String {
        var output = ""
        var rest = Substring(text)
        /// `beforeAction`: an action follows the piece (it becomes `{Name}` or `#`, which an apostrophe would quote).
        func literal(_ piece: Substring, beforeAction: Bool) {
            for index in piece.indices {
                let character = piece[index]
                switch character {
                case "{", "}": output += "'\(character)'"
                case "#" where count != nil: output += "'#'"
                case "'":
                    // An apostrophe quotes what follows only before { } | # or another apostrophe (ICU's rule).
                    let next = piece.index(after: index) < piece.endIndex ? piece[piece.index(after: index)] : (beforeAction ? "{" : nil)
                    output += next.map { "{}|#'".contains($0) } == true ? "''" : "'"
                default: output.append(character)
                }
            }
        }
        while let open = rest.range(of: "{{") {
            literal(rest[..<open.lowerBound], beforeAction: true)
            guard let close = rest[open.upperBound...].range(of: "}}") else { throw Unsupported(action: String(rest[open.lowerBound...].prefix(40))) }
            var action = rest[open.upperBound..<close.lowerBound]
            if action.hasPrefix("-") { action = action.dropFirst() }
            if action.hasSuffix("-") { action = action.dropLast() }
            let field = action.trimmingCharacters(in: .whitespaces)
            let name = field.hasPrefix(".") ? String(field.dropFirst()) : ""
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType == .decimal }),
                  !(name.first?.isNumber ?? true) else {
                throw Unsupported(action: "{{" + String(rest[open.upperBound..<close.lowerBound]) + "}}")
            }
            output += name == count ? "#" : "{\(name)}"
            rest = rest[close.upperBound...]
        }
        literal(rest, beforeAction: false)
        return output
    }
}
