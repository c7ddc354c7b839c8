import Foundation
import Testing
@testable import Catalog

/// The tokenizer streamed in chunks of any size reads exactly what it reads from the whole file, tokens,
/// positions and errors alike, while holding only a window of the input.
@Suite struct XLIFFStreamingTests {
    static let hostileFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("EndToEndTests/Fixtures/XLIFF")

    /// A document with what a window boundary could cut badly: a BOM, CRLF and a lone CR, multi-byte
    /// characters (2, 3 and 4 bytes), references, CDATA, comments, a processing instruction, a long
    /// line, and inline codes.
    static let rich: [UInt8] = {
        var units = ""
        for index in 0..<40 {
            units += "<unit id=\"u\(index)\"><!-- note \(index) --><segment state=\"translated\">\r\n"
            units += "<source>Run <ph id=\"1\" equiv=\"`tolk &amp; sync`\" disp=\"`tolk`\"/> — naïve 😀 &#x2014; &lt;b&gt; <pc id=\"2\" equivStart=\"[\" equivEnd=\"](/x)\">link</pc>\r\(String(repeating: "é", count: index * 7))</source>\n"
            units += "<target><![CDATA[a < b ]] >]]> <ph id=\"1\"/>ёлка <pc id=\"2\">ссылка</pc> 日本語</target></segment></unit>\n"
        }
        return [0xEF, 0xBB, 0xBF] + Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">
        <?tolk processing instruction?>
        <file id="f1" original="posts/a.md">\(units)</file>
        </xliff>

        """.utf8)
    }()

    /// Every token, or the error that stopped reading, as text.
    func tokens(_ make: () throws(XMLSyntaxError) -> XMLTokenizer) -> [String] {
        var result: [String] = []
        do {
            var tokenizer = try make()
            while let token = try tokenizer.next() { result.append("\(token)") }
        } catch {
            result.append("error \(error)")
        }
        return result
    }

    /// A chunk source over `bytes`, `size` bytes at a time.
    func chunks(of bytes: [UInt8], size: Int) -> () throws -> [UInt8] {
        var position = 0
        return {
            let end = min(bytes.count, position + size)
            defer { position = end }
            return Array(bytes[position..<end])
        }
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func chunksOfAnySizeGiveTheSameTokens(size: Int) {
        let whole = tokens { () throws(XMLSyntaxError) in try XMLTokenizer(bytes: Self.rich) }
        #expect(whole.count > 500)
        #expect(!whole.contains { $0.hasPrefix("error") })
        for compaction in [1, 100, 1 << 20] {
            let streamed = tokens { () throws(XMLSyntaxError) in try XMLTokenizer(chunks: chunks(of: Self.rich, size: size), compactingAfter: compaction) }
            #expect(streamed == whole, "chunks of \(size), compacting after \(compaction)")
        }
    }

    @Test func theReaderGivesTheSameUnitsStreamed() {
        let whole = XLIFFReader(path: "t.xlf").read(Self.rich)
        let streamed = XLIFFReader(path: "t.xlf").read(chunks: chunks(of: Self.rich, size: 5))
        #expect(whole.units.count == 40)
        #expect(whole.diagnostics.isEmpty)
        #expect(streamed.units == whole.units)
        #expect(streamed.diagnostics == whole.diagnostics)
        #expect(whole.units.last?.target == "a < b ]] > `tolk & sync`ёлка [ссылка](/x) 日本語")
    }

    /// Each hostile fixture fails streamed, and cut into pieces, as it fails whole: same message, same
    /// line and column.
    @Test(arguments: ["doctype-with-entities.xlf", "invalid-utf8.xlf", "mismatched-end-tag.xlf", "nested-too-deep.xlf",
                      "original-absolute.xlf", "original-escapes-project.xlf", "unclosed-segment.xlf", "undeclared-entity.xlf"])
    func aHostileFileFailsTheSameWayStreamedOrInPieces(fixture: String) throws {
        let bytes = Array(try Data(contentsOf: Self.hostileFixtures.appendingPathComponent(fixture)))
        let whole = XLIFFReader(path: fixture).read(bytes)
        #expect(!whole.isUsable)
        for size in [1, 7, 4096] {
            let streamed = XLIFFReader(path: fixture).read(chunks: chunks(of: bytes, size: size))
            #expect(!streamed.isUsable)
            #expect(streamed.diagnostics == whole.diagnostics, "chunks of \(size)")
            let pieces = XLIFFReader(path: fixture).read(opening: { chunks(of: bytes, size: size) }, pieces: .init(roundBytes: 50, piecesPerRound: 2))
            #expect(!pieces.isUsable)
            #expect(pieces.diagnostics == whole.diagnostics, "pieces, chunks of \(size)")
        }
    }

    @Test func aReadFailureStopsReadingWithADiagnostic() {
        struct Broken: Error, CustomStringConvertible { var description: String { "Input/output error" } }
        var calls = 0
        let read = XLIFFReader(path: "t.xlf").read(chunks: {
            calls += 1
            if calls == 1 { return Array(Self.rich[..<300]) }
            throw Broken()
        })
        #expect(!read.isUsable)
        #expect(read.diagnostics.first?.message.hasPrefix("cannot read the file (Input/output error)") == true, "\(read.diagnostics)")
    }

    /// The window holds about `compactingAfter` bytes plus the token being read, however long the file.
    @Test func theWindowStaysSmallOnALargeFile() throws {
        var body = ""
        for index in 0..<20_000 {
            body += "<unit id=\"u\(index)\"><segment><source>Paragraph \(index) with some words in it.</source></segment></unit>\n"
        }
        let bytes = Array("<xliff version=\"2.0\" trgLang=\"ru\"><file id=\"f\" original=\"a.md\">\(body)</file></xliff>".utf8)
        #expect(bytes.count > 1_900_000)
        var tokenizer = try XMLTokenizer(chunks: chunks(of: bytes, size: 4096), compactingAfter: 16_384)
        var largest = 0
        var count = 0
        while try tokenizer.next() != nil {
            largest = max(largest, tokenizer.windowByteCount)
            count += 1
        }
        #expect(count == 20_000 * 8 + 4, "start and end of unit, segment and source, the text, the newline; xliff and file")
        #expect(largest < 16_384 + 3 * 4096, "window of \(largest) bytes for a file of \(bytes.count)")
    }

    @Test func utf8CheckLeavesACutSequenceForTheNextChunk() {
        let text = Array("a€".utf8)  // € is E2 82 AC
        #expect(UTF8Validation.check(Array(text[..<2]), from: 0, final: false) == .valid(upTo: 1))
        #expect(UTF8Validation.check(Array(text[..<2]), from: 0, final: true) == .invalid(at: 1))
        #expect(UTF8Validation.check(text, from: 1, final: false) == .valid(upTo: 4))
        #expect(UTF8Validation.check([0x61, 0xC0, 0x80], from: 0, final: false) == .invalid(at: 1), "an overlong lead is invalid at once")
    }
}
