import ArgumentParser
import Pipeline

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write all of a locale's messages into one PO file for a translator.",
        discussion: """
        A message repeated in several files appears once, with every reference. Open the file in Poedit,
        OmegaT or Weblate, translate, and bring it back with tolk import.

        Examples:
          tolk export ru --output ru.po
          tolk export de > de.po
        """
    )

    @OptionGroup var project: ProjectOptions
    @Argument(help: "The locale to export (one of the site's targets).") var locale: String
    @Option(help: "Exchange format (po; XLIFF is planned).") var format: String = "po"
    @Option(name: [.short, .long], help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE")) var output: String?

    func run() throws {
        guard format == "po" else { throw CommandFailure(code: 2, message: "error: unsupported format '\(format)' (supported: po)") }
        let project = try project.openProject()
        let (text, entries) = try performing { try Exchange(project: project).export(locale: locale) }
        try writeOutput(text, to: output)
        if let output { say("Exported \(entries) messages for \(locale) to \(output).") }
    }
}
