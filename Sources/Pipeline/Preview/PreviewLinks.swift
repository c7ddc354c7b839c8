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

    /// The folder, inside the preview, that holds copies of the content files pages show.
    static let assetFolder = "_files"
    /// What an image the content folder does not have shows instead: a grey box (its alt text stays).
    static let missingImage = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='320' height='60'%3E%3Crect width='320' height='60' fill='%23e4e7ec'/%3E%3C/svg%3E"

    init(site: [PreviewLocale], assets: Set<String> = []) {
        self.assets = assets
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
        let decoded = Self.percentDecoded(url)
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
        guard var segments = PreviewPaths.pathSegments(of: Self.percentDecoded(url)), !segments.isEmpty else { return nil }
        if assets.contains(segments.joined(separator: "/")) { return segments.joined(separator: "/") }
        if let first = segments.first, locales.contains(first) { segments.removeFirst() }
        let path = segments.joined(separator: "/")
        return assets.contains(path) ? path : nil
    }

    /// Rewrites the `href` and `src` attributes of rendered HTML that name site URLs (starting with
    /// one `/`) to preview files, relative to `file`; an image the content folder has points at its copy
    /// (added to `usedAssets`), one it lacks shows `missingImage`. Everything else is left as cmark-gfm wrote it.
    func rewritingAttributes(in html: String, locale: String, file: String, usedAssets: inout Set<String>) -> String {
        guard html.contains("=\"/") else { return html }
        var output = ""
        output.reserveCapacity(html.utf8.count)
        var rest = html[...]
        while let range = rest.range(of: "=\"/") {
            let attributeStart = rest[..<range.lowerBound]
            output += attributeStart
            let isSource = attributeStart.hasSuffix(" src")
            let isLink = attributeStart.hasSuffix(" href") || isSource
            let valueStart = rest.index(before: range.upperBound)
            guard isLink, let close = rest[valueStart...].firstIndex(of: "\"") else {
                output += rest[range]
                rest = rest[range.upperBound...]
                continue
            }
            let value = String(rest[valueStart..<close]).replacingOccurrences(of: "&amp;", with: "&")
            if let path = asset(value) {
                usedAssets.insert(path)
                output += "=\"" + ReportEscaping.html(PreviewPaths.link(from: file, to: Self.assetFolder + "/" + path)) + "\""
            } else if isSource {
                output += "=\"" + ReportEscaping.html(Self.missingImage) + "\" data-missing=\"" + ReportEscaping.html(value) + "\""
            } else if let (target, fragment) = resolve(value, locale: locale) {
                output += "=\"" + ReportEscaping.html(PreviewPaths.link(from: file, to: target, suffix: fragment)) + "\""
            } else {
                output += rest[range.lowerBound..<rest.index(after: close)]
            }
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return output
    }

    /// `%D0%BF` → `п`; sequences that are not valid UTF-8 stay encoded.
    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count, let high = hex(utf8[index + 1]), let low = hex(utf8[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? text
    }
}
