import Foundation
import TestSupport
import Testing
@testable import Extractor

/// Issue 21: a message that is one line of prose with `*` and `_` (and nothing else cmark-gfm reads
/// as structure) has its emphasis counted by `EmphasisPairing` over its delimiter runs, not by a
/// cmark-gfm parse. Wherever that way answers, it must give what the parse gives: the same spans, the
/// same unpaired delimiters.
@Suite struct InlineEmphasisWithoutParserTests {
    static func parsed(_ text: String) -> InlineEmphasis { InlineEmphasis(counting: Array(text.utf8), plainMarkup: nil, alwaysParsing: true) }
    static func paired(_ text: String) -> InlineEmphasis? {
        InlineEmphasis.pairedWithoutParsing(Array(text.utf8)).map { _ in InlineEmphasis(counting: Array(text.utf8), plainMarkup: nil, alwaysParsing: false) }
    }

    @Test(arguments: [
        "Read *this* first: it **matters**.", "*a **b** c*", "***strong emphasis***", "**Bold* and snake_case, 2 * 3", "_foo_bar_ *foo*bar* 5*6*7",
        "*Внимание:* файл **не** меняйте.", "これは**重要**です。_注意_してください", "__init__ and _private_ names", "a*\"foo\"*", "*(**foo**)*",
        "foo***bar***baz", "foo******bar*********baz", "*foo**bar**baz*", "**foo*bar*baz**", "*foo**bar*", "(« *a* »)",
        "Run `make *all*` and *then* read the __log__.", "*a `*` b*", "``a ` *b*`` *c*", "`unclosed *a*", "`x`*a*`y`", "`a*b*c` *d*",
        "*`*``x`y``\"`make *all*`»(`make *all*`", "naïve**cache**__中文``x`y```make *all*`中文`make *all*`",
    ])
    func countsProseAsTheParserDoes(text: String) throws {
        let paired = try #require(Self.paired(text), "\(text) should be counted without the parser")
        #expect(paired == Self.parsed(text), "\(text)")
    }

    @Test(arguments: [
        "* item *a*", "*** ", "_ _ _", "- *a*", "# *Heading*", "> *quote*", "1. *first*", "[*link*](/a_b)", "<b>*x*</b>",
        "\\*escaped\\*", "&ast;*a*", "~~gone~~ *here*", "*a\nb*", "www.example.com/*a*", "http://x/_a_", "a | *b* |", "me@example.com *a*",
        "**", "*a* <https://x>", "=*a*", "+ *a*", "![*alt*](x.png)", "```js *a*",
    ])
    func leavesStructureToTheParser(text: String) {
        #expect(Self.paired(text) == nil, "\(text.debugDescription)")
    }

    /// The GFM spec's examples, line by line, 40,000 generated messages from delimiters, letters,
    /// spaces and punctuation of several scripts, and 20,000 generated lines of prose with emphasis:
    /// each message counted without the parser is counted as the parser counts it.
    @Test func agreesWithTheParserWhereverItAnswers() throws {
        let url = try #require(SharedFiles.url("commonmark/examples.json"), "shared/commonmark/examples.json not found next to the project")
        struct Example: Decodable { var markdown: String }
        var texts = try JSONDecoder().decode([Example].self, from: Data(contentsOf: url)).flatMap { example in
            example.markdown.split(separator: "\n").map { String($0.drop { $0 == " " || $0 == "\t" }) }
        }
        let pieces = ["a", "b", "foo", " ", " ", "*", "*", "**", "***", "_", "_", "__", ".", ",", "(", ")", "\"", "'", "!", "?", "1", "-", ":",
                      "é", "ж", "中", "。", "\u{A0}", "—", "«", "»", "\u{2009}", "🙂", "$", "/", ";", "`", "``", "`"]
        var generator = SplitMix64(seed: 2_021)
        for _ in 0..<40_000 {
            let count = 1 + Int(generator.next() % 14)
            texts.append((0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined())
        }
        // And 20,000 lines of prose: words of several scripts, some wrapped in *, **, ***, _ or __ (a
        // closer now and then missing or doubled), punctuation before and after.
        let words = ["the", "cache", "build", "snake_case", "жук", "файл", "中文", "設定", "é", "naïve", "2024", "x", "`make *all*`", "`a_b`", "``x`y``", "`"]
        let wrappers = ["*", "**", "***", "_", "__", "___"], marks = ["", "", "", ".", ",", "!", "?", "(", ")", "\"", "«", "»", "—", "。", "、", ":"]
        for _ in 0..<20_000 {
            var line: [String] = []
            for _ in 0..<(2 + Int(generator.next() % 9)) {
                var word = words[Int(generator.next() % UInt64(words.count))]
                if generator.next() % 3 == 0 {
                    let wrapper = wrappers[Int(generator.next() % UInt64(wrappers.count))]
                    let closer = generator.next() % 10 == 0 ? "" : generator.next() % 10 == 0 ? wrapper + wrapper.prefix(1) : wrapper
                    word = wrapper + word + closer
                }
                if generator.next() % 4 == 0 { word = marks[Int(generator.next() % UInt64(marks.count))] + word }
                if generator.next() % 4 == 0 { word += marks[Int(generator.next() % UInt64(marks.count))] }
                line.append(word)
            }
            texts.append(line.joined(separator: generator.next() % 8 == 0 ? "" : " "))
        }
        var answered = 0, withSpans = 0
        var mismatches: [String] = []
        for text in texts where text.contains("*") || text.contains("_") {
            guard let paired = Self.paired(text) else { continue }
            answered += 1
            let parsed = Self.parsed(text)
            if parsed.emphasis + parsed.strong > 0 { withSpans += 1 }
            if paired != parsed, mismatches.count < 8 { mismatches.append("\(text.debugDescription): paired \(paired), parsed \(parsed)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        // The comparison means something: many messages answered, many of them with spans.
        #expect(answered > 20_000, "answered \(answered)")
        #expect(withSpans > 10_000, "with spans \(withSpans)")
    }
}
