/// Goldmark's attribute lists, as Hugo enables them: after a heading's text (`## Replacing the wick {#wick}`,
/// on by default) and, on sites that set `markup.goldmark.parser.attribute.block`, on a line of their own
/// below a block (`{.note}`). Their ids and classes are anchors and styles, never prose.
///
/// ```swift
/// GoldmarkAttributes.end(in: Array("{#wick .wide}".utf8), at: 0)   // 13
/// GoldmarkAttributes.end(in: Array("{word}".utf8), at: 0)          // nil: a bare word is no attribute
/// ```
enum GoldmarkAttributes {
    /// Longer than this, the braces are prose: it bounds the look-ahead on hostile input.
    static let maximumLength = 1024

    /// Just after the attribute list opening at `start` (`{#id .class key=value key="quoted value"}`),
    /// or nil when the braces there are not one. It stays on one line and holds at least one attribute.
    static func end(in bytes: [UInt8], at start: Int) -> Int? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { return nil }
        let horizon = min(bytes.count, start + maximumLength)
        var position = start + 1
        var attributes = 0
        while position < horizon {
            while position < horizon, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
            guard position < horizon else { return nil }
            let byte = bytes[position]
            if byte == UInt8(ascii: "}") { return attributes > 0 ? position + 1 : nil }
            if byte == UInt8(ascii: "#") || byte == UInt8(ascii: ".") {
                let nameStart = position + 1
                position = nameStart
                while position < horizon, isNameByte(bytes[position]) { position += 1 }
                guard position > nameStart else { return nil }
            } else if isNameByte(byte) {
                while position < horizon, isNameByte(bytes[position]) { position += 1 }
                guard position < horizon, bytes[position] == UInt8(ascii: "=") else { return nil }
                position += 1
                guard position < horizon else { return nil }
                let quote = bytes[position]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    position += 1
                    while position < horizon, bytes[position] != quote {
                        if bytes[position] == 0x0A { return nil }
                        position += 1
                    }
                    guard position < horizon else { return nil }
                    position += 1
                } else {
                    let valueStart = position
                    while position < horizon, isNameByte(bytes[position]) { position += 1 }
                    guard position > valueStart else { return nil }
                }
            } else {
                return nil
            }
            attributes += 1
        }
        return nil
    }

    /// Letters, digits and `-`, `_`, `:` as ids, classes and keys are written; any byte of a UTF-8
    /// sequence too (Goldmark takes non-ASCII ids).
    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte >= 0x30 && byte <= 0x39
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
    }
}
