import ArgumentParser
import Foundation
import Pipeline
import Reports

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how far each locale is: messages and words translated, needing review, untranslated.",
        discussion: """
        Words are counted in the source text with ICU word breaking. Needs-review entries never count as done.

        Examples:
          tolk status
          tolk status --files ru
          tolk status --fail-under 80
        """
    )

    @OptionGroup var project: ProjectOptions
    @Option(help: ArgumentHelp("Also list every catalog of this locale.", valueName: "LOCALE")) var files: String?
    @Option(help: ArgumentHelp("Exit 1 when a locale is below this percentage of words done.", valueName: "PCT")) var failUnder: Double?
    @Option(name: [.short, .long], help: ArgumentHelp("Write the table to FILE instead of standard output.", valueName: "FILE")) var output: String?

    func run() throws {
        let project = try project.openProject()
        let (statuses, diagnostics) = try performing { try StatusCollector(project: project).run() }
        printDiagnostics(diagnostics)
        let table = StatusTable(readerLocale: project.configuration.sourceLocale)
        var text = table.render(statuses)
        if let locale = files {
            guard let status = statuses.first(where: { $0.locale == locale }) else {
                throw CommandFailure(code: 2, message: "error: '\(locale)' is not a target locale (targets: \(statuses.map(\.locale).joined(separator: ", ")))")
            }
            text += "\n" + table.renderFiles(status)
        }
        try writeOutput(text, to: output)
        if let threshold = failUnder {
            let failing = statuses.filter { $0.total.percentByWords < threshold }
            if !failing.isEmpty {
                let lines = failing.map { "\($0.locale): \(String(format: "%.1f", $0.total.percentByWords))% of words done, below \(threshold)%" }
                throw CommandFailure(code: 1, message: lines.joined(separator: "\n"))
            }
        }
        if diagnostics.hasErrors { throw CommandFailure(code: 1, message: "tolk status: catalogs have errors (see above)") }
    }
}
