import Catalog
import LocaleData

/// The plain-text status table: one row per locale, aligned by display width (so names in any script
/// line up), with a bar of the share translated.
public struct StatusTable {
    /// The reader's locale, for locale names and number formatting.
    public var readerLocale: String
    public var barWidth = 20

    public init(readerLocale: String) { self.readerLocale = readerLocale }

    public func render(_ statuses: [LocaleStatus]) -> String {
        let header = ["Locale", "Messages", "Translated", "Review", "Untransl.", "Obsolete", "Words", "Done (words)", ""]
        var rows: [[String]] = [header]
        for status in statuses {
            let total = status.total
            rows.append([
                "\(LocaleInfo.displayName(status.locale, in: status.locale)) (\(status.locale))",
                number(total.totalMessages),
                number(total.translatedMessages),
                number(total.needsReviewMessages),
                number(total.untranslatedMessages),
                number(total.obsoleteMessages),
                "\(number(total.translatedWords))/\(number(total.totalWords))",
                percent(total.percentByWords),
                bar(total.percentByWords),
            ])
        }
        return align(rows)
    }

    /// Rows of a per-catalog breakdown for one locale.
    public func renderFiles(_ status: LocaleStatus) -> String {
        var rows: [[String]] = [["Catalog (\(status.locale))", "Messages", "Translated", "Review", "Untransl.", "Done (words)"]]
        for (path, counts) in status.catalogs {
            rows.append([path, number(counts.totalMessages), number(counts.translatedMessages), number(counts.needsReviewMessages),
                         number(counts.untranslatedMessages), percent(counts.percentByWords)])
        }
        return align(rows)
    }

    private func align(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) } }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - DisplayWidth.of(cell))
                // Names left-aligned, figures right-aligned.
                return index == 0 || index == columns - 1 ? cell + padding : padding + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }

    private func number(_ value: Int) -> String { NumberFormatting.format(value, locale: readerLocale) }

    private func percent(_ value: Double) -> String {
        let rounded = (value * 10).rounded(.down) / 10
        return NumberFormatting.format(rounded, locale: readerLocale) + "%"
    }

    private func bar(_ value: Double) -> String {
        let filled = Int((value / 100 * Double(barWidth)).rounded(.down))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
