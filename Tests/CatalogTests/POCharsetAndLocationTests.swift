import Foundation
import Testing
import TestSupport
@testable import Catalog

@Suite struct POCharsetTests {
    @Test func latin1CatalogIsConvertedTheWayMsgconvDoes() throws {
        let bytes = try fixture("latin1.po")
        let result = POReader(path: "latin1.po").read(bytes)
        #expect(result.diagnostics.map(\.description) == [
            "latin1.po: warning: converted from ISO-8859-1 to UTF-8 (tolk writes catalogs in UTF-8; gettext tools and PO editors read them as they are)",
        ])
        #expect(result.catalog.entries.map(\.translations) == [["Café"], ["Été"]])
        #expect(result.catalog.header("Content-Type") == "text/plain; charset=UTF-8")
        #expect(result.catalog.headerComments == ["Traduction française."])
        let converted = try GettextProcess.run("msgconv", ["--to-code=UTF-8", fixturePath("latin1.po")])
        #expect(POWriter().encoded(result.catalog) == converted)
    }

    @Test func koi8rCatalogIsConverted() throws {
        let result = POReader(path: "koi8r.po").read(try fixture("koi8r.po"))
        #expect(result.catalog.entries.first?.translations == ["Кофе"])
        #expect(!result.diagnostics.hasErrors)
    }

    @Test func unknownCharsetIsAnErrorThatSaysWhatToDo() {
        let text = Array("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=KLINGON-8\\n\"\n\nmsgid \"a\"\nmsgstr \"".utf8) + [0xE9] + Array("\"\n".utf8)
        let result = POReader(path: "klingon.po").read(text)
        #expect(result.diagnostics.map(\.description) == [
            "klingon.po:1: error: unknown charset 'KLINGON-8' in the header (use a charset iconv knows (iconv --list), or convert the file with msgconv --to-code=UTF-8)",
        ])
        #expect(result.catalog.entries.isEmpty)
    }

    @Test func bytesInvalidInTheDeclaredCharsetAreReportedWithTheirLine() {
        // 0xFF is unassigned in ISO-8859-7 (Greek).
        let text = Array("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-7\\n\"\n\nmsgid \"a\"\nmsgstr \"".utf8) + [0xFF] + Array("\"\n".utf8)
        let result = POReader(path: "greek.po").read(text)
        #expect(result.diagnostics.map(\.description) == [
            "greek.po:5: error: byte 84 is not valid ISO-8859-7, the charset the header declares (fix the charset= in the header, or convert the file with msgconv --to-code=UTF-8)",
        ])
    }

    @Test func pureASCIIFileWithAnotherDeclaredCharsetNeedsNoConversion() {
        let text = "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n\nmsgid \"a\"\nmsgstr \"b\"\n"
        let result = POReader(path: "ascii.po").read(Array(text.utf8))
        #expect(result.diagnostics.isEmpty)
        #expect(result.catalog.header("Content-Type") == "text/plain; charset=ISO-8859-1")
    }
}

/// Inputs the PO fuzz target found (kept in its seeds): a catalog tolk reads, writes and reads again is
/// the same catalog, and nothing is read that a write would lose.
@Suite struct POFuzzFindingTests {
    func readWriteRead(_ bytes: [UInt8]) -> (first: POReader.Result, second: POReader.Result) {
        let first = POReader(path: "a.po").read(bytes)
        return (first, POReader(path: "a.po").read(POWriter().encoded(first.catalog)))
    }

    @Test func aCharsetNamedInAnotherHeaderFieldIsConvertedOnceAndRewrittenThere() throws {
        let (first, second) = readWriteRead(try fuzzSeed("POReader", "regression-charset-outside-content-type.po"))
        #expect(first.catalog.entries.map(\.translations) == [["Café"]])
        #expect(first.catalog.header("X-Note") == "charset=UTF-8")
        #expect(second.catalog == first.catalog)
        #expect(second.diagnostics.isEmpty, "written as UTF-8 and declared UTF-8: no second conversion")
    }

    @Test func charsetTextOutsideTheHeaderEntryIsNotADeclaration() throws {
        // Here `charset=ISO-8859-1ugs-To:` is in an ordinary entry's translation, and the file has no header.
        let bytes = try fuzzSeed("POReader", "regression-charset-sniffed-from-garbage-unreadable-output.po")
        let (first, second) = readWriteRead(bytes)
        #expect(!first.diagnostics.contains { $0.message.hasPrefix("converted") })
        #expect(second.catalog == first.catalog)
        #expect(!second.diagnostics.hasErrors)
    }

    /// The charset is the one the header entry (as the parser finds it) names first: not text in another
    /// entry, not an entry with a context, and read from the header's strings, not its lines.
    @Test(arguments: [
        ("msgid \"a\"\nmsgstr \"charset=KOI8-R\"\n\nmsgctxt \"c\"\nmsgid \"\"\nmsgstr \"charset=KOI8-U\"\n\n"
            + "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n\n", [0xE9] as [UInt8], "é"),
        ("msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; char\"\n\"set=KOI8-R\\n\"\n\n", [0xC1], "а"),
        ("# c\n\nmsgid  \"\"\nmsgstr \"\"\n\"Language: ru\\n\"\r\n\"Content-Type: text/plain; charset=KOI8-R\\n\"\n\n", [0xC1], "а"),
    ])
    func theHeaderAsParsedDeclaresTheCharset(header: String, byte: [UInt8], character: String) {
        let bytes = Array(header.utf8) + Array("msgid \"x\"\nmsgstr \"".utf8) + byte + Array("\"\n".utf8)
        let result = POReader(path: "h.po").read(bytes)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        #expect(result.catalog.entries.last?.translations == [character])
    }

    @Test func aHeaderAfterOtherEntriesDeclaresTheCharsetOfTheCatalogWrittenFromIt() throws {
        // Its header, the fourth entry, names a charset iconv does not know: the file is refused on the
        // first read, as gettext refuses it, rather than read as UTF-8 and written with that header.
        let first = POReader(path: "a.po").read(try fuzzSeed("POReader", "regression-charset-split-across-header-lines.po"))
        #expect(first.diagnostics.map(\.description) == [
            "a.po:1: error: unknown charset 'ISO-8859-1ugs-To' in the header (use a charset iconv knows (iconv --list), or convert the file with msgconv --to-code=UTF-8)",
        ])
    }

    /// What the writer wrote reads back without errors and writes to the same bytes (the fuzz target's
    /// invariant): `charset=KOI8-R` in what the header parser takes for a field's name; a header entry
    /// with two msgstr lines, the second naming KOI8-R amid Cyrillic UTF-8.
    @Test(arguments: ["regression-charset-in-a-header-field-name.po", "regression-header-msgid-spelled-unusually.po"])
    func whatTheWriterWroteReadsBackTheSame(_ seed: String) throws {
        let (first, second) = readWriteRead(try fuzzSeed("POReader", seed))
        #expect(!second.diagnostics.hasErrors, "\(second.diagnostics)")
        #expect(POWriter().encoded(second.catalog) == POWriter().encoded(first.catalog))
    }

    @Test func aHeaderLineBrokenRightAfterTheCharsetNameIsRefusedAsTheParserReadsIt() throws {
        // `charset=ISO-8859-1\<0x98>`: an escaped non-ASCII byte right after the name. The parser drops
        // the bad escape and joins the next line: the header it reads names a charset iconv does not know.
        let result = POReader(path: "a.po").read(try fuzzSeed("POReader", "regression-escaped-byte-after-charset-name.po"))
        #expect(result.diagnostics.map(\.description) == [
            "a.po:1: error: unknown charset 'ISO-8859-1Content-Transfer-Encoding' in the header (use a charset iconv knows (iconv --list), or convert the file with msgconv --to-code=UTF-8)",
        ])
    }

    @Test func pluralFormsWithoutMsgidPluralAreAnErrorAsInMsgfmt() throws {
        let bytes = try fuzzSeed("POReader", "regression-singular-entry-with-plural-forms.po")
        let result = POReader(path: "a.po").read(bytes)
        #expect(result.diagnostics.map(\.description) == [
            "a.po:2:1: error: msgstr[0] in an entry without msgid_plural (add the msgid_plural line of a plural entry, or write one msgstr for a singular one)",
        ])
        #expect(result.catalog.entries.isEmpty, "the broken entry is reported, not half-read")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-\(UUID().uuidString).po")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let msgfmt = try ProcessRunner.run(try ExternalTool.path("msgfmt"), ["-o", "/dev/null", url.path])
        #expect(msgfmt.status != 0, "msgfmt refuses it too")
        #expect(msgfmt.stderrText.contains("msgid_plural"), "\(msgfmt.stderrText)")
    }
}

/// A reproducer kept in a fuzz target's seeds (`Tests/Fuzz/<target>/seeds/`).
func fuzzSeed(_ target: String, _ name: String, file: String = #filePath) throws -> [UInt8] {
    let url = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/\(target)/seeds/\(name)")
    return Array(try Data(contentsOf: url))
}

@Suite struct POLocationTests {
    static let text = """
        msgid ""
        msgstr "Language: ru\\n"

        # A translator's note.
        #, fuzzy
        msgid "Read more"
        msgstr "Читать "
        "дальше: {count}"

        msgctxt "strings.reading_time"
        msgid "{minutes, plural, one {# minute} other {# minutes}}"
        msgid_plural "{minutes, plural, one {# minute} other {# minutes}}"
        msgstr[0] "# минута"
        msgstr[1] "# \\"минуты\\""
        msgstr[2] "# минут"

        #~| msgid "Old"
        #~ msgid "Gone"
        #~ msgstr "Ушло"

        """

    @Test func entriesKnowTheirLines() {
        let result = POReader(path: "ru.po").read(Array(Self.text.utf8))
        #expect(result.diagnostics.isEmpty)
        #expect(result.locations == [
            POEntryLocation(line: 4, msgidLine: 6, translationLines: [7]),
            POEntryLocation(line: 10, msgidLine: 11, translationLines: [13, 14, 15]),
            POEntryLocation(line: 17, msgidLine: 18, translationLines: [19]),
        ])
        #expect(result.catalog.entries[2].previousID == "Old")
        #expect(result.catalog.entries[2].isObsolete)
    }

    @Test func anOffsetInATranslationMapsToItsLineAndColumn() throws {
        let result = POReader(path: "ru.po").read(Array(Self.text.utf8))
        let translation = result.catalog.entries[0].translations[0]
        let brace = try #require(translation.utf8.firstIndex(of: UInt8(ascii: "{")))
        let offset = translation.utf8.distance(from: translation.utf8.startIndex, to: brace)
        // `"дальше: {count}"` on line 8: the brace is after the quote and 8 characters (14 bytes) of text.
        #expect(result.position(entry: 0, translation: 0, utf8Offset: offset) == (line: 8, column: 16))
        #expect(result.position(entry: 0, translation: 0, utf8Offset: 0) == (line: 7, column: 9))
        // Escapes count as the one byte they stand for: the `м` after `\"` in msgstr[1].
        #expect(result.position(entry: 1, translation: 1, utf8Offset: 3) == (line: 14, column: 16))
        // The end of a string is its closing quote.
        let end = result.catalog.entries[1].translations[2].utf8.count
        #expect(result.position(entry: 1, translation: 2, utf8Offset: end) == (line: 15, column: 24))
    }
}

func fixturePath(_ name: String, file: String = #filePath) -> String {
    URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name).path
}
