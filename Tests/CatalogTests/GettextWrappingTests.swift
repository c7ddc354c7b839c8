import CUnistring
import Foundation
import Testing
import TestSupport
@testable import Catalog

/// The PO writer lays strings out as gettext 0.21 does: each test here either compares with
/// libunistring (the library msgcat wraps with) or runs msgcat on what tolk wrote.
@Suite struct GettextWrappingTests {
    // MARK: - The Swift path for ASCII is libunistring's answer

    @Test func asciiLineBreakingAgreesWithLibunistringOnRandomText() {
        var random = SplitMix64(seed: 0x7015)
        let pieces = ["word", "a", "Date.FormatStyle", "https://example.com/a/b?c=d&e=f", "e.g.", "(see", "this)", "1,234.5",
                      "$9.99", "50%", "--flag", "x/y", "\"quoted\"", "it's", "[link](url)", "`code`", "a\\b", "tab\there",
                      "line\n", "\\\\\\", "\\n", "\\\"", "   ", "{count}", "#", "<b>", "</b>", "!", "?", ";", ":", "-", "—", "...", "C++", "foo_bar"]
        var asciiBreaks: [Int] = []
        var tableBreaks: [Int] = []
        var unistringBreaks: [Int] = []
        var scratch: [CChar] = []
        var mismatches: [String] = []
        for _ in 0..<30_000 {
            var raw = ""
            let count = Int(random.next() % 40) + 1
            for index in 0..<count {
                if index > 0 && random.next() % 4 != 0 { raw += String(repeating: " ", count: Int(random.next() % 3) + 1) }
                raw += pieces[Int(random.next() % UInt64(pieces.count))].filter { $0.isASCII }
            }
            let escaped = Self.escaped(raw)
            let width = Int(random.next() % 70) + 10
            let start = Int(random.next() % 14)
            let endsWithNewline = raw.hasSuffix("\n")
            // Now and then, stretches where a line may not start (as inside format directives).
            let masked = random.next() % 4 == 0
            let noBreak = escaped.indices.map { _ in masked && random.next() % 3 == 0 }
            escaped.withUnsafeBufferPointer { text in
                noBreak.withUnsafeBufferPointer { noBreak in
                    asciiBreaks.removeAll()
                    tableBreaks.removeAll()
                    unistringBreaks.removeAll()
                    GettextLineBreaks.narrowBreaks(in: text, endsWithNewline: endsWithNewline, noBreak: masked ? noBreak : nil,
                                                   printableASCII: true, width: width, startColumn: start, into: &asciiBreaks)
                    _ = GettextLineBreaks.tableBreaks(in: text, endsWithNewline: endsWithNewline, noBreak: masked ? noBreak : nil,
                                                      width: width, startColumn: start, into: &tableBreaks)
                    GettextLineBreaks.unistringBreaks(in: text, endsWithNewline: endsWithNewline, noBreak: masked ? noBreak : nil,
                                                      width: width, startColumn: start, encoding: "UTF-8", scratch: &scratch, into: &unistringBreaks)
                }
            }
            if (asciiBreaks != unistringBreaks || tableBreaks != unistringBreaks) && mismatches.count < 5 {
                mismatches.append("width \(width) start \(start) \(String(decoding: escaped, as: UTF8.self)): \(asciiBreaks), \(tableBreaks) vs libunistring \(unistringBreaks)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    @Test func tablePathAgreesWithLibunistringOnRandomTextInManyScripts() {
        let classes = GettextLineBreaks.Classes.shared
        // A few members of every class, and ASCII words and escapes between them.
        var members: [Int: [Int]] = [:]
        for scalar in 0..<0x10000 where classes.ofScalar[scalar] != 0 {
            let group = Int(classes.ofScalar[scalar] & 0x7F)
            if members[group, default: []].count < 6 || scalar % 97 == 0 { members[group, default: []].append(scalar) }
        }
        let pool = members.values.flatMap { $0 }.map { String(UnicodeScalar(UInt32($0))!) }
        let narrowPool = members.values.flatMap { $0 }.filter { classes.ofScalar[$0] & 0x80 == 0 }.map { String(UnicodeScalar(UInt32($0))!) }
        let words = ["word", "Date.FormatStyle", "https://example.com/a?b=c", "1,234.5", "(see", "this)", "\"q\"", "a\\b", "tab\t", "50%"]
        var random = SplitMix64(seed: 0x5C41)
        var tableBreaks: [Int] = []
        var narrowBreaks: [Int] = []
        var narrowCases = 0
        var unistringBreaks: [Int] = []
        var scratch: [CChar] = []
        var mismatches: [String] = []
        for round in 0..<30_000 {
            // Every third text without wide characters, so that the narrow path is tried too.
            let pool = round % 3 == 0 ? narrowPool : pool
            var raw = ""
            for index in 0..<Int(random.next() % 50 + 1) {
                if index > 0 && random.next() % 3 == 0 { raw += " " }
                if random.next() % 4 == 0 {
                    raw += words[Int(random.next() % UInt64(words.count))]
                } else {
                    for _ in 0..<Int(random.next() % 4 + 1) { raw += pool[Int(random.next() % UInt64(pool.count))] }
                }
            }
            let escaped = Self.escaped(raw)
            let width = Int(random.next() % 70) + 10
            let start = Int(random.next() % 14)
            let (covered, narrow) = escaped.withUnsafeBufferPointer { text in
                tableBreaks.removeAll()
                narrowBreaks.removeAll()
                unistringBreaks.removeAll()
                GettextLineBreaks.unistringBreaks(in: text, endsWithNewline: false, noBreak: nil, width: width, startColumn: start,
                                                  encoding: "UTF-8", scratch: &scratch, into: &unistringBreaks)
                let narrow = GettextLineBreaks.narrowBreaks(in: text, endsWithNewline: false, noBreak: nil, printableASCII: false,
                                                            width: width, startColumn: start, into: &narrowBreaks)
                return (GettextLineBreaks.tableBreaks(in: text, endsWithNewline: false, noBreak: nil, width: width, startColumn: start,
                                                      into: &tableBreaks), narrow)
            }
            if narrow { narrowCases += 1 }
            if (!covered || tableBreaks != unistringBreaks || (narrow && narrowBreaks != unistringBreaks)) && mismatches.count < 5 {
                mismatches.append("width \(width) start \(start) \(raw.debugDescription): \(covered ? "\(tableBreaks)" : "not covered"), \(narrow ? "\(narrowBreaks)" : "not narrow") vs libunistring \(unistringBreaks)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        #expect(narrowCases > 5_000)
    }

    /// Ideographs and Hangul syllables get their class by block: check each one answers like the block's first.
    @Test func everyIdeographAndHangulSyllableAnswersLikeItsBlock() {
        let classes = GettextLineBreaks.Classes.shared
        var representatives: [Int: Int] = [:]
        for scalar in 0x21..<0x10000 where classes.ofScalar[scalar] != 0 && representatives[Int(classes.ofScalar[scalar] & 0x7F)] == nil {
            representatives[Int(classes.ofScalar[scalar] & 0x7F)] = scalar
        }
        let probes = representatives.values.sorted()
        var expected: [UInt8: [UInt8]] = [:]
        var odd: [String] = []
        for scalar in stride(from: 0x3400, through: 0xD7A3, by: 1) where classes.ofScalar[scalar] != 0 && !(0xA000..<0xAC00).contains(scalar) {
            let entry = classes.ofScalar[scalar]
            let answers = GettextLineBreaks.Classes.answers(of: scalar, next: probes)
            if let known = expected[entry] {
                if known != answers && odd.count < 5 { odd.append(String(scalar, radix: 16)) }
            } else {
                expected[entry] = GettextLineBreaks.Classes.answers(of: representatives[Int(entry & 0x7F)]!, next: probes)
                if expected[entry] != answers { odd.append(String(scalar, radix: 16)) }
            }
            if Int(entry >> 7) + 1 != Int(tolk_scalar_width(UInt32(scalar), "UTF-8")) { odd.append("width of \(String(scalar, radix: 16))") }
        }
        #expect(odd.isEmpty, "\(odd)")
    }

    /// Why a string whose UTF-8 bytes fit on the line is never measured: no character is wider than its UTF-8 length.
    @Test func noCharacterIsWiderThanItsUTF8Length() {
        var wider: [UInt32] = []
        for value in UInt32(0)...0x10FFFF where !(0xD800...0xDFFF).contains(value) {
            let length = value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
            if tolk_scalar_width(value, "UTF-8") > length { wider.append(value) }
        }
        #expect(wider.isEmpty)
    }

    // MARK: - Layout facts, each checked against msgcat

    @Test func dottedIdentifiersAndURLsBreakWhereMsgcatBreaksThem() throws {
        var entry = CatalogEntry(id: "Formatting with `Date.FormatStyle` and `Date.FormatStyle.dateTime.year().month()` is described at https://developer.apple.com/documentation/foundation/date/formatstyle in detail.")
        entry.translations = ["Форматирование с `Date.FormatStyle` и `Date.FormatStyle.dateTime.year().month()` описано на https://developer.apple.com/documentation/foundation/date/formatstyle подробно."]
        let text = POWriter().write(Self.catalog([entry]))
        #expect(text.contains("msgid \"\"\n\"Formatting with `Date.FormatStyle` and "))
        try Self.expectMsgcatKeeps(text)
    }

    @Test func wideAndCombiningCharactersAreMeasuredAsMsgcatMeasuresThem() throws {
        var entries: [CatalogEntry] = []
        for (index, text) in [
            String(repeating: "日本語のテキストは幅が二倍です。", count: 6),
            String(repeating: "ä̈ é́ ñ̃ combining marks take no column ", count: 4),
            String(repeating: "👩‍👩‍👧 emoji 🇺🇦 flags and ZWJ ", count: 5),
            String(repeating: "ภาษาไทยไม่มีช่องว่างระหว่างคำ ", count: 5),
            String(repeating: "النص العربي يكتب من اليمين إلى اليسار، ", count: 4),
        ].enumerated() {
            entries.append(CatalogEntry(context: "c\(index)", id: text, translations: [text]))
        }
        try Self.expectMsgcatKeeps(POWriter().write(Self.catalog(entries)))
    }

    @Test func escapesStayWholeAndTheFinalNewlineStaysOnItsLine() throws {
        var entries: [CatalogEntry] = []
        for width in 60...90 {
            let filler = String(repeating: "x", count: width - 60)
            entries.append(CatalogEntry(id: "\(filler) a line with \"quotes\", a tab\tand a backslash \\ that ends in a newline here\n"))
            entries.append(CatalogEntry(id: "\(filler)\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\""))
            entries.append(CatalogEntry(id: "\(filler) first\nsecond line\n\nfourth \u{7}\u{8}\u{b}\u{c}\r bells and whistles at the end of a long line\n"))
        }
        try Self.expectMsgcatKeeps(POWriter().write(Self.catalog(entries)))
    }

    @Test func everyKeywordAndPrefixStartsItsFirstLineWhereMsgcatDoes() throws {
        var entries: [CatalogEntry] = []
        for length in stride(from: 55, through: 80, by: 1) {
            let text = String(String(repeating: "abcd efgh ", count: 10).prefix(length))
            var entry = CatalogEntry(context: text, id: "id " + text, idPlural: "plural " + text, translations: [text, "x" + text, ""])
            entry.previousContext = text
            entry.previousID = text
            entry.previousIDPlural = text
            entry.isFuzzy = true
            entries.append(entry)
            var obsolete = entry
            obsolete.id = "obsolete " + text
            obsolete.isObsolete = true
            entries.append(obsolete)
        }
        try Self.expectMsgcatKeeps(POWriter().write(Self.catalog(entries)))
    }

    @Test func referencesFillTheLineAndRepeatsAreWrittenOnce() throws {
        var entry = CatalogEntry(id: "x", translations: ["y"])
        entry.references = ["./content/a.md:3", "content/a.md:3", "content/a.md:3", "content/b.md:007"]
            + (1...30).map { "content/posts/a-rather-long-post-name-\($0).md:\($0 * 7)" }
        let text = POWriter().write(Self.catalog([entry]))
        #expect(text.contains("#: content/a.md:3 content/b.md:7 content/posts/a-rather-long-post-name-1.md:7\n"))
        try Self.expectMsgcatKeeps(text)
    }

    @Test func flagsAreWrittenInGettextsOrder() throws {
        var entry = CatalogEntry(id: "%d file", idPlural: "%d files", translations: ["%d Datei", "%d Dateien"])
        entry.flags = ["no-wrap", "python-format", "possible-c-format", "range: 1..9", "fuzzy", "impossible-sh-format", "no-java-format"]
        var untranslated = CatalogEntry(id: "empty")
        untranslated.flags = ["fuzzy", "c-format"]
        var obsolete = CatalogEntry(id: "gone", translations: ["weg"])
        obsolete.flags = ["range: 1..2", "c-format", "fuzzy"]
        obsolete.isObsolete = true
        let text = POWriter().write(Self.catalog([entry, untranslated, obsolete]))
        #expect(text.contains("#, fuzzy, c-format, python-format, no-java-format, range: 1..9, no-wrap\nmsgid \"%d file\""))
        #expect(text.contains("#, c-format\nmsgid \"empty\""))
        #expect(text.contains("#, fuzzy, c-format\n#~ msgid \"gone\""))
        try Self.expectMsgcatKeeps(text)
    }

    @Test func noLineStartsInsideACFormatDirective() throws {
        var entries: [CatalogEntry] = []
        let directives = ["%%", "%d", "%1$s", "%-10.3lf", "% d", "%'d", "%<PRIx64>", "%*.*s", "%2$*1$d", "%zu", "%Id", "%@", "%m", "%"]
        for (index, directive) in directives.enumerated() {
            for shift in 0..<12 {
                let filler = String(repeating: "w", count: shift)
                let text = "\(filler) the value of „\(directive)“ is 0x%<PRIx64> without any addend, but may be „\(directive)\(directive)“ after"
                var entry = CatalogEntry(context: "\(index)-\(shift)", id: text, translations: [text + " " + text])
                entry.flags = [shift % 3 == 0 ? "objc-format" : "c-format"]
                entries.append(entry)
            }
        }
        try Self.expectMsgcatKeeps(POWriter().write(Self.catalog(entries)))
    }

    @Test func noWrapEntriesAreCutOnlyAtNewlines() throws {
        var entry = CatalogEntry(id: String(repeating: "long words that would wrap ", count: 5) + "\nand a second line", translations: ["x"])
        entry.flags = ["no-wrap"]
        let text = POWriter().write(Self.catalog([entry]))
        #expect(text.contains("msgid \"\"\n\"long words that would wrap long words that would wrap long words that would wrap long words that would wrap long words that would wrap \\n\"\n\"and a second line\"\n"))
        try Self.expectMsgcatKeeps(text)
    }

    @Test func obsoleteEntriesComeLastAndThoseWithoutTranslationAreLeftOut() throws {
        var gone = CatalogEntry(id: "gone", translations: ["weg"])
        gone.isObsolete = true
        var empty = CatalogEntry(id: "never translated", idPlural: "plural", translations: ["", "something"])
        empty.isObsolete = true
        let kept = CatalogEntry(id: "kept", translations: ["behalten"])
        let text = POWriter().write(Self.catalog([empty, gone, kept]))
        #expect(text.hasSuffix("msgid \"kept\"\nmsgstr \"behalten\"\n\n#~ msgid \"gone\"\n#~ msgstr \"weg\"\n"))
        try Self.expectMsgcatKeeps(text)
    }

    @Test func randomCatalogsComeBackFromMsgcatUnchanged() throws {
        var random = SplitMix64(seed: 2026)
        let words = ["the", "a", "translation", "Date.FormatStyle", "https://example.com/docs/page.html#anchor", "e.g.", "i.e.",
                     "(parenthesised)", "[link](https://x.org)", "`code.span()`", "1,234.56", "$5", "100%", "—", "«ёлки»", "Привет,",
                     "日本語", "テキスト。", "한국어", "中文，", "ä̈", "naïve", "العربية", "עברית", "ไทย", "👍🏽", "👩‍💻", "\"q\"", "back\\slash",
                     "tab\t", "new\nline", "x_y", "a/b/c", "--option=value", "C++", "¿qué?", "¡sí!", "œuvre", "ﬁ", "Ⅻ", "½", "\u{00A0}nbsp",
                     "soft\u{00AD}hyphen", "zero\u{200B}width", "\u{2028}", "…", "–", "·", ":", ";", "!", "?", "{name}", "%s", "%1$d"]
        var entries: [CatalogEntry] = []
        func sentence(_ maximum: Int) -> String {
            (0..<Int(random.next() % UInt64(maximum) + 1)).map { _ in words[Int(random.next() % UInt64(words.count))] }
                .joined(separator: random.next() % 9 == 0 ? "" : " ")
        }
        for index in 0..<1_500 {
            var entry = CatalogEntry(id: "\(index) " + sentence(40), translations: [sentence(40)])
            if random.next() % 5 == 0 { entry.context = sentence(8) }
            if random.next() % 6 == 0 {
                entry.idPlural = sentence(30)
                entry.translations = [sentence(30), sentence(30), sentence(3)]
            }
            if random.next() % 7 == 0 { entry.previousID = sentence(30); entry.isFuzzy = true }
            if random.next() % 11 == 0 { entry.isObsolete = true }
            if random.next() % 3 == 0 { entry.references = (0..<Int(random.next() % 12)).map { "content/posts/p\($0).md:\(random.next() % 500)" } }
            entries.append(entry)
        }
        try Self.expectMsgcatKeeps(POWriter().write(Self.catalog(entries)))
    }

    // MARK: - Memo

    @Test func memoGivesTheSameTextAndWrapsEachStringOnce() {
        var entries: [CatalogEntry] = []
        for index in 0..<50 {
            entries.append(CatalogEntry(id: "\(index) " + String(repeating: "a message long enough to wrap ", count: 4), translations: [""]))
            entries.append(CatalogEntry(id: "short \(index)", translations: [""]))
        }
        let template = Self.catalog(entries)
        var translated = template
        for index in translated.entries.indices { translated.entries[index].translations = ["Übersetzung " + String(repeating: "lang genug zum Umbrechen ", count: 5)] }
        let memo = POWriter.WrapMemo()
        let writer = POWriter()
        #expect(writer.write(template, memo: memo) == writer.write(template))
        #expect(memo.count == 51)   // the 50 long msgids and the header
        #expect(writer.write(translated, memo: memo) == writer.write(translated))
        #expect(memo.count == 52)   // and the one long translation
        #expect(writer.write(template, memo: memo) == writer.write(template))
    }

    @Test func memoTellsCanonicallyEquivalentStringsApart() {
        let composed = String(repeating: "caf\u{E9} ", count: 20)
        let decomposed = String(repeating: "cafe\u{301} ", count: 20)
        let memo = POWriter.WrapMemo()
        let writer = POWriter()
        let first = writer.write(Self.catalog([CatalogEntry(id: composed)]), memo: memo)
        let second = writer.write(Self.catalog([CatalogEntry(id: decomposed)]), memo: memo)
        #expect(Array(first.utf8) != Array(second.utf8))
        #expect(second == writer.write(Self.catalog([CatalogEntry(id: decomposed)])))
    }

    // MARK: - Helpers

    static func catalog(_ entries: [CatalogEntry]) -> Catalog {
        Catalog(headerFields: [("Language", "de"), ("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=UTF-8"),
                               ("Content-Transfer-Encoding", "8bit"), ("Plural-Forms", "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);")],
                entries: entries)
    }

    static func escaped(_ raw: String) -> [UInt8] {
        var out: [UInt8] = []
        for byte in raw.utf8 {
            if let letter = POOutput.escapeLetter(byte) { out += [0x5C, letter] } else { out.append(byte) }
        }
        return out
    }

    static func expectMsgcatKeeps(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let output = try GettextProcess.run("msgcat", input: Array(text.utf8))
        let difference = GettextProcess.firstDifference(Array(text.utf8), output)
        #expect(difference == nil, "msgcat changed tolk's output: \(difference ?? "")", sourceLocation: sourceLocation)
    }
}

/// Runs gettext's command-line tools for tests.
enum GettextProcess {
    /// Runs `<tool> arguments… FILE` with `input` in a temporary FILE; returns standard output.
    static func run(_ tool: String, _ arguments: [String] = [], input: [UInt8]) throws -> [UInt8] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-\(tool)-\(UUID().uuidString).po")
        try Data(input).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try run(tool, arguments + [url.path])
    }

    /// Runs the gettext tool (failing the test, with what to install, when it is missing); its output.
    static func run(_ tool: String, _ arguments: [String]) throws -> [UInt8] {
        Array(try ProcessRunner.run(try ExternalTool.path(tool), arguments).stdout)
    }

    /// "line N: expected … got …" for the first line where `actual` differs from `expected`, or nil.
    static func firstDifference(_ expected: [UInt8], _ actual: [UInt8]) -> String? {
        if expected == actual { return nil }
        let left = expected.split(separator: 0x0A, omittingEmptySubsequences: false)
        let right = actual.split(separator: 0x0A, omittingEmptySubsequences: false)
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? String(decoding: left[index], as: UTF8.self) : "<end>"
            let r = index < right.count ? String(decoding: right[index], as: UTF8.self) : "<end>"
            if l != r { return "line \(index + 1): expected \(l.debugDescription), got \(r.debugDescription)" }
        }
        return "same lines, different bytes"
    }
}
