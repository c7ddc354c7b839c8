import Catalog
import Core
import Foundation
import Workspace

/// One content file's version in one locale as the build plans it: its figures (from this run's
/// translation or the last build's record), whether it ships, and its URL.
struct VersionSummary: Sendable, Equatable {
    /// What the version's translations depend on (see `TranslationKeys`).
    var translationKey: UInt64
    var percent: Int
    var slug: String
    var translatedUnits: Int
    var fallbackUnits: Int
    var sourceUnits: Int
    /// Units whose translation failed the checks (passed over along the chain).
    var refusedUnits = 0
    var included = true
    var incomplete = false
    var url = ""
    var tags = TagList()

    init(translationKey: UInt64, percent: Int, slug: String, translatedUnits: Int, fallbackUnits: Int, sourceUnits: Int,
         refusedUnits: Int = 0, url: String = "", tags: TagList = TagList()) {
        self.translationKey = translationKey
        self.percent = percent
        self.slug = slug
        self.translatedUnits = translatedUnits
        self.fallbackUnits = fallbackUnits
        self.sourceUnits = sourceUnits
        self.refusedUnits = refusedUnits
        self.url = url
        self.tags = tags
    }

    /// The version as the last build recorded it (its translation key still matches).
    init(cached output: BuildState.Output) {
        self.init(translationKey: output.translationKey, percent: output.percent, slug: output.slug,
                  translatedUnits: output.translatedUnits, fallbackUnits: output.fallbackUnits,
                  sourceUnits: output.sourceUnits, refusedUnits: output.refusedUnits, url: output.url, tags: output.tags)
    }

    /// The version translated in this run (its URL is decided by `BuildPlanner.decideShipping`).
    init(translated version: PageVersion, translationKey: UInt64, tags: TagList) {
        self.init(translationKey: translationKey, percent: version.percentTranslated, slug: version.slug ?? "",
                  translatedUnits: version.translatedUnits, fallbackUnits: version.fallbackUnits,
                  sourceUnits: version.sourceUnits, refusedUnits: version.refusedUnits, tags: tags)
    }
}

/// file path → locale → its version.
typealias VersionSummaries = [String: [String: VersionSummary]]

/// A link from one page to another: the destination as written, the content path it names, and what
/// follows the page's URL (`#anchor`).
struct LinkTarget: Sendable, Equatable {
    var destination: String
    var target: String
    var suffix: String
}

/// Each page's URL in each locale, as the build decided them.
struct PageURLs: Sendable {
    let summaries: VersionSummaries
    let sourceLocale: String

    /// A page's URL in a locale, or its source version's when the page is left out of that locale.
    func url(of target: String, in locale: String) -> String? {
        guard let versions = summaries[target] else { return nil }
        if let summary = versions[locale], summary.included { return summary.url }
        return versions[sourceLocale]?.url
    }
}

/// What a version's translations depend on, as one digest per (content file, locale): the locale and
/// its fallback chain (or that it is a pseudo-locale), the content file's bytes, and the file's
/// catalog in each member of the chain.
struct TranslationKeys: Sendable {
    private let seeds: [String: (seed: UInt64, catalogs: [[UInt64]])]
    private let fileIndex: [String: Int]

    /// `catalogDigests`: per locale with catalogs, the digest of each content file's catalog (0 when
    /// missing) in the order of `files`.
    init(locales: [String], pseudo: Set<String>, chains: [String: [String]], catalogDigests: [String: [UInt64]], files: [String]) {
        var seeds: [String: (UInt64, [[UInt64]])] = [:]
        for locale in locales {
            var digest = StableHash()
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
        self.seeds = seeds
        var fileIndex: [String: Int] = [:]
        for (index, path) in files.enumerated() { fileIndex[path] = index }
        self.fileIndex = fileIndex
    }

    func key(for path: String, locale: String, contentDigest: UInt64) -> UInt64 {
        key(forFileAt: fileIndex[path], locale: locale, contentDigest: contentDigest)
    }

    /// `key(for:…)` of the file at `index` in the files the keys were made for (nil: not one of them).
    func key(forFileAt index: Int?, locale: String, contentDigest: UInt64) -> UInt64 {
        guard let (seed, catalogs) = seeds[locale] else { preconditionFailure("\(locale) is not one of the build's locales") }
        var digest = StableHash()
        digest.add(number: seed)
        digest.add(number: contentDigest)
        if !catalogs.isEmpty, let index {
            for member in catalogs { digest.add(number: index < member.count ? member[index] : 0) }
        }
        return digest.value
    }
}

/// The decisions of `tolk build`, made from values only (the content files, their digests, the
/// catalogs' digests, the last `BuildState`, the stat data of the live outputs): what to translate,
/// which versions ship and at which URL, what to write, keep, copy and remove. `SiteBuilder` reads
/// the inputs and carries the plan out; the planner touches no file.
struct BuildPlanner: Sendable {
    let sourceLocale: String
    /// The source, the targets, then the pseudo-locales.
    let allLocales: [String]
    /// The locales this build writes (all of them unless `--locale` chose some).
    let writeLocales: [String]
    let pseudo: Set<String>
    /// Each target locale's fallback chain (`pt-BR` → `pt`), itself first.
    let chains: [String: [String]]
    let settings: BuildSettings
    let layout: OutputLayout
    /// With a generator's wiring, the navigation and site strings reach the site through it, not as files in the trees.
    let hasWiring: Bool

    init(sourceLocale: String, allLocales: [String], writeLocales: [String], pseudo: Set<String>, chains: [String: [String]],
         settings: BuildSettings, hasWiring: Bool) {
        self.sourceLocale = sourceLocale
        self.allLocales = allLocales
        self.writeLocales = writeLocales
        self.pseudo = pseudo
        self.chains = chains
        self.settings = settings
        layout = OutputLayout(settings: settings, sourceLocale: sourceLocale)
        self.hasWiring = hasWiring
    }

    // MARK: What to translate

    struct TranslationPlan {
        /// file path → locale → the version as the last build recorded it.
        var cached: VersionSummaries = [:]
        /// The files to translate now and in which locales, in file order.
        var work: [(file: Project.SourceFile, locales: [String])] = []
        /// Content files with at least one version not reusable from the last build.
        var pagesTranslated = 0
    }

    /// A version is reused when the last build recorded the same translation key for it; the others
    /// are translated. The site strings are read in every build (the reading-time message comes from
    /// them), and so is the navigation when the generator's wiring is made from it; they count as
    /// translated only when one of their versions changed.
    func planTranslations(_ files: [Project.SourceFile], contentDigests: [String: UInt64], keys: TranslationKeys,
                          previous: BuildState) -> TranslationPlan {
        var plan = TranslationPlan()
        let locales = allLocales
        let previousByLocale = locales.map { previous.outputs[.locale($0)] ?? [:] }
        plan.cached.reserveCapacity(files.count)
        for (fileIndex, file) in files.enumerated() {
            var missing: [String] = []
            let contentDigest = contentDigests[file.path] ?? 0
            // Made at its final size, and stored once: one lookup of the path per file, not per version.
            var cached: [String: VersionSummary] = Dictionary(minimumCapacity: locales.count)
            for (localeIndex, locale) in locales.enumerated() {
                let key = keys.key(forFileAt: fileIndex, locale: locale, contentDigest: contentDigest)
                if let output = previousByLocale[localeIndex][file.path], output.translationKey == key {
                    cached[locale] = VersionSummary(cached: output)
                } else {
                    missing.append(locale)
                }
            }
            if !cached.isEmpty { plan.cached[file.path] = cached }
            let readEveryTime = file.role == .siteStrings || (hasWiring && file.role == .navigation)
            if !missing.isEmpty || readEveryTime { plan.work.append((file, readEveryTime ? allLocales : missing)) }
            if !missing.isEmpty { plan.pagesTranslated += 1 }
        }
        return plan
    }

    /// The catalogs whose findings (read problems, refused translations) a build reports for one
    /// file, in the order reading them gives: the members of the chains of the versions it translates
    /// now and of the versions it reuses that passed over refused translations, taken in the site's
    /// locale order. A reused version's catalogs are unchanged (its translation key says so): their
    /// findings come from the build state, so a build reports the same until the catalogs are fixed.
    func reportedCatalogs(translated: Set<String>, reused: [String: VersionSummary]) -> [String] {
        var members: [String] = []
        for locale in allLocales where translated.contains(locale) || (reused[locale]?.refusedUnits ?? 0) > 0 {
            for member in chains[locale] ?? [] where !members.contains(member) { members.append(member) }
        }
        return members
    }

    // MARK: What ships, where

    /// Which page versions ship: below the locale's `min_translated` a version is left out or marked
    /// (`below_min`); the source and pseudo-locales always ship. Each gets its URL: a cached URL is
    /// only trusted when the page has its own slug in the locale, since the source slug may have changed.
    func decideShipping(_ summaries: inout VersionSummaries, files: [Project.SourceFile], pages: [String: BuildState.Page]) {
        for file in files where file.role == .page {
            // The file's versions changed in place: its path looked up once.
            guard let position = summaries.index(forKey: file.path) else { continue }
            for locale in allLocales {
                guard var summary = summaries.values[position][locale] else { continue }
                let minimum = settings.minimum(for: locale)
                let isMachineOrSource = locale == sourceLocale || pseudo.contains(locale)
                if !isMachineOrSource, summary.percent < minimum {
                    if settings.belowMinimum == .omit { summary.included = false } else { summary.incomplete = true }
                }
                if summary.url.isEmpty || summary.slug.isEmpty {
                    let slug = summary.slug.isEmpty ? (pages[file.path]?.sourceSlug).flatMap { $0.isEmpty ? nil : $0 } : summary.slug
                    summary.url = layout.url(contentPath: file.path, slug: slug, locale: locale)
                }
                summaries.values[position][locale] = summary
            }
        }
    }

    /// Two shipped pages of one locale with the same URL: an error at the second, naming the first.
    func urlClashes(_ files: [Project.SourceFile], _ summaries: VersionSummaries, catalogsPath: String) -> [Diagnostic] {
        let locales = allLocales
        // Per locale, in the locales' order; each file's versions looked up once.
        var clashes = [[Diagnostic]](repeating: [], count: locales.count)
        var owners = [[String: String]](repeating: Dictionary(minimumCapacity: files.count), count: locales.count)
        for file in files where file.role == .page {
            guard let versions = summaries[file.path] else { continue }
            for (index, locale) in locales.enumerated() {
                guard let summary = versions[locale], summary.included else { continue }
                if let first = owners[index][summary.url] {
                    clashes[index].append(Diagnostic(.error, file: file.rootPath,
                        "in \(locale) this page gets the URL \(summary.url), as \(first) does; translate its slug differently in \(catalogsPath)/\(locale)/"))
                } else {
                    owners[index][summary.url] = file.path
                }
            }
        }
        return Array(clashes.joined())
    }

    // MARK: Links

    struct LinkPlan {
        /// Finds the page a link names, from the source versions' URLs.
        var rewriter: LinkRewriter
        /// The source locale's URL prefix, as links written in the source may carry it.
        var sourceLocalePrefix: String?
        /// Per page, its links that name other pages.
        var targets: [String: [LinkTarget]]
    }

    /// The links between pages, from the destinations each page's last extraction recorded.
    /// `relativeLinksResolvedPerTree`: the generator resolves relative links inside each tree itself.
    func planLinks(_ files: [Project.SourceFile], summaries: VersionSummaries, pages: [String: BuildState.Page],
                   relativeLinksResolvedPerTree: Bool) -> LinkPlan {
        let rewriter = LinkRewriter(pages: files.filter { $0.role == .page }.compactMap { file in
            summaries[file.path]?[sourceLocale].map { (file.path, $0.url) }
        })
        let sourcePrefix = layout.url(contentPath: "x", slug: "x", locale: sourceLocale).split(separator: "/").first.map(String.init)
        let localePrefix = settings.urlPattern(isSource: true).hasPrefix("/{locale}/") ? sourceLocale : sourcePrefix
        var targets: [String: [LinkTarget]] = [:]
        for file in files where file.role == .page {
            for destination in pages[file.path]?.destinations ?? [] {
                if relativeLinksResolvedPerTree, !destination.hasPrefix("/") { continue }
                if let (target, suffix) = rewriter.target(of: destination, in: file.path, sourceLocalePrefix: localePrefix) {
                    targets[file.path, default: []].append(LinkTarget(destination: destination, target: target, suffix: suffix))
                }
            }
        }
        return LinkPlan(rewriter: rewriter, sourceLocalePrefix: localePrefix, targets: targets)
    }

    // MARK: What to write

    /// One version to render and write.
    struct PlannedWrite: Sendable {
        var file: Project.SourceFile
        var locale: String
        /// Relative to the locale's tree.
        var outputPath: String
        var outputKey: UInt64
    }

    struct OutputPlan {
        /// The new build state's outputs: every group this build covers, and the locales it does not
        /// write as the last build left them.
        var outputs: [BuildState.OutputGroup: [String: BuildState.Output]] = [:]
        /// Versions to render and write.
        var writes: [PlannedWrite] = []
        /// Files to copy as they are, into a tree.
        var copies: [(tree: String, path: String)] = []
        /// Per tree, the outputs (relative to the tree) to keep from the live tree.
        var kept: [String: [String]] = [:]
        /// Per tree, every file (relative to it) the tree holds after this build: kept, written or copied.
        var files: [String: Set<String>] = [:]
        /// Trees with any change: each is patched in place (`patchable`) or assembled beside the live one and swapped in.
        var treesWithChanges: Set<String> = []
        /// Per tree, the files (relative to it) the last build wrote and this one does not: changes that count against a patch.
        var removed: [String: [String]] = [:]
        /// The changed trees whose few changes are made in place (`TreePatch`) rather than by a swap: the
        /// tree exists and at most one file in `patchShare` is written, copied or removed.
        var patchable: Set<String> = []

        /// A patch is always the cheaper (a swap relinks every unchanged file and removes the old tree);
        /// the share only bounds how much of a tree a reader may see half old, half new while its
        /// renames take. A tree of 5,000 files with up to 1,250 of them changed (an edited post, 2% of
        /// the paragraphs edited across a blog) is patched; a first build or a change to most pages swaps.
        static let patchShare = 4
    }

    /// Every output of the written locales and the copied files. An output is kept when its output key
    /// (everything its bytes depend on: the version's translations, the reading-time message, whether
    /// it is marked, its share translated, its alternates, the URLs its links point at) and its path
    /// are those of the last build and the live file's stat data is the one recorded; otherwise it is
    /// written. A tree that gains, loses or rewrites a file, or is missing, changes as a whole.
    ///
    /// `liveStamps`: the stat data of the live outputs the last build recorded a stamp for, by path
    /// relative to the output folder (missing: the file is gone). `existingTrees`: the written
    /// locales' trees that exist.
    func planOutputs(files: [Project.SourceFile], otherFiles: [String], contentDigests: [String: UInt64],
                     summaries: VersionSummaries, linkTargets: [String: [LinkTarget]], readingTimePatterns: [String: String],
                     previous: BuildState, liveStamps: [String: FileStamp], existingTrees: Set<String>) -> OutputPlan {
        var plan = OutputPlan()
        let writtenTrees = Set(writeLocales.map(layout.tree(for:)))
        for locale in allLocales where !writeLocales.contains(locale) {
            plan.outputs[.locale(locale)] = previous.outputs[.locale(locale)]   // not built this time: keep what the last build knew
            // Its files in a tree this build writes (the suffix layout's one tree) stay as they are, where they are.
            let tree = layout.tree(for: locale)
            guard writtenTrees.contains(tree), let outputs = previous.outputs[.locale(locale)] else { continue }
            for file in files {
                guard let output = outputs[file.path], output.written, liveStamps[output.path] != nil else { continue }
                let relative = tree.isEmpty ? output.path : String(output.path.dropFirst(tree.count + 1))
                plan.kept[tree, default: []].append(relative)
                plan.files[tree, default: []].insert(relative)
            }
        }
        let urls = PageURLs(summaries: summaries, sourceLocale: sourceLocale)
        // Per file, in the order of `files`: looked up once, read in every locale.
        let fileSummaries = files.map { summaries[$0.path] }
        let alternates = alternatesDigests(files, fileSummaries)
        let fileLinks = files.map { $0.role == .page ? linkTargets[$0.path] ?? [] : [] }
        // Each written locale on its own core; joined in the locales' order.
        let versionPlans = writeLocales.parallelMap { locale in
            var readingTime = StableHash()   // the reading-time message in this locale
            readingTime.add(readingTimePatterns[locale] ?? "")
            return planVersions(in: locale, files: files, fileSummaries: fileSummaries, outputKey: { index, file, summary in
                var digest = StableHash()
                digest.add(number: summary.translationKey)
                if file.role == .page {
                    digest.add(number: readingTime.value)
                    digest.add(number: summary.incomplete ? 1 : 0)
                    digest.add(number: UInt64(summary.percent))
                    digest.add(number: alternates[index])
                    for link in fileLinks[index] {
                        // The bytes of destination + "→" + URL, without making that string.
                        var destination = link.destination
                        destination.withUTF8 { digest.add($0) }
                        digest.add(bytes: "→".utf8)
                        digest.add(urls.url(of: link.target, in: locale) ?? "")
                    }
                }
                return digest.value
            }, previous: previous.outputs[.locale(locale)] ?? [:], liveStamps: liveStamps)
        }
        for (locale, versions) in zip(writeLocales, versionPlans) {
            let tree = layout.tree(for: locale)
            plan.outputs[.locale(locale)] = versions.outputs
            if !versions.files.isEmpty {
                if plan.files[tree] == nil { plan.files[tree] = Set(minimumCapacity: versions.files.count) }
                for path in versions.files { plan.files[tree]!.insert(path) }
            }
            if !versions.kept.isEmpty { plan.kept[tree, default: []] += versions.kept }
            plan.writes += versions.writes
            if !versions.writes.isEmpty { plan.treesWithChanges.insert(tree) }
        }
        planCopies(otherFiles, contentDigests: contentDigests, previous: previous, liveStamps: liveStamps, plan: &plan)
        // A tree that lost outputs (a deleted post, a page now left out) or is missing also changes.
        for locale in writeLocales {
            let tree = layout.tree(for: locale)
            let outputs = plan.outputs[.locale(locale)] ?? [:]
            for (path, output) in previous.outputs[.locale(locale)] ?? [:] where output.written && outputs[path]?.written != true {
                plan.treesWithChanges.insert(tree)
                plan.removed[tree, default: []].append(tree.isEmpty ? output.path : String(output.path.dropFirst(tree.count + 1)))
            }
        }
        for tree in writtenTrees where !existingTrees.contains(tree) {
            plan.treesWithChanges.insert(tree)
        }
        for (group, outputs) in previous.outputs {
            guard case .copiedFiles(let tree) = group, writtenTrees.contains(tree) else { continue }
            for path in outputs.keys where !(plan.files[tree]?.contains(path) ?? false) {
                plan.treesWithChanges.insert(tree)
                plan.removed[tree, default: []].append(path)
            }
        }
        choosePatches(&plan, existingTrees: existingTrees)
        return plan
    }

    /// Fills `patchable` with the existing changed trees where at most one file in `OutputPlan.patchShare`
    /// is written, copied or removed.
    private func choosePatches(_ plan: inout OutputPlan, existingTrees: Set<String>) {
        var written: [String: Int] = [:]
        for write in plan.writes { written[layout.tree(for: write.locale), default: 0] += 1 }
        for copy in plan.copies { written[copy.tree, default: 0] += 1 }
        for tree in plan.treesWithChanges where existingTrees.contains(tree) {
            let changed = (written[tree] ?? 0) + (plan.removed[tree]?.count ?? 0)
            if changed * OutputPlan.patchShare <= plan.files[tree]?.count ?? 0 { plan.patchable.insert(tree) }
        }
    }

    /// Per page, a digest of the versions that ship and their URLs: every version of a page lists
    /// the same alternates. Over every locale, pseudo ones too: a digest that changes more often than
    /// a page's list only costs a write.
    private func alternatesDigests(_ files: [Project.SourceFile], _ fileSummaries: [[String: VersionSummary]?]) -> [UInt64] {
        zip(files, fileSummaries).map { file, summaries in
            guard file.role == .page else { return 0 }
            var digest = StableHash()
            for locale in allLocales { if let other = summaries?[locale], other.included { digest.add(locale); digest.add(other.url) } }
            return digest.value
        }
    }

    /// One written locale's part of the plan: its records, its tree's files, and what is kept and written.
    private struct VersionPlan: Sendable {
        var outputs: [String: BuildState.Output] = [:]
        /// Relative to the locale's tree.
        var files: [String] = []
        var kept: [String] = []
        var writes: [PlannedWrite] = []
    }

    /// One written locale's records: each version left out, given to the wiring, kept or written.
    /// `outputKey`: the digest of everything a written version's bytes depend on.
    private func planVersions(in locale: String, files: [Project.SourceFile], fileSummaries: [[String: VersionSummary]?],
                              outputKey: (_ index: Int, Project.SourceFile, VersionSummary) -> UInt64,
                              previous previousOutputs: [String: BuildState.Output], liveStamps: [String: FileStamp]) -> VersionPlan {
        var plan = VersionPlan()
        plan.outputs.reserveCapacity(files.count)
        plan.files.reserveCapacity(files.count)
        for (index, file) in files.enumerated() {
            guard let summary = fileSummaries[index]?[locale] else { continue }
            var record = BuildState.Output(translationKey: summary.translationKey, outputKey: 0, written: false, percent: summary.percent,
                                           slug: summary.slug, translatedUnits: summary.translatedUnits, fallbackUnits: summary.fallbackUnits,
                                           sourceUnits: summary.sourceUnits, refusedUnits: summary.refusedUnits, path: "", stamp: nil,
                                           url: summary.url, tags: summary.tags)
            if file.role == .page {
                if !summary.included {
                    plan.outputs[file.path] = record
                    continue
                }
            } else if hasWiring {
                plan.outputs[file.path] = record
                continue
            }
            let relative = layout.outputPath(contentPath: file.path, locale: locale)
            let fullPath = layout.relativeOutputPath(contentPath: file.path, locale: locale)
            record.outputKey = outputKey(index, file, summary)
            record.written = true
            record.path = fullPath
            plan.files.append(relative)
            if let previous = previousOutputs[file.path], previous.outputKey == record.outputKey, previous.written, previous.path == fullPath,
               let stamp = previous.stamp, liveStamps[fullPath] == stamp {
                record.stamp = stamp
                plan.kept.append(relative)
            } else {
                plan.writes.append(PlannedWrite(file: file, locale: locale, outputPath: relative, outputKey: record.outputKey))
            }
            plan.outputs[file.path] = record
        }
        return plan
    }

    /// Files copied as they are (images, data): once per tree, kept while their digest and the live
    /// file's stat data are those recorded.
    private func planCopies(_ otherFiles: [String], contentDigests: [String: UInt64], previous: BuildState,
                            liveStamps: [String: FileStamp], plan: inout OutputPlan) {
        for tree in Set(layout.treesForOtherFiles(locales: writeLocales)) {
            let group = BuildState.OutputGroup.copiedFiles(tree: tree)
            for path in otherFiles {
                guard let digest = contentDigests[path] else { continue }
                let fullPath = tree.isEmpty ? path : tree + "/" + path
                plan.files[tree, default: []].insert(path)
                var record = BuildState.Output(translationKey: digest, outputKey: digest, written: true, percent: 100, slug: "",
                                               translatedUnits: 0, fallbackUnits: 0, sourceUnits: 0, path: fullPath, stamp: nil)
                if let previous = previous.outputs[group]?[path], previous.outputKey == digest, let stamp = previous.stamp,
                   liveStamps[fullPath] == stamp {
                    record.stamp = stamp
                    plan.kept[tree, default: []].append(path)
                } else {
                    plan.copies.append((tree, path))
                    plan.treesWithChanges.insert(tree)
                }
                plan.outputs[group, default: [:]][path] = record
            }
        }
    }

    /// The outputs whose stat data `planOutputs` compares, with the stat data `state` recorded (paths
    /// relative to the output folder): the written locales' outputs and the copied files it has a stamp for.
    func recordedOutputs(files: [Project.SourceFile], otherFiles: [String], in state: BuildState) -> [(path: String, stamp: FileStamp)] {
        var outputs: [(path: String, stamp: FileStamp)] = []
        // The written locales', and those of the others in a tree they share (the suffix layout's), kept as they are.
        let writtenTrees = Set(writeLocales.map(layout.tree(for:)))
        for locale in allLocales where writtenTrees.contains(layout.tree(for: locale)) {
            guard let recorded = state.outputs[.locale(locale)] else { continue }
            for file in files {
                if let output = recorded[file.path], output.written, let stamp = output.stamp { outputs.append((output.path, stamp)) }
            }
        }
        for tree in Set(layout.treesForOtherFiles(locales: writeLocales)) {
            guard let copies = state.outputs[.copiedFiles(tree: tree)] else { continue }
            for path in otherFiles {
                if let output = copies[path], let stamp = output.stamp { outputs.append((tree.isEmpty ? path : tree + "/" + path, stamp)) }
            }
        }
        return outputs
    }
}
