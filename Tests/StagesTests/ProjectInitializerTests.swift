import Foundation
import Testing
@testable import Workspace

/// Issue 15, finding 6: `tolk init` writes a commented `tolk.yaml` for an existing site, naming the
/// source language as told, or as guessed from the text with a note to confirm it.
@Suite struct ProjectInitializerTests {
    static let russian = """
        Это был долгий день. Мы шли по дороге, и она была пустой. Я думал о том, что всё это только начало.
        Он сказал, что не знает, как быть дальше, но мы всё же решили идти. Из окна было видно море, и его
        шум был слышен даже ночью. Она ответила, что это не так уж и важно, и мы снова пошли к морю.
        """
    static let ukrainian = """
        Це був довгий день. Ми йшли дорогою, і вона була порожньою. Я думав про те, що все це тільки початок.
        Він сказав, що не знає, як бути далі, але ми все ж вирішили йти. З вікна було видно море, і його
        шум був чутний навіть уночі. Вона відповіла, що це не так вже й важливо, і ми знову пішли до моря.
        """

    /// A site folder holding `files` (path → text).
    static func site(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    @Test func f6_initWritesACommentedConfigurationThatReadsBack() throws {
        let root = try Self.site(["hugo.toml": "baseURL = '/'\n", "content/posts/hello.md": "---\ntitle: Hello\n---\nHello, world.\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try ProjectInitializer(root: root, sourceLocale: "en", targetLocales: ["ru", "pt-BR"]).run()
        let text = String(decoding: try FileTree.read(root.appendingPathComponent("tolk.yaml")), as: UTF8.self)
        #expect(report.configuration.text == text)

        let configuration = try Configuration.parse(text, file: "tolk.yaml")
        #expect(configuration.sourceLocale == "en")
        #expect(configuration.targetLocales == ["ru", "pt-BR"])
        #expect(configuration.contentPath == "content")
        #expect(configuration.outputPath == "localized", "Hugo writes public/ itself")
        #expect(try Project(root: root).targetLocales == ["ru", "pt-BR"])
        #expect(text.contains("# Found hugo.toml: a Hugo site"))
        #expect(!text.contains("GUESSED"))

        // Every setting is explained: a top-level one by the comment above it, a nested one on its line.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where !line.isEmpty && !line.hasPrefix("#") {
            if line.hasPrefix(" ") {
                #expect(line.contains(" # "), "\(line) has no comment")
            } else {
                #expect(index > 0 && lines[index - 1].hasPrefix("#"), "\(line) has no comment above it")
            }
        }
    }

    @Test func f6_initKeepsAnExistingConfigurationUnlessForced() throws {
        let root = try Self.site(["content/a.md": "Hello.\n", "tolk.yaml": "source: de\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: InitError.self) { try ProjectInitializer(root: root, sourceLocale: "en").run() }
        #expect(try FileTree.read(root.appendingPathComponent("tolk.yaml")) == Array("source: de\n".utf8))
        var forced = ProjectInitializer(root: root, sourceLocale: "en")
        forced.force = true
        #expect(try forced.run().replaced)
        #expect(try Configuration.load(root: root).sourceLocale == "en")
    }

    @Test(arguments: [
        ("ru", ["ru", "en"], "tolk init: error: --locales: 'ru' is the source locale (--source ru) and cannot also be a target"),
        ("ru", ["en", "EN"], "tolk init: error: --locales: 'EN' is written 'en' in BCP 47"),
        ("ru", ["de", "de"], "tolk init: error: --locales: 'de' is listed twice"),
        ("russian", ["en"], "tolk init: error: --source: 'russian' is not a locale code"),
    ])
    func f6_initRefusesTheLocalesTolkYamlWouldRefuse(source: String, targets: [String], expected: String) throws {
        let root = try Self.site(["content/a.md": Self.russian])
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            _ = try ProjectInitializer(root: root, sourceLocale: source, targetLocales: targets).run()
            Issue.record("init accepted --source \(source) --locales \(targets)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("tolk.yaml").path))
    }

    @Test func f6_initGuessesTheSourceLanguageAndSaysSo() throws {
        let root = try Self.site(["content/posts/day.md": "---\ntitle: День\ntags: [travel]\n---\n" + Self.russian + "\n```swift\nfor item in list where it is the one {}\n```\n",
                                  "locales/en/.keep": "", "locales/ru/.keep": ""])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try ProjectInitializer(root: root).run()
        let text = String(decoding: try FileTree.read(root.appendingPathComponent("tolk.yaml")), as: UTF8.self)
        let configuration = try Configuration.parse(text, file: "tolk.yaml")
        #expect(configuration.sourceLocale == "ru")
        #expect(report.configuration.sourceGuess?.locale == "ru")
        #expect(text.contains("# GUESSED by tolk init from the text under content/ (Cyrillic letters"), "\(text)")
        #expect(text.contains("CONFIRM IT"))
        #expect(configuration.targetLocales == ["en"], "the source's own catalog folder is not a target")
        #expect(text.contains("locales/ru/ is left out: it is the source's"))
    }

    @Test(arguments: [
        (ProjectInitializerTests.russian, "ru"),
        (ProjectInitializerTests.ukrainian, "uk"),
        (String(repeating: "Der Zug fährt durch den Schnee, und wir sehen nicht viel von dem Land, auch wenn es schön ist. ", count: 3), "de"),
        (String(repeating: "The train runs through the snow, and we do not see much of the land, but it is beautiful. ", count: 3), "en"),
        (String(repeating: "東京の冬は寒いですが、空はとても青いです。私たちは電車で北へ行きました。", count: 10), "ja"),
        (String(repeating: "القطار يسير عبر الثلج، ولا نرى الكثير من الأرض، لكنها جميلة. ", count: 5), "ar"),
    ])
    func f6_theGuessReadsTheScriptAndTheCommonWords(text: String, locale: String) {
        #expect(SourceLanguageGuess(text: text)?.locale == locale)
    }

    @Test func f6_tooLittleTextIsNoGuess() throws {
        #expect(SourceLanguageGuess(text: "Hello, world.") == nil)
        let root = try Self.site(["content/a.md": "# Hi\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            _ = try ProjectInitializer(root: root).run()
            Issue.record("a language was guessed from two words")
        } catch {
            #expect(error.description.hasPrefix("tolk init: error: cannot guess the source language"), "\(error.description)")
        }
    }

    @Test(arguments: [
        (["_config.yml": "title: Blog\n", "_posts/2024-01-01-a.md": "Hi\n"], SiteLayout.Generator.jekyll, "_posts"),
        (["mkdocs.yml": "site_name: Docs\ndocs_dir: handbook  # pages\n", "handbook/index.md": "Hi\n"], .mkdocs, "handbook"),
        (["mkdocs.yml": "site_name: Docs\n", "docs/index.md": "Hi\n"], .mkdocs, "docs"),
        (["docusaurus.config.js": "module.exports = {}\n", "docs/intro.md": "Hi\n"], .docusaurus, "docs"),
    ])
    func f6_initFindsTheSiteGeneratorsContentFolder(files: [String: String], generator: SiteLayout.Generator, content: String) throws {
        let root = try Self.site(files)
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = SiteLayout.detect(in: root)
        #expect(layout.generator == generator)
        #expect(layout.contentPath == content)
        _ = try ProjectInitializer(root: root, sourceLocale: "en", targetLocales: ["de"]).run()
        #expect(try Project(root: root).configuration.contentPath == content)
    }
}
