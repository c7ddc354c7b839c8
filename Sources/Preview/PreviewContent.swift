import Catalog
import Core
import Extractor
import Foundation
import LocaleData
import LocalizedTrees
import Synchronization
import Workspace

/// One locale's site as the preview shows it, read from the files `tolk build` wrote for that locale:
/// its pages (front matter and Markdown body), its navigation file and its site strings.
struct PreviewLocale: Sendable {
    var locale: String
    var isRightToLeft: Bool
    /// A machine-made locale (`en-XA`): shown in the language switcher, never named as an alternate of a real page.
    var isPseudo = false
    var strings: PreviewStrings
    var navigation: [NavigationItem]
    /// Newest first (by the `date` field as written, then by title in the locale's collation).
    var posts: [PreviewPost]
    /// In the locale's collation order of their labels.
    var tags: [PreviewTag]
}

struct NavigationItem: Sendable {
    var label: String
    var url: String?
    var children: [NavigationItem]
}

struct PreviewPost: Sendable {
    var contentPath: String
    /// The preview file, relative to the preview folder (`ru/posts/почему/index.html`).
    var file: String
    var url: String
    var title: String
    var summary: String?
    /// The `date` as written (`2025-09-02`), for `<time datetime>` and ordering.
    var date: String?
    var dateDisplay: String?
    var readingTime: String?
    /// In the order the page lists them (the build sorts them with the locale's collation).
    var tags: [(slug: String, label: String)]
    /// The page the build wrote, and where its Markdown body starts: the body is rendered when its
    /// preview page is written, so the bodies of a large site are never all in memory at once.
    var source: String
    var bodyStart: Int
    /// Shipped below `build.min_translated` with `below_min: mark`: the preview marks it with a bar.
    var isIncomplete: Bool
}

struct PreviewTag: Sendable {
    var slug: String
    var label: String
    /// Indices into `PreviewLocale.posts`, newest first.
    var posts: [Int]
}

/// The site strings of one locale, formatted with ICU. A role whose key the site file lacks uses the
/// English default of `PreviewSettings.Role`, and is reported once.
struct PreviewStrings: Sendable {
    let values: ScalarValues
    let settings: PreviewSettings
    /// The locale whose ICU data formats numbers and plurals (a pseudo-locale's source locale).
    let formatLocale: String
    private(set) var missing: [PreviewSettings.Role] = []
    /// Formatted texts by role and arguments: ICU opens a formatter for every message it formats,
    /// and a large site asks for the same few texts (a count, the "{date}" frame) tens of thousands of times.
    private let memo = Memo()

    final class Memo: Sendable {
        let texts = Mutex<[String: String]>([:])
    }

    init(values: ScalarValues, settings: PreviewSettings, formatLocale: String) {
        self.values = values
        self.settings = settings
        self.formatLocale = formatLocale
        missing = PreviewSettings.Role.allCases.filter { role in
            role.fallback.isEmpty == false && values.string(settings.strings[role] ?? role.defaultKey) == nil
        }
    }

    /// The pattern for a role: the site's, else the English default (empty for optional roles).
    func pattern(_ role: PreviewSettings.Role) -> String {
        values.string(settings.strings[role] ?? role.defaultKey) ?? role.fallback
    }

    /// Plain text of a role, its arguments filled in; a message ICU cannot format is shown as written.
    func text(_ role: PreviewSettings.Role, _ arguments: [String: MessageFormat.Argument] = [:]) -> String {
        let pattern = pattern(role)
        // Bytes: Foundation's `contains` for a string is a search through CFString, asked for every page.
        guard pattern.utf8.contains(UInt8(ascii: "{")) || pattern.utf8.contains(UInt8(ascii: "'")) else { return pattern }
        var key = role.rawValue
        for (name, value) in arguments.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .number(let number): key += "\u{0}\(name)\u{0}#\(number)"
            case .text(let text): key += "\u{0}\(name)\u{0}$\(text)"
            }
        }
        if let known = memo.texts.withLock({ $0[key] }) { return known }
        let text = (try? MessageFormat.format(pattern, locale: formatLocale, arguments: arguments)) ?? pattern
        memo.texts.withLock { $0[key] = text }
        return text
    }

    /// `count` placeholders (`marker(0)`, `marker(1)` …) joined as the locale joins a list, for the
    /// caller to replace with markup; one ICU list formatting per length.
    func listPattern(count: Int, marker: (Int) -> String) -> String {
        let key = "\u{1}list\(count)"
        if let known = memo.texts.withLock({ $0[key] }) { return known }
        let text = ListFormatting.and((0..<count).map(marker), locale: formatLocale)
        memo.texts.withLock { $0[key] = text }
        return text
    }
}

extension PreviewLocale {
    /// Reads what the build wrote for `locale`. `pages` are the locale's shipped pages; `tagSlug`
    /// gives a tag's folder name from its source text, the same in every locale.
    static func load(locale: String, pages: [SiteBuilder.BuiltPage], project: Project, tagSlug: @Sendable (String) -> String,
                     collator: Collator, diagnostics: inout [Diagnostic]) throws -> PreviewLocale {
        let configuration = project.configuration
        let layout = OutputLayout(settings: configuration.build, sourceLocale: configuration.sourceLocale)
        let isPseudo = configuration.build.pseudoLocales.contains(locale)
        let output = project.outputFolder
        // Paths as strings: a `URL` made for each of 55,000 pages cost a tenth of reading them.
        let outputFolder = output.path + "/"

        func builtData(_ contentPath: String) throws -> ScalarValues {
            let relative = layout.relativeOutputPath(contentPath: contentPath, locale: locale)
            let display = configuration.outputPath + "/" + relative
            guard let bytes = try FileTree.readIfPresent(output.appendingPathComponent(relative)) else { return ScalarValues() }
            let read = ScalarValues.readYAML(bytes, path: display)
            diagnostics += read.diagnostics
            return read.values
        }

        let siteValues = try builtData(configuration.siteFile)
        let strings = PreviewStrings(values: siteValues, settings: configuration.preview,
                                     formatLocale: isPseudo ? configuration.sourceLocale : locale)
        let navigation = NavigationItem.items(in: try builtData(configuration.navigationFile))

        let fields = configuration.build.fields
        let tagsKey = configuration.preview.tagsKey
        let readingTimeKey = configuration.readingTime.outputKey
        // Reading the pages' front matter runs on all cores.
        let loaded = pages.parallelMap { page -> Result<(PreviewPost?, [Diagnostic]), Error> in
            Result {
                let display = configuration.outputPath + "/" + page.outputPath
                let source = outputFolder + page.outputPath
                // Only the front matter is read now (the body when the page is written): the first
                // 8 KB hold it on nearly every page, and the whole file is read when they do not.
                guard let head = try FileTree.readIfPresent(atPath: source, upTo: 8_192) else { return (nil, []) }
                guard let file = PreviewPaths.page(url: page.url, locale: locale) else {
                    return (nil, [Diagnostic(.warning, file: display, "its URL \(page.url) is not a path the preview can hold (a segment '.' or '..', another host): the page is left out of the preview",
                                             hint: "give the page a slug that is a name, not a path")])
                }
                var read = ScalarValues.readPage(head.bytes, path: display)
                // A front matter found whole in the head ends with its closing line's line break there.
                if !head.isWhole, read.bodyStart == 0 || head.bytes[read.bodyStart - 1] != 0x0A {
                    guard let bytes = try FileTree.readIfPresent(atPath: source) else { return (nil, []) }
                    read = ScalarValues.readPage(bytes, path: display)
                }
                let values = read.values
                // Tags in the page's order, each with the folder of its source text.
                let listed = values.list(tagsKey)
                var pairs = page.tags
                if pairs.isEmpty { pairs = listed.map { ($0, $0) } }
                var tags: [(slug: String, label: String)] = []
                for label in listed {
                    guard let index = pairs.firstIndex(where: { $0.localized == label }) else { continue }
                    let pair = pairs.remove(at: index)
                    tags.append((tagSlug(pair.source), label))
                }
                let post = PreviewPost(
                    contentPath: page.contentPath, file: file, url: page.url,
                    title: values.string("title") ?? String(page.contentPath.split(separator: "/").last ?? ""), summary: values.string("summary") ?? values.string("description"),
                    date: values.string("date"), dateDisplay: fields.date.isEmpty ? nil : values.string(fields.date),
                    readingTime: readingTimeKey.isEmpty ? nil : values.string(readingTimeKey),
                    tags: tags, source: source, bodyStart: read.bodyStart,
                    isIncomplete: !fields.incomplete.isEmpty && values.string(fields.incomplete) == "true")
                return (post, read.diagnostics)
            }
        }
        var posts: [PreviewPost] = []
        posts.reserveCapacity(pages.count)
        for result in loaded {
            let (post, found) = try result.get()
            diagnostics += found
            if let post { posts.append(post) }
        }
        posts.sort { a, b in
            if (a.date ?? "") != (b.date ?? "") { return (a.date ?? "") > (b.date ?? "") }
            let order = collator.compare(a.title, b.title)
            return order != 0 ? order < 0 : a.contentPath < b.contentPath
        }

        var tagsBySlug: [String: (labels: [String: Int], posts: [Int])] = [:]
        for (index, post) in posts.enumerated() {
            for tag in post.tags {
                tagsBySlug[tag.slug, default: ([:], [])].labels[tag.label, default: 0] += 1
                if tagsBySlug[tag.slug]!.posts.last != index { tagsBySlug[tag.slug]!.posts.append(index) }
            }
        }
        // A tag translated differently on different pages shows under its most frequent translation.
        var tags = tagsBySlug.map { slug, found in
            PreviewTag(slug: slug, label: found.labels.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key, posts: found.posts)
        }
        tags.sort { a, b in
            let order = collator.compare(a.label, b.label)
            return order != 0 ? order < 0 : a.slug < b.slug
        }
        return PreviewLocale(locale: locale, isRightToLeft: LocaleInfo.isRightToLeft(locale), strings: strings,
                             navigation: navigation, posts: posts, tags: tags)
    }
}

extension NavigationItem {
    static let maximumDepth = 8

    /// The menu of a navigation file: the first top-level list of items with a `label` (or `title`,
    /// `name`), each with an optional `url` and a nested list of items under any key.
    static func items(in values: ScalarValues) -> [NavigationItem] {
        guard let first = values.paths.first(where: { $0.contains("[0].") }) else { return [] }
        let list = String(first[..<first.range(of: "[0].")!.lowerBound])
        guard !list.contains("["), !list.contains(".") else { return [] }
        return items(under: list, in: values, depth: 0)
    }

    private static func items(under list: String, in values: ScalarValues, depth: Int) -> [NavigationItem] {
        guard depth < maximumDepth else { return [] }
        var items: [NavigationItem] = []
        var index = 0
        while true {
            let prefix = "\(list)[\(index)]."
            let fields = values.paths.filter { $0.hasPrefix(prefix) }
            guard !fields.isEmpty else { break }
            index += 1
            guard let label = values.string(prefix + "label") ?? values.string(prefix + "title") ?? values.string(prefix + "name") else { continue }
            // A nested list: the first key under this item whose value is a list of items.
            var children: [NavigationItem] = []
            if let nested = fields.first(where: { $0.dropFirst(prefix.count).contains("[0].") }) {
                let rest = nested.dropFirst(prefix.count)
                let key = String(rest[..<rest.range(of: "[0].")!.lowerBound])
                if !key.contains("."), !key.contains("[") { children = self.items(under: prefix + key, in: values, depth: depth + 1) }
            }
            items.append(NavigationItem(label: label, url: values.string(prefix + "url") ?? values.string(prefix + "href"), children: children))
        }
        return items
    }
}
