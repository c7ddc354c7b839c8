/// Reads gettext PO files into a `Catalog`, reporting every problem and keeping what it can read.
///
/// Accepts what GNU gettext accepts: a UTF-8 BOM, CRLF line ends, `#~` obsolete entries with their
/// own `#~|` previous fields, plural entries, all C escapes (`\n`, `\"`, octal, hex), strings split
/// over many lines. An entry with a syntax error is skipped with a diagnostic naming its line and
/// column; the rest of the file is still read.
public struct POReader {
    public let path: String

    public init(path: String) { self.path = path }

    public struct Result {
        public var catalog: Catalog
        public var diagnostics: [Diagnostic]
    }

    public func read(_ bytes: [UInt8]) -> Result {
        var state = State(path: path)
        var lines = Self.splitLines(bytes)
        if let first = lines.first, first.starts(with: [0xEF, 0xBB, 0xBF]) {
            lines[0] = first.dropFirst(3)
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            let offset = Self.firstInvalidUTF8Offset(bytes)
            return Result(catalog: Catalog(), diagnostics: [
                Diagnostic(.error, file: path, line: Self.lineNumber(ofByte: offset, in: bytes), "not valid UTF-8 at byte \(offset)",
                           hint: "convert the file to UTF-8 (msgconv --to-code=UTF-8) and set charset=UTF-8 in its header")
            ])
        }
        for (index, line) in lines.enumerated() {
            state.consume(line: line, number: index + 1)
        }
        state.finishEntry()
        return Result(catalog: state.catalog, diagnostics: state.diagnostics)
    }

    static func splitLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            var end = index
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            lines.append(bytes[start..<end])
            start = index + 1
        }
        if start < bytes.count {
            var end = bytes.count
            if bytes[end - 1] == 0x0D { end -= 1 }
            lines.append(bytes[start..<end])
        }
        return lines
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }

    static func lineNumber(ofByte offset: Int, in bytes: [UInt8]) -> Int {
        bytes.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }
}

private struct State {
    let path: String
    var catalog = Catalog()
    var diagnostics: [Diagnostic] = []

    var entry = CatalogEntry(id: "")
    var entryLine = 0
    var seenKeyword = false
    var seenMsgid = false
    var seenMsgstr = false
    var skippingBrokenEntry = false
    var entryIsObsolete = false
    /// Which string the next `"…"` continuation line extends.
    var target: Target?
    var seenKeys = Set<CatalogEntry.Key>()
    var sawHeader = false

    enum Target { case context, id, idPlural, translation(Int), previousContext, previousID, previousIDPlural }

    init(path: String) { self.path = path; catalog.hasHeader = false }

    mutating func consume(line rawLine: ArraySlice<UInt8>, number: Int) {
        var line = rawLine
        let trimmed = line.drop { $0 == 0x20 || $0 == 0x09 }
        if trimmed.isEmpty {
            finishEntry()
            return
        }
        var obsolete = false
        if line.starts(with: Array("#~".utf8)) {
            obsolete = true
            line = line.dropFirst(2)
            line = line.drop { $0 == 0x20 }
            if line.isEmpty { return }
        } else {
            line = trimmed
        }
        guard let first = line.first else { return }
        if first == UInt8(ascii: "#") {
            if seenMsgstr { finishEntry() }
            if entryLine == 0 { entryLine = number }
            if obsolete { entryIsObsolete = true }
            consumeComment(line, number: number)
            return
        }
        if obsolete { entryIsObsolete = true }
        if skippingBrokenEntry { return }
        if first == UInt8(ascii: "\"") {
            guard let target else {
                report(number, column: 1, "a string continuation line without a keyword before it", hint: "start the entry with msgid \"…\"")
                return
            }
            guard let value = decodeString(line, number: number, column: column(of: line, in: rawLine)) else { return }
            append(value, to: target)
            return
        }
        consumeKeyword(line, number: number, rawLine: rawLine)
    }

    private mutating func consumeComment(_ line: ArraySlice<UInt8>, number: Int) {
        let body = line.dropFirst()
        let marker = body.first
        func text(_ slice: ArraySlice<UInt8>) -> String {
            var slice = slice
            if slice.first == 0x20 { slice = slice.dropFirst() }
            return String(decoding: slice, as: UTF8.self)
        }
        switch marker {
        case UInt8(ascii: "."):
            entry.extractedComments.append(text(body.dropFirst()))
        case UInt8(ascii: ":"):
            entry.references += String(decoding: body.dropFirst(), as: UTF8.self).split(separator: " ").map(String.init)
        case UInt8(ascii: ","):
            entry.flags += String(decoding: body.dropFirst(), as: UTF8.self).split(separator: ",")
                .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty && !entry.flags.contains($0) }
        case UInt8(ascii: "|"):
            var rest = body.dropFirst()
            rest = rest.drop { $0 == 0x20 }
            if rest.first == UInt8(ascii: "\"") {
                guard let target else { return }
                if let value = decodeString(rest, number: number, column: 4) { append(value, to: target) }
                return
            }
            consumePreviousKeyword(rest, number: number)
        default:
            entry.translatorComments.append(text(body))
        }
    }

    private mutating func consumePreviousKeyword(_ line: ArraySlice<UInt8>, number: Int) {
        guard let (keyword, rest) = splitKeyword(line) else { return }
        let target: Target
        switch keyword {
        case "msgctxt": target = .previousContext
        case "msgid": target = .previousID
        case "msgid_plural": target = .previousIDPlural
        default:
            report(number, column: 1, "unknown keyword '\(keyword)' in a #| comment")
            return
        }
        guard let value = decodeString(rest, number: number, column: 4 + keyword.utf8.count) else { return }
        self.target = target
        switch target {
        case .previousContext: entry.previousContext = value
        case .previousID: entry.previousID = value
        default: entry.previousIDPlural = value
        }
    }

    private mutating func consumeKeyword(_ line: ArraySlice<UInt8>, number: Int, rawLine: ArraySlice<UInt8>) {
        let lineColumn = column(of: line, in: rawLine)
        guard let (keyword, rest) = splitKeyword(line) else {
            report(number, column: lineColumn, "expected msgctxt, msgid, msgid_plural or msgstr", hint: "check the line for a missing '#' or quote")
            skippingBrokenEntry = true
            return
        }
        let valueColumn = lineColumn + keyword.utf8.count + 1
        if keyword == "msgctxt" || keyword == "msgid" {
            if seenMsgstr { finishEntry() }
        }
        if entryLine == 0 { entryLine = number }
        guard let value = decodeString(rest, number: number, column: valueColumn) else {
            skippingBrokenEntry = true
            return
        }
        seenKeyword = true
        switch keyword {
        case "msgctxt":
            entry.context = value
            target = .context
        case "msgid":
            entry.id = value
            seenMsgid = true
            target = .id
        case "msgid_plural":
            entry.idPlural = value
            target = .idPlural
        case "msgstr":
            if entry.idPlural != nil {
                report(number, column: lineColumn, "a plural entry needs msgstr[0], msgstr[1], … instead of msgstr")
            }
            entry.translations = [value]
            seenMsgstr = true
            target = .translation(0)
        default:
            if keyword.hasPrefix("msgstr["), keyword.hasSuffix("]"), let index = Int(keyword.dropFirst(7).dropLast()), index >= 0, index < 64 {
                if !seenMsgstr { entry.translations = [] }
                guard index == entry.translations.count else {
                    report(number, column: lineColumn, "expected msgstr[\(entry.translations.count)], found \(keyword)")
                    skippingBrokenEntry = true
                    return
                }
                entry.translations.append(value)
                seenMsgstr = true
                target = .translation(index)
            } else {
                report(number, column: lineColumn, "unknown keyword '\(keyword)'", hint: "PO entries use msgctxt, msgid, msgid_plural and msgstr")
                skippingBrokenEntry = true
            }
        }
    }

    private func splitKeyword(_ line: ArraySlice<UInt8>) -> (String, ArraySlice<UInt8>)? {
        guard let space = line.firstIndex(where: { $0 == 0x20 || $0 == 0x09 }) else { return nil }
        let keyword = String(decoding: line[line.startIndex..<space], as: UTF8.self)
        guard keyword.hasPrefix("msg") else { return nil }
        return (keyword, line[space...].drop { $0 == 0x20 || $0 == 0x09 })
    }

    private func column(of slice: ArraySlice<UInt8>, in line: ArraySlice<UInt8>) -> Int {
        slice.startIndex - line.startIndex + 1
    }

    private mutating func append(_ value: String, to target: Target) {
        switch target {
        case .context: entry.context = (entry.context ?? "") + value
        case .id: entry.id += value
        case .idPlural: entry.idPlural = (entry.idPlural ?? "") + value
        case .translation(let index): if entry.translations.indices.contains(index) { entry.translations[index] += value }
        case .previousContext: entry.previousContext = (entry.previousContext ?? "") + value
        case .previousID: entry.previousID = (entry.previousID ?? "") + value
        case .previousIDPlural: entry.previousIDPlural = (entry.previousIDPlural ?? "") + value
        }
    }

    /// Decodes one `"…"` literal; the slice must start at the opening quote.
    private mutating func decodeString(_ slice: ArraySlice<UInt8>, number: Int, column: Int) -> String? {
        guard slice.first == UInt8(ascii: "\"") else {
            report(number, column: column, "expected a string in double quotes")
            return nil
        }
        var bytes: [UInt8] = []
        var index = slice.startIndex + 1
        while index < slice.endIndex {
            let byte = slice[index]
            if byte == UInt8(ascii: "\"") {
                let rest = slice[(index + 1)...].drop { $0 == 0x20 || $0 == 0x09 }
                if !rest.isEmpty && rest.first != UInt8(ascii: "#") {
                    report(number, column: column + (index + 1 - slice.startIndex), "unexpected text after the closing quote")
                    return nil
                }
                return String(decoding: bytes, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < slice.endIndex else { break }
                let escape = slice[index]
                switch escape {
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "a"): bytes.append(0x07)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "v"): bytes.append(0x0B)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "?"): bytes.append(escape)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = 0
                    var digits = 0
                    while digits < 3, index < slice.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(slice[index]) {
                        value = value * 8 + Int(slice[index] - UInt8(ascii: "0"))
                        index += 1
                        digits += 1
                    }
                    bytes.append(UInt8(truncatingIfNeeded: value))
                    continue
                case UInt8(ascii: "x"):
                    index += 1
                    var value = 0
                    var digits = 0
                    while index < slice.endIndex, let digit = hexValue(slice[index]) {
                        value = (value * 16 + digit) & 0xFF
                        index += 1
                        digits += 1
                    }
                    if digits == 0 {
                        report(number, column: column + (index - slice.startIndex), "\\x needs hexadecimal digits")
                        return nil
                    }
                    bytes.append(UInt8(value))
                    continue
                default:
                    report(number, column: column + (index - 1 - slice.startIndex), "invalid escape sequence '\\\(Character(Unicode.Scalar(escape)))'",
                           hint: "write a backslash as \\\\")
                    return nil
                }
                index += 1
                continue
            }
            bytes.append(byte)
            index += 1
        }
        report(number, column: column, "unterminated string: the closing quote is missing")
        return nil
    }

    private func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    private mutating func report(_ line: Int, column: Int, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, file: path, line: line, column: column, message, hint: hint))
    }

    mutating func finishEntry() {
        defer {
            entry = CatalogEntry(id: "")
            entryLine = 0
            seenKeyword = false
            seenMsgid = false
            seenMsgstr = false
            skippingBrokenEntry = false
            entryIsObsolete = false
            target = nil
        }
        if skippingBrokenEntry { return }
        guard seenKeyword else {
            if !entry.translatorComments.isEmpty || !entry.extractedComments.isEmpty || !entry.references.isEmpty {
                // Comments with no entry after them (e.g. at the end of the file): gettext drops them too,
                // but say so, since they may be a translator's note.
                diagnostics.append(Diagnostic(.warning, file: path, line: entryLine, "comments not followed by an entry are ignored"))
            }
            return
        }
        guard seenMsgid else {
            report(entryLine, column: 1, "msgstr without a msgid before it", hint: "every entry starts with msgid \"…\"")
            return
        }
        guard seenMsgstr else {
            report(entryLine, column: 1, "entry has no msgstr", hint: "add msgstr \"\" after the msgid")
            return
        }
        entry.isObsolete = entryIsObsolete
        if entry.id.isEmpty && entry.context == nil && !entry.isObsolete {
            if sawHeader {
                report(entryLine, column: 1, "a second header entry (msgid \"\")")
                return
            }
            sawHeader = true
            catalog.hasHeader = true
            catalog.headerComments = entry.translatorComments
            catalog.headerFlags = entry.flags
            catalog.headerFields = Self.parseHeader(entry.translations.first ?? "")
            return
        }
        if entry.idPlural != nil && entry.translations.count < 1 {
            report(entryLine, column: 1, "a plural entry needs msgstr[0]")
            return
        }
        if !entry.isObsolete {
            if seenKeys.contains(entry.key) {
                report(entryLine, column: 1, "duplicate message definition for \"\(entry.id.prefix(40))\"",
                       hint: "each msgctxt + msgid pair may appear once per catalog")
                return
            }
            seenKeys.insert(entry.key)
        }
        catalog.entries.append(entry)
    }

    static func parseHeader(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value: Substring = line[colon...].dropFirst()
            return (String(line[..<colon]), value.trimmingWhitespace())
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
