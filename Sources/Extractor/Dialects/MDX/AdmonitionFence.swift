/// One line of a `:::` container as Docusaurus admonitions and Starlight asides write it:
/// `:::note`, `:::tip[Did you know?]`, `:::note Your title` (Docusaurus' older form),
/// `::::caution{icon="warning"}` (more colons for an outer one), or a closing `:::`.
///
/// ```swift
/// AdmonitionFence.read(Array(":::tip[Title]".utf8), line: 0..<13)
/// // opening(colons: 3, name: "tip", title: 7..<12)
/// ```
public struct AdmonitionFence: Sendable, Equatable {
    /// Where the colons start.
    public var start: Int
    public var colons: Int
    /// The directive's name (`note`, `tip`); nil for a closing fence.
    public var name: String?
    /// The title's text (inside `[…]`, or after the name), when there is one.
    public var title: Range<Int>?

    public var isClosing: Bool { name == nil }

    /// The fence on the line `line` (without its line ending), or nil when the line is something else.
    public static func read(_ bytes: [UInt8], line: Range<Int>) -> AdmonitionFence? {
        var index = line.lowerBound
        while index < line.upperBound, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        let start = index
        while index < line.upperBound, bytes[index] == UInt8(ascii: ":") { index += 1 }
        let colons = index - start
        guard colons >= 3 else { return nil }
        let nameStart = index
        while index < line.upperBound, JSXSyntax.isNameByte(bytes[index]), bytes[index] < 0x80 { index += 1 }
        if index == nameStart {
            // Only colons (and spaces): a closing fence.
            return bytes[index..<line.upperBound].allSatisfy({ $0 == 0x20 || $0 == 0x09 })
                ? AdmonitionFence(start: start, colons: colons, name: nil, title: nil) : nil
        }
        guard JSXSyntax.isNameStart(bytes[nameStart]) else { return nil }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        var title: Range<Int>?
        if index < line.upperBound, bytes[index] == UInt8(ascii: "[") {
            // The label: brackets may nest (`[A [b] c]`); a backslash escapes one.
            var depth = 0
            var probe = index
            var close: Int?
            while probe < line.upperBound {
                let byte = bytes[probe]
                if byte == UInt8(ascii: "\\") { probe += 2; continue }
                if byte == UInt8(ascii: "[") { depth += 1 }
                if byte == UInt8(ascii: "]") { depth -= 1; if depth == 0 { close = probe; break } }
                probe += 1
            }
            guard let close else { return nil }
            title = trimmed(index + 1..<close, in: bytes)
            index = close + 1
        }
        if index < line.upperBound, bytes[index] == UInt8(ascii: "{") {
            // Attributes (`{icon="heart"}`): kept as they are.
            guard case .complete(let end) = JSXSyntax.expressionEnd(in: bytes, at: index, limit: line.upperBound) else { return nil }
            index = end
        }
        let rest = trimmed(index..<line.upperBound, in: bytes)
        if !rest.isEmpty {
            // `:::note Your title`: only after a space, and only without a bracketed label.
            guard title == nil, index < line.upperBound, bytes[index] == 0x20 || bytes[index] == 0x09 else { return nil }
            title = rest
        }
        if let range = title, range.isEmpty { title = nil }
        return AdmonitionFence(start: start, colons: colons, name: name, title: title)
    }

    private static func trimmed(_ range: Range<Int>, in bytes: [UInt8]) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }
}
