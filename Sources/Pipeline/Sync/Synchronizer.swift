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
    /// The entry order; nil for the configuration's `catalogs.sort`.
    public var order: Configuration.CatalogOrder?

    public init(project: Project) { self.project = project }

    public struct Report: Sendable {
        public var files = 0
        public var units = 0
        public var templatesWritten = 0
        public var catalogsWritten = 0
        public var perLocale: [String: LocaleOutcome] = [:]
        public var diagnostics: [Diagnostic] = []
        public var bytesRead = 0
    }

    /// What a sync did to one locale's catalogs.
    public struct LocaleOutcome: Equatable, Sendable {
        public var kept = 0
        public var added = 0
        public var fuzzyMatched = 0
        public var obsoleted = 0
        /// New entries filled from the locale's other catalogs (see `TranslationMemory`).
        public var fromMemory = TranslationMemory.Filled()

        mutating func add(_ outcome: CatalogUpdater.Outcome) {
            kept += outcome.kept
            added += outcome.added
            fuzzyMatched += outcome.fuzzyMatched
            obsoleted += outcome.obsoleted
        }
    }

    /// A content file after extraction: its template and the texts that are new since the last sync.
    private struct ExtractedFile: Sendable {
        var template: Catalog?
        var newTexts: Set<String> = []
        var units = 0
        var bytes = 0
        var templateWritten = false
        var diagnostics: [Diagnostic] = []
    }

    /// One locale's catalog of one file, updated but not yet written because translation memory may fill it.
    private struct PendingCatalog: Sendable {
        var locale: String
        var url: URL
        var catalog: Catalog
        var existingBytes: [UInt8]?
    }

    private struct CatalogsResult: Sendable {
        var catalogsWritten = 0
        var outcomes: [String: CatalogUpdater.Outcome] = [:]
        var diagnostics: [Diagnostic] = []
        var memories: [String: TranslationMemory] = [:]
        var pending: [PendingCatalog] = []
    }

    /// Three passes: extract every file and write its template; update every locale's catalog of every
    /// file, writing those that translation memory cannot add to while learning from every catalog
    /// read; then fill and write the rest. The passes run file-parallel.
    public func run() throws -> Report {
        let files = try project.sourceFiles().translatable
        let locales = project.targetLocales
        var forms: [String: GettextPluralForms] = [:]
        for locale in locales { forms[locale] = try GettextPluralForms(locale: locale) }
        let pluralForms = forms
        let project = self.project
        let purge = purgeObsolete
        let collator = (order ?? project.configuration.catalogOrder) == .collated ? try Collator(locale: project.configuration.sourceLocale) : nil

        let extracted = files.parallelMap { file in Self.extract(file, project: project, writer: project.poWriter, collator: collator) }
        var report = Report()
        report.files = files.count
        var wanted = Set<String>()
        for file in extracted {
            report.units += file.units
            report.bytesRead += file.bytes
            report.templatesWritten += file.templateWritten ? 1 : 0
            report.diagnostics += file.diagnostics
            wanted.formUnion(file.newTexts)
        }
        // Translation memory can only add to a locale that already has catalogs.
        let wantedTexts = wanted
        let memoryLocales = Set(locales.filter { locale in
            !wantedTexts.isEmpty && FileManager.default.fileExists(atPath: project.catalogsFolder.appendingPathComponent(locale).path)
        })

        let updated = Array(zip(files, extracted)).parallelMap { file, extraction -> CatalogsResult in
            var result = CatalogsResult()
            guard let template = extraction.template else { return result }
            for locale in locales {
                do {
                    try Self.updateCatalog(of: file, locale: locale, template: template, project: project, writer: project.poWriter,
                                           forms: pluralForms[locale]!, purge: purge,
                                           memory: memoryLocales.contains(locale) ? wantedTexts : nil, into: &result)
                } catch {
                    result.diagnostics.append(Diagnostic(.error, file: project.displayPath(project.catalogURL(locale: locale, catalogPath: file.catalogPath)), "\(error)"))
                }
            }
            return result
        }
        var memories: [String: TranslationMemory] = [:]
        var pending: [PendingCatalog] = []
        for result in updated {
            report.catalogsWritten += result.catalogsWritten
            report.diagnostics += result.diagnostics
            for (locale, outcome) in result.outcomes { report.perLocale[locale, default: .init()].add(outcome) }
            for (locale, memory) in result.memories { memories[locale, default: TranslationMemory(wanted: wantedTexts)].append(memory) }
            pending += result.pending
        }

        let learned = memories
        let finished = pending.parallelMap { item -> (written: Bool, filled: TranslationMemory.Filled, diagnostic: Diagnostic?) in
            var catalog = item.catalog
            let filled = learned[item.locale]?.fill(&catalog) ?? .init()
            do {
                let written = try FileTree.writeIfChanged(Array(project.poWriter.write(catalog).utf8), to: item.url, existing: .some(item.existingBytes))
                return (written, filled, nil)
            } catch {
                return (false, filled, Diagnostic(.error, file: project.displayPath(item.url), "\(error)"))
            }
        }
        for (item, outcome) in zip(pending, finished) {
            report.catalogsWritten += outcome.written ? 1 : 0
            if let diagnostic = outcome.diagnostic { report.diagnostics.append(diagnostic) }
            report.perLocale[item.locale, default: .init()].fromMemory.translated += outcome.filled.translated
            report.perLocale[item.locale, default: .init()].fromMemory.needsReview += outcome.filled.needsReview
            report.perLocale[item.locale, default: .init()].added -= outcome.filled.translated + outcome.filled.needsReview
        }
        return report
    }

    private static func extract(_ file: Project.SourceFile, project: Project, writer: POWriter, collator: Collator?) -> ExtractedFile {
        var result = ExtractedFile()
        do {
            let (document, diagnostics) = try project.extract(file)
            result.diagnostics = diagnostics
            result.units = document.units.count
            result.bytes = document.bytes.count
            if diagnostics.hasErrors { return result }
            let template = TemplateBuilder.template(for: document, contentPrefix: project.configuration.contentPath + "/", collator: collator)
            let url = project.templateURL(catalogPath: file.catalogPath)
            let previous = try FileTree.readIfPresent(url)
            let previousTexts = Set((previous.map { POReader(path: "").read($0).catalog.entries } ?? []).map(\.id))
            result.newTexts = Set(template.entries.map(\.id)).subtracting(previousTexts)
            result.templateWritten = try FileTree.writeIfChanged(Array(writer.write(template).utf8), to: url, existing: .some(previous))
            result.template = template
        } catch {
            result.diagnostics.append(Diagnostic(.error, file: project.configuration.contentPath + "/" + file.path, "\(error)"))
        }
        return result
    }

    /// Updates one locale's catalog of one file; writes it, or leaves it pending when translation memory
    /// (`memory`: the texts it looks for) may fill some of its new entries.
    private static func updateCatalog(of file: Project.SourceFile, locale: String, template: Catalog, project: Project, writer: POWriter,
                                      forms: GettextPluralForms, purge: Bool, memory wanted: Set<String>?,
                                      into result: inout CatalogsResult) throws {
        let url = project.catalogURL(locale: locale, catalogPath: file.catalogPath)
        let bytes = try FileTree.readIfPresent(url)
        var existing: Catalog?
        if let bytes {
            let read = POReader(path: project.displayPath(url)).read(bytes)
            if read.diagnostics.hasErrors {
                // Never rewrite a catalog we could not read completely: it would drop what we skipped.
                result.diagnostics += read.diagnostics
                result.diagnostics.append(Diagnostic(.error, file: project.displayPath(url), "not updated because it has errors",
                                                     hint: "fix the errors above, then run tolk sync again"))
                return
            }
            existing = read.catalog
            if let wanted { result.memories[locale, default: TranslationMemory(wanted: wanted)].learn(from: read.catalog) }
        }
        var updater = CatalogUpdater(pluralForms: forms)
        updater.purgeObsolete = purge
        var (catalog, outcome) = updater.update(existing, to: template)
        fillHeader(&catalog, locale: locale, forms: forms)
        result.outcomes[locale, default: .init()].add(outcome)
        if let wanted, outcome.added > 0, catalog.entries.contains(where: { $0.status == .untranslated && wanted.contains($0.id) }) {
            result.pending.append(PendingCatalog(locale: locale, url: url, catalog: catalog, existingBytes: bytes))
            return
        }
        if try FileTree.writeIfChanged(Array(writer.write(catalog).utf8), to: url, existing: .some(bytes)) { result.catalogsWritten += 1 }
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
