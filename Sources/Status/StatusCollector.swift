import Catalog
import Checks
import Core
import Extractor
import Foundation
import LocaleData
import Reports
import Sync
import Synchronization
import Workspace

/// `tolk status`: reads every catalog of the chosen locales, in parallel, and sums the figures per
/// catalog, section and locale; validates each catalog as `tolk check` does (same `TranslationGate`); and,
/// when asked, keeps a bounded list of the work still to do for the HTML report.
///
/// The work is split by content file: one task reads that file's catalog in every locale, so the words
/// of each source text are broken once (ICU word breaking in the source language), not once per locale.
/// A locale with no catalog for a file yet is counted from the file's template, all untranslated, with a
/// warning that tells the user to run `tolk sync`.
///
/// ```swift
/// let collection = try StatusCollector(project: project).collect(.init(locales: ["ru"], workItemLimit: 200))
/// collection.report.locales[0].total.percentByWords
/// ```
public struct StatusCollector {
    public let project: Project

    public init(project: Project) { self.project = project }

    public struct Options: Sendable {
        /// Locales to report on, in any order (every target locale when empty).
        public var locales: [String]
        /// Work items kept per locale and kind (0: none, the figures only).
        public var workItemLimit: Int

        public init(locales: [String] = [], workItemLimit: Int = 0) {
            self.locales = locales
            self.workItemLimit = workItemLimit
        }
    }

    /// The report, and what reading the catalogs found that the user must see: parse errors, charset
    /// conversions, missing catalogs. (The findings of the validation are counted in the report.)
    public struct Collection: Sendable {
        public var report: StatusReport
        public var diagnostics: [Diagnostic]
    }

    /// Every target locale's status and the reading diagnostics, figures only.
    public func run() throws -> (statuses: [LocaleStatus], diagnostics: [Diagnostic]) {
        let collection = try collect()
        return (collection.report.locales, collection.diagnostics)
    }

    public func collect(_ options: Options = Options()) throws -> Collection {
        let targets = project.targetLocales
        let named = try options.locales.map { name throws(UnknownLocaleError) in try self.project.targetLocale(named: name) }
        let locales = named.isEmpty ? targets : targets.filter { named.contains($0) }
        let sourceLocale = project.configuration.sourceLocale
        let checks = try locales.map { try CatalogCheck(locale: $0) }
        // Fail now, not in every task, when ICU has no word breaking for the source locale.
        _ = try SourceWordCounter(sourceLocale: sourceLocale)

        let files = try project.sourceFiles().translatable
        // Catalogs whose content file is gone are looked for while the others are read.
        let orphans = Prefetch { [project] in
            Result { try project.orphanedCatalogs(locales: locales, live: Set(files.map(\.catalogPath))) }
        }
        let tasks = files.enumerated().map { FileTask(order: $0.offset, file: $0.element) }
        let workLists = SharedWorkLists(locales: locales.count, limit: options.workItemLimit)
        let project = self.project
        let folders = Folders(catalogs: project.catalogsFolder.path, displayedCatalogs: project.displayPath(project.catalogsFolder))
        let cache = StatusCache.load(from: project, fingerprint: StatusCache.fingerprint(sourceLocale: sourceLocale, siteGenerator: project.configuration.siteGenerator ?? .plain))
        // Work lists need the entries themselves: only a figures-only report trusts the cache.
        let usable = options.workItemLimit == 0 ? cache : StatusCache(fingerprint: cache.fingerprint)
        let verdicts = VerdictCache(project: project, recordsUse: named.isEmpty)
        let outcomes = tasks.parallelMap { task in
            Result { () throws -> FileOutcome in
                try Self.collect(task, locales: locales, checks: checks, sourceLocale: sourceLocale, project: project, folders: folders,
                                 workLists: workLists, cache: usable, verdicts: verdicts)
            }
        }

        var statuses = zip(locales, checks).map { locale, check in
            var status = LocaleStatus(locale: locale)
            status.pluralCategories = check.pluralForms.categories
            return status
        }
        var diagnostics: [Diagnostic] = []
        let finished = try outcomes.map { try $0.get() }
        // When every catalog was judged, the verdicts of translations no catalog holds any more go.
        // They are saved while the figures are summed and the status cache is written.
        let catalogsFromCache = finished.reduce(0) { $0 + $1.catalogsFromCache }
        let dropsUnusedVerdicts = named.isEmpty && catalogsFromCache == 0
        let verdictsSaved = Prefetch { [project] in _ = try? verdicts.save(in: project, dropsUnused: dropsUnusedVerdicts) }
        var newCache = StatusCache(fingerprint: cache.fingerprint)
        // Room for every record: as many as the cache had, or one per catalog read now.
        newCache.records.reserveCapacity(max(cache.records.count, files.count * locales.count))
        // Locales not reported on this time keep their records.
        for (key, record) in cache.records where !locales.contains(where: { key.hasPrefix($0 + "/") }) { newCache.records[key] = record }
        for outcome in finished {
            diagnostics += outcome.diagnostics
            for (key, record) in outcome.cacheRecords { newCache.records[key] = record }
            for (index, file) in outcome.files.enumerated() {
                statuses[index].files.append(file)
                statuses[index].total += file.counts
            }
        }
        // Catalogs whose content file is gone: warnings, listed apart from the figures (their messages are no page's).
        for orphan in try orphans.value.get() {
            guard let index = locales.firstIndex(of: orphan.locale) else { continue }
            statuses[index].orphanedCatalogs.append(OrphanedCatalogStatus(catalogFile: orphan.catalogFile, formerSource: orphan.formerSource,
                                                                          translations: orphan.translationCount))
            diagnostics.append(orphan.warning(memoryFile: project.displayPath(TranslationMemoryFile.url(in: project, locale: orphan.locale))))
        }
        if newCache.records != cache.records { try? newCache.save(in: project) }   // a cache that cannot be written only costs speed
        verdictsSaved.value
        let work = workLists.finished()
        for index in statuses.indices { statuses[index].work = work[index] }
        return Collection(report: StatusReport(sourceLocale: sourceLocale, locales: statuses, workItemLimit: options.workItemLimit),
                          diagnostics: diagnostics)
    }

    // MARK: One content file in every locale

    private struct FileTask: Sendable {
        var order: Int
        var file: Project.SourceFile
    }

    private struct FileOutcome: Sendable {
        /// One per locale, in the locales' order.
        var files: [FileStatus]
        var diagnostics: [Diagnostic]
        var cacheRecords: [(key: String, record: StatusCache.Record)] = []
        /// Catalogs counted from the status cache, not read.
        var catalogsFromCache = 0
    }

    /// The catalogs folder as a path to read from and as the user sees it (relative to the project root).
    private struct Folders: Sendable {
        var catalogs: String
        var displayedCatalogs: String
    }

    private static func collect(_ task: FileTask, locales: [String], checks: [CatalogCheck], sourceLocale: String,
                                project: Project, folders: Folders, workLists: SharedWorkLists, cache: StatusCache,
                                verdicts: VerdictCache) throws -> FileOutcome {
        let file = task.file
        var wordCounter: SourceWordCounter?
        let section = StatusSection.of(contentPath: file.path, kind: sectionKind(file.role))
        let sourceFile = file.rootPath
        var template: POReader.Result??
        var outcome = FileOutcome(files: [], diagnostics: [])
        // The same source texts are checked in every locale: their markup is read once.
        let sourceMarkup = SourceMarkupMemo(dialect: file.format.markdownDialect)
        // And their msgids digested once.
        let scanMemo = POReader.ScanMemo()
        let ledger = VerdictLedger(verdicts)
        // Figures need no comments (work items show references): reading them is most of the reader's allocations.
        let skipsComments = workLists.limit == 0

        for (localeIndex, locale) in locales.enumerated() {
            // Paths as strings: building a URL per catalog costs a stat call (is it a folder?) each time.
            let catalogFolder = folders.catalogs + "/" + locale + "/"
            let path = folders.displayedCatalogs + "/" + locale + "/" + file.catalogPath
            var counts = StatusCounts()
            var work = workLists.collector(locale: localeIndex, order: task.order)
            let cacheKey = locale + "/" + file.catalogPath
            // A catalog the cache has a record of is stat'ed first (its record may do); the stamps of
            // one that is read are taken on the open file, as opened and once read.
            let cached = cache.records[cacheKey]
            if let cached, FileStamp.of(path: catalogFolder + file.catalogPath) == cached.stamp {
                outcome.cacheRecords.append((cacheKey, cached))
                outcome.catalogsFromCache += 1
                outcome.files.append(FileStatus(catalogPath: file.catalogPath, catalogFile: path, sourceFile: sourceFile,
                                                section: section, catalogExists: true, counts: cached.counts))
                continue
            }
            if wordCounter == nil { wordCounter = try SourceWordCounter.forStatus(sourceLocale: sourceLocale, dialect: file.format.markdownDialect) }
            let words = wordCounter!
            let check = checks[localeIndex]
            let gate = TranslationGate(check: check, isMessageFormat: file.format.isMessageFormat, dialect: file.format.markdownDialect,
                                       verdicts: ledger)
            let stamped = try FileTree.readIfPresentStamped(atPath: catalogFolder + file.catalogPath)
            let bytes = stamped?.bytes
            let exists = bytes != nil
            // Read without diagnostics: only such a catalog's figures go into the status cache.
            let readCleanly: Bool
            // Figures only: counted from the catalog's bytes, without its entries, when it can be.
            if let bytes, work == nil, !file.format.isMessageFormat,
               let figures = Self.figures(of: bytes, path: path, gate: gate, words: words, memo: sourceMarkup, scanMemo: scanMemo) {
                counts = figures.counts
                readCleanly = figures.diagnostics.isEmpty
                outcome.diagnostics += figures.diagnostics
            } else {
                let read: POReader.Result
                if let bytes {
                    read = POReader(path: path, skipsComments: skipsComments).read(bytes)
                    counts.add(read.diagnostics)
                    for diagnostic in read.diagnostics {
                        work?.add(diagnostic.severity == .error ? .error : .warning) { WorkItem(diagnostic) }
                    }
                    outcome.diagnostics += read.diagnostics
                } else {
                    if template == nil {
                        let templateURL = project.templateURL(catalogPath: file.catalogPath)
                        let found = try FileTree.readIfPresent(atPath: templateURL.path).map { POReader(path: project.displayPath(templateURL)).read($0) }
                        outcome.diagnostics += found?.diagnostics ?? []
                        template = .some(found)
                    }
                    read = (template ?? nil) ?? POReader(path: path).read([])
                    let missing = Diagnostic(.warning, file: path, "no catalog for \(locale) yet; its messages are counted as untranslated",
                                             hint: "run tolk sync to create it")
                    counts.warnings += 1
                    work?.add(.warning) { WorkItem(missing) }
                    outcome.diagnostics.append(missing)
                }
                readCleanly = read.diagnostics.isEmpty

                let calculator = StatusCalculator(locale: locale, pluralForms: check.pluralForms)
                for (index, entry) in read.catalog.entries.enumerated() where !entry.isHeader {
                    let assessment = calculator.assess(entry, words: words.count)
                    counts.add(assessment)
                    // A template stands in for a missing catalog: its entries have no translations to check.
                    let problems = exists ? gate.problems(of: entry, at: index, in: read, file: path, memo: sourceMarkup) : []
                    counts.add(problems)
                    guard work != nil else { continue }
                    let line = read.locations.indices.contains(index) ? read.locations[index].line : 0
                    for problem in problems { work?.add(problem.severity == .error ? .error : .warning) { WorkItem(problem, entry: entry) } }
                    switch assessment.status {
                    case .needsReview: work?.add(.needsReview) { WorkItem(kind: .needsReview, entry: entry, catalogFile: path, line: line) }
                    case .untranslated: work?.add(.untranslated) { WorkItem(kind: .untranslated, entry: entry, catalogFile: path, line: line) }
                    case .translated, .obsolete: break
                    }
                    if !assessment.missingPluralCategories.isEmpty {
                        work?.add(.missingPluralForms) {
                            WorkItem(kind: .missingPluralForms, entry: entry, catalogFile: path, line: line, missingCategories: assessment.missingPluralCategories)
                        }
                    }
                }
                if let work { workLists.merge(work, locale: localeIndex, order: task.order) }
            }
            // Only figures of the bytes the stamp stands for are kept: none of a file written to while it was read.
            if let stamped, readCleanly, stamped.read == stamped.opened {
                outcome.cacheRecords.append((cacheKey, StatusCache.Record(stamp: stamped.opened, counts: counts)))
            }
            outcome.files.append(FileStatus(catalogPath: file.catalogPath, catalogFile: path, sourceFile: sourceFile,
                                            section: section, catalogExists: exists, counts: counts))
        }
        return outcome
    }

    /// The figures of a catalog that holds singular entries only (most: a page's), counted from its
    /// bytes (`POReader.scan`) as the loop over `POReader.read`'s entries counts them: each entry's
    /// counted status and source words, and the problems the gate finds, by severity. A translation
    /// the verdict cache knows clean and a source text met in another locale's catalog cost no
    /// `String`. Nil when the catalog has a plural entry or must be converted from another charset:
    /// it is read whole then.
    /// - Parameter visit: also given each entry the figures count, with its status, the problems the
    ///   gate found in its translation (a build keeps the translations and refuses those) and the
    ///   translation as a `String` when the gate made one to judge it; what it was given is void when
    ///   the result is nil.
    package static func figures(of bytes: [UInt8], path: String, gate: TranslationGate, words: SourceWordCounter,
                                memo: SourceMarkupMemo, scanMemo: POReader.ScanMemo? = nil,
                                visit: ((POReader.EntryBytes, CountedStatus, [TranslationChecks.Problem], String?) -> Void)? = nil)
        -> (counts: StatusCounts, diagnostics: [Diagnostic])? {
        var counts = StatusCounts()
        var hasPlural = false
        var position = 0
        // Source texts digested as the verdict keys take them: each is hashed once for both.
        let diagnostics = POReader(path: path, skipsComments: true).scan(bytes, digestKey: gate.scanDigestKey, memo: scanMemo) { entry in
            defer { position += 1 }
            guard !hasPlural else { return }
            guard entry.idPlural == nil, entry.translations.count == 1 else { hasPlural = true; return }
            // Also CatalogEntry.status, which the gate goes by (the same for a singular entry).
            let status = CountedStatus(isObsolete: entry.isObsolete, firstTranslationIsEmpty: entry.translations[0].isEmpty, isFuzzy: entry.isFuzzy)
            counts.add(EntryAssessment(status: status, words: status == .obsolete ? 0 : words.count(utf8: entry.id, digest: entry.idDigest, at: position), missingPluralCategories: []))
            // A singular entry has no plural gaps or form count to get wrong, and this catalog no
            // MessageFormat: the gate's findings are the structure's, errors when it would ship.
            let (problems, translation) = status == .translated || status == .needsReview
                ? gate.structureProblems(source: entry.id, sourceDigest: entry.idDigest, translation: entry.translations[0], memo: memo) : ([], nil)
            if status == .translated { counts.errors += problems.count } else { counts.warnings += problems.count }
            visit?(entry, status, problems, translation)
        }
        guard let diagnostics, !hasPlural else { return nil }
        counts.add(diagnostics)
        return (counts, diagnostics)
    }

    private static func sectionKind(_ role: ContentRole) -> StatusSection.Kind {
        switch role {
        case .page: .pages
        case .navigation: .navigation
        case .siteStrings: .siteStrings
        }
    }
}

extension SourceWordCounter {
    /// The counter of a content file's source words as `tolk status` counts them (and `tolk build`,
    /// for the figures it leaves in the status cache): what a reader reads, without the dialect's syntax.
    package static func forStatus(sourceLocale: String, dialect: (any MarkdownDialect)?) throws(ICUError) -> SourceWordCounter {
        forStatus(counter: try WordCounter(locale: sourceLocale), dialect: dialect)
    }

    /// The same with the source locale's `counter` lent (see `init(counter:readableText:)`).
    package static func forStatus(counter: WordCounter, dialect: (any MarkdownDialect)?) -> SourceWordCounter {
        SourceWordCounter(counter: counter, readableText: dialect.map { dialect in { InlineMarkup.readableText($0, dialect: dialect) } })
    }
}

// MARK: Bounded work lists

/// One task's work items for one locale: at most `limit` of each kind (more could never be shown),
/// and none of a kind whose shared list is already full with items from earlier files.
private struct WorkCollector {
    let limit: Int
    let openKinds: Set<WorkItem.Kind>
    var items: [WorkItem.Kind: [WorkItem]] = [:]

    /// Adds the item `make` builds, building it only when it can still be shown.
    mutating func add(_ kind: WorkItem.Kind, _ make: () -> WorkItem) {
        guard openKinds.contains(kind), items[kind, default: []].count < limit else { return }
        items[kind, default: []].append(make())
    }
}

/// The work lists of every locale while tasks run in parallel. Each list keeps the first `limit` items
/// of each kind in file order, whatever order the tasks finish in: items are kept with their file's
/// order, trimmed to the limit, and a task whose file comes after every kept item of a full list does
/// not build items for it at all, so memory stays bounded on a site of any size.
private final class SharedWorkLists: Sendable {
    let limit: Int
    private struct Kept {
        var items: [WorkItem.Kind: [(order: Int, item: WorkItem)]] = [:]
        /// Per kind, the file order after which nothing more can get in (the list is full before it).
        var closedAfter: [WorkItem.Kind: Int] = [:]
    }
    private let kept: Mutex<[Kept]>

    init(locales: Int, limit: Int) {
        self.limit = limit
        kept = Mutex(Array(repeating: Kept(), count: locales))
    }

    /// A collector for the task of the file at `order`, open to the kinds whose lists it may still
    /// add to; nil when it may add to none.
    func collector(locale: Int, order: Int) -> WorkCollector? {
        guard limit > 0 else { return nil }
        let open = kept.withLock { lists in
            Set(WorkItem.Kind.allCases.filter { kind in lists[locale].closedAfter[kind].map { order <= $0 } ?? true })
        }
        return open.isEmpty ? nil : WorkCollector(limit: limit, openKinds: open)
    }

    func merge(_ collected: WorkCollector, locale: Int, order: Int) {
        kept.withLock { lists in
            for (kind, items) in collected.items where !items.isEmpty {
                if let closed = lists[locale].closedAfter[kind], order > closed { continue }
                var list = lists[locale].items[kind, default: []]
                list += items.map { (order, $0) }
                if list.count >= limit {
                    // Sorted by file, stably (items of one file keep their order), and cut to the limit:
                    // from now on only files before the last kept one can add to the list.
                    list = Array(list.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element).prefix(limit))
                    lists[locale].closedAfter[kind] = list.last?.order
                }
                lists[locale].items[kind] = list
            }
        }
    }

    /// Each locale's lists, sorted by file order.
    func finished() -> [WorkList] {
        kept.withLock { lists in
            lists.map { kept in
                WorkList(items: kept.items.mapValues { list in
                    list.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element.item)
                })
            }
        }
    }
}
