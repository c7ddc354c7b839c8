import Catalog
import Foundation
import Testing

/// `tolk translate` with the HTTP engines that cannot run here (LibreTranslate without its models,
/// DeepL, an OpenAI-compatible endpoint), each against a local stand-in speaking its documented
/// request and response shapes; and the transport's behaviour with a server that asks to slow down,
/// fails, hangs or answers too much.
@Suite(.serialized) struct HTTPEngineTests {
    static let fixtures = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/machine-translation")
    static let key = "test-key-3f9c0a7e-do-not-leak"

    /// The stand-in server on a free loopback port; stopped by `stop()`.
    final class StandIn {
        let process = Process()
        let port: Int
        let log: URL

        init(mode: String, in folder: URL) throws {
            log = folder.appendingPathComponent("standin.log")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", HTTPEngineTests.fixtures.appendingPathComponent("standin_server.py").path, log.path, mode]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            var first = Data()
            while !first.contains(0x0A) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                first += chunk
            }
            port = try #require(Int(String(decoding: first, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        }

        var requests: [[String: Any]] {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }

        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-mt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static let post = """
        ---
        title: "A small post"
        ---

        Run `tolk sync` and read [the guide](/guide) & the <kbd>FAQ</kbd>.

        """

    /// Runs `body` on a site with one post and Spanish, with the engine `engine(port)` describes
    /// configured against a stand-in started in `mode`; both are removed afterwards.
    func withStandIn(mode: String, engine: (Int) -> String, timeout: Int = 20, retries: Int = 2,
                     _ body: (TolkRunner, StandIn) throws -> Void) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let standIn = try StandIn(mode: mode, in: folder)
        defer { standIn.stop() }
        let site = try site(engine(standIn.port), timeout: timeout, retries: retries)
        defer { site.remove() }
        try body(site, standIn)
    }

    /// A site with one post and Spanish, with `engine` configured.
    func site(_ engine: String, timeout: Int = 20, retries: Int = 2) throws -> TolkRunner {
        let site = try TolkRunner.sampleSiteCopy()
        var configuration = try site.read("tolk.yaml").replacingOccurrences(of: "locales: [ru, de, ar, ja]", with: "locales: [ru, de, ar, ja, es]")
        configuration += """

            machine_translation:
              timeout_seconds: \(timeout)
              retries: \(retries)
              engines:
                \(engine)

            """
        try site.write(configuration, to: "tolk.yaml")
        try site.write(Self.post, to: "content/posts/small.md")
        #expect(try site.run("sync").status == 0)
        return site
    }

    func translate(_ site: TolkRunner, withKey: Bool = true) throws -> TolkRunner.Result {
        var environment = ProcessInfo.processInfo.environment
        if withKey { environment["TOLK_TEST_MT_KEY"] = Self.key } else { environment.removeValue(forKey: "TOLK_TEST_MT_KEY") }
        return try site.run(["translate", "es", "--files", "posts/small.md"], environment: environment)
    }

    /// The key appears in no output and no file tolk wrote.
    func expectKeyNotLeaked(_ site: TolkRunner, _ result: TolkRunner.Result) throws {
        #expect(!result.stdout.contains(Self.key) && !result.stderr.contains(Self.key))
        for folder in ["locales/es", ".tolk"] {
            let root = site.root.appendingPathComponent(folder)
            for path in FileManager.default.enumerator(atPath: root.path)?.compactMap({ $0 as? String }) ?? [] {
                let data = (try? Data(contentsOf: root.appendingPathComponent(path))) ?? Data()
                #expect(!String(decoding: data, as: UTF8.self).contains(Self.key), "\(folder)/\(path) holds the key")
            }
        }
    }

    func expectFilled(_ site: TolkRunner, _ result: TolkRunner.Result, engine: String) throws {
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Filled 2 of 2 messages of es with \(engine) (needs review)"), "\(result.stdout)")
        let catalog = try site.read("locales/es/posts/small.po")
        #expect(catalog.contains("msgstr \"RUN `tolk sync` AND READ [THE GUIDE](/guide) & THE <kbd>FAQ</kbd>.\""), "\(catalog)")
        #expect(catalog.contains("# machine translation: \(engine), needs review"))
        #expect(try site.run("check", "es").status == 0)
    }

    @Test func libreTranslateGetsHTMLAndAListOfTexts() throws {
        try withStandIn(mode: "good", engine: { port in "libretranslate: {url: \"http://127.0.0.1:\(port)\", api_key_env: TOLK_TEST_MT_KEY}" }) { site, standIn in
            let result = try translate(site)
            try expectFilled(site, result, engine: "libretranslate")
            let request = try #require(standIn.requests.first)
            #expect(request["path"] as? String == "/translate")
            let body = try #require(request["body"] as? [String: Any])
            #expect(body["source"] as? String == "en" && body["target"] as? String == "es" && body["format"] as? String == "html")
            let texts = try #require(body["q"] as? [String])
            #expect(texts.contains("Run <x1/> and read <g2>the guide</g2> &amp; the <g3>FAQ</g3>."), "\(texts)")
            #expect(body["api_key"] as? String == Self.key)
            try expectKeyNotLeaked(site, result)
        }
    }

    @Test func deepLGetsXMLTagHandlingAndTheKeyInItsHeaderOnly() throws {
        try withStandIn(mode: "good", engine: { port in "deepl: {url: \"http://127.0.0.1:\(port)\", api_key_env: TOLK_TEST_MT_KEY}" }) { site, standIn in

            let missing = try translate(site, withKey: false)
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("needs its key in the environment variable TOLK_TEST_MT_KEY, which is not set"), "\(missing.stderr)")
            #expect(standIn.requests.isEmpty)

            let result = try translate(site)
            try expectFilled(site, result, engine: "deepl")
            let request = try #require(standIn.requests.first)
            #expect(request["path"] as? String == "/v2/translate")
            let headers = try #require(request["headers"] as? [String: String])
            #expect(headers.first { $0.key.lowercased() == "authorization" }?.value == "DeepL-Auth-Key \(Self.key)")
            let body = try #require(request["body"] as? [String: Any])
            #expect(body["tag_handling"] as? String == "xml" && body["source_lang"] as? String == "EN" && body["target_lang"] as? String == "ES")
            #expect((body["text"] as? [String])?.count == 2)
            try expectKeyNotLeaked(site, result)
        }
    }

    @Test func anOpenAICompatibleEndpointIsAskedToKeepTheTags() throws {
        try withStandIn(mode: "good", engine: { port in "llm: {type: openai, url: \"http://127.0.0.1:\(port)/v1\", model: tiny-model, api_key_env: TOLK_TEST_MT_KEY}" }) { site, standIn in
            let result = try translate(site)
            try expectFilled(site, result, engine: "llm")
            let request = try #require(standIn.requests.first)
            #expect(request["path"] as? String == "/v1/chat/completions")
            let headers = try #require(request["headers"] as? [String: String])
            #expect(headers.first { $0.key.lowercased() == "authorization" }?.value == "Bearer \(Self.key)")
            let body = try #require(request["body"] as? [String: Any])
            #expect(body["model"] as? String == "tiny-model")
            let messages = try #require(body["messages"] as? [[String: String]])
            #expect(messages.first?["role"] == "system" && messages.first?["content"]?.contains("<x1/>") == true)
            try expectKeyNotLeaked(site, result)
        }
    }

    @Test func a429IsRetriedAfterTheServersRetryAfter() throws {
        try withStandIn(mode: "429-once", engine: { port in "libretranslate: {url: \"http://127.0.0.1:\(port)\"}" }) { site, standIn in
            let result = try translate(site)
            try expectFilled(site, result, engine: "libretranslate")
            #expect(standIn.requests.count == 2)
        }
    }

    @Test(arguments: [
        ("500", 20, "answered HTTP 500: {\"error\": \"internal\"} after 3 tries"),
        ("hang", 2, "no answer within 2 s"),
        ("huge", 20, "the answer is larger than 8388608 bytes; refused"),
    ])
    func aFailingServerLeavesEveryMessageAsItWasAndSaysWhy(mode: String, timeout: Int, message: String) throws {
        try withStandIn(mode: mode, engine: { port in "libretranslate: {url: \"http://127.0.0.1:\(port)\"}" }, timeout: timeout, retries: mode == "hang" ? 0 : 2) { site, standIn in
            let before = try site.read("locales/es/posts/small.po")
            let started = Date()
            let result = try translate(site)
            #expect(result.status == 1)
            #expect(result.stderr.contains("locales/es/posts/small.po:"), "\(result.stderr)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stdout.contains("Filled 0 of 2 messages"), "\(result.stdout)")
            #expect(try site.read("locales/es/posts/small.po") == before)
            if mode == "hang" { #expect(Date().timeIntervalSince(started) < 15, "the time-out did not end the wait") }
        }
    }
}
