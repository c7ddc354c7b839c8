import Dispatch
import Foundation
import Synchronization
import TestSupport
import Testing
@testable import Extractor

/// The emphasis count parses a message without cmark-gfm's extensions, outside the parse lock, when
/// `CMarkParser.extensionsCannotMatter` says none of them can read anything in it. These tests hold
/// that promise against cmark-gfm itself: the same nodes with and without the extensions, on the GFM
/// spec's examples and on messages like a blog's; the predicate refusing each thing an extension reads;
/// and parallel parses of both kinds agreeing with the same parses one at a time.
@Suite struct EmphasisParseWithoutExtensionsTests {
    static func withAndWithout(_ text: String) -> (with: [CMarkParser.EmphasisNode], without: [CMarkParser.EmphasisNode]) {
        let bytes = Array(text.utf8)
        return (CMarkParser.emphasisNodes(of: bytes, withExtensions: true), CMarkParser.emphasisNodes(of: bytes, withExtensions: false))
    }

    /// Messages of the kind the checks read: emphasis with code, links, footnotes, HTML, entities,
    /// escapes, snake_case and arithmetic, in scripts other than Latin too.
    static let messages = [
        "Run `make *all*` and *then* read the __log__.",
        "**Bold* and snake_case, 2 * 3",
        "See [the *guide*](/docs/guide_one.md) and ![an *image*](a_b.png \"*title*\").",
        "*Внимание:* файл `config_main.yaml` **не** меняйте.",
        "これは**重要**です。_注意_してください",
        "A footnote[^note_1] and *emphasis*[^2].",
        "<span class=\"x_y\">*not* closed</span> _a_b_ __c__",
        "&amp;*entity* \\*escaped\\* *real*",
        "***strong emphasis*** and *a **b** c*",
        "*a\nb* _c\nd_",
        "_foo_bar_ *foo*bar* 5*6*7",
        "[*link* text][ref] and [*collapsed*][]",
    ]

    @Test func theSameNodesWithAndWithoutExtensionsWhereThePredicateAllows() throws {
        let url = try #require(SharedFiles.url("commonmark/examples.json"), "shared/commonmark/examples.json not found next to the project")
        struct Example: Decodable { var markdown: String }
        let examples = try JSONDecoder().decode([Example].self, from: Data(contentsOf: url)).map(\.markdown)
        var compared = 0, withEmphasis = 0
        for text in examples + Self.messages where CMarkParser.extensionsCannotMatter(Array(text.utf8)) {
            let (with, without) = Self.withAndWithout(text)
            #expect(with == without, "\(text.debugDescription)")
            compared += 1
            if !with.isEmpty { withEmphasis += 1 }
        }
        // The comparison covers most of the spec, and emphasis in a good part of it.
        #expect(compared > 500)
        #expect(withEmphasis > 100)
    }

    /// Each thing an extension reads keeps the extensions (and the lock); for several, the parse
    /// without them differs, so the predicate is what keeps the count right.
    @Test(arguments: [
        ("~~gone~~ *here*", true),
        ("www.example.com/*a*_b_ *c*", false),
        ("WWW.example.com", false),
        ("http://example.com/_a_ *b*", false),
        ("mailto:me@example.com", false),
        ("xmpp:me@example.com", false),
        ("write to a_b_@example.com", false),
        ("| a | *b* |\n|---|---|", false),
        ("[ ] *task*", false),
        ("[x] *done*", false),
        ("[X] *done*", false),
    ])
    func anythingAnExtensionReadsKeepsTheExtensions(text: String, parsesDifferently: Bool) {
        #expect(!CMarkParser.extensionsCannotMatter(Array(text.utf8)))
        if parsesDifferently {
            let (with, without) = Self.withAndWithout(text)
            #expect(with != without)
        }
    }

    @Test func plainProseWithEmphasisQualifies() {
        for text in ["Read *this* first: it matters.", "_Not_ www here, nor a URL: just prose.", "A [link](/docs/a.md) and **bold**"] {
            #expect(CMarkParser.extensionsCannotMatter(Array(text.utf8)), "\(text)")
        }
    }

    /// Parses with extensions hold the lock and set and clear the extensions' special characters;
    /// parses without run beside them. On both cores, each parse must find what it finds alone.
    @Test func parallelParsesOfBothKindsAgreeWithSequentialOnes() {
        let texts = (0..<400).map { index -> String in
            let message = Self.messages[index % Self.messages.count]
            switch index % 4 {
            case 0: return message
            case 1: return "~~struck~~ " + message                  // with extensions
            case 2: return message + " www.example.com/x_y_z"       // with extensions
            default: return "*\(index)* " + message
            }
        }
        let expected = texts.map { CMarkParser.emphasisNodes(of: Array($0.utf8)) }
        for _ in 0..<5 {
            let found = Mutex([[CMarkParser.EmphasisNode]](repeating: [], count: texts.count))
            DispatchQueue.concurrentPerform(iterations: texts.count) { index in
                let nodes = CMarkParser.emphasisNodes(of: Array(texts[index].utf8))
                found.withLock { $0[index] = nodes }
            }
            #expect(found.withLock { $0 } == expected)
        }
    }
}
