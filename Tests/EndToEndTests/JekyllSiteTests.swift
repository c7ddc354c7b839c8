import Foundation
import Testing

/// Issue 17, Jekyll: the fixture site `Fixtures/jekyll-site` (a `_config.yml` with
/// `collections_dir: content`, posts and a docs collection using includes, `{% link %}`,
/// `{% post_url %}`, `{{ site.baseurl }}`, raw and highlight blocks, comments, kramdown attribute
/// lists and `{:toc}`) run through the real CLI, then built by the real `jekyll`.
/// Goldens in `Fixtures/jekyll-site.golden`; record them again with `TOLK_RECORD_GOLDENS=1 swift test
/// --filter JekyllSiteTests`, review the diff, and run again without it.
@Suite struct JekyllSiteTests {
    static let fixture = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/jekyll-site")
    /// The pages of the fixture, relative to its content folder, with their Jekyll URLs.
    static let pages = [("_posts/2024-03-02-first-light", "2024/03/02/first-light/index.html"),
                        ("_posts/2024-04-10-storm-log", "2024/04/10/storm-log/index.html"),
                        ("_docs/setup", "docs/setup/index.html")]

    static func siteCopy(tolkYAML: String? = nil) throws -> TolkRunner {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-jekyll-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixture, to: root)
        let site = TolkRunner(root: root)
        if let tolkYAML { try site.write(tolkYAML, to: "tolk.yaml") }
        return site
    }

    /// Compares `text` with the golden file `name`, or records it under `TOLK_RECORD_GOLDENS`.
    func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try GoldenFiles.expect(text, folder: "jekyll-site.golden", name, sourceLocation: sourceLocation)
    }

    @Test func theUnitsAreWhatTheGoldenTemplatesShow() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        let synced = try site.run("sync")
        #expect(synced.status == 0 && synced.stderr.isEmpty, "\(synced.stderr)")
        for (page, _) in Self.pages {
            let template = try site.read("locales/templates/\(page).pot")
            try expectGolden(template, "\(page.split(separator: "/").last ?? "").pot")
        }
        let template = try site.read("locales/templates/_posts/2024-03-02-first-light.pot")
        // Lines of tags only, raw and comment blocks and the TOC placeholder are no messages.
        for absent in ["msgid \"TOC\"", "{% if site.description %}", "{% include note.html", "1911 storm", "<h1>", "prints {{ tag }}", "{:toc}", "{: .lead}"] {
            #expect(!template.contains(absent), "\(absent)")
        }
        // The listed include parameters are messages, with their include as context.
        #expect(template.contains("msgctxt \"include note.html content\"\nmsgid \"Never look straight into the beam.\""))
        #expect(template.contains("msgctxt \"include figure.html caption\"\nmsgid \"The lamp's glow at dusk\""))
        let storm = try site.read("locales/templates/_posts/2024-04-10-storm-log.pot")
        #expect(!storm.contains("barometer") && !storm.contains("Barometer"))
    }

    @Test func thePseudoLocaleKeepsEveryLiquidTagByteForByte() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        #expect(try site.run("build").status == 0)
        for (page, _) in Self.pages {
            let pseudo = try site.read("public/en-XA/\(page).md")
            try expectGolden(pseudo, "\(page.split(separator: "/").last ?? "").en-XA.md")
            // Every Liquid tag and output and every kramdown list of the source is in the pseudo page.
            let source = try site.read("content/\(page).md")
            for piece in Self.liquidAndKramdownPieces(of: source) where !piece.hasPrefix("{% include") {
                #expect(pseudo.contains(piece), "\(page): \(piece)")
            }
        }
        let pseudo = try site.read("public/en-XA/_posts/2024-03-02-first-light.md")
        #expect(pseudo.contains("{% raw %}\n```liquid\n<h1>{{ page.title }}</h1>"))
        #expect(pseudo.contains("{% include note.html content=\"⟦"))
        #expect(pseudo.contains("caption='⟦Ţĥéé ĺáɱƥáá\\'šš ĝĺóŵóó áţá ďúšķúú⟧'"))
    }

    @Test func identityCatalogsReproduceEveryPageByteForByte() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        for (page, _) in Self.pages {
            let catalog = try site.read("locales/fr/\(page).po")
            try site.write(HugoShortcodeSiteTests.identity(catalog), to: "locales/fr/\(page).po")
        }
        #expect(try site.run("build").status == 0)
        for (page, _) in Self.pages {
            let source = try site.read("content/\(page).md")
            let built = try site.read("public/fr/\(page).md")
            #expect(HugoShortcodeSiteTests.body(of: built) == HugoShortcodeSiteTests.body(of: source), "\(page)")
            #expect(built.contains("translated: 100"), "\(page): the identity catalog was used")
        }
    }

    @Test func aTranslationThatChangesALiquidTagIsRefusedByImportCheckAndBuild() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        let path = "locales/fr/_posts/2024-03-02-first-light.po"
        var catalog = HugoShortcodeSiteTests.identity(try site.read(path))
        catalog = catalog.replacingOccurrences(of: "msgstr \"The next post is [the storm log]({% post_url 2024-04-10-storm-log %}).\"",
                                               with: "msgstr \"L'article suivant est [le journal]({% post_url 2024-04-10-journal %}).\"")
        #expect(catalog.contains("journal"))
        try site.write(catalog, to: "fr.po")
        let imported = try site.run("import", "fr.po")
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("error: the translation lacks Liquid tag {% post_url 2024-04-10-storm-log %} of the source"), "\(imported.stderr)")
        #expect(imported.stderr.contains("keep every Liquid tag"), "\(imported.stderr)")

        try site.write(catalog, to: path)
        let checked = try site.run("check")
        #expect(checked.status != 0)
        #expect(checked.stderr.contains("\(path):") && checked.stderr.contains("Liquid tag {% post_url 2024-04-10-storm-log %}"), "\(checked.stderr)")
        _ = try site.run("build")
        #expect(!(try site.read("public/fr/_posts/2024-03-02-first-light.md")).contains("journal"))
    }

    @Test func xliffExportsALiquidTagInALinkAsAnInlineCodeBesideTheLinkText() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        #expect(try site.run("export", "fr", "-o", "fr.xlf").status == 0)
        let xliff = try site.read("fr.xlf")
        #expect(xliff.contains(#"<source>Back to <pc id="1" canCopy="no" canDelete="no" type="link" subType="tolk:link" dispStart="[" dispEnd="](" equivStart="[" equivEnd="](">first light</pc><ph id="2" canCopy="no" canDelete="no" type="other" subType="tolk:shortcode" disp="{% post_url 2024-03-02-first-light %}""#), "\(xliff)")
    }

    @Test func brokenLiquidIsAWarningAtItsFileLineAndColumn() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        try site.write("---\ntitle: Draft\n---\n\nIntro {{ page.title here.\n\n{% raw %}\nUse {{ x }}.\n", to: "content/_posts/2024-05-01-draft.md")
        let synced = try site.run("sync")
        #expect(synced.status == 0)
        #expect(synced.stderr.contains("content/_posts/2024-05-01-draft.md:5:7: warning: the Liquid output {{ is not closed"), "\(synced.stderr)")
        #expect(synced.stderr.contains("content/_posts/2024-05-01-draft.md:7:1: warning: {% raw %} is not closed by {% endraw %}"), "\(synced.stderr)")
        let template = try site.read("locales/templates/_posts/2024-05-01-draft.pot")
        #expect(template.contains("msgid \"Intro {{ page.title here.\""))
        #expect(!template.contains("Use {{ x }}"))
    }

    @Test func siteGeneratorPlainOverridesTheDetection() throws {
        let site = try Self.siteCopy(tolkYAML: "source: en\nlocales: [fr]\nsite_generator: plain\n")
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        let template = try site.read("locales/templates/_posts/2024-03-02-first-light.pot")
        #expect(template.contains("\"{% if site.description %} The notes of this site"), "read as plain CommonMark, a tag line is text")
    }

    // MARK: The real Jekyll

    /// The fixture's source and its pseudo-locale tree, each built by Jekyll: the same pages with the same
    /// HTML elements and links, the includes rendered in both, and the pseudo text in the pseudo build.
    @Test func jekyllBuildsThePseudoLocaleLikeTheSource() throws {
        guard let jekyll = Self.jekyllExecutable() else {
            Issue.record("jekyll is not installed: make test installs the Debian package jekyll (apt-get install jekyll)")
            return
        }
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        #expect(try site.run("build").status == 0)
        // The pseudo site: the fixture with its content folder replaced by tolk's tree for the locale.
        let pseudoSite = site.root.appendingPathExtension("en-XA")
        defer { try? FileManager.default.removeItem(at: pseudoSite) }
        try FileManager.default.copyItem(at: Self.fixture, to: pseudoSite)
        try FileManager.default.removeItem(at: pseudoSite.appendingPathComponent("content"))
        try FileManager.default.copyItem(at: site.root.appendingPathComponent("public/en-XA"), to: pseudoSite.appendingPathComponent("content"))

        let sourceBuild = try Self.build(site.root, with: jekyll)
        let pseudoBuild = try Self.build(pseudoSite, with: jekyll)
        defer { for folder in [sourceBuild, pseudoBuild] { try? FileManager.default.removeItem(at: folder) } }
        let sourcePages = Self.htmlFiles(in: sourceBuild), pseudoPages = Self.htmlFiles(in: pseudoBuild)
        #expect(sourcePages == Self.pages.map(\.1).sorted())
        #expect(pseudoPages == sourcePages)
        for page in sourcePages {
            let source = try String(contentsOf: sourceBuild.appendingPathComponent(page), encoding: .utf8)
            let pseudo = try String(contentsOf: pseudoBuild.appendingPathComponent(page), encoding: .utf8)
            #expect(Self.elements(of: pseudo) == Self.elements(of: source), "\(page): the same HTML elements in the same order")
            #expect(Self.links(of: pseudo) == Self.links(of: source), "\(page): the same links")
            #expect(pseudo.contains("⟦") && !source.contains("⟦"), "\(page)")
            #expect(!pseudo.contains("{%") || source.contains("{%"), "\(page): no Liquid left unrun")
        }
        let source = try String(contentsOf: sourceBuild.appendingPathComponent(Self.pages[0].1), encoding: .utf8)
        let pseudo = try String(contentsOf: pseudoBuild.appendingPathComponent(Self.pages[0].1), encoding: .utf8)
        // The includes ran in both; their translated parameters reached the pseudo build.
        #expect(source.contains("<aside class=\"note note-warning\"><p>Never look straight into the beam.</p></aside>"))
        #expect(pseudo.contains("<aside class=\"note note-warning\"><p>⟦Ñéṽéŕéé ĺóóķóó šţŕáíĝĥţáíá íñţóíó ţĥéé ƀéáɱéá.⟧</p></aside>"))
        #expect(source.contains("<figcaption>The lamp's glow at dusk</figcaption>"))
        #expect(pseudo.contains("<figcaption>⟦Ţĥéé ĺáɱƥáá'šš ĝĺóŵóó áţá ďúšķúú⟧</figcaption>"))
        // Prose is pseudo-translated; the raw block and the links Liquid resolved are the source's.
        #expect(source.contains("Ships steer by it") && !pseudo.contains("Ships steer by it"))
        for kept in ["<p>The loop above prints {{ tag }} for each tag.</p>", "<a href=\"/harbour/docs/setup/\">",
                     "<a href=\"/harbour/logbook/\" target=\"_blank\">", "<a href=\"/harbour/2024/04/10/storm-log/\">",
                     "<code class=\"language-plaintext highlighter-rouge\">{{ page.title }}</code>", "<p class=\"lead\">"] {
            #expect(source.contains(kept) && pseudo.contains(kept), "\(kept)")
        }
    }

    static func jekyllExecutable() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"])
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent("jekyll") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// `jekyll build --safe` (no plugins, no network) of `source` into a new folder.
    static func build(_ source: URL, with jekyll: URL) throws -> URL {
        let destination = source.appendingPathExtension("site")
        let result = try TolkRunner.runProcess(jekyll, ["build", "--safe", "--quiet", "-s", source.path, "-d", destination.path], in: source)
        #expect(result.status == 0, "jekyll build \(source.lastPathComponent): \(result.stdout)\(result.stderr)")
        #expect(!result.stderr.contains("Liquid Warning") && !result.stderr.contains("Liquid Exception"), "\(result.stderr)")
        return destination
    }

    static func htmlFiles(in folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".html") }.sorted()
    }

    /// The names of the HTML elements, in document order.
    static func elements(of html: String) -> [String] {
        matches(of: #"<([a-zA-Z][a-zA-Z0-9]*)"#, in: html)
    }

    static func links(of html: String) -> [String] {
        matches(of: #"href="([^"]*)""#, in: html)
    }

    static func matches(of pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let nsText = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: nsText.length)).map { nsText.substring(with: $0.range(at: 1)) }
    }

    /// `{% … %}`, `{{ … }}` and `{: … }` / `{:: … }` as written in a page, front matter excluded.
    static func liquidAndKramdownPieces(of page: String) -> [String] {
        matches(of: #"(\{%.*?%\}|\{\{.*?\}\}|\{:[^}\n]*\})"#, in: String(HugoShortcodeSiteTests.body(of: page)))
    }
}
