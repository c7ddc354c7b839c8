import Catalog
import Extractor
import Foundation
import Testing
import TestSupport

/// `tolk translate` against a real engine: Debian's Apertium APy with its English→Spanish pair,
/// started on a loopback port for the test, translating a copy of the sample site. Every message is
/// filled or reported at its file:line, every filled one needs review and names the engine, the
/// catalogs pass `tolk check`, and the Spanish pages `tolk build --include-needs-review` writes have
/// the HTML structure of their English sources.
@Suite(.serialized) struct ApertiumTranslateTests {
    static let fixtures = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/machine-translation")
    static let modes = "/usr/share/apertium/modes"

    /// APy on a free loopback port, stopped by `stop()`.
    final class APy {
        let process = Process()
        let port: Int

        init() throws {
            _ = try ExternalTool.path("apertium-apy")
            _ = try ExternalTool.file(ApertiumTranslateTests.modes + "/eng-spa.mode", package: "apertium-eng-spa")
            let free = try TolkRunner.runProcess(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
            port = try #require(Int(free.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = [ApertiumTranslateTests.fixtures.appendingPathComponent("run_apy.py").path, "-p", String(port), ApertiumTranslateTests.modes]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Ready when it lists its pairs (APy loads the pair's modes lazily, on the first translation).
            let wait = try TolkRunner.runProcess(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", """
                import time, urllib.request
                for _ in range(120):
                    try:
                        urllib.request.urlopen("http://127.0.0.1:\(port)/listPairs", timeout=2).read(); break
                    except Exception:
                        time.sleep(0.5)
                else:
                    raise SystemExit("APy did not answer on port \(port) within 60 s")
                """])
            if wait.status != 0 { stop() }
            #expect(wait.status == 0, "\(wait.stderr)")
        }

        /// SIGTERM, then SIGKILL: APy's own handler does not always end its tornado loop.
        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// The HTML elements of a page's Markdown body (front matter left out), by name: the build
    /// rewrites link addresses to the locale's pages, so attributes are not compared.
    static func structure(_ page: String) -> [String] {
        var body = Substring(page)
        if body.hasPrefix("---\n"), let end = body.dropFirst(4).range(of: "\n---\n") { body = body[end.upperBound...] }
        return MarkdownHTML.structure(of: MarkdownHTML.render(Array(body.utf8))).map { tag in
            String(tag.prefix { $0 != " " && $0 != ">" }) + ">"
        }
    }

    @Test func apertiumTranslatesTheSampleSiteIntoSpanishBehindTheReviewGate() throws {
        let apy = try APy()
        defer { apy.stop() }
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        var configuration = try site.read("tolk.yaml").replacingOccurrences(of: "locales: [ru, de, ar, ja]", with: "locales: [ru, de, ar, ja, es]")
        configuration += "\nmachine_translation:\n  engines:\n    apertium: {url: \"http://127.0.0.1:\(apy.port)\"}\n"
        try site.write(configuration, to: "tolk.yaml")
        #expect(try site.run("sync").status == 0)

        let dry = try site.run("translate", "es", "--engine", "apertium", "--dry-run")
        #expect(dry.stdout.contains("Would send 357 texts (33634 characters) for 355 messages of es to apertium"), "\(dry.stdout)\(dry.stderr)")

        let translate = try site.run("translate", "es", "--engine", "apertium")
        #expect(translate.status == 0 || translate.status == 1, "\(translate.stderr)")
        let summary = try #require(translate.stdout.firstMatch(of: /Filled (\d+) of (\d+) messages of es with apertium .*; (\d+) reported and left as they were/), "\(translate.stdout)")
        let filled = Int(summary.1)!, messages = Int(summary.2)!, reported = Int(summary.3)!
        #expect(messages == 355 && filled + reported == messages, "\(translate.stdout)")
        // A real translation, not a pass-through: most of the site is filled, and it is Spanish.
        #expect(filled >= 300, "\(translate.stdout)")

        // Every entry: a machine draft that needs review, or untranslated and reported at its file:line.
        let folder = site.root.appendingPathComponent("locales/es")
        let paths = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".po") } ?? []
        var unreported: [CatalogEntry.Key: [String]] = [:]
        var reportedKeys = Set<CatalogEntry.Key>()
        var spanish = 0
        for path in paths {
            let read = POReader(path: path).read(Array(try Data(contentsOf: folder.appendingPathComponent(path))))
            for (index, entry) in read.catalog.entries.enumerated() where !entry.isHeader && !entry.isObsolete {
                if entry.status == .untranslated {
                    let line = read.locations[index].translationLines.first ?? 0
                    if translate.stderr.contains("locales/es/\(path):\(line):1: error: ") { reportedKeys.insert(entry.key) } else { unreported[entry.key, default: []].append("\(path):\(line)") }
                } else {
                    #expect(entry.status == .needsReview, "\(path): \(entry.id)")
                    #expect(entry.translatorComments.contains("machine translation: apertium, needs review"), "\(path): \(entry.translatorComments)")
                    if entry.translations.joined().contains(" de ") || entry.translations.joined().contains(" el ") { spanish += 1 }
                }
            }
        }
        // A message repeated in several catalogs is reported once, at its first.
        let silent = unreported.filter { !reportedKeys.contains($0.key) }
        #expect(silent.isEmpty, "untranslated and not reported: \(silent.values.flatMap { $0 })")
        #expect(spanish >= 100, "only \(spanish) drafts read as Spanish")

        // No markup damaged: the gate every import passes finds nothing.
        let check = try site.run("check", "es")
        #expect(check.status == 0, "\(check.stderr)")

        // The Spanish pages keep each English page's structure (headings, lists, code, links, tables…).
        let build = try site.run("build", "--include-needs-review")
        #expect(build.status == 0, "\(build.stderr)")
        let posts = try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("content/posts").path).filter { $0.hasSuffix(".md") }
        #expect(posts.count == 12)
        for post in posts {
            let source = try site.read("content/posts/\(post)")
            let spanishPage = try site.read("public/es/posts/\(post)")
            #expect(spanishPage != source, "\(post) was not translated")
            let expected = Self.structure(source), actual = Self.structure(spanishPage)
            let first = zip(expected, actual).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expected.count, actual.count)
            #expect(actual == expected, "\(post): the Spanish page's structure differs from the English at element \(first): \(expected.dropFirst(first).prefix(4)) became \(actual.dropFirst(first).prefix(4))")
        }
    }
}
