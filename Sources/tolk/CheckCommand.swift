import ArgumentParser
import Catalog
import Checks
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the locales' catalogs for translations that would break the site (for CI).",
        discussion: """
        Reports parse errors, plural entries whose number of forms does not match the locale, and site
        strings (ICU MessageFormat) whose translation does not parse, lacks a plural category the locale
        needs, has one it does not have, or loses, adds, renames or changes an argument of the source.
        Only translated and needs-review entries are checked. Exit status 1 when there is an error.

        Examples:
          tolk check              # every target locale
          tolk check ru pl        # only these
        """
    )

    @OptionGroup var project: ProjectOptions
    @Argument(help: "Locales to check (default: every target locale).") var locales: [String] = []

    func run() throws {
        let project = try project.openProject()
        let report = try performing { try ProjectChecker(project: project).run(locales: locales) }
        printDiagnostics(report.diagnostics)
        var summary = "\(report.catalogsChecked) catalog\(report.catalogsChecked == 1 ? "" : "s") checked, "
            + "\(report.errors) error\(report.errors == 1 ? "" : "s")"
        if report.warnings > 0 { summary += ", \(report.warnings) warning\(report.warnings == 1 ? "" : "s")" }
        say(summary)
        if report.errors > 0 { throw CommandFailure(code: 1, message: "tolk check: fix the errors above") }
    }
}
