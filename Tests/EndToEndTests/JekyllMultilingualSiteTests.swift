import Foundation
import Testing

/// Issue 18, Jekyll: `tolk build` writes what a plugin-free multilingual Jekyll site needs (each page's
/// `permalink`, `_data/<lang>/navigation.yml` and `site.yml`, and `_config.tolk.yml` with the languages and
/// an exclude list keeping tolk's own files out), so that the sample site, with a user's `_config.yml`,
/// layouts and a home page added, is built by Debian's real Jekyll 4.3 into a site whose every language
/// reads as that language in headless Chromium.
@Suite(.serialized) struct JekyllMultilingualSiteTests {
    static let fixture = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/jekyll-multilingual")
    static let jekyll = URL(fileURLWithPath: "/usr/bin/jekyll")

    /// The sample site with the fixture's `_config.yml`, layouts and home page; tolk's trees in `localized/`.
    static func sampleJekyllSite() throws -> TolkRunner {
        let site = try TolkRunner.sampleSiteCopy()
        for item in ["_config.yml", "_layouts", "content/index.md"] {
            try FileManager.default.copyItem(at: fixture.appendingPathComponent(item), to: site.root.appendingPathComponent(item))
        }
        let configuration = try site.read("tolk.yaml")
        #expect(configuration.contains("  output: public "))
        try site.write(configuration.replacingOccurrences(of: "  output: public ", with: "  output: localized "), to: "tolk.yaml")
        #expect(try site.run("sync").status == 0)
        return site
    }

    static func runJekyll(_ site: TolkRunner, destination: URL) throws {
        #expect(FileManager.default.isExecutableFile(atPath: jekyll.path), "jekyll is missing: make test installs Debian's jekyll package")
        let result = try TolkRunner.runProcess(jekyll, ["build", "--safe", "--config", "_config.yml,_config.tolk.yml",
                                                        "--source", site.root.path, "--destination", destination.path], in: site.root)
        #expect(result.status == 0, "jekyll failed:\n\(result.stdout)\n\(result.stderr)")
        let output = result.stdout + result.stderr
        #expect(!output.contains("Warning") && !output.contains("Conflict") && !output.contains("Error"), "jekyll warned:\n\(output)")
    }

    @Test func theSampleSiteBecomesAMultilingualJekyllSiteThatReadsInEachLanguage() throws {
        let site = try Self.sampleJekyllSite()
        defer { site.remove() }
        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(build.stdout.contains("jekyll wiring: _config.tolk.yml, _data/en/navigation.yml, _data/en/site.yml, _data/ru/navigation.yml"))
        let config = try site.read("_config.tolk.yml")
        #expect(config.contains("exclude:\n  - \"Gemfile\"\n  - \"Gemfile.lock\"\n  - \"content\"\n  - \"locales\"\n  - \"tolk.yaml\"\n  - \".tolk\"\n  - \"preview\"\n  - \"localized/en-XA\"\n  - \"localized/ar-XB\"\n"))
        #expect(config.contains("  - code: \"ar\"\n    name: \"العربية\"\n    dir: rtl\n"))
        // Plural messages as their CLDR forms, the other strings as text; menu URLs in the locale.
        let strings = try site.read("_data/ru/site.yml")
        #expect(strings.contains("  reading_time:\n    one: \"# минута чтения\"\n    few: \"# минуты чтения\"\n    many: \"# минут чтения\"\n    other: \"# минуты чтения\"\n"))
        #expect(strings.contains("  published_on: \"Опубликовано {date}\"\n"))
        #expect(try site.read("_data/ru/navigation.yml").contains("- label: \"Статьи\"\n  url: \"/ru/posts/\"\n"))
        // Each page's URL as its permalink, matching its alternates; the direction where Jekyll's page.dir does not shadow it.
        let post = try site.read("localized/ru/posts/translation-memory.md")
        #expect(post.contains("direction: \"ltr\"\n"))
        #expect(post.contains("permalink: \"/ru/posts/память-переводов/\"\n"))
        #expect(post.contains(#"ru: "https://fieldnotes.example.org/ru/posts/память-переводов/""#))

        let built = site.root.appendingPathComponent("_site")
        try Self.runJekyll(site, destination: built)
        // Nothing of tolk's own reaches the site: no catalogs, no content/ copies, no navigation.yaml, no pseudo trees.
        let published = FileManager.default.enumerator(atPath: built.path)?.allObjects as? [String] ?? []
        #expect(!published.isEmpty)
        #expect(published.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".po") || $0.hasPrefix("content") || $0.hasPrefix("localized") || $0.contains("en-XA") } == [])

        let chromium = try #require(StatusInBrowserTests.chromium, "chromium is missing: make test installs Debian's chromium package")
        let dump = site.root.appendingPathComponent("dom")
        let check = try TolkRunner.runScript("check_built_site.py", [
            built.path, "--base-url", "https://fieldnotes.example.org/", "--post", "/posts/translation-memory/", "--dump", dump.path,
            "--chromium", chromium, "--locale", "en:/", "--locale", "ru:/ru/", "--locale", "de:/de/", "--locale", "ar:/ar/:rtl", "--locale", "ja:/ja/"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        func page(_ name: String) throws -> String { try String(contentsOf: dump.appendingPathComponent(name + ".html"), encoding: .utf8) }
        let russianHome = try page("ru-home"), russianPost = try page("ru-post")
        for text in ["Полевые заметки", ">Статьи</a>", "Новые записи", "Читать дальше", "Перейти к основному содержимому", #"href="/ru/posts/""#] {
            #expect(russianHome.contains(text), "ru home: \(text)")
        }
        #expect(russianPost.contains("Опубликовано 25 ноября 2025") && russianPost.contains("4 минуты чтения"))
        #expect(russianPost.contains(#"<a hreflang="de" href="https://fieldnotes.example.org/de/posts/translation-memory/">Deutsch</a>"#))
        for english in ["Read more", "Articles", "Latest posts", "minutes read", "Skip to main content", "Published on", "Field Notes"] {
            #expect(!russianHome.contains(english) && !russianPost.contains(english), "a Russian page says \(english)")
        }
    }

    @Test func aSecondBuildWritesNoWiringAndTheSitesOwnDataIsNeverReplaced() throws {
        let site = try Self.sampleJekyllSite()
        defer { site.remove() }
        #expect(try site.run("build").status == 0)
        let again = try site.run("build")
        #expect(again.stdout.contains("jekyll wiring: nothing written; 11 unchanged"), "\(again.stdout)")
        let own = "title: Our own German title\n"
        try site.write(own, to: "_data/de/site.yml")
        let refused = try site.run("build")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("_data/de/site.yml:1: error: exists and was not written by tolk"), "\(refused.stderr)")
        #expect(try site.read("_data/de/site.yml") == own)
    }
}

/// Issue 18: the Russian blog of `Fixtures/hugo-russian-source`, translated into English, as a Jekyll site
/// with the same layouts: Russian at the root, English under /en/.
@Suite(.serialized) struct JekyllRussianSourceSiteTests {
    @Test func aRussianBlogTranslatedIntoEnglishReadsInBothLanguages() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-jekyll-ru-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for item in ["content", "locales", "tolk.yaml"] {
            try FileManager.default.copyItem(at: HugoRussianSourceSiteTests.fixture.appendingPathComponent(item), to: root.appendingPathComponent(item))
        }
        for item in ["_layouts", "content/index.md"] {
            try FileManager.default.copyItem(at: JekyllMultilingualSiteTests.fixture.appendingPathComponent(item), to: root.appendingPathComponent(item))
        }
        let site = TolkRunner(root: root)
        defer { site.remove() }
        try site.write("title: Заметки переводчика\nurl: \"https://zametki.example.ru\"\ndefaults:\n  - scope: {path: \"\"}\n    values: {layout: default}\n", to: "_config.yml")
        #expect(try site.run("sync").status == 0)
        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        let built = site.root.appendingPathComponent("_site")
        try JekyllMultilingualSiteTests.runJekyll(site, destination: built)
        let chromium = try #require(StatusInBrowserTests.chromium, "chromium is missing: make test installs Debian's chromium package")
        let dump = site.root.appendingPathComponent("dom")
        let check = try TolkRunner.runScript("check_built_site.py", [
            built.path, "--base-url", "https://zametki.example.ru/", "--post", "/posts/padezhi/", "--dump", dump.path,
            "--chromium", chromium, "--locale", "ru:/", "--locale", "en:/en/"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let englishHome = try String(contentsOf: dump.appendingPathComponent("en-home.html"), encoding: .utf8)
        let englishPost = try String(contentsOf: dump.appendingPathComponent("en-post.html"), encoding: .utf8)
        #expect(englishHome.contains("Latest posts") && englishHome.contains("Read more") && englishHome.contains(">Articles</a>"))
        #expect(englishPost.contains("Published on October 14, 2025") && englishPost.contains("3 minutes read"))
        for russian in ["Читать дальше", "Новые записи", "Статьи", "Опубликовано", "Заметки переводчика"] {
            #expect(!englishHome.contains(russian) && !englishPost.contains(russian), "an English page says \(russian)")
        }
    }
}
