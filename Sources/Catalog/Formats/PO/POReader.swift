import Core
#if canImport(Glibc)
import Glibc
#endif

/// Reads gettext PO files into a `Catalog`, reporting every problem and keeping what it can read.
///
/// Accepts what GNU gettext accepts: a UTF-8 BOM, CRLF line ends, `#~` obsolete entries with their
/// own `#~|` previous fields, plural entries, all C escapes (`\n`, `\"`, octal, hex), strings split
/// over many lines, and any charset iconv knows (`charset=ISO-8859-1`, `KOI8-R`, `EUC-JP`, …), which
/// is converted to UTF-8. An entry with a syntax error is skipped with a diagnostic naming its line
/// and column; the rest of the file is still read.
///
/// The reader works on bytes and builds each string once per entry: a sync reads tens of thousands
/// of catalogs, so this is one of tolk's hot paths.
public struct POReader {
    public let path: String
    /// Leaves out translator comments, extracted comments and references (flags and previous strings
    /// are still read): for readers that only need the translations, such as `tolk build`, it saves
    /// most of the allocations.
    public var skipsComments = false

    public init(path: String, skipsComments: Bool = false) {
        self.path = path
        self.skipsComments = skipsComments
    }

    public struct Result {
        public var catalog: Catalog
        public var diagnostics: [Diagnostic]
        /// Where each entry of `catalog.entries` is in the file (same order, same count).
        public var locations: [POEntryLocation]
        /// The UTF-8 text that was parsed (the file itself, or its conversion from another charset).
        let text: [UInt8]

        /// The file position (1-based line and byte column) of the byte at `utf8Offset` in the decoded
        /// `translations[translation]` of `catalog.entries[entry]`; an offset at the end of the string
        /// gives its closing quote. Used to point a diagnostic at the exact spot inside a translation.
        public func position(entry: Int, translation: Int, utf8Offset: Int) -> (line: Int, column: Int) {
            guard locations.indices.contains(entry), locations[entry].translationLines.indices.contains(translation) else { return (0, 0) }
            return StringPositionScanner(text: text).position(ofDecodedOffset: utf8Offset,
                                                              inStringStartingOnLine: locations[entry].translationLines[translation])
        }
    }

    public func read(_ bytes: [UInt8]) -> Result {
        // The header, which is ASCII in every charset gettext supports, says how to read the rest: parse
        // the bytes as they are, and again once converted when the header names another charset.
        var parser = parse(bytes)
        let declared = parser.catalog.headerText.flatMap(POCharset.declared(inHeader:))
        var text = bytes
        var convertedFrom: String?
        func failure(_ problem: POCharset.Problem) -> Result {
            let diagnostic = Diagnostic(.error, file: path, line: Self.lineNumber(ofByte: problem.offset, in: bytes), problem.message, hint: problem.hint)
            return Result(catalog: Catalog(), diagnostics: [diagnostic], locations: [], text: [])
        }
        if !POCharset.isASCII(bytes) {
            if let declared, !POCharset.isUTF8(declared) {
                switch POCharset.convert(bytes, from: declared) {
                case .success(let converted):
                    text = converted
                    convertedFrom = declared
                    parser = parse(converted)
                case .failure(let problem):
                    return failure(problem)
                }
            } else if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
                return failure(POCharset.Problem(offset: offset, message: "not valid UTF-8 at byte \(offset)",
                                                 hint: "declare the file's charset in its header (charset=ISO-8859-1, …) or convert it with msgconv --to-code=UTF-8"))
            }
        }
        var diagnostics = parser.diagnostics
        if let original = convertedFrom {
            // Converted, the header must still name the charset it was converted from (a charset in
            // which ASCII is not ASCII, such as UTF-16, would have turned it into something else).
            let again = parser.catalog.headerText.flatMap(POCharset.declared(inHeader:))
            guard POCharset.same(again, original) else {
                return failure(POCharset.Problem(offset: 0, message: "the header names charset \(original), but read as \(original) it names \(again ?? "none")",
                                                 hint: "convert the file with msgconv --to-code=UTF-8"))
            }
            // The text is UTF-8 now, and a catalog written back is UTF-8: its header must say so, wherever
            // it names a charset (gettext reads the first `charset=`; a second one must not take over when
            // the header is written anew). The rest of the header stays as it was, as msgconv leaves it.
            for index in parser.catalog.headerFields.indices {
                parser.catalog.headerFields[index].name = parser.catalog.headerFields[index].name.replacingCharset(with: "UTF-8")
                parser.catalog.headerFields[index].value = parser.catalog.headerFields[index].value.replacingCharset(with: "UTF-8")
            }
            parser.catalog.headerText = parser.catalog.headerText?.replacingCharset(with: "UTF-8")
            diagnostics.append(Diagnostic(.warning, file: path, "converted from \(original) to UTF-8",
                                          hint: "tolk writes catalogs in UTF-8; gettext tools and PO editors read them as they are"))
        }
        return Result(catalog: parser.catalog, diagnostics: diagnostics, locations: parser.locations, text: text)
    }

    /// One entry as `scan` hands it over: its strings as decoded UTF-8 bytes; no `String` is made.
    public struct EntryBytes {
        public var context: [UInt8]?
        public var id: [UInt8]
        public var idPlural: [UInt8]?
        /// `msgstr`, or `msgstr[0…n-1]` of a plural entry (indices from 0: the reader's own buffers,
        /// which it reuses for the next entry).
        public var translations: ArraySlice<[UInt8]>
        /// A 128-bit digest of `id`: SipHash-2-4 of its byte count and bytes, under the key `scan` was
        /// given (by default one drawn by each process). For a memo of what was worked out from a
        /// source text, within one run, and for a key made of the text (the checks' verdicts).
        public var idDigest: SipHash128.Digest
        public var isFuzzy: Bool
        public var isObsolete: Bool
        /// The line of its `msgid` keyword.
        public var msgidLine: Int
        /// The line of its `msgstr` (or `msgstr[0]`) keyword: where `read`'s location puts a problem of its translation.
        public var translationLine: Int
        /// A 128-bit digest of its key (msgid and context), under the same key as `idDigest`: what
        /// `keyDigest(of:digestKey:)` gives for the key as `String`s.
        public var keyDigest: SipHash128.Digest
    }

    /// The digest `EntryBytes.keyDigest` holds for an entry with this key, under `digestKey`: a build
    /// looks each unit of a page up by it, without the entries' `String`s.
    public static func keyDigest(of key: CatalogEntry.Key, digestKey: (UInt64, UInt64)) -> SipHash128.Digest {
        var hash = SipHash128(key: digestKey)
        hash.add(lengthPrefixed: key.id)
        return finishKeyDigest(&hash, context: key.context.map { Array($0.utf8) })
    }

    /// The key's digest from the hash of the msgid's count and bytes: the context (or that there is none) added.
    static func finishKeyDigest(_ hash: inout SipHash128, context: [UInt8]?) -> SipHash128.Digest {
        if let context { hash.add(number: 1); hash.add(lengthPrefixed: context) } else { hash.add(number: 0) }
        return hash.finalize()
    }

    /// Reads `bytes` as `read` does, but hands each entry except the header to `visit`, in file order,
    /// as bytes instead of building the catalog: for a reader of many catalogs that keeps none of
    /// them (the status figures), without the `String`s and `CatalogEntry` values `read` makes for each.
    /// Returns the diagnostics `read` would give (an entry it would leave out, such as a duplicate, is
    /// not visited), or nil when the text cannot be read as UTF-8 as it stands (it declares another
    /// charset, or has bytes that are not UTF-8): then `read` converts or reports it, and whatever
    /// `visit` was given must be thrown away.
    /// - Parameter digestKey: the key of `EntryBytes.idDigest` and of the digests of keys compared to
    ///   find duplicates; it must be secret (`textDigestKey`, or another drawn at random and kept).
    /// - Parameter memo: what the scan of another catalog with the same msgids kept (another locale's
    ///   catalog of the same content file), to spare hashing them again.
    public func scan(_ bytes: [UInt8], digestKey: (UInt64, UInt64) = POReader.textDigestKey, memo: ScanMemo? = nil,
                     visit: (EntryBytes) -> Void) -> [Diagnostic]? {
        let isASCII = POCharset.isASCII(bytes)
        if !isASCII, UTF8Validation.firstInvalidOffset(in: bytes) != nil { return nil }
        var parser = POParser(path: path)
        parser.skipsComments = skipsComments
        parser.digestKey = digestKey
        parser.memo = memo
        withoutActuallyEscaping(visit) { visit in
            parser.visitor = visit
            bytes.withUnsafeBufferPointer { parser.parse($0) }
            parser.visitor = nil
        }
        if !isASCII, let declared = parser.catalog.headerText.flatMap(POCharset.declared(inHeader:)), !POCharset.isUTF8(declared) { return nil }
        return parser.diagnostics
    }

    /// The msgids the last scan with this memo met, by position, with what hashing each gave (the
    /// digest's state, to go on with the key's, and the digest): the catalogs of one content file hold
    /// the same msgids in the same order in every locale, so the next catalog's msgid is compared with
    /// the one at its position (bytes compared, which is much cheaper than hashing them) and, when they
    /// are the same, its digest is taken from here. One memo serves one reader at a time.
    public final class ScanMemo {
        // Unchecked: a memo serves one reader at a time, and a check of every access cost as much as the lookup.
        @exclusivity(unchecked) private var ids: [[UInt8]] = []
        @exclusivity(unchecked) private var hashed: [(state: SipHash128, digest: SipHash128.Digest)] = []
        @exclusivity(unchecked) private var key: (UInt64, UInt64)?

        public init() {}

        func digest(of id: [UInt8], at position: Int, key: (UInt64, UInt64)) -> (state: SipHash128, digest: SipHash128.Digest)? {
            guard position < ids.count, let known = self.key, known == key, ids[position].count == id.count else { return nil }
            let same = id.isEmpty || ids[position].withUnsafeBytes { kept in id.withUnsafeBytes { memcmp(kept.baseAddress!, $0.baseAddress!, id.count) == 0 } }
            return same ? hashed[position] : nil
        }

        func keep(_ id: [UInt8], _ state: SipHash128, _ digest: SipHash128.Digest, at position: Int, key: (UInt64, UInt64)) {
            if let known = self.key, known != key { ids = []; hashed = [] }
            self.key = key
            guard position <= ids.count else { return }
            if position == ids.count {
                // A copy of its own: sharing the reader's buffer would make the reader copy it on its next string.
                ids.append(id.withUnsafeBufferPointer { [UInt8]($0) })
                hashed.append((state, digest))
            } else {
                ids[position].removeAll(keepingCapacity: true)
                ids[position].append(contentsOf: id)
                hashed[position] = (state, digest)
            }
        }
    }

    /// The key of `EntryBytes.idDigest` and of the digests of entry keys `scan` compares, unless it is
    /// given another: drawn anew by each process, so that a catalog cannot be written to make two texts
    /// share a digest (and a word count, or a duplicate error); digests are compared within one run only.
    public static let textDigestKey: (UInt64, UInt64) = (UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max))

    private func parse(_ text: [UInt8]) -> POParser {
        var parser = POParser(path: path)
        parser.skipsComments = skipsComments
        text.withUnsafeBufferPointer { parser.parse($0) }
        return parser
    }

    /// The 1-based line of the byte at `offset`.
    public static func lineNumber(ofByte offset: Int, in bytes: [UInt8]) -> Int {
        bytes.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }
}

/// Where one entry sits in its PO file.
public struct POEntryLocation: Equatable, Sendable {
    /// The entry's first line (its first comment or keyword).
    public var line: Int
    /// The line of the `msgid` keyword.
    public var msgidLine: Int
    /// The line of each `msgstr` / `msgstr[n]` keyword.
    public var translationLines: [Int]
}

private extension String {
    /// Every `charset=NAME` with `charset` as the name.
    func replacingCharset(with charset: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: "charset=", options: .caseInsensitive) {
            let valueEnd = rest[range.upperBound...].firstIndex(where: { !POCharset.isCharsetNameCharacter($0) }) ?? rest.endIndex
            result += rest[..<range.upperBound] + charset
            rest = rest[valueEnd...]
        }
        return result + rest
    }
}

private enum ASCII {
    static let tab: UInt8 = 0x09, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D, space: UInt8 = 0x20
    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), hash = UInt8(ascii: "#"), tilde = UInt8(ascii: "~")
    static let bar = UInt8(ascii: "|"), comma = UInt8(ascii: ","), dot = UInt8(ascii: "."), colon = UInt8(ascii: ":")
}

/// The PO grammar, one line at a time. Strings are collected as bytes and turned into `String`s once,
/// when the entry is complete.
private struct POParser {
    let path: String
    var catalog = Catalog()
    var diagnostics: [Diagnostic] = []
    var locations: [POEntryLocation] = []
    var skipsComments = false

    private var entry = POParser.blank
    /// The entry every new one starts from: made once, since `CatalogEntry(id: "")` allocates its
    /// `[""]` translations (twice per entry read: for the reset and for the move into the catalog).
    private static let blank = CatalogEntry(id: "")
    private var location = POEntryLocation(line: 0, msgidLine: 0, translationLines: [])
    /// For `scan`: the line of the entry's first `msgstr` keyword.
    private var firstTranslationLine = 0
    private var seenKeyword = false
    private var seenMsgid = false
    private var seenMsgstr = false
    private var skippingBrokenEntry = false
    private var entryIsObsolete = false
    /// Whether `entry` holds anything of the entry being read (a comment, a flag, its strings): one
    /// that does not (most, when `scan` skips comments) need not be reset to the blank one.
    private var entryIsTouched = false
    private var seenKeys = Set<CatalogEntry.Key>()
    /// For `POReader.scan`: where each entry goes instead of the catalog, and the digests of the keys
    /// seen (to find duplicates without a `String` per key).
    var visitor: ((POReader.EntryBytes) -> Void)?
    var digestKey = POReader.textDigestKey
    var memo: POReader.ScanMemo?
    /// How many entries `visit` was called for.
    private var visited = 0
    private var seenKeyDigests = DigestSet()
    private var sawHeader = false

    /// The strings of the entry being read, as bytes, and which of them the entry has.
    private var fields = [[UInt8]](repeating: [], count: Field.allCases.count)
    private var present = FieldSet()
    /// The entry's translations are the first `translationCount`: the buffers are kept, emptied, and
    /// used again by the next entries (a new array for each entry was most of `scan`'s allocations).
    private var translations: [[UInt8]] = []
    private var translationCount = 0
    /// Which string a `"…"` continuation line extends.
    private var target: Target?

    enum Field: Int, CaseIterable { case context, id, idPlural, previousContext, previousID, previousIDPlural }

    /// Which fields the entry being read has: one bit each (a `Set` hashed on every keyword line).
    struct FieldSet {
        private var bits: UInt8 = 0
        func contains(_ field: Field) -> Bool { bits & (1 << UInt8(field.rawValue)) != 0 }
        mutating func insert(_ field: Field) { bits |= 1 << UInt8(field.rawValue) }
    }
    enum Target { case field(Field), translation(Int) }

    init(path: String) { self.path = path; catalog.hasHeader = false }

    mutating func parse(_ text: UnsafeBufferPointer<UInt8>) {
        // About one entry per 200 bytes in tolk's catalogs: the set of keys seldom grows again.
        if visitor == nil { seenKeys.reserveCapacity(text.count / 200) } else { seenKeyDigests = DigestSet(minimumCapacity: text.count / 200) }
        var start = 0
        var number = 1
        if text.count >= 3, text[0] == 0xEF, text[1] == 0xBB, text[2] == 0xBF { start = 3 }
        while start < text.count {
            let end = Self.index(of: ASCII.newline, in: text, from: start, to: text.count)
            var lineEnd = end
            if lineEnd > start, text[lineEnd - 1] == ASCII.carriageReturn { lineEnd -= 1 }
            consume(Line(text: text, start: start, end: lineEnd), number: number)
            start = end + 1
            number += 1
        }
        finishEntry()
    }

    /// The index of the first `byte` in `text[start..<end]`, or `end`: `memchr`, since the parser
    /// looks for line ends and quotes in every byte of every catalog.
    @inline(__always)
    static func index(of byte: UInt8, in text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard start < end, let found = memchr(text.baseAddress! + start, Int32(byte), end - start) else { return end }
        return text.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// One line of the file: `start..<end` in `text`, line end excluded.
    struct Line {
        let text: UnsafeBufferPointer<UInt8>
        var start: Int
        let end: Int
        let lineStart: Int

        init(text: UnsafeBufferPointer<UInt8>, start: Int, end: Int) {
            self.text = text; self.start = start; self.end = end; self.lineStart = start
        }

        var isEmpty: Bool { start >= end }
        var first: UInt8? { start < end ? text[start] : nil }
        /// 1-based byte column of `start` in the line.
        var column: Int { start - lineStart + 1 }
        mutating func skipBlanks() { while start < end, text[start] == ASCII.space || text[start] == ASCII.tab { start += 1 } }
        func hasPrefix(_ prefix: StaticString) -> Bool {
            guard end - start >= prefix.utf8CodeUnitCount else { return false }
            for index in 0..<prefix.utf8CodeUnitCount where text[start + index] != prefix.utf8Start[index] { return false }
            return true
        }
        var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: text[start..<end]) }
        var string: String { String(decoding: bytes, as: UTF8.self) }
    }

    private mutating func consume(_ raw: Line, number: Int) {
        var line = raw
        line.skipBlanks()
        if line.isEmpty {
            finishEntry()
            return
        }
        var obsolete = false
        if raw.hasPrefix("#~") {
            obsolete = true
            line = raw
            line.start += 2
            if line.first == ASCII.bar {
                // `#~| msgid "…"`, a previous field of an obsolete entry: the `~` stands in for the `#`.
                line.start -= 1
            } else {
                line.skipBlanks()
                if line.isEmpty { return }
            }
        }
        guard let first = line.first else { return }
        if first == ASCII.hash || (obsolete && first == ASCII.tilde) {
            if seenMsgstr { finishEntry() }
            if location.line == 0 { location.line = number }
            if obsolete { entryIsObsolete = true }
            consumeComment(line, number: number)
            return
        }
        if obsolete { entryIsObsolete = true }
        if skippingBrokenEntry { return }
        if first == ASCII.quote {
            guard let target else {
                report(number, column: line.column, "a string continuation line without a keyword before it", hint: "start the entry with msgid \"…\"")
                return
            }
            decodeString(line, number: number, into: target)
            return
        }
        consumeKeyword(line, number: number)
    }

    /// `line` starts at `#` (or at the `~` of `#~|`, whose `#~` was already taken off).
    private mutating func consumeComment(_ line: Line, number: Int) {
        var body = line
        body.start += 1
        func text(_ part: Line) -> String {
            var part = part
            if part.first == ASCII.space { part.start += 1 }
            return part.string
        }
        if skipsComments, body.first != ASCII.comma, body.first != ASCII.bar { return }
        entryIsTouched = true
        switch body.first {
        case ASCII.dot:
            body.start += 1
            entry.extractedComments.append(text(body))
        case ASCII.colon:
            body.start += 1
            var index = body.start
            while index < body.end {
                while index < body.end, body.text[index] == ASCII.space || body.text[index] == ASCII.tab { index += 1 }
                let wordStart = index
                while index < body.end, body.text[index] != ASCII.space, body.text[index] != ASCII.tab { index += 1 }
                if index > wordStart {
                    entry.references.append(String(decoding: UnsafeBufferPointer(rebasing: body.text[wordStart..<index]), as: UTF8.self))
                }
            }
        case ASCII.comma:
            body.start += 1
            for flag in body.string.split(separator: ",") {
                let trimmed = flag.trimmingWhitespace()
                if !trimmed.isEmpty && !entry.flags.contains(trimmed) { entry.flags.append(trimmed) }
            }
        case ASCII.bar:
            body.start += 1
            body.skipBlanks()
            if body.first == ASCII.quote {
                guard let target, case .field(let field) = target,
                      [.previousContext, .previousID, .previousIDPlural].contains(field) else { return }
                decodeString(body, number: number, into: target)
                return
            }
            consumePreviousKeyword(body, number: number)
        default:
            entry.translatorComments.append(text(body))
        }
    }

    private mutating func consumePreviousKeyword(_ line: Line, number: Int) {
        guard let (keyword, rest) = splitKeyword(line) else { return }
        let field: Field
        switch keyword {
        case .msgctxt: field = .previousContext
        case .msgid: field = .previousID
        case .msgidPlural: field = .previousIDPlural
        case .msgstr, .other:
            report(number, column: line.column, "unknown keyword '\(keyword.spelling)' in a #| comment")
            return
        }
        fields[field.rawValue].removeAll(keepingCapacity: true)
        present.insert(field)
        if decodeString(rest, number: number, into: .field(field)) { target = .field(field) }
    }

    private mutating func consumeKeyword(_ line: Line, number: Int) {
        guard let (keyword, rest) = splitKeyword(line) else {
            report(number, column: line.column, "expected msgctxt, msgid, msgid_plural or msgstr", hint: "check the line for a missing '#' or quote")
            skippingBrokenEntry = true
            return
        }
        if keyword == .msgctxt || keyword == .msgid {
            if seenMsgstr { finishEntry() }
        }
        if location.line == 0 { location.line = number }
        let newTarget: Target
        switch keyword {
        case .msgctxt: newTarget = .field(.context)
        case .msgid:
            newTarget = .field(.id)
            seenMsgid = true
            location.msgidLine = number
        case .msgidPlural: newTarget = .field(.idPlural)
        case .msgstr:
            if present.contains(.idPlural) {
                report(number, column: line.column, "a plural entry needs msgstr[0], msgstr[1], … instead of msgstr")
            }
            translationCount = 0
            startTranslation()
            clearTranslationLines()
            recordTranslationLine(number)
            seenMsgstr = true
            newTarget = .translation(0)
        case .other(let keyword):
            guard keyword.hasPrefix("msgstr["), keyword.hasSuffix("]"), let index = Int(keyword.dropFirst(7).dropLast()), index >= 0, index < 64 else {
                report(number, column: line.column, "unknown keyword '\(keyword)'", hint: "PO entries use msgctxt, msgid, msgid_plural and msgstr")
                skippingBrokenEntry = true
                return
            }
            if !seenMsgstr { translationCount = 0; clearTranslationLines() }
            guard present.contains(.idPlural) else {
                // msgfmt refuses it too: a singular entry has one msgstr, and forms past the first would be lost.
                report(number, column: line.column, "\(keyword) in an entry without msgid_plural",
                       hint: "add the msgid_plural line of a plural entry, or write one msgstr for a singular one")
                skippingBrokenEntry = true
                return
            }
            guard index == translationCount else {
                report(number, column: line.column, "expected msgstr[\(translationCount)], found \(keyword)")
                skippingBrokenEntry = true
                return
            }
            startTranslation()
            recordTranslationLine(number)
            seenMsgstr = true
            newTarget = .translation(index)
        }
        if case .field(let field) = newTarget {
            fields[field.rawValue].removeAll(keepingCapacity: true)
            present.insert(field)
        }
        guard decodeString(rest, number: number, into: newTarget) else {
            skippingBrokenEntry = true
            return
        }
        seenKeyword = true
        target = newTarget
    }

    /// The line of a `msgstr` keyword, for the entry's location: the list is kept by `read` only (`scan`
    /// hands over the first), so that `scan` neither fills nor empties it for each entry.
    private mutating func recordTranslationLine(_ number: Int) {
        if visitor == nil { location.translationLines.append(number) } else if translationCount == 1 { firstTranslationLine = number }
    }

    private mutating func clearTranslationLines() {
        if !location.translationLines.isEmpty { location.translationLines.removeAll(keepingCapacity: true) }
    }

    /// Opens translation `translationCount` as an empty string, in a kept buffer when there is one.
    private mutating func startTranslation() {
        if translationCount < translations.count {
            translations[translationCount].removeAll(keepingCapacity: true)
        } else {
            translations.append([])
        }
        translationCount += 1
    }

    /// A keyword at the start of a line: the four of every entry told apart by their bytes (a `String`
    /// for each keyword line was a tenth of the parser's time); `msgstr[n]` and unknown words spelled out.
    enum Keyword: Equatable {
        case msgctxt, msgid, msgidPlural, msgstr, other(String)

        init(_ word: UnsafeBufferPointer<UInt8>) {
            func spells(_ keyword: StaticString) -> Bool {
                word.count == keyword.utf8CodeUnitCount && memcmp(word.baseAddress!, keyword.utf8Start, word.count) == 0
            }
            if spells("msgid") { self = .msgid } else if spells("msgstr") { self = .msgstr }
            else if spells("msgctxt") { self = .msgctxt } else if spells("msgid_plural") { self = .msgidPlural }
            else { self = .other(String(decoding: word, as: UTF8.self)) }
        }

        var spelling: String {
            switch self {
            case .msgctxt: "msgctxt"
            case .msgid: "msgid"
            case .msgidPlural: "msgid_plural"
            case .msgstr: "msgstr"
            case .other(let word): word
            }
        }
    }

    /// The keyword (`msgid`, `msgstr[1]`, …) and the rest of the line after the blanks that follow it.
    private func splitKeyword(_ line: Line) -> (Keyword, Line)? {
        var index = line.start
        while index < line.end, line.text[index] != ASCII.space, line.text[index] != ASCII.tab { index += 1 }
        guard index < line.end, line.hasPrefix("msg") else { return nil }
        let keyword = Keyword(UnsafeBufferPointer(rebasing: line.text[line.start..<index]))
        var rest = line
        rest.start = index
        rest.skipBlanks()
        return (keyword, rest)
    }

    /// Decodes one `"…"` literal (the line must start at the opening quote) and appends it to `target`.
    @discardableResult
    private mutating func decodeString(_ line: Line, number: Int, into target: Target) -> Bool {
        // The string is decoded where it lives (a copy of the buffer to decode into, put back after,
        // cost a retain and a release per line); a problem is reported once the access has ended.
        let problem: StringProblem?
        switch target {
        case .field(let field): problem = Self.decode(line, appendingTo: &fields[field.rawValue])
        case .translation(let index): problem = Self.decode(line, appendingTo: &translations[index])
        }
        guard let problem else { return true }
        report(number, column: problem.column, problem.message, hint: problem.hint)
        return false
    }

    /// What is wrong with a string literal, and the column where it starts.
    struct StringProblem {
        var column: Int
        var message: String
        var hint: String? = nil
    }

    /// Decodes the `"…"` literal `line` starts with onto the end of `bytes`.
    private static func decode(_ line: Line, appendingTo bytes: inout [UInt8]) -> StringProblem? {
        guard line.first == ASCII.quote else { return StringProblem(column: line.column, message: "expected a string in double quotes") }
        let text = line.text
        var index = line.start + 1
        var quote = index - 1
        while index < line.end {
            // Copy the run up to the next quote or backslash in one go: the quote found with memchr
            // (again only once an escape took it), then a backslash before it (most strings have none).
            if quote < index { quote = Self.index(of: ASCII.quote, in: text, from: index, to: line.end) }
            let runEnd = Self.index(of: ASCII.backslash, in: text, from: index, to: quote)
            if runEnd > index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<runEnd])) }
            index = runEnd
            guard index < line.end else { break }
            if text[index] == ASCII.quote {
                var rest = index + 1
                while rest < line.end, text[rest] == ASCII.space || text[rest] == ASCII.tab { rest += 1 }
                if rest < line.end && text[rest] != ASCII.hash {
                    return StringProblem(column: index + 1 - line.lineStart + 1, message: "unexpected text after the closing quote")
                }
                return nil
            }
            let backslash = index
            index += 1
            guard index < line.end else { break }
            switch POEscape.decode(text, at: &index, end: line.end) {
            case .byte(let value): bytes.append(value)
            case .missingHexDigits:
                return StringProblem(column: index - line.lineStart + 1, message: "\\x needs hexadecimal digits")
            case .invalid(let escape):
                return StringProblem(column: backslash - line.lineStart + 1, message: "invalid escape sequence '\\\(Character(Unicode.Scalar(escape)))'",
                                     hint: "write a backslash as \\\\")
            }
        }
        return StringProblem(column: line.column, message: "unterminated string: the closing quote is missing")
    }

    private mutating func report(_ line: Int, column: Int, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, file: path, line: line, column: column, message, hint: hint))
    }

    /// A second entry with a key an earlier one has (`read` and `scan` say it alike).
    private mutating func reportDuplicate(_ line: Int, id: String) {
        report(line, column: 1, "duplicate message definition for \"\(id.prefix(40))\"", hint: "each msgctxt + msgid pair may appear once per catalog")
    }

    /// `finishEntry` for `POReader.scan`: the entry's bytes to `visitor`, after the duplicate check
    /// `read` makes (on a 128-bit digest of the key instead of the key's `String`s).
    private mutating func visit(_ visitor: (POReader.EntryBytes) -> Void, id: [UInt8], line: Int) {
        let context = present.contains(.context) ? fields[Field.context.rawValue] : nil
        // The key's digest continues the msgid's: the msgid is hashed once for both, and not at all
        // when the memo has it at this position.
        var hash: SipHash128
        let idDigest: SipHash128.Digest
        if let memo, let known = memo.digest(of: id, at: visited, key: digestKey) {
            (hash, idDigest) = known
        } else {
            hash = SipHash128(key: digestKey)
            hash.add(lengthPrefixed: id)
            idDigest = hash.finalize()
            memo?.keep(id, hash, idDigest, at: visited, key: digestKey)
        }
        visited += 1
        let keyDigest = POReader.finishKeyDigest(&hash, context: context)
        if !entryIsObsolete, !seenKeyDigests.insert(keyDigest) {
            reportDuplicate(line, id: String(decoding: id, as: UTF8.self))
            return
        }
        visitor(POReader.EntryBytes(context: context, id: id, idPlural: present.contains(.idPlural) ? fields[Field.idPlural.rawValue] : nil,
                                    translations: translations[0..<translationCount], idDigest: idDigest, isFuzzy: entry.isFuzzy, isObsolete: entryIsObsolete, msgidLine: location.msgidLine,
                                    translationLine: firstTranslationLine, keyDigest: keyDigest))
    }

    private func string(_ field: Field) -> String? {
        present.contains(field) ? String(decoding: fields[field.rawValue], as: UTF8.self) : nil
    }

    mutating func finishEntry() {
        defer {
            if entryIsTouched {
                entry = POParser.blank
                entryIsTouched = false
            }
            location.line = 0
            location.msgidLine = 0
            clearTranslationLines()
            firstTranslationLine = 0
            seenKeyword = false
            seenMsgid = false
            seenMsgstr = false
            skippingBrokenEntry = false
            entryIsObsolete = false
            target = nil
            present = FieldSet()
            translationCount = 0
        }
        if skippingBrokenEntry { return }
        let entryLine = location.line
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
        let idBytes = present.contains(.id) ? fields[Field.id.rawValue] : []
        if let visitor, !(idBytes.isEmpty && !present.contains(.context) && !entryIsObsolete) {
            visit(visitor, id: idBytes, line: entryLine)
            return
        }
        entryIsTouched = true
        entry.context = string(.context)
        entry.id = string(.id) ?? ""
        entry.idPlural = string(.idPlural)
        entry.previousContext = string(.previousContext)
        entry.previousID = string(.previousID)
        entry.previousIDPlural = string(.previousIDPlural)
        entry.translations = translations[0..<translationCount].map { String(decoding: $0, as: UTF8.self) }
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
            catalog.headerText = entry.translations.first ?? ""
            catalog.headerFields = POReader.headerFields(of: catalog.headerText!)
            return
        }
        // One hash of the key: the insertion says whether it was there.
        if !entry.isObsolete, !seenKeys.insert(entry.key).inserted {
            reportDuplicate(entryLine, id: entry.id)
            return
        }
        // Moved out, not copied: a copy retains each of the entry's strings and arrays, and the reset
        // after it releases them again.
        var finished = POParser.blank
        swap(&finished, &entry)
        catalog.entries.append(finished)
        locations.append(location)
    }

}

extension POReader {
    /// The `Name: value` fields of a header msgstr, values trimmed; lines without a colon are not fields.
    /// Lines end at a line feed that does not follow a carriage return (as `Character`s split them:
    /// CR LF is one), and are read as bytes: every catalog has a header, and splitting it by
    /// `Character` was a twentieth of a status run.
    static func headerFields(of text: String) -> [(name: String, value: String)] {
        var text = text
        return text.withUTF8 { bytes in
            var fields: [(name: String, value: String)] = []
            var lineStart = 0
            func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A || (lineEnd > lineStart && bytes[lineEnd - 1] == 0x0D) { lineEnd += 1 }
                if let colon = bytes[lineStart..<lineEnd].firstIndex(of: UInt8(ascii: ":")) {
                    var valueStart = colon + 1, valueEnd = lineEnd
                    while valueStart < valueEnd, isBlank(bytes[valueStart]) { valueStart += 1 }
                    while valueEnd > valueStart, isBlank(bytes[valueEnd - 1]) { valueEnd -= 1 }
                    fields.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<colon]), as: UTF8.self),
                                   String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)))
                }
                lineStart = lineEnd + 1
            }
            return fields
        }
    }
}

/// C escapes inside PO strings, as gettext reads them.
enum POEscape {
    enum Decoded { case byte(UInt8), missingHexDigits, invalid(UInt8) }

    /// Decodes the escape whose letter is at `index` (just after the backslash) and moves `index` past it.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, at index: inout Int, end: Int) -> Decoded {
        let escape = text[index]
        switch escape {
        case UInt8(ascii: "n"): index += 1; return .byte(0x0A)
        case UInt8(ascii: "t"): index += 1; return .byte(0x09)
        case UInt8(ascii: "r"): index += 1; return .byte(0x0D)
        case UInt8(ascii: "a"): index += 1; return .byte(0x07)
        case UInt8(ascii: "b"): index += 1; return .byte(0x08)
        case UInt8(ascii: "f"): index += 1; return .byte(0x0C)
        case UInt8(ascii: "v"): index += 1; return .byte(0x0B)
        case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "?"): index += 1; return .byte(escape)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = 0
            var digits = 0
            while digits < 3, index < end, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(text[index]) {
                value = value * 8 + Int(text[index] - UInt8(ascii: "0"))
                index += 1
                digits += 1
            }
            return .byte(UInt8(truncatingIfNeeded: value))
        case UInt8(ascii: "x"):
            index += 1
            var value = 0
            var digits = 0
            while index < end, let digit = hexValue(text[index]) {
                value = (value * 16 + digit) & 0xFF
                index += 1
                digits += 1
            }
            return digits == 0 ? .missingHexDigits : .byte(UInt8(value))
        default:
            return .invalid(escape)
        }
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}

/// Maps a byte offset in a decoded PO string back to its line and column in the file, by decoding
/// the string's `"…"` pieces again from the line of its keyword.
private struct StringPositionScanner {
    let text: [UInt8]

    func position(ofDecodedOffset offset: Int, inStringStartingOnLine firstLine: Int) -> (line: Int, column: Int) {
        text.withUnsafeBufferPointer { text in
            var lineStart = 0
            var line = 1
            while line < firstLine, lineStart < text.count {
                while lineStart < text.count, text[lineStart] != ASCII.newline { lineStart += 1 }
                lineStart += 1
                line += 1
            }
            var decoded = 0
            var last = (line: firstLine, column: 1)
            while lineStart < text.count {
                var lineEnd = lineStart
                while lineEnd < text.count, text[lineEnd] != ASCII.newline { lineEnd += 1 }
                // The first `"` of the line opens this line's piece; later lines must hold only a piece (after `#~ ` for obsolete entries).
                guard var index = (lineStart..<lineEnd).first(where: { text[$0] == ASCII.quote }) else { break }
                if line > firstLine {
                    let before = text[lineStart..<index].filter { $0 != ASCII.space && $0 != ASCII.tab && $0 != ASCII.hash && $0 != ASCII.tilde && $0 != ASCII.bar }
                    if !before.isEmpty { break }
                }
                index += 1
                while index < lineEnd, text[index] != ASCII.quote {
                    if decoded >= offset { return (line, index - lineStart + 1) }
                    if text[index] == ASCII.backslash, index + 1 < lineEnd {
                        var next = index + 1
                        _ = POEscape.decode(text, at: &next, end: lineEnd)
                        index = next
                    } else {
                        index += 1
                    }
                    decoded += 1
                }
                last = (line, index - lineStart + 1)
                lineStart = lineEnd + 1
                line += 1
            }
            return last
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
