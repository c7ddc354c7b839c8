import Foundation
import Testing
@testable import Catalog

/// Reading an XLIFF 2.0 file in pieces on every core gives what reading it whole gives: the same
/// units (with their lines and columns), diagnostics, header and usability, and any file the pieces
/// cannot stand for is read whole instead. (The hostile fixtures fail in pieces as they fail whole:
/// `XLIFFStreamingTests`.)
@Suite struct XLIFFPieceReadingTests {
    /// An export of `files` posts as a translator's tool may give it back: CRLF in some files, a BOM,
    /// multi-byte text, references, CDATA, comments and a processing instruction between files,
    /// inline codes, a plural group, notes, and units that are refused with a diagnostic (a code the
    /// source does not have, a unit without a source).
    static func export(files: Int, lineEnd: String = "\n") -> [UInt8] {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" xmlns:tolk=\"https://tolk.dev/xliff\" version=\"2.0\" srcLang=\"en\" trgLang=\"ru\" tolk:project=\"blog\">\n"
        for file in 0..<files {
            let end = file % 3 == 1 ? "\r\n" : lineEnd
            if file % 5 == 2 { out += "  <!-- exported by tolk: file \(file) -->\(end)  <?tool checkpoint?>\(end)" }
            // Some files start their first unit on the line of the cut.
            out += "  <file id=\"f\(file)\" original=\"posts/\(file)-naïve.md\">\(file % 4 == 0 ? "" : end)"
            for unit in 0..<(file % 4 + 1) {
                // …and that unit is written on one line, so its position is counted from the cut.
                let end = file % 4 == 0 && unit == 0 ? "" : end
                let id = "u\(file)x\(unit)"
                out += "    <unit id=\"\(id)\">\(end)      <notes><note category=\"location\">posts/\(file).md:\(unit + 3)</note></notes>\(end)"
                out += "      <segment state=\"translated\">\(end)"
                out += "        <source>Run <ph id=\"1\" equiv=\"`tolk &amp; sync`\"/> — \(String(repeating: "é", count: unit * 5)) 😀 &#x2014; <pc id=\"2\" equivStart=\"[\" equivEnd=\"](/x)\">link</pc></source>\(end)"
                if unit == 2 && file % 7 == 0 {
                    out += "        <target>Запусти <ph id=\"9\"/></target>\(end)"  // a code the source does not have
                } else {
                    out += "        <target><![CDATA[a < b]]> <ph id=\"1\"/> ёлка <pc id=\"2\">ссылка</pc> 日本語 \(file)</target>\(end)"
                }
                out += "      </segment>\(end)    </unit>\(end)"
            }
            if file % 6 == 3 {
                out += "    <group id=\"p\(file)\" name=\"plural\">\(end)"
                for category in ["one", "few", "many", "other"] {
                    out += "      <unit id=\"p\(file).\(category)\"><segment state=\"translated\"><source>\(file) posts</source><target>\(file) \(category)</target></segment></unit>\(end)"
                }
                out += "    </group>\(end)"
            }
            if file % 11 == 5 { out += "    <unit id=\"nosource\"><segment><target>Ничего</target></segment></unit>\(end)" }
            out += "  </file>\(end)"
        }
        out += "</xliff>\n"
        return [0xEF, 0xBB, 0xBF] + Array(out.utf8)
    }

    func stream(_ bytes: [UInt8], size: Int = 97) -> () throws -> () throws -> [UInt8] {
        {
            var position = 0
            return {
                let end = min(bytes.count, position + size)
                defer { position = end }
                return Array(bytes[position..<end])
            }
        }
    }

    func expectSame(_ pieces: XLIFFReader.Result, _ whole: XLIFFReader.Result, _ comment: Comment) {
        #expect(pieces.units == whole.units, comment)
        #expect(pieces.diagnostics == whole.diagnostics, comment)
        #expect(pieces.isUsable == whole.isUsable, comment)
        #expect(pieces.version == whole.version && pieces.sourceLanguage == whole.sourceLanguage && pieces.targetLanguage == whole.targetLanguage
            && pieces.targetLanguageLine == whole.targetLanguageLine && pieces.projectName == whole.projectName, comment)
    }

    @Test(arguments: [(200, 1), (600, 3), (5_000, 2), (1 << 20, 8)])
    func piecesReadWhatTheWholeFileReads(roundBytes: Int, piecesPerRound: Int) {
        let bytes = Self.export(files: 60)
        let whole = XLIFFReader(path: "ru.xlf").read(bytes)
        #expect(whole.units.count > 120)
        #expect(whole.diagnostics.count >= 8, "refused units: \(whole.diagnostics)")
        #expect(whole.units.contains { $0.pluralForms != nil })
        let pieces = XLIFFReader(path: "ru.xlf").read(opening: stream(bytes), pieces: .init(roundBytes: roundBytes, piecesPerRound: piecesPerRound))
        #expect(pieces.piecesRead > 1, "read in \(pieces.piecesRead) pieces")
        expectSame(pieces, whole, "rounds of \(roundBytes) bytes, \(piecesPerRound) pieces")
    }

    /// One long line: columns carry on from piece to piece.
    @Test func aFileOnOneLineKeepsItsColumns() {
        let bytes = Array(String(decoding: Self.export(files: 30, lineEnd: ""), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "").utf8)
        let whole = XLIFFReader(path: "ru.xlf").read(bytes)
        #expect(whole.units.last!.line == 3 && whole.units.last!.column > 10_000, "\(whole.units.last!.line):\(whole.units.last!.column)")
        let pieces = XLIFFReader(path: "ru.xlf").read(opening: stream(bytes), pieces: .init(roundBytes: 700, piecesPerRound: 3))
        #expect(pieces.piecesRead > 1)
        expectSame(pieces, whole, "one line")
    }

    /// Files the pieces cannot stand for are read whole, streamed (as `read(chunks:)` reads them: with
    /// invalid UTF-8, the units before it are kept, though nothing is usable).
    @Test(arguments: [
        ("a 1.2 file", "version=\"2.0\"", "version=\"1.2\""),
        ("a lone CR in text", "ёлка <pc", "ёлка\r<pc"),
        ("<file in a comment", "<notes>", "<!-- <file id=\"c\"> --><notes>"),
        ("<file in CDATA", "<![CDATA[a < b]]>", "<![CDATA[<file x> a < b]]>"),
        ("a file inside a file", "<unit id=\"u4x0\">", "<file id=\"inner\" original=\"x.md\"></file><unit id=\"u4x0\">"),
        ("text after the root", "</xliff>\n", "</xliff>\ntrailing"),
        ("an unclosed root", "</xliff>\n", ""),
        ("a mismatched end tag", "</segment>", "</segmant>"),
        ("an original outside the project", "posts/9-naïve.md", "../9.md"),
        ("invalid UTF-8", "ёлка <pc id=\"2\">ссылка</pc> 日本語 17", "ёлка \u{FFFF}"),
    ])
    func aFileThePiecesCannotStandForIsReadWhole(what: String, find: String, replace: String) throws {
        var text = String(decoding: Self.export(files: 30), as: UTF8.self)
        let range = try #require(text.range(of: find), "\(what)")
        text.replaceSubrange(range, with: replace)
        var bytes = Array(text.utf8)
        if what == "invalid UTF-8", let lead = bytes.indices.first(where: { bytes[$0...].starts(with: [0xEF, 0xBF, 0xBF]) }) {
            bytes[lead] = 0xC0  // U+FFFF made an invalid sequence
        }
        let streamed = XLIFFReader(path: "ru.xlf").read(chunks: try stream(bytes)())
        // Every `<file` of a round is a cut.
        let pieces = XLIFFReader(path: "ru.xlf").read(opening: stream(bytes), pieces: .init(roundBytes: 900, piecesPerRound: 10_000))
        #expect(pieces.piecesRead == 0, "\(what): read in \(pieces.piecesRead) pieces")
        expectSame(pieces, streamed, "\(what)")
        if what != "invalid UTF-8" { expectSame(pieces, XLIFFReader(path: "ru.xlf").read(bytes), "\(what), read whole") }
    }

    /// A `<file>` element larger than a round may grow to is read streamed: memory stays bounded.
    @Test func aFileElementLargerThanTheLargestRoundIsReadStreamed() throws {
        let bytes = Self.export(files: 12)
        let streamed = XLIFFReader(path: "ru.xlf").read(chunks: try stream(bytes)())
        let bounded = XLIFFReader(path: "ru.xlf").read(opening: stream(bytes), pieces: .init(roundBytes: 300, piecesPerRound: 4, largestRound: 600))
        #expect(bounded.piecesRead == 0)
        expectSame(bounded, streamed, "largest round 600 bytes")
        let grown = XLIFFReader(path: "ru.xlf").read(opening: stream(bytes), pieces: .init(roundBytes: 300, piecesPerRound: 4))
        #expect(grown.piecesRead > 1, "rounds grow past 300 bytes to the next cut")
        expectSame(grown, streamed, "rounds of 300 bytes")
    }

    @Test func aFileThatCannotBeOpenedAgainSaysSo() {
        struct Gone: Error, CustomStringConvertible { var description: String { "No such file or directory" } }
        var opened = 0
        let bytes = Self.export(files: 4)
        // Opened once: the read in pieces stops at a broken piece, and the file is gone when read again.
        let broken = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "</segment>", with: "</segmant>").utf8)
        let read = XLIFFReader(path: "ru.xlf").read(opening: {
            opened += 1
            if opened > 1 { throw Gone() }
            return try stream(broken)()
        }, pieces: .init(roundBytes: 100, piecesPerRound: 2))
        #expect(opened == 2)
        #expect(!read.isUsable)
        #expect(read.diagnostics.first?.message == "cannot read the file (No such file or directory)", "\(read.diagnostics)")
    }

    @Test func cutsAreFileStartTagsOnly() {
        let bytes = Array("<xliff><filex/><file/><file\n id='a'><files></xliff>".utf8)
        #expect(XLIFFReader.nextCut(in: bytes, from: 0) == 15)
        #expect(XLIFFReader.nextCut(in: bytes, from: 16) == 22)
        #expect(XLIFFReader.nextCut(in: bytes, from: 23) == nil)
        #expect(XLIFFReader.lastCut(in: bytes) == 22)
        #expect(XLIFFReader.lastCut(in: Array("<file".utf8)) == nil, "a name cut off by the end of the bytes")
    }
}
