import Foundation
import Testing

/// Issue 21: a build that finds every file as the last build left it says what that build's receipt
/// (`.tolk/build-receipt`) holds, without loading the build state or planning anything. These tests
/// hold the receipt to the full run: the same output and the same receipt, and a full run whenever
/// anything a build looks at has changed.
@Suite struct BuildReceiptTests {
    static let receipt = ".tolk/build-receipt"

    struct Build {
        var result: TolkRunner.Result
        /// Said from the receipt (`TOLK_PROFILE=1` names the step), rather than run in full.
        var replayed: Bool
        /// The build's stdout with its running time taken out.
        var said: String { result.stdout.replacingOccurrences(of: #"in [0-9.]+ s"#, with: "in … s", options: .regularExpression) }
    }

    func build(_ site: TolkRunner, _ arguments: String...) throws -> Build { try build(site, arguments) }

    func build(_ site: TolkRunner, _ arguments: [String]) throws -> Build {
        var environment = ProcessInfo.processInfo.environment
        environment["TOLK_PROFILE"] = "1"
        let result = try site.run(["build"] + arguments, environment: environment)
        let replayed = result.stderr.contains("receipt replayed")
        #expect(replayed != result.stderr.contains("translate + summarize"), "a build is replayed or run in full: \(result.stderr)")
        return Build(result: result, replayed: replayed)
    }

    /// Lines other than `TOLK_PROFILE`'s steps.
    func findings(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("  ") }
    }

    func receiptBytes(_ site: TolkRunner) -> Data? { FileManager.default.contents(atPath: site.root.appendingPathComponent(Self.receipt).path) }

    /// After a first build and after an edit, the next build is said from the receipt the changing
    /// build derived, exactly as a full run with no receipt says it; and the receipt the full run
    /// leaves is byte for byte the derived one.
    @Test func aBuildWithNothingChangedSaysFromTheReceiptWhatTheFullRunSays() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let post = "content/posts/why-plural-rules-are-hard.md"
        for step in ["first build", "after an edit"] {
            if step == "after an edit" {
                try site.write(try site.read(post) + "\nA paragraph the editor added.\n", to: post)
                #expect(try site.run("sync").status == 0)
            }
            let changing = try build(site)
            #expect(changing.result.status == 0 && !changing.replayed && changing.result.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("  ") },
                    "\(step): \(changing.result.stderr)")
            let derived = try #require(receiptBytes(site), "\(step): a build that reported nothing leaves a receipt")
            let replay = try build(site)
            #expect(replay.replayed && replay.result.status == 0, "\(step): \(replay.result.stderr)")
            #expect(replay.said.contains("(0 files translated, 0.0 MB written)") && replay.said.contains("0 files written, 14 unchanged"), "\(replay.said)")
            let verboseReplay = try build(site, "--verbose")
            #expect(verboseReplay.replayed)

            try FileManager.default.removeItem(at: site.root.appendingPathComponent(Self.receipt))
            let full = try build(site)
            #expect(!full.replayed && full.result.status == 0)
            #expect(replay.said == full.said, "\(step)")
            #expect(replay.result.stderr.split(separator: "\n").filter { !$0.hasPrefix("  ") } == [])
            #expect(receiptBytes(site) == derived, "\(step): the full run's receipt is the one the changing build derived")
            try FileManager.default.removeItem(at: site.root.appendingPathComponent(Self.receipt))
            let verboseFull = try build(site, "--verbose")
            #expect(!verboseFull.replayed && verboseReplay.said == verboseFull.said)
        }
    }

    /// Each change to something a build looks at makes the next build run in full and do what the
    /// change calls for; the build after that is said from a receipt again.
    @Test func anyChangeToWhatABuildLooksAtMakesItRunInFull() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try build(site).result.status == 0)
        let output = "public/ru/posts/why-plural-rules-are-hard.md"
        let builtOutput = try site.read(output)
        let files = FileManager.default
        func url(_ path: String) -> URL { site.root.appendingPathComponent(path) }
        func touch(_ path: String) throws {
            try files.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: url(path).path)
        }
        let changes: [(name: String, arguments: [String], change: () throws -> Void, check: (Build) throws -> Void)] = [
            ("a content file touched", [], { try touch("content/posts/why-plural-rules-are-hard.md") }, { _ in }),
            ("a catalog edited", [], { try site.write(try site.read("locales/de/site.po") + "\n", to: "locales/de/site.po") }, { _ in }),
            ("a content file added", [], {
                try site.write("---\ntitle: A new page\n---\n\nFresh text.\n", to: "content/posts/new-page.md")
            }, { build in
                let page = try site.read("public/en/posts/new-page.md")
                #expect(page.contains("Fresh text."), "\(build.said)")
            }),
            ("its catalog added", [], { try files.copyItem(at: url("locales/de/site.po"), to: url("locales/de/posts/new-page.po")) }, { _ in }),
            ("an output edited by hand", [], { try site.write("edited\n", to: output) }, { _ in let text = try site.read(output); #expect(text == builtOutput) }),
            ("an output deleted", [], { try files.removeItem(at: url(output)) }, { _ in let text = try site.read(output); #expect(text == builtOutput) }),
            ("a tree deleted", [], { try files.removeItem(at: url("public/de")) }, { _ in #expect(files.fileExists(atPath: url("public/de/site.yaml").path)) }),
            ("the build state deleted", [], { try files.removeItem(at: url(".tolk/build-state")) }, { build in
                #expect(build.said.split(separator: "\n").contains { $0.hasPrefix("public/ru: ") && $0.hasSuffix("files written, 0 unchanged") }, "\(build.said)")
            }),
            ("a leftover of a killed build", [], { try files.createDirectory(at: url("public/.ru.tolk-staging-999999999"), withIntermediateDirectories: true) }, { _ in
                #expect(!files.fileExists(atPath: url("public/.ru.tolk-staging-999999999").path), "the full run sweeps it")
            }),
            ("the configuration edited", [], { try site.write(try site.read("tolk.yaml") + "\n# a comment\n", to: "tolk.yaml") }, { _ in }),
            ("other locales asked for", ["--locale", "ru"], {}, { build in #expect(!build.said.contains("public/de"), "\(build.said)") }),
            ("--strict", ["--strict"], {}, { _ in }),
            ("the preview", ["--html"], {}, { _ in #expect(files.fileExists(atPath: url("preview/ru/index.html").path)) }),
        ]
        for (name, arguments, change, check) in changes {
            // A receipt for a plain build is in place, and says the truth.
            _ = try build(site)
            #expect(try build(site).replayed, "before \(name)")
            try change()
            // Options: a receipt holds for the options it was made with (and never for the preview).
            let changed = try build(site, arguments)
            #expect(!changed.replayed && changed.result.status == 0, "\(name): \(changed.result.stderr)")
            try check(changed)
        }
    }

    /// A receipt that is cut short, garbled, empty or of another version is no receipt: the build runs in full.
    @Test func aDamagedReceiptIsIgnored() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try build(site).result.status == 0)
        let good = try #require(receiptBytes(site))
        let noOp = try build(site)
        #expect(noOp.replayed)
        let damaged: [(String, Data)] = [
            ("cut short", good.prefix(good.count / 2)),
            ("one byte short", good.dropLast()),
            ("one byte more", good + Data([0])),
            ("garbled", Data(good.enumerated().map { $0.offset > 40 && $0.offset % 7 == 0 ? 0xFF : $0.element })),
            ("empty", Data()),
            ("another version", Data("tolk-build-receipt 0\n".utf8) + good.drop(while: { $0 != 0x0A }).dropFirst()),
            // The header line, the key and the digest of the inputs' paths, then their count.
            ("a count past the end", good.prefix(37) + Data(repeating: 0xFF, count: 8) + good.dropFirst(45)),
        ]
        for (name, bytes) in damaged {
            try bytes.write(to: site.root.appendingPathComponent(Self.receipt))
            let result = try build(site)
            #expect(!result.replayed && result.result.status == 0 && result.said == noOp.said, "\(name): \(result.result.stderr)")
        }
    }

    /// A build whose report has findings cannot know what the next one reports, so it leaves no
    /// receipt; the build after it changes nothing, leaves one, and the next says the same findings.
    @Test func findingsAreSaidAgainFromTheReceiptOfABuildThatChangedNothing() throws {
        let site = try TolkRunner.sampleSiteWithBrokenRussianTranslations()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        let first = try build(site)
        let refusals = findings(first.result.stderr)
        #expect(refusals.count >= 2 && refusals.allSatisfy { $0.contains(": warning: ") }, "\(first.result.stderr)")
        #expect(receiptBytes(site) == nil)
        let full = try build(site)
        #expect(!full.replayed && findings(full.result.stderr) == refusals)
        #expect(receiptBytes(site) != nil)
        let replay = try build(site)
        #expect(replay.replayed && findings(replay.result.stderr) == refusals && replay.said == full.said, "\(replay.result.stderr)")
        let strict = try build(site, "--strict")
        #expect(!strict.replayed && strict.result.status == 1)
        let strictAgain = try build(site, "--strict")
        #expect(strictAgain.replayed && strictAgain.result.status == 1 && findings(strictAgain.result.stderr) == findings(strict.result.stderr),
                "\(strictAgain.result.stderr)")
    }

    /// A site with a generator's wiring: every build reads the wiring's files, so none is said from a receipt.
    @Test func aSiteWithAGeneratorsWiringAlwaysRunsInFull() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try site.write(try site.read("tolk.yaml") + "\nsite_generator: hugo\n", to: "tolk.yaml")
        #expect(try build(site).result.status == 0)
        #expect(receiptBytes(site) == nil)
        let again = try build(site)
        #expect(!again.replayed && again.result.status == 0)
        #expect(receiptBytes(site) == nil)
    }
}
