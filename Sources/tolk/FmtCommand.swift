import ArgumentParser
import Catalog
import Foundation
import Sync
import Workspace

struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite PO files in tolk's canonical form, or check that they are (for CI).",
        discussion: """
        The canonical form is what tolk sync writes: gettext's line wrapping and escaping, LF line endings,
        no BOM, references as catalogs.references says. Run it after another tool (Poedit, a CAT tool, a
        script) touched a catalog, so the next diff shows only real changes. A file with parse errors is
        reported and left untouched. Exit status 1 when --check finds a file to reformat, or on parse errors.

        Examples:
          tolk fmt                          # every catalog and template of the project
          tolk fmt --check                  # list the ones not in canonical form, change nothing
          tolk fmt locales/ru/posts/hello.po
        """
    )

    @OptionGroup var project: ProjectOptions
    @Flag(help: "Change nothing: list the files that are not in canonical form and exit 1 if there are any.") var check = false
    @Argument(help: "PO or POT files (default: every catalog of the project).") var files: [String] = []

    func run() throws {
        let root = URL(fileURLWithPath: project.root).standardizedFileURL
        let site = files.isEmpty ? try project.openProject() : try? Project(root: root)
        let writer = site?.poWriter ?? POWriter()
        // Rewriting a project's catalogs waits for any other command writing them; --check writes nothing.
        let lock = check ? nil : try site?.lock(for: "fmt")
        let urls: [URL]
        if files.isEmpty, let site {
            urls = try performing { try CatalogFormatter.catalogFiles(of: site) }
        } else {
            urls = files.map { URL(fileURLWithPath: $0).standardizedFileURL }
        }
        let report = try performing {
            try CatalogFormatter(writer: writer).run(urls, check: check, holding: lock) { url in site?.displayPath(url) ?? url.path }
        }
        printDiagnostics(report.diagnostics)
        for path in report.notCanonical { say(check ? "not canonical: \(path)" : "reformatted: \(path)") }
        say("\(report.checked) catalogs checked, \(report.notCanonical.count) \(check ? "not in canonical form" : "reformatted")")
        if report.diagnostics.hasErrors { throw CommandFailure(code: 1, message: "tolk fmt: files with errors were left as they are (see above)") }
        if check, !report.notCanonical.isEmpty { throw CommandFailure(code: 1, message: "tolk fmt --check: run tolk fmt to reformat") }
    }
}
