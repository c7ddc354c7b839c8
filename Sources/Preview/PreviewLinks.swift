import Core
import Foundation
import Reports

/// Turns the site's own URLs (in navigation files and in the links of pages, which the build has
/// already localized) into links between preview files.
struct PreviewLinks: Sendable {
    /// Every page's URL in every locale → its preview file.
    private var filesByURL: [String: String] = [:]
    /// Folders that hold pages (`posts`), whose URL (`/ru/posts/`) shows the locale's list of posts.
    private var sections = Set<[String]>()
    private var tagSlugs: [String: Set<String>] = [:]
    private let locales: Set<String>
    /// Files of the content folder that are not pages (images): copied into `_files/` when a page uses them.
    private let assets: Set<String>
    /// The last path segment of each asset: a link whose last segment is none of them names no asset.
    private let assetNames: Set<Substring>

    /// The folder, inside the preview, that holds copies of the content files pages show.
    static let assetFolder = "_files"
    /// What an image the content folder does not have shows instead: a grey box (its alt text stays).
    static let missingImage = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='320' height='60'%3E%3Crect width='320' height='60' fill='%23e4e7ec'/%3E%3C/svg%3E"

    init(site: [PreviewLocale], assets: Set<String> = []) {
        self.assets = assets
        assetNames = Set(assets.map { $0.split(separator: "/").last ?? "" })
        locales = Set(site.map(\.locale))
        for locale in site {
            tagSlugs[locale.locale] = Set(locale.tags.map(\.slug))
            for post in locale.posts {
                filesByURL[post.url] = post.file
                if let segments = PreviewPaths.pathSegments(of: post.url) {
                    var folder = Array(segments.dropLast())
                    if folder.first == locale.locale { folder.removeFirst() }
                    while !folder.isEmpty { sections.insert(folder); folder.removeLast() }
                }
            }
        }
    }

    /// The preview file a site URL stands for in `locale`, with its `#fragment`; nil for a URL
    /// outside the preview (another site, a feed, a page the preview does not have).
    func resolve(_ url: String, locale: String) -> (file: String, fragment: String)? {
        let decoded = (url.removingPercentEncoding ?? url)
        let fragment = decoded.firstIndex(of: "#").map { String(decoded[$0...]) } ?? ""
        let path = String(decoded.prefix { $0 != "?" && $0 != "#" })
        guard var segments = PreviewPaths.pathSegments(of: path) else { return nil }
        let withSlash = "/" + segments.joined(separator: "/") + (segments.isEmpty ? "" : "/")
        if let file = filesByURL[path] ?? filesByURL[withSlash] ?? filesByURL["/\(locale)" + withSlash] { return (file, fragment) }
        var target = locale
        if let first = segments.first, locales.contains(first) {
            target = first
            segments.removeFirst()
        }
        if segments.isEmpty { return (PreviewPaths.home(target), fragment) }
        if segments == ["tags"] { return (PreviewPaths.tagIndex(target), fragment) }
        if segments.count == 2, segments[0] == "tags" {
            let slug = PreviewPaths.segment(for: segments[1])
            if tagSlugs[target]?.contains(slug) == true { return (PreviewPaths.tag(target, slug: slug), fragment) }
            return nil
        }
        if sections.contains(segments) { return (PreviewPaths.home(target), fragment) }
        return nil
    }

    /// The content file a site URL names (`/images/a.png` or `/ru/images/a.png` → `images/a.png`), when the content folder has it.
    func asset(_ url: String) -> String? {
        // Foundation's percent decoding only where there is something to decode: every link of every page asks.
        let decoded = url.utf8.contains(UInt8(ascii: "%")) ? url.removingPercentEncoding ?? url : url
        // Most links are to pages: their last segment (as `pathSegments` splits) is no asset's name.
        guard assetNames.contains(Self.lastSegment(of: decoded)) else { return nil }
        guard var segments = PreviewPaths.pathSegments(of: decoded), !segments.isEmpty else { return nil }
        if assets.contains(segments.joined(separator: "/")) { return segments.joined(separator: "/") }
        if let first = segments.first, locales.contains(first) { segments.removeFirst() }
        let path = segments.joined(separator: "/")
        return assets.contains(path) ? path : nil
    }

    /// The last non-empty `/`-separated segment of a URL's path (before `?` or `#`), on its UTF-8 bytes.
    private static func lastSegment(of url: String) -> Substring {
        let utf8 = url.utf8
        var end = utf8.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "/") { end = utf8.index(before: end) }
        let start = utf8[..<end].lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        return Substring(utf8[start..<end])
    }

    /// Appends rendered HTML to `page` with the `href` and `src` attributes that name site URLs
    /// (starting with one `/`) rewritten to preview files, relative to `file`; an image the content
    /// folder has points at its copy (added to `usedAssets`), one it lacks shows `missingImage`.
    /// Everything else is appended as cmark-gfm wrote it.
    func appendRewritingAttributes(of bytes: [UInt8], locale: String, file: String, usedAssets: inout Set<String>, to page: inout HTMLBytes) {
        // On UTF-8 bytes: every delimiter is ASCII, and String searching would index by characters.
        let quote = UInt8(ascii: "\""), slash = UInt8(ascii: "/"), equals = UInt8(ascii: "=")
        var copied = 0
        var index = 0
        while index + 2 < bytes.count {
            // `="/` after ` href` or ` src`: the next `=` found with memchr (a page's HTML has few).
            guard let found = bytes.firstIndex(of: equals, from: index) else { break }
            index = found
            guard index + 2 < bytes.count, bytes[index + 1] == quote, bytes[index + 2] == slash else { index += 1; continue }
            let isSource = Self.endsWith(bytes, at: index, " src"), isLink = isSource || Self.endsWith(bytes, at: index, " href")
            let valueStart = index + 2
            guard isLink, let close = bytes.firstIndex(of: quote, from: valueStart) else { index += 3; continue }
            var value = String(decoding: bytes[valueStart..<close], as: UTF8.self)
            if bytes[valueStart..<close].contains(UInt8(ascii: "&")) { value = value.replacingOccurrences(of: "&amp;", with: "&") }
            let before = bytes[copied...index]
            if let path = asset(value) {
                usedAssets.insert(path)
                page.markup(before)
                page.markup("\"")
                page.text(PreviewPaths.link(from: file, to: Self.assetFolder + "/" + path))
                page.markup("\"")
            } else if isSource {
                page.markup(before)
                page.markup("\"")
                page.text(Self.missingImage)
                page.markup("\" data-missing=\"")
                page.text(value)
                page.markup("\"")
            } else if let (target, fragment) = resolve(value, locale: locale) {
                page.markup(before)
                page.markup("\"")
                page.text(PreviewPaths.link(from: file, to: target, suffix: fragment))
                page.markup("\"")
            } else {
                index = close + 1
                continue
            }
            copied = close + 1
            index = close + 1
        }
        page.markup(bytes[copied...])
    }

    private static func endsWith(_ bytes: [UInt8], at end: Int, _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard end >= count else { return false }
        return suffix.withUTF8Buffer { $0.elementsEqual(bytes[(end - count)..<end]) }
    }
}
