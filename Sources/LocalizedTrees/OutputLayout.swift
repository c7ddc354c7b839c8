import Foundation
import Workspace

/// Where `tolk build` puts each locale's version of a content file, and the URL a page gets.
///
/// - `folders`: `public/ru/posts/a.md` — one tree per locale, each swapped in whole.
/// - `suffix`: `public/posts/a.ru.md` next to `public/posts/a.md` (the source locale keeps the plain
///   name) — one tree for all locales. Files that are not translated (images) appear once.
public struct OutputLayout: Sendable {
    public let settings: BuildSettings
    public let sourceLocale: String

    public init(settings: BuildSettings, sourceLocale: String) {
        self.settings = settings
        self.sourceLocale = sourceLocale
    }

    /// A folder `tolk build` replaces as a whole, relative to the output folder ("ru", or "" for the suffix layout).
    public func tree(for locale: String) -> String {
        settings.layout == .folders ? locale : ""
    }

    /// A translated content file's path inside its locale's tree.
    public func outputPath(contentPath: String, locale: String) -> String {
        guard settings.layout == .suffix, locale != sourceLocale else { return contentPath }
        let slash = contentPath.lastIndex(of: "/").map { contentPath.index(after: $0) } ?? contentPath.startIndex
        guard let dot = contentPath[slash...].lastIndex(of: "."), dot != slash else { return contentPath + "." + locale }
        return contentPath[..<dot] + "." + locale + contentPath[dot...]
    }

    /// The path of a translated content file's output relative to the output folder (`ru/posts/a.md`, `posts/a.ru.md`).
    public func relativeOutputPath(contentPath: String, locale: String) -> String {
        let tree = tree(for: locale)
        let path = outputPath(contentPath: contentPath, locale: locale)
        return tree.isEmpty ? path : tree + "/" + path
    }

    /// The trees that hold copies of untranslated files (images, data): each locale's in the folders layout, the one shared tree otherwise.
    public func treesForOtherFiles(locales: [String]) -> [String] {
        settings.layout == .folders ? locales : [""]
    }

    /// `/ru/posts/pochemu-pravila/` for `posts/why.md` with the localized slug `pochemu-pravila` (already cleaned, see `cleanSlug`).
    public func url(contentPath: String, slug: String?, locale: String) -> String {
        let pattern = settings.urlPattern(isSource: locale == sourceLocale)
        let slash = contentPath.lastIndex(of: "/")
        let dir = slash.map { contentPath[..<$0] } ?? ""
        let fileName = slash.map { contentPath[contentPath.index(after: $0)...] } ?? contentPath[...]
        let stem = fileName.lastIndex(of: ".").map { fileName[..<$0] } ?? fileName
        let isIndex = stem == "index" || stem == "_index"
        let chosenSlug = isIndex ? "" : ((settings.urlsFollowFileNames ? nil : slug).flatMap { $0.isEmpty ? nil : Substring($0) } ?? stem)
        // Placeholders filled in one pass; empty segments ({dir} of a top-level page, {slug} of an index) collapse.
        var url = ""
        url.reserveCapacity(pattern.utf8.count + contentPath.utf8.count + 16)
        var rest = pattern[...]
        while let open = rest.firstIndex(of: "{") {
            url += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            switch rest[rest.index(after: open)..<close] {
            case "locale", "lang": url += urlSegment(of: locale)
            case "dir": url += dir
            case "slug": url += chosenSlug
            default: url += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        url += rest
        var previous: UInt8 = 0
        var doubled = false
        for byte in url.utf8 {
            if byte == UInt8(ascii: "/") && previous == UInt8(ascii: "/") { doubled = true; break }
            previous = byte
        }
        guard doubled else { return url }
        let schemeEnd = url.range(of: "://").map { $0.upperBound } ?? url.startIndex
        var path = String(url[schemeEnd...])
        while path.contains("//") { path = path.replacingOccurrences(of: "//", with: "/") }
        return String(url[..<schemeEnd]) + path
    }

    /// The locale as URLs write it: lowercase where the generator makes it so (Hugo's `/pt-br/`).
    func urlSegment(of locale: String) -> String { settings.lowercasesLocaleInURLs ? locale.lowercased() : locale }

    /// The root of a locale's part of the site (`/ru/`, `/` for a source at the root): what its URL pattern
    /// has before `{dir}` and `{slug}`; `/` when that part is not a plain path.
    func sitePrefix(for locale: String) -> String {
        let pattern = settings.urlPattern(isSource: locale == sourceLocale)
        let cut = [pattern.range(of: "{dir}"), pattern.range(of: "{slug}")].compactMap { $0?.lowerBound }.min() ?? pattern.startIndex
        var prefix = String(pattern[..<cut]).replacingOccurrences(of: "{locale}", with: urlSegment(of: locale))
        if prefix.contains("{") || !prefix.hasPrefix("/") { prefix = "/" }
        if !prefix.hasSuffix("/") { prefix += "/" }
        return prefix
    }

    /// A translator's slug made safe for a URL segment: trimmed, spaces to `-`, no `/ ? # % " < > \` and no
    /// controls; a slug of dots only (`..`) is none.
    /// Letters of any script are kept (`почему-правила`); site generators percent-encode them when they need to.
    public static func cleanSlug(_ text: String) -> String {
        cleanASCIISlug(text) ?? cleanSlugScalars(text)
    }

    /// Characters a slug drops (besides controls and whitespace).
    private static let droppedFromSlugs = "/?#%\"<>\\[]{}|^`"
    /// The same, by ASCII byte.
    private static let droppedASCII: [Bool] = (0..<128).map { droppedFromSlugs.utf8.contains(UInt8($0)) }

    /// `cleanSlug` of an ASCII text, on its bytes (every page version's slug passes here: Unicode
    /// property lookups per character were a thirtieth of a build); nil for any other text. In ASCII,
    /// White_Space is tab to carriage return and space, the controls are the other C0 bytes and DEL,
    /// and trimming is what skipping whitespace before the first kept byte and after the last does.
    static func cleanASCIISlug(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var pendingDash = false
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingDash = !output.isEmpty
                    continue
                }
                if byte < 0x20 || byte == 0x7F || droppedASCII[Int(byte)] { continue }
                if pendingDash { output.append(UInt8(ascii: "-")); pendingDash = false }
                output.append(byte)
            }
            return output.allSatisfy { $0 == UInt8(ascii: ".") } ? "" : String(decoding: output, as: UTF8.self)
        }
    }

    /// `cleanSlug` of any text, by Unicode scalars.
    static func cleanSlugScalars(_ text: String) -> String {
        var output = ""
        var pendingDash = false
        for scalar in text.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingDash = !output.isEmpty
                continue
            }
            if droppedFromSlugs.unicodeScalars.contains(scalar) || scalar.properties.generalCategory == .control { continue }
            if pendingDash { output += "-"; pendingDash = false }
            output.unicodeScalars.append(scalar)
        }
        // `.` and `..` name folders, not pages: such a slug counts as none (the file name is used).
        return output.allSatisfy { $0 == "." } ? "" : output
    }
}
