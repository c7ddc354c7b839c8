import Core
import Extractor

/// Makes a translation safe to write into a Markdown block: whatever the translator typed, the
/// page keeps its structure. A translation is one line per hard break (no rewrapping: a long line
/// is valid Markdown and keeps diffs small); blank lines are folded away (they would end the block);
/// headings, table cells and HTML text stay on one line; a line that would open a block of its own
/// (`# `, `> `, `- `, `1. `, a fence, a thematic break or setext underline, a table delimiter row,
/// a block-level HTML tag, a link definition) gets its first character escaped; a table cell's
/// pipes are escaped.
public enum MarkdownLineSafety {
    /// The lines to write, without line endings or container prefixes.
    public static func lines(of translation: String, in block: MarkdownBlockRole) -> [String] {
        var lines: [String]
        if !translation.containsUTF8Byte(0x0A) && !translation.containsUTF8Byte(0x0D) {
            // The common case, one line: no normalizing or splitting to do.
            lines = [trimmingSpaces(translation)].filter { !$0.isEmpty }
        } else {
            // Split at every CR and LF byte: a CRLF leaves an empty piece between them, dropped with the
            // other empty lines (a line feed is a grapheme of its own, so bytes split as characters would).
            lines = translation.utf8.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D })
                .map { trimmingSpaces(String(decoding: $0, as: UTF8.self)) }.filter { !$0.isEmpty }
        }
        if lines.isEmpty { lines = [""] }
        switch block {
        case .atxHeading, .tableCell, .htmlText:
            // One line: a hard break's backslash would turn into a literal one.
            let last = lines.count - 1
            var joined = lines.enumerated().map { index, line in
                index < last && line.hasSuffix("\\") && !line.hasSuffix("\\\\") ? trimmingSpaces(String(line.dropLast())) : line
            }.joined(separator: " ")
            if block == .tableCell { joined = escapingPipes(joined) }
            if block == .atxHeading { joined = escapingClosingSequence(joined) }
            return [joined]
        case .paragraph, .setextHeading:
            return lines.enumerated().map { escapingBlockStart($0.element, isFirst: $0.offset == 0) }
        case .taskItemParagraph:
            return lines.enumerated().map { $0.offset == 0 ? $0.element : escapingBlockStart($0.element, isFirst: false) }
        }
    }

    /// `[^label]:` as cmark-gfm's footnotes extension reads a definition's start: a label of at least
    /// one character that is not `]`, whitespace or NUL.
    static func opensFootnoteDefinition(_ line: String) -> Bool {
        let bytes = line.utf8
        guard bytes.starts(with: "[^".utf8) else { return false }
        var index = bytes.index(bytes.startIndex, offsetBy: 2)
        var labelLength = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "]") {
                let next = bytes.index(after: index)
                return labelLength > 0 && next < bytes.endIndex && bytes[next] == UInt8(ascii: ":")
            }
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0 { return false }
            labelLength += 1
            index = bytes.index(after: index)
        }
        return false
    }

    private static func trimmingSpaces(_ line: String) -> String {
        guard let first = line.utf8.first, let last = line.utf8.last,
              first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 else { return line }
        var scalars = Substring(line).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Escapes the character that would make `line` open a new block.
    static func escapingBlockStart(_ line: String, isFirst: Bool) -> String {
        guard let first = line.unicodeScalars.first else { return line }
        let rest = Substring(line).dropFirst()
        func escapeFirst() -> String { "\\" + line }
        switch first {
        case "#":
            let hashes = line.prefix { $0 == "#" }.count
            let after = line.dropFirst(hashes).first
            return hashes <= 6 && (after == nil || after == " " || after == "\t") ? escapeFirst() : line
        case ">":
            return escapeFirst()
        case "-", "+", "*":
            let after = rest.first
            if after == nil || after == " " || after == "\t" { return escapeFirst() }
            if isThematicBreakOrUnderline(line) { return escapeFirst() }
            if first == "-", isTableDelimiterRow(line) { return escapeFirst() }
            return line
        case "=", "_":
            return isThematicBreakOrUnderline(line) ? escapeFirst() : line
        case "|", ":":
            return isTableDelimiterRow(line) ? escapeFirst() : line
        case "`", "~":
            let fence = line.prefix { $0 == Character(first) }
            // A backtick fence's info string holds no backtick; otherwise it is a code span.
            guard fence.count >= 3, first == "~" || !line.dropFirst(fence.count).contains("`") else { return line }
            return escapeFirst()
        case "[":
            // `[^note]:` on any line would open a footnote definition (cmark-gfm lets one interrupt a
            // paragraph) and take the page's own note of that label; `[label]: …` at the start of a
            // paragraph would become a link reference definition.
            if opensFootnoteDefinition(line) { return escapeFirst() }
            return isFirst && LinkReferenceDefinitions.linesConsumed([Substring(line).utf8.map { $0 }[...]]) > 0 ? escapeFirst() : line
        case "<":
            return opensHTMLBlock(line) ? escapeFirst() : line
        case "0"..."9":
            let digits = line.prefix { $0.isASCII && $0.isNumber }
            guard digits.count <= 9, let marker = line.dropFirst(digits.count).first, marker == "." || marker == ")" else { return line }
            let after = line.dropFirst(digits.count + 1).first
            guard after == nil || after == " " || after == "\t" else { return line }
            return String(digits) + "\\" + line.dropFirst(digits.count)
        default:
            return line
        }
    }

    /// Bytes, not characters: every line that starts with `*` or `_` (emphasis, mostly) is asked, and
    /// the second byte usually answers.
    private static func isThematicBreakOrUnderline(_ line: String) -> Bool {
        var mark: UInt8?
        var count = 0
        for byte in line.utf8 where byte != 0x20 && byte != 0x09 {
            if mark == nil { mark = byte } else if byte != mark { return false }
            count += 1
        }
        guard let mark else { return false }
        return mark == UInt8(ascii: "=") || mark == UInt8(ascii: "-") ? true : count >= 3
    }

    private static func isTableDelimiterRow(_ line: String) -> Bool {
        line.contains("-") && line.allSatisfy { $0 == "|" || $0 == "-" || $0 == ":" || $0 == " " || $0 == "\t" }
    }

    /// HTML block starts that can interrupt a paragraph (CommonMark kinds 1–6, as cmark-gfm 0.29 scans them).
    private static func opensHTMLBlock(_ line: String) -> Bool {
        let lower = line.lowercased()
        if lower.hasPrefix("<!--") || lower.hasPrefix("<?") || lower.hasPrefix("<![cdata[") { return true }
        // Kind 4 is `<!` and an ASCII capital (cmark-gfm 0.29): `<!doctype` and `<!r …` stay text.
        if line.hasPrefix("<!"), let next = line.unicodeScalars.dropFirst(2).first, ("A"..."Z").contains(next) { return true }
        guard lower.hasPrefix("<") else { return false }
        var name = lower.dropFirst()
        let closing = name.hasPrefix("/")
        if closing { name = name.dropFirst() }
        let tag = String(name.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) })
        // The name must end the tag or be followed by a blank, `>` or `/>` (`<details'` is text).
        let after = name.dropFirst(tag.count)
        let ends = after.isEmpty || after.first == " " || after.first == "\t" || after.hasPrefix(">")
        // Kind 1 (cmark-gfm 0.29 has no `textarea` there, CommonMark 0.30 added it).
        if !closing, ["script", "pre", "style"].contains(tag) { return ends }
        return blockTagNames.contains(tag) && (ends || after.hasPrefix("/>"))
    }

    /// Escapes every pipe not already escaped: in a GFM table, even a pipe inside a code span ends the cell.
    static func escapingPipes(_ text: String) -> String {
        guard text.containsUTF8Byte(UInt8(ascii: "|")) else { return text }
        var output = ""
        var escaped = false
        for character in text {
            if character == "|" && !escaped { output.append("\\") }
            escaped = character == "\\" && !escaped
            output.append(character)
        }
        return output
    }

    /// `Learn C #` would lose its `#` to the heading's closing sequence: escape it.
    static func escapingClosingSequence(_ text: String) -> String {
        guard text.hasSuffix("#") else { return text }
        let hashes = text.reversed().prefix { $0 == "#" }.count
        let before = text.dropLast(hashes)
        guard before.isEmpty || before.hasSuffix(" ") || before.hasSuffix("\t") else { return text }
        return before + "\\" + String(repeating: "#", count: hashes)
    }

    private static let blockTagNames: Set<String> = [
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col", "colgroup", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link", "main", "menu",
        "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "search", "section", "summary", "table",
        "tbody", "td", "tfoot", "th", "thead", "title", "tr", "track", "ul",
    ]
}
