import Catalog
import Core
import Extractor
import Foundation
import LocaleData
import Synchronization
import Workspace

/// `tolk sync`: extracts every content file, writes its template, and brings each locale's catalog
/// up to date (see `CatalogUpdater` for what happens to each entry). Files are written only when
/// their bytes change, so a sync with no source change leaves git clean.
public struct Synchronizer {
    public let project: Project
    public var purgeObsolete = false
    /// The entry order; nil for the configuration's `catalogs.sort`.
    public var order: Configuration.CatalogOrder?
    /// Called from any thread as files are extracted and their catalogs updated.
    public var progress: (@Sendable (WorkProgress) -> Void)?

    public init(project: Project) { self.project = project }

    public struct Report: Sendable {
        public var files = 0
        public var units = 0
        public var templatesWritten = 0
        public var catalogsWritten = 0
        /// Catalogs written, as paths from the project root (for `--verbose`).
        public var writtenCatalogs: [String] = []
        public var perLocale: [String: LocaleOutcome] = [:]
        public var diagnostics: [Diagnostic] = []
        public var bytesRead = 0
        /// New catalogs that took translations from an orphaned catalog (a renamed or moved file), in locale then path order.
        public var handOvers: [HandOver] = []
        /// Templates removed because their content file no longer exists, as paths from the project root.
        public var removedTemplates: [String] = []
        /// Orphaned catalogs `--purge-obsolete` removed, in locale then path order.
        public var purgedCatalogs: [PurgedCatalog] = []
    }

    /// A new catalog took translations from the orphaned catalog of a file that no longer exists.
    public struct HandOver: Equatable, Sendable {
        public var locale: String
        /// Content paths relative to the content folder: the new file and the one it took from.
        public var contentFile: String
        public var formerContentFile: String
        public var translations: Int
    }

    /// An orphaned catalog removed by `--purge-obsolete`, and where its translations are now.
    public struct PurgedCatalog: Equatable, Sendable {
        /// Relative to the project root.
        public var catalogFile: String
        /// Translations other catalogs of the locale have (their own translation of the same message wins).
        public var takenByOtherCatalogs: Int
        /// Translations written to the locale's translation memory file.
        public var keptInMemory: Int
        public var memoryFile: String
    }

    /// What a sync did to one locale's catalogs.
    public struct LocaleOutcome: Equatable, Sendable {
        /// Summed over the locale's catalogs; `added` leaves out what translation memory filled.
        public var catalogs = CatalogUpdater.Outcome()
        /// New entries filled from the locale's other catalogs (see `TranslationMemory`).
        public var fromMemory = TranslationMemory.Filled()
        /// New entries that took their translation, as it stood, from an orphaned catalog (see `OrphanedTranslations`).
        public var fromOrphans = 0
    }

    /// A content file after extraction: its template and the texts that are new since the last sync.
    private struct ExtractedFile: Sendable {
        /// Nil when extraction failed, or when it was skipped because the file and its template are as the
        /// last sync left them (`record` is then the cache's record; the template is read when needed).
        var template: Catalog?
        /// `StableHash.of` the template's bytes.
        var templateDigest: UInt64 = 0
        var newTexts: Set<MessageText> = []
        var units = 0
        var bytes = 0
        var templateWritten = false
        var diagnostics: [Diagnostic] = []
        /// What the sync cache knows, or will know, of this file; nil when it must not remember it.
        var record: SyncCache.ContentRecord?
        var skipped = false
    }

    /// One locale's catalog of one file, updated but not yet written because translation memory may fill it.
    private struct PendingCatalog: Sendable {
        var locale: String
        /// Absolute, and relative to the project root for messages.
        var path: String
        var displayPath: String
        var catalog: Catalog
        var existingBytes: [UInt8]?
        var cachePath: String
        var templateDigest: UInt64
    }

    private struct CatalogsResult: Sendable {
        var catalogsWritten = 0
        var writtenCatalogs: [String] = []
        var templatesWritten = 0
        var outcomes: [String: CatalogUpdater.Outcome] = [:]
        var diagnostics: [Diagnostic] = []
        var memories: [String: TranslationMemory] = [:]
        var pending: [PendingCatalog] = []
        /// The sync cache's record of each catalog handled (nil: do not trust it next time).
        var cacheRecords: [(path: String, record: SyncCache.Record?)] = []
        /// Translations handed over from orphans: locale, the orphan's index in that locale's list, count.
        var handOvers: [(locale: String, contentFile: String, orphan: Int, count: Int)] = []
        /// Per locale, the messages of orphans that a live catalog has a translation of (for `--purge-obsolete`).
        var taken: [String: Set<CatalogEntry.Key>] = [:]
    }

    /// What a sync knows of each locale's orphaned catalogs.
    private struct Orphans: Sendable {
        var catalogs: [String: [OrphanedCatalog]] = [:]
        /// Readable orphans' translations, for new catalogs.
        var translations: [String: OrphanedTranslations] = [:]
        /// Indexes in `catalogs[locale]` of the readable orphans, in the order `translations` numbers them.
        var readable: [String: [Int]] = [:]
        /// With `--purge-obsolete`: the messages orphans have a translation of, to find which a live catalog has too.
        var keys: [String: Set<CatalogEntry.Key>] = [:]
    }

    /// What every pass of one sync reads and none changes.
    private struct Pass: Sendable {
        let project: Project
        let files: [Project.SourceFile]
        let locales: [String]
        let pluralForms: [String: GettextPluralForms]
        let purge: Bool
        let collator: Collator?
        /// The last sync's cache (empty with `--purge-obsolete`, which reads every catalog).
        let cache: SyncCache
        let orphans: Orphans
        let catalogsRoot: String
        let progress: (@Sendable (WorkProgress) -> Void)?
        /// Translation memory can only add to a locale that already has catalogs: without one (a first
        /// sync), the texts new to each file are not even collected.
        let localesWithCatalogs: Set<String>
    }

    /// What the update pass needs beyond `Pass`: the texts translation memory looks for, and which files
    /// have catalogs that must be read (not skipped by the cache) because they may hold one.
    private struct MemoryWants: Sendable {
        let texts: Set<MessageText>
        let locales: Set<String>
        let holdsWantedText: [Bool]
    }

    /// Three passes: extract every file and write its template; update every locale's catalog of every
    /// file, writing those that translation memory cannot add to while learning from every catalog
    /// read; then fill and write the rest. The passes run file-parallel.
    /// Runs under the project lock (`lock` proves the caller holds it).
    public func run(holding lock: ProjectLock) throws -> Report {
        let files = try project.sourceFiles().translatable
        let locales = project.targetLocales
        let live = Set(files.map(\.catalogPath))
        var report = Report()
        report.removedTemplates = Self.removeOrphanedTemplates(project: project, live: live, diagnostics: &report.diagnostics)
        let orphans = try Self.orphans(project: project, locales: locales, live: live, purge: purgeObsolete)
        var forms: [String: GettextPluralForms] = [:]
        for locale in locales { forms[locale] = try GettextPluralForms(locale: locale) }
        let order = self.order ?? project.configuration.catalogOrder
        let collator = order == .collated ? try Collator(locale: project.configuration.sourceLocale) : nil
        let fingerprint = Self.cacheFingerprint(project: project, forms: locales.map { forms[$0]!.header }, order: order)
        let cache = purgeObsolete ? SyncCache(fingerprint: fingerprint) : SyncCache.load(for: project, fingerprint: fingerprint)
        let pass = Pass(project: project, files: files, locales: locales, pluralForms: forms, purge: purgeObsolete, collator: collator,
                        cache: cache, orphans: orphans, catalogsRoot: project.catalogsFolder.path + "/", progress: progress,
                        localesWithCatalogs: Set(locales.filter { locale in
                            FileManager.default.fileExists(atPath: project.catalogsFolder.appendingPathComponent(locale).path)
                        }))

        let extracted = Self.extractAll(pass, into: &report)
        let wants = Self.memoryWants(pass, extracted: extracted)
        let updated = Self.updateCatalogs(pass, extracted: extracted, wants: wants)

        var newCache = SyncCache(fingerprint: fingerprint)
        for (file, extraction) in zip(files, extracted) { newCache.setContent(file.path, extraction.record) }
        var memories: [String: TranslationMemory] = [:]
        var pending: [PendingCatalog] = []
        var taken: [String: Set<CatalogEntry.Key>] = [:]
        for result in updated {
            for (path, record) in result.cacheRecords { newCache.set(path, record) }
            report.catalogsWritten += result.catalogsWritten
            report.writtenCatalogs += result.writtenCatalogs
            report.templatesWritten += result.templatesWritten
            report.diagnostics += result.diagnostics
            for (locale, outcome) in result.outcomes { report.perLocale[locale, default: .init()].catalogs.add(outcome) }
            for (locale, memory) in result.memories { memories[locale, default: TranslationMemory(wanted: wants.texts)].append(memory) }
            pending += result.pending
            for handOver in result.handOvers {
                let orphan = orphans.catalogs[handOver.locale]![handOver.orphan]
                report.handOvers.append(HandOver(locale: handOver.locale, contentFile: handOver.contentFile,
                                                 formerContentFile: Self.contentRelative(orphan.formerSource, project: project), translations: handOver.count))
                report.perLocale[handOver.locale, default: .init()].fromOrphans += handOver.count
                report.perLocale[handOver.locale, default: .init()].catalogs.added -= handOver.count
            }
            for (locale, keys) in result.taken { taken[locale, default: []].formUnion(keys) }
        }
        report.handOvers.sort { ($0.locale, $0.contentFile, $0.formerContentFile) < ($1.locale, $1.contentFile, $1.formerContentFile) }
        Self.learnFromOrphansAndMemoryFiles(pass, wants: wants, into: &memories)
        Self.fillAndWrite(pending, pass, memories: memories, cache: &newCache, taken: &taken, report: &report)

        if purgeObsolete {
            report.purgedCatalogs = Self.purge(orphans, taken: taken, project: project, forms: forms, diagnostics: &report.diagnostics)
        } else {
            for locale in locales {
                let memoryFile = project.displayPath(TranslationMemoryFile.url(in: project, locale: locale))
                report.diagnostics += (orphans.catalogs[locale] ?? []).map { $0.warning(memoryFile: memoryFile) }
            }
        }
        if newCache.records != cache.records || newCache.contents != cache.contents {
            do {
                try newCache.save(for: project)
            } catch {
                report.diagnostics.append(Diagnostic(.warning, file: project.displayPath(SyncCache.location(of: project)),
                                                     "could not save the sync cache: \(error)", hint: "the next sync reads every catalog; nothing is lost"))
            }
        }
        return report
    }

    /// Pass 1: every file extracted (or known unchanged from the cache) and its template written.
    private static func extractAll(_ pass: Pass, into report: inout Report) -> [ExtractedFile] {
        let files = pass.files
        let collectNewTexts = !pass.localesWithCatalogs.isEmpty
        let extractedCount = Atomic<Int>(0)
        let extracted = files.parallelMap { file in
            defer { pass.progress?(.init(phase: .extracting, done: extractedCount.add(1, ordering: .relaxed).newValue, total: files.count)) }
            return Self.extract(file, project: pass.project, writer: pass.project.poWriter, collator: pass.collator, collectNewTexts: collectNewTexts, cache: pass.cache)
        }
        report.files = files.count
        for file in extracted {
            report.units += file.units
            report.bytesRead += file.bytes
            report.templatesWritten += file.templateWritten ? 1 : 0
            report.diagnostics += file.diagnostics
        }
        return extracted
    }

    /// The texts new to some file that translation memory looks for, and which files' catalogs must be
    /// read for them. Catalogs that may hold such a text are read, not skipped: for each text, those of
    /// the first few files (in path order) that have it, which bounds the extra reading when the text is
    /// boilerplate found in hundreds of posts. Texts are told apart by digest here: files whose
    /// extraction was skipped are known by their digests only.
    private static func memoryWants(_ pass: Pass, extracted: [ExtractedFile]) -> MemoryWants {
        var wanted = Set<MessageText>()
        for file in extracted { wanted.formUnion(file.newTexts) }
        let wantedDigests = Set(wanted.map { StableHash.of(utf8: $0.text) })
        var holders: [UInt64: Int] = [:]
        let holdsWantedText = extracted.map { file -> Bool in
            guard !wantedDigests.isEmpty, let digests = file.record?.textDigests ?? file.template?.entries.map({ StableHash.of(utf8: $0.id) }) else { return false }
            var holds = false
            for digest in digests {
                guard wantedDigests.contains(digest), holders[digest, default: 0] < Self.memoryHoldersPerText else { continue }
                holders[digest, default: 0] += 1
                holds = true
            }
            return holds
        }
        return MemoryWants(texts: wanted, locales: wanted.isEmpty ? [] : pass.localesWithCatalogs, holdsWantedText: holdsWantedText)
    }

    /// Pass 2: each file's catalogs in every locale brought up to date with its template; a catalog the
    /// cache vouches for is kept as it is, one translation memory may fill is left pending.
    private static func updateCatalogs(_ pass: Pass, extracted: [ExtractedFile], wants: MemoryWants) -> [CatalogsResult] {
        let files = pass.files
        let updatedCount = Atomic<Int>(0)
        return Array(zip(files.indices, zip(files, extracted))).parallelMap { index, item -> CatalogsResult in
            defer { pass.progress?(.init(phase: .updating, done: updatedCount.add(1, ordering: .relaxed).newValue, total: files.count)) }
            let (file, extraction) = item
            return Self.updateCatalogs(of: file, extraction, mayHoldWantedText: wants.holdsWantedText[index], pass, wants: wants)
        }
    }

    private static func updateCatalogs(of file: Project.SourceFile, _ extraction: ExtractedFile, mayHoldWantedText: Bool, _ pass: Pass,
                                       wants: MemoryWants) -> CatalogsResult {
        let project = pass.project
        var result = CatalogsResult()
        guard extraction.template != nil || extraction.skipped else { return result }
        var template = extraction.template
        var templateDigest = extraction.templateDigest
        // The locales' catalogs of one file share their msgids: each is laid out once.
        let memo = POWriter.WrapMemo()
        for locale in pass.locales {
            let cachePath = locale + "/" + file.catalogPath
            let path = pass.catalogsRoot + cachePath
            if !mayHoldWantedText, pass.cache.isUnchanged(cachePath, atPath: path, templateDigest: templateDigest) {
                // As the last sync left it, for the same template: it would be rewritten with the same bytes.
                result.outcomes[locale, default: .init()].kept += extraction.record?.entryCount ?? template?.entries.count ?? 0
                result.cacheRecords.append((cachePath, pass.cache.records[cachePath]))
                continue
            }
            if template == nil {
                // Extraction was skipped but this catalog needs its template: read it, or extract after all.
                let loaded = Self.cachedTemplate(of: file, digest: templateDigest, project: project)
                    ?? Self.extract(file, project: project, writer: project.poWriter, collator: pass.collator, collectNewTexts: false, cache: nil)
                guard let read = loaded.template else {
                    result.diagnostics += loaded.diagnostics
                    return result
                }
                template = read
                templateDigest = loaded.templateDigest
                result.templatesWritten += loaded.templateWritten ? 1 : 0
            }
            guard let template else { return result }
            do {
                try Self.updateCatalog(of: file, locale: locale, template: template, templateDigest: templateDigest,
                                       project: project, catalogsRoot: pass.catalogsRoot, writer: project.poWriter, memo: memo,
                                       forms: pass.pluralForms[locale]!, purge: pass.purge,
                                       memory: wants.locales.contains(locale) ? wants.texts : nil, orphans: pass.orphans, into: &result)
            } catch {
                result.diagnostics.append(Diagnostic(.error, file: project.displayPath(project.catalogURL(locale: locale, catalogPath: file.catalogPath)), ProjectError.message(of: error)))
            }
        }
        return result
    }

    /// Orphans and the translations purged before are learned after every live catalog: a live
    /// catalog's translation of a text wins.
    private static func learnFromOrphansAndMemoryFiles(_ pass: Pass, wants: MemoryWants, into memories: inout [String: TranslationMemory]) {
        for locale in wants.locales {
            var more = TranslationMemory(wanted: wants.texts)
            for orphan in pass.orphans.catalogs[locale] ?? [] where !orphan.diagnostics.hasErrors { more.learn(from: orphan.catalog) }
            if let memoryFile = try? TranslationMemoryFile.load(in: pass.project, locale: locale), !memoryFile.diagnostics.hasErrors {
                more.learn(from: memoryFile.catalog)
            }
            if !more.isEmpty { memories[locale, default: TranslationMemory(wanted: wants.texts)].append(more) }
        }
    }

    /// Pass 3: the pending catalogs filled from translation memory and written.
    private static func fillAndWrite(_ pending: [PendingCatalog], _ pass: Pass, memories: [String: TranslationMemory], cache: inout SyncCache,
                                     taken: inout [String: Set<CatalogEntry.Key>], report: inout Report) {
        let project = pass.project
        let finished = pending.parallelMap { item -> (written: Bool, filled: TranslationMemory.Filled, taken: Set<CatalogEntry.Key>, diagnostic: Diagnostic?) in
            var catalog = item.catalog
            let filled = memories[item.locale]?.fill(&catalog) ?? .init()
            let taken = Self.translatedKeys(of: catalog, among: pass.orphans.keys[item.locale])
            do {
                let written = try FileTree.writeIfChanged(project.poWriter.encoded(catalog), toPath: item.path, existing: .some(item.existingBytes))
                return (written, filled, taken, nil)
            } catch {
                return (false, filled, taken, Diagnostic(.error, file: item.displayPath, ProjectError.message(of: error)))
            }
        }
        for (item, outcome) in zip(pending, finished) {
            taken[item.locale, default: []].formUnion(outcome.taken)
            cache.set(item.cachePath, outcome.diagnostic == nil ? SyncCache.statRecord(atPath: item.path, templateDigest: item.templateDigest) : nil)
            report.catalogsWritten += outcome.written ? 1 : 0
            if outcome.written { report.writtenCatalogs.append(item.displayPath) }
            if let diagnostic = outcome.diagnostic { report.diagnostics.append(diagnostic) }
            report.perLocale[item.locale, default: .init()].fromMemory.translated += outcome.filled.translated
            report.perLocale[item.locale, default: .init()].fromMemory.needsReview += outcome.filled.needsReview
            report.perLocale[item.locale, default: .init()].catalogs.added -= outcome.filled.translated + outcome.filled.needsReview
        }
    }

    /// How many catalogs are read to find a translation for one text new to a file.
    static let memoryHoldersPerText = 4

    // MARK: Orphaned catalogs

    /// Each locale's orphaned catalogs, and their translations when a sync may use them.
    private static func orphans(project: Project, locales: [String], live: Set<String>, purge: Bool) throws -> Orphans {
        var orphans = Orphans()
        for orphan in try project.orphanedCatalogs(locales: locales, live: live) {
            orphans.catalogs[orphan.locale, default: []].append(orphan)
        }
        for (locale, catalogs) in orphans.catalogs {
            let readable = catalogs.indices.filter { !catalogs[$0].diagnostics.hasErrors }
            orphans.readable[locale] = readable
            let translations = OrphanedTranslations(catalogs: readable.map { catalogs[$0].catalog })
            if !translations.isEmpty { orphans.translations[locale] = translations }
            if purge {
                orphans.keys[locale] = Set(catalogs.flatMap { orphan in
                    orphan.catalog.entries.filter { !$0.isObsolete && !$0.isHeader }.map(\.key)
                })
            }
        }
        return orphans
    }

    /// The messages among `keys` that `catalog` has a translation of (translated or needing review).
    private static func translatedKeys(of catalog: Catalog, among keys: Set<CatalogEntry.Key>?) -> Set<CatalogEntry.Key> {
        guard let keys, !keys.isEmpty else { return [] }
        return Set(catalog.entries.lazy.filter { !$0.isObsolete && $0.translations.contains { !$0.isEmpty } && keys.contains($0.key) }.map(\.key))
    }

    /// Removes the templates of content files that no longer exist: a template is made from its content
    /// file, so nothing is lost. Returns their paths from the project root.
    private static func removeOrphanedTemplates(project: Project, live: Set<String>, diagnostics: inout [Diagnostic]) -> [String] {
        var removed: [String] = []
        do {
            for catalogPath in try project.orphanedTemplates(live: live) {
                let url = project.templateURL(catalogPath: catalogPath)
                do {
                    try FileManager.default.removeItem(at: url)
                    removed.append(project.displayPath(url))
                    removeEmptyFolders(from: url.deletingLastPathComponent(), upTo: project.templatesFolder)
                } catch {
                    diagnostics.append(Diagnostic(.warning, file: project.displayPath(url),
                                                  "its content file no longer exists, and it could not be removed: \(error.localizedDescription)"))
                }
            }
        } catch {
            diagnostics.append(Diagnostic(.warning, file: project.displayPath(project.templatesFolder), ProjectError.message(of: error)))
        }
        return removed
    }

    /// `--purge-obsolete`: removes each orphaned catalog whose translations are safe. A translation is
    /// safe when a live catalog of the locale has a translation of the same message (its own wins, as
    /// msgmerge's would) or when it is in the locale's `TranslationMemoryFile`; the others are written
    /// there first, atomically, and a catalog is removed only once that write succeeded. A catalog with
    /// errors, or whose translation of a message differs from the one memory already keeps, stays.
    private static func purge(_ orphans: Orphans, taken: [String: Set<CatalogEntry.Key>], project: Project,
                              forms: [String: GettextPluralForms], diagnostics: inout [Diagnostic]) -> [PurgedCatalog] {
        var purged: [PurgedCatalog] = []
        for locale in orphans.catalogs.keys.sorted() {
            let catalogs = orphans.catalogs[locale]!
            let memoryURL = TranslationMemoryFile.url(in: project, locale: locale)
            let memoryPath = project.displayPath(memoryURL)
            var memory: TranslationMemoryFile
            do { memory = try TranslationMemoryFile.load(in: project, locale: locale) } catch {
                diagnostics.append(Diagnostic(.error, file: memoryPath, ProjectError.message(of: error),
                                              hint: "no orphaned catalog of \(locale) was removed: their translations would be lost"))
                continue
            }
            if memory.diagnostics.hasErrors {
                diagnostics += memory.diagnostics
                diagnostics += catalogs.map { Diagnostic(.error, file: $0.catalogFile, "not removed: the translation memory file \(memoryPath) has errors",
                                                         hint: "fix the errors above, then run tolk sync --purge-obsolete again") }
                continue
            }
            var removable: [PurgedCatalog] = []
            for orphan in catalogs {
                if orphan.diagnostics.hasErrors {
                    diagnostics += orphan.diagnostics
                    diagnostics.append(Diagnostic(.error, file: orphan.catalogFile, "not removed because it has errors: its translations could not all be kept",
                                                  hint: "fix the errors above, then run tolk sync --purge-obsolete again"))
                    continue
                }
                let translations = orphan.catalog.entries.filter { !$0.isObsolete && !$0.isHeader && $0.translations.contains { !$0.isEmpty } }
                let untaken = translations.filter { !(taken[locale]?.contains($0.key) ?? false) }
                let conflicts = memory.keep(untaken, from: orphan.catalogFile)
                if !conflicts.isEmpty {
                    diagnostics.append(Diagnostic(.warning, file: orphan.catalogFile,
                                                  "not removed: \(conflicts.count) of its translations differ from those \(memoryPath) keeps for the same messages",
                                                  hint: "keep the right translation in \(memoryPath), or delete \(orphan.catalogFile) by hand"))
                    continue
                }
                removable.append(PurgedCatalog(catalogFile: orphan.catalogFile, takenByOtherCatalogs: translations.count - untaken.count,
                                               keptInMemory: untaken.count, memoryFile: memoryPath))
            }
            guard !removable.isEmpty else { continue }
            if let localeForms = forms[locale] { fillHeader(&memory.catalog, locale: locale, forms: localeForms) }
            do {
                if memory.existingBytes != nil || memory.catalog.entries.contains(where: { !$0.isHeader }) {
                    try FileTree.writeIfChanged(project.poWriter.encoded(memory.catalog), to: memoryURL, existing: .some(memory.existingBytes))
                }
            } catch {
                diagnostics.append(Diagnostic(.error, file: memoryPath, ProjectError.message(of: error),
                                              hint: "no orphaned catalog of \(locale) was removed: their translations would be lost"))
                continue
            }
            for catalog in removable {
                let url = project.root.appendingPathComponent(catalog.catalogFile)
                do {
                    try FileManager.default.removeItem(at: url)
                    purged.append(catalog)
                    removeEmptyFolders(from: url.deletingLastPathComponent(), upTo: project.catalogsFolder.appendingPathComponent(locale))
                } catch {
                    diagnostics.append(Diagnostic(.error, file: catalog.catalogFile, "could not be removed: \(error.localizedDescription)",
                                                  hint: "its translations are kept in \(memoryPath); delete it by hand"))
                }
            }
        }
        return purged
    }

    /// Removes `folder` and its parents below `top` while they are empty.
    private static func removeEmptyFolders(from folder: URL, upTo top: URL) {
        var folder = folder.standardizedFileURL
        let top = top.standardizedFileURL.path
        while folder.path.hasPrefix(top + "/"), rmdir(folder.path) == 0 { folder = folder.deletingLastPathComponent() }
    }

    /// `content/posts/a.md` → `posts/a.md`.
    private static func contentRelative(_ path: String, project: Project) -> String {
        let prefix = project.configuration.contentPath + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// What the cached records depend on besides the files: this tolk, the configuration, ICU's plural rules.
    private static func cacheFingerprint(project: Project, forms: [String], order: Configuration.CatalogOrder) -> String {
        let configuration = (try? FileTree.readIfPresent(project.root.appendingPathComponent(Configuration.fileName))) ?? nil
        let parts = [SyncCache.version, String(StableHash.of(configuration ?? []), radix: 16), String(StableHash.of(Array(forms.joined(separator: "\n").utf8)), radix: 16),
                     "\(order)", project.poWriter.referenceStyle.rawValue, "\(project.poWriter.pageWidth)",
                     // A generator detected from the root's files (not tolk.yaml) decides the dialect too.
                     (project.configuration.siteGenerator ?? .plain).rawValue]
        return parts.joined(separator: " ")
    }

    private static func extract(_ file: Project.SourceFile, project: Project, writer: POWriter, collator: Collator?,
                                collectNewTexts: Bool, cache: SyncCache?) -> ExtractedFile {
        var result = ExtractedFile()
        let contentPath = project.root.path + "/" + file.rootPath
        let templatePath = project.templateURL(catalogPath: file.catalogPath).path
        if let cache, let record = cache.unchangedContent(file.path, atPath: contentPath, templatePath: templatePath) {
            result.skipped = true
            result.record = record
            result.templateDigest = record.content.templateDigest
            result.bytes = Int(record.content.size)
            result.units = record.units
            return result
        }
        // Taken before reading: if the file changes while it is extracted, the record would vouch for text never read.
        let statBeforeReading = SyncCache.statRecord(atPath: contentPath, templateDigest: 0)
        do {
            let (document, diagnostics) = try project.extract(file)
            result.diagnostics = diagnostics
            result.units = document.units.count
            result.bytes = document.bytes.count
            if diagnostics.hasErrors { return result }
            let template = TemplateBuilder.template(for: document, contentPrefix: String(file.rootPath.dropLast(file.path.count)), collator: collator)
            let url = project.templateURL(catalogPath: file.catalogPath)
            let previous = try FileTree.readIfPresent(url)
            let bytes = writer.encoded(template)
            if collectNewTexts, previous != bytes {
                // Only a changed template can hold texts that are new since the last sync.
                let previousTexts = Set((previous.map { POReader(path: "").read($0).catalog.entries } ?? []).map { MessageText($0.id) })
                result.newTexts = Set(template.entries.map { MessageText($0.id) }).subtracting(previousTexts)
            }
            result.templateDigest = StableHash.of(bytes)
            result.templateWritten = try FileTree.writeIfChanged(bytes, to: url, existing: .some(previous))
            result.template = template
            // Remembered only when extraction said nothing: a skipped file would not repeat its warnings.
            if diagnostics.isEmpty, let content = SyncCache.statRecord(atPath: contentPath, templateDigest: result.templateDigest),
               let before = statBeforeReading, before.size == content.size, before.modified == content.modified, before.inode == content.inode,
               let written = SyncCache.statRecord(atPath: templatePath, templateDigest: result.templateDigest) {
                result.record = SyncCache.ContentRecord(content: content, template: written, units: document.units.count, entryCount: template.entries.count,
                                                        textDigests: template.entries.map { StableHash.of(utf8: $0.id) })
            }
        } catch {
            result.diagnostics.append(Diagnostic(.error, file: file.rootPath, ProjectError.message(of: error)))
        }
        return result
    }

    /// The template the last sync wrote for `file`, if it still has the digest the cache recorded.
    private static func cachedTemplate(of file: Project.SourceFile, digest: UInt64, project: Project) -> ExtractedFile? {
        let url = project.templateURL(catalogPath: file.catalogPath)
        guard let bytes = try? FileTree.readIfPresent(url), StableHash.of(bytes) == digest else { return nil }
        let read = POReader(path: project.displayPath(url)).read(bytes)
        guard !read.diagnostics.hasErrors else { return nil }
        var result = ExtractedFile()
        result.template = read.catalog
        result.templateDigest = digest
        return result
    }

    /// Updates one locale's catalog of one file; writes it, or leaves it pending when translation memory
    /// (`memory`: the texts it looks for) may fill some of its new entries.
    private static func updateCatalog(of file: Project.SourceFile, locale: String, template: Catalog, templateDigest: UInt64,
                                      project: Project, catalogsRoot: String, writer: POWriter,
                                      memo: POWriter.WrapMemo, forms: GettextPluralForms, purge: Bool, memory wanted: Set<MessageText>?,
                                      orphans: Orphans, into result: inout CatalogsResult) throws {
        let cachePath = locale + "/" + file.catalogPath
        let path = catalogsRoot + cachePath
        let displayPath = project.configuration.catalogsPath + "/" + cachePath
        let bytes = try FileTree.readIfPresent(atPath: path)
        var existing: Catalog?
        if let bytes {
            let read = POReader(path: displayPath).read(bytes)
            if read.diagnostics.hasErrors {
                // Never rewrite a catalog we could not read completely: it would drop what we skipped.
                result.diagnostics += read.diagnostics
                result.diagnostics.append(Diagnostic(.error, file: displayPath, "not updated because it has errors",
                                                     hint: "fix the errors above, then run tolk sync again"))
                result.cacheRecords.append((cachePath, nil))
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
        if bytes == nil, let handOver = orphans.translations[locale] {
            // A new catalog: the file may be a renamed one whose old catalog is now an orphan.
            for (index, count) in handOver.handOver(into: &catalog).sorted(by: { $0.key < $1.key }) {
                result.handOvers.append((locale, file.path, orphans.readable[locale]![index], count))
            }
        }
        if let keys = orphans.keys[locale] {
            result.taken[locale, default: []].formUnion(translatedKeys(of: catalog, among: keys))
        }
        if let wanted, outcome.added > 0, catalog.entries.contains(where: { $0.status == .untranslated && wanted.contains(MessageText($0.id)) }) {
            result.pending.append(PendingCatalog(locale: locale, path: path, displayPath: displayPath, catalog: catalog, existingBytes: bytes,
                                                 cachePath: cachePath, templateDigest: templateDigest))
            return
        }
        if try FileTree.writeIfChanged(writer.encoded(catalog, memo: memo), toPath: path, existing: .some(bytes)) {
            result.catalogsWritten += 1
            result.writtenCatalogs.append(displayPath)
        }
        result.cacheRecords.append((cachePath, SyncCache.statRecord(atPath: path, templateDigest: templateDigest)))
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
