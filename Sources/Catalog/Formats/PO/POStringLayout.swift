/// The PO text being written: bytes, plus the scratch space that laying out strings needs, reused
/// from one string to the next so that a catalog is written without per-string allocations.
struct POOutput {
    var bytes: [UInt8] = []
    /// The catalog's charset as gettext resolves it, for libunistring (`UTF-8`, or `ASCII` without one).
    var encoding = "UTF-8"
    var pageWidth = 79
    private var escaped: [UInt8] = []
    /// Per byte of `escaped`: inside a format directive, so no line may start there.
    private var escapedInDirective: [Bool] = []
    /// Per byte of the value being wrapped: inside a format directive.
    private var rawInDirective: [Bool] = []
    private var unistringScratch: [CChar] = []
    private var breaks: [Int] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func append(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil { bytes.append(contentsOf: text.utf8) }
    }

    /// Where the lines of a string start: `#~ ` for obsolete entries, `#| ` for previous fields.
    enum LinePrefix: String {
        case none = ""
        case obsolete = "#~ "
        case previous = "#| "
        case obsoletePrevious = "#~| "

        var code: Int {
            switch self {
            case .none: 0
            case .obsolete: 1
            case .previous: 2
            case .obsoletePrevious: 3
            }
        }
    }

    enum Keyword {
        case msgctxt, msgid, msgidPlural, msgstr
        case msgstrForm(Int)

        var text: String {
            switch self {
            case .msgctxt: "msgctxt"
            case .msgid: "msgid"
            case .msgidPlural: "msgid_plural"
            case .msgstr: "msgstr"
            case .msgstrForm(let index): index < Self.forms.count ? Self.forms[index] : "msgstr[\(index)]"
            }
        }

        private static let forms = (0..<10).map { "msgstr[\($0)]" }

        /// gettext's test for "this string is a msgstr", where C formats allow glibc's `I` flag.
        var isTranslation: Bool {
            switch self {
            case .msgstr, .msgstrForm: true
            default: false
            }
        }

        func layoutCode(_ prefix: LinePrefix, wrap: Bool, directives: StringFormat) -> Int {
            let keyword = switch self {
            case .msgctxt: 0
            case .msgid: 1
            case .msgidPlural: 2
            case .msgstr: 3
            case .msgstrForm(let index): 4 + index
            }
            let format = switch directives {
            case .none: 0
            case .c: 1
            case .objc: 2
            }
            return keyword << 5 | format << 3 | prefix.code << 1 | (wrap ? 0 : 1)
        }
    }

    /// Writes `keyword "value"` as gettext 0.21's `wrap()` does (write-po.c, default style, no
    /// indentation, escapes as in C).
    ///
    /// - The value is cut after each newline into portions; each portion is escaped and wrapped on its own.
    /// - Wrapping: a line holds at most `pageWidth` columns including its quotes and the line prefix.
    ///   Columns count as libunistring counts them (wide East Asian characters 2, combining marks 0).
    /// - When the value takes more than one line, the keyword stands alone on its first line with `""`.
    /// - `wrap: false` is the `no-wrap` flag: portions are never broken, though still cut at newlines.
    /// - `directives`: for `c-format` entries, no line starts inside a directive such as `%5.2f`.
    mutating func writeString(_ prefix: LinePrefix, _ field: Keyword, _ text: String, wrap: Bool, directives: StringFormat = .none,
                              memo: POWriter.WrapMemo?) {
        let keyword = field.text
        let prefixWidth = prefix.rawValue.utf8.count
        let startAfterBreak = prefixWidth + 1
        let width = (wrap ? pageWidth : Int(Int32.max)) - 1 - startAfterBreak
        // After `prefix keyword "`, measured from where continuation lines start.
        let firstStart = prefixWidth + keyword.utf8.count + 2 - startAfterBreak
        var value = text
        value.withUTF8 { raw in
            if raw.count + firstStart <= width {
                // Most strings fit on the keyword's line: escape straight into the output, no second look.
                let mark = bytes.count
                append(prefix.rawValue)
                append(keyword)
                append(" \"")
                if let escapedCount = appendEscapedLine(raw), firstStart + escapedCount <= width {
                    append("\"\n")
                    return
                }
                bytes.removeSubrange(mark...)
            }
            let layout = field.layoutCode(prefix, wrap: wrap, directives: directives)
            if let memo, let cached = memo.lines(layout: layout, value: text) {
                bytes.append(contentsOf: cached)
                return
            }
            let mark = bytes.count
            if directives != .none {
                rawInDirective.removeAll(keepingCapacity: true)
                rawInDirective.append(contentsOf: repeatElement(false, count: raw.count))
                CFormatDirectives.markInteriors(of: raw, translated: field.isTranslation, objc: directives == .objc, in: &rawInDirective)
            }
            writeWrapped(prefix, keyword, raw, width: width, firstStart: firstStart, directives: directives != .none)
            memo?.store(layout: layout, value: text, lines: bytes[mark...])
        }
    }

    /// Escapes `raw` into the output if it has no newline before its last byte; the escaped length,
    /// or nil (and nothing kept) if it has.
    private mutating func appendEscapedLine(_ raw: UnsafeBufferPointer<UInt8>) -> Int? {
        let start = bytes.count
        var runStart = 0
        let last = raw.count - 1
        for index in 0..<raw.count {
            let byte = raw[index]
            guard let letter = Self.escapeLetter(byte) else { continue }
            if byte == 0x0A && index != last {
                bytes.removeSubrange(start...)
                return nil
            }
            if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: raw[runStart..<index])) }
            bytes.append(0x5C)
            bytes.append(letter)
            runStart = index + 1
        }
        if runStart < raw.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: raw[runStart...])) }
        return bytes.count - start
    }

    /// The letter of the C escape gettext writes for `byte`, or nil when it is written as it is.
    @inline(__always)
    static func escapeLetter(_ byte: UInt8) -> UInt8? {
        if byte >= 0x20 { return byte == 0x22 || byte == 0x5C ? byte : nil }
        switch byte {
        case 0x07: return UInt8(ascii: "a")
        case 0x08: return UInt8(ascii: "b")
        case 0x09: return UInt8(ascii: "t")
        case 0x0A: return UInt8(ascii: "n")
        case 0x0B: return UInt8(ascii: "v")
        case 0x0C: return UInt8(ascii: "f")
        case 0x0D: return UInt8(ascii: "r")
        default: return nil
        }
    }

    private mutating func writeWrapped(_ prefix: LinePrefix, _ keyword: String, _ raw: UnsafeBufferPointer<UInt8>, width: Int, firstStart: Int,
                                       directives: Bool) {
        var firstLine = true
        var portionStart = 0
        repeat {
            var portionEnd = portionStart
            while portionEnd < raw.count {
                portionEnd += 1
                if raw[portionEnd - 1] == 0x0A { break }
            }
            let printableASCII = escapePortion(raw, portionStart..<portionEnd, directives: directives)
            let moreFollows = portionEnd < raw.count
            let endsWithNewline = portionEnd > portionStart && raw[portionEnd - 1] == 0x0A
            func computeBreaks(startColumn: Int) {
                escaped.withUnsafeBufferPointer { text in
                    escapedInDirective.withUnsafeBufferPointer { inDirective in
                        GettextLineBreaks.breaks(in: text, endsWithNewline: endsWithNewline, noBreak: directives ? inDirective : nil,
                                                 printableASCII: printableASCII, width: width, startColumn: startColumn,
                                                 encoding: encoding, scratch: &unistringScratch, into: &breaks)
                    }
                }
            }
            if firstLine && !escaped.isEmpty {
                // gettext puts the whole value below the keyword when it takes more than one line.
                computeBreaks(startColumn: moreFollows ? 0 : firstStart)
                if moreFollows || firstStart > width || !breaks.isEmpty {
                    append(prefix.rawValue)
                    append(keyword)
                    append(" \"\"\n")
                    firstLine = false
                    if !moreFollows { computeBreaks(startColumn: 0) }
                }
            } else {
                computeBreaks(startColumn: firstLine ? firstStart : 0)
            }
            append(prefix.rawValue)
            if firstLine {
                append(keyword)
                append(" ")
                firstLine = false
            }
            append("\"")
            var lineStart = 0
            for lineBreak in breaks {
                bytes.append(contentsOf: escaped[lineStart..<lineBreak])
                append("\"\n")
                append(prefix.rawValue)
                append("\"")
                lineStart = lineBreak
            }
            bytes.append(contentsOf: escaped[lineStart...])
            append("\"\n")
            portionStart = portionEnd
        } while portionStart < raw.count
    }

    /// Escapes one portion of `raw` into `escaped` and, with `directives`, marks in
    /// `escapedInDirective` which escaped bytes lie inside a format directive. True if the escaped
    /// text is all printable ASCII.
    @discardableResult
    private mutating func escapePortion(_ raw: UnsafeBufferPointer<UInt8>, _ portion: Range<Int>, directives: Bool) -> Bool {
        escaped.removeAll(keepingCapacity: true)
        var runStart = portion.lowerBound
        var outside: UInt8 = 0   // nonzero once a byte outside 0x20...0x7E, other than an escaped one, was seen
        for index in portion {
            let byte = raw[index]
            guard let letter = Self.escapeLetter(byte) else {
                outside |= (byte &+ 1) & 0x80 | (byte < 0x20 ? 1 : 0)
                continue
            }
            if runStart < index { escaped.append(contentsOf: UnsafeBufferPointer(rebasing: raw[runStart..<index])) }
            escaped.append(0x5C)
            escaped.append(letter)
            runStart = index + 1
        }
        if runStart < portion.upperBound { escaped.append(contentsOf: UnsafeBufferPointer(rebasing: raw[runStart..<portion.upperBound])) }
        if directives {
            escapedInDirective.removeAll(keepingCapacity: true)
            for index in portion {
                escapedInDirective.append(rawInDirective[index])
                if Self.escapeLetter(raw[index]) != nil { escapedInDirective.append(false) }
            }
        }
        return outside == 0
    }
}

extension POWriter {
    /// Remembers how strings were laid out, so that a string written again with the same keyword
    /// (the same msgid in a template and in each locale's catalog) is not wrapped again.
    ///
    /// Only strings that need wrapping are remembered; one line is cheaper to write than to look up.
    /// Keys compare bytes, not Unicode canonical equivalence: `é` and `e` + U+0301 are laid out apart.
    /// Not thread-safe: use one memo per thread, e.g. one for a template and its catalogs.
    ///
    /// ```swift
    /// let memo = POWriter.WrapMemo()
    /// let template = writer.write(templateCatalog, memo: memo)
    /// let russian = writer.write(russianCatalog, memo: memo)   // msgids laid out once
    /// ```
    public final class WrapMemo {
        private struct Key: Hashable {
            /// Line prefix, keyword and no-wrap, as `POOutput.Keyword.layoutCode` packs them.
            var layout: Int
            var value: String

            static func == (lhs: Key, rhs: Key) -> Bool {
                guard lhs.layout == rhs.layout else { return false }
                var left = lhs.value, right = rhs.value
                return left.withUTF8 { l in right.withUTF8 { r in l.count == r.count && l.elementsEqual(r) } }
            }

            func hash(into hasher: inout Hasher) {
                hasher.combine(layout)
                var value = value
                value.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            }
        }

        private var lines: [Key: [UInt8]] = [:]
        private var storedBytes = 0
        private var encoding = ""
        /// The memo forgets everything when it holds more than this many bytes of laid-out text.
        public let capacity: Int

        public init(capacity: Int = 32 << 20) {
            self.capacity = capacity
        }

        /// How many strings are remembered.
        public var count: Int { lines.count }

        /// Per entry position: the entry last written there and its PO text. The catalogs of one file in
        /// several locales hold the same entries in the same order wherever nothing is translated yet, so
        /// an entry byte-identical to the one at its position in the previous catalog is copied, not written.
        private var entries: [(entry: CatalogEntry, text: [UInt8])?] = []
        /// The writer's settings the texts were written with.
        private var settings: (pageWidth: Int, references: POWriter.ReferenceStyle)?

        /// Layouts depend on the charset and the writer's settings: a memo handed a catalog with others starts afresh.
        func use(encoding: String, pageWidth: Int, references: POWriter.ReferenceStyle) {
            if encoding != self.encoding || settings?.pageWidth != pageWidth || settings?.references != references {
                lines.removeAll()
                entries.removeAll()
                storedBytes = 0
                self.encoding = encoding
                settings = (pageWidth, references)
            }
        }

        /// The PO text of `entry` if the entry written last at `position` has the same bytes.
        func text(of entry: UnsafePointer<CatalogEntry>, at position: Int) -> [UInt8]? {
            guard position < entries.count, let stored = entries[position], stored.entry.hasSameBytes(as: entry.pointee) else { return nil }
            return stored.text
        }

        func store(_ entry: UnsafePointer<CatalogEntry>, at position: Int, text: ArraySlice<UInt8>) {
            if position >= entries.count {
                entries.append(contentsOf: repeatElement(nil, count: position + 1 - entries.count))
            }
            entries[position] = (entry.pointee, Array(text))
        }

        func lines(layout: Int, value: String) -> [UInt8]? {
            lines[Key(layout: layout, value: value)]
        }

        func store(layout: Int, value: String, lines text: ArraySlice<UInt8>) {
            if storedBytes + text.count > capacity {
                lines.removeAll()
                storedBytes = 0
            }
            lines[Key(layout: layout, value: value)] = Array(text)
            storedBytes += text.count
        }
    }
}
