#if canImport(Glibc)
import Glibc
#endif
import Core

/// A small, hostile-input-safe XML tokenizer for the exchange files tolk reads (XLIFF 1.2 and 2.0).
///
/// Why not Foundation's `XMLParser`: it expands entities declared in a DOCTYPE (billion laughs), may
/// fetch external ones, and reports positions we cannot map to our own diagnostics. This tokenizer:
/// - refuses any `<!DOCTYPE`, so there are no declared entities to expand or fetch;
/// - accepts only the five predefined entities and numeric character references;
/// - reads CDATA as text, skips comments, processing instructions and the XML declaration;
/// - rejects invalid UTF-8 (naming the byte offset), unbalanced tags, and nesting deeper than `maximumDepth`;
/// - gives every token and error a 1-based line and column (columns count characters, not bytes).
///
/// It is a pull tokenizer: `next()` returns one token at a time, so a reader keeps only the unit it is
/// building, not a tree of the whole document. Given its input in chunks (`init(chunks:)`), it holds
/// only a window of it: the token being read and about a megabyte around it, so memory does not grow
/// with the file (a single token, such as a megabyte of text in one unit, is held whole).
public struct XMLTokenizer {
    public struct Position: Equatable, Sendable {
        public var line: Int
        public var column: Int
    }

    /// A start tag's attributes in document order. An element has a handful, so a list searched in
    /// order is cheaper than a dictionary (which costs a hash table per tag).
    public struct Attributes: Equatable, Sendable, Sequence {
        public private(set) var pairs: [(name: String, value: String)] = []

        public init() {}

        public subscript(name: String) -> String? {
            for pair in pairs where pair.name == name { return pair.value }
            return nil
        }

        public var count: Int { pairs.count }

        mutating func append(_ name: String, _ value: String) { pairs.append((name, value)) }

        public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { pairs.makeIterator() }

        public static func == (lhs: Attributes, rhs: Attributes) -> Bool {
            lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
        }
    }

    public enum Token: Equatable {
        case startTag(name: String, attributes: Attributes, selfClosing: Bool, at: Position)
        case endTag(name: String, at: Position)
        /// Character data with references resolved; CDATA sections arrive as text too.
        case text(String, at: Position)
    }

    public static let defaultMaximumDepth = 64

    /// The input read and not yet dropped: the whole document, or a window of a streamed one.
    private var bytes: [UInt8]
    /// Offset of `bytes[0]` in the document (0 unless a streamed window dropped what it had read).
    private var base = 0
    /// Where more input comes from while streaming: the next bytes, or none at the end of the input.
    private var chunks: (() throws -> [UInt8])?
    /// A streamed window drops what it has read once the cursor is this far in.
    private let compactionOffset: Int
    /// `bytes[..<validated]` is known to be UTF-8.
    private var validated = 0
    /// Line and column of `bytes[0]`, counted as `UTF8Validation.position` counts, for the position of invalid UTF-8.
    private var baseLineAndColumn = (line: 1, column: 1)
    private var offset = 0
    private var line = 1
    private var lineStart = 0
    private var columnCache: (lineStart: Int, offset: Int, column: Int) = (0, 0, 1)
    private(set) var openTags: [(name: String, at: Position)] = []
    private let maximumDepth: Int
    private var sawRoot = false
    /// A piece of a document (`init(piece:…)`), or one read with `readsPiece`: its end is not the
    /// document's, so `next()` returns nil there without asking for a root element closed.
    var readsPiece = false

    /// Checks the whole input is UTF-8 first (one linear pass), so later slices decode without surprises.
    public init(bytes: [UInt8], maximumDepth: Int = XMLTokenizer.defaultMaximumDepth) throws(XMLSyntaxError) {
        if let bad = UTF8Validation.firstInvalidOffset(in: bytes) {
            let (line, column) = UTF8Validation.position(of: bad, in: bytes)
            throw XMLSyntaxError(line: line, column: column, message: "invalid UTF-8 at byte offset \(bad)",
                                 hint: "save the file as UTF-8")
        }
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        compactionOffset = .max
        validated = bytes.count
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3; lineStart = 3 }
    }

    /// Streams the document: `chunks` returns the next bytes of the input (any number) and an empty
    /// array at its end; an error it throws stops reading with a diagnostic. UTF-8 is checked as the
    /// bytes arrive, so invalid UTF-8 is reported when the window reaches it, not before the first token
    /// (a reader applies nothing before the end anyway). `compactingAfter` is how far the cursor gets
    /// into the window before the bytes behind it are dropped.
    public init(chunks: @escaping () throws -> [UInt8], compactingAfter: Int = 1 << 20, maximumDepth: Int = XMLTokenizer.defaultMaximumDepth) throws(XMLSyntaxError) {
        bytes = []
        self.chunks = chunks
        self.maximumDepth = maximumDepth
        compactionOffset = max(1, compactingAfter)
        try fill(through: 3)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3; lineStart = 3 }
    }

    /// Reads a piece of a document cut just before a start tag: `bytes` begin at `position` with
    /// `openTags` open around them. `next()` returns nil at the piece's end; `openTags` then says which
    /// elements are still open, so the caller can check the piece ended where it was cut to end.
    /// A position inside the piece is what the whole document's tokenizer gives there when the piece's
    /// lines end in LF or CRLF (a lone CR counts as a line break in text only, which a cut cannot know).
    init(piece bytes: [UInt8], at position: Position, inside openTags: [(name: String, at: Position)],
         maximumDepth: Int = XMLTokenizer.defaultMaximumDepth) throws(XMLSyntaxError) {
        if let bad = UTF8Validation.firstInvalidOffset(in: bytes) {
            throw XMLSyntaxError(position, "invalid UTF-8 at byte offset \(bad) of a piece")
        }
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        compactionOffset = .max
        validated = bytes.count
        line = position.line
        // The line began before the piece: columns count on from the piece's first byte.
        lineStart = -1
        columnCache = (-1, 0, position.column)
        self.openTags = openTags
        sawRoot = true
        readsPiece = true
    }

    public var depth: Int { openTags.count }

    /// How many bytes of the input the tokenizer holds now (the whole input unless streaming).
    var windowByteCount: Int { bytes.count }

    /// The next token, or nil at the end of a well-formed document.
    public mutating func next() throws(XMLSyntaxError) -> Token? {
        while true {
            if chunks != nil { try loadToken() }
            guard offset < bytes.count else { break }
            let start = currentPosition()
            if bytes[offset] != UInt8(ascii: "<") {
                let text = try readText()
                if openTags.isEmpty {
                    if text.contains(where: { !$0.isWhitespace }) {
                        throw XMLSyntaxError(start, "text outside the root element", hint: "remove it or put it inside an element")
                    }
                    continue
                }
                return .text(text, at: start)
            }
            // Tags are most of the markup: the byte after `<` tells them from the rest.
            let second = offset + 1 < bytes.count ? bytes[offset + 1] : 0
            if second == UInt8(ascii: "/") { return try readEndTag(start) }
            if second != UInt8(ascii: "!") && second != UInt8(ascii: "?") { return try readStartTag(start) }
            if matches("<!--") { try skip(past: "-->", what: "comment", from: start); continue }
            if matches("<?") { try skip(past: "?>", what: "processing instruction", from: start); continue }
            if matches("<![CDATA[") {
                guard !openTags.isEmpty else { throw XMLSyntaxError(start, "CDATA outside the root element") }
                offset += 9
                let contentStart = offset
                guard let end = find("]]>") else { throw XMLSyntaxError(start, "unterminated CDATA section", hint: "expected ']]>'") }
                advance(to: end)
                let text = String(decoding: bytes[contentStart..<end], as: UTF8.self)
                advance(to: end + 3)
                return .text(text, at: start)
            }
            if matches("<!DOCTYPE") || matches("<!doctype") {
                throw XMLSyntaxError(start, "DOCTYPE declarations are not allowed",
                                     hint: "remove the <!DOCTYPE …> line: exchange files need no DTD, and tolk never expands declared entities")
            }
            if matches("<!") { throw XMLSyntaxError(start, "unexpected markup declaration '<!'", hint: "expected an element, a comment or CDATA") }
            if matches("</") { return try readEndTag(start) }
            return try readStartTag(start)
        }
        if readsPiece { return nil }
        if let open = openTags.last {
            throw XMLSyntaxError(currentPosition(), "expected </\(open.name)> before the end of the file",
                                 hint: "<\(open.name)> opened at \(open.at.line):\(open.at.column) is never closed")
        }
        if !sawRoot { throw XMLSyntaxError(currentPosition(), "no root element", hint: "expected an <xliff> element") }
        return nil
    }

    // MARK: - Tags

    private mutating func readStartTag(_ start: Position) throws(XMLSyntaxError) -> Token {
        if sawRoot && openTags.isEmpty { throw XMLSyntaxError(start, "a second root element", hint: "a document has one root element") }
        offset += 1
        let name = try readName(expected: "an element name after '<'")
        var attributes = Attributes()
        // Duplicate names are found by a linear look-up while a tag has few attributes, by a set beyond.
        var names: Set<String>?
        while true {
            let hadSpace = skipWhitespace()
            guard offset < bytes.count else { throw XMLSyntaxError(currentPosition(), "expected '>' to close <\(name)> before the end of the file") }
            if bytes[offset] == UInt8(ascii: ">") { offset += 1; break }
            if matches("/>") {
                offset += 2
                sawRoot = true
                guard openTags.count < maximumDepth else { throw tooDeep(start) }
                return .startTag(name: name, attributes: attributes, selfClosing: true, at: start)
            }
            guard hadSpace else { throw XMLSyntaxError(currentPosition(), "expected whitespace, '>' or '/>' in <\(name)>") }
            let attributePosition = currentPosition()
            let attribute = try readName(expected: "an attribute name, '>' or '/>' in <\(name)>")
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "=") else {
                throw XMLSyntaxError(currentPosition(), "expected '=' after attribute \(attribute)")
            }
            offset += 1
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") || bytes[offset] == UInt8(ascii: "'") else {
                throw XMLSyntaxError(currentPosition(), "expected a quoted value for attribute \(attribute)")
            }
            let value = try readAttributeValue(of: attribute)
            if attributes.count == 16 { names = Set(attributes.pairs.map(\.name)) }
            let isDuplicate = names != nil ? !names!.insert(attribute).inserted : attributes[attribute] != nil
            if isDuplicate { throw XMLSyntaxError(attributePosition, "attribute \(attribute) appears twice in <\(name)>") }
            attributes.append(attribute, value)
        }
        sawRoot = true
        guard openTags.count < maximumDepth else { throw tooDeep(start) }
        openTags.append((name, start))
        return .startTag(name: name, attributes: attributes, selfClosing: false, at: start)
    }

    private func tooDeep(_ at: Position) -> XMLSyntaxError {
        XMLSyntaxError(at, "elements nested deeper than \(maximumDepth) levels", hint: "an exchange file needs a handful; this file is malformed or hostile")
    }

    private mutating func readEndTag(_ start: Position) throws(XMLSyntaxError) -> Token {
        offset += 2
        let name = try readName(expected: "an element name after '</'")
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: ">") else { throw XMLSyntaxError(currentPosition(), "expected '>' to close </\(name)>") }
        offset += 1
        guard let open = openTags.last else { throw XMLSyntaxError(start, "</\(name)> closes no open element") }
        guard open.name == name else {
            throw XMLSyntaxError(start, "expected </\(open.name)>, found </\(name)>", hint: "<\(open.name)> opened at \(open.at.line):\(open.at.column)")
        }
        openTags.removeLast()
        return .endTag(name: name, at: start)
    }

    /// `expected` is only spelt out for an error: an attribute's message names its element, and building
    /// it for every attribute read cost more than reading the attribute.
    private mutating func readName(expected: @autoclosure () -> String) throws(XMLSyntaxError) -> String {
        let start = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            let isNameByte = byte >= 0x80 || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (offset > start && ((byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")))
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
            guard isNameByte else { break }
            offset += 1
        }
        guard offset > start else { throw XMLSyntaxError(currentPosition(), "expected \(expected())") }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    private mutating func readAttributeValue(of attribute: String) throws(XMLSyntaxError) -> String {
        let quote = bytes[offset]
        let valueStart = currentPosition()
        offset += 1
        // Most values have no reference and no whitespace to normalize: one slice, decoded once.
        let start = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == quote || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") || byte == 0x09 || byte == 0x0A || byte == 0x0D { break }
            offset += 1
        }
        if offset < bytes.count, bytes[offset] == quote {
            offset += 1
            return String(decoding: bytes[start..<(offset - 1)], as: UTF8.self)
        }
        var value = Array(bytes[start..<offset])
        while true {
            guard offset < bytes.count else { throw XMLSyntaxError(valueStart, "unterminated value of attribute \(attribute)") }
            let byte = bytes[offset]
            if byte == quote { offset += 1; break }
            if byte == UInt8(ascii: "<") { throw XMLSyntaxError(currentPosition(), "'<' in the value of attribute \(attribute)", hint: "write &lt;") }
            if byte == UInt8(ascii: "&") { value += try readReference(); continue }
            if byte == UInt8(ascii: "\n") { newline(at: offset) }
            // Attribute-value normalization: literal whitespace characters become spaces.
            value.append(byte == 0x09 || byte == 0x0A || byte == 0x0D ? 0x20 : byte)
            offset += 1
        }
        return String(decoding: value, as: UTF8.self)
    }

    // MARK: - Text

    private mutating func readText() throws(XMLSyntaxError) -> String {
        // Most text has no reference and no CR: then it is one slice of the input, decoded once.
        let start = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\r") { break }
            if byte == UInt8(ascii: "\n") { newline(at: offset) }
            offset += 1
        }
        if offset == bytes.count || bytes[offset] == UInt8(ascii: "<") { return String(decoding: bytes[start..<offset], as: UTF8.self) }
        var text = Array(bytes[start..<offset])
        while offset < bytes.count, bytes[offset] != UInt8(ascii: "<") {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "&") { text += try readReference(); continue }
            if byte == UInt8(ascii: "\r") {
                // XML end-of-line handling: CRLF and lone CR both read as LF.
                text.append(0x0A)
                offset += 1
                if offset < bytes.count, bytes[offset] == 0x0A { offset += 1 }
                newline(at: offset - 1)
                continue
            }
            if byte == UInt8(ascii: "\n") { newline(at: offset) }
            text.append(byte)
            offset += 1
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let predefinedEntities: [String: UInt8] = ["lt": UInt8(ascii: "<"), "gt": UInt8(ascii: ">"), "amp": UInt8(ascii: "&"), "quot": UInt8(ascii: "\""), "apos": UInt8(ascii: "'")]

    private mutating func readReference() throws(XMLSyntaxError) -> [UInt8] {
        let start = currentPosition()
        let nameStart = offset + 1
        var end = nameStart
        while end < bytes.count, end - nameStart < 32, bytes[end] != UInt8(ascii: ";") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";") else {
            throw XMLSyntaxError(start, "'&' that starts no reference", hint: "write &amp; for a literal ampersand")
        }
        let name = String(decoding: bytes[nameStart..<end], as: UTF8.self)
        offset = end + 1
        if let byte = Self.predefinedEntities[name] { return [byte] }
        if name.hasPrefix("#") {
            let isHex = name.hasPrefix("#x")
            let digits = name.dropFirst(isHex ? 2 : 1)
            guard !digits.isEmpty, let value = UInt32(digits, radix: isHex ? 16 : 10), let scalar = Unicode.Scalar(value), Self.isXMLCharacter(value) else {
                throw XMLSyntaxError(start, "&\(name); is not a valid character reference")
            }
            return Array(String(Character(scalar)).utf8)
        }
        throw XMLSyntaxError(start, "unknown entity &\(name);",
                             hint: "only &lt; &gt; &amp; &quot; &apos; and numeric references such as &#x2014; are allowed")
    }

    private static func isXMLCharacter(_ value: UInt32) -> Bool {
        value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
    }

    // MARK: - Cursor

    /// Columns are counted from the last position asked for on the same line, so a file written on one
    /// long line costs linear time, not quadratic.
    private mutating func currentPosition() -> Position {
        // (A streamed window keeps the cache at or after its start, so `lineStart` below 0 is never scanned from.)
        if columnCache.lineStart != lineStart || columnCache.offset > offset { columnCache = (lineStart, max(lineStart, 0), 1) }
        var column = columnCache.column
        var index = columnCache.offset
        let end = min(offset, bytes.count)
        if index < end {
            column += bytes.withUnsafeBytes { raw in raw.utf8CharacterCount(from: index, to: end) }
            index = end
        }
        columnCache = (lineStart, index, column)
        return Position(line: line, column: column)
    }

    private mutating func newline(at index: Int) {
        line += 1
        lineStart = index + 1
    }

    private func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { pattern in
            for index in 0..<count where bytes[offset + index] != pattern[index] { return false }
            return true
        }
    }

    /// Where `literal` next starts, at or after `start` (the cursor): its first byte is looked for with `memchr`.
    private func find(_ literal: StaticString, from start: Int? = nil) -> Int? {
        let count = literal.utf8CodeUnitCount
        return literal.withUTF8Buffer { pattern -> Int? in
            bytes.withUnsafeBufferPointer { buffer -> Int? in
                var index = start ?? offset
                while index + count <= buffer.count {
                    guard let found = memchr(buffer.baseAddress! + index, Int32(pattern[0]), buffer.count - index) else { return nil }
                    index = buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    guard index + count <= buffer.count else { return nil }
                    var same = true
                    for step in 1..<count where buffer[index + step] != pattern[step] { same = false; break }
                    if same { return index }
                    index += 1
                }
                return nil
            }
        }
    }

    /// Moves the cursor to `target`, counting the lines it passes.
    private mutating func advance(to target: Int) {
        while offset < target {
            if bytes[offset] == 0x0A { newline(at: offset) }
            offset += 1
        }
    }

    private mutating func skip(past terminator: StaticString, what: String, from start: Position) throws(XMLSyntaxError) {
        guard let end = find(terminator) else { throw XMLSyntaxError(start, "unterminated \(what)", hint: "expected '\(terminator)'") }
        advance(to: end + terminator.utf8CodeUnitCount)
    }

    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = offset
        while offset < bytes.count, bytes[offset] == 0x20 || bytes[offset] == 0x09 || bytes[offset] == 0x0A || bytes[offset] == 0x0D {
            if bytes[offset] == 0x0A { newline(at: offset) }
            offset += 1
        }
        return offset > start
    }

    // MARK: - Streaming

    /// Makes sure the window holds the whole token at the cursor, and 64 bytes beyond it (a reference
    /// is looked for up to 32 bytes past an `&`): the parsing code then never meets the window's end
    /// before the input's. A token ends at the next `<` (text, and tags, in which a `<` is an error),
    /// or at its terminator (comments, processing instructions, CDATA).
    private mutating func loadToken() throws(XMLSyntaxError) {
        if offset >= compactionOffset { compact() }
        try fill(through: offset + 16)
        guard offset < bytes.count else { return }
        var terminator: StaticString = "<"
        var from = offset + 1
        let second = offset + 1 < bytes.count ? bytes[offset + 1] : 0
        if bytes[offset] != UInt8(ascii: "<") {
            from = offset
        } else if second != UInt8(ascii: "!") && second != UInt8(ascii: "?") {
            // a tag: it ends at the next `<`
        } else if matches("<!--") {
            terminator = "-->"; from = offset + 4
        } else if matches("<?") {
            terminator = "?>"; from = offset + 2
        } else if matches("<![CDATA[") {
            terminator = "]]>"; from = offset + 9
        } else if matches("<!") {
            return  // a declaration: refused from its first bytes
        }
        let length = terminator.utf8CodeUnitCount
        while true {
            if let end = find(terminator, from: from) {
                try fill(through: end + length + 64)
                return
            }
            guard chunks != nil else { return }
            from = max(from, bytes.count - length + 1)
            try fill(through: bytes.count + 1)
        }
    }

    /// Reads chunks until the window holds `count` bytes or the input ends, checking their UTF-8.
    private mutating func fill(through count: Int) throws(XMLSyntaxError) {
        while bytes.count < count, let next = chunks {
            let more: [UInt8]
            do {
                more = try next()
            } catch {
                throw XMLSyntaxError(currentPosition(), "cannot read the file (\(error))")
            }
            if more.isEmpty { chunks = nil } else { bytes += more }
            switch UTF8Validation.check(bytes, from: validated, final: chunks == nil) {
            case .valid(let end):
                validated = end
            case .invalid(let bad):
                let (line, column) = UTF8Validation.position(of: bad, in: bytes, start: baseLineAndColumn)
                throw XMLSyntaxError(line: line, column: column, message: "invalid UTF-8 at byte offset \(base + bad)", hint: "save the file as UTF-8")
            }
        }
    }

    /// Drops the bytes behind the cursor. The column cache is brought to the cursor first, so no
    /// position needs a dropped byte.
    private mutating func compact() {
        let drop = offset
        let position = currentPosition()
        baseLineAndColumn = (position.line, position.column)
        bytes.removeSubrange(0..<drop)
        base += drop
        offset -= drop
        validated -= drop
        lineStart -= drop
        columnCache.lineStart -= drop
        columnCache.offset -= drop
    }
}

/// A well-formedness or safety problem that stops reading an XML file.
public struct XMLSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var hint: String?

    public init(line: Int, column: Int, message: String, hint: String? = nil) {
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    init(_ at: XMLTokenizer.Position, _ message: String, hint: String? = nil) {
        self.init(line: at.line, column: at.column, message: message, hint: hint)
    }

    public var description: String { "\(line):\(column): \(message)" + (hint.map { " (\($0))" } ?? "") }
}
