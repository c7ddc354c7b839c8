import Foundation

/// The structure of an ICU MessageFormat pattern: literal text, `{arguments}`, and plural/select branches.
///
/// Parsing follows ICU's rules: `''` is an apostrophe; an apostrophe before `{`, `}`, `|` (or `#` inside a
/// plural branch) starts quoted literal text up to the next lone apostrophe; any other apostrophe is literal.
public struct MessagePattern: Equatable, Sendable {
    public indirect enum Part: Equatable, Sendable {
        /// Literal text, with ICU quoting already resolved.
        case text(String)
        /// `#` inside a plural branch: the number.
        case number
        case argument(Argument)
    }

    public struct Argument: Equatable, Sendable {
        public enum Kind: Equatable, Sendable {
            /// `{name}` or `{name, number}` / `{name, date, short}`: a value formatted in place.
            case simple(type: String?, style: String?)
            case plural(offset: Int, branches: [Branch])
            case selectOrdinal(offset: Int, branches: [Branch])
            case select(branches: [Branch])
        }
        public let name: String
        public let kind: Kind
        /// Byte offset of the opening brace in the pattern.
        public let offset: Int
        /// Byte offset just past the closing brace.
        public let end: Int
    }

    public struct Branch: Equatable, Sendable {
        /// `one`, `few`, `other`, `=0`, or a select keyword.
        public let selector: String
        /// Byte offset of the selector in the pattern.
        public let offset: Int
        public let parts: [Part]
        /// The branch's message exactly as written between its braces.
        public let source: String
    }

    public let parts: [Part]

    /// The maximum depth of nested arguments: deeper patterns are rejected rather than recursed into.
    public static let maximumNesting = 16

    /// Parses `pattern`.
    ///
    /// - Parameter requiringOther: ICU rejects a plural, selectordinal or select argument without an
    ///   `other` branch, and so does this parser by default. Pass false to get the tree anyway, for a
    ///   check that reports every missing branch rather than stopping at the first
    ///   (see `MessageFormatValidator`).
    public init(_ pattern: String, requiringOther: Bool = true) throws(MessageFormatError) {
        var parser = Parser(bytes: Array(pattern.utf8), requiringOther: requiringOther)
        parts = try parser.parseMessage(depth: 0, inPlural: false)
        if parser.position < parser.bytes.count {
            throw MessageFormatError(offset: parser.position, reason: "unmatched '}'")
        }
    }

    /// The names of every argument, nested ones included, in order of first use.
    public var argumentNames: [String] {
        var names: [String] = []
        func visit(_ parts: [Part]) {
            for case .argument(let argument) in parts {
                if !names.contains(argument.name) { names.append(argument.name) }
                switch argument.kind {
                case .simple: break
                case .plural(_, let branches), .selectOrdinal(_, let branches), .select(let branches):
                    branches.forEach { visit($0.parts) }
                }
            }
        }
        visit(parts)
        return names
    }
}

private struct Parser {
    let bytes: [UInt8]
    let requiringOther: Bool
    var position = 0

    init(bytes: [UInt8], requiringOther: Bool) {
        self.bytes = bytes
        self.requiringOther = requiringOther
    }

    private static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    private static let apostrophe = UInt8(ascii: "'"), pound = UInt8(ascii: "#"), pipe = UInt8(ascii: "|")

    mutating func parseMessage(depth: Int, inPlural: Bool) throws(MessageFormatError) -> [MessagePattern.Part] {
        var parts: [MessagePattern.Part] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))); text.removeAll() }
        }
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case Self.closeBrace:
                flush()
                return parts
            case Self.openBrace:
                flush()
                parts.append(.argument(try parseArgument(depth: depth + 1)))
            case Self.pound where inPlural:
                flush()
                parts.append(.number)
                position += 1
            case Self.apostrophe:
                position += 1
                guard position < bytes.count else { text.append(byte); continue }
                let next = bytes[position]
                if next == Self.apostrophe {
                    text.append(Self.apostrophe)
                    position += 1
                } else if next == Self.openBrace || next == Self.closeBrace || next == Self.pipe || (inPlural && next == Self.pound) {
                    // Quoted literal up to the next lone apostrophe ('' inside stays one apostrophe).
                    while position < bytes.count {
                        if bytes[position] == Self.apostrophe {
                            if position + 1 < bytes.count && bytes[position + 1] == Self.apostrophe {
                                text.append(Self.apostrophe)
                                position += 2
                                continue
                            }
                            position += 1
                            break
                        }
                        text.append(bytes[position])
                        position += 1
                    }
                } else {
                    text.append(Self.apostrophe)
                }
            default:
                text.append(byte)
                position += 1
            }
        }
        flush()
        return parts
    }

    private mutating func parseArgument(depth: Int) throws(MessageFormatError) -> MessagePattern.Argument {
        let start = position
        if depth > MessagePattern.maximumNesting {
            throw MessageFormatError(offset: start, reason: "arguments nested more than \(MessagePattern.maximumNesting) deep")
        }
        position += 1  // {
        skipWhitespace()
        let name = readIdentifier()
        guard !name.isEmpty else { throw MessageFormatError(offset: position, reason: "expected an argument name after '{'") }
        skipWhitespace()
        if consume(Self.closeBrace) { return .init(name: name, kind: .simple(type: nil, style: nil), offset: start, end: position) }
        guard consume(UInt8(ascii: ",")) else {
            throw MessageFormatError(offset: position, reason: "expected ',' or '}' after argument name '\(name)'")
        }
        skipWhitespace()
        let type = readIdentifier()
        guard !type.isEmpty else { throw MessageFormatError(offset: position, reason: "expected an argument type after '\(name),'") }
        skipWhitespace()
        switch type {
        case "plural", "selectordinal", "select":
            guard consume(UInt8(ascii: ",")) else {
                throw MessageFormatError(offset: position, reason: "expected ',' after '\(type)'")
            }
            var offset = 0
            skipWhitespace()
            if type != "select", matches("offset:") {
                position += "offset:".utf8.count
                skipWhitespace()
                let digits = readIdentifier()
                guard let value = Int(digits) else { throw MessageFormatError(offset: position, reason: "expected a number after 'offset:'") }
                offset = value
            }
            let branches = try parseBranches(depth: depth, inPlural: type != "select", argumentStart: start)
            switch type {
            case "plural": return .init(name: name, kind: .plural(offset: offset, branches: branches), offset: start, end: position)
            case "selectordinal": return .init(name: name, kind: .selectOrdinal(offset: offset, branches: branches), offset: start, end: position)
            default: return .init(name: name, kind: .select(branches: branches), offset: start, end: position)
            }
        default:
            var style: String?
            if consume(UInt8(ascii: ",")) {
                let styleStart = position
                var nesting = 0
                while position < bytes.count {
                    if bytes[position] == Self.openBrace { nesting += 1 }
                    if bytes[position] == Self.closeBrace {
                        if nesting == 0 { break }
                        nesting -= 1
                    }
                    position += 1
                }
                style = String(decoding: bytes[styleStart..<position], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard consume(Self.closeBrace) else {
                throw MessageFormatError(offset: start, reason: "argument '\(name)' is not closed with '}'")
            }
            return .init(name: name, kind: .simple(type: type, style: style), offset: start, end: position)
        }
    }

    private mutating func parseBranches(depth: Int, inPlural: Bool, argumentStart: Int) throws(MessageFormatError) -> [MessagePattern.Branch] {
        var branches: [MessagePattern.Branch] = []
        while true {
            skipWhitespace()
            guard position < bytes.count else {
                throw MessageFormatError(offset: argumentStart, reason: "argument is not closed with '}'")
            }
            if consume(Self.closeBrace) { break }
            let selectorStart = position
            let selector = readIdentifier(allowingEquals: inPlural)
            guard !selector.isEmpty else {
                throw MessageFormatError(offset: selectorStart, reason: "expected a selector such as 'one' or 'other'")
            }
            skipWhitespace()
            guard consume(Self.openBrace) else {
                throw MessageFormatError(offset: position, reason: "expected '{' after selector '\(selector)'")
            }
            let messageStart = position
            let parts = try parseMessage(depth: depth, inPlural: inPlural)
            guard consume(Self.closeBrace) else {
                throw MessageFormatError(offset: selectorStart, reason: "the '\(selector)' branch is not closed with '}'")
            }
            let source = String(decoding: bytes[messageStart..<(position - 1)], as: UTF8.self)
            if branches.contains(where: { $0.selector == selector }) {
                throw MessageFormatError(offset: selectorStart, reason: "selector '\(selector)' appears twice")
            }
            branches.append(.init(selector: selector, offset: selectorStart, parts: parts, source: source))
        }
        guard !requiringOther || branches.contains(where: { $0.selector == "other" }) else {
            throw MessageFormatError(offset: argumentStart, reason: "an 'other' branch is required")
        }
        return branches
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private func matches(_ word: String) -> Bool {
        let expected = Array(word.utf8)
        return bytes.count - position >= expected.count && Array(bytes[position..<(position + expected.count)]) == expected
    }

    private mutating func readIdentifier(allowingEquals: Bool = false) -> String {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            let isWordByte = byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".") || (allowingEquals && byte == UInt8(ascii: "="))
            if !isWordByte { break }
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }
}
