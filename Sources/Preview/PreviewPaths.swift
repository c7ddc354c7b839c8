import Foundation

/// Where each preview page lives, and the relative links between them, so the preview works from
/// `file://` with no server: every link names an `index.html`, relative to the page it is on.
///
/// A page with the URL `/ru/posts/почему/` is `ru/posts/почему/index.html` in the preview folder; a
/// URL without the locale (the source locale at the root, `/posts/a/`) gets it put in front, so each
/// locale's preview is one folder.
enum PreviewPaths {
    /// The file of a locale's home page, relative to the preview folder.
    static func home(_ locale: String) -> String { locale + "/index.html" }
    static func tagIndex(_ locale: String) -> String { locale + "/tags/index.html" }
    static func tag(_ locale: String, slug: String) -> String { locale + "/tags/" + slug + "/index.html" }

    /// The file of a page with `url` in `locale`, or nil for a URL that is not a path on the site.
    static func page(url: String, locale: String) -> String? {
        let segments = pathSegments(of: url)
        guard let segments else { return nil }
        var parts = segments
        if parts.first != locale { parts.insert(locale, at: 0) }
        return (parts + ["index.html"]).joined(separator: "/")
    }

    /// The path segments of a site URL (`/ru/posts/a/` → ru, posts, a), without query or fragment;
    /// nil for anything that is not a path on the site (a scheme, `//host`, a segment `.` or `..`).
    static func pathSegments(of url: String) -> [String]? {
        guard url.hasPrefix("/"), !url.hasPrefix("//") else { return nil }
        let path = url.prefix { $0 != "?" && $0 != "#" }
        let segments = path.split(separator: "/").map(String.init)
        guard !segments.contains(where: { $0 == "." || $0 == ".." || $0.utf8.contains(UInt8(ascii: "\\")) || $0.utf8.count > 255 }) else { return nil }
        return segments
    }

    /// A tag (or other text) as one safe folder name: letters of any script, digits, `-` and `_`;
    /// never `.` or `..`, never empty, at most 100 bytes.
    static func segment(for text: String) -> String {
        var output = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil || scalar == "_" || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark {
                if pendingDash && !output.isEmpty { output += "-" }
                pendingDash = false
                output.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
            if output.utf8.count >= 100 { break }
        }
        return output.isEmpty ? "tag" : output
    }

    /// The link from the file `from` to the file `to` (both relative to the preview folder), with
    /// `suffix` (a `#fragment`) kept: `../../ru/tags/unicode/index.html#top`.
    static func link(from: String, to: String, suffix: String = "") -> String {
        String(repeating: "../", count: depth(of: from)) + percentEncoded(to) + suffix
    }

    /// How many folders down a preview file is (`ru/posts/a/index.html`: 3).
    static func depth(of file: String) -> Int {
        var file = file
        return file.withUTF8 { bytes in bytes.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 } }
    }

    /// Percent-encodes what a URL path may not hold as it is; letters of other scripts become their
    /// UTF-8 bytes, which browsers map back to the file's name.
    static func percentEncoded(_ path: String) -> String {
        func isKept(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                true
            default:
                false
            }
        }
        var path = path
        // Most paths need nothing encoded (every link of every page asks): then the path is the answer.
        let encoded: [UInt8]? = path.withUTF8 { bytes in
            guard let first = bytes.firstIndex(where: { !isKept($0) }) else { return nil }
            let hex: StaticString = "0123456789ABCDEF"
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count * 2)
            output.append(contentsOf: bytes[..<first])
            for byte in bytes[first...] {
                if isKept(byte) {
                    output.append(byte)
                } else {
                    output.append(UInt8(ascii: "%"))
                    output.append(hex.utf8Start[Int(byte >> 4)])
                    output.append(hex.utf8Start[Int(byte & 0x0F)])
                }
            }
            return output
        }
        return encoded.map { String(decoding: $0, as: UTF8.self) } ?? path
    }
}
