import Foundation

/// One Liquid construct as written in a Jekyll page: a tag `{% include note.html %}` or an output
/// `{{ site.baseurl }}`, with its whitespace-trimming forms `{%- … -%}` and `{{- … -}}`. Only the
/// lexical shape is read; what a tag does is Jekyll's.
///
/// Liquid itself ends a tag at the first `%}` (an output at the first `}}`); tolk skips a quoted
/// string that closes on its line first, so `{{ "a }} b" | upcase }}` is one construct: protecting a
/// little more than Liquid would is harmless, cutting a tag in two would leave half of it as prose.
///
/// ```swift
/// LiquidTag.read(Array("{% post_url 2024-05-01-lamps %}".utf8), at: 0)
/// // .construct(kind: .tag, name: "post_url", range: 0..<31, …)
/// ```
public struct LiquidTag: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `{% … %}`
        case tag
        /// `{{ … }}`
        case output
    }

    public enum Reading: Sendable, Equatable {
        case construct(LiquidTag)
        /// `{%` or `{{` with nothing to end it before the next one opens (or the lookahead ends).
        case unclosed(kind: Kind, name: String)
    }

    public var range: Range<Int>
    public var kind: Kind
    /// The tag's name (`include`, `endraw`); empty for an output.
    public var name: String
    /// What stands between the name and the closing delimiter (`note.html content="Hi"`).
    public var markup: Range<Int>

    /// How far a construct is looked for; the bound keeps a page of unclosed `{%` linear.
    static let lookahead = 4096

    /// Whether `{%` or `{{` starts at `index`.
    public static func opens(_ bytes: [UInt8], at index: Int) -> Bool {
        index + 1 < bytes.count && bytes[index] == UInt8(ascii: "{")
            && (bytes[index + 1] == UInt8(ascii: "%") || bytes[index + 1] == UInt8(ascii: "{"))
    }

    /// Reads the construct starting at `index`, or nil when no `{%` / `{{` starts there.
    public static func read(_ bytes: [UInt8], at index: Int) -> Reading? {
        guard opens(bytes, at: index) else { return nil }
        let kind: Kind = bytes[index + 1] == UInt8(ascii: "%") ? .tag : .output
        let closing = kind == .tag ? UInt8(ascii: "%") : UInt8(ascii: "}")
        let horizon = min(bytes.count, index + lookahead)
        var position = index + 2
        if position < horizon, bytes[position] == UInt8(ascii: "-") { position += 1 }
        while position < horizon, isSpace(bytes[position]) { position += 1 }
        let nameStart = position
        if kind == .tag {
            if position < horizon, bytes[position] == UInt8(ascii: "#") {
                position += 1
            } else {
                while position < horizon, isWordByte(bytes[position]) { position += 1 }
            }
        }
        let name = String(decoding: bytes[nameStart..<position], as: UTF8.self)
        let markupStart = position
        while position < horizon {
            let byte = bytes[position]
            if byte == closing, position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "}") {
                var markupEnd = position
                if markupEnd > markupStart, bytes[markupEnd - 1] == UInt8(ascii: "-") { markupEnd -= 1 }
                return .construct(LiquidTag(range: index..<position + 2, kind: kind, name: name,
                                            markup: markupStart..<max(markupStart, markupEnd)))
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                // A string that closes on its line is skipped whole; a lone quote is an ordinary byte.
                var probe = position + 1
                while probe < horizon, bytes[probe] != byte, bytes[probe] != 0x0A { probe += 1 }
                position = probe < horizon && bytes[probe] == byte ? probe + 1 : position + 1
                continue
            }
            // Another construct opens before this one ends: this one is not closed. (An output may
            // stand inside a tag: `{% include {{ page.note }} %}`.)
            if byte == UInt8(ascii: "{"), position + 1 < bytes.count,
               bytes[position + 1] == UInt8(ascii: "%") || (kind == .output && bytes[position + 1] == UInt8(ascii: "{")) {
                return .unclosed(kind: kind, name: name)
            }
            position += 1
        }
        return .unclosed(kind: kind, name: name)
    }

    /// The tags whose content is no prose and no Liquid Jekyll runs as text: `raw` (printed as written),
    /// `comment` (dropped) and `highlight` (code). A message or a page region holding one is code.
    public static let opaqueBlocks: Set<String> = ["raw", "comment", "highlight"]

    /// The `{% end<name> %}` that closes the block opened before `start`, or nil when none does before
    /// `limit`. Comments nest; a raw block ends at its first `endraw`, whatever it holds.
    public static func blockEnd(of name: String, in bytes: [UInt8], from start: Int, limit: Int) -> LiquidTag? {
        var depth = 1
        var position = start
        let endName = "end" + name
        while position + 1 < limit {
            guard bytes[position] == UInt8(ascii: "{"), bytes[position + 1] == UInt8(ascii: "%"),
                  case .construct(let tag) = read(bytes, at: position), tag.range.upperBound <= limit else {
                position += 1
                continue
            }
            if tag.name == endName {
                depth -= 1
                if depth == 0 { return tag }
            } else if tag.name == name, name == "comment" {
                depth += 1
            }
            position = tag.range.upperBound
        }
        return nil
    }

    /// A short form for messages: `{% include note.html %}`, `{{ site.baseurl }}`, cut after 60 bytes.
    public static func display(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return text.count <= 60 ? text : String(text.prefix(57)) + "…"
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}

/// An include's named parameter (`content="Some text"`), as Jekyll's `include` tag reads them:
/// `name=value` with a double-quoted, single-quoted (backslash escapes the quote) or bare value.
public struct LiquidIncludeParameter: Sendable, Equatable {
    public enum Quoting: Sendable, Equatable { case double, single, bare }
    public var name: String
    /// The value as written, quotes included.
    public var value: Range<Int>
    public var quoting: Quoting

    /// The file and the parameters of `{% include file params %}` (or `include_relative`).
    public static func parameters(of tag: LiquidTag, in bytes: [UInt8]) -> (file: String, parameters: [LiquidIncludeParameter]) {
        var position = tag.markup.lowerBound
        let end = tag.markup.upperBound
        func skipSpace() { while position < end, LiquidTag.isSpace(bytes[position]) { position += 1 } }
        skipSpace()
        let fileStart = position
        if position + 1 < end, bytes[position] == UInt8(ascii: "{"), bytes[position + 1] == UInt8(ascii: "{") {
            while position + 1 < end, !(bytes[position] == UInt8(ascii: "}") && bytes[position + 1] == UInt8(ascii: "}")) { position += 1 }
            position = min(end, position + 2)
        } else {
            while position < end, !LiquidTag.isSpace(bytes[position]) { position += 1 }
        }
        let file = String(decoding: bytes[fileStart..<position], as: UTF8.self)
        var parameters: [LiquidIncludeParameter] = []
        while position < end {
            skipSpace()
            let nameStart = position
            while position < end, LiquidTag.isWordByte(bytes[position]) { position += 1 }
            let name = String(decoding: bytes[nameStart..<position], as: UTF8.self)
            skipSpace()
            guard !name.isEmpty, position < end, bytes[position] == UInt8(ascii: "=") else {
                // Not `name=`: skip the word Jekyll would refuse, and go on.
                position = max(position, nameStart + 1)
                continue
            }
            position += 1
            skipSpace()
            guard position < end else { break }
            let valueStart = position
            let quote = bytes[position]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                position += 1
                while position < end, bytes[position] != quote {
                    if bytes[position] == UInt8(ascii: "\\") { position += 1 }
                    position += 1
                }
                guard position < end else { break }
                position += 1
                parameters.append(LiquidIncludeParameter(name: name, value: valueStart..<position, quoting: quote == UInt8(ascii: "\"") ? .double : .single))
            } else {
                while position < end, !LiquidTag.isSpace(bytes[position]) { position += 1 }
                parameters.append(LiquidIncludeParameter(name: name, value: valueStart..<position, quoting: .bare))
            }
        }
        return (file, parameters)
    }

    /// The text Jekyll passes to the include: the quotes removed, `\"` (or `\'`) unescaped.
    public func text(in bytes: [UInt8]) -> String {
        let value = String(decoding: bytes[self.value], as: UTF8.self)
        switch quoting {
        case .bare: return value
        case .double: return String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
        case .single: return String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\'", with: "'")
        }
    }

    /// A translation written back as a quoted value in the source's quotes, the quote escaped with a
    /// backslash. Line breaks become spaces, and `%}` (which would end the tag) becomes `% }`.
    public static func render(_ text: String, singleQuoted: Bool) -> String {
        let quote = singleQuoted ? "'" : "\""
        let oneLine = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "%}", with: "% }")
        return quote + oneLine.replacingOccurrences(of: quote, with: "\\" + quote) + quote
    }
}
