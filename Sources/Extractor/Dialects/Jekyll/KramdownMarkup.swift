import Foundation

/// One of kramdown's brace constructs, which Jekyll's default Markdown reads: an inline attribute list
/// `{: .note #intro}` (after a block, or after a span), `{:toc}`, an attribute list definition
/// `{:quote: .big}`, and the extensions `{::options parse_block_html="true" /}`, `{::comment}`,
/// `{::nomarkdown}` with their ends `{:/comment}` / `{:/}`. All of them sit on one line.
///
/// ```swift
/// KramdownMarkup.read(Array("{: .note}".utf8), at: 0)   // KramdownMarkup(kind: .attributes, range: 0..<9, …)
/// ```
public struct KramdownMarkup: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `{: …}` / `{:name: …}`: attributes or their definition.
        case attributes
        /// `{::name …}` (opening content) or `{::name … /}` (self-closing).
        case extensionStart(name: String, selfClosing: Bool)
        /// `{:/name}` or `{:/}`.
        case extensionEnd(name: String)
    }

    public var range: Range<Int>
    public var kind: Kind
    /// What stands between `{:` and `}` (`.note #intro`, `toc`).
    public var content: Range<Int>

    /// The extensions whose content is not prose: a comment, and HTML passed through as it is.
    public static let opaqueExtensions: Set<String> = ["comment", "nomarkdown"]

    /// Reads the construct at `index`, or nil when none starts there (`{:` with no `}` on its line is text).
    public static func read(_ bytes: [UInt8], at index: Int) -> KramdownMarkup? {
        guard index + 2 < bytes.count, bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: ":") else { return nil }
        var position = index + 2
        var close: Int?
        // A real list is short; the bound keeps a line of `{:` linear.
        let horizon = min(bytes.count, index + 1024)
        while position < horizon, bytes[position] != 0x0A, bytes[position] != 0x0D {
            if bytes[position] == UInt8(ascii: "\\") { position += 2; continue }
            if bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") {
                let quote = bytes[position]
                var probe = position + 1
                while probe < horizon, bytes[probe] != quote, bytes[probe] != 0x0A { probe += 1 }
                if probe < horizon, bytes[probe] == quote { position = probe + 1; continue }
            }
            if bytes[position] == UInt8(ascii: "}") { close = position; break }
            position += 1
        }
        guard let close, close > index + 2 || bytes[index + 2] == UInt8(ascii: "}") else { return nil }
        let range = index..<close + 1
        let inner = index + 2..<close
        func word(from start: Int) -> (String, Int) {
            var end = start
            while end < close, LiquidTag.isWordByte(bytes[end]) { end += 1 }
            return (String(decoding: bytes[start..<end], as: UTF8.self), end)
        }
        if inner.lowerBound < close, bytes[inner.lowerBound] == UInt8(ascii: ":") {
            let (name, after) = word(from: inner.lowerBound + 1)
            guard !name.isEmpty else { return nil }
            var last = close
            while last > after, LiquidTag.isSpace(bytes[last - 1]) { last -= 1 }
            let selfClosing = last > after && bytes[last - 1] == UInt8(ascii: "/")
            return KramdownMarkup(range: range, kind: .extensionStart(name: name, selfClosing: selfClosing), content: inner)
        }
        if inner.lowerBound < close, bytes[inner.lowerBound] == UInt8(ascii: "/") {
            let (name, after) = word(from: inner.lowerBound + 1)
            guard after == close else { return nil }
            return KramdownMarkup(range: range, kind: .extensionEnd(name: name), content: inner)
        }
        // `{:}` and `{: }` are empty lists; prose never writes a colon right after a brace.
        return KramdownMarkup(range: range, kind: .attributes, content: inner)
    }

    /// Whether this is `{:toc}` (or `{: toc}`), which replaces the list above it with the page's contents.
    public func isTableOfContents(in bytes: [UInt8]) -> Bool {
        guard kind == .attributes else { return false }
        return String(decoding: bytes[content], as: UTF8.self).trimmingCharacters(in: .whitespaces) == "toc"
    }

    /// The `{:/name}` or `{:/}` that ends the extension `name` opened before `start`, or nil before `limit`.
    public static func extensionEnd(of name: String, in bytes: [UInt8], from start: Int, limit: Int) -> KramdownMarkup? {
        var position = start
        while position + 2 < limit {
            if bytes[position] == UInt8(ascii: "{"), bytes[position + 1] == UInt8(ascii: ":"), bytes[position + 2] == UInt8(ascii: "/"),
               let markup = read(bytes, at: position), markup.range.upperBound <= limit,
               case .extensionEnd(let endName) = markup.kind, endName.isEmpty || endName == name {
                return markup
            }
            position += 1
        }
        return nil
    }
}
