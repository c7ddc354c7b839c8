import CICU

/// A CLDR plural category. The declaration order is CLDR's, which is also the order of gettext's `msgstr[n]`.
public enum PluralCategory: String, CaseIterable, Comparable, Sendable {
    case zero, one, two, few, many, other

    public static func < (lhs: PluralCategory, rhs: PluralCategory) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The plural rules ICU has for a locale: which category a number falls into.
///
/// ```swift
/// let russian = try PluralRules(locale: "ru")
/// russian.category(for: 3)   // .few
/// russian.categories         // [.one, .few, .many, .other]
/// ```
public final class PluralRules: @unchecked Sendable {
    // @unchecked: ICU's PluralRules is immutable after creation and its select() is const.
    public enum Kind: Sendable { case cardinal, ordinal }

    public let locale: String
    public let kind: Kind
    /// The categories the locale uses, in CLDR order.
    public let categories: [PluralCategory]
    /// The CLDR rule text ICU evaluates, with its samples ("one: i = 1 and v = 0 @integer 1; …").
    public let ruleText: String
    private let handle: OpaquePointer

    public init(locale: String, kind: Kind = .cardinal) throws(ICUError) {
        var status: Int32 = 0
        guard let handle = tolk_plural_open(LocaleInfo.icuID(locale), kind == .ordinal ? 1 : 0, &status) else {
            throw ICUError(code: status > 0 ? status : 1)
        }
        self.handle = handle
        self.locale = locale
        self.kind = kind
        do {
            let keywords = try ICU.string { tolk_plural_keywords(handle, $0, $1, $2) }
            categories = keywords.split(separator: " ").compactMap { PluralCategory(rawValue: String($0)) }.sorted()
            ruleText = try ICU.string { tolk_plural_rule_text(handle, $0, $1, $2) }
        } catch {
            tolk_plural_close(handle)
            throw error
        }
    }

    deinit { tolk_plural_close(handle) }

    /// The category of `number` (an integer count, or a decimal such as 1.5).
    public func category(for number: Double) -> PluralCategory {
        let keyword = try? ICU.string { tolk_plural_select(handle, number, $0, $1, $2) }
        return keyword.flatMap(PluralCategory.init(rawValue:)) ?? .other
    }

    public func category(for number: Int) -> PluralCategory { category(for: Double(number)) }
}
