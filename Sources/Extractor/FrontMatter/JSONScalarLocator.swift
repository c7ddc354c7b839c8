/// Finds every scalar of a JSON front matter (Hugo's third form, an object at the very top of the page)
/// with its byte span, so that a translated string replaces exactly its token and nothing else moves.
/// Keys are named as in YAML and TOML front matter: `params.subtitle`, `tags[1]`; `keyPath` drops the
/// array indices (`tags`) for matching against the configured keys.
///
/// ```swift
/// let bytes = Array(#"{ "title": "Caf\u00e9", "tags": ["a"] }"#.utf8)
/// let document = try JSONScalarLocator(bytes: bytes, start: 0, end: bytes.count, firstLine: 1).document()
/// document.scalars.map(\.path)   // ["title", "tags[0]"]
/// ```
struct JSONScalarLocator {
    struct Scalar: Equatable {
        var path: String
        var keyPath: String
        /// A string's value with escapes resolved; a number's, boolean's or null's text as written.
        var value: String
        var isString: Bool
        /// The whole token, quotes included.
        var span: Range<Int>
        var line: Int
        /// A member of the root object itself.
        var isTopLevel: Bool
    }

    struct Document {
        var scalars: [Scalar]
        /// The root object: its `{` and just after its `}`.
        var objectStart: Int
        var objectEnd: Int
        /// Just after the root object's last member's value, where a member tolk adds goes (after a comma);
        /// nil for an empty object.
        var lastMemberEnd: Int?
        /// The indentation of the root object's first member (`  `), for members tolk adds.
        var memberIndent: [UInt8]
    }

    enum Failure: Error, Equatable {
        case syntax(line: Int, column: Int, message: String)
        case tooComplex(String)
    }

    /// Deeper than this, the front matter is refused rather than read by deeper and deeper recursion.
    static let maximumDepth = 64

    let bytes: [UInt8]
    let start: Int
    let end: Int
    let firstLine: Int

    func document() throws(Failure) -> Document {
        var reader = Reader(bytes: bytes, position: start, end: end, start: start, firstLine: firstLine)
        reader.skipWhitespace()
        guard reader.position < end, bytes[reader.position] == UInt8(ascii: "{") else { throw reader.syntax("a JSON front matter starts with {") }
        let objectStart = reader.position
        try reader.object(path: "", keyPath: "", depth: 0, isRoot: true)
        let objectEnd = reader.position
        reader.skipWhitespace()
        guard reader.position == end else { throw reader.syntax("nothing may follow the front matter's closing }") }
        return Document(scalars: reader.scalars, objectStart: objectStart, objectEnd: objectEnd, lastMemberEnd: reader.rootLastMemberEnd,
                        memberIndent: reader.rootMemberIndent)
    }

    private struct Reader {
        let bytes: [UInt8]
        var position: Int
        let end: Int
        let start: Int
        let firstLine: Int
        var scalars: [Scalar] = []
        var rootLastMemberEnd: Int?
        var rootMemberIndent: [UInt8] = [0x20, 0x20]

        func syntax(_ message: String, at offset: Int? = nil) -> Failure {
            let offset = min(offset ?? position, bytes.count)
            var line = firstLine, lineStart = start
            for index in start..<max(start, offset) where bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            return .syntax(line: line, column: offset - lineStart + 1, message: message)
        }

        func line(of offset: Int) -> Int {
            var line = firstLine
            for index in start..<offset where bytes[index] == 0x0A { line += 1 }
            return line
        }

        mutating func skipWhitespace() {
            while position < end, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
            skipWhitespace()
            guard position < end, bytes[position] == byte else { throw syntax("expected \(what)") }
            position += 1
        }

        mutating func object(path: String, keyPath: String, depth: Int, isRoot: Bool = false) throws(Failure) {
            guard depth < maximumDepth else { throw .tooComplex("objects and arrays nested more than \(maximumDepth) deep") }
            position += 1   // {
            skipWhitespace()
            if position < end, bytes[position] == UInt8(ascii: "}") { position += 1; return }
            var first = true
            while true {
                skipWhitespace()
                if isRoot && first {
                    var indentStart = position
                    while indentStart > start, bytes[indentStart - 1] == 0x20 || bytes[indentStart - 1] == 0x09 { indentStart -= 1 }
                    if indentStart > start, bytes[indentStart - 1] == 0x0A { rootMemberIndent = Array(bytes[indentStart..<position]) }
                }
                first = false
                guard position < end, bytes[position] == UInt8(ascii: "\"") else { throw syntax("expected a \"key\" in quotes") }
                let keyStart = position
                let key = try string()
                guard !key.isEmpty else { throw syntax("an empty key cannot be a front matter field", at: keyStart) }
                try expect(UInt8(ascii: ":"), ": after the key \"\(key)\"")
                try value(path: path.isEmpty ? key : path + "." + key, keyPath: keyPath.isEmpty ? key : keyPath + "." + key,
                          depth: depth + 1, isTopLevel: isRoot)
                if isRoot { rootLastMemberEnd = position }
                skipWhitespace()
                guard position < end else { throw syntax("the object is not closed: expected , or }") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return }
                throw syntax("expected , or } after the value of \"\(key)\"")
            }
        }

        mutating func array(path: String, keyPath: String, depth: Int) throws(Failure) {
            guard depth < maximumDepth else { throw .tooComplex("objects and arrays nested more than \(maximumDepth) deep") }
            position += 1   // [
            skipWhitespace()
            if position < end, bytes[position] == UInt8(ascii: "]") { position += 1; return }
            var index = 0
            while true {
                try value(path: path + "[\(index)]", keyPath: keyPath, depth: depth + 1, isTopLevel: false)
                index += 1
                skipWhitespace()
                guard position < end else { throw syntax("the array is not closed: expected , or ]") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return }
                throw syntax("expected , or ] in the array")
            }
        }

        mutating func value(path: String, keyPath: String, depth: Int, isTopLevel: Bool) throws(Failure) {
            skipWhitespace()
            guard position < end else { throw syntax("expected a value") }
            let begin = position
            switch bytes[position] {
            case UInt8(ascii: "{"): try object(path: path, keyPath: keyPath, depth: depth)
            case UInt8(ascii: "["): try array(path: path, keyPath: keyPath, depth: depth)
            case UInt8(ascii: "\""):
                let text = try string()
                scalars.append(Scalar(path: path, keyPath: keyPath, value: text, isString: true, span: begin..<position, line: line(of: begin), isTopLevel: isTopLevel))
            default:
                while position < end, !([0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(bytes[position])) { position += 1 }
                let token = String(decoding: bytes[begin..<position], as: UTF8.self)
                guard ["true", "false", "null"].contains(token) || Self.isNumber(token) else {
                    throw syntax(token.isEmpty ? "expected a value" : "'\(token)' is no JSON value: strings need \"quotes\"", at: begin)
                }
                scalars.append(Scalar(path: path, keyPath: keyPath, value: token, isString: false, span: begin..<position, line: line(of: begin), isTopLevel: isTopLevel))
            }
        }

        static func isNumber(_ token: String) -> Bool {
            guard let first = token.utf8.first, first == UInt8(ascii: "-") || (0x30...0x39).contains(first) else { return false }
            return Double(token) != nil
        }

        /// A string token from its opening quote; returns its value with escapes resolved.
        mutating func string() throws(Failure) -> String {
            let opening = position
            position += 1
            var value: [UInt8] = []
            while position < end {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return String(decoding: value, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard position + 1 < end else { throw syntax("the string is not closed", at: opening) }
                    let escaped = bytes[position + 1]
                    position += 2
                    switch escaped {
                    case UInt8(ascii: "\""): value.append(0x22)
                    case UInt8(ascii: "\\"): value.append(0x5C)
                    case UInt8(ascii: "/"): value.append(0x2F)
                    case UInt8(ascii: "b"): value.append(0x08)
                    case UInt8(ascii: "f"): value.append(0x0C)
                    case UInt8(ascii: "n"): value.append(0x0A)
                    case UInt8(ascii: "r"): value.append(0x0D)
                    case UInt8(ascii: "t"): value.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hexQuad()
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard position + 1 < end, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                                throw syntax("a \\u escape of a high surrogate needs its low surrogate", at: position - 6)
                            }
                            position += 2
                            let low = try hexQuad()
                            guard (0xDC00...0xDFFF).contains(low) else { throw syntax("a high surrogate is followed by no low surrogate", at: position - 6) }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw syntax("\\u escape of a lone surrogate", at: position - 6) }
                        value += Array(String(Character(unicode)).utf8)
                    default:
                        throw syntax("unknown escape \\\(Character(Unicode.Scalar(escaped)))", at: position - 2)
                    }
                case 0x00..<0x20:
                    throw syntax(byte == 0x0A ? "the string is not closed on its line" : "a control character in a string must be escaped")
                default:
                    value.append(byte)
                    position += 1
                }
            }
            throw syntax("the string is not closed", at: opening)
        }

        mutating func hexQuad() throws(Failure) -> UInt32 {
            guard position + 4 <= end, let number = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
                throw syntax("\\u needs four hex digits")
            }
            position += 4
            return number
        }
    }
}

/// Writes a JSON string: quotes, backslashes and control characters escaped, everything else as it is.
public enum JSONStringRenderer {
    public static func render(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    output += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}
