import Foundation
@testable import LocalizedTrees
import Testing
@testable import Workspace

/// The pieces of the generator wiring that need no generator: reading the site's own config, writing
/// only tolk's files, Hugo's lowercase locale in URLs.
@Suite struct SiteWiringTests {
    func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-wiring-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    @Test(arguments: [
        ("hugo.toml", "baseurl = \"https://example.org/\"\ndefaultContentLanguage = \"ru\"\ndefaultContentLanguageInSubdir = true\n[languages.ru]\nweight = 1\n"),
        ("hugo.yaml", "baseURL: https://example.org/\ndefaultContentLanguage: ru\ndefaultContentLanguageInSubdir: true\nlanguages:\n  ru: {weight: 1}\n"),
        ("config.json", "{\"baseURL\": \"https://example.org/\", \"defaultContentLanguage\": \"ru\", \"defaultContentLanguageInSubdir\": true, \"languages\": {\"ru\": {}}}"),
    ])
    func hugosSettingsAreReadFromTOMLYAMLAndJSONWhateverTheKeysCase(file: String, text: String) throws {
        let root = try folder([file: text])
        defer { try? FileManager.default.removeItem(at: root) }
        let (settings, diagnostics) = HugoSiteSettings.read(root: root)
        #expect(diagnostics.isEmpty)
        #expect(settings.baseURL == "https://example.org/")
        #expect(settings.defaultContentLanguage == "ru")
        #expect(settings.defaultContentLanguageInSubdir)
        #expect(settings.languagesDefined.map(\.file) == [file])
    }

    @Test func aHugoConfigThatIsNotTOMLIsAWarningAtItsLine() throws {
        let root = try folder(["hugo.toml": "title = \"x\"\nbaseURL = \n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let (settings, diagnostics) = HugoSiteSettings.read(root: root)
        #expect(settings.baseURL == nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.severity == .warning && diagnostics.first?.line == 2)
    }

    @Test func theWriterReplacesOnlyItsOwnFilesAndWritesNothingUnchanged() throws {
        let root = try folder(["i18n/de.toml": "[x]\nother = \"mine\"\n", "i18n/fr.toml": WiringWriter.marker + " long ago\n", "i18n/it.toml": "[x]\nother = \"mine\"\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let ours = WiredFile(path: "i18n/ru.toml", bytes: Array((WiringWriter.marker + "\n[x]\nother = \"наш\"\n").utf8))
        let theirs = WiredFile(path: "i18n/de.toml", bytes: Array((WiringWriter.marker + "\n").utf8))
        let first = try WiringWriter(root: root).write([ours, theirs], perLocaleFolders: ["i18n"])
        #expect(first.written == ["i18n/ru.toml"])
        #expect(first.removed == ["i18n/fr.toml"])
        #expect(first.diagnostics.map(\.file) == ["i18n/de.toml"])
        #expect(try String(contentsOf: root.appendingPathComponent("i18n/de.toml"), encoding: .utf8) == "[x]\nother = \"mine\"\n")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("i18n/it.toml").path))
        let second = try WiringWriter(root: root).write([ours], perLocaleFolders: ["i18n"])
        #expect(second.written.isEmpty && second.unchanged == 1 && second.removed.isEmpty)
    }

    @Test func hugoWritesARegionLocaleInLowercaseInURLs() {
        var settings = BuildSettings()
        settings.lowercasesLocaleInURLs = true
        let layout = OutputLayout(settings: settings, sourceLocale: "en")
        #expect(layout.url(contentPath: "posts/a.md", slug: nil, locale: "pt-BR") == "/pt-br/posts/a/")
        #expect(OutputLayout(settings: BuildSettings(), sourceLocale: "en").url(contentPath: "posts/a.md", slug: nil, locale: "pt-BR") == "/pt-BR/posts/a/")
    }

    @Test func tomlTextQuotesKeysAndStringsAsTOMLReadsThem() {
        #expect(TOMLText.key("read_more") == "read_more")
        #expect(TOMLText.key("nav.home") == "\"nav.home\"")
        #expect(TOMLText.string("a \"b\" \\ c\nd\u{7}") == "\"a \\\"b\\\" \\\\ c\\nd\\u0007\"")
    }
}
