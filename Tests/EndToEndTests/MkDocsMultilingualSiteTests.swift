import Foundation
import Testing

/// Issue 18, MkDocs: `tolk build` writes `mkdocs.tolk.yml` (it inherits the site's `mkdocs.yml` and wires
/// mkdocs-static-i18n over tolk's output) and `mkdocs_tolk_hooks.py` (hreflang links), so that a site in
/// English translated to French and Arabic (`Fixtures/mkdocs-multilingual`, catalogs translated) is built
/// by real `mkdocs build --strict -f mkdocs.tolk.yml` (MkDocs 1.6.1, mkdocs-material, mkdocs-static-i18n
/// from `make mkdocs-venv`) into a site whose every language reads as that language in headless Chromium.
@Suite(.serialized) struct MkDocsMultilingualSiteTests {
    static let fixture = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/mkdocs-multilingual")

    static func siteCopy() throws -> TolkRunner { TolkRunner(root: try MkDocsSiteTests.copy(fixture, prefix: "tolk-mkdocs-i18n")) }

    /// Real `mkdocs build --strict` with tolk's config: fails on any warning, and the test says so.
    static func runMkDocs(_ site: TolkRunner) throws {
        #expect(FileManager.default.isExecutableFile(atPath: MkDocsSiteTests.mkdocs.path),
                "MkDocs is not installed in .build-mkdocs/venv: run `make mkdocs-venv` (make test does)")
        let built = try TolkRunner.runProcess(MkDocsSiteTests.mkdocs, ["build", "--strict", "-f", "mkdocs.tolk.yml"], in: site.root)
        #expect(built.status == 0, "mkdocs build --strict -f mkdocs.tolk.yml failed:\n\(built.stdout)\(built.stderr)")
        #expect(!(built.stdout + built.stderr).contains("WARNING"), "mkdocs warned:\n\(built.stderr)")
    }

    func exists(_ site: TolkRunner, _ path: String) -> Bool { FileManager.default.fileExists(atPath: site.root.appendingPathComponent(path).path) }

    @Test func theFixtureBecomesAMultilingualMkDocsSiteThatReadsInEachLanguage() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(build.stdout.contains("mkdocs wiring: mkdocs.tolk.yml, mkdocs_tolk_hooks.py written"), "\(build.stdout)")
        #expect(!build.stderr.contains("warning"), "\(build.stderr)")
        // tolk's navigation and site strings reach MkDocs through the wiring, never as files of the docs_dir.
        for locale in ["en", "fr", "ar", "en-XA"] {
            #expect(!exists(site, "public/\(locale)/navigation.yaml") && !exists(site, "public/\(locale)/site.yaml"))
        }
        let config = try site.read("mkdocs.tolk.yml")
        #expect(config.hasPrefix("# Written by tolk build"))
        #expect(config.contains("\nINHERIT: \"mkdocs.yml\"\ndocs_dir: \"public\"\nexclude_docs: \"/en-XA/\\n\"\nhooks:\n- \"mkdocs_tolk_hooks.py\"\nplugins:\n- search\n- i18n:\n    docs_structure: \"folder\"\n"), "\(config)")
        #expect(config.contains("    - locale: \"ar\"\n      name: \"العربية\"\n      default: false\n      build: true\n      site_name: \"المسجّل الميداني\"\n"))
        #expect(config.contains("      nav_translations:\n        \"Home\": \"Accueil\"\n        \"Guide\": \"Guide pratique\"\n        \"Getting started\": \"Prise en main\"\n"))
        #expect(config.contains("      admonition_translations:\n        \"note\": \"Remarque\"\n"))
        #expect(!config.contains("locale: \"en-XA\""), "pseudo-locales are a test of the site, not a language for readers")
        // The plugin builds the default language at the root: the source URLs follow, and site_url makes them absolute.
        #expect(try site.read("public/fr/guide/setup.md").contains(
            #"alternates: {en: "https://recorder.example.org/guide/setup/", fr: "https://recorder.example.org/fr/guide/setup/", ar: "https://recorder.example.org/ar/guide/setup/", x-default: "https://recorder.example.org/guide/setup/"}"#))

        try Self.runMkDocs(site)
        #expect(exists(site, "site/fr/guide/setup/index.html") && exists(site, "site/ar/index.html") && exists(site, "site/guide/setup/index.html"))
        #expect(!exists(site, "site/en-XA") && !exists(site, "site/en"), "the pseudo-locale is not published, and the source is at the root")
        for path in ["site/navigation.yaml", "site/site.yaml", "site/fr/navigation.yaml", "site/fr/site.yaml"] { #expect(!exists(site, path), "\(path) is published") }
        let chromium = try #require(StatusInBrowserTests.chromium, "chromium is missing: make test installs Debian's chromium package")
        let dump = site.root.appendingPathComponent("dom")
        let check = try TolkRunner.runScript("check_built_site.py", [
            site.root.appendingPathComponent("site").path, "--base-url", "https://recorder.example.org/",
            "--post", "/guide/setup/", "--dump", dump.path, "--chromium", chromium,
            "--locale", "en:/", "--locale", "fr:/fr/", "--locale", "ar:/ar/:rtl"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        func page(_ name: String) throws -> String { try String(contentsOf: dump.appendingPathComponent(name + ".html"), encoding: .utf8) }
        // Nav titles, site name, admonition titles and the theme's own words in the page's language.
        let frenchPost = try page("fr-post"), frenchHome = try page("fr-home")
        for text in ["<title>Prise en main - Enregistreur de terrain</title>", "Accueil", "Guide pratique", "Enregistrer en extérieur",
                     "Aller au contenu", "Table des matières", "Écrit par l’équipe de l’Enregistreur de terrain."] {
            #expect(frenchPost.contains(text), "fr post: \(text)")
        }
        #expect(frenchHome.contains("Remarque"))
        for english in ["Home", "Getting started", "Recording outdoors", "Field Recorder", "Skip to content", "Table of contents", "Written by"] {
            #expect(!frenchPost.contains(english) && !frenchHome.contains(english), "a French page says \(english)")
        }
        let arabicHome = try page("ar-home")
        for text in ["الرئيسية", "التسجيل في الهواء الطلق", "ملاحظة", "انتقل إلى المحتوى", "dir=\"rtl\""] {
            #expect(arabicHome.contains(text), "ar home: \(text)")
        }
        for english in ["Home", "Getting started", "Field Recorder", "Skip to content", ">Note<"] {
            #expect(!arabicHome.contains(english), "an Arabic page says \(english)")
        }
    }

    @Test func aSecondBuildWritesNoWiringAndAConfigTheUserWroteIsNeverReplaced() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("build").status == 0)
        let again = try site.run("build")
        #expect(again.status == 0)
        #expect(again.stdout.contains("mkdocs wiring: nothing written; 2 unchanged"), "\(again.stdout)")

        let own = "INHERIT: mkdocs.yml\ndocs_dir: public\n"
        try site.write(own, to: "mkdocs.tolk.yml")
        let refused = try site.run("build")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("mkdocs.tolk.yml:1: error: exists and was not written by tolk, so tolk build leaves it as it is"), "\(refused.stderr)")
        #expect(try site.read("mkdocs.tolk.yml") == own)
    }

    @Test func theSitesOwnPluginsAndHooksStayAndWhatTolkCannotTranslateIsSaid() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        // INHERIT replaces lists: the site's plugins and hooks must be listed again in tolk's file to still run.
        var mkdocs = try site.read("mkdocs.yml")
        mkdocs = mkdocs.replacingOccurrences(of: "plugins:\n  - search\n", with: """
            plugins:
              - search:
                  separator: '[\\s\\-]+'
              - i18n:
                  languages: []
            hooks:
              - hooks/stamp.py

            """)
        mkdocs += "      - Troubleshooting: guide/outdoors.md\n"
        // A direction the site fixes for every language: tolk sets each language's own.
        mkdocs = mkdocs.replacingOccurrences(of: "  name: material\n", with: "  name: material\n  direction: ltr\n")
        try site.write(mkdocs, to: "mkdocs.yml")
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("hooks"), withIntermediateDirectories: true)
        try site.write("def on_post_page(output, page, config):\n    return output.replace('</body>', '<!-- stamped by the site -->' + '</body>', 1)\n", to: "hooks/stamp.py")
        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("mkdocs.yml:14: warning: configures the i18n plugin, and so does tolk's mkdocs.tolk.yml; tolk's replaces it there"), "\(build.stderr)")
        #expect(build.stderr.contains("mkdocs.yml:23: warning: the nav title 'Troubleshooting' is not a message of docs/navigation.yaml, so every language shows it as it is"), "\(build.stderr)")
        let config = try site.read("mkdocs.tolk.yml")
        #expect(config.contains("hooks:\n- \"hooks/stamp.py\"\n- \"mkdocs_tolk_hooks.py\"\nplugins:\n- search:\n    separator: '[\\s\\-]+'\n- i18n:\n    docs_structure: \"folder\"\n"), "\(config)")
        try Self.runMkDocs(site)
        let frenchPost = try site.read("site/fr/guide/setup/index.html")
        #expect(frenchPost.contains("<!-- stamped by the site --></body>") && frenchPost.contains(#"<link rel="alternate" hreflang="ar""#))
        #expect(config.contains("    - locale: \"ar\"\n") && config.contains("      theme:\n        direction: \"rtl\"\n"))
        #expect(try site.read("site/ar/index.html").contains("<body dir=\"rtl\">") && frenchPost.contains("<body dir=\"ltr\">"))
    }

    @Test func theSuffixLayoutIsMkDocsStaticI18nsSuffixStructure() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        try site.write("source: en\nlocales: [fr, ar]\npaths:\n  content: docs\nbuild:\n  layout: suffix\n  pseudo_locales: [en-XA]\n", to: "tolk.yaml")
        #expect(try site.run("build").status == 0)
        #expect(exists(site, "public/guide/setup.fr.md") && exists(site, "public/guide/setup.en-XA.md"))
        let config = try site.read("mkdocs.tolk.yml")
        #expect(config.contains("exclude_docs: \"*.en-XA.*\\n\"") && config.contains("docs_structure: \"suffix\""), "\(config)")
        try Self.runMkDocs(site)
        #expect(try site.read("site/ar/guide/setup/index.html").contains("اشحن البطارية كاملةً قبل أن تخرج."))
        #expect(!exists(site, "site/en-XA") && !exists(site, "site/guide/setup.en-XA/index.html"))
    }
}

/// Issue 18: the Russian blog of `Fixtures/hugo-russian-source`, translated into English, as a MkDocs site
/// (material theme, navigation from the page titles): Russian at the root, English under /en/.
@Suite(.serialized) struct MkDocsRussianSourceSiteTests {
    @Test func aRussianBlogTranslatedIntoEnglishReadsInBothLanguages() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-mkdocs-ru-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for item in ["content", "locales", "tolk.yaml"] {
            try FileManager.default.copyItem(at: HugoRussianSourceSiteTests.fixture.appendingPathComponent(item), to: root.appendingPathComponent(item))
        }
        let site = TolkRunner(root: root)
        defer { site.remove() }
        try site.write("site_name: Заметки переводчика\nsite_url: https://zametki.example.ru/\ndocs_dir: content\ntheme:\n  name: material\n", to: "mkdocs.yml")
        try site.write("---\ntitle: Главная\n---\n\nБлог небольшой команды переводчиков.\n", to: "content/index.md")
        #expect(try site.run("sync").status == 0)
        var catalog = try site.read("locales/en/index.po")
        for (russian, english) in [("Главная", "Home"), ("Блог небольшой команды переводчиков.", "A blog by a small team of translators.")] {
            catalog = catalog.replacingOccurrences(of: "msgid \"\(russian)\"\nmsgstr \"\"", with: "msgid \"\(russian)\"\nmsgstr \"\(english)\"")
        }
        try site.write(catalog, to: "locales/en/index.po")
        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(try site.read("mkdocs.tolk.yml").contains("      site_name: \"A Translator's Notes\"\n"))

        try MkDocsMultilingualSiteTests.runMkDocs(site)
        let chromium = try #require(StatusInBrowserTests.chromium, "chromium is missing: make test installs Debian's chromium package")
        let dump = site.root.appendingPathComponent("dom")
        let check = try TolkRunner.runScript("check_built_site.py", [
            site.root.appendingPathComponent("site").path, "--base-url", "https://zametki.example.ru/", "--post", "/posts/padezhi/",
            "--dump", dump.path, "--chromium", chromium, "--locale", "ru:/", "--locale", "en:/en/"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let englishPost = try String(contentsOf: dump.appendingPathComponent("en-post.html"), encoding: .utf8)
        let russianPost = try String(contentsOf: dump.appendingPathComponent("ru-post.html"), encoding: .utf8)
        for text in ["Cases and placeholders", "Numbers and dates", "About the blog", "A Translator's Notes", "Skip to content", #"href="../o-bloge/""#] {
            #expect(englishPost.contains(text), "en post: \(text)")
        }
        for russian in ["Падежи и подстановки", "Числа и даты", "О блоге", "Заметки переводчика", "Перейти к содержанию"] {
            #expect(!englishPost.contains(russian), "an English page says \(russian)")
        }
        #expect(russianPost.contains("Падежи и подстановки") && russianPost.contains("Заметки переводчика"))
    }
}

/// Issue 18: the sample site (an English blog in ru, de, ar, ja) as a MkDocs site with the material
/// theme: nothing but a `mkdocs.yml` of four lines and a home page added.
@Suite(.serialized) struct MkDocsSampleSiteTests {
    @Test func theSampleSiteBecomesAMultilingualMkDocsSite() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try site.write("site_name: Field Notes\nsite_url: https://fieldnotes.example.org/\ndocs_dir: content\ntheme:\n  name: material\n", to: "mkdocs.yml")
        try site.write("---\ntitle: Home\n---\n\nNotes from a small team shipping software in eleven languages.\n", to: "content/index.md")
        let configuration = try site.read("tolk.yaml")
        try site.write(configuration.replacingOccurrences(of: "  output: public ", with: "  output: localized "), to: "tolk.yaml")
        #expect(try site.run("sync").status == 0)
        var catalog = try site.read("locales/ru/index.po")
        for (english, russian) in [("Home", "Главная"), ("Notes from a small team shipping software in eleven languages.", "Заметки небольшой команды, которая выпускает программы на одиннадцати языках.")] {
            catalog = catalog.replacingOccurrences(of: "msgid \"\(english)\"\nmsgstr \"\"", with: "msgid \"\(english)\"\nmsgstr \"\(russian)\"")
        }
        try site.write(catalog, to: "locales/ru/index.po")
        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        try MkDocsMultilingualSiteTests.runMkDocs(site)
        let chromium = try #require(StatusInBrowserTests.chromium, "chromium is missing: make test installs Debian's chromium package")
        let dump = site.root.appendingPathComponent("dom")
        let check = try TolkRunner.runScript("check_built_site.py", [
            site.root.appendingPathComponent("site").path, "--base-url", "https://fieldnotes.example.org/", "--post", "/posts/translation-memory/",
            "--dump", dump.path, "--chromium", chromium, "--locale", "en:/", "--locale", "ru:/ru/", "--locale", "de:/de/", "--locale", "ar:/ar/:rtl", "--locale", "ja:/ja/"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let russianPost = try String(contentsOf: dump.appendingPathComponent("ru-post.html"), encoding: .utf8)
        for text in ["Что на самом деле помнит память переводов", "Полевые заметки", "Перейти к содержанию"] {
            #expect(russianPost.contains(text), "ru post: \(text)")
        }
        for english in ["What translation memory actually remembers", "Skip to content", "Field Notes"] {
            #expect(!russianPost.contains(english), "a Russian page says \(english)")
        }
    }
}
