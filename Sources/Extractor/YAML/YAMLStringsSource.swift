import Catalog
import LocaleData

/// A YAML file of user-visible strings: the navigation menu (labels) or the site's UI strings.
///
/// Values are ICU MessageFormat, each one message kept whole, plurals too (`{minutes, plural, one {…}
/// other {…}}`): the convention of Lingui and of Weblate's `icu-message-format`, and the only one
/// that gives every CLDR category of the target language a branch.
public struct YAMLStringsSource: ContentSource {
    public enum Role: String, Sendable {
        case navigation
        case uiStrings = "UI string"
    }

    public var role: Role
    /// Key paths whose string values are translated.
    public var translatableKeys: [KeyPattern]
    /// Key paths never translated even when a pattern matches (`base_url`).
    public var excludedKeys: [KeyPattern]
    /// Whether each unit gets its key path as msgctxt (UI strings: yes; menu labels: no, a label is a label).
    public var keyAsContext: Bool

    public init(role: Role, translatableKeys: [KeyPattern], excludedKeys: [KeyPattern] = [], keyAsContext: Bool) {
        self.role = role
        self.translatableKeys = translatableKeys
        self.excludedKeys = excludedKeys
        self.keyAsContext = keyAsContext
    }

    public func extract(path: String, bytes: [UInt8]) -> (document: ExtractedDocument, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var units: [TranslationUnit] = []
        let locator = YAMLScalarLocator(bytes: bytes, start: 0, end: bytes.count, firstLine: 1)
        do {
            let translatable = YAMLTranslatableValues.select(try locator.document(), file: path) { keyPath in
                translatableKeys.contains { $0.matches(keyPath) } && !excludedKeys.contains { $0.matches(keyPath) }
            }
            diagnostics += translatable.diagnostics
            for scalar in translatable.scalars {
                if case .plain = scalar.style, Self.looksLikeNonText(scalar.value) { continue }
                var unit = TranslationUnit(role: role == .navigation ? .navigation(keyPath: scalar.keyPath) : .uiString(path: scalar.path),
                                           text: scalar.value, context: keyAsContext ? scalar.path : nil,
                                           line: scalar.line, span: scalar.span, rendering: .yaml(scalar.style))
                if role == .uiStrings {
                    if let offset = MessageFormat.syntaxErrorOffset(in: scalar.value) {
                        diagnostics.append(Diagnostic(.error, file: path, line: scalar.line, "ICU MessageFormat syntax error at offset \(offset) in \(scalar.path)",
                                                      hint: "quote literal braces as '{' and '}'"))
                    } else if let plural = PluralMessage(pattern: scalar.value) {
                        // Kept whole: the translator writes a branch for every category of the target
                        // language, those gettext's integer forms cannot hold included (Russian `other`).
                        unit.plural = plural
                    }
                }
                units.append(unit)
            }
        } catch {
            diagnostics.append(YAMLDiagnostics.diagnostic(for: error, file: path))
        }
        return (ExtractedDocument(path: path, bytes: bytes, units: units), diagnostics)
    }

    /// Plain values such as `/about/` or `https://…` are addresses, not text (numbers, booleans, nulls
    /// and dates are not strings at all: `YAMLTranslatableValues` leaves them out).
    static func looksLikeNonText(_ value: String) -> Bool {
        if value.hasPrefix("/") || value.hasPrefix("http://") || value.hasPrefix("https://") || value.hasPrefix("mailto:") { return true }
        return value.allSatisfy { $0.isNumber || $0 == "-" || $0 == "." || $0 == ":" }
    }
}
