import Catalog
import Extractor
import Foundation
import LocaleData
import Merger
import Synchronization
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
/// no file. A tree with any change is assembled beside the live one and swapped in (`TreeSwap`).
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
        try Run(builder: self).execute()
    }
}

/// One build: the steps of `SiteBuilder.run`, sharing what they learn.
private final class Run: @unchecked Sendable {
    let builder: SiteBuilder
    let project: Project
    let settings: BuildSettings
    let layout: OutputLayout
    let sourceLocale: String
    let allLocales: [String]
    let writeLocales: [String]
    let pseudo: Set<String>
    let chains: [String: [String]]
    /// The checks of every locale on a fallback chain (deriving plural forms from ICU's rules is costly: once each).
    let checks: [String: CatalogCheck]
    let values: LocalizedValues
    let wordCounters: LocalePool<WordCounter>
    let collators: LocalePool<Collator>
    var report = SiteBuilder.Report()
    /// The generator's wiring; when there is one, the navigation and site-strings files go into it, not into the trees.
    let wiring: (any GeneratorWiring)?
    var old: BuildState
    var new = BuildState()

    init(builder: SiteBuilder) throws {
        self.builder = builder
        project = builder.project
        let configuration = project.configuration
        settings = configuration.build
        sourceLocale = configuration.sourceLocale
        layout = OutputLayout(settings: settings, sourceLocale: sourceLocale)
        allLocales = builder.allLocales
        pseudo = Set(settings.pseudoLocales)
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
        var chains: [String: [String]] = [:]
        for locale in allLocales where locale != sourceLocale && !pseudo.contains(locale) { chains[locale] = project.fallbackChain(for: locale) }
        self.chains = chains
        var checks: [String: CatalogCheck] = [:]
        for member in Set(chains.values.joined()) { checks[member] = try CatalogCheck(locale: member) }
        self.checks = checks
        wiring = (configuration.siteGenerator ?? .plain).wiring(configuration)
        values = LocalizedValues(dateStyle: settings.dateStyle)
        wordCounters = LocalePool { try WordCounter(locale: $0) }
        collators = LocalePool { try Collator(locale: $0) }
        var fingerprint = Digest()
        fingerprint.add("tolk build 4")
        fingerprint.add(String(describing: settings))
        fingerprint.add(builder.includeNeedsReview ? "review" : "no-review")
        fingerprint.add("checks " + TranslationGate.rulesVersion)
        fingerprint.add("tags:" + builder.tagsKey)
        fingerprint.add(String(describing: configuration.frontMatterKeys) + String(describing: configuration.navigationKeys) + String(describing: configuration.siteKeys))
        fingerprint.add(String(describing: configuration.siteExcludedKeys) + String(describing: configuration.readingTime) + String(describing: configuration.navigationSortedLists))
        fingerprint.add(allLocales.joined(separator: ",") + String(describing: chains.sorted(by: { $0.key < $1.key })))
        fingerprint.add(configuration.contentPath + "|" + configuration.catalogsPath + "|" + configuration.outputPath)
        fingerprint.add("generator " + (configuration.siteGenerator ?? .plain).rawValue + " " + (configuration.siteBaseURL ?? ""))
        old = BuildState.load(from: BuildState.location(in: project), fingerprint: fingerprint.value)
        new.fingerprint = fingerprint.value
    }

    // MARK: Steps

    func execute() throws -> SiteBuilder.Report {
        let timer = StepTimer()
        let (files, otherFiles) = try project.sourceFiles()
        timer.lap("list content")
        let contentDigests = try digestInputs(files: files, otherFiles: otherFiles)
        timer.lap("stat + digest inputs")
        let documents = try extractChanged(files, contentDigests: contentDigests)
        timer.lap("extract changed")
        let summaries = try summarize(files, contentDigests: contentDigests, documents: documents)
        timer.lap("translate + summarize")
        try write(files, otherFiles: otherFiles, contentDigests: contentDigests, documents: documents, summaries: summaries)
        timer.lap("plan + write + swap")
        if let wiring {
            try writeWiring(wiring, files: files)
            timer.lap("wiring")
        }
        if builder.collectsPages {
            collectPages(files, summaries: summaries)
            timer.lap("collect pages")
        }
        defer { timer.lap("save state") }
        if new != old {
            try ToolFolder.prepare(in: project)
            try new.save(to: BuildState.location(in: project))
        }
        return report
    }

    /// Stat every input; digest those whose stat data changed. Returns content path → digest.
    private func digestInputs(files: [Project.SourceFile], otherFiles: [String]) throws -> [String: UInt64] {
        let configuration = project.configuration
        var paths = files.map(\.rootPath) + otherFiles.map { configuration.contentPath + "/" + $0 }
        catalogLocales = allLocales.filter { chains[$0] != nil }
        for locale in catalogLocales {
            for file in files { paths.append(configuration.catalogsPath + "/" + locale + "/" + file.catalogPath) }
        }
        let previous = old.inputs
        let root = project.root.path + "/"
        let results = paths.parallelMap { path -> Result<BuildState.Input?, Error> in
            Result {
                guard let stamp = BuildState.FileStamp.of(path: root + path) else { return nil }
                if let known = previous[path], known.stamp == stamp { return known }
                guard let bytes = try FileTree.readIfPresent(atPath: root + path) else { return nil }
                // Stat again after reading: a file written meanwhile is not vouched for.
                let after = BuildState.FileStamp.of(path: root + path)
                return BuildState.Input(stamp: after == stamp ? stamp : BuildState.FileStamp(size: -1, modified: 0, inode: 0), digest: Digest.of(bytes))
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
        for (index, file) in files.enumerated() { fileIndex[file.path] = index }
        return contentDigests
    }

    /// Locales with catalogs, and per locale the digest of each content file's catalog (0 when missing), by file index.
    var catalogLocales: [String] = []
    var catalogDigests: [String: [UInt64]] = [:]
    var fileIndex: [String: Int] = [:]

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

    struct Summary: Sendable {
        var translationKey: UInt64
        var percent: Int
        var slug: String
        var translatedUnits: Int
        var fallbackUnits: Int
        var sourceUnits: Int
        /// Units whose translation failed the checks (translated in this run; 0 when taken from the last build).
        var refusedUnits = 0
        var included = true
        var incomplete = false
        var url = ""
        /// As `BuildState.Output.tags`: each tag followed by U+001F.
        var tags = ""
    }

    /// file path → locale → its version, for the pages translated in this run.
    var versions: [String: [String: PageVersion]] = [:]
    var readingTimePatterns: [String: String] = [:]

    /// Per locale, a digest of what identifies its chain (computed once), and the chain's catalog digests by file index.
    private lazy var chainSeeds: [String: (seed: UInt64, catalogs: [[UInt64]])] = {
        var seeds: [String: (UInt64, [[UInt64]])] = [:]
        for locale in allLocales {
            var digest = Digest()
            digest.add(locale)
            var catalogs: [[UInt64]] = []
            if pseudo.contains(locale) {
                digest.add("pseudo")
            } else if let chain = chains[locale] {
                for member in chain {
                    digest.add(member)
                    catalogs.append(catalogDigests[member] ?? [])
                }
            }
            seeds[locale] = (digest.value, catalogs)
        }
        return seeds
    }()

    private func translationKey(_ file: Project.SourceFile, locale: String, contentDigest: UInt64) -> UInt64 {
        let (seed, catalogs) = chainSeeds[locale]!
        var digest = Digest()
        digest.add(number: seed)
        digest.add(number: contentDigest)
        if !catalogs.isEmpty, let index = fileIndex[file.path] {
            for member in catalogs { digest.add(number: index < member.count ? member[index] : 0) }
        }
        return digest.value
    }

    /// Figures for every (file, locale): from the last build where nothing they depend on changed,
    /// else by translating the page now.
    private func summarize(_ files: [Project.SourceFile], contentDigests: [String: UInt64],
                           documents: [String: ExtractedDocument]) throws -> [String: [String: Summary]] {
        var summaries: [String: [String: Summary]] = [:]
        var work: [(Project.SourceFile, [String])] = []
        let previousByLocale = allLocales.map { old.outputs[$0] ?? [:] }
        for file in files {
            var missing: [String] = []
            for (localeIndex, locale) in allLocales.enumerated() {
                let key = translationKey(file, locale: locale, contentDigest: contentDigests[file.path] ?? 0)
                if let output = previousByLocale[localeIndex][file.path], output.translationKey == key {
                    summaries[file.path, default: [:]][locale] = Summary(translationKey: key, percent: output.percent, slug: output.slug,
                                                                         translatedUnits: output.translatedUnits, fallbackUnits: output.fallbackUnits,
                                                                         sourceUnits: output.sourceUnits, url: output.url, tags: output.tags)
                } else {
                    missing.append(locale)
                }
            }
            // The site strings are read in every build (the reading-time message comes from them); they
            // count as translated only when one of their versions changed.
            // So is the navigation when the generator's wiring is made from it.
            let readEveryTime = file.role == .siteStrings || (wiring != nil && file.role == .navigation)
            if !missing.isEmpty || readEveryTime { work.append((file, readEveryTime ? allLocales : missing)) }
            if !missing.isEmpty { report.pagesTranslated += 1 }
        }
        try translate(work, documents: documents)
        for (file, locales) in work {
            for locale in locales {
                guard let version = versions[file.path]?[locale] else { continue }
                summaries[file.path, default: [:]][locale] = Summary(
                    translationKey: translationKey(file, locale: locale, contentDigest: contentDigests[file.path] ?? 0),
                    percent: version.percentTranslated, slug: version.slug ?? "", translatedUnits: version.translatedUnits,
                    fallbackUnits: version.fallbackUnits, sourceUnits: version.sourceUnits, refusedUnits: version.refusedUnits,
                    tags: file.role == .page ? (extracted[file.path].map { Self.listUnits(of: $0, key: builder.tagsKey) } ?? []).map { version.texts[$0] + "\u{1F}" }.joined() : "")
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
        // Which versions ship, and their URLs.
        for file in files where file.role == .page {
            for locale in allLocales {
                guard var summary = summaries[file.path]?[locale] else { continue }
                let minimum = settings.minimum(for: locale)
                let isMachineOrSource = locale == sourceLocale || pseudo.contains(locale)
                if !isMachineOrSource, summary.percent < minimum {
                    if settings.belowMinimum == .omit { summary.included = false } else { summary.incomplete = true }
                }
                if summary.url.isEmpty || summary.slug.isEmpty {
                    // (A cached URL is only trusted when the page has its own slug: the source slug may have changed.)
                    let slug = summary.slug.isEmpty ? (new.pages[file.path]?.sourceSlug).flatMap { $0.isEmpty ? nil : $0 } : summary.slug
                    summary.url = layout.url(contentPath: file.path, slug: slug, locale: locale)
                }
                summaries[file.path]![locale] = summary
            }
        }
        reportURLClashes(files, summaries)
        return summaries
    }

    /// Translates the given (file, locales) pairs on all cores; fills `versions`.
    private func translate(_ work: [(Project.SourceFile, [String])], documents: [String: ExtractedDocument]) throws {
        guard !work.isEmpty else { return }
        let done = Atomic<Int>(0)
        let total = work.count
        let run = self
        let results = work.parallelMap { (file, locales) -> Result<(ExtractedDocument, [String: PageVersion], [Diagnostic]), Error> in
            defer {
                let finished = done.add(1, ordering: .relaxed).newValue
                run.builder.progress?(.init(phase: .translating, done: finished, total: total))
            }
            return Result { try run.translate(file, locales: locales, document: documents[file.path]) }
        }
        for ((file, _), result) in zip(work, results) {
            let (document, fileVersions, diagnostics) = try result.get()
            report.diagnostics += diagnostics
            extracted[file.path] = document
            versions[file.path, default: [:]].merge(fileVersions) { $1 }
        }
    }

    /// Documents extracted in this run (changed files and those translated for another reason).
    var extracted: [String: ExtractedDocument] = [:]

    private func translate(_ file: Project.SourceFile, locales: [String], document: ExtractedDocument?) throws
        -> (ExtractedDocument, [String: PageVersion], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let document = try document ?? project.extract(file).document
        let unitWords: [Int] = try wordCounters.with(sourceLocale) { counter in
            document.units.map { counter.count($0.text) }
        }
        var layers: [String: TranslationLookup.Layer?] = [:]
        func layer(_ member: String) throws -> TranslationLookup.Layer? {
            if let known = layers[member] { return known }
            var found: TranslationLookup.Layer?
            let url = project.catalogURL(locale: member, catalogPath: file.catalogPath)
            if let bytes = try FileTree.readIfPresent(url) {
                let path = project.displayPath(url)
                let read = POReader(path: path, skipsComments: true).read(bytes)
                let (catalog, catalogDiagnostics) = (read.catalog, read.diagnostics)
                diagnostics += catalogDiagnostics
                var entries: [CatalogEntry.Key: CatalogEntry] = [:]
                entries.reserveCapacity(catalog.entries.count)
                for entry in catalog.activeEntries { entries[entry.key] = entry }
                let refused = refusedTranslations(in: read, file: path, gate: TranslationGate(check: checks[member]!, isMessageFormat: file.format.isMessageFormat, dialect: file.format.markdownDialect),
                                                  diagnostics: &diagnostics)
                found = .init(locale: member, entries: entries, refused: refused)
            }
            layers[member] = .some(found)
            return found
        }
        var result: [String: PageVersion] = [:]
        for locale in locales {
            let source: PageTranslator.Source
            if locale == sourceLocale { source = .sourceLocale }
            else if pseudo.contains(locale) { source = .pseudo(PseudoLocale(locale: locale, dialect: file.format.markdownDialect)) }
            else { source = .catalogs(TranslationLookup(layers: try chains[locale]!.compactMap(layer), includeNeedsReview: builder.includeNeedsReview)) }
            result[locale] = PageTranslator.version(of: document, unitWords: unitWords, locale: locale, source: source)
        }
        return (document, result, diagnostics)
    }

    /// The keys of the entries the build would ship but the checks refuse, each reported at its
    /// place in the catalog (as `tolk check` reports it), as a warning or, when strict, an error.
    private func refusedTranslations(in read: POReader.Result, file: String, gate: TranslationGate,
                                     diagnostics: inout [Diagnostic]) -> Set<CatalogEntry.Key> {
        var refused: Set<CatalogEntry.Key> = []
        for (index, entry) in read.catalog.entries.enumerated()
        where !entry.isHeader && !entry.isObsolete && TranslationLookup.isShippable(entry, includeNeedsReview: builder.includeNeedsReview) && !gate.mayShip(entry) {
            refused.insert(entry.key)
            for problem in gate.problems(of: entry, at: index, in: read, file: file) {
                var refusal = problem
                refusal.severity = builder.strictChecks ? .error : .warning
                refusal.message += "; not shipped: the unit falls back along the locale's chain (or to the source text)"
                diagnostics.append(refusal)
            }
        }
        return refused
    }

    private func reportURLClashes(_ files: [Project.SourceFile], _ summaries: [String: [String: Summary]]) {
        for locale in allLocales {
            var owners: [String: String] = [:]
            for file in files where file.role == .page {
                guard let summary = summaries[file.path]?[locale], summary.included else { continue }
                if let first = owners[summary.url] {
                    report.diagnostics.append(Diagnostic(.error, file: file.rootPath,
                        "in \(locale) this page gets the URL \(summary.url), as \(first) does; translate its slug differently in \(project.configuration.catalogsPath)/\(locale)/"))
                } else {
                    owners[summary.url] = file.path
                }
            }
        }
    }

    // MARK: Writing

    private struct Planned: Sendable {
        var file: Project.SourceFile
        var locale: String
        var outputPath: String
        var outputKey: UInt64
    }

    private func write(_ files: [Project.SourceFile], otherFiles: [String], contentDigests: [String: UInt64],
                       documents: [String: ExtractedDocument], summaries: [String: [String: Summary]]) throws {
        let rewriter = LinkRewriter(pages: files.filter { $0.role == .page }.compactMap { file in
            summaries[file.path]?[sourceLocale].map { (file.path, $0.url) }
        })
        let sourcePrefix = layout.url(contentPath: "x", slug: "x", locale: sourceLocale).split(separator: "/").first.map(String.init)
        let localePrefix = settings.urlPattern(isSource: true).hasPrefix("/{locale}/") ? sourceLocale : sourcePrefix
        linkRewriter = (rewriter, localePrefix)
        var linkTargets: [String: [(destination: String, target: String, suffix: String)]] = [:]
        for file in files where file.role == .page {
            for destination in new.pages[file.path]?.destinations ?? [] {
                if project.configuration.siteGenerator?.resolvesRelativeLinksInEachTree == true, !destination.hasPrefix("/") { continue }
                if let (target, suffix) = rewriter.target(of: destination, in: file.path, sourceLocalePrefix: localePrefix) {
                    linkTargets[file.path, default: []].append((destination, target, suffix))
                }
            }
        }
        self.summaries = summaries
        let url = localizedURL(of:in:)

        // Plan every output; keep those whose inputs and file did not change.
        let outputRoot = project.outputFolder.path + "/"
        var planned: [Planned] = []
        var kept: [String: [String]] = [:]   // tree → output paths (relative to the tree) to keep
        var treesWithChanges = Set<String>()
        var expected: [String: Set<String>] = [:]
        for locale in allLocales where !writeLocales.contains(locale) {
            new.outputs[locale] = old.outputs[locale]   // not built this time: keep what the last build knew
        }
        // Every version of a page lists the same alternates.
        var alternatesDigests: [String: UInt64] = [:]
        for file in files where file.role == .page {
            var digest = Digest()
            // Over every locale, pseudo ones too: a digest that changes more often than a page's list only costs a write.
            for locale in allLocales { if let other = summaries[file.path]?[locale], other.included { digest.add(locale); digest.add(other.url) } }
            alternatesDigests[file.path] = digest.value
        }
        for locale in writeLocales {
            let previousOutputs = old.outputs[locale] ?? [:]
            var newOutputs: [String: BuildState.Output] = [:]
            newOutputs.reserveCapacity(files.count)
            defer { new.outputs[locale] = newOutputs }
            var readingTimeDigest = Digest()
            readingTimeDigest.add(readingTimePatterns[locale] ?? "")
            let tree = layout.tree(for: locale)
            // The live outputs' stat data, read on all cores.
            let liveStamps = files.map { previousOutputs[$0.path].flatMap { $0.written ? $0.path : nil } }
                .parallelMap { path in path.flatMap { BuildState.FileStamp.of(path: outputRoot + $0) } }
            for (fileNumber, file) in files.enumerated() {
                guard let summary = summaries[file.path]?[locale] else { continue }
                var record = BuildState.Output(translationKey: summary.translationKey, outputKey: 0, written: false, percent: summary.percent,
                                               slug: summary.slug, translatedUnits: summary.translatedUnits, fallbackUnits: summary.fallbackUnits,
                                               sourceUnits: summary.sourceUnits, path: "", stamp: nil, url: summary.url, tags: summary.tags)
                // A version that passed over refused translations is translated again next time, so
                // that every build reports them (and fails, when strict) until they are fixed.
                if summary.refusedUnits > 0 { record.translationKey = ~summary.translationKey }
                if file.role == .page {
                    if !summary.included {
                        newOutputs[file.path] = record
                        continue
                    }
                } else if wiring != nil {
                    // Navigation and site strings reach the generator through its wiring: as files in a tree it would publish them.
                    newOutputs[file.path] = record
                    continue
                }
                var digest = Digest()
                digest.add(number: summary.translationKey)
                if file.role == .page {
                    digest.add(number: readingTimeDigest.value)
                    digest.add(number: summary.incomplete ? 1 : 0)
                    digest.add(number: UInt64(summary.percent))
                    digest.add(number: alternatesDigests[file.path] ?? 0)
                    for link in linkTargets[file.path] ?? [] { digest.add(link.destination + "→" + (url(link.target, locale) ?? "")) }
                }
                let relative = layout.outputPath(contentPath: file.path, locale: locale)
                let fullPath = layout.relativeOutputPath(contentPath: file.path, locale: locale)
                record.outputKey = digest.value
                record.written = true
                record.path = fullPath
                expected[tree, default: []].insert(relative)
                if let previous = previousOutputs[file.path], previous.outputKey == record.outputKey, previous.written, previous.path == fullPath,
                   let stamp = previous.stamp, liveStamps[fileNumber] == stamp {
                    record.stamp = stamp
                    kept[tree, default: []].append(relative)
                } else {
                    planned.append(Planned(file: file, locale: locale, outputPath: relative, outputKey: record.outputKey))
                    treesWithChanges.insert(tree)
                }
                newOutputs[file.path] = record
            }
        }
        // Files copied as they are (images, data): once per tree.
        var copies: [(tree: String, path: String)] = []
        let otherKey = "*files"
        for tree in Set(layout.treesForOtherFiles(locales: writeLocales)) {
            let recordKey = otherKey + ":" + tree
            for path in otherFiles {
                guard let digest = contentDigests[path] else { continue }
                let fullPath = tree.isEmpty ? path : tree + "/" + path
                expected[tree, default: []].insert(path)
                var record = BuildState.Output(translationKey: digest, outputKey: digest, written: true, percent: 100, slug: "",
                                               translatedUnits: 0, fallbackUnits: 0, sourceUnits: 0, path: fullPath, stamp: nil)
                if let previous = old.outputs[recordKey]?[path], previous.outputKey == digest, let stamp = previous.stamp,
                   BuildState.FileStamp.of(path: outputRoot + fullPath) == stamp {
                    record.stamp = stamp
                    kept[tree, default: []].append(path)
                } else {
                    copies.append((tree, path))
                    treesWithChanges.insert(tree)
                }
                new.outputs[recordKey, default: [:]][path] = record
            }
        }
        // A tree that lost outputs (a deleted post, a page now left out) or is missing also changes.
        for locale in writeLocales {
            let tree = layout.tree(for: locale)
            for (path, output) in old.outputs[locale] ?? [:] where output.written {
                if new.outputs[locale]?[path]?.written != true { treesWithChanges.insert(tree) }
            }
        }
        for tree in Set(writeLocales.map(layout.tree(for:))) where !FileManager.default.fileExists(atPath: treeURL(tree).path) {
            treesWithChanges.insert(tree)
        }
        for (key, outputs) in old.outputs where key.hasPrefix(otherKey + ":") {
            let tree = String(key.dropFirst(otherKey.count + 1))
            if outputs.keys.contains(where: { !(expected[tree]?.contains($0) ?? false) }), Set(writeLocales.map(layout.tree(for:))).contains(tree) {
                treesWithChanges.insert(tree)
            }
        }

        // Translate what must be written but was not translated yet (its inputs are unchanged, but a
        // linked page's URL, an alternate or the site strings changed).
        var needed: [String: [String]] = [:]
        for item in planned where versions[item.file.path]?[item.locale] == nil {
            needed[item.file.path, default: []].append(item.locale)
        }
        if !needed.isEmpty {
            let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0) })
            try translate(needed.sorted(by: { $0.key < $1.key }).map { (byPath[$0.key]!, $0.value) }, documents: documents)
        }

        // Write.
        TreeSwap.removeLeftovers(in: project.outputFolder)
        TreeSwap.removeLeftovers(in: project.outputFolder.deletingLastPathComponent())
        let linksByFile = linkTargets
        let swaps = Dictionary(uniqueKeysWithValues: treesWithChanges.map { ($0, TreeSwap(live: treeURL($0))) })
        for swap in swaps.values { try swap.prepare() }
        do {
            let done = Atomic<Int>(0)
            let total = planned.count
            let run = self
            let writeResults = planned.parallelMap { item -> Result<(Int, [Diagnostic]), Error> in
                defer {
                    let finished = done.add(1, ordering: .relaxed).newValue
                    if finished % 64 == 0 || finished == total { run.builder.progress?(.init(phase: .writing, done: finished, total: total, locale: item.locale)) }
                }
                return Result {
                    var diagnostics: [Diagnostic] = []
                    let bytes = try run.render(item, summaries: run.summaries, linkTargets: linksByFile[item.file.path] ?? [], diagnostics: &diagnostics)
                    try swaps[run.layout.tree(for: item.locale)]!.write(bytes, to: item.outputPath)
                    return (bytes.count, diagnostics)
                }
            }
            for result in writeResults {
                let (count, diagnostics) = try result.get()
                report.bytesWritten += count
                report.diagnostics += diagnostics
            }
            for (tree, path) in copies {
                let bytes = try FileTree.read(project.contentFolder.appendingPathComponent(path))
                try swaps[tree]!.write(bytes, to: path)
                report.bytesWritten += bytes.count
            }
            for (tree, swap) in swaps {
                for path in kept[tree] ?? [] where !(try swap.keep(path)) {
                    throw BuildError.outputVanished(treeURL(tree).appendingPathComponent(path).path)
                }
                try swap.commit()
            }
        } catch {
            for swap in swaps.values { swap.abandon() }
            throw error
        }
        // Stat what is now live, for the next build.
        for locale in writeLocales {
            for (path, output) in new.outputs[locale] ?? [:] where output.written && output.stamp == nil {
                new.outputs[locale]![path]!.stamp = BuildState.FileStamp.of(path: outputRoot + output.path)
            }
        }
        for key in new.outputs.keys where key.hasPrefix(otherKey + ":") {
            for (path, output) in new.outputs[key]! where output.stamp == nil {
                new.outputs[key]![path]!.stamp = BuildState.FileStamp.of(path: outputRoot + output.path)
            }
        }
        buildReport(files: files, planned: planned, summaries: summaries)
    }

    var summaries: [String: [String: Summary]] = [:]
    /// The pages' link finder and the source locale's URL prefix, as `write` made them (the wiring localizes menu URLs with them).
    var linkRewriter: (rewriter: LinkRewriter, sourceLocalePrefix: String?)?

    static func tagList(_ joined: String) -> [String] {
        joined.split(separator: "\u{1F}", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// The indices of a page's units that are the items of the front matter list `key`, in source order.
    static func listUnits(of document: ExtractedDocument, key: String) -> [Int] {
        document.units.indices.filter { document.units[$0].role == .frontMatter(keyPath: key) }
    }

    /// `Report.pages`: every shipped page of the built locales, with its tags paired with their source
    /// texts (both kept in the build state, so nothing is translated again for this).
    private func collectPages(_ files: [Project.SourceFile], summaries: [String: [String: Summary]]) {
        for file in files where file.role == .page {
            let sourceTags = Self.tagList(summaries[file.path]?[sourceLocale]?.tags ?? "")
            for locale in writeLocales {
                guard let summary = summaries[file.path]?[locale], summary.included else { continue }
                let tags = Self.tagList(summary.tags)
                report.pages.append(SiteBuilder.BuiltPage(
                    contentPath: file.path, locale: locale,
                    outputPath: layout.relativeOutputPath(contentPath: file.path, locale: locale), url: summary.url,
                    tags: tags.count == sourceTags.count ? Array(zip(sourceTags, tags)) : []))
            }
        }
    }

    /// A page's URL in a locale, or its source version's when the page is left out of that locale.
    func localizedURL(of target: String, in locale: String) -> String? {
        guard let versions = summaries[target] else { return nil }
        if let summary = versions[locale], summary.included { return summary.url }
        return versions[sourceLocale]?.url
    }

    private func treeURL(_ tree: String) -> URL {
        tree.isEmpty ? project.outputFolder : project.outputFolder.appendingPathComponent(tree)
    }

    private func render(_ item: Planned, summaries: [String: [String: Summary]], linkTargets: [(destination: String, target: String, suffix: String)],
                        diagnostics: inout [Diagnostic]) throws -> [UInt8] {
        let document = extracted[item.file.path]!
        let version = versions[item.file.path]![item.locale]!
        let locale = item.locale
        var replacements = version.replacements
        // Links to other pages: the same locale's URL.
        let targets = Dictionary(linkTargets.map { ($0.destination, ($0.target, $0.suffix)) }, uniquingKeysWith: { first, _ in first })
        func localizedDestination(_ destination: String) -> String? {
            guard let (target, suffix) = targets[destination], let localized = localizedURL(of: target, in: locale) else { return nil }
            return localized + suffix
        }
        if !targets.isEmpty {
            for (index, text) in version.texts.enumerated() where text.contains("](") {
                let rewritten = LinkRewriter.rewrite(text, localizedDestination)
                if rewritten != text { replacements[index] = rewritten }
            }
        }
        if item.file.role == .navigation { return try navigation(document, version: version, replacements: replacements, locale: locale) }
        guard item.file.role == .page else { return SpanMerger.merge(document, replacements: replacements) }
        // Link reference definitions (`[retro]: /posts/a/`) belong to no unit: their destinations are edited in place.
        var edits: [ByteEdit] = []
        for range in document.linkDefinitionDestinations where !targets.isEmpty {
            let destination = String(decoding: document.bytes[range], as: UTF8.self)
            guard let rewritten = localizedDestination(destination), rewritten != destination,
                  !rewritten.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "\n" }) else { continue }
            edits.append(ByteEdit(range: range, bytes: Array(rewritten.utf8)))
        }
        // Lists in the locale's alphabetical order.
        for key in settings.sortedLists {
            let indices = Self.listUnits(of: document, key: key)
            guard indices.count > 1 else { continue }
            let collationLocale = pseudo.contains(locale) ? String(locale.prefix(while: { $0 != "-" })) : locale
            let sorted = try collators.with(collationLocale) { collator in collator.sorted(indices.map { version.texts[$0] }) }
            for (position, index) in indices.enumerated() {
                let unit = document.units[index]
                replacements[index] = sorted[position] == (unit.sourceValue ?? unit.text) ? nil : sorted[position]
            }
        }
        guard let block = document.frontMatter else { return SpanMerger.merge(document, replacements: replacements, extraEdits: edits) }
        let summary = summaries[item.file.path]![locale]!
        let fieldNames = settings.fields
        var fields = FrontMatterFields()
        // A pseudo-locale formats with the source locale's data, then disguises the result like its text.
        let formatLocale = pseudo.contains(locale) ? sourceLocale : locale
        let dialect = project.configuration.markdownDialect
        let disguise: (String) -> String = pseudo.contains(locale) ? { PseudoLocale(locale: locale, dialect: dialect).translate($0, isPlural: false) } : { $0 }
        if !project.configuration.readingTime.outputKey.isEmpty, let pattern = readingTimePatterns[locale],
           let minutesText = block.scalars[project.configuration.readingTime.minutesKey] {
            if let minutes = Double(minutesText), minutes >= 0 {
                do {
                    fields.set(project.configuration.readingTime.outputKey, .string(disguise(try values.readingTime(pattern: pattern, minutes: minutes, locale: formatLocale))))
                } catch {
                    diagnostics.append(Diagnostic(.error, file: project.configuration.siteFile, "\(project.configuration.readingTime.messageKey) for \(locale): \(error)"))
                }
            } else {
                diagnostics.append(Diagnostic(.warning, file: item.file.rootPath,
                                              "\(project.configuration.readingTime.minutesKey) is '\(minutesText)', not a number: no \(project.configuration.readingTime.outputKey) added"))
            }
        }
        fields.set(fieldNames.lang, .string(locale))
        fields.set(fieldNames.dir, .string(LocaleInfo.isRightToLeft(locale) ? "rtl" : "ltr"))
        fields.set(fieldNames.translationKey, .string(item.file.path.lastIndex(of: ".").map { String(item.file.path[..<$0]) } ?? item.file.path))
        fields.set(fieldNames.translated, .integer(summary.percent))
        if (project.configuration.siteGenerator ?? .plain).takesURL(ofPage: item.file.path) { fields.set(fieldNames.url, .string(summary.url)) }
        fields.set(fieldNames.alternates, .mapping(alternates(of: item.file.path, in: locale, summaries: summaries)))
        if let dateText = block.scalars["date"] {
            if let date = CivilDate(frontMatterValue: dateText) {
                fields.set(fieldNames.date, .string(disguise(values.date(date, locale: formatLocale))))
            } else {
                diagnostics.append(Diagnostic(.warning, file: item.file.rootPath,
                                              "date is '\(dateText)', not a YYYY-MM-DD date: no \(fieldNames.date) added"))
            }
        }
        if summary.incomplete { fields.set(fieldNames.incomplete, .boolean(true)) }
        return SpanMerger.merge(document, replacements: replacements, extraEdits: edits + fields.edits(in: block))
    }

    /// The navigation file, with the lists named in `navigation.sort` ordered by their localized labels.
    /// The versions a page in `locale` names as its alternates (locale → URL), in the site's locale
    /// order, then `x-default`: the source version, for readers whose language the site does not have.
    /// A pseudo-locale is a test of the site, not a language for readers: only its own pages list it.
    /// With the site's root URL known (Hugo's `baseURL`), the URLs are absolute, as `hreflang` wants them.
    func alternates(of path: String, in locale: String, summaries: [String: [String: Summary]]) -> [(String, String)] {
        var alternates: [(String, String)] = []
        let base = project.configuration.siteBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? ""
        func absolute(_ url: String) -> String { url.hasPrefix("/") ? base + url : url }
        for other in allLocales where !pseudo.contains(other) || other == locale {
            if let version = summaries[path]?[other], version.included { alternates.append((other, absolute(version.url))) }
        }
        if let source = summaries[path]?[sourceLocale], source.included { alternates.append(("x-default", absolute(source.url))) }
        return alternates
    }

    // MARK: Wiring

    /// Writes the generator's wiring from the localized navigation and site strings of every real locale.
    private func writeWiring(_ wiring: any GeneratorWiring, files: [Project.SourceFile]) throws {
        let configuration = project.configuration
        report.diagnostics += configuration.generatorSettingsDiagnostics
        guard let (rewriter, sourcePrefix) = linkRewriter else { return }
        let siteFile = files.first { $0.format is SiteStringsFile }
        let i18nFile = files.first { $0.format is HugoI18nFile }
        let navigationFile = files.first { $0.role == .navigation }
        func localized(_ file: Project.SourceFile?, in locale: String) throws -> Node? {
            guard let file, let document = extracted[file.path], let version = versions[file.path]?[locale] else { return nil }
            let bytes = file.role == .navigation
                ? try navigation(document, version: version, replacements: version.replacements, locale: locale)
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
                       let localized = self.localizedURL(of: target, in: locale) { return localized + suffix }
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

    private func navigation(_ document: ExtractedDocument, version: PageVersion, replacements: [String?], locale: String) throws -> [UInt8] {
        let patterns = project.configuration.navigationSortedLists
        guard !patterns.isEmpty else { return SpanMerger.merge(document, replacements: replacements) }
        let unitBySpan = Dictionary(document.units.indices.map { (document.units[$0].span.lowerBound, $0) }, uniquingKeysWith: { first, _ in first })
        let collationLocale = pseudo.contains(locale) ? String(locale.prefix(while: { $0 != "-" })) : locale
        var ordered = document
        for list in YAMLListOrder.lists(in: document.bytes, matching: patterns, sortKey: "label") {
            let labels = list.keySpans.map { span -> String in
                guard let span else { return "" }
                if let index = unitBySpan[span.lowerBound] { return replacements[index] ?? version.texts[index] }
                return String(decoding: document.bytes[span], as: UTF8.self)
            }
            let order = try collators.with(collationLocale) { collator in
                Array(labels.indices).sorted { collator.compare(labels[$0], labels[$1]) < 0 || (collator.compare(labels[$0], labels[$1]) == 0 && $0 < $1) }
            }
            if order != Array(labels.indices) { ordered = YAMLListOrder.reordering(ordered, list, to: order) }
        }
        return SpanMerger.merge(ordered, replacements: replacements)
    }

    private func buildReport(files: [Project.SourceFile], planned: [Planned], summaries: [String: [String: Summary]]) {
        let written = Dictionary(grouping: planned, by: \.locale).mapValues(\.count)
        for locale in writeLocales {
            var localeReport = SiteBuilder.LocaleReport(locale: locale)
            localeReport.isPseudo = pseudo.contains(locale)
            localeReport.filesWritten = written[locale] ?? 0
            for file in files {
                guard let summary = summaries[file.path]?[locale] else { continue }
                localeReport.translatedUnits += summary.translatedUnits
                localeReport.fallbackUnits += summary.fallbackUnits
                localeReport.sourceUnits += locale == sourceLocale ? 0 : summary.sourceUnits
                localeReport.units += summary.translatedUnits + summary.fallbackUnits + summary.sourceUnits
                guard file.role == .page else { continue }
                if summary.included { localeReport.pages += 1 } else { localeReport.omitted.append(.init(path: file.path, percent: summary.percent)) }
                if summary.incomplete { localeReport.incomplete.append(.init(path: file.path, percent: summary.percent)) }
                if let version = versions[file.path]?[locale], locale != sourceLocale {
                    localeReport.fallbacks += version.fellBack.map { ("\(file.rootPath):\($0.line)", $0.from) }
                }
            }
            localeReport.filesUnchanged = (new.outputs[locale]?.values.filter(\.written).count ?? 0) - localeReport.filesWritten
            localeReport.filesRemoved = (old.outputs[locale] ?? [:]).filter { $0.value.written && new.outputs[locale]?[$0.key]?.written != true }.count
            if locale == sourceLocale { localeReport.translatedUnits = localeReport.units }
            report.locales.append(localeReport)
        }
    }
}

/// With `TOLK_PROFILE=1` in the environment, prints how long each step of a run took to standard error.
final class StepTimer: @unchecked Sendable {
    private let enabled = ProcessInfo.processInfo.environment["TOLK_PROFILE"] == "1"
    private var last = Date()

    func lap(_ step: String) {
        guard enabled else { return }
        let now = Date()
        FileHandle.standardError.write(Data(String(format: "  %-24@ %7.3f s\n", step, now.timeIntervalSince(last)).utf8))
        last = now
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
