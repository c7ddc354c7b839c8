import Foundation

/// An ICU plural message seen as gettext sees plurals: one text per plural form.
///
/// `Read in {minutes, plural, one {# minute} other {# minutes}}.` becomes the forms
/// "Read in # minute." and "Read in # minutes." (text around the plural goes into every form, so a
/// translator can reorder it), and a translation's forms are assembled back into one ICU message.
/// Messages with exact-value branches (`=0`), an offset, or more than one plural are not forms-shaped:
/// `init(pattern:)` returns nil and they stay whole MessageFormat strings.
public struct PluralMessage: Equatable, Sendable {
    /// The plural argument's name (`minutes`).
    public let argument: String
    /// Every form of the message as MessageFormat text, keyed by the source's categories.
    public let forms: [PluralCategory: String]

    public init?(pattern: String) {
        guard let parsed = try? MessagePattern(pattern) else { return nil }
        let plurals = parsed.parts.compactMap { part -> MessagePattern.Argument? in
            guard case .argument(let argument) = part, case .plural = argument.kind else { return nil }
            return argument
        }
        guard plurals.count == 1, let plural = plurals.first,
              case .plural(let offset, let branches) = plural.kind, offset == 0 else { return nil }
        var forms: [PluralCategory: String] = [:]
        let bytes = Array(pattern.utf8)
        let prefix = Self.protectingPounds(String(decoding: bytes[0..<plural.offset], as: UTF8.self))
        let suffix = Self.protectingPounds(String(decoding: bytes[plural.end...], as: UTF8.self))
        for branch in branches {
            guard let category = PluralCategory(rawValue: branch.selector) else { return nil }
            forms[category] = prefix + branch.source + suffix
        }
        argument = plural.name
        self.forms = forms
    }

    public init(argument: String, forms: [PluralCategory: String]) {
        self.argument = argument
        self.forms = forms
    }

    /// The form gettext calls singular (msgid): `one` when the source has it, else `other`.
    public var singular: String { forms[.one] ?? forms[.other] ?? "" }
    /// The form gettext calls plural (msgid_plural).
    public var plural: String { forms[.other] ?? singular }

    /// The ICU message: `{minutes, plural, one {…} few {…} other {…}}`. A category without a form
    /// (ICU requires `other`, which gettext's integer formulas may never reach) takes the form of the
    /// last category before it, so every branch ICU can choose has text.
    public var pattern: String {
        var branches: [String] = []
        var previous: String?
        for category in PluralCategory.allCases {
            if let form = forms[category] {
                branches.append("\(category.rawValue) {\(form)}")
                previous = form
            } else if category == .other, let previous {
                branches.append("other {\(previous)}")
            }
        }
        return "{\(argument), plural, \(branches.joined(separator: " "))}"
    }

    /// Outside a plural `#` is literal; moved inside a branch it must be quoted to stay literal.
    private static func protectingPounds(_ text: String) -> String {
        text.replacingOccurrences(of: "#", with: "'#'")
    }
}
