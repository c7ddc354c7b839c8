import ArgumentParser
import Foundation
import LocalizedTrees
import Preview
import Workspace

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Write a localized copy of content/ for each locale, ready for a static site generator.",
        discussion: """
        Every translatable span is replaced by its translation; a unit without one falls back along the
        locale's chain (configured fallbacks, then the language without region) to the source text.
        Pages below build.min_translated are left out (or marked). Front matter gains lang, dir, a
        translation key, the share translated, the alternates, a localized date and reading time; links
        between pages point at the same locale's URLs; tags follow the locale's alphabetical order.

        Only what changed since the last build is rebuilt (.tolk/build-state); a tree with changes is
        assembled beside the live one and swapped in, so an interrupted build leaves the old output.

        Examples:
          tolk build
          tolk build --locale ru --locale de
          tolk build --include-needs-review --verbose
          tolk build --html               # and an HTML preview of every locale in preview/
        """
    )

    @OptionGroup var project: ProjectOptions
    @Option(name: .customLong("locale"), help: "Build only this locale (repeatable).") var locales: [String] = []
    @Flag(help: "Also ship translations that still need review.") var includeNeedsReview = false
    @Flag(help: "Fail the build when a translation fails the checks (it is never shipped; without --strict it falls back with a warning).") var strict = false
    @Flag(help: "Also render each built locale as a small static HTML site in the preview folder (paths.preview, default preview/).") var html = false
    @Flag(name: .shortAndLong, help: "Print only errors.") var quiet = false
    @Flag(name: .shortAndLong, help: "Also list every page left out or incomplete and every message that fell back.") var verbose = false

    func run() throws {
        let project = try project.openProject()
        let lock = try project.lock(for: "build")
        var builder = SiteBuilder(project: project)
        if includeNeedsReview { builder.includeNeedsReview = true }
        builder.strictChecks = strict
        if !locales.isEmpty { builder.locales = locales }
        if html { builder.collectsPages = true }
        let meter = ProgressMeter(enabled: !quiet)
        builder.progress = { meter.update($0) }
        let started = Date()
        let report = try performing { try builder.run(holding: lock) }
        meter.finish()
        printDiagnostics(quiet ? report.diagnostics.filter { $0.severity == .error } : report.diagnostics)
        if !quiet { printSummary(report, project: project, seconds: Date().timeIntervalSince(started)) }
        var failed = report.diagnostics.hasErrors
        if html {
            let previewStarted = Date()
            let preview = try performing { try SitePreview(project: project).render(report.pages, locales: report.locales.map(\.locale), holding: lock) }
            printDiagnostics(quiet ? preview.diagnostics.filter { $0.severity == .error } : preview.diagnostics)
            if !quiet {
                let counts = preview.locales.map { "\($0.locale) \($0.posts)" }.joined(separator: ", ")
                say(String(format: "Preview: %@/index.html — %d files (%@ posts) in %.2f s, %@.", preview.folder, preview.filesWritten, counts,
                           Date().timeIntervalSince(previewStarted), String(format: "%.1f MB", Double(preview.bytesWritten) / 1_000_000)))
            }
            failed = failed || preview.diagnostics.hasErrors
        }
        if failed { throw CommandFailure(code: 1, message: "tolk build: finished with errors (see above)") }
    }

    private func printSummary(_ report: SiteBuilder.Report, project: Project, seconds: Double) {
        let output = project.configuration.outputPath
        let layout = project.configuration.build.layout
        for locale in report.locales {
            let place = layout == .folders ? "\(output)/\(locale.locale)" : "\(output) (\(locale.locale))"
            var line = "\(place): \(locale.pages) pages"
            if locale.isPseudo {
                line += ", pseudo-locale"
            } else if locale.locale != project.configuration.sourceLocale {
                line += ", \(locale.units) units — \(locale.translatedUnits) translated, \(locale.fallbackUnits) from a fallback locale, \(locale.sourceUnits) in the source language"
            }
            line += "; \(locale.filesWritten) files written, \(locale.filesUnchanged) unchanged"
            if locale.filesRemoved > 0 { line += ", \(locale.filesRemoved) removed" }
            say(line)
            let minimum = project.configuration.build.minimum(for: locale.locale)
            if !locale.omitted.isEmpty {
                say("  left out (below \(minimum)% translated): \(locale.omitted.count) \(locale.omitted.count == 1 ? "page" : "pages")" +
                    (verbose ? "" : " — " + locale.omitted.prefix(3).map { "\($0.path) (\($0.percent)%)" }.joined(separator: ", ") + (locale.omitted.count > 3 ? ", …" : "")))
                if verbose { for page in locale.omitted { say("    \(page.path) (\(page.percent)%)") } }
            }
            if !locale.incomplete.isEmpty {
                say("  shipped incomplete (below \(minimum)% translated): \(locale.incomplete.count) \(locale.incomplete.count == 1 ? "page" : "pages")")
                if verbose { for page in locale.incomplete { say("    \(page.path) (\(page.percent)%)") } }
            }
            if verbose {
                for fallback in locale.fallbacks { say("    \(fallback.place): \(fallback.from == "source" ? "source text" : "from \(fallback.from)")") }
            }
        }
        if !report.wiringWritten.isEmpty || !report.wiringRemoved.isEmpty || report.wiringUnchanged > 0 {
            let generator = project.configuration.siteGenerator?.rawValue ?? "generator"
            var line = "\(generator) wiring: "
            line += report.wiringWritten.isEmpty ? "nothing written" : report.wiringWritten.joined(separator: ", ") + " written"
            if !report.wiringRemoved.isEmpty { line += "; " + report.wiringRemoved.joined(separator: ", ") + " removed" }
            if report.wiringUnchanged > 0 { line += "; \(report.wiringUnchanged) unchanged" }
            say(line)
        }
        let translated = report.pagesTranslated == 1 ? "1 file translated" : "\(report.pagesTranslated) files translated"
        say(String(format: "Built %d locales in %.2f s (%@, %@ written).", report.locales.count, seconds,
                   translated, String(format: "%.1f MB", Double(report.bytesWritten) / 1_000_000)))
    }
}
