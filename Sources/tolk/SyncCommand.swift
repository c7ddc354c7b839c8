import ArgumentParser
import Sync
import Workspace

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Extract messages from content/ and bring every locale's catalogs up to date.",
        discussion: """
        Writes templates to locales/templates/… and updates locales/<locale>/…po: new messages are added,
        changed ones keep their old translation marked needs review (fuzzy) with the previous source,
        vanished ones become obsolete (#~). Files are only rewritten when their bytes change.

        A catalog whose content file no longer exists is an orphan: it is reported, and a new file
        with the same messages (a rename or a move) takes its translations as they stood.
        --purge-obsolete removes orphans once their translations are in another catalog or kept in
        locales/<locale>/.translation-memory.po, from which translation memory fills them again.

        Examples:
          tolk sync
          tolk sync --root path/to/site --purge-obsolete
          tolk sync --sort collated
        """
    )

    @OptionGroup var project: ProjectOptions
    @Flag(help: "Remove obsolete (#~) entries, and orphaned catalogs once their translations are safe.") var purgeObsolete = false
    @Option(help: "Entry order in catalogs: source (as in the content file) or collated (by text, in the source language's collation). Default: catalogs.sort in tolk.yaml, else source.")
    var sort: Configuration.CatalogOrder?
    @Flag(name: .shortAndLong, help: "Print only errors.") var quiet = false
    @Flag(name: .shortAndLong, help: "Also list every catalog written.") var verbose = false

    func run() throws {
        let project = try project.openProject()
        let lock = try project.lock(for: "sync")
        var synchronizer = Synchronizer(project: project)
        synchronizer.purgeObsolete = purgeObsolete
        synchronizer.order = sort
        let meter = ProgressMeter(enabled: !quiet)
        synchronizer.progress = { meter.update($0) }
        let report = try performing { try synchronizer.run(holding: lock) }
        meter.finish()
        printDiagnostics(quiet ? report.diagnostics.filter { $0.severity == .error } : report.diagnostics)
        if verbose { for path in report.writtenCatalogs { say("  wrote \(path)") } }
        if quiet {
            if report.diagnostics.hasErrors { throw CommandFailure(code: 1, message: "tolk sync: finished with errors (see above)") }
            return
        }
        say("Extracted \(report.units) units from \(report.files) files; wrote \(report.templatesWritten) templates and \(report.catalogsWritten) catalogs.")
        for locale in report.perLocale.keys.sorted() {
            let memory = report.perLocale[locale]!.fromMemory
            let outcome = report.perLocale[locale]!.catalogs
            var line = "  \(locale): \(outcome.kept) kept, \(outcome.added) new, \(outcome.fuzzyMatched) changed (needs review)"
            let orphans = report.perLocale[locale]!.fromOrphans
            if orphans > 0 { line += ", \(orphans) from catalogs of renamed or moved files" }
            if memory.translated + memory.needsReview > 0 {
                line += ", \(memory.translated + memory.needsReview) from translation memory (\(memory.needsReview) needing review)"
            }
            say(line + ", \(outcome.obsoleted) newly obsolete")
        }
        for handOver in report.handOvers {
            say("  \(handOver.locale): \(handOver.contentFile) took \(handOver.translations) translation\(handOver.translations == 1 ? "" : "s") from the catalog of \(handOver.formerContentFile) (no longer in \(project.configuration.contentPath)/)")
        }
        for template in report.removedTemplates { say("  removed \(template) (its content file no longer exists)") }
        for purged in report.purgedCatalogs {
            if purged.takenByOtherCatalogs + purged.keptInMemory == 0 {
                say("  removed \(purged.catalogFile) (its content file no longer exists; it had no translations)")
            } else {
                say("  removed \(purged.catalogFile) (its content file no longer exists): \(purged.takenByOtherCatalogs) of its translations are in other catalogs, \(purged.keptInMemory) kept in \(purged.memoryFile)")
            }
        }
        if report.diagnostics.hasErrors { throw CommandFailure(code: 1, message: "tolk sync: finished with errors (see above)") }
    }
}

extension Configuration.CatalogOrder: ExpressibleByArgument {}
