import LocaleData

/// Locale codes as tolk accepts them: BCP 47 tags (`ru`, `pt-BR`, `zh-Hant`, `en-XA`) written in their
/// canonical form, whose language ICU has CLDR data for (plural rules, collation, number formats): for
/// any other language, ICU would silently answer with the root locale's rules, and "1 items" would ship.
///
/// A code names catalog folders (`locales/pt-BR/`), output folders and the `lang` field of every page,
/// so tolk takes one spelling and does not rewrite the one it is given: `pt_BR`, `pt-br` and `EN` are
/// refused with the canonical spelling as the hint (renaming `locales/pt_br/` silently would lose its
/// catalogs on a case-sensitive file system). Two codes that differ only in case or `_`/`-` are one
/// locale (`LocaleCode.key`).
public enum LocaleCode {
    /// Why a code cannot be a locale of a site, with what to do about it.
    public struct Problem: Sendable, Equatable {
        public var message: String
        public var hint: String
    }

    /// Why `code` cannot be a locale of a site, or nil.
    ///
    /// ```swift
    /// LocaleCode.problem("pt-BR")             // nil
    /// LocaleCode.problem("pt_BR")?.message    // "'pt_BR' is written 'pt-BR' in BCP 47"
    /// ```
    public static func problem(_ code: String) -> Problem? {
        guard let canonical = canonical(code) else {
            return Problem(message: "'\(code)' is not a locale code", hint: "use BCP 47 codes such as ru, pt-BR, zh-Hant")
        }
        guard isKnownLanguage(canonical) else {
            return Problem(message: "'\(code)': ICU has no CLDR data for the language '\(canonical.split(separator: "-")[0])' (plural rules, collation)",
                           hint: "use BCP 47 codes such as ru, pt-BR, zh-Hant")
        }
        guard canonical == code else {
            return Problem(message: "'\(code)' is written '\(canonical)' in BCP 47",
                           hint: "write '\(canonical)': the code names the catalog folder, the output folder and each page's lang, so tolk takes one spelling")
        }
        return nil
    }

    /// The BCP 47 spelling of a well-formed code: `_` becomes `-`, the language is lowercase, a script
    /// Titlecase, a region uppercase, anything else lowercase (`PT_br` → `pt-BR`, `zh-hant` → `zh-Hant`);
    /// nil when the code is not a locale code at all.
    public static func canonical(_ code: String) -> String? {
        let spelled = String(code.map { $0 == "_" ? "-" : $0 })
        guard isValid(spelled) else { return nil }
        return spelled.split(separator: "-").enumerated().map { index, part -> String in
            if index == 0 { return part.lowercased() }
            if part.count == 4, part.allSatisfy(\.isLetter) { return part.prefix(1).uppercased() + part.dropFirst().lowercased() }
            if part.count == 2, part.allSatisfy(\.isLetter) { return part.uppercased() }
            return part.lowercased()
        }.joined(separator: "-")
    }

    /// What two spellings of one locale share: `EN`, `en` and `pt_BR`, `pt-BR` have the same key.
    public static func key(_ code: String) -> String {
        canonical(code) ?? code.lowercased()
    }

    private static let knownLanguages: Set<String> = Set(LocaleInfo.availableLocales.map { String($0.split(separator: "-")[0]).lowercased() })

    static func isKnownLanguage(_ code: String) -> Bool {
        knownLanguages.contains(String(code.split(separator: "-").first ?? "").lowercased())
    }

    /// Whether `code` has the shape of a hyphenated BCP 47 tag (a 2–3 letter language, then subtags of
    /// 2–8 letters or digits), in any case.
    public static func isValid(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count), language.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}
