/// Markdown rendered to HTML by cmark-gfm, with the extensions extraction uses (tables,
/// strikethrough, task lists, autolinks, footnotes). Used by the fidelity checks and the preview.
public enum MarkdownHTML {
    /// - Parameter keepRawHTML: pass raw HTML through (cmark's `--unsafe`); otherwise it is replaced by a comment.
    public static func render(_ markdown: [UInt8], keepRawHTML: Bool = true) -> String {
        CMarkParser.html(of: markdown, keepRawHTML: keepRawHTML)
    }

    /// The same HTML as UTF-8 bytes (as cmark-gfm wrote them: not checked to be UTF-8 until a
    /// `String` is made of them).
    public static func renderBytes(_ markdown: [UInt8], keepRawHTML: Bool = true) -> [UInt8] {
        CMarkParser.htmlBytes(of: markdown, keepRawHTML: keepRawHTML)
    }

    /// The element structure of rendered HTML: every opening and closing tag name in order, with
    /// the `href` and `src` of links and images (what a translation must not change). Text, `alt`
    /// and `title` are left out, so a translated page has the same structure as its source.
    public static func structure(of html: String) -> [String] {
        var tags: [String] = []
        let bytes = Array(html.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count,
                  bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1] == UInt8(ascii: "!") || (bytes[index + 1] | 0x20) >= 0x61 && (bytes[index + 1] | 0x20) <= 0x7A
            else { index += 1; continue }
            guard let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let tag = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
            index = close + 1
            if tag.hasPrefix("!--") { tags.append("<!-- -->"); continue }
            var name = tag.prefix { !$0.isWhitespace }
            if name.count > 1, name.hasSuffix("/") { name = name.dropLast() }
            var entry = "<" + name
            for attribute in ["href", "src"] {
                if let range = tag.range(of: " \(attribute)=\"") {
                    let value = tag[range.upperBound...].prefix { $0 != "\"" }
                    entry += " \(attribute)=\"\(value)\""
                }
            }
            tags.append(entry + ">")
        }
        return tags
    }

    /// Rendered HTML with every run of whitespace made one space, and none next to a tag: equal for
    /// two sources that differ only in how their lines are broken.
    public static func normalizedWhitespace(_ html: String) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count)
        var pendingSpace = false
        for character in html {
            if character.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace, character != "<", output.last != ">", !output.isEmpty { output.append(" ") }
            pendingSpace = false
            output.append(character)
        }
        return output
    }
}
