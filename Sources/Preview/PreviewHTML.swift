import Core
import Extractor
import Foundation
import LocaleData
import Reports
import Workspace

/// The HTML of the preview: for each locale a home page listing the posts, a page per post, a tag
/// index and a page per tag, all with the same frame — a skip link, the site title, the localized
/// navigation, a language switcher with `hreflang` alternates, and `lang` and `dir` on `<html>`.
///
/// Nothing is loaded from anywhere: one inline style sheet with logical properties (so the same rules
/// lay out right-to-left pages), no script, no font, and a Content-Security-Policy that forbids both.
struct PreviewHTML: Sendable {
    let site: [PreviewLocale]
    let links: PreviewLinks
    /// Each locale's name in its own language (`русский`, `العربية`).
    let ownNames: [String: String]
    /// Content path → every locale's preview file of that page, in the site's locale order.
    let versions: [String: [(locale: String, file: String)]]
    /// Each locale's navigation for a page at a given depth that is none of its items' targets (most
    /// pages): the same bytes on thousands of pages, made once.
    private var navigationByDepth: [String: [String]] = [:]
    private var navigationTargets: [String: Set<String>] = [:]
    private static let cachedDepths = 8

    /// The machine-made locales, which only their own pages name as alternates.
    let pseudoLocales: Set<String>

    init(site: [PreviewLocale], assets: Set<String> = []) {
        self.site = site
        pseudoLocales = Set(site.filter(\.isPseudo).map(\.locale))
        links = PreviewLinks(site: site, assets: assets)
        var names: [String: String] = [:]
        for locale in site { names[locale.locale] = LocaleInfo.displayName(locale.locale, in: locale.locale) }
        ownNames = names
        var versions: [String: [(locale: String, file: String)]] = [:]
        for locale in site {
            for post in locale.posts { versions[post.contentPath, default: []].append((locale.locale, post.file)) }
        }
        self.versions = versions
        for locale in site {
            var targets = Set<String>()
            func collect(_ items: [NavigationItem]) {
                for item in items {
                    if let url = item.url, let (target, _) = links.resolve(url, locale: locale.locale) { targets.insert(target) }
                    collect(item.children)
                }
            }
            collect(locale.navigation)
            navigationTargets[locale.locale] = targets
            // A file at depth d (d slashes in its path) that no item targets.
            navigationByDepth[locale.locale] = (0..<Self.cachedDepths).map { depth in
                navigation(locale.navigation, locale: locale, from: String(repeating: "\u{0}/", count: depth) + "\u{0}")
            }
        }
    }

    /// Writes every page of the preview through `write` (path relative to the preview folder, bytes);
    /// returns the content files (images) the pages show. Post pages are rendered on all cores, and
    /// each page is written as soon as it is made, so memory holds the site's index, not its pages.
    func write(_ write: @Sendable (String, [UInt8]) throws -> Void) throws -> (pages: Int, assets: Set<String>) {
        var pages = 0
        func emit(_ path: String, _ html: String) throws {
            try write(path, Array(html.utf8))
            pages += 1
        }
        try emit("index.html", languageIndex())
        var assets = Set<String>()
        for locale in site {
            // A post's card is the same on the home page and on every tag page of the locale (tag pages
            // all sit at one depth): made once for each, on all cores.
            let homeFile = PreviewPaths.home(locale.locale), tagFile = PreviewPaths.tag(locale.locale, slug: "x")
            let cards = Array(locale.posts.indices).parallelMap { index in
                (home: self.card(index, in: locale, from: homeFile, headingLevel: 3), tag: self.card(index, in: locale, from: tagFile, headingLevel: 2))
            }
            try emit(PreviewPaths.home(locale.locale), home(locale, cards: cards.map(\.home)))
            let rendered = Array(locale.posts.indices).parallelMap { index -> Result<Set<String>, Error> in
                Result {
                    var used = Set<String>()
                    let html = try self.post(index, in: locale, usedAssets: &used)
                    try write(locale.posts[index].file, Array(html.utf8))
                    return used
                }
            }
            for result in rendered { assets.formUnion(try result.get()) }
            pages += rendered.count
            try emit(PreviewPaths.tagIndex(locale.locale), tagIndex(locale))
            let tagCards = cards.map(\.tag)
            for tag in locale.tags { try emit(PreviewPaths.tag(locale.locale, slug: tag.slug), tagPage(tag, in: locale, cards: tagCards)) }
        }
        return (pages, assets)
    }

    // MARK: Pages

    /// `index.html` at the top: one link per locale, each in its own language.
    private func languageIndex() -> String {
        let items = site.map { locale in
            "<li><a href=\"\(escape(PreviewPaths.link(from: "index.html", to: PreviewPaths.home(locale.locale))))\" hreflang=\"\(escape(locale.locale))\" lang=\"\(escape(locale.locale))\" dir=\"\(locale.isRightToLeft ? "rtl" : "ltr")\">\(escape(ownNames[locale.locale] ?? locale.locale))</a> <span class=\"code\">\(escape(locale.locale))</span></li>"
        }.joined(separator: "\n")
        let title = site.first.map { $0.strings.text(.siteTitle) } ?? "Preview"
        return """
        <!DOCTYPE html>
        <html lang="\(escape(site.first?.locale ?? "en"))" dir="\(site.first?.isRightToLeft == true ? "rtl" : "ltr")">
        <head>
        \(head(title: title))
        </head>
        <body>
        <main id="main" class="page">
        <h1>\(escape(title))</h1>
        <ul class="language-list">
        \(items)
        </ul>
        </main>
        </body>
        </html>

        """
    }

    private func home(_ locale: PreviewLocale, cards: [String]) -> String {
        let file = PreviewPaths.home(locale.locale)
        let strings = locale.strings
        var main = "<h1>\(escape(strings.text(.siteTitle)))</h1>\n"
        let tagline = strings.text(.tagline)
        if !tagline.isEmpty { main += "<p class=\"tagline\">\(escape(tagline))</p>\n" }
        main += "<h2>\(escape(strings.text(.latestPosts)))</h2>\n"
        main += postList(locale.posts.indices.map { $0 }, cards: cards)
        let alternates = site.map { ($0.locale, PreviewPaths.home($0.locale)) }
        return document(locale, file: file, title: strings.text(.siteTitle), alternates: alternates, main: main)
    }

    private func post(_ index: Int, in locale: PreviewLocale, usedAssets: inout Set<String>) throws -> String {
        let post = locale.posts[index]
        let bytes = try FileTree.read(post.source)
        // The body as bytes from cmark-gfm to the link rewriting, which makes the one String of it.
        var body = MarkdownHTML.renderBytes(Array(bytes[min(post.bodyStart, bytes.count)...]))
        if isolatesBlocks(locale) { body = Self.directionByContent(body) }
        let strings = locale.strings
        var main = "<article class=\"post\(post.isIncomplete ? " incomplete" : "")\">\n<header>\n<h1\(isolatesBlocks(locale) ? " dir=\"auto\"" : "")>\(escape(post.title))</h1>\n"
        main += meta(post, in: locale, from: post.file, published: true)
        if !post.tags.isEmpty { main += tagLine(post, in: locale, from: post.file) }
        main += "</header>\n"
        main += "<div class=\"body\">\n" + links.rewritingAttributes(in: body, locale: locale.locale, file: post.file, usedAssets: &usedAssets) + "</div>\n"
        main += "</article>\n"
        // Older and newer posts, in the home page's order (newest first).
        var pager: [String] = []
        if index + 1 < locale.posts.count {
            let older = locale.posts[index + 1]
            pager.append("<li class=\"previous\"><a href=\"\(escape(PreviewPaths.link(from: post.file, to: older.file)))\" rel=\"prev\"><span class=\"pager-label\">\(escape(strings.text(.previousPost)))</span> \(escape(older.title))</a></li>")
        }
        if index > 0 {
            let newer = locale.posts[index - 1]
            pager.append("<li class=\"next\"><a href=\"\(escape(PreviewPaths.link(from: post.file, to: newer.file)))\" rel=\"next\"><span class=\"pager-label\">\(escape(strings.text(.nextPost)))</span> \(escape(newer.title))</a></li>")
        }
        if !pager.isEmpty { main += "<nav class=\"pager\"><ul>\n" + pager.joined(separator: "\n") + "\n</ul></nav>\n" }
        let alternates = (versions[post.contentPath] ?? []).map { ($0.locale, $0.file) }
        return document(locale, file: post.file, title: post.title + " · " + strings.text(.siteTitle), alternates: alternates, main: main)
    }

    private func tagIndex(_ locale: PreviewLocale) -> String {
        let file = PreviewPaths.tagIndex(locale.locale)
        let strings = locale.strings
        var main = "<h1>\(escape(strings.text(.tagsTitle)))</h1>\n<ul class=\"tag-index\">\n"
        for tag in locale.tags {
            main += "<li><a href=\"\(escape(PreviewPaths.link(from: file, to: PreviewPaths.tag(locale.locale, slug: tag.slug))))\">\(escape(tag.label))</a> <span class=\"count\">\(escape(strings.text(.postsCount, ["count": .number(Double(tag.posts.count))])))</span></li>\n"
        }
        main += "</ul>\n"
        let alternates = site.map { ($0.locale, PreviewPaths.tagIndex($0.locale)) }
        return document(locale, file: file, title: strings.text(.tagsTitle) + " · " + strings.text(.siteTitle), alternates: alternates, main: main)
    }

    private func tagPage(_ tag: PreviewTag, in locale: PreviewLocale, cards: [String]) -> String {
        let file = PreviewPaths.tag(locale.locale, slug: tag.slug)
        let strings = locale.strings
        let title = strings.text(.tagTitle, ["tag": .text(tag.label)])
        var main = "<h1>\(escape(title))</h1>\n"
        main += "<p class=\"count\">\(escape(strings.text(.postsCount, ["count": .number(Double(tag.posts.count))])))</p>\n"
        main += postList(tag.posts, cards: cards)
        main += "<p><a href=\"\(escape(PreviewPaths.link(from: file, to: PreviewPaths.tagIndex(locale.locale))))\">\(escape(strings.text(.tagsTitle)))</a></p>\n"
        var alternates: [(String, String)] = []
        for other in site where other.tags.contains(where: { $0.slug == tag.slug }) { alternates.append((other.locale, PreviewPaths.tag(other.locale, slug: tag.slug))) }
        return document(locale, file: file, title: title + " · " + strings.text(.siteTitle), alternates: alternates, main: main)
    }

    // MARK: Pieces

    private func postList(_ indices: [Int], cards: [String]) -> String {
        var html = "<ol class=\"post-list\">\n"
        html.reserveCapacity(indices.count * 1024)
        for index in indices { html += cards[index] }
        return html + "</ol>\n"
    }

    /// One post in a list: title, date and reading time, summary, tags, and a "read more" link.
    private func card(_ index: Int, in locale: PreviewLocale, from file: String, headingLevel: Int) -> String {
        let post = locale.posts[index]
        let href = escape(PreviewPaths.link(from: file, to: post.file))
        var html = "<li><article class=\"card\(post.isIncomplete ? " incomplete" : "")\">\n"
        html += "<h\(headingLevel)\(isolatesBlocks(locale) ? " dir=\"auto\"" : "")><a href=\"\(href)\">\(escape(post.title))</a></h\(headingLevel)>\n"
        html += meta(post, in: locale, from: file, published: false)
        if let summary = post.summary, !summary.isEmpty {
            html += "<p class=\"summary\"\(isolatesBlocks(locale) ? " dir=\"auto\"" : "")>\(escape(summary))</p>\n"
        }
        if !post.tags.isEmpty { html += tagLine(post, in: locale, from: file) }
        html += "<p class=\"read-more\"><a href=\"\(href)\">\(escape(locale.strings.text(.readMore)))<span class=\"visually-hidden\">: \(escape(post.title))</span></a></p>\n"
        return html + "</article></li>\n"
    }

    /// The date (localized by the build) and the reading time.
    private func meta(_ post: PreviewPost, in locale: PreviewLocale, from file: String, published: Bool) -> String {
        var parts: [String] = []
        if let display = post.dateDisplay ?? post.date {
            let time = "<time\(post.date.map { " datetime=\"\(escape($0))\"" } ?? "")>\(escape(display))</time>"
            if published {
                // "Published on {date}": the message is formatted around a marker, then the marker becomes the <time>.
                let marker = "\u{E000}"
                let text = locale.strings.text(.publishedOn, ["date": .text(marker)])
                parts.append(escape(text).replacingEvery(marker, with: time) ?? time)
            } else {
                parts.append(time)
            }
        }
        if let reading = post.readingTime, !reading.isEmpty { parts.append("<span class=\"reading-time\">\(escape(reading))</span>") }
        guard !parts.isEmpty else { return "" }
        return "<p class=\"meta\">" + parts.joined(separator: " <span aria-hidden=\"true\">·</span> ") + "</p>\n"
    }

    /// "Tagged with a, b and c", the list joined as the locale joins lists, each tag a link.
    private func tagLine(_ post: PreviewPost, in locale: PreviewLocale, from file: String) -> String {
        let links = post.tags.map { tag in
            "<a href=\"\(escape(PreviewPaths.link(from: file, to: PreviewPaths.tag(locale.locale, slug: tag.slug))))\" rel=\"tag\">\(escape(tag.label))</a>"
        }
        let list = locale.strings.listPattern(count: links.count) { "\u{E000}\($0)\u{E001}" }
        let tagsHTML = escape(list).fillingNumberedMarkers(with: links)
        let frame = escape(locale.strings.text(.tagged, ["tags": .text("\u{E002}")]))
        let html = frame.replacingEvery("\u{E002}", with: tagsHTML) ?? frame + " " + tagsHTML
        return "<p class=\"tags\">\(html)</p>\n"
    }

    private func navigation(_ items: [NavigationItem], locale: PreviewLocale, from file: String, depth: Int = 0) -> String {
        guard !items.isEmpty, depth < NavigationItem.maximumDepth else { return "" }
        var html = "<ul>\n"
        for item in items {
            html += "<li>"
            if let url = item.url, let (target, fragment) = links.resolve(url, locale: locale.locale) {
                let current = target == file && fragment.isEmpty ? " aria-current=\"page\"" : ""
                html += "<a href=\"\(escape(PreviewPaths.link(from: file, to: target, suffix: fragment)))\"\(current)>\(escape(item.label))</a>"
            } else if let url = item.url {
                // Not part of the preview (a feed, an about page the content does not have): the site's own URL.
                html += "<a href=\"\(escape(url))\" class=\"outside\">\(escape(item.label))</a>"
            } else {
                html += "<span>\(escape(item.label))</span>"
            }
            html += navigation(item.children, locale: locale, from: file, depth: depth + 1)
            html += "</li>\n"
        }
        return html + "</ul>\n"
    }

    private func cachedNavigation(_ locale: PreviewLocale, file: String) -> String? {
        guard navigationTargets[locale.locale]?.contains(file) == false else { return nil }
        let depth = PreviewPaths.depth(of: file)
        guard let cached = navigationByDepth[locale.locale], depth < cached.count else { return nil }
        return cached[depth]
    }

    private func languageSwitcher(_ locale: PreviewLocale, file: String, alternates: [(String, String)]) -> String {
        var html = "<nav class=\"languages\" aria-label=\"\(escape(locale.strings.text(.languageSwitcher)))\"><ul>\n"
        for (other, target) in alternates {
            let rtl = site.first { $0.locale == other }?.isRightToLeft == true ? "rtl" : "ltr"
            let name = escape(ownNames[other] ?? other)
            if other == locale.locale {
                html += "<li><span aria-current=\"page\" lang=\"\(escape(other))\" dir=\"\(rtl)\">\(name)</span></li>\n"
            } else {
                html += "<li><a href=\"\(escape(PreviewPaths.link(from: file, to: target)))\" hreflang=\"\(escape(other))\" lang=\"\(escape(other))\" dir=\"\(rtl)\">\(name)</a></li>\n"
            }
        }
        return html + "</ul></nav>\n"
    }

    /// Whether text in the source language (units that fell back) runs against the page's direction:
    /// then each block takes its direction from its own first strong letter (`dir="auto"`), so an
    /// English paragraph on an Arabic page reads left to right with its punctuation where it belongs.
    private func isolatesBlocks(_ locale: PreviewLocale) -> Bool {
        guard let source = site.first else { return false }
        return locale.isRightToLeft != source.isRightToLeft
    }

    /// The block tags cmark-gfm writes without attributes, which take `dir="auto"`.
    private static let blockTags = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "dt", "dd"].map { Array($0.utf8) }

    /// cmark-gfm's block tags with `dir="auto"`: `<p>` becomes `<p dir="auto">`, and a table cell's
    /// `<td align=…` becomes `<td dir="auto" align=…`. One pass over the bytes (Foundation's search, one
    /// pass per tag, was a third of a preview's time).
    static func directionByContent(_ bytes: [UInt8]) -> [UInt8] {
        let attribute = Array(#" dir="auto""#.utf8), align = Array(" align=".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var copied = 0
        var index = 0
        func matches(_ pattern: [UInt8], at start: Int) -> Bool {
            start + pattern.count <= bytes.count && pattern.indices.allSatisfy { bytes[start + $0] == pattern[$0] }
        }
        while let open = (index..<bytes.count).first(where: { bytes[$0] == UInt8(ascii: "<") }) {
            index = open + 1
            guard let tag = blockTags.first(where: { matches($0, at: open + 1) }) else { continue }
            let nameEnd = open + 1 + tag.count
            let isCell = tag.count == 2 && tag[0] == UInt8(ascii: "t")
            let closes = nameEnd < bytes.count && bytes[nameEnd] == UInt8(ascii: ">")
            guard closes || (isCell && matches(align, at: nameEnd)) else { continue }
            output.append(contentsOf: bytes[copied..<nameEnd])
            output.append(contentsOf: attribute)
            copied = nameEnd
            index = nameEnd
        }
        guard copied > 0 else { return bytes }
        output.append(contentsOf: bytes[copied...])
        return output
    }

    /// The frame every page of a locale shares.
    private func document(_ locale: PreviewLocale, file: String, title: String, alternates: [(String, String)], main: String) -> String {
        let strings = locale.strings
        var alternateLinks = ""
        // As the build's `alternates`: real pages name the real locales, and the source version as `x-default`.
        for (other, target) in alternates where other != locale.locale && !pseudoLocales.contains(other) {
            alternateLinks += "<link rel=\"alternate\" hreflang=\"\(escape(other))\" href=\"\(escape(PreviewPaths.link(from: file, to: target)))\">\n"
        }
        if let source = site.first?.locale, let target = alternates.first(where: { $0.0 == source })?.1 {
            alternateLinks += "<link rel=\"alternate\" hreflang=\"x-default\" href=\"\(escape(PreviewPaths.link(from: file, to: target)))\">\n"
        }
        let footer = strings.text(.footerNote)
        return """
        <!DOCTYPE html>
        <html lang="\(escape(locale.locale))" dir="\(locale.isRightToLeft ? "rtl" : "ltr")">
        <head>
        \(head(title: title))
        \(alternateLinks)</head>
        <body>
        <a class="skip-link" href="#main">\(escape(strings.text(.skipToContent)))</a>
        <header class="site-header">
        <p class="site-title"><a href="\(escape(PreviewPaths.link(from: file, to: PreviewPaths.home(locale.locale))))">\(escape(strings.text(.siteTitle)))</a></p>
        <nav class="site-nav">
        \(cachedNavigation(locale, file: file) ?? navigation(locale.navigation, locale: locale, from: file))</nav>
        \(languageSwitcher(locale, file: file, alternates: alternates))</header>
        <main id="main" class="page" tabindex="-1">
        \(main)</main>
        \(footer.isEmpty ? "" : "<footer class=\"site-footer\"><p>\(escape(footer))</p></footer>\n")</body>
        </html>

        """
    }

    private func head(title: String) -> String {
        """
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:">
        <title>\(escape(title))</title>
        <style>\(Self.styleSheet)</style>
        """
    }

    private func escape(_ text: String) -> String { ReportEscaping.html(text) }

    /// Logical properties only (`margin-inline-start`, `padding-inline`, `text-align: start`): the same
    /// rules lay out a right-to-left page mirrored. System fonts, so nothing is fetched.
    static let styleSheet = """

    :root { color-scheme: light; --ink: #1d2330; --muted: #5a6272; --accent: #0b5cad; --line: #d9dee7; --paper: #fbfbfc; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 1.05rem/1.6 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK JP", sans-serif; color: var(--ink); background: var(--paper); }
    a { color: var(--accent); }
    a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    .skip-link { position: absolute; inset-inline-start: 0.5rem; inset-block-start: -3rem; padding: 0.5rem 1rem; background: var(--ink); color: #fff; z-index: 2; }
    .skip-link:focus { inset-block-start: 0.5rem; }
    .site-header { border-block-end: 1px solid var(--line); padding: 1rem max(1rem, calc((100% - 46rem) / 2)); background: #fff; }
    .site-title { margin: 0 0 0.5rem; font-weight: 700; font-size: 1.3rem; }
    .site-title a { color: var(--ink); text-decoration: none; }
    .site-nav ul, .languages ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
    .site-nav > ul { gap: 0.5rem 1.25rem; }
    .site-nav li > ul { font-size: 0.85rem; gap: 0 0.75rem; }
    .site-nav a[aria-current] { font-weight: 700; text-decoration: none; color: var(--ink); }
    .languages { margin-block-start: 0.6rem; font-size: 0.9rem; }
    .languages span[aria-current] { font-weight: 700; }
    .page { display: block; max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
    .page:focus { outline: none; }
    h1 { line-height: 1.25; margin-block: 0.5rem 0.75rem; }
    .tagline { color: var(--muted); margin-block-start: 0; }
    .post-list { list-style: none; padding: 0; margin: 0; }
    .card { border-block-end: 1px solid var(--line); padding-block: 1rem; }
    .card h2, .card h3 { margin: 0 0 0.25rem; line-height: 1.3; }
    .meta, .tags, .count { color: var(--muted); font-size: 0.9rem; margin: 0.25rem 0; }
    .summary { margin: 0.5rem 0; }
    .incomplete { border-inline-start: 4px solid #c2410c; padding-inline-start: 0.75rem; }
    .read-more { margin: 0.25rem 0 0; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    .body { overflow-wrap: anywhere; }
    .body pre { overflow-x: auto; padding: 0.75rem 1rem; background: #f0f2f5; border-radius: 4px; direction: ltr; text-align: left; }
    .body code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.92em; }
    .body table { border-collapse: collapse; display: block; overflow-x: auto; }
    .body th, .body td { border: 1px solid var(--line); padding: 0.3rem 0.6rem; text-align: start; }
    .body blockquote { margin-inline: 0; padding-inline-start: 1rem; border-inline-start: 4px solid var(--line); color: var(--muted); }
    .body img { max-width: 100%; height: auto; }
    .pager ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; justify-content: space-between; gap: 1rem; border-block-start: 1px solid var(--line); padding-block-start: 1rem; }
    .pager .next { margin-inline-start: auto; text-align: end; }
    .pager-label { display: block; color: var(--muted); font-size: 0.85rem; }
    .tag-index, .language-list { padding-inline-start: 1.25rem; }
    .code { color: var(--muted); font-size: 0.85rem; }
    .site-footer { border-block-start: 1px solid var(--line); color: var(--muted); font-size: 0.9rem; padding: 1rem max(1rem, calc((100% - 46rem) / 2)); }

    """
}

extension String {
    /// Every occurrence of `marker` replaced, on UTF-8 bytes in one pass (the markers are private-use
    /// characters that text and escaping never produce, so no normalization question arises); nil
    /// when the text has none.
    func replacingEvery(_ marker: String, with replacement: String) -> String? {
        let pattern = Array(marker.utf8)
        guard let lead = pattern.first else { return nil }
        return splicing(lead: lead) { text, index in
            guard index + pattern.count <= text.count,
                  memcmp(text.baseAddress! + index, pattern, pattern.count) == 0 else { return nil }
            return (pattern.count, replacement)
        }
    }

    /// Each `\u{E000}n\u{E001}` (n a decimal index into `pieces`) replaced by `pieces[n]`, in one pass;
    /// a marker with an index out of range stays as it is.
    func fillingNumberedMarkers(with pieces: [String]) -> String {
        // U+E000 is EE 80 80 in UTF-8, U+E001 is EE 80 81.
        splicing(lead: 0xEE) { text, index in
            guard index + 3 < text.count, text[index + 1] == 0x80, text[index + 2] == 0x80 else { return nil }
            var end = index + 3, number = 0
            while end < text.count, end - index < 12, text[end] >= UInt8(ascii: "0"), text[end] <= UInt8(ascii: "9") {
                number = number * 10 + Int(text[end] - UInt8(ascii: "0"))
                end += 1
            }
            guard end > index + 3, end + 2 < text.count, text[end] == 0xEE, text[end + 1] == 0x80, text[end + 2] == 0x81,
                  pieces.indices.contains(number) else { return nil }
            return (end + 3 - index, pieces[number])
        } ?? self
    }

    /// The text with the pieces `replacement` finds replaced (at an index holding `lead`: how many
    /// bytes to drop, and what goes in their place); nil when it found none.
    private func splicing(lead: UInt8, _ replacement: (UnsafeBufferPointer<UInt8>, Int) -> (length: Int, with: String)?) -> String? {
        var text = self
        return text.withUTF8 { bytes -> String? in
            var output: [UInt8] = []
            var copied = 0, index = 0
            while index < bytes.count {
                guard bytes[index] == lead, let (length, piece) = replacement(bytes, index) else { index += 1; continue }
                if output.isEmpty { output.reserveCapacity(bytes.count + piece.utf8.count * 2) }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                output.append(contentsOf: piece.utf8)
                index += length
                copied = index
            }
            guard copied > 0 else { return nil }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return String(decoding: output, as: UTF8.self)
        }
    }
}
