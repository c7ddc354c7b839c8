import Catalog
import Extractor
import Foundation
import LocaleData
import Merger

/// `tolk build`: one localized copy of the content tree per locale under the output folder.
///
/// Each unit's span is replaced by its translation, found along the locale's fallback chain; a unit
/// with no shippable translation (untranslated, or needing review) keeps its source text. Posts gain
/// a localized reading time in their front matter. Each locale's tree is written to a temporary
/// folder and swapped in whole, so an interrupted build leaves the previous output intact.
public struct SiteBuilder: Sendable {
    public let project: Project
    public var includeNeedsReview = false
    /// Locales to build; nil builds the source locale and every target.
    public var locales: [String]?

    public init(project: Project) { self.project = project }

    public struct LocaleReport: Sendable {
        public var locale: String
        public var pages = 0
        public var units = 0
        public var translatedUnits = 0
        public var fallbackUnits = 0
        public var sourceUnits = 0
    }

    public struct Report: Sendable {
        public var locales: [LocaleReport] = []
        public var diagnostics: [Diagnostic] = []
        public var bytesWritten = 0
    }

    public func run() throws -> Report {
        let (files, otherFiles) = try project.sourceFiles()
        var report = Report()
        var documents: [(Project.SourceFile, ExtractedDocument)] = []
        for file in files {
            let (document, diagnostics) = try project.extract(file)
            report.diagnostics += diagnostics
            documents.append((file, document))
        }
        let source = project.configuration.sourceLocale
        let targets = locales ?? ([source] + project.targetLocales)
        // Locales are independent: build them on all cores.
        let builder = self
        let documentsToBuild = documents
        let outcomes = targets.parallelMap { locale -> Result<(LocaleReport, Int, [Diagnostic]), BuildFailure> in
            var diagnostics: [Diagnostic] = []
            do {
                let (localeReport, written) = try builder.build(locale: locale, documents: documentsToBuild, otherFiles: otherFiles, diagnostics: &diagnostics)
                return .success((localeReport, written, diagnostics))
            } catch {
                return .failure(BuildFailure(message: "\(locale): \(error)"))
            }
        }
        for outcome in outcomes {
            let (localeReport, written, diagnostics) = try outcome.get()
            report.locales.append(localeReport)
            report.bytesWritten += written
            report.diagnostics += diagnostics
        }
        return report
    }

    struct BuildFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private func build(locale: String, documents: [(Project.SourceFile, ExtractedDocument)], otherFiles: [String],
                       diagnostics: inout [Diagnostic]) throws -> (LocaleReport, Int) {
        let isSource = locale == project.configuration.sourceLocale
        let chain = isSource ? [] : project.fallbackChain(for: locale)
        var formsByLocale: [String: GettextPluralForms] = [:]
        for member in chain { formsByLocale[member] = try GettextPluralForms(locale: member) }
        let staging = project.outputFolder.appendingPathComponent(".tolk-staging-\(locale)-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: staging)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)

        func lookup(for file: Project.SourceFile) throws -> TranslationLookup {
            var layers: [TranslationLookup.Layer] = []
            for member in chain {
                let url = project.catalogURL(locale: member, catalogPath: file.catalogPath)
                guard let (catalog, catalogDiagnostics) = try project.readCatalog(at: url) else { continue }
                diagnostics += catalogDiagnostics
                var entries: [CatalogEntry.Key: CatalogEntry] = [:]
                for entry in catalog.activeEntries { entries[entry.key] = entry }
                layers.append(.init(locale: member, entries: entries, pluralForms: formsByLocale[member]!))
            }
            return TranslationLookup(layers: layers, includeNeedsReview: includeNeedsReview)
        }

        // The reading-time message for this locale, from the UI strings (translated or source).
        var readingTimePattern: String?
        if let (file, document) = documents.first(where: { $0.0.kind == .uiStrings }),
           let unit = document.units.first(where: { $0.context == project.configuration.readingTime.messageKey }) {
            switch try lookup(for: file).lookUp(unit) {
            case .translated(let pattern, _): readingTimePattern = pattern
            case .source: readingTimePattern = unit.sourceValue ?? unit.text
            }
        }

        var report = LocaleReport(locale: locale)
        var written = 0
        for (file, document) in documents {
            let lookup = try lookup(for: file)
            var replacements: [String?] = []
            for unit in document.units {
                switch lookup.lookUp(unit) {
                case .translated(let text, let from):
                    if from == locale { report.translatedUnits += 1 } else { report.fallbackUnits += 1 }
                    replacements.append(TranslationLookup.replacement(text, for: unit))
                case .source:
                    if !isSource { report.sourceUnits += 1 }
                    replacements.append(nil)
                }
            }
            report.units += document.units.count
            var edits: [ByteEdit] = []
            if file.kind == .page, let frontMatter = document.frontMatter, let pattern = readingTimePattern,
               let edit = readingTimeEdit(frontMatter: frontMatter, pattern: pattern, locale: locale, file: file, diagnostics: &diagnostics) {
                edits.append(edit)
            }
            let bytes = SpanMerger.merge(document, replacements: replacements, extraEdits: edits)
            try FileTree.writeAtomically(bytes, to: staging.appendingPathComponent(file.path))
            written += bytes.count
            if file.kind == .page { report.pages += 1 }
        }
        for path in otherFiles {
            let bytes = try FileTree.read(project.contentFolder.appendingPathComponent(path))
            try FileTree.writeAtomically(bytes, to: staging.appendingPathComponent(path))
            written += bytes.count
        }
        try swapIn(staging, as: project.outputFolder.appendingPathComponent(locale))
        return (report, written)
    }

    /// `reading_time: "5 минут"` (TOML: `reading_time = "5 минут"`): the site's plural message formatted with ICU for the post's minutes.
    private func readingTimeEdit(frontMatter: FrontMatterBlock, pattern: String, locale: String, file: Project.SourceFile,
                                 diagnostics: inout [Diagnostic]) -> ByteEdit? {
        let settings = project.configuration.readingTime
        guard let minutesText = frontMatter.scalars[settings.minutesKey] else { return nil }
        guard let minutes = Double(minutesText), minutes >= 0 else {
            diagnostics.append(Diagnostic(.warning, file: project.configuration.contentPath + "/" + file.path,
                                          "\(settings.minutesKey) is '\(minutesText)', not a number: no \(settings.outputKey) added"))
            return nil
        }
        let argument = (try? MessagePattern(pattern))?.argumentNames.first ?? "minutes"
        let formatted: String
        do {
            formatted = try MessageFormat.format(pattern, locale: locale, arguments: [argument: .number(minutes)])
        } catch {
            diagnostics.append(Diagnostic(.error, file: project.configuration.siteFile, "\(settings.messageKey) for \(locale): \(error)"))
            return nil
        }
        let isTOML = frontMatter.syntax == .toml
        let value = Array((isTOML ? TOMLStringRenderer.render(formatted, preferring: .basic)
                                  : YAMLScalarRenderer.render(formatted, preferring: .doubleQuoted)).utf8)
        if let span = frontMatter.scalarSpans[settings.outputKey] {
            return ByteEdit(range: span, bytes: value)
        }
        let line = Array("\(settings.outputKey)\(isTOML ? " = " : ": ")".utf8) + value + frontMatter.lineEnding
        let offset = frontMatter.newFieldOffset ?? frontMatter.closingFenceOffset
        return ByteEdit(range: offset..<offset, bytes: line)
    }

    /// Replaces `destination` with `staging` in two renames; the old tree is removed only afterwards.
    private func swapIn(_ staging: URL, as destination: URL) throws {
        let manager = FileManager.default
        let retired = destination.deletingLastPathComponent().appendingPathComponent(".tolk-retired-\(destination.lastPathComponent)-\(ProcessInfo.processInfo.processIdentifier)")
        if manager.fileExists(atPath: destination.path) {
            try manager.moveItem(at: destination, to: retired)
        }
        try manager.moveItem(at: staging, to: destination)
        try? manager.removeItem(at: retired)
    }
}
