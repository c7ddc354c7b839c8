import Foundation
import Testing

/// Issue 18, Hugo: `tolk build` writes the wiring a multilingual Hugo site needs (the languages with
/// their menus in `config/_default/languages.toml`, the UI strings in `i18n/<lang>.toml`), so that the
/// sample site, with nothing but a user's `hugo.toml` and layouts added, is built by Debian's real Hugo
/// 0.111 into a site whose every language reads as that language in headless Chromium.
@Suite(.serialized) struct HugoMultilingualSiteTests {
    static let fixture = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/hugo-multilingual")

    /// The sample site with the fixture's `hugo.toml` and layouts, tolk's trees in `localized/` (Hugo writes `public/`).
    static func sampleHugoSite() throws -> TolkRunner {
        let site = try TolkRunner.sampleSiteCopy()
        for item in ["hugo.toml", "layouts"] {
            try FileManager.default.copyItem(at: fixture.appendingPathComponent(item), to: site.root.appendingPathComponent(item))
        }
        let configuration = try site.read("tolk.yaml")
        #expect(configuration.contains("  output: public "))
        try site.write(configuration.replacingOccurrences(of: "  output: public ", with: "  output: localized "), to: "tolk.yaml")
        return site
    }

    static func runHugo(_ site: TolkRunner) throws {
        #expect(FileManager.default.isExecutableFile(atPath: HugoBuildTests.hugo.path), "hugo is missing: make test installs Debian's hugo package")
        let result = try TolkRunner.runProcess(HugoBuildTests.hugo, ["--source", site.root.path, "--printI18nWarnings", "--printPathWarnings", "--noBuildLock"], in: site.root)
        #expect(result.status == 0, "hugo failed:\n\(result.stdout)\n\(result.stderr)")
        #expect(!(result.stdout + result.stderr).contains("WARN"), "hugo warned:\n\(result.stdout)\n\(result.stderr)")
    }

    @Test func theSampleSiteBecomesAMultilingualHugoSiteThatReadsInEachLanguage() throws {
        let site = try Self.sampleHugoSite()
        defer { site.remove() }
        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(build.stdout.contains("hugo wiring: config/_default/languages.toml, localized/en/posts/_index.md, localized/ru/posts/_index.md, localized/de/posts/_index.md, localized/ar/posts/_index.md, localized/ja/posts/_index.md, i18n/en.toml, i18n/ru.toml, i18n/de.toml, i18n/ar.toml, i18n/ja.toml written"), "\(build.stdout)")
        // A section without an _index.md of its own is titled by its menu item in each language, not "Posts".
        #expect(try site.read("localized/ru/posts/_index.md") == "---\ntitle: \"Статьи\"\nlang: \"ru\"\n---\n")
        // tolk's navigation and site strings reach Hugo through the wiring, never as files Hugo would publish.
        for locale in ["en", "ru", "de", "en-XA"] {
            #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("localized/\(locale)/navigation.yaml").path))
            #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("localized/\(locale)/site.yaml").path))
        }
        let languages = try site.read("config/_default/languages.toml")
        #expect(languages.contains("[ar]\nlanguageCode = \"ar\"\nlanguageName = \"العربية\"\nlanguageDirection = \"rtl\"\nweight = 4\ncontentDir = \"localized/ar\"\n"))
        #expect(!languages.contains("en-XA"), "pseudo-locales are a test of the site, not a language for readers")
        // CLDR plural categories of each language, converted from the site's ICU message.
        let russian = try site.read("i18n/ru.toml")
        #expect(russian.contains("[reading_time]\none = \"{{ .Count }} минута чтения\"\nfew = \"{{ .Count }} минуты чтения\"\nmany = \"{{ .Count }} минут чтения\"\nother = \"{{ .Count }} минуты чтения\"\n"))
        #expect(try site.read("i18n/ja.toml").contains("[reading_time]\nother = "))
        // Hugo's default language sits at the root (defaultContentLanguageInSubdir is false), and alternates are absolute.
        let post = try site.read("localized/ru/posts/translation-memory.md")
        #expect(post.contains(#"alternates: {en: "https://fieldnotes.example.org/posts/translation-memory/", ru: "https://fieldnotes.example.org/ru/posts/память-переводов/""#))

        try Self.runHugo(site)
        let chromium = try #require(StatusInBrowserTests.chromium, "chromium is missing: make test installs Debian's chromium package")
        let dump = site.root.appendingPathComponent("dom")
        let check = try TolkRunner.runScript("check_built_site.py", [
            site.root.appendingPathComponent("public").path, "--base-url", "https://fieldnotes.example.org/",
            "--post", "/posts/translation-memory/", "--dump", dump.path, "--chromium", chromium,
            "--locale", "en:/", "--locale", "ru:/ru/", "--locale", "de:/de/", "--locale", "ar:/ar/:rtl", "--locale", "ja:/ja/"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        func page(_ name: String) throws -> String { try String(contentsOf: dump.appendingPathComponent(name + ".html"), encoding: .utf8) }
        // Menus, UI strings, title and params in the page's language; none of the English ones left.
        let russianHome = try page("ru-home")
        for text in ["<title>Полевые заметки</title>", ">Статьи</a>", ">Основы локализации</a>", "Новые записи", "12 записей", "Читать дальше",
                     "Перейти к основному содержимому", "Написано людьми, переведено людьми.", #"href="/ru/posts/""#] {
            #expect(russianHome.contains(text), "ru home: \(text)")
        }
        let russianPost = try page("ru-post")
        #expect(russianPost.contains("4 минуты чтения"))
        #expect(russianPost.contains("Опубликовано 25 ноября 2025"))
        for english in ["Read more", "Articles", "Latest posts", "minutes read", "Skip to main content", "Published on", "Posts", "Field Notes"] {
            #expect(!russianHome.contains(english) && !russianPost.contains(english), "a Russian page says \(english)")
        }
        let germanHome = try page("de-home")
        #expect(germanHome.contains("<title>") && !germanHome.contains("Read more") && !germanHome.contains(">Articles<"))
        #expect(try page("ar-home").contains("dir=\"rtl\""))
        let russianSection = try String(contentsOf: site.root.appendingPathComponent("public/ru/posts/index.html"), encoding: .utf8)
        #expect(russianSection.contains("<h1>Статьи</h1>") && !russianSection.contains("Posts"))
    }

    @Test func aSecondBuildWritesNoWiringAndTheSitesOwnFilesAreNeverReplaced() throws {
        let site = try Self.sampleHugoSite()
        defer { site.remove() }
        #expect(try site.run("build").status == 0)
        let again = try site.run("build")
        #expect(again.status == 0)
        #expect(again.stdout.contains("hugo wiring: nothing written; 11 unchanged"), "\(again.stdout)")

        // A file the user wrote where tolk writes its own: left as it is, and the build says what to do.
        let own = "# Our own German strings.\n[read_more]\nother = \"Weiterlesen\"\n"
        try site.write(own, to: "i18n/de.toml")
        // A file of tolk's for a locale the site no longer has goes; a user's file for it stays.
        let stale = try site.read("i18n/ja.toml")
        try site.write(stale, to: "i18n/fr.toml")
        try site.write("[read_more]\nother = \"Lire la suite\"\n", to: "i18n/it.toml")
        let refused = try site.run("build")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("i18n/de.toml:1: error: exists and was not written by tolk, so tolk build leaves it as it is"), "\(refused.stderr)")
        #expect(try site.read("i18n/de.toml") == own)
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("i18n/fr.toml").path))
        #expect(try site.read("i18n/it.toml") == "[read_more]\nother = \"Lire la suite\"\n")
        #expect(refused.stdout.contains("i18n/fr.toml removed"))
    }

    @Test func hugosOwnSettingsDecideTheSourceURLsAndMustAgreeWithTolk() throws {
        let site = try Self.sampleHugoSite()
        defer { site.remove() }
        // defaultContentLanguageInSubdir puts the source locale under /en/, and its alternates follow.
        let hugo = try site.read("hugo.toml")
        try site.write(hugo.replacingOccurrences(of: "title = ", with: "defaultContentLanguageInSubdir = true\ntitle = "), to: "hugo.toml")
        #expect(try site.run("build").status == 0)
        #expect(try site.read("localized/ru/posts/translation-memory.md").contains(#"{en: "https://fieldnotes.example.org/en/posts/translation-memory/""#))
        try Self.runHugo(site)
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/en/posts/translation-memory/index.html").path))

        // Hugo's default language must be the one the content is written in.
        try site.write(hugo.replacingOccurrences(of: "title = ", with: "defaultContentLanguage = \"de\"\ntitle = "), to: "hugo.toml")
        let wrong = try site.run("build")
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("hugo.toml:4: error: defaultContentLanguage is 'de', but tolk.yaml says the content is written in 'en'"), "\(wrong.stderr)")
        // Languages defined by the site itself as well: Hugo merges them, so the build warns.
        try site.write(hugo + "\n[languages.en]\nweight = 9\n", to: "hugo.toml")
        let both = try site.run("build")
        #expect(both.status == 0)
        #expect(both.stderr.contains("hugo.toml:8: warning: defines languages, and so does tolk's config/_default/languages.toml"), "\(both.stderr)")
    }
}

/// Issue 18: a blog written in Russian (`Fixtures/hugo-russian-source`, Hugo's `defaultContentLanguage = "ru"`)
/// and translated into English, built by real Hugo with the same layouts: the source language at the root,
/// English under /en/, each with its own menus, plurals and dates.
@Suite(.serialized) struct HugoRussianSourceSiteTests {
    static let fixture = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/hugo-russian-source")

    @Test func aRussianBlogTranslatedIntoEnglishReadsInBothLanguages() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-hugo-ru-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.fixture, to: root)
        try FileManager.default.copyItem(at: HugoMultilingualSiteTests.fixture.appendingPathComponent("layouts"), to: root.appendingPathComponent("layouts"))
        let site = TolkRunner(root: root)
        defer { site.remove() }
        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        let languages = try site.read("config/_default/languages.toml")
        #expect(languages.contains("[ru]\nlanguageCode = \"ru\"\nlanguageName = \"Русский\"\nlanguageDirection = \"ltr\"\nweight = 1\ncontentDir = \"localized/ru\"\ntitle = \"Заметки переводчика\"\n"))
        #expect(languages.contains("[en]\nlanguageCode = \"en\"\nlanguageName = \"English\"\nlanguageDirection = \"ltr\"\nweight = 2\ncontentDir = \"localized/en\"\ntitle = \"A Translator's Notes\"\n"))
        #expect(try site.read("i18n/en.toml").contains("[posts_count]\none = \"{{ .Count }} post\"\nother = \"{{ .Count }} posts\"\n"))
        #expect(try site.read("i18n/ru.toml").contains("[posts_count]\none = \"{{ .Count }} запись\"\nfew = \"{{ .Count }} записи\"\nmany = \"{{ .Count }} записей\"\nother = \"{{ .Count }} записи\"\n"))

        try HugoMultilingualSiteTests.runHugo(site)
        let chromium = try #require(StatusInBrowserTests.chromium, "chromium is missing: make test installs Debian's chromium package")
        let dump = site.root.appendingPathComponent("dom")
        let check = try TolkRunner.runScript("check_built_site.py", [
            site.root.appendingPathComponent("public").path, "--base-url", "https://zametki.example.ru/", "--post", "/posts/padezhi/",
            "--dump", dump.path, "--chromium", chromium, "--locale", "ru:/", "--locale", "en:/en/"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        func page(_ name: String) throws -> String { try String(contentsOf: dump.appendingPathComponent(name + ".html"), encoding: .utf8) }
        let russianHome = try page("ru-home"), englishHome = try page("en-home"), englishPost = try page("en-post")
        #expect(russianHome.contains("3 записи") && russianHome.contains("Читать дальше") && russianHome.contains(">Статьи</a>"))
        for text in ["<title>A Translator's Notes</title>", "Latest posts", "3 posts", "Read more", ">Articles</a>", "Skip to content", #"href="/en/posts/""#] {
            #expect(englishHome.contains(text), "en home: \(text)")
        }
        #expect(englishPost.contains("Published on October 14, 2025") && englishPost.contains("3 minutes read"))
        #expect(englishPost.contains(#"<a href="/en/posts/o-bloge/">the blog’s about page</a>"#), "a link between posts leads to the English version")
        for russian in ["Читать дальше", "Новые записи", "Статьи", "Опубликовано", "минут", "Перейти к содержимому", "Заметки переводчика"] {
            #expect(!englishHome.contains(russian) && !englishPost.contains(russian), "an English page says \(russian)")
        }
    }
}

/// Issue 18: a Hugo site's own `i18n/en.toml` (go-i18n's format, Go templates, plural tables) is the
/// source of its UI strings: its ids become catalog entries as ICU messages, and each locale's
/// `i18n/<locale>.toml` comes back in go-i18n's format, which real Hugo renders; the site's file is
/// never written.
@Suite(.serialized) struct HugoOwnI18nFileTests {
    static let english = """
        home = "Home"

        [readMore]
        other = "Read more"

        [readingTime]
        description = "Shown under a page's title"
        one = "One minute to read"
        other = "{{ .Count }} minutes to read"

        [greeting]
        other = "Welcome, {{ .Name }}! It's {{ .Weather }} {today}."

        [wordCount]
        other = "{{ .WordCount | lang.FormatNumber 0 }} words"

        """

    @Test func theSitesI18nFileIsTheSourceAndEachLocaleGetsItsOwnInGoI18nsFormat() throws {
        let site = try HugoShortcodeSiteTests.siteCopy()
        defer { site.remove() }
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("i18n"), withIntermediateDirectories: true)
        try site.write(Self.english, to: "i18n/en.toml")
        let layout = try site.read("layouts/_default/single.html")
        try site.write(layout.replacingOccurrences(of: "{{ .Content }}", with: """
            <p class="strings">{{ i18n "home" }} · {{ i18n "readMore" }} · {{ i18n "readingTime" 1 }} · {{ i18n "readingTime" 5 }} · {{ i18n "greeting" (dict "Name" "Ann" "Weather" "grey") }}</p>
            {{ .Content }}
            """), to: "layouts/_default/single.html")
        let sync = try site.run("sync")
        #expect(sync.status == 0)
        // A template action that is more than a value cannot be a message: said, at its line.
        #expect(sync.stderr.contains("i18n/en.toml:15: warning: wordCount: the template action {{ .WordCount | lang.FormatNumber 0 }} is more than a value"), "\(sync.stderr)")
        let catalog = try site.read("locales/fr/i18n.po")
        #expect(catalog.contains("#. Note: Shown under a page's title\n"))
        #expect(catalog.contains("#: i18n/en.toml:9\nmsgctxt \"readingTime\"\nmsgid \"{Count, plural, one {One minute to read} other {# minutes to read}}\"\n"))
        #expect(catalog.contains("msgctxt \"greeting\"\nmsgid \"Welcome, {Name}! It's {Weather} '{'today'}'.\"\n"))
        #expect(!catalog.contains("wordCount"))

        var translated = catalog
        for (source, french) in [("Home", "Accueil"), ("Read more", "Lire la suite"),
                                 ("{Count, plural, one {One minute to read} other {# minutes to read}}", "{Count, plural, one {# minute de lecture} many {# minutes de lecture} other {# minutes de lecture}}"),
                                 ("Welcome, {Name}! It's {Weather} '{'today'}'.", "Bienvenue, {Name} ! Il fait {Weather} '{'today'}'.")] {
            translated = translated.replacingOccurrences(of: "msgid \"\(source)\"\nmsgstr \"\"", with: "msgid \"\(source)\"\nmsgstr \"\(french)\"")
        }
        try site.write(translated, to: "locales/fr/i18n.po")
        #expect(try site.run("check").status == 0)
        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(try site.read("i18n/en.toml") == Self.english, "the site's own file is never written")
        #expect(try site.read("i18n/fr.toml") == """
            # Written by tolk build from i18n/en.toml and the fr catalogs: translate there, not here.
            # tolk replaces this file at every build (it never replaces a file without the line above).

            [home]
            other = "Accueil"

            [readMore]
            other = "Lire la suite"

            [readingTime]
            one = "{{ .Count }} minute de lecture"
            many = "{{ .Count }} minutes de lecture"
            other = "{{ .Count }} minutes de lecture"

            [greeting]
            other = "Bienvenue, {{ .Name }} ! Il fait {{ .Weather }} {today}."

            """)

        let html = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-hugo-i18n-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: html) }
        try HugoBuildTests.runHugo(source: site.root, destination: html)
        let french = try String(contentsOf: html.appendingPathComponent("fr/docs/install/index.html"), encoding: .utf8)
        #expect(french.contains("<p class=\"strings\">Accueil · Lire la suite · 1 minute de lecture · 5 minutes de lecture · Bienvenue, Ann ! Il fait grey {today}.</p>"), "\(french)")
        let english = try String(contentsOf: html.appendingPathComponent("docs/install/index.html"), encoding: .utf8)
        #expect(english.contains("<p class=\"strings\">Home · Read more · One minute to read · 5 minutes to read · Welcome, Ann! It&rsquo;s grey {today}.</p>")
                || english.contains("<p class=\"strings\">Home · Read more · One minute to read · 5 minutes to read · Welcome, Ann! It&#39;s grey {today}.</p>"), "\(english)")
    }
}
