import Foundation
import Testing

/// Issue 17, Hugo: Debian's real `hugo` (0.111, installed by `make test`) builds the fixture site
/// `Fixtures/hugo-site` from its source pages and again from tolk's pseudo-locale tree, and the two
/// builds are compared page by page. A shortcode tolk broke stops Hugo ("template for shortcode not
/// found", "must be closed"); a `{#id}` it translated changes an anchor; a definition list it joined
/// into one line is no `<dl>` any more; each shows here as a difference between the two builds.
@Suite(.serialized) struct HugoBuildTests {
    static let hugo = URL(fileURLWithPath: "/usr/bin/hugo")

    /// The two built sites, and the tolk project they came from.
    struct Builds {
        var site: TolkRunner
        var source: URL
        var pseudo: URL
        var pseudoContent: URL

        func page(_ build: URL, _ path: String) throws -> String {
            String(decoding: try Data(contentsOf: build.appendingPathComponent(path)), as: UTF8.self)
        }

        func remove() {
            site.remove()
            for folder in [source, pseudo, pseudoContent.deletingLastPathComponent()] { try? FileManager.default.removeItem(at: folder) }
        }
    }

    /// Syncs and builds the fixture with tolk, then runs Hugo on the site as it was (config, layouts, content)
    /// and on a copy whose `content/` is tolk's `public/en-XA/` (the site's own config and layouts, nothing else changed).
    static func buildBoth() throws -> Builds {
        #expect(FileManager.default.isExecutableFile(atPath: hugo.path), "hugo is missing: make test installs Debian's hugo package")
        let site = try HugoShortcodeSiteTests.siteCopy()
        #expect(try site.run("sync").status == 0)
        #expect(try site.run("build").status == 0)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-hugo-build-\(UUID().uuidString)")
        let pseudoSite = scratch.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: pseudoSite, withIntermediateDirectories: true)
        for item in ["hugo.toml", "layouts"] {
            try FileManager.default.copyItem(at: site.root.appendingPathComponent(item), to: pseudoSite.appendingPathComponent(item))
        }
        try FileManager.default.copyItem(at: site.root.appendingPathComponent("public/en-XA"), to: pseudoSite.appendingPathComponent("content"))
        // The source as the site was before tolk: its config, layouts and content (tolk's wiring would make it multilingual).
        let sourceSite = scratch.appendingPathComponent("source-site")
        try FileManager.default.createDirectory(at: sourceSite, withIntermediateDirectories: true)
        for item in ["hugo.toml", "layouts", "content"] {
            try FileManager.default.copyItem(at: site.root.appendingPathComponent(item), to: sourceSite.appendingPathComponent(item))
        }
        let builds = Builds(site: site, source: scratch.appendingPathComponent("source-html"), pseudo: scratch.appendingPathComponent("pseudo-html"),
                            pseudoContent: pseudoSite.appendingPathComponent("content"))
        try runHugo(source: sourceSite, destination: builds.source)
        try runHugo(source: pseudoSite, destination: builds.pseudo)
        return builds
    }

    static func runHugo(source: URL, destination: URL) throws {
        let result = try TolkRunner.runProcess(hugo, ["--source", source.path, "--destination", destination.path,
                                                      "--printI18nWarnings", "--printPathWarnings", "--noBuildLock"], in: source)
        #expect(result.status == 0, "hugo failed on \(source.path):\n\(result.stdout)\n\(result.stderr)")
        #expect(!(result.stdout + result.stderr).contains("WARN"), "hugo warned on \(source.path):\n\(result.stdout)\n\(result.stderr)")
    }

    /// The HTML files of a build, relative to it, sorted.
    static func pages(in build: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(at: build, includingPropertiesForKeys: nil)
        var found: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "html" { found.append(String(url.path.dropFirst(build.path.count + 1))) }
        }
        return found.sorted()
    }

    /// The elements of a page's `<main>` in order, each with the attributes translation must not touch:
    /// everything but `alt` (translated) and the `id`s Goldmark derives from heading text. An explicit
    /// `{#id}` is kept: `id` is compared where the source's id is not made from its heading's words.
    static func elementSequence(of html: String) -> [String] {
        guard let start = html.range(of: "<main>"), let end = html.range(of: "</main>") else { return [] }
        let main = html[start.lowerBound..<end.upperBound]
        let tag = try! Regex(#"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*/?>"#)
        let attribute = try! Regex(#"([a-zA-Z-]+)="([^"]*)""#)
        return main.matches(of: tag).map { match in
            let closing = match.output[1].substring ?? ""
            let name = match.output[2].substring ?? ""
            let attributes = (match.output[3].substring ?? "").matches(of: attribute).compactMap { pair -> String? in
                let key = String(pair.output[1].substring ?? ""), value = String(pair.output[2].substring ?? "")
                if key == "alt" { return nil }
                if key == "id", value.contains("-") || value.contains(where: { !$0.isASCII }) { return nil }
                return "\(key)=\(value)"
            }
            return "<\(closing)\(name)\(attributes.isEmpty ? "" : " " + attributes.joined(separator: " "))>"
        }
    }

    /// Every shortcode call of a page, with the values of the parameters tolk translates (caption, alt,
    /// summary, title) blanked: what must be the same in the source and the pseudo page.
    static func shortcodeCalls(in markdown: String) -> [String] {
        let call = try! Regex(#"\{\{[<%][\s\S]*?[>%]\}\}"#)
        let translated = try! Regex(#"\b(caption|alt|summary|title)=("(?:[^"\\]|\\.)*"|`[^`]*`)"#)
        return markdown.matches(of: call).map { String($0.output[0].substring ?? "").replacing(translated) { "\($0.output[1].substring ?? "")=…" } }
    }

    @Test func hugoBuildsTheSourceAndThePseudoLocaleIntoTheSamePages() throws {
        let builds = try Self.buildBoth()
        defer { builds.remove() }
        let pages = Self.pages(in: builds.source)
        #expect(pages == ["docs/care/index.html", "docs/faq/index.html", "docs/index.html", "docs/install/index.html", "index.html"])
        #expect(Self.pages(in: builds.pseudo) == pages)
        for page in pages {
            let source = Self.elementSequence(of: try builds.page(builds.source, page))
            let pseudo = Self.elementSequence(of: try builds.page(builds.pseudo, page))
            #expect(!source.isEmpty)
            #expect(source == pseudo, "\(page): the element sequences differ\n\(zip(source, pseudo).filter { $0 != $1 }.prefix(5))")
        }
    }

    @Test func everyShortcodeCallIsInThePseudoPageWithItsUntranslatedParameters() throws {
        let builds = try Self.buildBoth()
        defer { builds.remove() }
        for page in ["docs/install.md", "docs/care.md"] {
            let source = Self.shortcodeCalls(in: try builds.site.read("content/" + page))
            let pseudo = Self.shortcodeCalls(in: String(decoding: try Data(contentsOf: builds.pseudoContent.appendingPathComponent(page)), as: UTF8.self))
            #expect(!source.isEmpty)
            #expect(source == pseudo, "\(page)")
        }
    }

    @Test func thePseudoTextIsWhereHugoPutsTheTranslatedParts() throws {
        let builds = try Self.buildBoth()
        defer { builds.remove() }
        let install = try builds.page(builds.pseudo, "docs/install/index.html")
        // Inner content of a paired shortcode, a {{% %}} body rendered as Markdown, a tab, figure caption and alt.
        #expect(install.contains(#"<div class="notice notice-warning" role="note">"#))
        #expect(install.contains("⟦Ñéṽéŕéé ĺóóķóó šţŕáíĝĥţáíá íñţóíó ţĥéé ƀéáɱéá.⟧"))
        #expect(install.contains("<summary>⟦ŴĥýŴ ƀŕáššáá?⟧</summary>"))
        #expect(install.contains("<strong>šáĺţáá áíŕá</strong>"))
        #expect(install.contains(#"<section class="tab" data-label="Linux">"#))
        #expect(install.contains(#"alt="⟦ÁÁ ƀŕáššáá ĺáɱƥáá⟧""#))
        #expect(install.contains(#"src="https://www.youtube.com/embed/w7Ft2ymGmfc""#))
        #expect(install.contains("⟦Ŕéáďéá https://example.org/docs/care/ ƀéƒóŕééó"))
        // Code stays code.
        #expect(install.contains("&#34;the lamp is lit&#34;"))

        let care = try builds.page(builds.pseudo, "docs/care/index.html")
        // The heading's {#wick .step} still gives the anchor and class; the {.lead} line its paragraph's class.
        #expect(care.contains(#"<h2 id="wick" class="step">⟦Ŕéƥĺáçíñĝéáí ţĥéé ŵíçķíí⟧</h2>"#))
        #expect(care.contains(#"<p class="lead">⟦Ƥóĺíšĥóí"#))
        // A link whose destination is a shortcode: its text is translated, the relref resolved.
        #expect(care.contains(#"<a href="/docs/install/">ţĥéé íñšţáĺĺáţíóñíááí ñóţéšóé</a>"#))
        // The definition list stays a <dl>: each term and definition translated on its own.
        #expect(care.contains("<dt>⟦Ŵíçķíí⟧</dt>"))
        #expect(care.contains("<dd>⟦Ţĥéé ĝĺáššáá ţúƀéúé áŕóúñďáó ţĥéé ƒĺáɱéáé.⟧</dd>"))
        // A page with JSON front matter: Hugo reads tolk's edited object (title translated, fields added).
        let faq = try builds.page(builds.pseudo, "docs/faq/index.html")
        #expect(faq.contains(#"<h1 class="page-title">⟦Ǫúéšţíóñšúéí ķééƥéŕšééé ášķá⟧</h1>"#))
        #expect(faq.contains("<p>⟦Ĥóŵó óƒţéñóé"))
        for page in Self.pages(in: builds.pseudo) where page.hasPrefix("docs/") && page != "docs/index.html" {
            let html = try builds.page(builds.pseudo, page)
            #expect(!html.contains("{{<") && !html.contains("{{%"), "\(page): a shortcode reached the HTML unexpanded")
        }
    }
}
