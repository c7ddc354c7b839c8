import Catalog
import Foundation
import LocaleData
#if canImport(Glibc)
import Glibc
#endif

/// The formats `tolk export` writes and `tolk import` reads.
public enum ExchangeFormat: String, Sendable, CaseIterable {
    case xliff, xliff12, po
}

/// Which entries an export holds.
public enum ExportSelection: String, Sendable, CaseIterable {
    /// Only entries with no translation.
    case untranslated
    /// Only entries whose source changed since they were translated.
    case needsReview = "needs-review"
    /// Every active entry.
    case all
    /// What needs work: untranslated and needs review (the default).
    case needsWork = "needs-work"

    func includes(_ entry: CatalogEntry) -> Bool {
        switch self {
        case .untranslated: entry.status == .untranslated
        case .needsReview: entry.status == .needsReview
        case .all: true
        case .needsWork: entry.status == .untranslated || entry.status == .needsReview
        }
    }
}

/// Writes a locale's catalogs as XLIFF: one `<file>` per content file, one unit per entry.
///
/// A message in several content files is written once, in the `<file>` of the first of them (path
/// order), with every reference as a `location` note: import applies it to every catalog holding it,
/// as for PO. When catalogs disagree, a translated copy is preferred over an untranslated one.
public struct XLIFFExporter {
    public let project: Project

    public init(project: Project) { self.project = project }

    public struct Document: Sendable {
        /// The content path for `--split`, nil for the whole locale.
        public var original: String?
        public var text: String
        public var units: Int
    }

    /// One document for the locale, or with `split` one per content file that has units.
    public func export(locale: String, version: XLIFFVersion, selection: ExportSelection, filesGlob: String?, split: Bool) throws -> [Document] {
        guard project.targetLocales.contains(locale) else { throw ExchangeError.unknownLocale(locale, known: project.targetLocales) }
        let categories = try GettextPluralForms(locale: locale).categories.map(\.rawValue)
        var files: [(original: String, entries: [CatalogEntry])] = []
        var positions: [CatalogEntry.Key: (file: Int, entry: Int)] = [:]
        for file in try project.sourceFiles().translatable {
            if let filesGlob, fnmatch(filesGlob, file.path, 0) != 0 { continue }
            guard let (catalog, diagnostics) = try project.readCatalog(at: project.catalogURL(locale: locale, catalogPath: file.catalogPath)) else { continue }
            if diagnostics.hasErrors { throw ExchangeError.brokenCatalog(diagnostics) }
            var entries: [CatalogEntry] = []
            for entry in catalog.activeEntries where !entry.isHeader {
                if let position = positions[entry.key] {
                    if position.file == files.count {
                        Self.merge(entry, into: &entries[position.entry])
                    } else {
                        Self.merge(entry, into: &files[position.file].entries[position.entry])
                    }
                    continue
                }
                positions[entry.key] = (files.count, entries.count)
                entries.append(entry)
            }
            files.append((file.path, entries))
        }
        let writer = XLIFFWriter(version: version, sourceLanguage: project.configuration.sourceLocale, targetLanguage: locale)
        let unitFiles = files.map { file in
            (original: file.original, units: file.entries.filter(selection.includes).map { Self.unit(for: $0, categories: categories) })
        }
        if split {
            return unitFiles.filter { !$0.units.isEmpty }.map { Document(original: $0.original, text: writer.write([$0]), units: $0.units.count) }
        }
        let count = unitFiles.reduce(0) { $0 + $1.units.count }
        return [Document(original: nil, text: writer.write(unitFiles), units: count)]
    }

    private static func merge(_ entry: CatalogEntry, into existing: inout CatalogEntry) {
        existing.references += entry.references
        if !existing.isTranslated, entry.isTranslated {
            let references = existing.references
            existing = entry
            existing.references = references
        }
    }

    static func unit(for entry: CatalogEntry, categories: [String]) -> XLIFFUnit {
        let state: XLIFFUnitState = switch entry.status {
        case .untranslated, .obsolete: .untranslated
        case .needsReview: .needsReview
        case .translated: entry.isReviewed ? .reviewed : .translated
        }
        let keepsTargets = state != .untranslated
        var unit: XLIFFUnit
        if let plural = entry.idPlural {
            let forms = categories.enumerated().map { index, category in
                XLIFFUnit.PluralForm(category: category, target: keepsTargets && index < entry.translations.count && !entry.translations[index].isEmpty ? entry.translations[index] : nil)
            }
            unit = XLIFFUnit(id: XLIFFUnit.id(context: entry.context, source: entry.id), context: entry.context, source: entry.id, sourcePlural: plural, target: nil, pluralForms: forms, state: state)
        } else {
            let translation = entry.translations.first ?? ""
            unit = XLIFFUnit(id: XLIFFUnit.id(context: entry.context, source: entry.id), context: entry.context, source: entry.id,
                             target: keepsTargets && !translation.isEmpty ? translation : nil, state: state)
        }
        unit.references = entry.references
        unit.comments = entry.extractedComments
        unit.previousSource = entry.previousID
        return unit
    }
}
