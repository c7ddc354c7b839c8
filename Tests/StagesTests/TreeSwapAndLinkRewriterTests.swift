import Catalog
import Foundation
@testable import LocalizedTrees
import Testing

/// The build's tree swap (a locale's tree rebuilt beside the live one, swapped in whole) and its link
/// rewriting, on their own, without a build around them.
@Suite struct TreeSwapTests {
    func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-swap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test func aCommittedTreeHoldsTheNewFilesAndTheKeptOnesAndNothingElse() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let live = root.appendingPathComponent("ru")
        try FileManager.default.createDirectory(at: live.appendingPathComponent("posts"), withIntermediateDirectories: true)
        try Data("old a".utf8).write(to: live.appendingPathComponent("posts/a.md"))
        try Data("kept b".utf8).write(to: live.appendingPathComponent("posts/b.md"))
        try Data("by hand".utf8).write(to: live.appendingPathComponent("stray.md"))
        let keptInode = try FileManager.default.attributesOfItem(atPath: live.appendingPathComponent("posts/b.md").path)[.systemFileNumber] as? Int

        let swap = TreeSwap(live: live)
        try swap.prepare()
        try swap.write(Array("new a".utf8), to: "posts/a.md")
        try swap.write(Array("new c".utf8), to: "deep/er/c.md")
        #expect(try swap.keep("posts/b.md"))
        #expect(try !swap.keep("posts/gone.md"), "a live file that vanished is said, not invented")
        // Until the commit, readers see the old tree.
        #expect(try read(live.appendingPathComponent("posts/a.md")) == "old a")
        try swap.commit()

        #expect(try read(live.appendingPathComponent("posts/a.md")) == "new a")
        #expect(try read(live.appendingPathComponent("deep/er/c.md")) == "new c")
        #expect(try read(live.appendingPathComponent("posts/b.md")) == "kept b")
        let newInode = try FileManager.default.attributesOfItem(atPath: live.appendingPathComponent("posts/b.md").path)[.systemFileNumber] as? Int
        #expect(newInode == keptInode, "a kept file is a hard link to the live one, not a copy")
        #expect(!FileManager.default.fileExists(atPath: live.appendingPathComponent("stray.md").path), "tolk owns the tree")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["ru"], "no staging or retired tree is left")
    }

    @Test func anAbandonedSwapLeavesTheLiveTreeAsItWas() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let live = root.appendingPathComponent("de")
        try FileManager.default.createDirectory(at: live, withIntermediateDirectories: true)
        try Data("live".utf8).write(to: live.appendingPathComponent("a.md"))
        let swap = TreeSwap(live: live)
        try swap.prepare()
        try swap.write(Array("half".utf8), to: "a.md")
        swap.abandon()
        #expect(try read(live.appendingPathComponent("a.md")) == "live")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["de"])
    }

    @Test func aFirstTreeIsCreatedWithItsParentFolder() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let live = root.appendingPathComponent("public/ja")
        try FileManager.default.createDirectory(at: live.deletingLastPathComponent(), withIntermediateDirectories: true)
        let swap = TreeSwap(live: live)
        try swap.prepare()
        try swap.write(Array("初".utf8), to: "index.md")
        try swap.commit()
        #expect(try read(live.appendingPathComponent("index.md")) == "初")
    }

    @Test func leftoversOfAKilledBuildAreSweptButNotThoseOfARunningOne() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        // A process id that cannot be running (beyond pid_max's ceiling), and this process's own.
        let dead = root.appendingPathComponent(".ru.tolk-staging-4194305")
        let retired = root.appendingPathComponent(".de.tolk-retired-4194306")
        let mine = root.appendingPathComponent(".ja.tolk-staging-\(getpid())")
        let other = root.appendingPathComponent(".hidden-folder-of-the-user")
        for folder in [dead, retired, mine, other] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        TreeSwap.removeLeftovers(in: root)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: root.path))
        #expect(left == [mine.lastPathComponent, other.lastPathComponent])
    }
}

/// The build's tree patch (a few files of a live tree changed in place) on its own.
@Suite struct TreePatchTests {
    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    func liveTree() throws -> (root: URL, live: URL) {
        let root = try TreeSwapTests().scratch()
        let live = root.appendingPathComponent("ru")
        try FileManager.default.createDirectory(at: live.appendingPathComponent("posts/bundle"), withIntermediateDirectories: true)
        try Data("old a".utf8).write(to: live.appendingPathComponent("posts/a.md"))
        try Data("kept b".utf8).write(to: live.appendingPathComponent("posts/b.md"))
        try Data("gone".utf8).write(to: live.appendingPathComponent("posts/bundle/index.md"))
        try Data("by hand".utf8).write(to: live.appendingPathComponent(".stray"))
        return (root, live)
    }

    @Test func nothingChangesUntilTheCommitWhichLeavesTheTreeAsASwapWould() throws {
        let (root, live) = try liveTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let keptInode = try FileManager.default.attributesOfItem(atPath: live.appendingPathComponent("posts/b.md").path)[.systemFileNumber] as? Int
        let patch = TreePatch(live: live)
        try patch.write(Array("new a".utf8), to: "posts/a.md")
        try patch.write(Array("new c".utf8), to: "deep/er/c.md")
        #expect(try read(live.appendingPathComponent("posts/a.md")) == "old a", "readers see the old file until the commit")
        try patch.commit(keeping: ["posts/a.md", "posts/b.md", "deep/er/c.md"])
        #expect(try read(live.appendingPathComponent("posts/a.md")) == "new a")
        #expect(try read(live.appendingPathComponent("deep/er/c.md")) == "new c")
        #expect(try FileManager.default.attributesOfItem(atPath: live.appendingPathComponent("posts/b.md").path)[.systemFileNumber] as? Int == keptInode)
        #expect(!FileManager.default.fileExists(atPath: live.appendingPathComponent("posts/bundle").path), "a file no longer built goes, and its folder left empty")
        #expect(!FileManager.default.fileExists(atPath: live.appendingPathComponent(".stray").path), "tolk owns the tree")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: live.path).sorted() == ["deep", "deep/er", "deep/er/c.md", "posts", "posts/a.md", "posts/b.md"])
    }

    @Test func anAbandonedPatchLeavesTheTreeAsItWas() throws {
        let (root, live) = try liveTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try FileManager.default.subpathsOfDirectory(atPath: live.path).sorted()
        let patch = TreePatch(live: live)
        try patch.write(Array("half".utf8), to: "posts/a.md")
        try patch.write(Array("new".utf8), to: "posts/new.md")
        patch.abandon()
        #expect(try read(live.appendingPathComponent("posts/a.md")) == "old a")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: live.path).sorted() == before, "no temporary file is left")
    }
}

@Suite struct LinkRewriterTests {
    let rewriter = LinkRewriter(pages: [("posts/why.md", "/posts/why-plurals/"), ("about/_index.md", "/about/"), ("posts/a.md", "/posts/a/")])

    @Test(arguments: [
        ("/posts/why-plurals/", "posts/why.md", ""),           // the page's URL
        ("/posts/why-plurals/#notes", "posts/why.md", "#notes"), // fragment kept
        ("/en/posts/why-plurals/?x=1", "posts/why.md", "?x=1"),  // with the source locale's prefix
        ("why.md", "posts/why.md", ""),                          // a file beside the page
        ("../about/", "about/_index.md", ""),                     // a section by its folder
        ("a", "posts/a.md", ""),                                  // without the extension
    ])
    func aDestinationNamingAPageIsFound(destination: String, page: String, suffix: String) {
        let found = rewriter.target(of: destination, in: "posts/b.md", sourceLocalePrefix: "en")
        #expect(found?.path == page)
        #expect(found?.suffix == suffix)
    }

    @Test(arguments: ["https://example.org/posts/a/", "//cdn.example.org/a", "#top", "mailto:a@example.org", "/posts/unknown/", "../../../etc/passwd", ""])
    func otherDestinationsAreLeftAlone(destination: String) {
        #expect(rewriter.target(of: destination, in: "posts/b.md", sourceLocalePrefix: "en") == nil)
    }

    @Test func onlyTheDestinationsOfLinksChange() {
        let text = "See [why](/posts/why-plurals/#notes), `[code](/posts/a/)` and [elsewhere](https://example.org/)."
        let rewritten = LinkRewriter.rewrite(text) { destination in
            destination.hasPrefix("/posts/") ? "/ru" + destination : nil
        }
        #expect(rewritten == "See [why](/ru/posts/why-plurals/#notes), `[code](/posts/a/)` and [elsewhere](https://example.org/).")
    }
}

/// `.tolk/build-state`: what one build leaves for the next, read back exactly or not at all.
@Suite struct BuildStateTests {
    func sample() -> BuildState {
        var state = BuildState()
        state.fingerprint = 0xFEED
        state.inputs["content/posts/a.md"] = .init(stamp: .init(size: 120, modified: 1_700_000_000_123, inode: 42), digest: 0xABCDEF)
        state.pages["posts/a.md"] = .init(digest: 0xABCDEF, sourceSlug: "a", destinations: ["/posts/b/", "b.md#notes"])
        state.outputs[.locale("ru")] = ["posts/a.md": .init(translationKey: 1, outputKey: 2, written: true, percent: 87, slug: "почему", translatedUnits: 20,
                                                   fallbackUnits: 1, sourceUnits: 2, path: "ru/posts/a.md", stamp: .init(size: 99, modified: 5, inode: 7),
                                                   url: "/ru/posts/почему/", tags: TagList(["плюралы", "юникод"]))]
        state.outputs[.locale("ru")]!["posts/b.md"] = .init(translationKey: 4, outputKey: 5, written: true, percent: 90, slug: "", translatedUnits: 9,
                                                              fallbackUnits: 0, sourceUnits: 1, refusedUnits: 1, path: "ru/posts/b.md", stamp: nil)
        state.findings["ru"] = ["posts/b.md": CatalogFindings([
            Diagnostic(.warning, file: "locales/ru/posts/b.po", line: 12, column: 1, "the translation lacks code span `a\tb`" + CatalogFindings.refusalSuffix, hint: "keep code spans")
        ], readProblems: 0, catalog: "locales/ru/posts/b.po")]
        state.outputs[.copiedFiles(tree: "ru")] = ["img/a.png": .init(translationKey: 3, outputKey: 3, written: true, percent: 100, slug: "", translatedUnits: 0,
                                                         fallbackUnits: 0, sourceUnits: 0, path: "ru/img/a.png", stamp: nil)]
        return state
    }

    /// Issue 21: what a catalog reported, replayed by a build that reuses its versions: the same
    /// diagnostics, whatever their text holds; refusals follow the build's strictness.
    @Test func catalogFindingsComeBackAsTheyWereReported() {
        let catalog = "locales/ru/posts/a.po"
        let diagnostics = [
            Diagnostic(.warning, file: catalog, line: 3, column: 0, "unknown flag 'fuzzz'"),
            Diagnostic(.error, file: "elsewhere.po", "tab\there, line\nbreak, back\\slash, \u{1F}\u{1E}\u{1D} separators", hint: "hint\twith tab"),
            Diagnostic(.warning, file: catalog, line: 71, column: 1, "lacks link destination (https://example.org/)" + CatalogFindings.refusalSuffix, hint: "keep links"),
            Diagnostic(.warning, file: catalog, line: 80, column: 1, "lacks code span `x`" + CatalogFindings.refusalSuffix, hint: "keep links"),
            Diagnostic(.warning, file: catalog, line: 90, column: 1, "a refusal without the suffix", hint: nil),
        ]
        let findings = CatalogFindings(diagnostics, readProblems: 2, catalog: catalog)
        #expect(!findings.stored.contains("\t") && !findings.stored.contains("\n"))
        #expect(findings.diagnostics(catalog: catalog, strict: false) == diagnostics)
        let strict = findings.diagnostics(catalog: catalog, strict: true)
        #expect(strict.map(\.severity) == [.warning, .error, .error, .error, .error], "refusals become errors; read problems keep theirs")
        #expect(CatalogFindings(stored: findings.stored) == findings)
        #expect(CatalogFindings([], readProblems: 0, catalog: catalog).isEmpty)
    }

    func scratchFile() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("tolk-build-state-\(UUID().uuidString)") }

    @Test func whatIsSavedIsReadBackWithTheSameFingerprint() throws {
        let url = scratchFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let state = sample()
        try state.save(to: url)
        #expect(BuildState.load(from: url, fingerprint: 0xFEED) == state)
        // The file's spelling: a locale, or `*files:` and the tree for the copied files; tags each followed by U+001F.
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("out\tru\tposts/a.md\t") && text.contains("\tплюралы\u{1F}юникод\u{1F}\t0\n"))
        #expect(text.contains("out\t*files:ru\timg/a.png\t"))
        #expect(BuildState.load(from: url, fingerprint: 0xFEED).outputs[.locale("ru")]?["posts/a.md"]?.tags.tags == ["плюралы", "юникод"])
    }

    @Test func aRecordWithAValueThatCannotBeStoredIsLeftOutAndTheRestKept() throws {
        let url = scratchFile()
        defer { try? FileManager.default.removeItem(at: url) }
        var state = sample()
        state.inputs["content/posts/tab\there.md"] = .init(stamp: .init(size: 1, modified: 2, inode: 3), digest: 4)
        state.inputs["content/posts/z.md"] = .init(stamp: .init(size: 0, modified: -1_000_000_000_000_000_007, inode: 0), digest: .max)
        state.pages["posts/c.md"] = .init(digest: 1, sourceSlug: "c", destinations: ["/a/\u{1F}/b/"])
        state.outputs[.locale("ru")]!["posts/c.md"] = .init(translationKey: 1, outputKey: 2, written: true, percent: 100, slug: "line\nbreak", translatedUnits: 1,
                                                              fallbackUnits: 0, sourceUnits: 0, path: "ru/posts/c.md", stamp: nil)
        try state.save(to: url)
        let loaded = BuildState.load(from: url, fingerprint: 0xFEED)
        var expected = sample()
        expected.inputs["content/posts/z.md"] = state.inputs["content/posts/z.md"]
        #expect(loaded == expected, "the three records with a tab, a line break or a list separator in a value are left out, nothing else")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("in\tcontent/posts/z.md\t0\t-1000000000000000007\t0\tffffffffffffffff\n"))
        let inputs = text.split(separator: "\n").filter { $0.hasPrefix("in\t") }
        #expect(inputs.map { $0.split(separator: "\t")[1] } == ["content/posts/a.md", "content/posts/z.md"], "in byte order")
    }

    @Test func anotherFingerprintOrADamagedFileGivesAnEmptyStateNotACrash() throws {
        let url = scratchFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try sample().save(to: url)
        let other = BuildState.load(from: url, fingerprint: 0xBEEF)
        #expect(other.inputs.isEmpty && other.outputs.isEmpty && other.fingerprint == 0xBEEF)
        let bytes = try Data(contentsOf: url)
        for cut in [bytes.count / 3, bytes.count / 2, bytes.count - 3] {
            try bytes.prefix(cut).write(to: url)
            let damaged = BuildState.load(from: url, fingerprint: 0xFEED)
            #expect(damaged == BuildState.load(from: url, fingerprint: 0xFEED), "reading is deterministic")
            #expect(damaged.fingerprint == 0xFEED)
        }
        try Data([0xFF, 0x00, 0x0A, 0x09, 0x09]).write(to: url)
        #expect(BuildState.load(from: url, fingerprint: 0xFEED).outputs.isEmpty)
        #expect(BuildState.load(from: scratchFile(), fingerprint: 1).inputs.isEmpty, "no file: an empty state")
    }
}
