import Extractor

/// Writes a string as a TOML string in the form the source used, switching form only when the value
/// cannot be written that way.
///
/// - `basic` (`"…"`) holds anything: `"`, `\` and control characters are escaped as TOML 1.0 requires,
///   a line break as `\n`, so the key stays on one line.
/// - `literal` (`'…'`) cannot hold `'`, a line break or a control character other than tab; such a
///   value becomes a basic string. Not a multi-line literal: a one-line key stays one line, and the
///   escapes say exactly where the translator's line breaks are.
/// - `multilineBasic` (`"""…"""`) holds anything; `\` and control characters other than tab and line
///   breaks are escaped, and so is a `"` that would start a run of three or stand before the closing delimiter.
/// - `multilineLiteral` (`'''…'''`) cannot hold `'''`, end with `'`, or hold control characters other
///   than tab and line breaks; such a value becomes a multi-line basic string (same shape, escapes allowed).
///
/// Multi-line forms open with a line break, which TOML drops, so the text starts on its own line.
///
/// ```swift
/// TOMLStringRenderer.render("Ölçü", preferring: .basic)        // "Ölçü" in double quotes
/// TOMLStringRenderer.render("it's", preferring: .literal)      // "it's" in double quotes
/// TOMLStringRenderer.render("C:\\tmp", preferring: .literal)   // 'C:\tmp'
/// ```
public enum TOMLStringRenderer {
    /// - Parameter lineEnding: written for each line break of a multi-line string (`"\r\n"` in a CRLF file).
    public static func render(_ value: String, preferring style: TOMLStringStyle, lineEnding: String = "\n") -> String {
        switch style {
        case .basic:
            return basic(value)
        case .literal:
            return value.unicodeScalars.allSatisfy({ $0 != "'" && !isControl($0) }) ? "'" + value + "'" : basic(value)
        case .multilineBasic:
            return multilineBasic(value, lineEnding: lineEnding)
        case .multilineLiteral:
            let fits = !value.contains("'''") && !value.hasSuffix("'") && value.unicodeScalars.allSatisfy { $0 == "\n" || !isControl($0) }
            guard fits else { return multilineBasic(value, lineEnding: lineEnding) }
            return "'''" + lineEnding + value.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: lineEnding) + "'''"
        }
    }

    /// `"…"`: one line, everything TOML 1.0 forbids raw escaped.
    static func basic(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            // Tab may stand raw in a basic string; escaped, it cannot be mistaken for spaces.
            case "\t": out += "\\t"
            default: appendEscapingControl(scalar, to: &out)
            }
        }
        return out + "\""
    }

    /// `"""…"""`: line breaks and tabs stay as written.
    static func multilineBasic(_ value: String, lineEnding: String) -> String {
        var out = "\"\"\"" + lineEnding
        let scalars = Array(value.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += lineEnding
            case "\t": out += "\t"
            case "\"":
                // No two raw quotes in a row, none right before the closing `"""`: never a `"""` too early.
                let isLastOrDoubled = index == scalars.count - 1 || scalars[index + 1] == "\""
                out += isLastOrDoubled ? "\\\"" : "\""
            default: appendEscapingControl(scalar, to: &out)
            }
        }
        return out + "\"\"\""
    }

    private static func appendEscapingControl(_ scalar: Unicode.Scalar, to out: inout String) {
        switch scalar {
        case "\u{08}": out += "\\b"
        case "\t": out += "\\t"
        case "\n": out += "\\n"
        case "\u{0C}": out += "\\f"
        case "\r": out += "\\r"
        default:
            if isControl(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }

    /// U+0000–U+001F except tab, and U+007F: TOML allows them in no string raw.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }
}
