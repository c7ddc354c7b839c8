import CICU

/// Formats many numbers for one locale with one ICU formatter: the locale's digits, grouping, decimal
/// sign and percent sign. `NumberFormatting.format` opens a formatter per call, which is fine for a
/// handful of numbers and slow for a report with thousands of rows.
///
/// ```swift
/// let percent = try LocaleNumberFormatter(locale: "de", style: .percent, fractionDigits: 0...1)
/// percent.string(0.453)   // "45,3 %"
/// let count = try LocaleNumberFormatter(locale: "en")
/// count.string(5895)      // "5,895"
/// ```
public final class LocaleNumberFormatter: @unchecked Sendable {
    // @unchecked: ICU's NumberFormat::format is const and documented safe to call from several threads.
    public enum Style: Sendable {
        /// Plain numbers (`5,895`).
        case decimal
        /// Fractions written as percentages: 0.453 is `45.3%`.
        case percent
    }

    public let locale: String
    public let style: Style
    private let handle: OpaquePointer

    public init(locale: String, style: Style = .decimal, fractionDigits: ClosedRange<Int> = 0...0) throws(ICUError) {
        var status: Int32 = 0
        guard let handle = tolk_number_formatter_open(LocaleInfo.icuID(locale), style == .percent ? 1 : 0,
                                                      Int32(fractionDigits.lowerBound), Int32(fractionDigits.upperBound), &status) else {
            throw ICUError(code: status > 0 ? status : 1)
        }
        self.handle = handle
        self.locale = locale
        self.style = style
    }

    deinit { tolk_number_formatter_close(handle) }

    public func string(_ number: Double) -> String {
        (try? ICU.string { tolk_number_formatter_format(handle, number, $0, $1, $2) }) ?? String(number)
    }

    public func string(_ number: Int) -> String { string(Double(number)) }
}
