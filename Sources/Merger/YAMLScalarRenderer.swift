import Extractor
import Foundation

/// Writes a string as a YAML scalar in the style the source used, switching to double quotes only
/// when the value cannot be written that way (a `: ` in a plain scalar, a newline in a quoted one,
/// a `,` `]` `}` or `:` in a flow collection, …).
///
/// What it writes replaces the value's bytes only: an anchor or tag in front (`&t`, `!!str`) stays. A
/// plain or quoted value folded over several lines is written on one line, plain when it can be.
public enum YAMLScalarRenderer {
    /// - Parameter lineEnding: written for each line break of a block scalar (`"\r\n"` in a CRLF front matter).
    public static func render(_ value: String, preferring style: YAMLScalarStyle, lineEnding: String = "\n") -> String {
        switch style {
        case .plain(let inFlow):
            return isSafePlain(value, inFlow: inFlow) ? value : doubleQuoted(value)
        case .singleQuoted:
            return value.contains(where: { $0.isNewline || ($0.asciiValue.map { $0 < 0x20 } ?? false) })
                ? doubleQuoted(value) : "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        case .doubleQuoted:
            return doubleQuoted(value)
        case .block(let header, let indentation):
            let pad = String(repeating: " ", count: indentation)
            var body = value
            while body.hasSuffix("\n") { body.removeLast() }
            if header.hasPrefix(">") {
                // Folded: single line breaks would fold into spaces, so write the text's lines apart.
                let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
                return header + lineEnding + lines.map { $0.isEmpty ? "" : pad + $0 }.joined(separator: lineEnding + lineEnding)
            }
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
            return header + lineEnding + lines.map { $0.isEmpty ? "" : pad + $0 }.joined(separator: lineEnding)
        }
    }

    static func doubleQuoted(_ value: String) -> String {
        // On bytes: only ASCII is escaped, so the runs between escapes are copied as they are (valid
        // UTF-8 stays valid). Every translated title and summary of every page passes here.
        var value = value
        return value.withUTF8 { bytes in
            var out: [UInt8] = [UInt8(ascii: "\"")]
            out.reserveCapacity(bytes.count + 8)
            var runStart = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
                default: out += [UInt8(ascii: "x"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            out.append(UInt8(ascii: "\""))
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A plain scalar that reads back as the same string (not a number, boolean, null, or syntax).
    private static let flowIndicators: Set<UInt8> = Set(",[]{}:#".utf8)

    static func isSafePlain(_ value: String, inFlow: Bool) -> Bool {
        guard let first = value.first, let last = value.last else { return false }
        if first.isWhitespace || last.isWhitespace { return false }
        if "-?:,[]{}#&*!|>'\"%@`".contains(first) { return false }
        // On bytes, as a YAML parser reads code points: `: ` is a key's end and ` #` a comment even
        // when a combining mark follows (to `Character`s, ": \u{301}" holds no ": ").
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in value.utf8 {
            if previous == UInt8(ascii: ":") && byte == UInt8(ascii: " ") || previous == UInt8(ascii: " ") && byte == UInt8(ascii: "#") { return false }
            // Control characters and line breaks: C0 controls (CR, LF among them), NEL (C2 85), U+2028 and U+2029 (E2 80 A8/A9).
            if byte < 0x20 || previous == 0xC2 && byte == 0x85 || beforePrevious == 0xE2 && previous == 0x80 && (byte == 0xA8 || byte == 0xA9) { return false }
            // In a flow collection (`[a, b]`, `{title: x}`) these would end the value or start a key.
            if inFlow, Self.flowIndicators.contains(byte) { return false }
            beforePrevious = previous
            previous = byte
        }
        if previous == UInt8(ascii: ":") { return false }
        if value.utf8.count <= 20, ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"].contains(value.lowercased()) { return false }
        if value.allSatisfy({ $0.isNumber || ".-+_:eE".contains($0) }) { return false }
        return true
    }
}
