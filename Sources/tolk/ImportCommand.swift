import ArgumentParser
import Foundation
import Pipeline

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring a translated PO file back into the locale's catalogs.",
        discussion: """
        The locale comes from the file's Language header (or --locale). Each translated entry updates
        every catalog holding the same context and text; entries that match nothing (their source changed
        since export) are kept in FILE.unmatched.po and reported, never dropped. Plural entries must have
        one form per plural form of the locale, and site strings must pass the checks of tolk check (ICU
        syntax, the locale's plural categories, the source's arguments). A rejected entry is reported at
        its FILE:line:column and the catalogs keep what they had.

        Examples:
          tolk import ru.po
          tolk import --dry-run translated/de.po
        """
    )

    @OptionGroup var project: ProjectOptions
    @Argument(help: "The PO file to import.") var file: String
    @Option(help: "The locale, when the file's header does not name it.") var locale: String?
    @Flag(help: "Report what would change without writing.") var dryRun = false

    func run() throws {
        let project = try project.openProject()
        let url = URL(fileURLWithPath: file)
        let report = try performing { try Exchange(project: project).importPO(from: url, locale: locale, dryRun: dryRun) }
        printDiagnostics(report.diagnostics)
        let verb = dryRun ? "Would update" : "Updated"
        say("\(verb) \(report.updatedEntries) entries in \(report.locale) (\(report.unchangedEntries) already up to date; \(report.catalogsWritten) catalogs written).")
        if !report.unmatched.isEmpty {
            say("\(report.unmatched.count) entries match no message of \(report.locale)" + (report.unmatchedFile.map { "; kept in \($0)" } ?? ""))
        }
        if report.diagnostics.hasErrors || !report.unmatched.isEmpty { throw CommandFailure(code: 1, message: "tolk import: some entries were not imported (see above)") }
    }
}
