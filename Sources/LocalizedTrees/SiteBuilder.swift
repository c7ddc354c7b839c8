import Catalog
import Checks
import Core
import Extractor
import Foundation
import LocaleData
import Merger
import Status
import Synchronization
import Workspace
import Yams

/// `tolk build`: one localized copy of the content tree per locale, ready for a static site generator.
///
/// For each locale (the source, the targets, and the pseudo-locales `en-XA`/`ar-XB` when configured):
/// - each unit's span is replaced by its translation, found along the locale's fallback chain
///   (`pt-BR` → `pt` → source text); translations that need review ship only with `includeNeedsReview`;
/// - a page whose share of translated words is below `min_translated` is left out (or shipped and
///   marked, `below_min: mark`); links and alternates then point at the source version;
/// - links between pages point at the same locale's localized URL (`slug` is translatable);
/// - front matter gains `lang`, `dir`, the translation key, the share translated, the alternates,
///   the localized date and reading time (names from `build.fields`); tag lists follow the locale's collation.
///
/// Builds are incremental (see `BuildState`): a build with nothing changed reads no catalog and writes
/// no file. A tree with few changes is patched in place (`TreePatch`); one with more is assembled beside
/// the live one and swapped in (`TreeSwap`).
public struct SiteBuilder: Sendable {
    public let project: Project
    public var includeNeedsReview: Bool
    /// A translation that fails the checks (`TranslationGate`) is never shipped: the unit falls back
    /// along its chain with a warning, or, when strict, with an error that fails the build.
    public var strictChecks = false
    /// Locales to write; nil writes every locale. Alternates still list every locale.
    public var locales: [String]?
    /// Called from any thread as work gets done.
    public var progress: (@Sendable (Progress) -> Void)?

    public init(project: Project) {
        self.project = project
        includeNeedsReview = project.configuration.build.includeNeedsReview
        tagsKey = project.configuration.preview.tagsKey
    }

    public typealias Progress = WorkProgress

    public struct PageNote: Sendable, Equatable {
        public var path: String
        public var percent: Int
    }

    public struct LocaleReport: Sendable {
        public var locale: String
        public var isPseudo = false
        /// Pages in the locale's tree (written now or kept from the last build).
        public var pages = 0
        public var units = 0
        public var translatedUnits = 0
        public var fallbackUnits = 0
        public var sourceUnits = 0
        public var filesWritten = 0
        public var filesUnchanged = 0
        public var filesRemoved = 0
        /// Pages below `min_translated`: left out, or shipped and marked.
        public var omitted: [PageNote] = []
        public var incomplete: [PageNote] = []
        /// `path:line` of each unit that fell back, and where its text came from (pages translated in this run).
        public var fallbacks: [(place: String, from: String)] = []
    }

    public struct Report: Sendable {
        public var locales: [LocaleReport] = []
        public var diagnostics: [Diagnostic] = []
        public var bytesWritten = 0
        /// Content files translated again because they or their catalogs changed (the rest come from the last build).
        public var pagesTranslated = 0
        /// The generator's wiring files written in this run, removed (a locale the site no longer has), and left as they were.
        public var wiringWritten: [String] = []
        public var wiringRemoved: [String] = []
        public var wiringUnchanged = 0
        /// Every page that shipped, per built locale, when `collectsPages` is set (for the preview).
        public var pages: [BuiltPage] = []
    }

    /// One page as it shipped in one locale.
    public struct BuiltPage: Sendable {
        public var contentPath: String
        public var locale: String
        /// Relative to the output folder (`ru/posts/a.md`).
        public var outputPath: String
        public var url: String
        /// The values of the list named by `tagsKey` as (source text, text in this locale), in source order:
        /// what ties a localized tag to the same tag in every other locale.
        public var tags: [(source: String, localized: String)]
    }

    /// Fill `Report.pages` (for the preview).
    public var collectsPages = false
    /// The front matter list whose items `BuiltPage.tags` pairs with their source texts (`preview.tags`).
    public var tagsKey: String

    public var allLocales: [String] {
        let configuration = project.configuration
        return [configuration.sourceLocale] + project.targetLocales.filter { $0 != configuration.sourceLocale } + configuration.build.pseudoLocales
    }

    /// Runs under the project lock (`lock` proves the caller holds it).
    public func run(holding lock: ProjectLock) throws -> Report {
        var listing: ContentListing?
        if let report = replayedReport(listing: &listing) { return report }
        try BuildReceipt.remove(in: project)
        let verdicts = VerdictCache(project: project, recordsUse: false)
        var run: Run? = try Run(builder: self, verdicts: verdicts)
        let (report, receipt) = try run!.execute(listing: listing)
        // Freed on another thread (its tables, the last and the new build state with 110,000 records each
        // for 5,000 posts in 10 locales, and on a first build every version, took 0.4 s to free on one
        // core) while the verdicts are saved, unless a preview follows: their peaks would add up.
        if collectsPages { run = nil } else { releaseInBackground(run.take()) }
        // Once the run's trees and catalogs are gone from memory. The catalogs not read this time keep
        // their verdicts; a cache that cannot be written only costs speed.
        var timer = StepTimer()
        _ = try? verdicts.save(in: project, dropsUnused: false)
        timer.lap("save verdicts")
        // Written last: the next build with every file as it is now says this again (a receipt that cannot be written only costs speed).
        try? receipt?.save(in: project)
        timer.lap("save receipt")
        return report
    }

    typealias ContentListing = (translatable: [Project.SourceFile], other: [String])

    /// What the receipt says (`BuildReceipt`), when every file it names is as it was; else nil, with
    /// `listing` the content folder's listing if it was made (a build in full then uses it).
    private func replayedReport(listing: inout ContentListing?) -> Report? {
        guard !collectsPages, wiring == nil,
              let receipt = BuildReceipt.load(in: project) else { return nil }
        var timer = StepTimer()
        // A listing that fails is reported by the build in full, in its place among the build's errors.
        guard let (files, otherFiles) = try? project.sourceFiles() else { return nil }
        listing = (files, otherFiles)
        let chains = fallbackChains()
        guard let report = receipt.replay(in: project, key: receiptKey(settings: settingsFingerprint(chains: chains)),
                                          listed: BuildReceipt.projectFiles(in: project) + contentPaths(files: files, otherFiles: otherFiles),
                                          catalogs: { catalogPaths(files: files, chains: chains) }) else {
            timer.lap("receipt differs")
            return nil
        }
        timer.lap("receipt replayed")
        return report
    }

    /// What the build writes for the site generator besides the trees; nil for a plain site.
    var wiring: (any GeneratorWiring)? { (project.configuration.siteGenerator ?? .plain).wiring(project.configuration) }

    /// Every locale built from catalogs, and its fallback chain.
    func fallbackChains() -> [String: [String]] {
        var chains: [String: [String]] = [:]
        let pseudo = Set(project.configuration.build.pseudoLocales)
        for locale in allLocales where locale != project.configuration.sourceLocale && !pseudo.contains(locale) {
            chains[locale] = project.fallbackChain(for: locale)
        }
        return chains
    }

    /// The settings a build's results depend on (the build state is kept under it).
    func settingsFingerprint(chains: [String: [String]]) -> UInt64 {
        let configuration = project.configuration
        var fingerprint = StableHash()
        fingerprint.add("tolk build 4")
        fingerprint.add(String(describing: configuration.build))
        fingerprint.add(includeNeedsReview ? "review" : "no-review")
        fingerprint.add("checks " + TranslationGate.rulesVersion)
        fingerprint.add("tags:" + tagsKey)
        fingerprint.add(String(describing: configuration.frontMatterKeys) + String(describing: configuration.navigationKeys) + String(describing: configuration.siteKeys))
        fingerprint.add(String(describing: configuration.siteExcludedKeys) + String(describing: configuration.readingTime) + String(describing: configuration.navigationSortedLists))
        fingerprint.add(allLocales.joined(separator: ",") + String(describing: chains.sorted(by: { $0.key < $1.key })))
        fingerprint.add(configuration.contentPath + "|" + configuration.catalogsPath + "|" + configuration.outputPath)
        fingerprint.add("generator " + (configuration.siteGenerator ?? .plain).rawValue + " " + (configuration.siteBaseURL ?? ""))
        return fingerprint.value
    }

    /// What a receipt is valid for: the settings (`settingsFingerprint`), the locales asked for, and whether refusals are errors.
    func receiptKey(settings fingerprint: UInt64) -> UInt64 {
        var key = StableHash()
        key.add(number: fingerprint)
        key.add((locales ?? ["*"]).joined(separator: ","))
        key.add(strictChecks ? "strict" : "lenient")
        return key.value
    }

    /// The content files and the other files of the content folder, relative to the root: the first inputs a build stats.
    func contentPaths(files: [Project.SourceFile], otherFiles: [String]) -> [String] {
        files.map(\.rootPath) + otherFiles.map { project.configuration.contentPath + "/" + $0 }
    }

    /// The locales whose catalogs a build reads, in the order they are stat'ed: those built from
    /// catalogs (with a chain), in the site's order, then the other members of their chains, sorted. A
    /// chain may name a locale that is not built (`pt-BR: [pt]` with `pt` not among the targets): its
    /// catalogs give pt-BR's pages their text, so an edit to them must reach the next build.
    func catalogLocales(chains: [String: [String]]) -> [String] {
        let built = allLocales.filter { chains[$0] != nil }
        return built + Set(chains.values.joined()).subtracting(built).sorted()
    }

    /// The other inputs a build stats, relative to the root: each catalog locale's catalog of every content file (present or not).
    func catalogPaths(files: [Project.SourceFile], chains: [String: [String]]) -> [String] {
        let locales = catalogLocales(chains: chains)
        var paths: [String] = []
        paths.reserveCapacity(files.count * locales.count)
        for locale in locales {
            for file in files { paths.append(project.configuration.catalogsPath + "/" + locale + "/" + file.catalogPath) }
        }
        return paths
    }
}

/// One build: reads the inputs, asks `BuildPlanner` what to do, and does it (translating with
/// `VersionTranslator`, rendering with `PageRenderer`, writing through `TreeSwap`). Used from the
/// calling thread only: the parallel steps get values and return values, joined here.
private final class Run {
    let builder: SiteBuilder
    let project: Project
    let settings: BuildSettings
    let planner: BuildPlanner
    var layout: OutputLayout { planner.layout }
    var sourceLocale: String { planner.sourceLocale }
    var allLocales: [String] { planner.allLocales }
    var writeLocales: [String] { planner.writeLocales }
    var pseudo: Set<String> { planner.pseudo }
    let chains: [String: [String]]
    let translator: VersionTranslator
    let values: LocalizedValues
    let collators: LocalePool<Collator>
    var report = SiteBuilder.Report()
    /// The generator's wiring; when there is one, the navigation and site-strings files go into it, not into the trees.
    let wiring: (any GeneratorWiring)?
    let old: BuildState
    var new = BuildState()

    /// Documents extracted in this run (changed files and those translated for another reason).
    var extracted: [String: ExtractedDocument] = [:]
    /// file path → locale → its version, for the pages translated in this run.
    var versions: [String: [String: PageVersion]] = [:]
    /// Per locale, the reading-time message from the site strings.
    var readingTimePatterns: [String: String] = [:]
    /// Per locale with catalogs, the digest of each content file's catalog (0 when missing), by file index.
    var catalogDigests: [String: [UInt64]] = [:]
    /// The translations judged clean by earlier runs (`.tolk/verdicts`, read when the first catalog is).
    let verdicts: VerdictCache
    /// The figures of the catalogs read in this run, as `tolk status` counts them, for its cache.
    var statusFigures: [(key: String, record: StatusCache.Record)] = []
    let receiptKey: UInt64
    /// The inputs this run stat'ed (`digestInputs`), relative to the root: the content folder's files, then the catalogs.
    var inputPaths: [String] = []

    init(builder: SiteBuilder, verdicts: VerdictCache) throws {
        self.builder = builder
        self.verdicts = verdicts
        project = builder.project
        let configuration = project.configuration
        settings = configuration.build
        let sourceLocale = configuration.sourceLocale
        let allLocales = builder.allLocales
        let pseudo = Set(settings.pseudoLocales)
        let writeLocales: [String]
        if let requested = builder.locales {
            for locale in requested where !allLocales.contains(locale) {
                throw BuildError.unknownLocale(locale, known: allLocales)
            }
            writeLocales = allLocales.filter { requested.contains($0) }
        } else {
            writeLocales = allLocales
        }
        // A target locale without a catalogs folder was never synced: its pages would all be left out
        // (or shipped in the source language) while the build looked successful.
        let catalogsFolder = project.catalogsFolder
        var unsynced: [String] = []
        for locale in writeLocales where locale != sourceLocale && !pseudo.contains(locale) {
            var isFolder: ObjCBool = false
            let folder = catalogsFolder.appendingPathComponent(locale)
            if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) || !isFolder.boolValue {
                unsynced.append(builder.project.displayPath(folder))
            }
        }
        if !unsynced.isEmpty { throw BuildError.notSynced(unsynced) }
        let chains = builder.fallbackChains()
        self.chains = chains
        var checks: [String: CatalogCheck] = [:]
        for member in Set(chains.values.joined()) { checks[member] = try CatalogCheck(locale: member) }
        wiring = builder.wiring
        planner = BuildPlanner(sourceLocale: sourceLocale, allLocales: allLocales, writeLocales: writeLocales, pseudo: pseudo,
                               chains: chains, settings: settings, hasWiring: wiring != nil)
        translator = VersionTranslator(project: project, sourceLocale: sourceLocale, pseudo: pseudo, chains: chains, checks: checks,
                                       includeNeedsReview: builder.includeNeedsReview, strictChecks: builder.strictChecks,
                                       wordCounters: LocalePool { try WordCounter(locale: $0) })
        values = LocalizedValues(dateStyle: settings.dateStyle)
        collators = LocalePool { try Collator(locale: $0) }
        let fingerprint = builder.settingsFingerprint(chains: chains)
        old = BuildState.load(from: BuildState.location(in: project), fingerprint: fingerprint)
        new.fingerprint = fingerprint
        receiptKey = builder.receiptKey(settings: fingerprint)
    }

    // MARK: Steps

    /// The report, and what the next build says if it finds every file as this run left it (nil when that cannot be known).
    /// - Parameter listing: the content folder's listing, when the caller made it.
    func execute(listing: SiteBuilder.ContentListing?) throws -> (SiteBuilder.Report, BuildReceipt?) {
        var timer = StepTimer()
        let (files, otherFiles) = try listing ?? project.sourceFiles()
        timer.lap("list content")
        let contentDigests = try digestInputs(files: files, otherFiles: otherFiles)
        timer.lap("stat + digest inputs")
        let documents = try extractChanged(files, contentDigests: contentDigests)
        timer.lap("extract changed")
        let summaries = try summarize(files, contentDigests: contentDigests, documents: documents)
        timer.lap("translate + summarize")
        let links = planner.planLinks(files, summaries: summaries, pages: new.pages,
                                      relativeLinksResolvedPerTree: project.configuration.siteGenerator?.resolvesRelativeLinksInEachTree == true)
        try write(files, otherFiles: otherFiles, contentDigests: contentDigests, documents: documents, summaries: summaries, links: links)
        timer.lap("plan + write + swap")
        if let wiring {
            try writeWiring(wiring, files: files, urls: PageURLs(summaries: summaries, sourceLocale: sourceLocale), links: links)
            timer.lap("wiring")
        }
        if builder.collectsPages {
            collectPages(files, summaries: summaries)
            timer.lap("collect pages")
        }
        let changed = new != old
        timer.lap("compare state")
        if changed { try ToolFolder.prepare(in: project) }
        // A `tolk status` after the build reads none of these catalogs again; a cache that cannot be
        // written only costs speed. Saved on another core while the state is.
        let figures = statusFigures, project = self.project
        let figuresSaved = Prefetch { try? StatusCache.add(figures, in: project) }
        if changed { try new.save(to: BuildState.location(in: project), inOrderOf: old.keyOrder) }
        _ = figuresSaved.value
        timer.lap("save state + status figures")
        return (report, makeReceipt(files: files, otherFiles: otherFiles, report: report, changedNothing: !changed))
    }

    /// The receipt for the next build, when what it would say is known: this run's report if it changed
    /// nothing, or, if it reported no finding, the same figures with every file unchanged (a build that
    /// changes nothing prints the findings of the catalogs it did not read, from the build state, and this
    /// run printed those too). A site with a generator's wiring reads its files every time: no receipt.
    private func makeReceipt(files: [Project.SourceFile], otherFiles: [String], report: SiteBuilder.Report, changedNothing: Bool) -> BuildReceipt? {
        guard wiring == nil, changedNothing || report.diagnostics.isEmpty, TreePatch.unfinishedTrees(in: project).isEmpty else { return nil }
        var said = report
        said.bytesWritten = 0
        said.pagesTranslated = 0
        said.pages = []
        for index in said.locales.indices {
            said.locales[index].filesUnchanged += said.locales[index].filesWritten
            said.locales[index].filesWritten = 0
            said.locales[index].filesRemoved = 0
            // Messages fall back in pages translated in the run; the next one translates none.
            said.locales[index].fallbacks = []
        }
        let projectFiles = BuildReceipt.projectFiles(in: project)
        let content = inputPaths.prefix(files.count + otherFiles.count)
        let outputs = planner.recordedOutputs(files: files, otherFiles: otherFiles, in: new)
        return BuildReceipt(key: receiptKey, listedPaths: BuildReceipt.digest(ofPaths: projectFiles + content),
                            inputStamps: FileStamp.of(paths: projectFiles, under: project.root.path + "/") + inputPaths.map { new.inputs[$0]?.stamp },
                            outputPaths: outputs.map(\.path), outputStamps: outputs.map(\.stamp),
                            trees: writeLocales.map(layout.tree(for:)).map { ($0, FileManager.default.fileExists(atPath: treeURL($0).path)) },
                            report: said)
    }

    /// Stat every input; digest those whose stat data changed. Returns content path → digest, and
    /// fills `catalogDigests`.
    private func digestInputs(files: [Project.SourceFile], otherFiles: [String]) throws -> [String: UInt64] {
        let paths = builder.contentPaths(files: files, otherFiles: otherFiles) + builder.catalogPaths(files: files, chains: chains)
        inputPaths = paths
        let catalogLocales = builder.catalogLocales(chains: chains)
        let previous = old.inputs
        let root = project.root.path + "/"
        let stamps = FileStamp.of(paths: paths, under: root)
        let results = Array(zip(paths, stamps)).parallelMap { path, stamp -> Result<BuildState.Input?, Error> in
            Result {
                guard let stamp else { return nil }
                if let known = previous[path], known.stamp == stamp { return known }
                guard let bytes = try FileTree.readIfPresent(atPath: root + path) else { return nil }
                // Stat again after reading: a file written meanwhile is not vouched for.
                let after = FileStamp.of(path: root + path)
                return BuildState.Input(stamp: after == stamp ? stamp : FileStamp(size: -1, modified: 0, inode: 0), digest: StableHash.ofFile(bytes))
            }
        }
        var contentDigests: [String: UInt64] = [:]
        let contentCount = files.count + otherFiles.count
        new.inputs.reserveCapacity(paths.count)
        for (index, (path, result)) in zip(paths, results).enumerated() {
            guard let input = try result.get() else { continue }
            new.inputs[path] = input
            if index < contentCount { contentDigests[index < files.count ? files[index].path : otherFiles[index - files.count]] = input.digest }
            else {
                let position = index - contentCount
                catalogDigests[catalogLocales[position / files.count], default: Array(repeating: 0, count: files.count)][position % files.count] = input.digest
            }
        }
        return contentDigests
    }

    /// Extracts the content files that changed since the last build (and the site strings, always).
    private func extractChanged(_ files: [Project.SourceFile], contentDigests: [String: UInt64]) throws -> [String: ExtractedDocument] {
        let stale = files.filter { file in
            file.role == .siteStrings || old.pages[file.path]?.digest != contentDigests[file.path]
        }
        let project = self.project
        let results = stale.parallelMap { file in Result { try project.extract(file) } }
        var documents: [String: ExtractedDocument] = [:]
        for (file, result) in zip(stale, results) {
            let (document, diagnostics) = try result.get()
            report.diagnostics += diagnostics
            documents[file.path] = document
        }
        for file in files {
            if let document = documents[file.path] {
                let destinations = (document.units.flatMap { LinkRewriter.destinations(in: $0.text) } +
                                    document.linkDefinitionDestinations.map { String(decoding: document.bytes[$0], as: UTF8.self) })
                    .filter { !$0.hasPrefix("#") && !$0.contains("://") }
                var seen = Set<String>()
                new.pages[file.path] = BuildState.Page(digest: contentDigests[file.path] ?? 0, sourceSlug: Self.sourceSlug(of: document) ?? "",
                                                       destinations: destinations.filter { seen.insert($0).inserted })
            } else if let page = old.pages[file.path] {
                new.pages[file.path] = page
            }
        }
        return documents
    }

    static func sourceSlug(of document: ExtractedDocument) -> String? {
        if let unit = document.units.first(where: { $0.role == .frontMatter(keyPath: PageTranslator.slugKey) }) {
            return OutputLayout.cleanSlug(unit.text)
        }
        return document.frontMatter?.scalars[PageTranslator.slugKey].map(OutputLayout.cleanSlug)
    }

    // MARK: Translation

    /// Figures for every (file, locale): from the last build where nothing they depend on changed,
    /// else by translating the page now; then which versions ship, and their URLs.
    private func summarize(_ files: [Project.SourceFile], contentDigests: [String: UInt64],
                           documents: [String: ExtractedDocument]) throws -> VersionSummaries {
        let keys = TranslationKeys(locales: allLocales, pseudo: pseudo, chains: chains, catalogDigests: catalogDigests, files: files.map(\.path))
        let plan = planner.planTranslations(files, contentDigests: contentDigests, keys: keys, previous: old)
        var summaries = plan.cached
        report.pagesTranslated += plan.pagesTranslated
        let present = Set(files.map(\.path))
        new.findings = old.findings.mapValues { $0.filter { present.contains($0.key) } }.filter { !$0.value.isEmpty }
        let read = try translate(plan.work, documents: documents)
        reportFindings(files, work: plan.work, read: read, reused: plan.cached)
        for (file, locales) in plan.work {
            for locale in locales {
                guard let version = versions[file.path]?[locale] else { continue }
                let tags = file.role == .page
                    ? TagList((extracted[file.path].map { PageRenderer.listUnits(of: $0, key: builder.tagsKey) } ?? []).map { version.texts[$0] })
                    : TagList()
                summaries[file.path, default: [:]][locale] = VersionSummary(
                    translated: version, translationKey: keys.key(for: file.path, locale: locale, contentDigest: contentDigests[file.path] ?? 0), tags: tags)
            }
        }
        // The message is in the site-strings file, or in a Hugo site's own i18n file.
        for site in files where site.role == .siteStrings {
            guard let document = documents[site.path],
                  let index = document.units.firstIndex(where: { $0.context == project.configuration.readingTime.messageKey }) else { continue }
            for locale in allLocales {
                readingTimePatterns[locale] = versions[site.path]?[locale]?.texts[index]
            }
            break
        }
        planner.decideShipping(&summaries, files: files, pages: new.pages)
        report.diagnostics += planner.urlClashes(files, summaries, catalogsPath: project.configuration.catalogsPath)
        return summaries
    }

    /// What each file's catalogs reported, in the order a build that translated every version it
    /// translates or reuses with refused translations would read them: from this run's reading, or
    /// replayed from the last build's state (those catalogs did not change since).
    private func reportFindings(_ files: [Project.SourceFile], work: [(file: Project.SourceFile, locales: [String])],
                                read: [String: [VersionTranslator.CatalogReport]], reused: VersionSummaries) {
        var translated: [String: Set<String>] = [:]
        for (file, locales) in work { translated[file.path, default: []].formUnion(locales) }
        enum Reported: Sendable {
            case read([Diagnostic])
            case stored(CatalogFindings, catalog: String)
        }
        var reported: [Reported] = []
        for file in files {
            let catalogs = planner.reportedCatalogs(translated: translated[file.path] ?? [], reused: reused[file.path] ?? [:])
            guard !catalogs.isEmpty else { continue }
            let fresh = read[file.path] ?? []
            for member in catalogs {
                if let catalog = fresh.first(where: { $0.locale == member }) {
                    reported.append(.read(catalog.diagnostics))
                } else if let stored = old.findings[member]?[file.path] {
                    reported.append(.stored(stored, catalog: project.displayPath(project.catalogURL(locale: member, catalogPath: file.catalogPath))))
                }
            }
        }
        // Decoded on all cores: a no-op build of a site with many refusals replays thousands of catalogs' findings.
        let strict = builder.strictChecks
        for diagnostics in reported.parallelMap({ item -> [Diagnostic] in
            switch item {
            case .read(let diagnostics): return diagnostics
            case .stored(let findings, let catalog): return findings.diagnostics(catalog: catalog, strict: strict)
            }
        }) {
            report.diagnostics += diagnostics
        }
    }

    /// Translates the given (file, locales) pairs on all cores; fills `versions` and `extracted`, and
    /// the new state's findings of the catalogs read. Returns per file what its catalogs reported.
    @discardableResult
    private func translate(_ work: [(file: Project.SourceFile, locales: [String])], documents: [String: ExtractedDocument]) throws
        -> [String: [VersionTranslator.CatalogReport]] {
        guard !work.isEmpty else { return [:] }
        let done = Atomic<Int>(0)
        let total = work.count
        let translator = self.translator
        let progress = builder.progress
        let verdicts = self.verdicts
        let results = work.parallelMap { (file, locales) -> Result<VersionTranslator.Translated, Error> in
            defer {
                let finished = done.add(1, ordering: .relaxed).newValue
                progress?(.init(phase: .translating, done: finished, total: total))
            }
            return Result { try translator.translate(file, locales: locales, document: documents[file.path], verdicts: verdicts) }
        }
        var read: [String: [VersionTranslator.CatalogReport]] = [:]
        let catalogs = project.configuration.catalogsPath + "/"
        for ((file, locales), result) in zip(work, results) {
            let translated = try result.get()
            read[file.path, default: []] += translated.catalogs
            // Figures of a catalog unchanged since the last build are in the cache already (the site
            // strings' catalogs are read by every build): adding them again would only cost a load.
            statusFigures += translated.catalogs.compactMap(\.figures).filter { old.inputs[catalogs + $0.key]?.stamp != $0.record.stamp }
            extracted[file.path] = translated.document
            versions[file.path, default: [:]].merge(translated.versions) { $1 }
            // The catalogs along the chains just read: what they reported now, or nothing (no catalog).
            for member in Set(locales.flatMap { chains[$0] ?? [] }) {
                let findings = translated.catalogs.first { $0.locale == member }?.findings
                if let findings, !findings.isEmpty { new.findings[member, default: [:]][file.path] = findings } else { new.findings[member]?[file.path] = nil }
            }
        }
        return read
    }

    // MARK: Writing

    private func write(_ files: [Project.SourceFile], otherFiles: [String], contentDigests: [String: UInt64],
                       documents: [String: ExtractedDocument], summaries: VersionSummaries, links: BuildPlanner.LinkPlan) throws {
        // Plan every output; keep those whose inputs and file did not change.
        var timer = StepTimer()
        let (liveStamps, existingTrees) = liveOutputs(files: files, otherFiles: otherFiles)
        timer.lap("  stat outputs")
        let plan = planner.planOutputs(files: files, otherFiles: otherFiles, contentDigests: contentDigests, summaries: summaries,
                                       linkTargets: links.targets, readingTimePatterns: readingTimePatterns, previous: old,
                                       liveStamps: liveStamps, existingTrees: existingTrees)
        new.outputs = plan.outputs
        timer.lap("  plan outputs")

        // Translate what must be written but was not translated yet (its inputs are unchanged, but a
        // linked page's URL, an alternate or the site strings changed).
        // A version reused with refused translations had its catalogs' findings reported already (replayed).
        var needed: [String: [String]] = [:]
        var neededQuietly: [String: [String]] = [:]
        for item in plan.writes where versions[item.file.path]?[item.locale] == nil {
            if (summaries[item.file.path]?[item.locale]?.refusedUnits ?? 0) > 0 {
                neededQuietly[item.file.path, default: []].append(item.locale)
            } else {
                needed[item.file.path, default: []].append(item.locale)
            }
        }
        let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0) })
        func work(_ needed: [String: [String]]) -> [(file: Project.SourceFile, locales: [String])] {
            needed.sorted(by: { $0.key < $1.key }).compactMap { path, locales in byPath[path].map { ($0, locales) } }
        }
        if !needed.isEmpty {
            let read = try translate(work(needed), documents: documents)
            for path in needed.keys.sorted() { report.diagnostics += (read[path] ?? []).flatMap(\.diagnostics) }
        }
        if !neededQuietly.isEmpty { try translate(work(neededQuietly), documents: documents) }

        timer.lap("  translate for links")
        try writeTrees(plan, summaries: summaries, links: links)
        timer.lap("  write trees")
        // Stat what is now live, for the next build.
        let outputRoot = project.outputFolder.path + "/"
        for group in new.outputs.keys {
            if case .locale(let locale) = group, !writeLocales.contains(locale) { continue }
            for (path, output) in new.outputs[group]! where output.written && output.stamp == nil {
                new.outputs[group]![path]!.stamp = FileStamp.of(path: outputRoot + output.path)
            }
        }
        timer.lap("  stat written")
        buildReport(files: files, writes: plan.writes, summaries: summaries)
        timer.lap("  report")
    }

    /// The stat data of the live outputs the planner compares (by path relative to the output folder),
    /// read on all cores, and which of the written locales' trees exist.
    private func liveOutputs(files: [Project.SourceFile], otherFiles: [String]) -> (stamps: [String: FileStamp], trees: Set<String>) {
        let outputRoot = project.outputFolder.path + "/"
        let paths = planner.recordedOutputs(files: files, otherFiles: otherFiles, in: old).map(\.path)
        let stamps = FileStamp.of(paths: paths, under: outputRoot)
        var live: [String: FileStamp] = [:]
        live.reserveCapacity(paths.count)
        for (path, stamp) in zip(paths, stamps) { if let stamp { live[path] = stamp } }
        return (live, Set(writeLocales.map(layout.tree(for:)).filter { FileManager.default.fileExists(atPath: treeURL($0).path) }))
    }

    /// Carries the plan out. Each changed tree is either patched in place (few changes, `TreePatch`) or
    /// assembled beside the live one (versions rendered on all cores, files copied, unchanged outputs
    /// kept) and swapped in (`TreeSwap`). Every new file is written before any tree changes, so on any
    /// failure while writing every live tree stays as it was. A tree a killed build left half-patched
    /// is assembled whole.
    private func writeTrees(_ plan: BuildPlanner.OutputPlan, summaries: VersionSummaries, links: BuildPlanner.LinkPlan) throws {
        TreeSwap.removeLeftovers(in: project.outputFolder)
        TreeSwap.removeLeftovers(in: project.outputFolder.deletingLastPathComponent())
        let unfinished = TreePatch.unfinishedTrees(in: project)
        let writtenTrees = Set(writeLocales.map(layout.tree(for:)))
        let changedTrees = plan.treesWithChanges.union(unfinished.intersection(writtenTrees))
        let updates = Dictionary(uniqueKeysWithValues: changedTrees.map { tree -> (String, TreeUpdate) in
            (tree, plan.patchable.contains(tree) && !unfinished.contains(tree) ? .patch(TreePatch(live: treeURL(tree))) : .swap(TreeSwap(live: treeURL(tree))))
        })
        let patched = Set(updates.compactMap { tree, update in if case .patch = update { tree } else { nil } })
        // Listed before any file is written: temporary files of a killed build are swept by the next one.
        if !patched.isEmpty { try TreePatch.recordUnfinished(unfinished.union(patched), in: project) }
        var committing = false
        do {
            for case .swap(let swap) in updates.values { try swap.prepare() }
            let done = Atomic<Int>(0)
            let total = plan.writes.count
            let renderer = PageRenderer(project: project, settings: settings, sourceLocale: sourceLocale, allLocales: allLocales, pseudo: pseudo,
                                        urls: PageURLs(summaries: summaries, sourceLocale: sourceLocale),
                                        readingTimePatterns: readingTimePatterns, values: values, collators: collators)
            let (extracted, versions, layout, progress) = (self.extracted, self.versions, self.layout, builder.progress)
            let writeResults = plan.writes.parallelMap { item -> Result<(Int, [Diagnostic]), Error> in
                defer {
                    let finished = done.add(1, ordering: .relaxed).newValue
                    if finished % 64 == 0 || finished == total { progress?(.init(phase: .writing, done: finished, total: total, locale: item.locale)) }
                }
                return Result {
                    guard let document = extracted[item.file.path], let version = versions[item.file.path]?[item.locale],
                          let update = updates[layout.tree(for: item.locale)] else {
                        preconditionFailure("\(item.file.path) is written in \(item.locale) without its version or tree")
                    }
                    var diagnostics: [Diagnostic] = []
                    let bytes = try renderer.render(item.file, locale: item.locale, document: document, version: version,
                                                    linkTargets: links.targets[item.file.path] ?? [], diagnostics: &diagnostics)
                    try update.write(bytes, to: item.outputPath)
                    return (bytes.count, diagnostics)
                }
            }
            for result in writeResults {
                let (count, diagnostics) = try result.get()
                report.bytesWritten += count
                report.diagnostics += diagnostics
            }
            for (tree, path) in plan.copies {
                let bytes = try FileTree.read(project.contentFolder.appendingPathComponent(path))
                try updates[tree]!.write(bytes, to: path)
                report.bytesWritten += bytes.count
            }
            for case (let tree, .swap(let swap)) in updates {
                for path in plan.kept[tree] ?? [] where !(try swap.keep(path)) {
                    throw BuildError.outputVanished(treeURL(tree).appendingPathComponent(path).path)
                }
            }
            committing = true
            for case .swap(let swap) in updates.values { try swap.commit() }
            for case (let tree, .patch(let patch)) in updates { try patch.commit(keeping: plan.files[tree] ?? []) }
        } catch {
            for update in updates.values { update.abandon() }
            // Nothing changed yet: the trees are as the list said before.
            if !committing && !patched.isEmpty { try? TreePatch.recordUnfinished(unfinished, in: project) }
            throw error
        }
        if !unfinished.isEmpty || !patched.isEmpty { try TreePatch.recordUnfinished(unfinished.subtracting(changedTrees), in: project) }
    }

    /// How one changed tree is updated.
    private enum TreeUpdate: Sendable {
        case swap(TreeSwap)
        case patch(TreePatch)

        func write(_ bytes: [UInt8], to path: String) throws {
            switch self {
            case .swap(let swap): try swap.write(bytes, to: path)
            case .patch(let patch): try patch.write(bytes, to: path)
            }
        }

        func abandon() {
            switch self {
            case .swap(let swap): swap.abandon()
            case .patch(let patch): patch.abandon()
            }
        }
    }

    /// `Report.pages`: every shipped page of the built locales, with its tags paired with their source
    /// texts (both kept in the build state, so nothing is translated again for this).
    private func collectPages(_ files: [Project.SourceFile], summaries: VersionSummaries) {
        for file in files where file.role == .page {
            let sourceTags = summaries[file.path]?[sourceLocale]?.tags.tags ?? []
            for locale in writeLocales {
                guard let summary = summaries[file.path]?[locale], summary.included else { continue }
                let tags = summary.tags.tags
                report.pages.append(SiteBuilder.BuiltPage(
                    contentPath: file.path, locale: locale,
                    outputPath: layout.relativeOutputPath(contentPath: file.path, locale: locale), url: summary.url,
                    tags: tags.count == sourceTags.count ? Array(zip(sourceTags, tags)) : []))
            }
        }
    }

    private func treeURL(_ tree: String) -> URL {
        tree.isEmpty ? project.outputFolder : project.outputFolder.appendingPathComponent(tree)
    }

    // MARK: Wiring

    /// Writes the generator's wiring from the localized navigation and site strings of every real locale.
    private func writeWiring(_ wiring: any GeneratorWiring, files: [Project.SourceFile], urls: PageURLs, links: BuildPlanner.LinkPlan) throws {
        let configuration = project.configuration
        report.diagnostics += configuration.generatorSettingsDiagnostics
        let (rewriter, sourcePrefix) = (links.rewriter, links.sourceLocalePrefix)
        let renderer = PageRenderer(project: project, settings: settings, sourceLocale: sourceLocale, allLocales: allLocales, pseudo: pseudo,
                                    urls: urls, readingTimePatterns: readingTimePatterns, values: values, collators: collators)
        let siteFile = files.first { $0.format is SiteStringsFile }
        let i18nFile = files.first { $0.format is HugoI18nFile }
        let navigationFile = files.first { $0.role == .navigation }
        func localized(_ file: Project.SourceFile?, in locale: String) throws -> Node? {
            guard let file, let document = extracted[file.path], let version = versions[file.path]?[locale] else { return nil }
            let bytes = file.role == .navigation
                ? try renderer.navigation(document, version: version, replacements: version.replacements, locale: locale)
                : SpanMerger.merge(document, replacements: version.replacements)
            do {
                return try Yams.compose(yaml: String(decoding: bytes, as: UTF8.self))
            } catch {
                report.diagnostics.append(Diagnostic(.error, file: file.rootPath,
                    "its \(locale) version is not YAML (\(error)); the wiring leaves it out", hint: "run tolk check \(locale)"))
                return nil
            }
        }
        func messages(_ file: Project.SourceFile?, in locale: String) -> [(source: String, text: String)] {
            guard let file, let document = extracted[file.path], let version = versions[file.path]?[locale] else { return [] }
            return zip(document.units, version.texts).map { unit, text in (unit.sourceValue ?? unit.text, text) }
        }
        var locales: [WiringInput.Locale] = []
        for locale in allLocales where !pseudo.contains(locale) {
            // A path of the site (`/tags/rtl/`) lies under the locale's prefix.
            let prefix = layout.sitePrefix(for: locale)
            let tree = layout.tree(for: locale)
            locales.append(WiringInput.Locale(
                locale: locale, isSource: locale == sourceLocale,
                tree: tree.isEmpty ? configuration.outputPath : configuration.outputPath + "/" + tree,
                site: try localized(siteFile, in: locale), navigation: try localized(navigationFile, in: locale),
                uiStrings: i18nFile.flatMap { file in
                    guard let document = extracted[file.path], let texts = versions[file.path]?[locale]?.texts else { return nil }
                    return zip(document.units, texts).map { WiringInput.UIString(key: $0.context ?? "", message: $1, line: $0.line) }
                } ?? [],
                navigationMessages: messages(navigationFile, in: locale),
                localizedURL: { url in
                    if let (target, suffix) = rewriter.target(of: url, in: "", sourceLocalePrefix: sourcePrefix),
                       let localized = urls.url(of: target, in: locale) { return localized + suffix }
                    guard url.hasPrefix("/"), !url.hasPrefix("//") else { return url }
                    return prefix + url.dropFirst()
                }))
        }
        let pageFolders = Set(files.filter { $0.role == .page }.compactMap { $0.path.split(separator: "/", maxSplits: 1).count == 2 ? String($0.path.prefix(while: { $0 != "/" })) : nil })
        let foldersWithIndex = Set(files.filter { $0.path.hasSuffix("/_index.md") || $0.path.hasSuffix("/_index.markdown") }.map { String($0.path.prefix(while: { $0 != "/" })) })
        var input = WiringInput(locales: locales, siteFile: siteFile?.rootPath ?? configuration.contentPath + "/" + configuration.siteFile,
                                navigationFile: navigationFile?.rootPath ?? configuration.contentPath + "/" + configuration.navigationFile)
        input.sectionsWithoutIndex = pageFolders.subtracting(foldersWithIndex).sorted()
        input.sitesOwnUIStringsFile = i18nFile?.rootPath
        let (wired, diagnostics) = wiring.files(for: input)
        report.diagnostics += diagnostics
        let outcome = try WiringWriter(root: project.root).write(wired, perLocaleFolders: wiring.perLocaleFolders)
        report.diagnostics += outcome.diagnostics
        report.wiringWritten = outcome.written
        report.wiringRemoved = outcome.removed
        report.wiringUnchanged = outcome.unchanged
    }

    // MARK: Report

    private func buildReport(files: [Project.SourceFile], writes: [BuildPlanner.PlannedWrite], summaries: VersionSummaries) {
        let written = Dictionary(grouping: writes, by: \.locale).mapValues(\.count)
        let writeLocales = self.writeLocales
        var reports = writeLocales.map { locale in
            var localeReport = SiteBuilder.LocaleReport(locale: locale)
            localeReport.isPseudo = pseudo.contains(locale)
            localeReport.filesWritten = written[locale] ?? 0
            return localeReport
        }
        // Files outside, locales inside: each file's summaries and versions are looked up once.
        for file in files {
            guard let fileSummaries = summaries[file.path] else { continue }
            let fileVersions = file.role == .page ? versions[file.path] : nil
            for (index, locale) in writeLocales.enumerated() {
                guard let summary = fileSummaries[locale] else { continue }
                reports[index].translatedUnits += summary.translatedUnits
                reports[index].fallbackUnits += summary.fallbackUnits
                reports[index].sourceUnits += locale == sourceLocale ? 0 : summary.sourceUnits
                reports[index].units += summary.translatedUnits + summary.fallbackUnits + summary.sourceUnits
                guard file.role == .page else { continue }
                if summary.included { reports[index].pages += 1 } else { reports[index].omitted.append(.init(path: file.path, percent: summary.percent)) }
                if summary.incomplete { reports[index].incomplete.append(.init(path: file.path, percent: summary.percent)) }
                if let version = fileVersions?[locale], locale != sourceLocale {
                    reports[index].fallbacks += version.fellBack.map { ("\(file.rootPath):\($0.line)", $0.from) }
                }
            }
        }
        for (index, locale) in writeLocales.enumerated() {
            let newOutputs = new.outputs[.locale(locale)] ?? [:]
            reports[index].filesUnchanged = newOutputs.values.count(where: \.written) - reports[index].filesWritten
            reports[index].filesRemoved = (old.outputs[.locale(locale)] ?? [:]).count { $0.value.written && newOutputs[$0.key]?.written != true }
            if locale == sourceLocale { reports[index].translatedUnits = reports[index].units }
        }
        report.locales += reports
    }
}

public enum BuildError: Error, CustomStringConvertible {
    case unknownLocale(String, known: [String])
    case outputVanished(String)
    case notSynced([String])

    public var description: String {
        switch self {
        case .unknownLocale(let locale, let known):
            return "error: '\(locale)' is not a locale of this site (known: \(known.joined(separator: ", "))); add it to locales or build.pseudo_locales in tolk.yaml"
        case .notSynced(let folders):
            return "\(folders[0]): error: no catalogs for \(folders.count == 1 ? "this locale" : "\(folders.count) locales (\(folders.joined(separator: ", ")))") — run tolk sync first, then tolk build"
        case .outputVanished(let path):
            return "\(path): error: removed while tolk build was running; run tolk build again"
        }
    }
}
