import Core
import Extractor

/// Finds the links of a page that point at other pages of the site, and points them at the same
/// locale's version.
///
/// A destination is internal when it has no scheme and does not start with `//` or `#`: `/posts/a/`,
/// `../posts/a.md`, `a.md#notes`. It names a page when, with its query and fragment set aside, it
/// matches a content path (with or without the extension) or a page's source URL path (`/posts/<slug>/`,
/// with or without the source locale's prefix). The query and fragment are kept.
package struct LinkRewriter {
    /// Every way an author may name a page → its content path.
    private var pagesByKey: [String: String] = [:]

    /// - Parameter pages: content path → (source slug, source URL) of every page.
    init(pages: [(path: String, sourceURL: String)]) {
        for page in pages {
            let withoutExtension = page.path.lastIndex(of: ".").map { String(page.path[..<$0]) } ?? page.path
            pagesByKey[Self.key(page.path)] = page.path
            pagesByKey[Self.key(withoutExtension)] = page.path
            if withoutExtension.hasSuffix("/index") || withoutExtension.hasSuffix("/_index") {
                pagesByKey[Self.key(String(withoutExtension[..<withoutExtension.lastIndex(of: "/")!]))] = page.path
            }
            let urlPath = Self.pathPart(ofURL: page.sourceURL)
            pagesByKey[Self.key(urlPath)] = page.path
        }
    }

    /// `/en/posts/a/` → `/en/posts/a/`; `https://example.org/en/posts/a/` → `/en/posts/a/`.
    /// On the bytes when the URL is ASCII, where each byte is a character (Foundation's search costs
    /// more than the rest of a build's link planning).
    private static func pathPart(ofURL url: String) -> String {
        let scheme = isASCII(url) ? schemeSeparator(inASCII: url) : url.range(of: "://")
        guard let scheme else { return url }
        let rest = url[scheme.upperBound...]
        return rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
    }

    /// The first `://` among the bytes.
    private static func schemeSeparator(inASCII text: String) -> Range<String.Index>? {
        var text = text
        guard let offset = text.withUTF8({ bytes -> Int? in
            guard bytes.count >= 3 else { return nil }
            return (0...(bytes.count - 3)).first { bytes[$0] == UInt8(ascii: ":") && bytes[$0 + 1] == UInt8(ascii: "/") && bytes[$0 + 2] == UInt8(ascii: "/") }
        }) else { return nil }
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
        return start..<text.utf8.index(start, offsetBy: 3)
    }

    /// Without leading and trailing `/` (found among the bytes of an ASCII path).
    private static func key(_ path: String) -> String {
        if isASCII(path) {
            let bytes = path.utf8
            var start = bytes.startIndex, end = bytes.endIndex
            while start < end, bytes[start] == UInt8(ascii: "/") { start = bytes.index(after: start) }
            while end > start, bytes[bytes.index(before: end)] == UInt8(ascii: "/") { end = bytes.index(before: end) }
            return String(path[start..<end])
        }
        var trimmed = Substring(path)
        while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }

    /// The content path a destination written in `pagePath` names, and the query/fragment to keep.
    func target(of destination: String, in pagePath: String, sourceLocalePrefix: String?) -> (path: String, suffix: String)? {
        guard !destination.isEmpty, !destination.hasPrefix("#"), !destination.hasPrefix("//"), !Self.hasScheme(destination) else { return nil }
        // In ASCII every byte is a character (CR LF aside, neither of them `#` or `?`): found among the bytes.
        let cut = (Self.isASCII(destination) ? destination.utf8.firstIndex(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") })
                   : destination.firstIndex(where: { $0 == "#" || $0 == "?" })) ?? destination.endIndex
        let suffix = String(destination[cut...])
        var path = String(destination[..<cut])
        guard !path.isEmpty else { return nil }
        if !path.hasPrefix("/") {
            let folder = pagePath.lastIndex(of: "/").map { String(pagePath[..<$0]) } ?? ""
            guard let resolved = Self.resolve(path, against: folder) else { return nil }
            path = resolved
        }
        // Foundation's decoding costs more than the rest of the lookup: only a path with a `%` has any.
        let key = Self.key(path.containsUTF8Byte(UInt8(ascii: "%")) ? path.removingPercentEncoding ?? path : path)
        if let page = pagesByKey[key] { return (page, suffix) }
        // An author may write the URL without the source locale's prefix, or with it where the pattern has none.
        if let prefix = sourceLocalePrefix {
            if key.hasPrefix(prefix + "/"), let page = pagesByKey[String(key.dropFirst(prefix.count + 1))] { return (page, suffix) }
            if let page = pagesByKey[prefix + "/" + key] { return (page, suffix) }
        }
        return nil
    }

    private static func isASCII(_ text: String) -> Bool { !text.containsUTF8Byte { $0 >= 0x80 } }

    /// `../posts/a.md` against `notes` → `posts/a.md`; nil when it climbs out of the content folder.
    static func resolve(_ relative: String, against folder: String) -> String? {
        var parts = folder.split(separator: "/").map(String.init)
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/") + (relative.hasSuffix("/") ? "/" : "")
    }

    package static func hasScheme(_ text: String) -> Bool {
        // The usual case on bytes: a colon after ASCII and before an ASCII byte stands alone, as a character.
        let bytes = text.utf8
        guard let colonByte = bytes.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let afterColon = bytes.index(after: colonByte)
        if bytes[..<colonByte].allSatisfy({ $0 < 0x80 }), afterColon == bytes.endIndex || bytes[afterColon] < 0x80 {
            let scheme = bytes[..<colonByte]
            return scheme.first?.isASCIILetter == true && scheme.allSatisfy { byte in
                byte.isASCIILetter || byte.isASCIIDigit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            }
        }
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = text[..<colon]
        return scheme.first?.isLetter == true && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    /// The destinations of the inline links and images in a message, as written.
    package static func destinations(in message: String) -> [String] {
        guard mayHaveInlineLink(message) else { return [] }
        return destinations(in: InlineMarkup(message))
    }

    /// The destinations of the inline links and images of a message already scanned.
    package static func destinations(in markup: InlineMarkup) -> [String] {
        destinationRanges(in: markup).map { String(decoding: markup.bytes[$0], as: UTF8.self) }
    }

    /// Whether the text has `](`, without which it has no inline link: a byte scan, since Foundation's
    /// `contains` costs more than the rest of the work on a site's hundreds of thousands of messages.
    static func mayHaveInlineLink(_ message: String) -> Bool {
        var previous: UInt8 = 0
        for byte in message.utf8 {
            if byte == UInt8(ascii: "("), previous == UInt8(ascii: "]") { return true }
            previous = byte
        }
        return false
    }

    /// Rewrites each internal destination of `message` with `replacement` (which returns nil to keep one).
    package static func rewrite(_ message: String, _ replacement: (String) -> String?) -> String {
        guard mayHaveInlineLink(message) else { return message }
        let markup = InlineMarkup(message)
        var output: [UInt8] = []
        var cursor = 0
        for range in destinationRanges(in: markup) {
            let destination = String(decoding: markup.bytes[range], as: UTF8.self)
            guard let new = replacement(destination), new != destination else { continue }
            output += markup.bytes[cursor..<range.lowerBound]
            output += Self.escapedDestination(new, angleBracketed: range.lowerBound > 0 && markup.bytes[range.lowerBound - 1] == UInt8(ascii: "<"))
            cursor = range.upperBound
        }
        guard cursor > 0 else { return message }
        output += markup.bytes[cursor...]
        return String(decoding: output, as: UTF8.self)
    }

    /// A URL written as a link destination: spaces and parentheses would end a bare destination.
    private static func escapedDestination(_ url: String, angleBracketed: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        for byte in url.utf8 {
            switch byte {
            case 0x20 where !angleBracketed: bytes += Array("%20".utf8)
            case UInt8(ascii: "("), UInt8(ascii: ")"): if angleBracketed { bytes.append(byte) } else { bytes += [UInt8(ascii: "\\"), byte] }
            case UInt8(ascii: "<"), UInt8(ascii: ">"): bytes += Array(String(format: "%%%02X", byte).utf8)
            default: bytes.append(byte)
            }
        }
        return bytes
    }

    /// The byte ranges of the destinations inside the `(destination "title")` markup of each link.
    private static func destinationRanges(in markup: InlineMarkup) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for segment in markup.segments {
            guard case .markup(let range, .linkDestination) = segment, markup.bytes[range.lowerBound] == UInt8(ascii: "(") else { continue }
            var start = range.lowerBound + 1
            while start < range.upperBound, [0x20, 0x09, 0x0A].contains(markup.bytes[start]) { start += 1 }
            guard start < range.upperBound else { continue }
            if markup.bytes[start] == UInt8(ascii: "<") {
                guard let close = markup.bytes[(start + 1)..<range.upperBound].firstIndex(of: UInt8(ascii: ">")) else { continue }
                ranges.append((start + 1)..<close)
            } else {
                var end = start
                var depth = 0
                while end < range.upperBound {
                    let byte = markup.bytes[end]
                    if byte == UInt8(ascii: "\\"), end + 1 < range.upperBound { end += 2; continue }
                    if byte <= 0x20 { break }
                    if byte == UInt8(ascii: "(") { depth += 1 }
                    if byte == UInt8(ascii: ")") { if depth == 0 { break }; depth -= 1 }
                    end += 1
                }
                if end > start { ranges.append(start..<end) }
            }
        }
        return ranges
    }
}
