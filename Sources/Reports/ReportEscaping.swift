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
        if !text.containsUTF8Byte(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            default: result.unicodeScalars.append(isControl(scalar) ? "\u{FFFD}" : scalar)
            }
        }
        return result
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
