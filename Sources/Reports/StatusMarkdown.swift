/// The status as GitHub-flavoured Markdown, for a pull-request comment: a table of locales with a bar
/// each, then the breakdown by section (or by catalog) as a locale-per-column matrix folded in a
/// `<details>` block, so a comment on a big site stays short until someone opens it. Every name is
/// escaped for a table cell.
public struct StatusMarkdown {
    public let reader: ReaderConventions
    public var barWidth = 10

    public init(reader: ReaderConventions) { self.reader = reader }

    public func render(_ report: StatusReport, breakdown: StatusTable.Breakdown = .sections) -> String {
        let locales = reader.sortedLocales(report.locales, locale: \.locale)
        let occasional: [(header: String, plural: String, value: (StatusCounts) -> Int)] = [
            ("Obsolete", "obsolete entries", \.obsoleteMessages),
            ("Plural gaps", "plural gaps", \.missingPluralFormMessages),
            ("Errors", "errors", \.errors),
            ("Warnings", "warnings", \.warnings),
        ]
        let shown = occasional.filter { figure in locales.contains { figure.value($0.total) > 0 } }
        let absent = occasional.filter { figure in !locales.contains { figure.value($0.total) > 0 } }

        var lines = ["### Translation status", ""]
        var header = ["Locale", "Done (words)", "Done (messages)", "Translated", "Needs review", "Untranslated"]
        header += shown.map(\.header)
        header.append("Words done")
        lines.append(row(header))
        lines.append("|:--|:--|" + String(repeating: "--:|", count: header.count - 2))
        for status in locales {
            let counts = status.total
            var cells = [cell(reader.label(for: status.locale)),
                         "`\(TextBar.render(counts.wordShare, width: barWidth))` \(cell(reader.percent(counts.wordShare)))",
                         cell(reader.percent(counts.messageShare)),
                         cell(reader.number(counts.translatedMessages)),
                         cell(reader.number(counts.needsReviewMessages)),
                         cell(reader.number(counts.untranslatedMessages))]
            cells += shown.map { figure in
                let value = figure.value(counts)
                return value > 0 && figure.header == "Errors" ? "**\(cell(reader.number(value)))**" : cell(reader.number(value))
            }
            cells.append(cell("\(reader.number(counts.doneWords)) / \(reader.number(counts.totalWords))"))
            lines.append(row(cells))
        }
        if !absent.isEmpty && !locales.isEmpty {
            lines += ["", "No " + StatusTable.englishList(absent.map(\.plural)) + "."]
        }

        switch breakdown {
        case .none:
            break
        case .sections:
            // Looked up, not searched: a site has thousands of catalogs.
            let bySection = Dictionary(locales.map { status in
                (status.locale, Dictionary(status.sections.map { ($0.section, $0.counts) }, uniquingKeysWith: { first, _ in first }))
            }, uniquingKeysWith: { first, _ in first })
            lines += matrix(summary: "By section", firstHeader: "Section", locales: locales,
                            rows: reader.sortedSections(report.sections).map { section in
                                (section.title, { status in bySection[status.locale]?[section] })
                            })
        case .files(let only):
            let chosen = locales.filter { only?.contains($0.locale) ?? true }
            var paths: [String] = []
            var seen = Set<String>()
            for status in chosen { for file in status.files where seen.insert(file.catalogPath).inserted { paths.append(file.catalogPath) } }
            let byPath = Dictionary(chosen.map { status in
                (status.locale, Dictionary(status.files.map { ($0.catalogPath, $0.counts) }, uniquingKeysWith: { first, _ in first }))
            }, uniquingKeysWith: { first, _ in first })
            lines += matrix(summary: "By catalog", firstHeader: "Catalog", locales: chosen,
                            rows: paths.map { path in (path, { status in byPath[status.locale]?[path] }) })
        }
        lines += ["", "<sub>Done: translated, not needing review, with every plural form. Words: \(cell(reader.readerName(of: report.sourceLocale))) source, ICU word breaking. `\(StatusJSON.schema)`</sub>", ""]
        return lines.joined(separator: "\n")
    }

    /// `<details>` with a table of rows × locales, each cell the share of words done.
    private func matrix(summary: String, firstHeader: String, locales: [LocaleStatus],
                        rows: [(title: String, counts: (LocaleStatus) -> StatusCounts?)]) -> [String] {
        guard !rows.isEmpty, !locales.isEmpty else { return [] }
        var lines = ["", "<details><summary>\(summary)</summary>", ""]
        lines.append(row([firstHeader] + locales.map { cell($0.locale) }))
        lines.append("|:--|" + String(repeating: "--:|", count: locales.count))
        for item in rows {
            lines.append(row([cell(item.title)] + locales.map { status in
                guard let counts = item.counts(status) else { return "–" }
                return cell(reader.percent(counts.wordShare))
            }))
        }
        lines += ["", "</details>"]
        return lines
    }

    private func cell(_ text: String) -> String { ReportEscaping.markdownCell(text) }
    private func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
}
