import Adoption
import ArgumentParser
import Foundation

struct AdoptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Turn a site's existing translated pages into catalog entries of a locale.",
        discussion: """
        Pairs each source page with its translated page: by mirrored path under --from (public/ru,
        content/de), with --layout suffix by the locale in the file name (posts/a.ru.md beside
        posts/a.md), or with --key NAME by a front matter value (translationKey). Both pages are
        extracted the same way and their units aligned: front matter by key, body blocks by kind and
        order, with what a translation keeps (code, link destinations, numbers, shortcodes) as anchors.
        Units paired with certainty come in as translated; units paired where the structure drifted, or
        from a page older than its source (by its lastmod or date), as needs review; units that cannot
        be paired are left untranslated and reported. Catalogs are synced first. Existing translations
        are kept unless --overwrite. Every translation passes the checks of tolk import.

        Examples:
          tolk adopt ru --from public/ru
          tolk adopt de --from ../old-site/content/de --dry-run
          tolk adopt ru --layout suffix
          tolk adopt fr --from content/fr --key translationKey --format json
        """
    )

    enum Layout: String, ExpressibleByArgument, CaseIterable { case mirror, suffix }
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var project: ProjectOptions
    @Argument(help: "The locale the translated pages are in (one of locales: in tolk.yaml).") var locale: String
    @Option(help: ArgumentHelp("The folder of the translated pages (default: the content folder, for --layout suffix).", valueName: "PATH")) var from: String?
    @Option(help: "mirror: the folder mirrors the content folder; suffix: a.LOCALE.md beside a.md.") var layout: Layout = .mirror
    @Option(help: ArgumentHelp("Pair pages by this front matter key instead of by path (e.g. translationKey).", valueName: "NAME")) var key: String?
    @Flag(help: "Report what would be adopted without writing (and without syncing).") var dryRun = false
    @Flag(help: "Replace translations the catalogs already have.") var overwrite = false
    @Option(help: "Report format: text or json.") var format: Format = .text
    @Flag(name: .shortAndLong, help: "List every page, fully paired ones too.") var verbose = false

    func run() throws {
        let project = try project.openProject()
        // --from is a path as the shell gives it (relative to the current folder), as tolk import's FILE.
        let url: URL, folder: String
        if let from {
            (url, folder) = (URL(fileURLWithPath: from), from)
        } else if layout == .suffix {
            (url, folder) = (project.contentFolder, project.configuration.contentPath)
        } else {
            throw CommandFailure(code: 2, message: "error: name the folder of the translated pages with --from PATH (e.g. --from public/\(locale))")
        }
        let lock = try project.lock(for: "adopt")
        var adopter = Adopter(project: project, locale: locale, from: url, fromDisplay: folder)
        adopter.pairing = key.map { .frontMatterKey($0) } ?? (layout == .suffix ? .suffix : .mirror)
        adopter.dryRun = dryRun
        adopter.overwrite = overwrite
        let outcome = try performing { try adopter.run(holding: lock) }
        printDiagnostics(outcome.diagnostics)
        switch format {
        case .json: FileHandle.standardOutput.write(Data(outcome.report.json().utf8))
        case .text: for line in outcome.report.textLines(verbose: verbose) { say(line) }
        }
        if outcome.diagnostics.hasErrors { throw CommandFailure(code: 1, message: "tolk adopt: some translations were not adopted (see above)") }
    }
}
