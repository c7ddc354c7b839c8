@testable import LocalizedTrees
import TestSupport
import Testing

/// `OutputLayout.cleanSlug` cleans an ASCII slug on its bytes and any other by Unicode scalars: the
/// two must agree wherever both apply.
@Suite struct SlugTests {
    @Test func examples() {
        #expect(OutputLayout.cleanSlug("  Why plural rules are hard ") == "Why-plural-rules-are-hard")
        #expect(OutputLayout.cleanSlug("a/b?c#d%e\"f<g>h\\i[j]k{l}m|n^o`p") == "abcdefghijklmnop")
        #expect(OutputLayout.cleanSlug("tab\there\nand\u{0B}there") == "tab-here-and-there")
        #expect(OutputLayout.cleanSlug("..") == "")
        #expect(OutputLayout.cleanSlug(" . ") == "")
        #expect(OutputLayout.cleanSlug("почему правила") == "почему-правила")
        #expect(OutputLayout.cleanASCIISlug("почему") == nil, "not ASCII: the scalar path")
    }

    @Test func theByteAndScalarPathsAgreeOnASCII() {
        // Every ASCII byte class the cleaning tells apart, in random texts of up to 24 bytes.
        let pieces: [String] = ["a", "Z", "0", "-", ".", "..", "_", "~", " ", "  ", "\t", "\n", "\u{0B}", "\u{0C}", "\r",
                                "\u{00}", "\u{1C}", "\u{1F}", "\u{7F}", "/", "?", "#", "%", "\"", "<", ">", "\\", "[", "]", "{", "}", "|", "^", "`",
                                "!", "$", "&", "'", "(", ")", "*", "+", ",", ":", ";", "=", "@"]
        var random = SplitMix64(seed: 21)
        for _ in 0..<20_000 {
            let text = (0..<Int(random.next() % 12)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(OutputLayout.cleanASCIISlug(text) == OutputLayout.cleanSlugScalars(text), "\(Array(text.utf8))")
        }
    }
}
