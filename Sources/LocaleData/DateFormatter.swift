import CICU

/// Calendar dates written the way a locale writes them, with ICU's data:
/// `LocaleDateFormatter(locale: "ru", style: .long).format(CivilDate(year: 2026, month: 2, day: 3))`
/// is "3 февраля 2026 г.", in `ar` "٣ فبراير ٢٠٢٦", in `ja` "2026年2月3日".
///
/// Not thread-safe (ICU formatters keep a calendar); open one per thread.
public final class LocaleDateFormatter {
    public enum Style: String, Sendable, CaseIterable {
        case full, long, medium, short
        var icuValue: Int32 { Int32(Self.allCases.firstIndex(of: self)!) }
    }

    private let handle: OpaquePointer

    public init(locale: String, style: Style) throws(ICUError) {
        var status: Int32 = 0
        let opened = tolk_date_formatter_open(LocaleInfo.icuID(locale), style.icuValue, &status)
        try ICUError.check(status)
        guard let opened else { throw ICUError(code: 16) }   // U_UNSUPPORTED_ERROR
        handle = opened
    }

    deinit { tolk_date_formatter_close(handle) }

    public func format(_ date: CivilDate) -> String {
        (try? ICU.string { tolk_date_formatter_format(handle, Int32(date.year), Int32(date.month), Int32(date.day), $0, $1, $2) })
            ?? date.description
    }
}

/// A day in the Gregorian calendar with no time of day or zone, as front matter writes it (`2026-02-03`).
public struct CivilDate: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads the `YYYY-MM-DD` at the start of a front matter date (`2026-02-03`, `2026-02-03T09:30:00Z`,
    /// `2026-02-03 09:30`); nil when it is not a real date.
    public init?(frontMatterValue text: String) {
        let bytes = Array(text.utf8.prefix(11))
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        if bytes.count == 11, ![UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(bytes[10]) { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
