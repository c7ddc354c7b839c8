import LocaleData

/// The plain-text status for a terminal: one row per locale, then (when asked) one per section or
/// catalog. Columns are padded by terminal width (`TerminalWidth`), so names in Japanese, Arabic or
/// with combining accents keep every column aligned; each row ends with a bar of the words done.
///
/// Obsolete entries, plural gaps, errors and warnings get a column only when some row has one;
/// otherwise a line under the table says there are none. With `colors`, shares and bars are green,
/// yellow or red by `CompletionBand` and non-zero errors red (use it only for a terminal that wants it).
///
/// ```
/// Locale                  Messages  Translated  Review  Untransl.   Words done  Done (words)  Done (msgs)
/// Arabic · العربية (ar)        359         107       2        250  1,573/5,895         26.6%        29.8%  ███▏░░░░░░░░
/// Russian · русский (ru)       359         359       0          0  5,895/5,895          100%         100%  ████████████
/// No obsolete entries, plural gaps, errors or warnings.
/// ```
public struct StatusTable {
    public enum Breakdown: Equatable, Sendable {
        case none
        /// One row per locale and section.
        case sections
        /// One row per locale and catalog, for these locales (every locale when nil).
        case files(locales: [String]?)
    }

    public let reader: ReaderConventions
    public var colors: Bool
    public var barWidth = 12

    public init(reader: ReaderConventions, colors: Bool = false) {
        self.reader = reader
        self.colors = colors
    }

    public func render(_ report: StatusReport, breakdown: Breakdown = .none) -> String {
        let locales = reader.sortedLocales(report.locales, locale: \.locale)
        var text = table(leading: [Column("Locale")], rows: locales.map { ([reader.label(for: $0.locale)], $0.total) })
        switch breakdown {
        case .none:
            break
        case .sections:
            var rows: [(labels: [String], counts: StatusCounts)] = []
            for status in locales {
                let byID = Dictionary(status.sections.map { ($0.section, $0) }, uniquingKeysWith: { first, _ in first })
                for section in reader.sortedSections(Array(byID.keys)) {
                    if let figures = byID[section] { rows.append(([status.locale, section.title], figures.counts)) }
                }
            }
            text += "\n" + table(leading: [Column("Locale"), Column("Section")], rows: rows)
        case .files(let only):
            var rows: [(labels: [String], counts: StatusCounts)] = []
            for status in locales where only?.contains(status.locale) ?? true {
                for file in status.files {
                    rows.append(([status.locale, file.catalogFile + (file.catalogExists ? "" : " (no catalog yet)")], file.counts))
                }
            }
            text += "\n" + table(leading: [Column("Locale"), Column("Catalog")], rows: rows)
        }
        let orphans = locales.flatMap(\.orphanedCatalogs)
        if !orphans.isEmpty {
            text += "\nOrphaned catalogs (their content file no longer exists; tolk sync --purge-obsolete removes them once their translations are safe):\n"
            for orphan in orphans {
                text += "  \(orphan.catalogFile)  was \(orphan.formerSource), \(orphan.translations) translation\(orphan.translations == 1 ? "" : "s")\n"
            }
        }
        return text
    }

    // MARK: Layout

    private struct Column {
        var header: String
        var alignsRight = false
        init(_ header: String, alignsRight: Bool = false) {
            self.header = header
            self.alignsRight = alignsRight
        }
    }

    private struct Cell {
        var text: String
        var color: TerminalColor?
        init(_ text: String, _ color: TerminalColor? = nil) {
            self.text = ReportEscaping.terminal(text)
            self.color = color
        }
    }

    /// Figures that get a column only when some row has one, with the words for "none of them".
    private static var occasionalFigures: [(header: String, plural: String, value: (StatusCounts) -> Int, color: TerminalColor)] {
        [
            ("Obsolete", "obsolete entries", \.obsoleteMessages, .dim),
            ("Plural gaps", "plural gaps", \.missingPluralFormMessages, .yellow),
            ("Errors", "errors", \.errors, .red),
            ("Warnings", "warnings", \.warnings, .yellow),
        ]
    }

    private func table(leading: [Column], rows: [(labels: [String], counts: StatusCounts)]) -> String {
        let occasional = Self.occasionalFigures.filter { figure in rows.contains { figure.value($0.counts) > 0 } }
        let absent = Self.occasionalFigures.filter { figure in !rows.contains { figure.value($0.counts) > 0 } }
        var columns = leading
        columns += ["Messages", "Translated", "Review", "Untransl."].map { Column($0, alignsRight: true) }
        columns += occasional.map { Column($0.header, alignsRight: true) }
        columns += ["Words done", "Done (words)", "Done (msgs)"].map { Column($0, alignsRight: true) }
        columns.append(Column(""))

        var lines: [[Cell]] = [columns.map { Cell($0.header, .bold) }]
        for row in rows {
            let counts = row.counts
            let band = CompletionBand(counts.wordShare).terminalColor
            var cells = row.labels.map { Cell($0) }
            cells.append(Cell(reader.number(counts.totalMessages)))
            cells.append(Cell(reader.number(counts.translatedMessages)))
            cells.append(Cell(reader.number(counts.needsReviewMessages), counts.needsReviewMessages > 0 ? .yellow : nil))
            cells.append(Cell(reader.number(counts.untranslatedMessages)))
            for figure in occasional {
                let value = figure.value(counts)
                cells.append(Cell(reader.number(value), value > 0 ? figure.color : nil))
            }
            cells.append(Cell("\(reader.number(counts.doneWords))/\(reader.number(counts.totalWords))"))
            cells.append(Cell(reader.percent(counts.wordShare), band))
            cells.append(Cell(reader.percent(counts.messageShare), CompletionBand(counts.messageShare).terminalColor))
            cells.append(Cell(TextBar.render(counts.wordShare, width: barWidth), band))
            lines.append(cells)
        }
        var text = align(lines, columns: columns)
        if !absent.isEmpty, !rows.isEmpty {
            text += "No " + Self.englishList(absent.map(\.plural)) + ".\n"
        }
        return text
    }

    private func align(_ lines: [[Cell]], columns: [Column]) -> String {
        var widths = [Int](repeating: 0, count: columns.count)
        for line in lines { for (index, cell) in line.enumerated() { widths[index] = max(widths[index], TerminalWidth.columns(of: cell.text)) } }
        return lines.map { line in
            var text = ""
            for (index, cell) in line.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - TerminalWidth.columns(of: cell.text))
                let shown = colors ? (cell.color?.wrap(cell.text) ?? cell.text) : cell.text
                if index > 0 { text += "  " }
                text += columns[index].alignsRight ? padding + shown : shown + padding
            }
            while text.last == " " { text.removeLast() }
            return text
        }.joined(separator: "\n") + "\n"
    }

    static func englishList(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }
}
