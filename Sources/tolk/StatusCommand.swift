import ArgumentParser
import Foundation
import Reports
import Status
import Workspace

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how far each locale is: messages and words translated, needing review, untranslated; errors; plural gaps.",
        discussion: """
        Message counts agree with msgfmt --statistics. Words are counted in the source text with ICU word breaking.
        Done means translated, not needing review, and with every plural form the locale needs.

        Formats:
          table     aligned columns for a terminal (the default)
          json      every figure, per locale, section and catalog (schema tolk-status/1)
          markdown  a table for a pull-request comment
          html      one self-contained page with the work to do in each locale
          svg       a badge: one locale with --locale, else all of them

        Examples:
          tolk status
          tolk status --by section
          tolk status --files ru
          tolk status --format json -o status.json
          tolk status --format html -o status.html
          tolk status --format svg --locale ru -o badge-ru.svg
          tolk status --fail-under 80 --fail-under ja=50 --fail-on errors
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, markdown, html, svg
    }

    enum Rows: String, ExpressibleByArgument, CaseIterable {
        case locale, section, file
    }

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case errors, warnings
    }

    @OptionGroup var project: ProjectOptions
    @Option(help: ArgumentHelp("Output format: table, json, markdown, html or svg.", valueName: "FORMAT")) var format: Format = .table
    @Option(name: [.short, .long], help: ArgumentHelp("Write to FILE (atomically) instead of standard output.", valueName: "FILE")) var output: String?
    @Option(name: .long, help: ArgumentHelp("Report on this locale only (repeatable). The SVG badge takes one.", valueName: "LOCALE"))
    var locale: [String] = []
    @Option(help: ArgumentHelp("Rows after the locale totals: locale (none), section or file. Markdown shows sections by default.", valueName: "ROWS"))
    var by: Rows?
    @Option(help: ArgumentHelp("Also list every catalog of this locale.", valueName: "LOCALE")) var files: String?
    @Option(help: ArgumentHelp("Locale for names, numbers and sorting (default: LC_ALL, LC_MESSAGES or LANG, else the source locale).", valueName: "LOCALE"))
    var readerLocale: String?
    @Option(help: ArgumentHelp("Colour in the table: auto (a terminal without NO_COLOR), always or never.", valueName: "WHEN"))
    var color: ColorChoice = .auto
    @Option(help: ArgumentHelp("Exit 1 when a locale is below PCT% of words done; LOCALE=PCT for one locale (repeatable).", valueName: "PCT|LOCALE=PCT"))
    var failUnder: [String] = []
    @Option(help: ArgumentHelp("Exit 1 when a locale's catalogs have errors, or errors or warnings.", valueName: "errors|warnings"))
    var failOn: FailOn?
    @Option(help: ArgumentHelp("HTML: list at most N items of each kind per locale.", valueName: "N")) var maxItems: Int = 200

    func run() throws {
        let project = try project.openProject()
        let environment = ProcessInfo.processInfo.environment
        // Each name as the site spells it (`RU` → `ru`), or the one error for a name that is no target.
        let locale: [String], files: String?
        do {
            locale = try self.locale.map { name throws(UnknownLocaleError) in try project.targetLocale(named: name) }
            files = try self.files.map { name throws(UnknownLocaleError) in try project.targetLocale(named: name) }
        } catch { throw CommandFailure(code: 2, message: error.description) }
        if format == .svg && locale.count > 1 {
            throw CommandFailure(code: 2, message: "error: a badge shows one locale (--locale LOCALE) or all of them (no --locale), not \(locale.count)")
        }
        guard maxItems >= 0 else { throw CommandFailure(code: 2, message: "error: --max-items must be 0 or more") }

        var gates = StatusGates()
        do {
            for threshold in failUnder { try gates.addThreshold(threshold) }
            try gates.validate(locales: project.targetLocales)
        } catch {
            throw CommandFailure(code: 2, message: error.description)
        }
        gates.failOn = failOn.map { $0 == .errors ? .errors : .warnings }

        let reader: ReaderConventions
        do {
            let readerLocale = try ReaderLocale.resolve(requested: readerLocale, environment: environment,
                                                        sourceLocale: project.configuration.sourceLocale)
            reader = try ReaderConventions(locale: readerLocale)
        } catch {
            throw CommandFailure(code: 2, message: "\(error)")
        }

        let options = StatusCollector.Options(locales: locale, workItemLimit: format == .html ? maxItems : 0)
        let collection = try performing { try StatusCollector(project: project).collect(options) }
        printDiagnostics(collection.diagnostics)
        let report = collection.report

        let breakdown: StatusTable.Breakdown
        if let files { breakdown = .files(locales: [files]) } else {
            switch by {
            case .section: breakdown = .sections
            case .file: breakdown = .files(locales: nil)
            case .locale: breakdown = .none
            case nil: breakdown = format == .markdown ? .sections : .none
            }
        }
        let text: String
        switch format {
        case .table:
            let terminal = output == nil && isatty(STDOUT_FILENO) != 0 && environment["TERM"] != "dumb"
            let colors = color == .always || (color == .auto && terminal && (environment["NO_COLOR"] ?? "").isEmpty)
            text = StatusTable(reader: reader, colors: colors).render(report, breakdown: breakdown)
        case .json:
            text = StatusJSON(reader: reader).render(report)
        case .markdown:
            text = StatusMarkdown(reader: reader).render(report, breakdown: breakdown)
        case .html:
            text = StatusHTML(reader: reader).render(report)
        case .svg:
            if let only = report.locales.first, locale.count == 1 {
                text = StatusBadge().render(label: only.locale, value: reader.wholePercent(only.total.wordShare), share: only.total.wordShare)
            } else {
                text = StatusBadge().render(label: "translated", value: reader.wholePercent(report.total.wordShare), share: report.total.wordShare)
            }
        }
        try writeOutput(text, to: output)

        let failures = gates.failures(in: report)
        if !failures.isEmpty {
            throw CommandFailure(code: 1, message: failures.map(\.description).joined(separator: "\n"))
        }
        if collection.diagnostics.hasErrors {
            throw CommandFailure(code: 1, message: "tolk status: catalogs have errors (see above); the figures leave out what could not be read")
        }
    }
}
