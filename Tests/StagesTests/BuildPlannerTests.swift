import Foundation
@testable import LocalizedTrees
import Testing
@testable import Workspace

/// The build's decisions on values alone (no file system): a site of three pages and a navigation
/// file in en → ru, de, built once, then built again after one change. The "files" a build writes are
/// stat data derived from their output keys, so an untouched output reads as the one recorded.
@Suite struct BuildPlannerTests {
    struct Site {
        var settings = BuildSettings()
        var locales = ["en", "ru", "de"]
        var pseudo: [String] = []
        var writeLocales: [String]?
        var chains = ["ru": ["ru"], "de": ["de"]]
        var paths = ["posts/a.md", "posts/b.md", "posts/c.md", "navigation.yaml"]
        var otherFiles: [String] = []
        var contentDigests: [String: UInt64] = [:]
        /// Per locale with catalogs, each file's catalog digest in the order of `paths`.
        var catalogDigests: [String: [UInt64]] = [:]
        /// Share translated of a version translated in this run (100 unless set).
        var percent: [String: [String: Int]] = [:]
        /// A page's slug in a locale; its source slug by the source locale's.
        var slugs: [String: [String: String]] = [:]
        /// Links a page's source makes (destinations as written).
        var links: [String: [String]] = [:]
        var refused: Set<String> = []

        init() {
            for (index, path) in paths.enumerated() { contentDigests[path] = UInt64(100 + index) }
            for locale in ["ru", "de"] { catalogDigests[locale] = paths.indices.map { UInt64(1000 + $0) } }
        }

        /// Removes a content file, as deleting it from content/ does (its catalogs leave the digests' order).
        mutating func remove(_ path: String) {
            guard let index = paths.firstIndex(of: path) else { return }
            paths.remove(at: index)
            for locale in catalogDigests.keys { catalogDigests[locale]!.remove(at: index) }
        }

        var files: [Project.SourceFile] {
            paths.map { path in
                Project.SourceFile(path: path, format: path.hasSuffix(".yaml") ? NavigationFile() as any ContentFormat : MarkdownPage(),
                                   catalogPath: path.replacingOccurrences(of: ".md", with: ".po"), rootPath: "content/" + path)
            }
        }

        var planner: BuildPlanner {
            BuildPlanner(sourceLocale: "en", allLocales: locales + pseudo, writeLocales: writeLocales ?? (locales + pseudo), pseudo: Set(pseudo),
                         chains: chains, settings: settings, hasWiring: false)
        }

        struct Outcome {
            var translations: BuildPlanner.TranslationPlan
            var summaries: VersionSummaries
            var outputs: BuildPlanner.OutputPlan
            /// The state this build leaves (stat data as if every planned file were written).
            var state: BuildState
            var liveStamps: [String: FileStamp]

            var written: Set<String> { Set(outputs.writes.map { $0.locale + ":" + $0.file.path }) }
            var translated: Set<String> { Set(translations.work.flatMap { item in item.locales.map { $0 + ":" + item.file.path } }) }
        }

        /// Plans a build after `previous` (nil: the first), with the live outputs as the last build left them unless `live` says otherwise.
        func build(after previous: Outcome? = nil, live: [String: FileStamp]? = nil, existingTrees: Set<String>? = nil) -> Outcome {
            let planner = planner
            let files = files
            let old = previous?.state ?? BuildState()
            let keys = TranslationKeys(locales: planner.allLocales, pseudo: planner.pseudo, chains: chains, catalogDigests: catalogDigests, files: paths)
            let translations = planner.planTranslations(files, contentDigests: contentDigests, keys: keys, previous: old)
            var summaries = translations.cached
            for (file, locales) in translations.work {
                for locale in locales {
                    var summary = VersionSummary(translationKey: keys.key(for: file.path, locale: locale, contentDigest: contentDigests[file.path] ?? 0),
                                                 percent: percent[file.path]?[locale] ?? 100, slug: slugs[file.path]?[locale] ?? "",
                                                 translatedUnits: 10, fallbackUnits: 0, sourceUnits: 0)
                    if refused.contains(locale + ":" + file.path) { summary.refusedUnits = 1 }
                    summaries[file.path, default: [:]][locale] = summary
                }
            }
            var pages: [String: BuildState.Page] = [:]
            for path in paths { pages[path] = BuildState.Page(digest: contentDigests[path] ?? 0, sourceSlug: slugs[path]?["en"] ?? "", destinations: links[path] ?? []) }
            planner.decideShipping(&summaries, files: files, pages: pages)
            let linkPlan = planner.planLinks(files, summaries: summaries, pages: pages, relativeLinksResolvedPerTree: false)
            let trees = existingTrees ?? (previous == nil ? [] : Set(planner.writeLocales.map(planner.layout.tree(for:))))
            let outputs = planner.planOutputs(files: files, otherFiles: otherFiles, contentDigests: contentDigests, summaries: summaries,
                                              linkTargets: linkPlan.targets, readingTimePatterns: [:], previous: old,
                                              liveStamps: live ?? previous?.liveStamps ?? [:], existingTrees: trees)
            var state = BuildState()
            state.pages = pages
            state.outputs = outputs.outputs
            var liveStamps: [String: FileStamp] = [:]
            for (group, records) in state.outputs {
                for (path, record) in records where record.written {
                    let stamp = record.stamp ?? FileStamp(size: 1, modified: Int64(bitPattern: record.outputKey), inode: 7)
                    state.outputs[group]![path]!.stamp = stamp
                    liveStamps[record.path] = stamp
                }
            }
            return Outcome(translations: translations, summaries: summaries, outputs: outputs, state: state, liveStamps: liveStamps)
        }
    }

    @Test func aFirstBuildTranslatesAndWritesEveryVersionIntoNewTrees() {
        let first = Site().build()
        #expect(first.translated.count == 12)
        #expect(first.written.count == 12)
        #expect(first.outputs.treesWithChanges == ["en", "ru", "de"])
        #expect(first.outputs.kept.isEmpty)
        #expect(first.translations.pagesTranslated == 4)
        #expect(first.outputs.writes.first { $0.locale == "ru" && $0.file.path == "posts/a.md" }?.outputPath == "posts/a.md")
        #expect(first.state.outputs[.locale("ru")]?["posts/a.md"]?.path == "ru/posts/a.md")
    }

    @Test func aBuildWithNothingChangedTranslatesNothingAndWritesNothing() {
        let site = Site()
        let second = site.build(after: site.build())
        #expect(second.translated.isEmpty)
        #expect(second.translations.pagesTranslated == 0)
        #expect(second.outputs.writes.isEmpty && second.outputs.copies.isEmpty)
        #expect(second.outputs.treesWithChanges.isEmpty)
        #expect(second.outputs.kept.values.map(\.count).reduce(0, +) == 12)
        #expect(site.build(after: second).state.outputs == second.state.outputs, "a third build records the same")
    }

    @Test func oneCatalogChangedTranslatesOnlyItsPageInItsLocale() {
        var site = Site()
        let first = site.build()
        site.catalogDigests["ru"]![1] = 9999   // posts/b.po in ru
        let second = site.build(after: first)
        #expect(second.translated == ["ru:posts/b.md"])
        #expect(second.written == ["ru:posts/b.md"])
        #expect(second.outputs.treesWithChanges == ["ru"])
        #expect(second.translations.pagesTranslated == 1)
    }

    @Test func aCatalogOnTheFallbackChainCountsForTheLocaleThatFallsBackToIt() {
        var site = Site()
        site.locales = ["en", "pt", "pt-BR"]
        site.chains = ["pt": ["pt"], "pt-BR": ["pt-BR", "pt"]]
        site.catalogDigests = ["pt": [1, 2, 3, 4], "pt-BR": [5, 6, 7, 8]]
        let first = site.build()
        site.catalogDigests["pt"]![0] = 77
        let second = site.build(after: first)
        #expect(second.translated == ["pt:posts/a.md", "pt-BR:posts/a.md"])
    }

    @Test func anEditedContentFileIsTranslatedAgainInEveryLocale() {
        var site = Site()
        let first = site.build()
        site.contentDigests["posts/c.md"] = 4242
        let second = site.build(after: first)
        #expect(second.translated == ["en:posts/c.md", "ru:posts/c.md", "de:posts/c.md"])
        #expect(second.written == ["en:posts/c.md", "ru:posts/c.md", "de:posts/c.md"])
    }

    @Test func aPageBelowTheMinimumIsLeftOutAndOthersNoLongerNameIt() {
        var site = Site()
        site.settings.minTranslated = 50
        site.percent = ["posts/a.md": ["ru": 30]]
        let first = site.build()
        let summary = first.summaries["posts/a.md"]?["ru"]
        #expect(summary?.included == false && summary?.incomplete == false)
        #expect(!first.written.contains("ru:posts/a.md"))
        let record = first.state.outputs[.locale("ru")]?["posts/a.md"]
        #expect(record?.written == false && record?.percent == 30)
        #expect(PageURLs(summaries: first.summaries, sourceLocale: "en").url(of: "posts/a.md", in: "ru") == "/en/posts/a/", "links point at the source version")
        // The navigation is no page: it ships whatever its share.
        #expect(first.written.contains("ru:navigation.yaml"))
    }

    @Test func aPageBelowTheMinimumIsShippedAndMarkedWithBelowMinMark() {
        var site = Site()
        site.settings.minTranslated = 50
        site.settings.belowMinimum = .mark
        site.percent = ["posts/a.md": ["ru": 30]]
        let first = site.build()
        let summary = first.summaries["posts/a.md"]?["ru"]
        #expect(summary?.included == true && summary?.incomplete == true)
        #expect(first.written.contains("ru:posts/a.md"))
    }

    @Test func aPageThatReachesTheMinimumIsWrittenAndItsOtherVersionsRewrittenForTheirAlternates() {
        var site = Site()
        site.settings.minTranslated = 50
        site.percent = ["posts/a.md": ["ru": 30]]
        let first = site.build()
        site.percent = [:]
        site.catalogDigests["ru"]![0] = 31337
        let second = site.build(after: first)
        #expect(second.translated == ["ru:posts/a.md"])
        #expect(second.written == ["en:posts/a.md", "ru:posts/a.md", "de:posts/a.md"])
    }

    @Test func aRemovedSourceFileRemovesItsOutputsAndChangesEveryTree() {
        var site = Site()
        let first = site.build()
        site.remove("posts/c.md")
        let second = site.build(after: first)
        #expect(second.written.isEmpty)
        #expect(second.outputs.treesWithChanges == ["en", "ru", "de"])
        #expect(second.state.outputs[.locale("ru")]?["posts/c.md"] == nil)
        #expect(second.outputs.kept["ru"]?.count == 3)
    }

    /// A site of 40 posts: a tree of 41 files, so up to ten changed files are few enough to patch (1 in 4).
    func siteOfFortyPosts() -> Site {
        var site = Site()
        site.paths = (1...40).map { "posts/p\($0).md" } + ["navigation.yaml"]
        site.contentDigests = [:]
        for (index, path) in site.paths.enumerated() { site.contentDigests[path] = UInt64(100 + index) }
        for locale in ["ru", "de"] { site.catalogDigests[locale] = site.paths.indices.map { UInt64(1000 + $0) } }
        return site
    }

    @Test func aFewChangesPatchTheTreeAndManySwapIt() {
        var site = siteOfFortyPosts()
        let first = site.build()
        #expect(first.outputs.patchable.isEmpty, "new trees are assembled whole")
        site.catalogDigests["ru"]![0] = 9999
        site.catalogDigests["ru"]![1] = 9998
        let second = site.build(after: first)
        #expect(second.outputs.treesWithChanges == ["ru"])
        #expect(second.outputs.patchable == ["ru"], "2 of 41 files: few enough")
        #expect(second.outputs.removed.isEmpty)
        site.catalogDigests["ru"]![2] = 9997
        site.catalogDigests["ru"]![3] = 9996
        let third = site.build(after: second)
        #expect(third.written.count == 2 && third.outputs.patchable == ["ru"])
        for index in 0..<10 { site.catalogDigests["de"]![index] = 5000 + UInt64(index) }
        let fourth = site.build(after: third)
        #expect(fourth.outputs.treesWithChanges == ["de"] && fourth.outputs.patchable == ["de"], "10 of 41 files: patched")
        for index in 0..<11 { site.catalogDigests["de"]![index] = 6000 + UInt64(index) }
        let fifth = site.build(after: fourth)
        #expect(fifth.outputs.treesWithChanges == ["de"])
        #expect(fifth.outputs.patchable.isEmpty, "11 of 41 files: the tree is swapped")
    }

    @Test func aRemovedPostIsRemovedFromEachPatchedTree() {
        var site = siteOfFortyPosts()
        let first = site.build()
        site.remove("posts/p7.md")
        let second = site.build(after: first)
        #expect(second.outputs.patchable == ["en", "ru", "de"])
        #expect(second.outputs.removed == ["en": ["posts/p7.md"], "ru": ["posts/p7.md"], "de": ["posts/p7.md"]])
        let missing = site.build(after: second, existingTrees: ["en", "ru"])
        #expect(missing.outputs.treesWithChanges == ["de"] && missing.outputs.patchable.isEmpty, "a missing tree is assembled, not patched")
    }

    @Test func theSuffixLayoutPatchesItsOneTreeAndNamesTheLocalesFiles() {
        var site = siteOfFortyPosts()
        site.settings.layout = .suffix
        let first = site.build()
        site.remove("posts/p3.md")
        let second = site.build(after: first)
        #expect(second.outputs.patchable == [""])
        #expect(Set(second.outputs.removed[""] ?? []) == ["posts/p3.md", "posts/p3.ru.md", "posts/p3.de.md"])
    }

    @Test func pseudoLocalesShipWhateverTheMinimumAndListOnlyThemselves() {
        var site = Site()
        site.pseudo = ["en-XA"]
        site.settings.minTranslated = 100
        site.percent = ["posts/a.md": ["en-XA": 0]]
        let first = site.build()
        #expect(first.summaries["posts/a.md"]?["en-XA"]?.included == true)
        #expect(first.written.contains("en-XA:posts/a.md"))
        #expect(first.summaries["posts/a.md"]?["en-XA"]?.url == "/en-XA/posts/a/")
        let keys = TranslationKeys(locales: ["en", "en-XA"], pseudo: ["en-XA"], chains: [:], catalogDigests: [:], files: ["posts/a.md"])
        #expect(keys.key(for: "posts/a.md", locale: "en-XA", contentDigest: 1) != keys.key(for: "posts/a.md", locale: "en", contentDigest: 1))
    }

    @Test func anOutputDeletedOrEditedByHandIsWrittenAgain() {
        let site = Site()
        let first = site.build()
        var live = first.liveStamps
        live["de/posts/b.md"] = nil
        live["ru/posts/c.md"]?.size += 1
        let second = site.build(after: first, live: live)
        #expect(second.translated.isEmpty)
        #expect(second.written == ["de:posts/b.md", "ru:posts/c.md"])
        #expect(second.outputs.treesWithChanges == ["de", "ru"])
    }

    @Test func aMissingTreeIsAssembledAgain() {
        let site = Site()
        let first = site.build()
        let live = first.liveStamps.filter { !$0.key.hasPrefix("de/") }
        let second = site.build(after: first, live: live, existingTrees: ["en", "ru"])
        #expect(second.outputs.treesWithChanges == ["de"])
        #expect(second.written == ["de:posts/a.md", "de:posts/b.md", "de:posts/c.md", "de:navigation.yaml"])
        #expect(second.translated.isEmpty, "written again from the same translations")
    }

    @Test func aLinkedPagesNewSlugRewritesThePagesThatLinkToItNotTranslatingThem() {
        var site = Site()
        site.links = ["posts/a.md": ["/en/posts/b/"]]
        let first = site.build()
        site.slugs = ["posts/b.md": ["ru": "be"]]
        site.catalogDigests["ru"]![1] = 4321
        let second = site.build(after: first)
        #expect(second.translated == ["ru:posts/b.md"])
        #expect(second.written == ["ru:posts/a.md", "ru:posts/b.md", "en:posts/b.md", "de:posts/b.md"],
                "a for its link, b's other versions for their alternates")
        #expect(second.summaries["posts/b.md"]?["ru"]?.url == "/ru/posts/be/")
    }

    /// Issue 21: a version that passed over refused translations is reused like any other; the build
    /// reports its catalogs' findings from the state instead of translating the page again.
    @Test func aVersionThatPassedOverRefusedTranslationsIsReusedAndItsCatalogsReported() {
        var site = Site()
        site.refused = ["ru:posts/a.md"]
        let first = site.build()
        let record = first.state.outputs[.locale("ru")]?["posts/a.md"]
        #expect(record?.translationKey == first.summaries["posts/a.md"]?["ru"]?.translationKey)
        #expect(record?.refusedUnits == 1)
        let second = site.build(after: first)
        #expect(second.translated.isEmpty && second.written.isEmpty)
        #expect(second.summaries["posts/a.md"]?["ru"]?.refusedUnits == 1)
        let planner = site.planner
        #expect(planner.reportedCatalogs(translated: [], reused: second.summaries["posts/a.md"] ?? [:]) == ["ru"])
        #expect(planner.reportedCatalogs(translated: [], reused: second.summaries["posts/b.md"] ?? [:]).isEmpty)
        #expect(planner.reportedCatalogs(translated: ["de"], reused: second.summaries["posts/a.md"] ?? [:]) == ["ru", "de"], "in the site's locale order")
        // Fixed in the catalog: translated again, with nothing refused.
        site.refused = []
        site.catalogDigests["ru"]![0] = 8080
        let third = site.build(after: second)
        #expect(third.translated == ["ru:posts/a.md"])
        #expect(third.state.outputs[.locale("ru")]?["posts/a.md"]?.refusedUnits == 0)
    }

    @Test func theCatalogsReportedFollowTheFallbackChainsInTheSitesOrder() {
        var site = Site()
        site.locales = ["en", "pt", "pt-BR"]
        site.chains = ["pt": ["pt"], "pt-BR": ["pt-BR", "pt"]]
        var refused = VersionSummary(translationKey: 1, percent: 90, slug: "", translatedUnits: 9, fallbackUnits: 0, sourceUnits: 1, refusedUnits: 1)
        #expect(site.planner.reportedCatalogs(translated: [], reused: ["pt-BR": refused]) == ["pt-BR", "pt"])
        #expect(site.planner.reportedCatalogs(translated: ["pt"], reused: ["pt-BR": refused]) == ["pt", "pt-BR"])
        refused.refusedUnits = 0
        #expect(site.planner.reportedCatalogs(translated: [], reused: ["pt-BR": refused, "en": refused]).isEmpty)
    }

    @Test func aLocaleNotBuiltThisTimeKeepsWhatTheLastBuildKnew() {
        var site = Site()
        let first = site.build()
        site.writeLocales = ["en", "ru"]
        site.catalogDigests["de"]![0] = 1
        let second = site.build(after: first)
        #expect(second.state.outputs[.locale("de")] == first.state.outputs[.locale("de")])
        #expect(!second.written.contains { $0.hasPrefix("de:") })
    }

    @Test func copiedFilesAreCopiedOncePerTreeAndKeptWhileUnchanged() {
        var site = Site()
        site.otherFiles = ["img/a.png"]
        site.contentDigests["img/a.png"] = 55
        let first = site.build()
        #expect(Set(first.outputs.copies.map(\.tree)) == ["en", "ru", "de"])
        #expect(first.state.outputs[.copiedFiles(tree: "ru")]?["img/a.png"]?.path == "ru/img/a.png")
        let second = site.build(after: first)
        #expect(second.outputs.copies.isEmpty && second.outputs.treesWithChanges.isEmpty)
        site.contentDigests["img/a.png"] = 56
        let third = site.build(after: second)
        #expect(third.outputs.copies.count == 3 && third.written.isEmpty)
        site.otherFiles = []
        let fourth = site.build(after: third)
        #expect(fourth.outputs.treesWithChanges == ["en", "ru", "de"], "a removed image changes every tree")
    }

    @Test func theSuffixLayoutWritesOneTreeWithALocaleInEachName() {
        var site = Site()
        site.settings.layout = .suffix
        let first = site.build()
        #expect(first.outputs.treesWithChanges == [""])
        #expect(first.state.outputs[.locale("ru")]?["posts/a.md"]?.path == "posts/a.ru.md")
        #expect(first.state.outputs[.locale("en")]?["posts/a.md"]?.path == "posts/a.md")
    }

    /// `tolk build --locale ru` in the suffix layout: the one tree holds every locale's files, and those
    /// of the locales not built stay (before, the tree was rebuilt from ru's and the source's alone).
    @Test func theSuffixLayoutKeepsTheFilesOfTheLocalesNotBuiltThisTime() {
        var site = siteOfFortyPosts()
        site.settings.layout = .suffix
        let first = site.build()
        site.writeLocales = ["en", "ru"]
        site.catalogDigests["ru"]![0] = 9999
        let second = site.build(after: first)
        #expect(second.written == ["ru:posts/p1.md"])
        #expect(Set(second.outputs.kept[""] ?? []).isSuperset(of: ["posts/p1.de.md", "posts/p2.de.md", "navigation.de.yaml"]))
        #expect((second.outputs.kept[""] ?? []).count == 41 * 3 - 1, "every file but the one rewritten")
        #expect(second.outputs.patchable == [""])
        // A file of a locale not built that is gone is not kept (a swap would find it missing): the next full build writes it.
        var live = first.liveStamps
        live["posts/p2.de.md"] = nil
        let third = site.build(after: first, live: live)
        #expect(!(third.outputs.kept[""] ?? []).contains("posts/p2.de.md"))
    }

    @Test func twoPagesWithOneURLInALocaleAreAnErrorAtTheSecond() {
        var site = Site()
        site.slugs = ["posts/a.md": ["ru": "same"], "posts/b.md": ["ru": "same"]]
        let first = site.build()
        let clashes = site.planner.urlClashes(site.files, first.summaries, catalogsPath: "locales")
        #expect(clashes.count == 1)
        #expect(clashes.first?.file == "content/posts/b.md")
        #expect(clashes.first?.message.contains("/ru/posts/same/, as posts/a.md does") == true)
    }
}
