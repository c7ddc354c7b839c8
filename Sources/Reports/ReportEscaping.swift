import Core

/// Making text from catalogs and file names safe for each output: a translation may contain anything
/// (`<script>`, `|`, an escape sequence, a right-to-left override), and a report must show it as text.
public enum ReportEscaping {
    /// For a terminal: control characters (escape sequences, carriage returns, newlines) become U+FFFD
    /// so a file name cannot move the cursor, recolour the terminal or break the table's rows.
    static func terminal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "\u{FFFD}" : $0 }))
    }

    /// For HTML text and attribute values (double- or single-quoted). Control characters other than
    /// tab and newline, which HTML does not allow, become U+FFFD.
    public static func html(_ text: String) -> String {
        // Most text has nothing to escape: one pass over the bytes says so.
        guard text.containsUTF8Byte(where: mayNeedHTMLEscape) else { return text }
        var bytes: [UInt8] = []
        appendHTML(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `html(text)`'s UTF-8 bytes appended to `bytes`, without a `String` in between (the preview
    /// writes 55,000 pages of a large site this way).
    public static func appendHTML(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            var copied = 0, index = 0
            while index < utf8.count {
                let byte = utf8[index]
                guard mayNeedHTMLEscape(byte) else { index += 1; continue }
                let replacement: StaticString
                var length = 1
                switch byte {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22: replacement = "&quot;"
                case 0x27: replacement = "&#39;"
                case 0x09, 0x0A: index += 1; continue
                case 0xC2:
                    // U+0080–U+009F (C1 controls) are C2 80 – C2 9F; other characters after C2 stay.
                    guard index + 1 < utf8.count, (0x80...0x9F).contains(utf8[index + 1]) else { index += 1; continue }
                    replacement = "\u{FFFD}"
                    length = 2
                default: replacement = "\u{FFFD}"   // C0 controls and DEL
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copied..<index]))
                replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
                index += length
                copied = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copied...]))
        }
    }

    /// The bytes `appendHTML` may replace (`0xC2` leads the C1 controls, and other characters).
    private static func mayNeedHTMLEscape(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 || byte < 0x20 || byte == 0x7F || byte == 0xC2
    }

    /// For SVG (XML 1.0 text and attributes): as HTML, and XML forbids the same control characters.
    static func xml(_ text: String) -> String { html(text) }

    /// For a cell of a GitHub Markdown table: inline syntax and HTML are escaped, pipes too (they end a
    /// cell), and line breaks become spaces (they end a row).
    static func markdownCell(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", "!": result += "\\" + String(scalar)
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\n", "\r": result += " "
            default: result.unicodeScalars.append(isControl(scalar) ? "\u{FFFD}" : scalar)
            }
        }
        return result
    }

    /// C0 and C1 control characters and DEL.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
