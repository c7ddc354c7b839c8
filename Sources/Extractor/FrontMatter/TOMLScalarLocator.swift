import Catalog

/// Finds every value of TOML front matter (`+++`) with its key path, value, style and exact byte span,
/// so a translation can replace the value and nothing else (comments, key order and quoting stay).
///
/// A hand-written scanner for TOML 1.0 as Hugo sites write it: comments, bare, quoted and dotted keys,
/// `[table]` and `[[array.of.tables]]` headers, the four string forms, arrays, inline tables, and
/// numbers, booleans and dates (reported with their text as written). It checks what a TOML reader
/// would refuse — a key or table defined twice included — and stops at the first problem with its
/// 1-based line and column. Front matter is treated as hostile: arrays and inline tables nest at most
/// `maximumDepth` deep (the scanner recurses only through them), key paths hold at most `maximumKeyPathKeys`
/// keys and `maximumKeyPathBytes` bytes, and a document holds at most `maximumScalars` values and
/// `maximumPathBytesInAll` bytes of paths.
///
/// ```swift
/// let bytes = Array("+++\ntitle = \"Hello\"\n[params]\nauthor = 'Ann'\n+++\n".utf8)
/// let scalars = try TOMLScalarLocator(bytes: bytes, start: 4, end: 44, firstLine: 2).scalars()
/// // title "Hello" (.basic, line 2, span 12..<19), params.author "Ann" (.literal, line 4)
/// ```
struct TOMLScalarLocator {
    struct Scalar: Equatable {
        /// `menu.main[1].name`, `title`, `tags[0]`, `params.social.links[2]`.
        var path: String
        /// Key path without array indices (`menu.main.name`, `tags`).
        var keyPath: String
        /// A string's value with escapes resolved and line breaks as `\n`; a number's, boolean's or date's text as written.
        var value: String
        /// How a string was written; nil for a number, boolean or date.
        var style: TOMLStringStyle?
        /// The whole token, quotes included.
        var span: Range<Int>
        var line: Int
        /// A key of the root table itself (above every `[table]` header, no dots, not an array element).
        var isTopLevel: Bool

        var isString: Bool { style != nil }
    }

    /// The scalars, and where a key added to the root table belongs.
    struct Document {
        var scalars: [Scalar]
        /// With `[table]` headers present, just after the root table's last key/value line (a key written
        /// below a header would belong to that table); nil when there are no headers.
        var rootTableEnd: Int?
    }

    enum Failure: Error, Equatable {
        case syntax(line: Int, column: Int, message: String)
        case tooComplex(String)
    }

    static let maximumDepth = 64
    static let maximumScalars = 200_000
    static let maximumKeyPathKeys = 128
    static let maximumKeyPathBytes = 4096
    /// All the scalars' paths together: long keys times many array elements would otherwise take gigabytes.
    static let maximumPathBytesInAll = 32 << 20

    let bytes: [UInt8]
    /// Offset of the TOML text inside `bytes`, and the line number of its first line.
    let start: Int
    let end: Int
    let firstLine: Int

    init(bytes: [UInt8], start: Int, end: Int, firstLine: Int) {
        self.bytes = bytes
        self.start = start
        self.end = end
        self.firstLine = firstLine
    }

    func scalars() throws(Failure) -> [Scalar] {
        try document().scalars
    }

    func document() throws(Failure) -> Document {
        var scanner = TOMLScanner(bytes: bytes, start: start, end: end, firstLine: firstLine)
        return try scanner.scanDocument()
    }
}

enum TOMLDiagnostics {
    static func diagnostic(for failure: TOMLScalarLocator.Failure, file: String) -> Diagnostic {
        switch failure {
        case .syntax(let line, let column, let message):
            return Diagnostic(.error, file: file, line: line, column: column, "TOML: \(message)", hint: "fix the TOML; nothing in this block was extracted")
        case .tooComplex(let reason):
            return Diagnostic(.error, file: file, line: 1, "TOML: refused: \(reason)", hint: "simplify the TOML")
        }
    }
}

// MARK: - Scanner

private enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote = UInt8(ascii: "\"")
    static let apostrophe = UInt8(ascii: "'")
    static let backslash = UInt8(ascii: "\\")
    static let hash = UInt8(ascii: "#")
    static let equals = UInt8(ascii: "=")
    static let dot = UInt8(ascii: ".")
    static let comma = UInt8(ascii: ",")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66) }
    static func isBareKey(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") }
    /// Bytes of numbers, booleans and dates (`+1_000`, `6.626e-34`, `1979-05-27T07:32:00.5Z`, `inf`).
    static func isBareValue(_ byte: UInt8) -> Bool { isBareKey(byte) || byte == UInt8(ascii: "+") || byte == dot || byte == UInt8(ascii: ":") }
    /// Control characters TOML allows nowhere but in escapes (tab is allowed).
    static func isControl(_ byte: UInt8) -> Bool { (byte < 0x20 && byte != tab) || byte == 0x7F }
}

/// Where a value sits: `menu.main[1].name` and, without indices, `menu.main.name`.
private struct TOMLLocation {
    var path = ""
    var keyPath = ""
    var keyCount = 0

    func child(_ key: String) -> TOMLLocation {
        TOMLLocation(path: path.isEmpty ? key : path + "." + key, keyPath: keyPath.isEmpty ? key : keyPath + "." + key, keyCount: keyCount + 1)
    }

    func element(_ index: Int) -> TOMLLocation {
        TOMLLocation(path: path + "[\(index)]", keyPath: keyPath, keyCount: keyCount)
    }
}

private struct TOMLScanner {
    typealias Failure = TOMLScalarLocator.Failure

    /// What a key path names so far, to refuse what TOML forbids: a key set twice, a table defined twice,
    /// a value used as a table, a table closed by an inline table or dotted keys reopened by a header.
    enum Definition {
        case value
        /// `[a.b]` was written.
        case table
        /// `a` of `[a.b]`: may still get its own header.
        case implicitTable
        /// `a` of `a.b = 1`: may get more dotted keys, never a header.
        case dottedTable
        case arrayOfTables(count: Int)
    }

    let bytes: [UInt8]
    let start: Int
    let end: Int
    let firstLine: Int
    private var lineStarts: [Int]
    private var position: Int
    private var scalars: [TOMLScalarLocator.Scalar] = []
    private var pathBytes = 0
    private var definitions: [String: (definition: Definition, offset: Int)] = [:]
    /// The table that key/value lines belong to, set by the last header.
    private var table = TOMLLocation()
    private var rootTableEnd: Int?

    init(bytes: [UInt8], start: Int, end: Int, firstLine: Int) {
        self.bytes = bytes
        self.start = start
        self.end = max(start, min(end, bytes.count))
        self.firstLine = firstLine
        position = start
        var starts = [start]
        for index in start..<self.end where bytes[index] == ASCII.lineFeed { starts.append(index + 1) }
        lineStarts = starts
    }

    mutating func scanDocument() throws(Failure) -> TOMLScalarLocator.Document {
        var rootLinesEnd = start
        while true {
            skipBlank()
            guard position < end else { break }
            let byte = bytes[position]
            if byte == ASCII.lineFeed || byte == ASCII.carriageReturn {
                try newline()
                continue
            }
            if byte == ASCII.hash {
                try comment()
                continue
            }
            if byte == ASCII.openBracket {
                if rootTableEnd == nil { rootTableEnd = rootLinesEnd }
                try tableHeader()
                try endOfLine(after: "the table header")
            } else {
                try keyValue(in: table, depth: 0, inRootTable: rootTableEnd == nil)
                try endOfLine(after: "the value")
                if rootTableEnd == nil { rootLinesEnd = position }
            }
        }
        return TOMLScalarLocator.Document(scalars: scalars, rootTableEnd: rootTableEnd)
    }

    // MARK: Lines, whitespace, comments

    private mutating func skipBlank() {
        while position < end, bytes[position] == ASCII.space || bytes[position] == ASCII.tab { position += 1 }
    }

    /// At `\n` or `\r\n`.
    private mutating func newline() throws(Failure) {
        if bytes[position] == ASCII.carriageReturn {
            guard position + 1 < end, bytes[position + 1] == ASCII.lineFeed else {
                throw syntax(at: position, "expected a line feed after a carriage return")
            }
            position += 1
        }
        position += 1
    }

    private func isAtNewline() -> Bool {
        position < end && (bytes[position] == ASCII.lineFeed || bytes[position] == ASCII.carriageReturn)
    }

    /// At `#`: up to the line's end (left for the caller).
    private mutating func comment() throws(Failure) {
        position += 1
        while position < end, bytes[position] != ASCII.lineFeed {
            let byte = bytes[position]
            if byte == ASCII.carriageReturn, position + 1 < end, bytes[position + 1] == ASCII.lineFeed { return }
            if ASCII.isControl(byte) { throw syntax(at: position, "\(found(at: position)) is not allowed in a comment") }
            position += 1
        }
    }

    private mutating func endOfLine(after what: String) throws(Failure) {
        skipBlank()
        if position < end, bytes[position] == ASCII.hash { try comment() }
        guard position < end else { return }
        guard isAtNewline() else { throw syntax(at: position, "expected a line break or a comment after \(what), found \(found(at: position))") }
        try newline()
    }

    /// Spaces, line breaks and comments between the elements of an array.
    private mutating func skipBlankLinesAndComments() throws(Failure) {
        while true {
            skipBlank()
            guard position < end else { return }
            if isAtNewline() {
                try newline()
            } else if bytes[position] == ASCII.hash {
                try comment()
            } else {
                return
            }
        }
    }

    // MARK: Keys and tables

    /// A key: `title`, `"odd key"`, `hero.title`, `site."google.com".id`.
    private mutating func key() throws(Failure) -> [(name: String, offset: Int)] {
        var keys: [(name: String, offset: Int)] = []
        while true {
            let offset = position
            guard position < end else { throw syntax(at: position, "expected a key, found \(found(at: position))") }
            let byte = bytes[position]
            if byte == ASCII.quote || byte == ASCII.apostrophe {
                if position + 2 < end, bytes[position + 1] == byte, bytes[position + 2] == byte {
                    throw syntax(at: position, "expected a key, found a multi-line string (a quoted key stays on one line)")
                }
                let name = byte == ASCII.quote ? try basicString() : try literalString()
                keys.append((name, offset))
            } else if ASCII.isBareKey(byte) {
                while position < end, ASCII.isBareKey(bytes[position]) { position += 1 }
                keys.append((String(decoding: bytes[offset..<position], as: UTF8.self), offset))
            } else {
                throw syntax(at: position, "expected a key (letters, digits, '_' and '-', or a quoted key), found \(found(at: position))")
            }
            if keys.count > TOMLScalarLocator.maximumKeyPathKeys {
                throw syntax(at: offset, "a key of more than \(TOMLScalarLocator.maximumKeyPathKeys) parts")
            }
            skipBlank()
            guard position < end, bytes[position] == ASCII.dot else { return keys }
            position += 1
            skipBlank()
        }
    }

    private func checkSize(_ location: TOMLLocation, at offset: Int) throws(Failure) {
        if location.keyCount > TOMLScalarLocator.maximumKeyPathKeys {
            throw syntax(at: offset, "a key path of more than \(TOMLScalarLocator.maximumKeyPathKeys) keys")
        }
        if location.path.utf8.count > TOMLScalarLocator.maximumKeyPathBytes {
            throw syntax(at: offset, "a key path longer than \(TOMLScalarLocator.maximumKeyPathBytes) bytes")
        }
    }

    /// At `[`: `[params.social]` or `[[menu.main]]`; sets the table that the following keys belong to.
    private mutating func tableHeader() throws(Failure) {
        let headerStart = position
        position += 1
        let isArray = position < end && bytes[position] == ASCII.openBracket
        if isArray { position += 1 }
        skipBlank()
        let keys = try key()
        let closing = isArray ? "']]'" : "']'"
        for _ in 0..<(isArray ? 2 : 1) {
            guard position < end, bytes[position] == ASCII.closeBracket else {
                throw syntax(at: position, "expected \(closing) to close the table header, found \(found(at: position))")
            }
            position += 1
        }
        let name = keys.map(\.name).joined(separator: ".")
        var location = TOMLLocation()
        for (index, key) in keys.enumerated() {
            location = location.child(key.name)
            try checkSize(location, at: key.offset)
            let isLast = index == keys.count - 1
            guard let existing = definitions[location.path] else {
                if isLast && isArray {
                    definitions[location.path] = (.arrayOfTables(count: 1), headerStart)
                    location = location.element(0)
                } else {
                    definitions[location.path] = (isLast ? .table : .implicitTable, headerStart)
                }
                continue
            }
            let firstDefinedLine = line(of: existing.offset)
            switch existing.definition {
            case .arrayOfTables(let count):
                if !isLast {
                    location = location.element(count - 1)
                } else if isArray {
                    definitions[location.path] = (.arrayOfTables(count: count + 1), headerStart)
                    location = location.element(count)
                } else {
                    throw syntax(at: headerStart, "[\(name)] is already an array of tables ([[\(name)]] on line \(firstDefinedLine))")
                }
            case .implicitTable:
                if isLast {
                    if isArray { throw syntax(at: headerStart, "[[\(name)]] is already a table (line \(firstDefinedLine))") }
                    definitions[location.path] = (.table, headerStart)
                }
            case .table:
                if isLast {
                    throw syntax(at: headerStart, isArray ? "[[\(name)]] is already a table (line \(firstDefinedLine))"
                                                      : "table [\(name)] is defined twice (first on line \(firstDefinedLine))")
                }
            case .dottedTable:
                if isLast { throw syntax(at: headerStart, "[\(name)] was already defined with dotted keys (line \(firstDefinedLine))") }
            case .value:
                throw syntax(at: key.offset, "'\(location.keyPath)' already has a value (line \(firstDefinedLine)) and cannot be a table")
            }
        }
        table = location
    }

    /// `key = value`, in a table's section or an inline table.
    private mutating func keyValue(in base: TOMLLocation, depth: Int, inRootTable: Bool) throws(Failure) {
        let keys = try key()
        let name = keys.map(\.name).joined(separator: ".")
        guard position < end, bytes[position] == ASCII.equals else {
            throw syntax(at: position, "expected '=' after the key '\(name)', found \(found(at: position))")
        }
        position += 1
        skipBlank()
        var location = base
        for (index, key) in keys.enumerated() {
            location = location.child(key.name)
            try checkSize(location, at: key.offset)
            guard let existing = definitions[location.path] else {
                definitions[location.path] = (index == keys.count - 1 ? .value : .dottedTable, keys[0].offset)
                continue
            }
            let firstDefinedLine = line(of: existing.offset)
            if index == keys.count - 1 {
                throw syntax(at: keys[0].offset, "the key '\(name)' is defined twice (first on line \(firstDefinedLine))")
            }
            switch existing.definition {
            case .dottedTable, .implicitTable: break
            case .value:
                throw syntax(at: key.offset, "'\(location.keyPath)' already has a value (line \(firstDefinedLine)) and cannot hold '\(name)'")
            case .table, .arrayOfTables:
                throw syntax(at: key.offset, "'\(location.keyPath)' is a table with a header (line \(firstDefinedLine)); dotted keys cannot add to it from here")
            }
        }
        try value(at: location, depth: depth, isTopLevel: inRootTable && keys.count == 1)
    }

    // MARK: Values

    private mutating func value(at location: TOMLLocation, depth: Int, isTopLevel: Bool) throws(Failure) {
        guard position < end else { throw syntax(at: position, "expected a value, found \(found(at: position))") }
        let begin = position
        let value: String
        let style: TOMLStringStyle?
        let byte = bytes[position]
        let isTripled = position + 2 < end && bytes[position + 1] == byte && bytes[position + 2] == byte
        switch byte {
        case ASCII.quote where isTripled:
            (value, style) = (try multilineString(basic: true), .multilineBasic)
        case ASCII.quote:
            (value, style) = (try basicString(), .basic)
        case ASCII.apostrophe where isTripled:
            (value, style) = (try multilineString(basic: false), .multilineLiteral)
        case ASCII.apostrophe:
            (value, style) = (try literalString(), .literal)
        case ASCII.openBracket:
            try array(at: location, depth: depth + 1)
            return
        case ASCII.openBrace:
            try inlineTable(at: location, depth: depth + 1)
            return
        default:
            (value, style) = (try bareValue(), nil)
        }
        guard scalars.count < TOMLScalarLocator.maximumScalars else {
            throw .tooComplex("more than \(TOMLScalarLocator.maximumScalars) values")
        }
        pathBytes += location.path.utf8.count + location.keyPath.utf8.count
        guard pathBytes <= TOMLScalarLocator.maximumPathBytesInAll else {
            throw .tooComplex("key paths of more than \(TOMLScalarLocator.maximumPathBytesInAll >> 20) MiB in all")
        }
        scalars.append(TOMLScalarLocator.Scalar(path: location.path, keyPath: location.keyPath, value: value, style: style,
                                                span: begin..<position, line: line(of: begin), isTopLevel: isTopLevel))
    }

    /// At `[`: elements separated by commas, over any number of lines, comments between them, a trailing comma allowed.
    private mutating func array(at location: TOMLLocation, depth: Int) throws(Failure) {
        let open = position
        guard depth <= TOMLScalarLocator.maximumDepth else {
            throw syntax(at: open, "arrays and inline tables nested more than \(TOMLScalarLocator.maximumDepth) deep")
        }
        position += 1
        var index = 0
        while true {
            try skipBlankLinesAndComments()
            guard position < end else { throw syntax(at: open, "unterminated array: expected ']'") }
            if bytes[position] == ASCII.closeBracket { position += 1; return }
            try value(at: location.element(index), depth: depth, isTopLevel: false)
            index += 1
            try skipBlankLinesAndComments()
            guard position < end else { throw syntax(at: open, "unterminated array: expected ']'") }
            switch bytes[position] {
            case ASCII.comma: position += 1
            case ASCII.closeBracket: position += 1; return
            default: throw syntax(at: position, "expected ',' or ']' after an array element, found \(found(at: position))")
            }
        }
    }

    /// At `{`: `key = value` pairs on one line (TOML 1.0: no line breaks, no trailing comma).
    private mutating func inlineTable(at location: TOMLLocation, depth: Int) throws(Failure) {
        let open = position
        guard depth <= TOMLScalarLocator.maximumDepth else {
            throw syntax(at: open, "arrays and inline tables nested more than \(TOMLScalarLocator.maximumDepth) deep")
        }
        position += 1
        skipBlank()
        if position < end, bytes[position] == ASCII.closeBrace { position += 1; return }
        while true {
            skipBlank()
            if position < end, bytes[position] == ASCII.closeBrace {
                throw syntax(at: position, "expected a key after ',', found '}' (an inline table takes no trailing comma)")
            }
            if position >= end || isAtNewline() {
                throw syntax(at: position, "expected a key, found \(found(at: position)) (an inline table stays on one line)")
            }
            try keyValue(in: location, depth: depth, inRootTable: false)
            skipBlank()
            guard position < end, !isAtNewline() else {
                throw syntax(at: position, "expected ',' or '}' in the inline table, found \(found(at: position)) (an inline table stays on one line)")
            }
            switch bytes[position] {
            case ASCII.comma: position += 1
            case ASCII.closeBrace: position += 1; return
            default: throw syntax(at: position, "expected ',' or '}' in the inline table, found \(found(at: position))")
            }
        }
    }

    /// A number, boolean or date, returned as written.
    private mutating func bareValue() throws(Failure) -> String {
        let begin = position
        while position < end, ASCII.isBareValue(bytes[position]) { position += 1 }
        // A date and a time may be separated by a space: `1979-05-27 07:32:00Z`.
        if position - begin == 10, TOMLBareValue.isDateTime(bytes[begin..<position]), position + 3 < end, bytes[position] == ASCII.space,
           ASCII.isDigit(bytes[position + 1]), ASCII.isDigit(bytes[position + 2]), bytes[position + 3] == UInt8(ascii: ":") {
            position += 1
            while position < end, ASCII.isBareValue(bytes[position]) { position += 1 }
        }
        guard position > begin else {
            throw syntax(at: begin, "expected a value (a quoted string, number, boolean, date, array or inline table), found \(found(at: begin))")
        }
        let text = String(decoding: bytes[begin..<position], as: UTF8.self)
        guard TOMLBareValue.isValid(bytes[begin..<position]) else {
            throw syntax(at: begin, "expected a value (a quoted string, number, boolean, date, array or inline table), found '\(text)'")
        }
        return text
    }

    // MARK: Strings

    /// At `"`: a one-line string with escapes.
    private mutating func basicString() throws(Failure) -> String {
        let open = position
        position += 1
        var value: [UInt8] = []
        while true {
            guard position < end, !isAtLineEnd(position) else {
                throw syntax(at: open, "unterminated string: expected '\"' before the end of the line")
            }
            let byte = bytes[position]
            if byte == ASCII.quote {
                position += 1
                return try decoded(value, at: open)
            } else if byte == ASCII.backslash {
                try escape(into: &value)
            } else if ASCII.isControl(byte) {
                throw syntax(at: position, "\(found(at: position)) must be escaped in a string")
            } else {
                value.append(byte)
                position += 1
            }
        }
    }

    /// At `'`: a one-line string taken as written.
    private mutating func literalString() throws(Failure) -> String {
        let open = position
        position += 1
        let contentStart = position
        while true {
            guard position < end, !isAtLineEnd(position) else {
                throw syntax(at: open, "unterminated string: expected \"'\" before the end of the line")
            }
            let byte = bytes[position]
            if byte == ASCII.apostrophe {
                position += 1
                return try decoded(Array(bytes[contentStart..<(position - 1)]), at: open)
            }
            if ASCII.isControl(byte) { throw syntax(at: position, "\(found(at: position)) is not allowed in a literal string") }
            position += 1
        }
    }

    /// At `"""` or `'''`. A line break right after the opening delimiter is not part of the value; in a
    /// basic one, a backslash ending a line removes the line break and the whitespace that follows.
    private mutating func multilineString(basic: Bool) throws(Failure) -> String {
        let open = position
        let quote = basic ? ASCII.quote : ASCII.apostrophe
        let delimiter = basic ? "'\"\"\"'" : "\"'''\""
        position += 3
        if position < end, bytes[position] == ASCII.lineFeed {
            position += 1
        } else if position + 1 < end, bytes[position] == ASCII.carriageReturn, bytes[position + 1] == ASCII.lineFeed {
            position += 2
        }
        var value: [UInt8] = []
        while true {
            guard position < end else { throw syntax(at: open, "unterminated multi-line string: expected \(delimiter)") }
            let byte = bytes[position]
            if byte == quote {
                var run = 0
                while position + run < end, bytes[position + run] == quote { run += 1 }
                if run >= 3 {
                    // Up to two quotes may stand right before the closing delimiter.
                    guard run <= 5 else { throw syntax(at: position, "expected \(delimiter) to end the string, found \(run) quotes in a row") }
                    value += repeatElement(quote, count: run - 3)
                    position += run
                    return try decoded(value, at: open)
                }
                value += repeatElement(quote, count: run)
                position += run
            } else if basic && byte == ASCII.backslash {
                var probe = position + 1
                while probe < end, bytes[probe] == ASCII.space || bytes[probe] == ASCII.tab { probe += 1 }
                if isAtLineEnd(probe) {
                    position = probe
                    while position < end {
                        let next = bytes[position]
                        if next == ASCII.space || next == ASCII.tab || next == ASCII.lineFeed {
                            position += 1
                        } else if isAtLineEnd(position) {
                            position += 2
                        } else {
                            break
                        }
                    }
                } else {
                    try escape(into: &value)
                }
            } else if byte == ASCII.lineFeed {
                value.append(ASCII.lineFeed)
                position += 1
            } else if isAtLineEnd(position) {
                // `\r\n` reads as `\n`, so a value is the same whatever the file's line endings.
                value.append(ASCII.lineFeed)
                position += 2
            } else if ASCII.isControl(byte) {
                throw syntax(at: position, "\(found(at: position)) must be escaped in a string")
            } else {
                value.append(byte)
                position += 1
            }
        }
    }

    /// `\n` or `\r\n` at `offset`.
    private func isAtLineEnd(_ offset: Int) -> Bool {
        guard offset < end else { return false }
        return bytes[offset] == ASCII.lineFeed
            || (bytes[offset] == ASCII.carriageReturn && offset + 1 < end && bytes[offset + 1] == ASCII.lineFeed)
    }

    /// At `\` in a basic string: appends what the escape stands for.
    private mutating func escape(into value: inout [UInt8]) throws(Failure) {
        let backslash = position
        let expected = "expected \\b, \\t, \\n, \\f, \\r, \\\", \\\\, \\uXXXX or \\UXXXXXXXX"
        guard position + 1 < end, !isAtLineEnd(position + 1) else {
            throw syntax(at: backslash, "invalid escape at the end of the line: \(expected)")
        }
        let code = bytes[position + 1]
        position += 2
        switch code {
        case UInt8(ascii: "b"): value.append(0x08)
        case UInt8(ascii: "t"): value.append(0x09)
        case UInt8(ascii: "n"): value.append(0x0A)
        case UInt8(ascii: "f"): value.append(0x0C)
        case UInt8(ascii: "r"): value.append(0x0D)
        case ASCII.quote, ASCII.backslash: value.append(code)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = code == UInt8(ascii: "u") ? 4 : 8
            let digits = bytes[position..<min(position + count, end)]
            let written = "\\" + String(UnicodeScalar(code)) + String(decoding: digits.prefix { ASCII.isBareKey($0) }, as: UTF8.self)
            guard digits.count == count, digits.allSatisfy(ASCII.isHexDigit), let number = UInt32(String(decoding: digits, as: UTF8.self), radix: 16) else {
                throw syntax(at: backslash, "invalid escape '\(written)': expected \(count) hex digits after '\\\(UnicodeScalar(code))'")
            }
            guard let scalar = Unicode.Scalar(number) else {
                throw syntax(at: backslash, "invalid escape '\(written)': not a Unicode scalar value (surrogates and values above 10FFFF are not allowed)")
            }
            value += Array(String(Character(scalar)).utf8)
            position += count
        default:
            throw syntax(at: backslash, "invalid escape '\\\(character(at: position - 1))': \(expected)")
        }
    }

    private func decoded(_ value: [UInt8], at offset: Int) throws(Failure) -> String {
        guard let string = String(validating: value, as: UTF8.self) else {
            throw syntax(at: offset, "the string is not valid UTF-8")
        }
        return string
    }

    // MARK: Locations and messages

    private func line(of offset: Int) -> Int {
        lineIndex(of: offset) + firstLine
    }

    private func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Columns count Unicode scalars, as editors do.
    private func syntax(at offset: Int, _ message: String) -> Failure {
        let lineStart = lineStarts[lineIndex(of: offset)]
        let column = bytes[lineStart..<min(offset, end)].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return .syntax(line: line(of: offset), column: column, message: message)
    }

    /// The character at `offset`, for a message.
    private func character(at offset: Int) -> String {
        guard offset < end else { return "" }
        var stop = offset + 1
        while stop < end, stop < offset + 4, bytes[stop] & 0xC0 == 0x80 { stop += 1 }
        return String(decoding: bytes[offset..<stop], as: UTF8.self)
    }

    private func found(at offset: Int) -> String {
        guard offset < end else { return "the end of the front matter" }
        let byte = bytes[offset]
        if isAtLineEnd(offset) { return "the end of the line" }
        if ASCII.isControl(byte) {
            let hex = String(byte, radix: 16, uppercase: true)
            return "control character U+" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        return "'\(character(at: offset))'"
    }
}

// MARK: - Numbers, booleans, dates

/// Checks the text of a bare value against TOML 1.0's grammar.
private enum TOMLBareValue {
    static func isValid(_ text: ArraySlice<UInt8>) -> Bool {
        let string = String(decoding: text, as: UTF8.self)
        return string == "true" || string == "false" || isInteger(text) || isFloat(text) || isDateTime(text)
    }

    static func isInteger(_ text: ArraySlice<UInt8>) -> Bool {
        var digits = text
        if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            digits = digits.dropFirst()
            return isDecimalInteger(digits)
        }
        if digits.count > 2, digits.first == UInt8(ascii: "0") {
            let rest = digits.dropFirst(2)
            switch digits[digits.startIndex + 1] {
            case UInt8(ascii: "x"): return isDigitRun(rest, ASCII.isHexDigit)
            case UInt8(ascii: "o"): return isDigitRun(rest) { $0 >= 0x30 && $0 <= 0x37 }
            case UInt8(ascii: "b"): return isDigitRun(rest) { $0 == 0x30 || $0 == 0x31 }
            default: break
            }
        }
        return isDecimalInteger(digits)
    }

    /// `0`, or digits without a leading zero; `_` only between digits.
    static func isDecimalInteger(_ text: ArraySlice<UInt8>) -> Bool {
        if text.count == 1, text.first == UInt8(ascii: "0") { return true }
        return text.first != UInt8(ascii: "0") && isDigitRun(text, ASCII.isDigit)
    }

    static func isDigitRun(_ text: ArraySlice<UInt8>, _ isDigit: (UInt8) -> Bool) -> Bool {
        guard let first = text.first, let last = text.last, isDigit(first), isDigit(last) else { return false }
        var previousWasUnderscore = false
        for byte in text {
            if byte == UInt8(ascii: "_") {
                if previousWasUnderscore { return false }
                previousWasUnderscore = true
            } else if isDigit(byte) {
                previousWasUnderscore = false
            } else {
                return false
            }
        }
        return true
    }

    static func isFloat(_ text: ArraySlice<UInt8>) -> Bool {
        var rest = text
        if let first = rest.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { rest = rest.dropFirst() }
        if rest.elementsEqual("inf".utf8) || rest.elementsEqual("nan".utf8) { return true }
        let integerEnd = rest.firstIndex { $0 == ASCII.dot || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? rest.endIndex
        guard integerEnd < rest.endIndex, isDecimalInteger(rest[..<integerEnd]) else { return false }
        rest = rest[integerEnd...]
        if rest.first == ASCII.dot {
            let fractionEnd = rest.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? rest.endIndex
            guard isDigitRun(rest[(rest.startIndex + 1)..<fractionEnd], ASCII.isDigit) else { return false }
            rest = rest[fractionEnd...]
        }
        if rest.isEmpty { return true }
        rest = rest.dropFirst()
        if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { rest = rest.dropFirst() }
        return isDigitRun(rest, ASCII.isDigit)
    }

    /// `1979-05-27`, `07:32:00.999`, `1979-05-27T07:32:00Z`, `1979-05-27 07:32:00-07:00`.
    static func isDateTime(_ text: ArraySlice<UInt8>) -> Bool {
        var rest = text
        if rest.count >= 10, isDate(rest.prefix(10)) {
            rest = rest.dropFirst(10)
            if rest.isEmpty { return true }
            guard let separator = rest.first, separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == ASCII.space else { return false }
            rest = rest.dropFirst()
            guard let timeEnd = time(rest) else { return false }
            rest = rest[timeEnd...]
            if rest.isEmpty { return true }
            if rest.count == 1 { return rest.first == UInt8(ascii: "Z") || rest.first == UInt8(ascii: "z") }
            guard rest.count == 6, let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return false }
            return number(rest.dropFirst().prefix(2), atMost: 23) && rest.dropFirst(3).first == UInt8(ascii: ":") && number(rest.suffix(2), atMost: 59)
        }
        return time(rest) == rest.endIndex
    }

    private static func isDate(_ text: ArraySlice<UInt8>) -> Bool {
        let parts = text.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].count == 4 && parts[0].allSatisfy(ASCII.isDigit)
            && number(parts[1], atMost: 12) && parts[1] != [0x30, 0x30] && number(parts[2], atMost: 31) && parts[2] != [0x30, 0x30]
    }

    /// The end of `HH:MM:SS` with an optional fraction at the start of `text`, or nil.
    private static func time(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8>.Index? {
        guard text.count >= 8 else { return nil }
        let start = text.startIndex
        guard number(text[start..<(start + 2)], atMost: 23), text[start + 2] == UInt8(ascii: ":"),
              number(text[(start + 3)..<(start + 5)], atMost: 59), text[start + 5] == UInt8(ascii: ":"),
              number(text[(start + 6)..<(start + 8)], atMost: 60) else { return nil }
        var index = start + 8
        if index < text.endIndex, text[index] == ASCII.dot {
            index += 1
            let digitsStart = index
            while index < text.endIndex, ASCII.isDigit(text[index]) { index += 1 }
            guard index > digitsStart else { return nil }
        }
        return index
    }

    private static func number(_ text: ArraySlice<UInt8>, atMost maximum: Int) -> Bool {
        guard text.count == 2, text.allSatisfy(ASCII.isDigit), let value = Int(String(decoding: text, as: UTF8.self)) else { return false }
        return value <= maximum
    }
}
