import CICU

/// Numbers written the way a locale writes them (digits, grouping, decimal sign), from ICU.
public enum NumberFormatting {
    public static func format(_ number: Double, locale: String) -> String {
        (try? ICU.string { tolk_number_format(LocaleInfo.icuID(locale), number, $0, $1, $2) }) ?? String(number)
    }

    public static func format(_ number: Int, locale: String) -> String { format(Double(number), locale: locale) }
}
