import Catalog
import Foundation
import Testing

/// `tolk translate` with the command engine (a Python script speaking the documented JSON-lines
/// protocol) on a copy of the sample site with Spanish added: what is filled, how it is marked, what
/// is never touched, and every kind of hostile answer refused at its catalog's file:line.
@Suite(.serialized) struct TranslateCommandTests {
    static let engineScript = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/machine-translation/command_engine.py").path

    /// The sample site with `es` added and synced, and the fixture engine configured as `fake` (MODE as its argument).
    static func site(mode: String = "good", timeout: Int = 20, extraPost: String? = nil) throws -> TolkRunner {
        let site = try TolkRunner.sampleSiteCopy()
        var configuration = try site.read("tolk.yaml").replacingOccurrences(of: "locales: [ru, de, ar, ja]", with: "locales: [ru, de, ar, ja, es]")
        configuration += """

            machine_translation:
              engine: fake
              timeout_seconds: \(timeout)
              retries: 0
              engines:
                fake: {type: command, command: [python3, "\(engineScript)", \(mode)]}

            """
        try site.write(configuration, to: "tolk.yaml")
        if let extraPost { try site.write(extraPost, to: "content/posts/hostile.md") }
        let sync = try site.run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        return site
    }

    static func catalogs(_ site: TolkRunner, locale: String) throws -> [String: Catalog] {
        var catalogs: [String: Catalog] = [:]
        let folder = site.root.appendingPathComponent("locales/\(locale)")
        let paths = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".po") && !$0.hasPrefix(".") } ?? []
        for path in paths {
            catalogs[path] = POReader(path: path).read(Array(try Data(contentsOf: folder.appendingPathComponent(path)))).catalog
        }
        return catalogs
    }

    func run(_ site: TolkRunner, _ arguments: [String], log: URL? = nil) throws -> TolkRunner.Result {
        var environment = ProcessInfo.processInfo.environment
        if let log { environment["TOLK_TEST_ENGINE_LOG"] = log.path }
        return try site.run(arguments, environment: environment)
    }

    @Test func everyUntranslatedMessageIsFilledAsNeedsReviewNamingTheEngine() throws {
        let site = try Self.site()
        defer { site.remove() }
        let translate = try run(site, ["translate", "es"])
        #expect(translate.status == 0, "\(translate.stderr)")
        #expect(translate.stdout.contains("Filled 355 of 355 messages of es with fake (needs review)"), "\(translate.stdout)")
        var entries = 0
        for (path, catalog) in try Self.catalogs(site, locale: "es") {
            for entry in catalog.entries where !entry.isHeader && !entry.isObsolete {
                entries += 1
                #expect(entry.status == .needsReview, "\(path): \(entry.id)")
                #expect(entry.translatorComments.contains("machine translation: fake, needs review"), "\(path): \(entry.id)")
                #expect(entry.translations.allSatisfy { !$0.isEmpty && $0 != entry.id || $0.uppercased() == $0 }, "\(path): \(entry.translations)")
            }
        }
        #expect(entries == 374)
        // Code spans, link destinations and HTML came back byte for byte: tolk check finds nothing.
        let check = try site.run("check", "es")
        #expect(check.status == 0, "\(check.stderr)")
        // The ICU plural message got every Spanish category, with # and the argument kept.
        let strings = try site.read("locales/es/site.po")
        #expect(strings.contains("{minutes, plural, one {# MINUTE READ} many {# MINUTES READ} other {# MINUTES \"\n\"READ}}"), "\(strings)")
        // A page's code span and link, restored.
        let post = try site.read("locales/es/posts/ci-gates-for-translations.po")
        #expect(post.contains("`msgfmt --check`") || post.contains("`"), "\(post)")
    }

    @Test func translatedReviewedAndPersonsNeedsReviewEntriesAreNeverTouched() throws {
        let site = try Self.site()
        defer { site.remove() }
        let before = try Self.catalogs(site, locale: "de")
        let translate = try run(site, ["translate", "de"])
        #expect(translate.status == 0, "\(translate.stderr)")
        let after = try Self.catalogs(site, locale: "de")
        var kept = 0, filled = 0
        for (path, catalog) in before {
            let updated = try #require(after[path])
            for (old, new) in zip(catalog.entries, updated.entries) where !old.isHeader {
                if old.status == .untranslated {
                    #expect(new.status == .needsReview, "\(path): \(old.id)")
                    #expect(new.translatorComments.last?.hasSuffix("needs review") == true, "\(path): \(new.translatorComments)")
                    filled += 1
                } else {
                    #expect(new == old, "\(path): \(old.id) changed")
                    kept += 1
                }
            }
        }
        #expect(kept == 184 && filled == 190, "kept \(kept), filled \(filled)")
        // The same with --only needs-review: the two needs-review entries are a person's, kept.
        let review = try run(site, ["translate", "de", "--only", "needs-review"])
        #expect(review.status == 0, "\(review.stderr)")
        #expect(review.stdout.contains("2 needs-review entries keep a person's translation"), "\(review.stdout)")
        #expect(try Self.catalogs(site, locale: "de") == after)
    }

    @Test func dryRunCountsTextsAndCharactersAndWritesNothing() throws {
        let site = try Self.site()
        defer { site.remove() }
        let log = site.root.appendingPathComponent("engine.log")
        let before = try Self.catalogs(site, locale: "es")
        let dry = try run(site, ["translate", "es", "--dry-run"], log: log)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("Would send 357 texts (33634 characters) for 355 messages of es to fake"), "\(dry.stdout)")
        #expect(try Self.catalogs(site, locale: "es") == before)
        #expect(!FileManager.default.fileExists(atPath: log.path), "the engine was started")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".tolk/machine-translation").path))
    }

    @Test func translationMemoryComesFirstAndTheCacheResumesWithoutSendingAgain() throws {
        let site = try Self.site()
        defer { site.remove() }
        // A person translated the tag "localization" in one Spanish catalog; its copies elsewhere are filled from there.
        let path = "locales/es/posts/why-plural-rules-are-hard.po"
        let catalog = try site.read(path)
        let tag = "msgctxt \"tags\"\nmsgid \"localization\"\nmsgstr \"\""
        #expect(catalog.contains(tag))
        try site.write(catalog.replacingOccurrences(of: tag, with: "msgctxt \"tags\"\nmsgid \"localization\"\nmsgstr \"localización\""), to: path)
        let log = site.root.appendingPathComponent("engine.log")
        let first = try run(site, ["translate", "es"], log: log)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("from translation memory"), "\(first.stdout)")
        let requests = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        #expect(!requests.contains { $0.contains("\"text\": \"localization\"") }, "localization was sent")
        let other = try site.read("locales/es/posts/dates-and-numbers.po")
        #expect(other.contains("msgctxt \"tags\"\nmsgid \"localization\"\nmsgstr \"localización\""), "\(other)")

        // Drafts lost (as if the run was killed before writing): the next run takes every answer from the cache.
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("locales/es"))
        try FileManager.default.removeItem(at: log)
        #expect(try site.run("sync").status == 0)
        try site.write(catalog.replacingOccurrences(of: tag, with: "msgctxt \"tags\"\nmsgid \"localization\"\nmsgstr \"localización\""), to: path)
        let second = try run(site, ["translate", "es"], log: log)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("sent 0 texts (0 characters)"), "\(second.stdout)")
        #expect(second.stdout.contains("texts answered from the cache"), "\(second.stdout)")
        #expect(!FileManager.default.fileExists(atPath: log.path), "the engine was asked again")
    }

    @Test func filesLimitsTheCatalogsAndOnlyNeedsReviewRedoesMachineDraftsAfterTheSourceChanged() throws {
        let site = try Self.site()
        defer { site.remove() }
        let only = try run(site, ["translate", "es", "--files", "posts/why-*"])
        #expect(only.status == 0, "\(only.stderr)")
        #expect(only.stdout.contains("1 catalogs written"), "\(only.stdout)")
        #expect(!(try site.read("locales/es/posts/dates-and-numbers.po")).contains("machine translation"))

        // The author edits the title: sync marks the draft needs review; --only needs-review translates the new text.
        let post = "content/posts/why-plural-rules-are-hard.md"
        try site.write(try site.read(post).replacingOccurrences(of: "title: \"Why Plural Rules Are Harder Than They Look\"", with: "title: \"Why Plural Rules Are Hard\""), to: post)
        #expect(try site.run("sync").status == 0)
        let redo = try run(site, ["translate", "es", "--only", "needs-review", "--files", "posts/why-*"])
        #expect(redo.status == 0, "\(redo.stderr)")
        #expect(redo.stdout.contains("Filled 1 of 1 messages"), "\(redo.stdout)")
        let redone = try #require(try Self.catalogs(site, locale: "es")["posts/why-plural-rules-are-hard.po"]?.entries.first { $0.context == "title" })
        #expect(redone.status == .needsReview && redone.previousID == nil, "\(redone)")
        // Nothing is stale any more: a second run has nothing to do.
        let again = try run(site, ["translate", "es", "--only", "needs-review"])
        #expect(again.stdout.contains("Filled 0 of 0 messages"), "\(again.stdout)")
        #expect(try site.read("locales/es/posts/why-plural-rules-are-hard.po").contains("msgstr \"WHY PLURAL RULES ARE HARD\""))
    }

    static let hostilePost = """
        ---
        title: "Engines at their worst"
        ---

        A hostile paragraph runs `tolk sync` and reads [the guide](/guide).

        A calm paragraph runs `tolk check`.

        """

    @Test(arguments: [
        ("drop", "the engine dropped placeholder 1 (`tolk sync`)"),
        ("duplicate", "the engine repeated placeholder 1 (`tolk sync`)"),
        ("renumber", "the engine's answer has a placeholder 41 that the source does not have"),
        ("inject", "the engine's answer has markup the source does not: <script>"),
        ("empty", "the engine's answer is empty"),
        ("huge", "the engine's answer is 200000 bytes"),
        ("garbage", "answered with a line that is not a JSON object"),
        ("error", "the command answered with an error: quota exceeded"),
        ("hang", "did not answer within 2 s"),
    ])
    func aHostileAnswerIsRefusedAtItsLineAndNothingIsWrittenForIt(mode: String, message: String) throws {
        let site = try Self.site(mode: mode, timeout: 2, extraPost: Self.hostilePost)
        defer { site.remove() }
        let translate = try run(site, ["translate", "es", "--files", "posts/hostile.md"])
        #expect(translate.status == 1)
        // Reported at the message's msgstr in the catalog as written (drafts above it added lines).
        let lines = try site.read("locales/es/posts/hostile.po").split(separator: "\n", omittingEmptySubsequences: false)
        let msgid = try #require(lines.firstIndex { $0.hasPrefix("msgid \"A hostile paragraph") })
        let line = try #require(lines[msgid...].firstIndex { $0.hasPrefix("msgstr") }) + 1
        let reported = translate.stderr.split(separator: "\n").filter { $0.hasPrefix("locales/es/posts/hostile.po:\(line):1: error: ") }
        #expect(reported.count == 1 && reported[0].contains(message), "\(translate.stderr)")
        #expect(translate.stdout.contains("Filled 2 of 3 messages"), "\(translate.stdout)")
        let entries = try #require(try Self.catalogs(site, locale: "es")["posts/hostile.po"]).entries
        let hostile = try #require(entries.first { $0.id.hasPrefix("A hostile") })
        #expect(hostile.status == .untranslated && hostile.translations == [""])
        let calm = try #require(entries.first { $0.id.hasPrefix("A calm") })
        #expect(calm.translations == ["A CALM PARAGRAPH RUNS `tolk check`."])
        #expect(try site.run("check", "es").status == 0)
    }

    @Test func anEngineThatCannotStartOrAnUnknownEngineIsAClearError() throws {
        let site = try Self.site()
        defer { site.remove() }
        let unknown = try run(site, ["translate", "es", "--engine", "nope"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no engine named 'nope'"), "\(unknown.stderr)")
        try site.write(try site.read("tolk.yaml").replacingOccurrences(of: "command: [python3, ", with: "command: [/no/such/program, "), to: "tolk.yaml")
        let broken = try run(site, ["translate", "es", "--files", "posts/why-*"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("cannot start the command of engine 'fake'"), "\(broken.stderr)")
        #expect(!(try site.read("locales/es/posts/why-plural-rules-are-hard.po")).contains("machine translation"))
    }
}
