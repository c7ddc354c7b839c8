import Foundation
import Testing

/// `tolk build --html` on a copy of the sample site: each locale's preview reads as written in that
/// language (dates, reading times, lists, tags in the locale's order, navigation, direction), links
/// only to files it has, and loads nothing from anywhere.
@Suite struct PreviewTests {
    let newestPost = "posts/migration-retrospective.md"

    @Test func eachLocaleIsASmallSiteInItsOwnLanguage() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let result = try site.run("build", "--html")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Preview: preview/index.html — 132 files (en 12, ru 12, de 6, ar 3, ja 3, en-XA 12, ar-XB 12 posts)"), "\(result.stdout)")
        #expect(!result.stderr.contains("English defaults"), "the sample site has every preview string: \(result.stderr)")

        let ruHome = try site.read("preview/ru/index.html")
        #expect(ruHome.contains("<html lang=\"ru\" dir=\"ltr\">"))
        #expect(ruHome.contains("<a class=\"skip-link\" href=\"#main\">Перейти к основному содержимому</a>"))
        #expect(ruHome.contains("<main id=\"main\" class=\"page\" tabindex=\"-1\">"))
        #expect(ruHome.contains("<h2>Новые записи</h2>"))
        #expect(ruHome.contains("<time datetime=\"2026-03-24\">24 марта 2026\u{202F}г.</time> <span aria-hidden=\"true\">·</span> <span class=\"reading-time\">5 минут чтения</span>"))
        #expect(ruHome.contains("3 минуты чтения") && ruHome.contains("1 минута чтения"), "Russian plural forms from the site's ICU message")
        // Tags: the site's "Tagged with {tags}", the list joined as Russian joins lists, each tag a link to its page.
        #expect(ruHome.contains("<p class=\"tags\">Метки: <a href=\"../ru/tags/workflow/index.html\" rel=\"tag\">рабочий процесс</a> и <a href=\"../ru/tags/retrospective/index.html\" rel=\"tag\">ретроспектива</a></p>"),
                "\(ruHome)")
        #expect(ruHome.contains("Читать дальше<span class=\"visually-hidden\">: Ретроспектива: как мы перенесли сорок тысяч строк</span>"))
        // Navigation from the localized navigation file; URLs of the site resolved to preview files.
        #expect(ruHome.contains("<li><a href=\"../ru/index.html\" aria-current=\"page\">Главная</a>"))
        #expect(ruHome.contains("<a href=\"../ru/tags/localization/index.html\">Основы локализации</a>"))
        #expect(ruHome.contains("<a href=\"/feed.xml\" class=\"outside\">Подписаться</a>"), "a URL the preview does not have stays the site's")
        // The language switcher names each locale in its own language, with hreflang.
        #expect(ruHome.contains("<a href=\"../ar/index.html\" hreflang=\"ar\" lang=\"ar\" dir=\"rtl\">العربية</a>"))
        #expect(ruHome.contains("<span aria-current=\"page\" lang=\"ru\" dir=\"ltr\">русский</span>"))
        #expect(ruHome.contains("<link rel=\"alternate\" hreflang=\"ja\" href=\"../ja/index.html\">"))

        let arHome = try site.read("preview/ar/index.html")
        #expect(arHome.contains("<html lang=\"ar\" dir=\"rtl\">"))
        #expect(arHome.contains("<time datetime=\"2026-02-17\">١٧ فبراير ٢٠٢٦</time>"), "Arabic-Indic digits, as ICU formats Arabic dates")
        let jaHome = try site.read("preview/ja/index.html")
        #expect(jaHome.contains("タグ：<a href=\"../ja/tags/unicode/index.html\" rel=\"tag\">ユニコード</a>、<a href=\"../ja/tags/localization/index.html\" rel=\"tag\">ローカライズ</a>"),
                "Japanese joins lists with 、 and orders tags in its own collation")

        // A post: its alternates, its body from cmark-gfm, links between posts in the same locale.
        let ruPost = try site.read("preview/ru/posts/ретроспектива-миграции/index.html")
        #expect(ruPost.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"../../../en/posts/migration-retrospective/index.html\">"))
        #expect(!ruPost.contains("hreflang=\"de\""), "the page is left out of German (below min_translated), so no German alternate")
        #expect(ruPost.contains("<h1>Ретроспектива: как мы перенесли сорок тысяч строк</h1>"))
        #expect(ruPost.contains("Опубликовано <time datetime=\"2026-03-24\">24 марта 2026\u{202F}г.</time>"), "the site's 'Published on {date}' around the date")
        #expect(ruPost.contains("href=\"../../../ru/posts/ci-%D0%BF%D1%80%D0%BE%D0%B2%D0%B5%D1%80%D0%BA%D0%B8-%D0%BF%D0%B5%D1%80%D0%B5%D0%B2%D0%BE%D0%B4%D0%BE%D0%B2/index.html\""),
                "the reference-style link to another post points at the Russian version")
        #expect(ruPost.contains("rel=\"prev\"><span class=\"pager-label\">Предыдущая запись</span>"))
        #expect(ruPost.contains("<table>"), "GFM tables render")

        // Tag index and tag pages: the locale's collation, the site's plural message for the count.
        let ruTags = try site.read("preview/ru/tags/index.html")
        #expect(ruTags.contains("<h1>Все метки</h1>"))
        let labels = Self.linkTexts(in: ruTags, under: "<ul class=\"tag-index\">")
        #expect(labels.count > 5)
        #expect(labels == labels.sorted { $0.compare($1, locale: Locale(identifier: "ru")) == .orderedAscending }, "Russian order: \(labels)")
        let unicodeTag = try site.read("preview/ru/tags/unicode/index.html")
        #expect(unicodeTag.contains("<h1>Записи с меткой «юникод»</h1>"), "\(unicodeTag.prefix(3000))")
        #expect(unicodeTag.contains("<p class=\"count\">3 записи</p>"))

        // Nothing loaded from anywhere; every local link names a file of the preview.
        let root = site.root.appendingPathComponent("preview")
        var pages = 0
        for case let path as String in FileManager.default.enumerator(atPath: root.path)! where path.hasSuffix(".html") {
            pages += 1
            let html = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            #expect(!html.contains("<script"), "\(path)")
            #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"), "\(path)")
            for link in Self.attributeValues(in: html, names: ["href", "src"]) where !link.hasPrefix("#") && !link.hasPrefix("data:") {
                if link.hasPrefix("http://") || link.hasPrefix("https://") || link.hasPrefix("/") {
                    #expect(!html.contains("src=\"\(link)\""), "\(path) loads \(link)")
                    continue
                }
                let target = root.appendingPathComponent(path).deletingLastPathComponent().appendingPathComponent(link.components(separatedBy: "#")[0].removingPercentEncoding!)
                #expect(FileManager.default.fileExists(atPath: target.standardizedFileURL.path), "\(path) links to \(link), which the preview lacks")
            }
        }
        #expect(pages == 132)
    }

    @Test func hostileTranslationsAreShownAsText() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let catalog = "locales/ru/posts/migration-retrospective.po"
        let text = try site.read(catalog)
        // A tag the source lacks is refused by the build's checks (issue 15): the title falls back.
        try site.write(text.replacingOccurrences(of: "msgstr \"Ретроспектива: как мы перенесли сорок тысяч строк\"",
                                                 with: "msgstr \"<script>alert(1)</script> & \\\"кавычки\\\"\""), to: catalog)
        let refused = try site.run("build", "--html")
        #expect(refused.status == 0, "\(refused.stderr)")
        #expect(refused.stderr.contains("migration-retrospective.po:18:1: warning: the translation has HTML tag </script>, which the source does not; not shipped"), "\(refused.stderr)")
        #expect(!(try site.read("preview/ru/index.html")).contains("<script>"))
        // Text that only looks like markup ships, and the preview shows it as text.
        try site.write(text.replacingOccurrences(of: "msgstr \"Ретроспектива: как мы перенесли сорок тысяч строк\"",
                                                 with: "msgstr \"1 < 2 > 0 & \\\"кавычки\\\"\""), to: catalog)
        let result = try site.run("build", "--html")
        #expect(result.status == 0, "\(result.stderr)")
        let home = try site.read("preview/ru/index.html")
        #expect(home.contains("1 &lt; 2 &gt; 0 &amp; &quot;кавычки&quot;"), "\(home)")
        #expect(!home.contains("<script>"))
    }

    @Test func hostileSlugsAndTagsStayInsideThePreview() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let catalog = "locales/ru/posts/migration-retrospective.po"
        var text = try site.read(catalog)
        // A translated slug that is a parent folder, and a tag that climbs out of the preview.
        text = text.replacingOccurrences(of: "msgstr \"ретроспектива-миграции\"", with: "msgstr \"..\"")
        text = text.replacingOccurrences(of: "msgstr \"ретроспектива\"", with: "msgstr \"../../../etc/passwd\"")
        try site.write(text, to: catalog)
        let result = try site.run("build", "--html", "--locale", "ru")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("(ru 12 posts)"), "\(result.stdout)")
        // A slug of dots is no slug: the page keeps its file name in the URL.
        #expect(try site.read("public/ru/posts/migration-retrospective.md").contains("ru: \"/ru/posts/migration-retrospective/\""))
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("preview/ru/posts/migration-retrospective/index.html").path))
        // The tag is text on the page and a folder named by its source text.
        #expect(try site.read("preview/ru/tags/retrospective/index.html").contains("../../../etc/passwd"))
        let inside = site.root.appendingPathComponent("preview").standardizedFileURL.path
        for case let path as String in FileManager.default.enumerator(atPath: inside)! {
            #expect(site.root.appendingPathComponent("preview/" + path).standardizedFileURL.path.hasPrefix(inside + "/"))
        }
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("etc").path))
    }

    /// The preview reads a page's front matter from the head of the file the build wrote; a front
    /// matter longer than that head is read whole, and the page shows every field of it.
    @Test func aFrontMatterLongerThanTheHeadReadIsReadWhole() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let summary = "A long summary, " + String(repeating: "with many words in it, ", count: 500) + "and its end."
        let post = "content/" + newestPost
        let source = try site.read(post)
        #expect(source.contains("\nreading_minutes: 5\n"))
        // The date and the tags after the long summary: all past the first 8 KB of the built page.
        try site.write(source.replacingOccurrences(of: "\nsummary: \"What went well, what went badly, and what we would change about moving eleven languages from a vendor dashboard into our repository.\"\n",
                                                   with: "\nsummary: \"\(summary)\"\n"), to: post)
        #expect(try site.read(post).utf8.count > 12_000)
        #expect(try site.run("sync").status == 0)
        let result = try site.run("build", "--html")
        #expect(result.status == 0, "\(result.stderr)")
        let home = try site.read("preview/en/index.html")
        #expect(home.contains("<p class=\"summary\">\(summary)</p>"))
        #expect(home.contains("<a href=\"../en/tags/retrospective/index.html\" rel=\"tag\">retrospective</a>"), "the tags after the summary")
        let page = try site.read("preview/en/posts/migration-retrospective/index.html")
        #expect(page.contains("<time datetime=\"2026-03-24\">"), "the date after the summary")
        #expect(page.contains("<h1>Retrospective: Moving Forty Thousand Strings</h1>"))
        #expect(page.contains("This post is the retrospective we held afterwards"), "the body starts after the whole front matter")
        #expect(!page.contains("reading_minutes"))
    }

    /// Images the content folder has are copied into `_files/` and shown from there, however the page
    /// names them (with the locale in front, percent-encoded, with a trailing slash, a query or a
    /// fragment); one it lacks shows a grey box that keeps the site's URL; a link to a page is no image.
    @Test func imagesTheContentFolderHasAreCopiedAndShown() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let folder = site.root.appendingPathComponent("content/images")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01])
        try png.write(to: folder.appendingPathComponent("pipeline.png"))
        try png.write(to: folder.appendingPathComponent("team photo.png"))
        try site.write(try site.read("content/" + newestPost) + """

            ![The pipeline](/images/pipeline.png) ![Again](/ru/images/pipeline.png?v=2) ![Slash](/images/pipeline.png/)
            ![The team](/images/team%20photo.png#top) ![Logo](/static/logo.png) [a page, not an image](/posts/pipeline.png/)

            """, to: "content/" + newestPost)
        #expect(try site.run("sync").status == 0)
        let result = try site.run("build", "--html")
        #expect(result.status == 0, "\(result.stderr)")
        let page = try site.read("preview/en/posts/migration-retrospective/index.html")
        #expect(page.contains("<img src=\"../../../_files/images/pipeline.png\" alt=\"The pipeline\" />"), "\(page)")
        #expect(page.contains("<img src=\"../../../_files/images/pipeline.png\" alt=\"Again\" />"))
        #expect(page.contains("<img src=\"../../../_files/images/pipeline.png\" alt=\"Slash\" />"))
        #expect(page.contains("<img src=\"../../../_files/images/team%20photo.png\" alt=\"The team\" />"))
        #expect(page.contains("data-missing=\"/static/logo.png\" alt=\"Logo\" />"))
        #expect(page.contains("<a href=\"/posts/pipeline.png/\">a page, not an image</a>"))
        for name in ["pipeline.png", "team photo.png"] {
            #expect(FileManager.default.contents(atPath: site.root.appendingPathComponent("preview/_files/images/" + name).path) == png)
        }
    }

    @Test func aPreviewFolderThatOverlapsTheOutputIsRefused() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let config = try site.read("tolk.yaml")
        try site.write(config.replacingOccurrences(of: "  output: public       # tolk build writes public/<locale>/…", with: "  output: public\n  preview: public/preview"), to: "tolk.yaml")
        let result = try site.run("build", "--html")
        #expect(result.status == 2)
        #expect(result.stderr.contains(": error: paths.preview (public/preview) overlaps paths.output (public) (tolk replaces the preview folder whole on every build --html; choose a folder of its own, e.g. preview)"),
                "\(result.stderr)")
        #expect(result.stderr.hasPrefix("tolk.yaml:1"), "the message names tolk.yaml and the line of paths.preview: \(result.stderr)")
    }

    @Test func aSecondPreviewReplacesTheFirstWhole() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("build", "--html").status == 0)
        try site.write("left over", to: "preview/ru/stale.html")
        #expect(try site.run("build", "--html", "--locale", "ru").status == 0)
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("preview/ru/stale.html").path))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("preview/de").path), "only the locales built this time")
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("preview/ru/index.html").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.contains("tolk-staging") || $0.contains("tolk-retired") }
        #expect(leftovers.isEmpty)
    }

    @Test func pagesShippedBelowTheThresholdAreMarked() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try site.write(try site.read("tolk.yaml").replacingOccurrences(of: "below_min: omit", with: "below_min: mark"), to: "tolk.yaml")
        let result = try site.run("build", "--html", "--locale", "en", "--locale", "de")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("(en 12, de 12 posts)"), "\(result.stdout)")
        let home = try site.read("preview/de/index.html")
        #expect(home.components(separatedBy: "<article class=\"card incomplete\">").count - 1 == 6, "the 6 German pages below 50%")
        #expect(try site.read("preview/de/posts/migration-retrospective/index.html").contains("<article class=\"post incomplete\">"))
        #expect(!(try site.read("preview/en/index.html")).contains("incomplete\""))
    }

    @Test func theBuildPointsLinkReferenceDefinitionsAtLocalizedURLs() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("build").status == 0)
        #expect(try site.read("public/ru/posts/migration-retrospective.md").contains("\n[gates]: /ru/posts/ci-проверки-переводов/\n"))
        #expect(try site.read("public/en/posts/translations-in-git.md").contains("\n[retro]: /en/posts/migration-retrospective/\n"))
    }

    static func attributeValues(in html: String, names: [String]) -> [String] {
        var values: [String] = []
        for name in names {
            for piece in html.components(separatedBy: " \(name)=\"").dropFirst() {
                values.append(String(piece.prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&"))
            }
        }
        return values
    }

    static func linkTexts(in html: String, under marker: String) -> [String] {
        guard let start = html.range(of: marker), let end = html.range(of: "</ul>", range: start.upperBound..<html.endIndex) else { return [] }
        return html[start.upperBound..<end.lowerBound].components(separatedBy: "</a>").dropLast().compactMap { $0.components(separatedBy: "\">").last }
    }
}

/// The preview in a real browser: `.ci/render_preview_html.py` opens home and the newest post of en, ru,
/// ar and ja in headless Chromium at desktop and phone widths and fails on a console message, a page that
/// loads anything from outside the preview, a broken local link, or a page without lang/dir or skip link.
/// Runs where Debian's chromium is installed (`make test` installs it as root); elsewhere it is skipped and says why.
@Suite struct PreviewInBrowserTests {
    @Test(.enabled(if: StatusInBrowserTests.chromium != nil, "needs Debian's chromium (make test or make preview-screenshots installs it as root)"))
    func previewRendersWithoutConsoleErrors() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("build", "--html").status == 0)
        let script = try TolkRunner.runScript("render_preview_html.py", [site.root.appendingPathComponent("preview").path, "--out", site.root.appendingPathComponent("shots").path,
                                                              "--chromium", StatusInBrowserTests.chromium!])
        #expect(script.status == 0, "\(script.stdout)\(script.stderr)")
        for locale in ["en", "ru", "ar", "ja"] {
            for name in ["home-desktop", "home-phone", "post-desktop", "post-phone"] {
                let path = site.root.appendingPathComponent("shots/preview-\(locale)-\(name).png").path
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                #expect(size > 10_000, "\(locale) \(name) is a real screenshot")
            }
        }
    }
}
