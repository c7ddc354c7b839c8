import Catalog
import FuzzSupport

/// Fuzzes the XLIFF reader (2.0, 1.2 and 1.1, as `tolk import` reads them) and its XML tokenizer.
///
/// Whatever the bytes, reading must not crash, and the streamed reading `tolk import` uses must agree
/// with reading the whole file:
/// 1. `XLIFFReader.read(chunks:)`, fed in small chunks, gives the same units, languages, version,
///    usability and diagnostics as `read(_:)`;
/// 2. `XLIFFReader.read(opening:)`, cutting the input into pieces of a few bytes read at once, gives
///    the same too;
/// 3. `XMLTokenizer` streaming with a window that is compacted every few bytes gives the same tokens
///    (adjacent texts joined) and stops with the same error as the tokenizer over the whole input.
/// Invalid UTF-8 is reported when the window reaches it, so for such input both must only fail.
@_cdecl("FuzzXLIFFReader_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    Fuzz.run(argc, argv) { bytes in
        // Chunk sizes from 1 to 17 bytes, chosen by the input so that each input always reads the same way.
        let chunkSize = bytes.count % 17 + 1
        let isUTF8 = String(validating: bytes, as: UTF8.self) != nil

        let whole = XLIFFReader(path: "fuzz.xlf").read(bytes)
        let streamed = XLIFFReader(path: "fuzz.xlf").read(chunks: Chunks(bytes, size: chunkSize).next)
        Fuzz.expect(whole.isUsable == streamed.isUsable, "usable \(whole.isUsable) read whole, \(streamed.isUsable) streamed in \(chunkSize)-byte chunks")
        if isUTF8 {
            Fuzz.expect(whole.units == streamed.units, "units differ read whole and streamed in \(chunkSize)-byte chunks:\n  \(whole.units)\n  \(streamed.units)")
            Fuzz.expect(whole.version == streamed.version && whole.sourceLanguage == streamed.sourceLanguage && whole.targetLanguage == streamed.targetLanguage,
                        "header differs read whole and streamed: \(String(describing: whole.version)) \(String(describing: whole.sourceLanguage)) \(String(describing: whole.targetLanguage)) / \(String(describing: streamed.version)) \(String(describing: streamed.sourceLanguage)) \(String(describing: streamed.targetLanguage))")
            Fuzz.expect(whole.diagnostics == streamed.diagnostics, "diagnostics differ read whole and streamed in \(chunkSize)-byte chunks:\n  \(whole.diagnostics.map(\.description))\n  \(streamed.diagnostics.map(\.description))")
        }
        // Rounds of 16 to 271 bytes, each cut at every `<file` it holds.
        let pieces = XLIFFReader.Pieces(roundBytes: 16 + bytes.count % 256, piecesPerRound: 1 << 20)
        let inPieces = XLIFFReader(path: "fuzz.xlf").read(opening: { Chunks(bytes, size: chunkSize).next }, pieces: pieces)
        Fuzz.expect(inPieces.isUsable == streamed.isUsable, "usable \(streamed.isUsable) streamed, \(inPieces.isUsable) in pieces")
        Fuzz.expect(inPieces.units == streamed.units, "units differ streamed and in pieces:\n  \(streamed.units)\n  \(inPieces.units)")
        Fuzz.expect(inPieces.version == streamed.version && inPieces.sourceLanguage == streamed.sourceLanguage && inPieces.targetLanguage == streamed.targetLanguage
                        && inPieces.targetLanguageLine == streamed.targetLanguageLine && inPieces.projectName == streamed.projectName,
                    "header differs streamed and in pieces")
        Fuzz.expect(inPieces.diagnostics == streamed.diagnostics, "diagnostics differ streamed and in pieces:\n  \(streamed.diagnostics.map(\.description))\n  \(inPieces.diagnostics.map(\.description))")

        let (wholeTokens, wholeError) = tokens(of: { () throws(XMLSyntaxError) in try XMLTokenizer(bytes: bytes) })
        let (windowTokens, windowError) = tokens(of: { () throws(XMLSyntaxError) in
            try XMLTokenizer(chunks: Chunks(bytes, size: chunkSize).next, compactingAfter: chunkSize)
        })
        if isUTF8 {
            Fuzz.expect(wholeTokens == windowTokens, "tokens differ whole and streamed (\(chunkSize)-byte chunks and window):\n  \(wholeTokens)\n  \(windowTokens)")
        }
        // With invalid UTF-8, the whole input is refused before the first token; a stream finds the bad
        // byte when its window reaches it, and may stop at a syntax error before that.
        Fuzz.expect(isUTF8 ? wholeError == windowError : wholeError != nil && windowError != nil, "tokenizing stops differently whole and streamed (\(chunkSize)-byte chunks and window): \(String(describing: wholeError)) / \(String(describing: windowError))")
    }
}

/// Hands out `bytes` `size` at a time, then empty arrays (the end of the input).
final class Chunks {
    private let bytes: [UInt8]
    private let size: Int
    private var offset = 0

    init(_ bytes: [UInt8], size: Int) {
        self.bytes = bytes
        self.size = size
    }

    func next() -> [UInt8] {
        let end = min(offset + size, bytes.count)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}

/// Every token up to the end or the first error, with adjacent texts joined (a streamed tokenizer may
/// hand out one text in several pieces; the reader joins them).
func tokens(of makeTokenizer: () throws(XMLSyntaxError) -> XMLTokenizer) -> ([XMLTokenizer.Token], XMLSyntaxError?) {
    var tokens: [XMLTokenizer.Token] = []
    do {
        var tokenizer = try makeTokenizer()
        while let token = try tokenizer.next() {
            if case .text(let more, _) = token, case .text(let text, let at)? = tokens.last {
                tokens[tokens.count - 1] = .text(text + more, at: at)
            } else {
                tokens.append(token)
            }
            // A hostile input can hold millions of tokens: compare a bounded prefix.
            if tokens.count > 100_000 { break }
        }
        return (tokens, nil)
    } catch {
        return (tokens, error)
    }
}
