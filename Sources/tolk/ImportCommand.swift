import ArgumentParser
import Exchange
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring a translated XLIFF (2.0 or 1.2) or PO file back into the locale's catalogs.",
        discussion: """
        The format is read from the content. The locale comes from trgLang (XLIFF 2.0), target-language
        (1.2), the Language header (PO) or --locale. XLIFF units are matched by id; a unit whose source
        changed since export comes in as needs review. It waits for any other command writing the project (.tolk/lock). Each translated entry updates
        every catalog holding the same context and text; entries that match nothing (their source changed
        since export) are kept in FILE.unmatched.po and reported, never dropped. Plural entries must have
        one form per plural form of the locale, and site strings must pass the checks of tolk check (ICU
        syntax, the locale's plural categories, the source's arguments). XLIFF inline codes come back as
        the Markdown of the source's codes; a target that drops, repeats or invents a code is rejected.
        Every translation must keep the source's code spans, link destinations, HTML tags and footnote
        references, pair its emphasis (*, _, **, __, ~~) as the source does, and keep the source's
        whitespace at both ends. A rejected entry is reported at its FILE:line:column and the catalogs
        keep what they had. A translation that is its source unchanged is imported with a warning,
        which does not change the exit status.
        XLIFF states reviewed and final (1.2: signed-off, final) mark a translation reviewed;
        --reviewed marks every accepted translation reviewed.

        Examples:
          tolk import ru.xlf
          tolk import ru.po
          tolk import --dry-run translated/de.po
          tolk import --reviewed reviewed/ru.xlf
        """
    )

    @OptionGroup var project: ProjectOptions
    @Argument(help: "The XLIFF or PO file to import.") var file: String
    @Option(help: "The locale, when the file's header does not name it.") var locale: String?
    @Flag(help: "Report what would change without writing.") var dryRun = false
    @Flag(help: "The file comes back from a reviewer: mark every accepted translation reviewed (one still needing review stays so).") var reviewed = false

    func run() throws {
        let project = try project.openProject()
        let url = URL(fileURLWithPath: file)
        let lock = try project.lock(for: "import")
        let report = try performing { try Exchange(project: project).importFile(from: url, locale: locale, dryRun: dryRun, markReviewed: reviewed, holding: lock) }
        printDiagnostics(report.diagnostics)
        let verb = dryRun ? "Would update" : "Updated"
        say("\(verb) \(report.updatedEntries) entries in \(report.locale) (\(report.unchangedEntries) already up to date; \(report.catalogsWritten) catalogs written)."
            + (report.markedReviewed > 0 ? " \(report.markedReviewed) \(dryRun ? "would be" : "now") marked reviewed." : ""))
        if !report.unmatched.isEmpty {
            say("\(report.unmatched.count) entries match no message of \(report.locale)" + (report.unmatchedFile.map { "; kept in \($0)" } ?? ""))
        }
        if report.diagnostics.hasErrors || !report.unmatched.isEmpty { throw CommandFailure(code: 1, message: "tolk import: some entries were not imported (see above)") }
    }
}
