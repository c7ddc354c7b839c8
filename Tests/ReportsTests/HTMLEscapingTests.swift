import Testing
import TestSupport
@testable import Reports

/// `ReportEscaping.html` works on UTF-8 bytes (the preview appends each page's texts with it): it must
/// escape exactly what a character-by-character reading of the rule escapes, whatever the text holds.
@Suite struct HTMLEscapingTests {
    /// The rule, one scalar at a time: the five markup characters as entities, tab and newline kept,
    /// other C0 and C1 controls and DEL as U+FFFD, everything else as it is.
    static func reference(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            default: result.unicodeScalars.append(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "\u{FFFD}" : scalar)
            }
        }
        return result
    }

    @Test func escapesWhatTheRuleEscapesAndNothingElse() {
        let cases = [
            "", "plain text", "Tom & Jerry <b>\"hi\"</b> it's", "tab\tand\nnewline\r\u{0}\u{1B}[31m red",
            // C1 controls are C2 80–C2 9F in UTF-8; ¢ (C2 A2), NBSP (C2 A0) and Â (C3 82) are letters, not controls.
            "\u{80}\u{85}\u{9F} ¢\u{A0}Â\u{7F}", "Ж&ж", "العربية <span dir=\"rtl\">", "👩🏽‍💻 & 🇸🇪", "\u{202E}override\u{202C}",
            "ends with a C1 control \u{9F}", "&amp; already", "<<<>>>''\"\"",
        ]
        for text in cases {
            #expect(ReportEscaping.html(text) == Self.reference(text), "\(text.debugDescription)")
            var bytes: [UInt8] = Array("prefix ".utf8)
            ReportEscaping.appendHTML(text, to: &bytes)
            #expect(bytes == Array(("prefix " + Self.reference(text)).utf8), "\(text.debugDescription)")
        }
        // Random texts from the characters that matter, next to one another in every order.
        let alphabet: [Unicode.Scalar] = ["a", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{0}", "\u{1F}", "\u{7F}", "\u{80}", "\u{9F}",
                                          "\u{A0}", "\u{A2}", "\u{C2}", "\u{FFFD}", "Ж", "€", "😀"]
        var generator = SplitMix64(seed: 21)
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 12) { text.unicodeScalars.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            #expect(ReportEscaping.html(text) == Self.reference(text), "\(text.debugDescription)")
        }
    }
}
