import Catalog
import Extractor
import Foundation
import LocaleData

/// `tolk sync`: extracts every content file, writes its template, and brings each locale's catalog
/// up to date (see `CatalogUpdater` for what happens to each entry). Files are written only when
/// their bytes change, so a sync with no source change leaves git clean.
public struct Synchronizer {
    public let project: Project
    public var purgeObsolete = false

    public init(project: Project) { self.project = project }

    public struct Report: Sendable {
        public var files = 0
        public var units = 0
        public var templatesWritten = 0
        public var catalogsWritten = 0
        public var perLocale: [String: CatalogUpdater.Outcome] = [:]
        public var diagnostics: [Diagnostic] = []
        public var bytesRead = 0
    }

    private struct FileResult: Sendable {
        var units = 0
        var bytes = 0
        var templateWritten = false
        var catalogsWritten = 0
        var outcomes: [String: CatalogUpdater.Outcome] = [:]
        var diagnostics: [Diagnostic] = []
    }

    public func run() throws -> Report {
        let files = try project.sourceFiles().translatable
        let locales = project.targetLocales
        var forms: [String: GettextPluralForms] = [:]
        for locale in locales { forms[locale] = try GettextPluralForms(locale: locale) }
        let pluralForms = forms
        let project = self.project
        let purge = purgeObsolete
        let results = files.parallelMap { file -> FileResult in
            var result = FileResult()
            do {
                let (document, diagnostics) = try project.extract(file)
                result.diagnostics += diagnostics
                result.units = document.units.count
                result.bytes = document.bytes.count
                if diagnostics.hasErrors { return result }
                let template = TemplateBuilder.template(for: document, contentPrefix: project.configuration.contentPath + "/")
                let writer = project.poWriter
                result.templateWritten = try FileTree.writeIfChanged(Array(writer.write(template).utf8),
                                                                     to: project.templateURL(catalogPath: file.catalogPath))
                for locale in locales {
                    let url = project.catalogURL(locale: locale, catalogPath: file.catalogPath)
                    let existing = try project.readCatalog(at: url)
                    if let existing, existing.diagnostics.hasErrors {
                        // Never rewrite a catalog we could not read completely: it would drop what we skipped.
                        result.diagnostics += existing.diagnostics
                        result.diagnostics.append(Diagnostic(.error, file: project.displayPath(url), "not updated because it has errors",
                                                             hint: "fix the errors above, then run tolk sync again"))
                        continue
                    }
                    var updater = CatalogUpdater(pluralForms: pluralForms[locale]!)
                    updater.purgeObsolete = purge
                    var (catalog, outcome) = updater.update(existing?.catalog, to: template)
                    Self.fillHeader(&catalog, locale: locale, forms: pluralForms[locale]!)
                    if try FileTree.writeIfChanged(Array(writer.write(catalog).utf8), to: url) { result.catalogsWritten += 1 }
                    result.outcomes[locale] = outcome
                }
            } catch {
                result.diagnostics.append(Diagnostic(.error, file: project.configuration.contentPath + "/" + file.path, "\(error)"))
            }
            return result
        }
        var report = Report()
        report.files = files.count
        for result in results {
            report.units += result.units
            report.bytesRead += result.bytes
            report.templatesWritten += result.templateWritten ? 1 : 0
            report.catalogsWritten += result.catalogsWritten
            report.diagnostics += result.diagnostics
            for (locale, outcome) in result.outcomes {
                var total = report.perLocale[locale] ?? .init()
                total.added += outcome.added
                total.kept += outcome.kept
                total.fuzzyMatched += outcome.fuzzyMatched
                total.obsoleted += outcome.obsoleted
                report.perLocale[locale] = total
            }
        }
        return report
    }

    /// gettext's header fields in gettext's order; `msgfmt --check` wants the translator fields present.
    static let canonicalHeaderOrder = ["Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
                                       "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
                                       "Content-Transfer-Encoding", "Plural-Forms"]

    static func fillHeader(_ catalog: inout Catalog, locale: String, forms: GettextPluralForms) {
        if catalog.headerFields.isEmpty { catalog.headerFields = TemplateBuilder.baseHeader(language: locale) }
        for field in ["PO-Revision-Date", "Last-Translator", "Language-Team"] where catalog.header(field) == nil {
            // Insert before the first present field that gettext orders after it; empty values cause no churn.
            let rank = canonicalHeaderOrder.firstIndex(of: field)!
            let position = catalog.headerFields.firstIndex { existing in
                (canonicalHeaderOrder.firstIndex(of: existing.name) ?? Int.max) > rank
            } ?? catalog.headerFields.count
            catalog.headerFields.insert((field, ""), at: position)
        }
        catalog.headerFlags.removeAll { $0 == "fuzzy" }
        catalog.setHeader("Language", locale)
        catalog.setHeader("Content-Type", "text/plain; charset=UTF-8")
        catalog.setHeader("Plural-Forms", forms.header)
    }
}
