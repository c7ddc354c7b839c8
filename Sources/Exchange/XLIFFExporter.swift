import Catalog
import Foundation
import LocaleData
import Workspace
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

/// The entries an export holds, per content file: every active entry of the locale's catalogs, a
/// message found in several files merged into its first file (path order) with every reference, then
/// the selection applied. Both exchange formats write from it; the collision check runs on it.
public struct ExportPlan: Sendable {
    public struct File: Sendable {
        public var source: Project.SourceFile
        /// The entries selected for export, in catalog order.
        public var entries: [CatalogEntry]
        /// The catalog's header (fields, comments), for a PO file of its own (`--split`).
        public var header: Catalog
    }

    public let locale: String
    public var files: [File]

    public var entryCount: Int { files.reduce(0) { $0 + $1.entries.count } }

    /// Reads the locale's catalogs (those of content files matching `filesGlob`, a shell pattern on
    /// the path relative to the content folder) and keeps the entries `selection` picks.
    public init(project: Project, locale: String, selection: ExportSelection, filesGlob: String?) throws {
        let locale = try project.targetLocale(named: locale)
        self.locale = locale
        var files: [File] = []
        var positions: [CatalogEntry.Key: (file: Int, entry: Int)] = [:]
        for file in try project.sourceFiles().translatable {
            if let filesGlob, fnmatch(filesGlob, file.path, 0) != 0 { continue }
            guard let found = try project.readCatalog(at: project.catalogURL(locale: locale, catalogPath: file.catalogPath)) else { continue }
            if found.diagnostics.hasErrors { throw ExchangeError.brokenCatalog(found.diagnostics) }
            var catalog = found.catalog
            var entries: [CatalogEntry] = []
            for entry in catalog.entries where !entry.isObsolete && !entry.isHeader {
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
            catalog.entries = []
            files.append(File(source: file, entries: entries, header: catalog))
        }
        positions = [:]
        for index in files.indices { files[index].entries.removeAll { !selection.includes($0) } }
        self.files = files
    }

    private static func merge(_ entry: CatalogEntry, into existing: inout CatalogEntry) {
        existing.references += entry.references
        if !existing.isTranslated, entry.isTranslated {
            // Prefer a catalog that has the translation, keeping every reference gathered so far.
            let references = existing.references
            existing = entry
            existing.references = references
        }
    }

    /// Throws when two exported messages get the same XLIFF unit id. The id is a 64-bit hash of
    /// context and text, so this takes a collision (about one chance in 10⁹ for a site of 200,000
    /// messages): rare, but then the file could not say which message a translation is for.
    public func checkUnitIDs() throws {
        var seen: [UInt64: (key: CatalogEntry.Key, file: String)] = [:]
        seen.reserveCapacity(entryCount)
        for file in files {
            for entry in file.entries {
                let hash = XLIFFUnit.idHash(context: entry.context, source: entry.id)
                if let first = seen[hash] {
                    guard first.key != entry.key else { continue }
                    throw ExchangeError.unitIDCollision(XLIFFUnit.id(context: entry.context, source: entry.id),
                                                        first: first.key, firstFile: first.file, second: entry.key, secondFile: file.source.path)
                }
                seen[hash] = (entry.key, file.source.path)
            }
        }
    }
}

/// Where an export goes: a file, written to a temporary name and renamed into place when complete
/// (a reader never sees half a file, and a failed export leaves the old one), or standard output.
/// Text is handed over in chunks, so a large export never sits in memory whole.
public final class ExportOutput {
    public let path: String?
    private var descriptor: Int32
    private var temporary: String?
    private var finished = false
    /// Text not yet written; `flushIfLarge()` writes it once it passes `chunkSize` bytes.
    public var buffer = ""
    private let chunkSize = 1 << 20

    /// `path` nil means standard output. Creates the folders leading to `path`.
    public init(path: String?) throws {
        self.path = path
        guard let path else { descriptor = STDOUT_FILENO; return }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).tolk-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ExchangeError.cannotWrite(path, reason: String(cString: strerror(errno))) }
        self.temporary = temporary
    }

    deinit {
        if !finished, let temporary {
            close(descriptor)
            unlink(temporary)
        }
    }

    public func flushIfLarge() throws {
        if buffer.utf8.count >= chunkSize { try flush() }
    }

    /// Writes `bytes` after whatever is in `buffer`.
    public func write(_ bytes: [UInt8]) throws {
        try flush()
        try bytes.withUnsafeBufferPointer { try write($0) }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUTF8 { try write($0) }
        buffer = ""
    }

    private func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                throw ExchangeError.cannotWrite(path ?? "standard output", reason: String(cString: strerror(errno)))
            }
            written += count
        }
    }

    /// Writes what is left and, for a file, moves it into place.
    public func finish() throws {
        try flush()
        guard let path, let temporary else { return }
        finished = true
        guard close(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ExchangeError.cannotWrite(path, reason: reason)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ExchangeError.cannotWrite(path, reason: reason)
        }
    }
}

/// Writes a locale's catalogs as XLIFF: one `<file>` per content file, one unit per entry.
///
/// A message in several content files is written once, in the `<file>` of the first of them (path
/// order), with every reference as a `location` note: import applies it to every catalog holding it,
/// as for PO. When catalogs disagree, a translated copy is preferred over an untranslated one.
///
/// Protected inline markup becomes inline codes (see `InlineCodeScanners` and `XLIFFWriter`). The
/// document is written one content file at a time into `ExportOutput`, so memory holds the plan's
/// entries and one file's units, never the whole document.
public struct XLIFFExporter {
    public let project: Project

    public init(project: Project) { self.project = project }

    /// Writes the plan's files (all, or those at `fileIndices`) as one document.
    public func write(_ plan: ExportPlan, version: XLIFFVersion, fileIndices: [Int]? = nil, to output: ExportOutput) throws {
        let categories = try GettextPluralForms(locale: plan.locale).categories.map(\.rawValue)
        let writer = XLIFFWriter(version: version, sourceLanguage: project.configuration.sourceLocale, targetLanguage: plan.locale,
                                 projectName: project.configuration.projectName)
        writer.begin(into: &output.buffer)
        for index in fileIndices ?? Array(plan.files.indices) {
            let file = plan.files[index]
            guard !file.entries.isEmpty else { continue }
            let units = file.entries.map { Self.unit(for: $0, categories: categories) }
            writer.writeFile(XLIFFWriter.File(original: file.source.path, units: units, inlineCodes: file.source.format.inlineCodes),
                             index: index, into: &output.buffer)
            try output.flushIfLarge()
        }
        writer.end(into: &output.buffer)
        try output.finish()
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
