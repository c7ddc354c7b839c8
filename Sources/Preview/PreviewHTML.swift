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
    private var navigationByDepth: [String: [HTMLBytes]] = [:]
    private var navigationTargets: [String: Set<String>] = [:]
    private static let cachedDepths = 8
    /// What every page of a locale repeats, made once per locale.
    private var frames: [String: Frame] = [:]
    /// Each locale's entry in the language switcher, the same on every page that lists it.
    private var switcherItems: [String: SwitcherItem] = [:]

    /// The escaped texts of a locale's frame, in the order `startDocument` and `endDocument` write them.
    private struct Frame {
        /// From `<!DOCTYPE html>` to `<title>`.
        var opening = HTMLBytes()
        /// From `</head>` to the home link's `href="`.
        var bodyOpening = HTMLBytes()
        /// From the end of the home link to the navigation.
        var siteTitle = HTMLBytes()
        /// From the end of the navigation to the switcher's first item.
        var switcherOpening = HTMLBytes()
        /// From `</main>` to the end.
        var closing = HTMLBytes()
        /// "Published on {date}" and "Tagged with {tags}" escaped, around the markers `meta` and `tagLine` replace.
        var publishedOn = ""
        var tagged = ""
        /// The locale's list pattern for each number of tags a post of it has, escaped (see `tagLine`).
        var tagLists: [String] = []
    }

    /// One locale in the language switcher: as the page's own version, and after a link to another version's file.
    private struct SwitcherItem {
        var current = HTMLBytes()
        var afterLink = HTMLBytes()
    }

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
            frames[locale.locale] = Self.frame(locale)
            // `lang="…" dir="…">name`, then the entry's closing tags.
            var ending = HTMLBytes()
            ending.text(locale.locale)
            ending.markup(locale.isRightToLeft ? "\" dir=\"rtl\">" : "\" dir=\"ltr\">")
            ending.text(names[locale.locale] ?? locale.locale)
            var item = SwitcherItem()
            item.current.markup("<li><span aria-current=\"page\" lang=\"")
            item.current.markup(ending)
            item.current.markup("</span></li>\n")
            item.afterLink.markup("\" hreflang=\"")
            item.afterLink.text(locale.locale)
            item.afterLink.markup("\" lang=\"")
            item.afterLink.markup(ending)
            item.afterLink.markup("</a></li>\n")
            switcherItems[locale.locale] = item
        }
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
                var html = HTMLBytes()
                navigation(locale.navigation, locale: locale, from: String(repeating: "\u{0}/", count: depth) + "\u{0}", into: &html)
                return html
            }
        }
    }

    /// Writes every page of the preview through `write` (path relative to the preview folder, bytes);
    /// returns the content files (images) the pages show. Post pages are rendered on all cores, and
    /// each page is written as soon as it is made, so memory holds the site's index, not its pages.
    func write(_ write: @Sendable (String, [UInt8]) throws -> Void) throws -> (pages: Int, assets: Set<String>) {
        var pages = 0
        func emit(_ path: String, _ html: HTMLBytes) throws {
            try write(path, html.bytes)
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
                    try write(locale.posts[index].file, html.bytes)
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
    private func languageIndex() -> HTMLBytes {
        let title = site.first.map { $0.strings.text(.siteTitle) } ?? "Preview"
        var page = HTMLBytes()
        page.markup("<!DOCTYPE html>\n<html lang=\"")
        page.text(site.first?.locale ?? "en")
        page.markup("\" dir=\"")
        page.markup(site.first?.isRightToLeft == true ? "rtl" : "ltr")
        page.markup("\">\n<head>\n")
        page.markup(Self.headOpening)
        page.text(title)
        page.markup(Self.headClosing)
        page.markup("</head>\n<body>\n<main id=\"main\" class=\"page\">\n<h1>")
        page.text(title)
        page.markup("</h1>\n<ul class=\"language-list\">\n")
        for (index, locale) in site.enumerated() {
            if index > 0 { page.markup("\n") }
            page.markup("<li><a href=\"")
            page.text(PreviewPaths.link(from: "index.html", to: PreviewPaths.home(locale.locale)))
            page.markup("\" hreflang=\"")
            page.text(locale.locale)
            page.markup("\" lang=\"")
            page.text(locale.locale)
            page.markup("\" dir=\"")
            page.markup(locale.isRightToLeft ? "rtl" : "ltr")
            page.markup("\">")
            page.text(ownNames[locale.locale] ?? locale.locale)
            page.markup("</a> <span class=\"code\">")
            page.text(locale.locale)
            page.markup("</span></li>")
        }
        page.markup("\n</ul>\n</main>\n</body>\n</html>\n")
        return page
    }

    private func home(_ locale: PreviewLocale, cards: [HTMLBytes]) -> HTMLBytes {
        let file = PreviewPaths.home(locale.locale)
        let strings = locale.strings
        var page = HTMLBytes(capacity: cards.reduce(0) { $0 + $1.bytes.count } + 16_384)
        let alternates = site.map { ($0.locale, PreviewPaths.home($0.locale)) }
        startDocument(locale, file: file, title: strings.text(.siteTitle), alternates: alternates, into: &page)
        page.markup("<h1>")
        page.text(strings.text(.siteTitle))
        page.markup("</h1>\n")
        let tagline = strings.text(.tagline)
        if !tagline.isEmpty {
            page.markup("<p class=\"tagline\">")
            page.text(tagline)
            page.markup("</p>\n")
        }
        page.markup("<h2>")
        page.text(strings.text(.latestPosts))
        page.markup("</h2>\n")
        postList(locale.posts.indices, cards: cards, into: &page)
        endDocument(locale, into: &page)
        return page
    }

    private func post(_ index: Int, in locale: PreviewLocale, usedAssets: inout Set<String>) throws -> HTMLBytes {
        let post = locale.posts[index]
        guard let bytes = try FileTree.readIfPresent(atPath: post.source) else { throw ProjectError.unreadable(path: post.source, reason: "no such file") }
        // The body as bytes from cmark-gfm, through the link rewriting, into the page.
        var body = MarkdownHTML.renderBytes(Array(bytes[min(post.bodyStart, bytes.count)...]))
        if isolatesBlocks(locale) { body = Self.directionByContent(body) }
        let strings = locale.strings
        var page = HTMLBytes(capacity: body.count + 16_384)
        let alternates = (versions[post.contentPath] ?? []).map { ($0.locale, $0.file) }
        startDocument(locale, file: post.file, title: post.title + " · " + strings.text(.siteTitle), alternates: alternates, into: &page)
        page.markup(post.isIncomplete ? "<article class=\"post incomplete\">\n<header>\n<h1" : "<article class=\"post\">\n<header>\n<h1")
        if isolatesBlocks(locale) { page.markup(" dir=\"auto\"") }
        page.markup(">")
        page.text(post.title)
        page.markup("</h1>\n")
        meta(post, in: locale, from: post.file, published: true, into: &page)
        if !post.tags.isEmpty { tagLine(post, in: locale, from: post.file, into: &page) }
        page.markup("</header>\n<div class=\"body\">\n")
        links.appendRewritingAttributes(of: body, locale: locale.locale, file: post.file, usedAssets: &usedAssets, to: &page)
        page.markup("</div>\n</article>\n")
        // Older and newer posts, in the home page's order (newest first).
        let older = index + 1 < locale.posts.count ? locale.posts[index + 1] : nil
        let newer = index > 0 ? locale.posts[index - 1] : nil
        if older != nil || newer != nil {
            page.markup("<nav class=\"pager\"><ul>\n")
            // One entry: `<li class="previous"><a href="…" rel="prev"><span class="pager-label">Previous post</span> Title</a></li>`.
            func entry(_ other: PreviewPost, kind: StaticString, rel: StaticString, label: PreviewSettings.Role) {
                page.markup("<li class=\"")
                page.markup(kind)
                page.markup("\"><a href=\"")
                page.text(PreviewPaths.link(from: post.file, to: other.file))
                page.markup("\" rel=\"")
                page.markup(rel)
                page.markup("\"><span class=\"pager-label\">")
                page.text(strings.text(label))
                page.markup("</span> ")
                page.text(other.title)
                page.markup("</a></li>")
            }
            if let older { entry(older, kind: "previous", rel: "prev", label: .previousPost) }
            if older != nil && newer != nil { page.markup("\n") }
            if let newer { entry(newer, kind: "next", rel: "next", label: .nextPost) }
            page.markup("\n</ul></nav>\n")
        }
        endDocument(locale, into: &page)
        return page
    }

    private func tagIndex(_ locale: PreviewLocale) -> HTMLBytes {
        let file = PreviewPaths.tagIndex(locale.locale)
        let strings = locale.strings
        var page = HTMLBytes()
        let alternates = site.map { ($0.locale, PreviewPaths.tagIndex($0.locale)) }
        startDocument(locale, file: file, title: strings.text(.tagsTitle) + " · " + strings.text(.siteTitle), alternates: alternates, into: &page)
        page.markup("<h1>")
        page.text(strings.text(.tagsTitle))
        page.markup("</h1>\n<ul class=\"tag-index\">\n")
        for tag in locale.tags {
            page.markup("<li><a href=\"")
            page.text(PreviewPaths.link(from: file, to: PreviewPaths.tag(locale.locale, slug: tag.slug)))
            page.markup("\">")
            page.text(tag.label)
            page.markup("</a> <span class=\"count\">")
            page.text(strings.text(.postsCount, ["count": .number(Double(tag.posts.count))]))
            page.markup("</span></li>\n")
        }
        page.markup("</ul>\n")
        endDocument(locale, into: &page)
        return page
    }

    private func tagPage(_ tag: PreviewTag, in locale: PreviewLocale, cards: [HTMLBytes]) -> HTMLBytes {
        let file = PreviewPaths.tag(locale.locale, slug: tag.slug)
        let strings = locale.strings
        let title = strings.text(.tagTitle, ["tag": .text(tag.label)])
        var alternates: [(String, String)] = []
        for other in site where other.tags.contains(where: { $0.slug == tag.slug }) { alternates.append((other.locale, PreviewPaths.tag(other.locale, slug: tag.slug))) }
        var page = HTMLBytes(capacity: tag.posts.reduce(0) { $0 + cards[$1].bytes.count } + 16_384)
        startDocument(locale, file: file, title: title + " · " + strings.text(.siteTitle), alternates: alternates, into: &page)
        page.markup("<h1>")
        page.text(title)
        page.markup("</h1>\n<p class=\"count\">")
        page.text(strings.text(.postsCount, ["count": .number(Double(tag.posts.count))]))
        page.markup("</p>\n")
        postList(tag.posts, cards: cards, into: &page)
        page.markup("<p><a href=\"")
        page.text(PreviewPaths.link(from: file, to: PreviewPaths.tagIndex(locale.locale)))
        page.markup("\">")
        page.text(strings.text(.tagsTitle))
        page.markup("</a></p>\n")
        endDocument(locale, into: &page)
        return page
    }

    // MARK: Pieces

    private func postList(_ indices: some Sequence<Int>, cards: [HTMLBytes], into page: inout HTMLBytes) {
        page.markup("<ol class=\"post-list\">\n")
        for index in indices { page.markup(cards[index]) }
        page.markup("</ol>\n")
    }

    /// One post in a list: title, date and reading time, summary, tags, and a "read more" link.
    private func card(_ index: Int, in locale: PreviewLocale, from file: String, headingLevel: Int) -> HTMLBytes {
        let post = locale.posts[index]
        let href = PreviewPaths.link(from: file, to: post.file)
        let heading = String(headingLevel)
        var html = HTMLBytes(capacity: 1024)
        html.markup(post.isIncomplete ? "<li><article class=\"card incomplete\">\n<h" : "<li><article class=\"card\">\n<h")
        html.markup(heading)
        if isolatesBlocks(locale) { html.markup(" dir=\"auto\"") }
        html.markup("><a href=\"")
        html.text(href)
        html.markup("\">")
        html.text(post.title)
        html.markup("</a></h")
        html.markup(heading)
        html.markup(">\n")
        meta(post, in: locale, from: file, published: false, into: &html)
        if let summary = post.summary, !summary.isEmpty {
            html.markup(isolatesBlocks(locale) ? "<p class=\"summary\" dir=\"auto\">" : "<p class=\"summary\">")
            html.text(summary)
            html.markup("</p>\n")
        }
        if !post.tags.isEmpty { tagLine(post, in: locale, from: file, into: &html) }
        html.markup("<p class=\"read-more\"><a href=\"")
        html.text(href)
        html.markup("\">")
        html.text(locale.strings.text(.readMore))
        html.markup("<span class=\"visually-hidden\">: ")
        html.text(post.title)
        html.markup("</span></a></p>\n</article></li>\n")
        return html
    }

    /// The date (localized by the build) and the reading time.
    private func meta(_ post: PreviewPost, in locale: PreviewLocale, from file: String, published: Bool, into page: inout HTMLBytes) {
        var parts: [String] = []
        if let display = post.dateDisplay ?? post.date {
            let time = "<time\(post.date.map { " datetime=\"\(escape($0))\"" } ?? "")>\(escape(display))</time>"
            if published {
                // "Published on {date}": the message is formatted around a marker, then the marker becomes the <time>.
                let frame = localeFrame(locale)
                parts.append(frame.publishedOn.replacingEvery(Self.dateMarker, with: time) ?? time)
            } else {
                parts.append(time)
            }
        }
        if let reading = post.readingTime, !reading.isEmpty { parts.append("<span class=\"reading-time\">\(escape(reading))</span>") }
        guard !parts.isEmpty else { return }
        page.markup("<p class=\"meta\">")
        page.markup(parts.joined(separator: " <span aria-hidden=\"true\">·</span> "))
        page.markup("</p>\n")
    }

    /// "Tagged with a, b and c", the list joined as the locale joins lists, each tag a link.
    private func tagLine(_ post: PreviewPost, in locale: PreviewLocale, from file: String, into page: inout HTMLBytes) {
        let links = post.tags.map { tag in
            "<a href=\"\(escape(PreviewPaths.link(from: file, to: PreviewPaths.tag(locale.locale, slug: tag.slug))))\" rel=\"tag\">\(escape(tag.label))</a>"
        }
        let frame = localeFrame(locale)
        let list = frame.tagLists.indices.contains(links.count) ? frame.tagLists[links.count] : escape(locale.strings.listPattern(count: links.count, marker: Self.tagMarker))
        let tagsHTML = list.fillingNumberedMarkers(with: links)
        page.markup("<p class=\"tags\">")
        page.markup(frame.tagged.replacingEvery(Self.tagsMarker, with: tagsHTML) ?? frame.tagged + " " + tagsHTML)
        page.markup("</p>\n")
    }

    /// Private-use characters, which no text holds, formatted into a message where markup goes.
    private static let dateMarker = "\u{E000}", tagsMarker = "\u{E002}"
    private static func tagMarker(_ index: Int) -> String { "\u{E000}\(index)\u{E001}" }

    private func navigation(_ items: [NavigationItem], locale: PreviewLocale, from file: String, depth: Int = 0, into html: inout HTMLBytes) {
        guard !items.isEmpty, depth < NavigationItem.maximumDepth else { return }
        html.markup("<ul>\n")
        for item in items {
            html.markup("<li>")
            if let url = item.url, let (target, fragment) = links.resolve(url, locale: locale.locale) {
                html.markup("<a href=\"")
                html.text(PreviewPaths.link(from: file, to: target, suffix: fragment))
                html.markup(target == file && fragment.isEmpty ? "\" aria-current=\"page\">" : "\">")
                html.text(item.label)
                html.markup("</a>")
            } else if let url = item.url {
                // Not part of the preview (a feed, an about page the content does not have): the site's own URL.
                html.markup("<a href=\"")
                html.text(url)
                html.markup("\" class=\"outside\">")
                html.text(item.label)
                html.markup("</a>")
            } else {
                html.markup("<span>")
                html.text(item.label)
                html.markup("</span>")
            }
            navigation(item.children, locale: locale, from: file, depth: depth + 1, into: &html)
            html.markup("</li>\n")
        }
        html.markup("</ul>\n")
    }

    private func cachedNavigation(_ locale: PreviewLocale, file: String) -> HTMLBytes? {
        guard navigationTargets[locale.locale]?.contains(file) == false else { return nil }
        let depth = PreviewPaths.depth(of: file)
        guard let cached = navigationByDepth[locale.locale], depth < cached.count else { return nil }
        return cached[depth]
    }

    private func languageSwitcher(_ locale: PreviewLocale, file: String, alternates: [(String, String)], into html: inout HTMLBytes) {
        for (other, target) in alternates {
            guard let item = switcherItems[other] else { continue }   // every alternate is a locale of the site
            if other == locale.locale {
                html.markup(item.current)
            } else {
                html.markup("<li><a href=\"")
                html.text(PreviewPaths.link(from: file, to: target))
                html.markup(item.afterLink)
            }
        }
        html.markup("</ul></nav>\n")
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

    /// The pieces of the frame every page of `locale` shares.
    private static func frame(_ locale: PreviewLocale) -> Frame {
        let strings = locale.strings
        var frame = Frame()
        frame.opening.markup("<!DOCTYPE html>\n<html lang=\"")
        frame.opening.text(locale.locale)
        frame.opening.markup(locale.isRightToLeft ? "\" dir=\"rtl\">\n<head>\n" : "\" dir=\"ltr\">\n<head>\n")
        frame.opening.markup(Self.headOpening)
        frame.bodyOpening.markup("</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">")
        frame.bodyOpening.text(strings.text(.skipToContent))
        frame.bodyOpening.markup("</a>\n<header class=\"site-header\">\n<p class=\"site-title\"><a href=\"")
        frame.siteTitle.markup("\">")
        frame.siteTitle.text(strings.text(.siteTitle))
        frame.siteTitle.markup("</a></p>\n<nav class=\"site-nav\">\n")
        frame.switcherOpening.markup("</nav>\n<nav class=\"languages\" aria-label=\"")
        frame.switcherOpening.text(strings.text(.languageSwitcher))
        frame.switcherOpening.markup("\"><ul>\n")
        frame.closing.markup("</main>\n")
        let footer = strings.text(.footerNote)
        if !footer.isEmpty {
            frame.closing.markup("<footer class=\"site-footer\"><p>")
            frame.closing.text(footer)
            frame.closing.markup("</p></footer>\n")
        }
        frame.closing.markup("</body>\n</html>\n")
        frame.publishedOn = ReportEscaping.html(strings.text(.publishedOn, ["date": .text(Self.dateMarker)]))
        frame.tagged = ReportEscaping.html(strings.text(.tagged, ["tags": .text(Self.tagsMarker)]))
        let mostTags = locale.posts.map(\.tags.count).max() ?? 0
        frame.tagLists = (0...mostTags).map { ReportEscaping.html(strings.listPattern(count: $0, marker: Self.tagMarker)) }
        return frame
    }

    /// The pieces of `locale`'s frame, made in `init`.
    private func localeFrame(_ locale: PreviewLocale) -> Frame { frames[locale.locale] ?? Self.frame(locale) }

    /// The frame every page of a locale shares, up to the page's own content (`endDocument` closes it).
    private func startDocument(_ locale: PreviewLocale, file: String, title: String, alternates: [(String, String)], into html: inout HTMLBytes) {
        let frame = localeFrame(locale)
        html.markup(frame.opening)
        html.text(title)
        html.markup(Self.headClosing)
        // As the build's `alternates`: real pages name the real locales, and the source version as `x-default`.
        for (other, target) in alternates where other != locale.locale && !pseudoLocales.contains(other) {
            html.markup("<link rel=\"alternate\" hreflang=\"")
            html.text(other)
            html.markup("\" href=\"")
            html.text(PreviewPaths.link(from: file, to: target))
            html.markup("\">\n")
        }
        if let source = site.first?.locale, let target = alternates.first(where: { $0.0 == source })?.1 {
            html.markup("<link rel=\"alternate\" hreflang=\"x-default\" href=\"")
            html.text(PreviewPaths.link(from: file, to: target))
            html.markup("\">\n")
        }
        html.markup(frame.bodyOpening)
        html.text(PreviewPaths.link(from: file, to: PreviewPaths.home(locale.locale)))
        html.markup(frame.siteTitle)
        if let cached = cachedNavigation(locale, file: file) { html.markup(cached) } else { navigation(locale.navigation, locale: locale, from: file, into: &html) }
        html.markup(frame.switcherOpening)
        languageSwitcher(locale, file: file, alternates: alternates, into: &html)
        html.markup("</header>\n<main id=\"main\" class=\"page\" tabindex=\"-1\">\n")
    }

    private func endDocument(_ locale: PreviewLocale, into html: inout HTMLBytes) {
        html.markup(localeFrame(locale).closing)
    }

    /// The head up to the title's text, and from the end of the title to the alternate links.
    private static let headOpening: StaticString = """
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:">
        <title>
        """
    private static let headClosing = Array("</title>\n<style>\(styleSheet)</style>\n".utf8)

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
