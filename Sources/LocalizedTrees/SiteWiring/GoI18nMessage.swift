import LocaleData

/// A site string as go-i18n holds it (Hugo's `i18n/<lang>.toml`): one Go-template text, or one per
/// CLDR plural category of the language, which Hugo chooses by the number passed to `i18n`.
///
/// Made from the site's ICU message: literal text stays (with `{{` written so Go's template engine
/// prints it), `{name}` becomes `{{ .name }}`, and one plural argument becomes the forms, its `#` and
/// `{minutes}` becoming `{{ .Count }}` (the number `{{ i18n "reading_time" 5 }}` passes).
///
/// ```swift
/// let message = try GoI18nMessage(icu: "{minutes, plural, one {# minute read} other {# minutes read}}",
///                                  categories: [.one, .few, .many, .other])
/// // forms: one "{{ .Count }} minute read", few/many/other "{{ .Count }} minutes read"
/// ```
struct GoI18nMessage: Equatable {
    struct Form: Equatable {
        /// `one`, `few`, `other`…; a message without a plural has one form, `other`.
        var category: String
        var text: String
    }

    var forms: [Form]
    /// Exact-value branches (`=0`) of the ICU message: go-i18n chooses by category only, so they are left out.
    var droppedBranches: [String] = []
    var isPlural: Bool { forms.count > 1 || forms.first?.category != "other" }

    /// Why an ICU message has no go-i18n form.
    enum Problem: Error, Equatable, CustomStringConvertible {
        case syntax(String)
        case unsupported(String)

        var description: String {
            switch self {
            case .syntax(let reason): "not a valid ICU message (\(reason))"
            case .unsupported(let what): "go-i18n cannot express \(what)"
            }
        }
    }

    /// How a message's variable parts are written: Go template actions (go-i18n), or ICU's own `{name}`
    /// and `#` for generators whose templates substitute them (Jekyll's Liquid `replace`).
    enum Placeholders { case goTemplate, icuBraces }

    /// - Parameter categories: the language's CLDR cardinal categories, in CLDR order.
    init(icu: String, categories: [PluralCategory], placeholders: Placeholders = .goTemplate) throws(Problem) {
        let pattern: MessagePattern
        do { pattern = try MessagePattern(icu) } catch { throw .syntax(error.description) }
        var plural: (argument: MessagePattern.Argument, branches: [MessagePattern.Branch], before: [MessagePattern.Part], after: [MessagePattern.Part])?
        for (index, part) in pattern.parts.enumerated() {
            guard case .argument(let argument) = part else { continue }
            switch argument.kind {
            case .simple: continue
            case .plural(let offset, let branches):
                if plural != nil { throw .unsupported("two plural arguments in one message") }
                if offset != 0 { throw .unsupported("a plural offset (offset:\(offset))") }
                plural = (argument, branches, Array(pattern.parts[..<index]), Array(pattern.parts[(index + 1)...]))
            case .selectOrdinal: throw .unsupported("an ordinal plural ({\(argument.name), selectordinal, …})")
            case .select: throw .unsupported("a select ({\(argument.name), select, …})")
            }
        }
        guard let plural else {
            forms = [Form(category: "other", text: try Self.template(pattern.parts, count: nil, placeholders: placeholders))]
            return
        }
        let before = try Self.template(plural.before, count: nil, placeholders: placeholders)
        let after = try Self.template(plural.after, count: nil, placeholders: placeholders)
        var byCategory: [String: String] = [:]
        for branch in plural.branches {
            if branch.selector.hasPrefix("=") { droppedBranches.append(branch.selector); continue }
            byCategory[branch.selector] = before + (try Self.template(branch.parts, count: plural.argument.name, placeholders: placeholders)) + after
        }
        guard let other = byCategory["other"] else { throw .syntax("the plural has no 'other' branch") }
        forms = categories.map { Form(category: $0.rawValue, text: byCategory[$0.rawValue] ?? other) }
        if !forms.contains(where: { $0.category == "other" }) { forms.append(Form(category: "other", text: other)) }
    }

    /// The Go-template text of message parts; `count` names the plural's argument inside one of its branches.
    private static func template(_ parts: [MessagePattern.Part], count: String?, placeholders: Placeholders) throws(Problem) -> String {
        var text = ""
        for part in parts {
            if placeholders == .icuBraces {
                switch part {
                case .text(let literal): text += literal
                case .number: text += "#"
                case .argument(let argument):
                    guard case .simple = argument.kind else { throw .unsupported("a plural or select inside another") }
                    text += argument.name == count ? "#" : "{\(argument.name)}"
                }
                continue
            }
            switch part {
            case .text(let literal):
                // `{{` would open a template action: print it as a string instead.
                text += literal.replacing("{{", with: "{{ \"{{\" }}")
            case .number:
                text += "{{ .Count }}"
            case .argument(let argument):
                guard case .simple = argument.kind else { throw .unsupported("a plural or select inside another") }
                if argument.name == count { text += "{{ .Count }}"; continue }
                guard isGoIdentifier(argument.name) else { throw .unsupported("the argument name {\(argument.name)} (a Go template field is a letter followed by letters, digits or _)") }
                text += "{{ .\(argument.name) }}"
            }
        }
        return text
    }

    static func isGoIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType == .decimal }
    }
}
