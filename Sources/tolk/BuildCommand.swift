import ArgumentParser
import Pipeline

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Write a localized copy of content/ for each locale to public/<locale>/.",
        discussion: """
        Every translatable span is replaced by its translation; a unit without one falls back along the
        locale's chain (configured fallbacks, then the language without region) to the source text.
        Posts gain a localized reading time (front matter field reading_time by default). Each
        locale's tree is swapped in whole, so an interrupted build leaves the old output.

        Examples:
          tolk build
          tolk build --locale ru --locale de
          tolk build --include-needs-review
        """
    )

    @OptionGroup var project: ProjectOptions
    @Option(name: .customLong("locale"), help: "Build only this locale (repeatable).") var locales: [String] = []
    @Flag(help: "Also ship translations that still need review.") var includeNeedsReview = false

    func run() throws {
        let project = try project.openProject()
        var builder = SiteBuilder(project: project)
        builder.includeNeedsReview = includeNeedsReview
        if !locales.isEmpty { builder.locales = locales }
        let report = try performing { try builder.run() }
        printDiagnostics(report.diagnostics)
        for locale in report.locales {
            say("\(project.configuration.outputPath)/\(locale.locale): \(locale.pages) pages, \(locale.units) units — \(locale.translatedUnits) translated, \(locale.fallbackUnits) from a fallback locale, \(locale.sourceUnits) in the source language")
        }
        if report.diagnostics.hasErrors { throw CommandFailure(code: 1, message: "tolk build: finished with errors (see above)") }
    }
}
