import CICU

/// Facts about a locale that come from ICU's data: names, writing direction, the list ICU knows.
public enum LocaleInfo {
    /// The locale's name for a reader of `displayLocale`: `displayName("ru", in: "ru")` is "русский".
    public static func displayName(_ locale: String, in displayLocale: String) -> String {
        let name = try? ICU.string { tolk_locale_display_name(icuID(locale), icuID(displayLocale), $0, $1, $2) }
        return name ?? locale
    }

    /// True for locales whose script is written right to left (ar, he, fa, ur, …).
    public static func isRightToLeft(_ locale: String) -> Bool {
        var status: Int32 = 0
        return tolk_locale_is_right_to_left(icuID(locale), &status) == 1
    }

    /// The version of ICU (and so of CLDR's data) tolk runs with: "72.1".
    public static var icuVersion: String { ICU.version }

    /// Every locale ICU has data for, as BCP 47 tags (`pt-BR`).
    public static var availableLocales: [String] {
        (0..<tolk_locale_count()).compactMap { index in
            guard let id = tolk_locale_at(index) else { return nil }
            return String(cString: id).replacingUnderscores()
        }
    }

    /// ICU accepts both `pt-BR` and `pt_BR`; its C API is most at home with underscores.
    static func icuID(_ locale: String) -> String {
        String(locale.map { $0 == "-" ? "_" : $0 })
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(map { $0 == "_" ? "-" : $0 }) }
}
