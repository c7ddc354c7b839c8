import Catalog
import Foundation
import Reports

/// `tolk status`: reads every catalog of every target locale and sums the figures.
public struct StatusCollector {
    public let project: Project

    public init(project: Project) { self.project = project }

    public func run() throws -> (statuses: [LocaleStatus], diagnostics: [Diagnostic]) {
        let files = try project.sourceFiles().translatable
        let calculator = try StatusCalculator(sourceLocale: project.configuration.sourceLocale)
        var diagnostics: [Diagnostic] = []
        var statuses: [LocaleStatus] = []
        for locale in project.targetLocales {
            var status = LocaleStatus(locale: locale)
            for file in files {
                let url = project.catalogURL(locale: locale, catalogPath: file.catalogPath)
                var counts = StatusCounts()
                if let (catalog, found) = try project.readCatalog(at: url) {
                    diagnostics += found
                    counts = calculator.counts(for: catalog)
                } else if let (template, _) = try project.readCatalog(at: project.templateURL(catalogPath: file.catalogPath)) {
                    // No catalog yet for this locale: everything in the template is untranslated.
                    counts = calculator.counts(for: template)
                }
                status.catalogs.append((file.catalogPath, counts))
                status.total = status.total + counts
            }
            statuses.append(status)
        }
        return (statuses, diagnostics)
    }
}
