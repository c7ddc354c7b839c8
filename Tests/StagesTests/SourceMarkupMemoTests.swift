@testable import Checks
@testable import Extractor
import Testing

/// The checks read each source text once per task and reuse it for every locale's translation
/// (`SourceMarkupMemo`): what they find must be exactly what they find without it.
@Suite struct SourceMarkupMemoTests {
    /// Sources of every kind the checks look at, each with translations that pass and that fail.
    static let cases: [(source: String, translations: [String])] = [
        ("Run `tolk sync` and read [the guide](/guide \"Guide\").", ["Lancez `tolk sync` et lisez [le guide](/guide \"Guide\").",
                                                                      "Lancez `tolk build` et lisez [le guide](/guide).", "Lancez et lisez."]),
        ("Done.[^1] See [the FAQ][faq] and [docs][].", ["Fait.[^1] Voir [la FAQ][faq] et [docs][].", "Fait. Voir [la FAQ][faq] et [docs][].",
                                                         "Fait.[^2][^1] Voir [la FAQ][FAQ] et [docs][]."]),
        ("**Bold** and *light* and ~~gone~~, snake_case, 2 * 3", ["**Gras** et *léger* et ~~parti~~, snake_case, 2 * 3",
                                                                  "**Gras et *léger* et parti", "Gras et léger et ~~parti~~ _x"]),
        ("{count, plural, one {*one* post} other {*#* posts}}", ["{count, plural, one {*un* article} few {*#* articles} other {*#* articles}}"]),
        ("  Leading space and <kbd>Ctrl</kbd>\n", ["Espace <kbd>Ctrl</kbd>\n", "  Espace et <kbd>Ctrl</kbd>\n", "  Espace et Ctrl\n"]),
        ("Grüße aus Zürich, *ça* va", ["Grüße aus Zürich, *ça* va", "Grüße aus Zürich, ça va"]),
        ("Read the {{< ref \"notes.md\" >}} notes {#notes}", ["Lisez les notes {{< ref \"notes.md\" >}} {#notes}", "Lisez les notes"]),
    ]

    func findings(_ source: String, _ translation: String, dialect: (any MarkdownDialect)?, memo: SourceMarkupMemo?) -> [TranslationChecks.Problem] {
        TranslationChecks.problems(source: source, sourcePlural: nil, categories: ["one", "other"], translations: [translation],
                                   dialect: dialect, memo: memo)
    }

    @Test(arguments: [false, true])
    func theMemoChangesNoFinding(hugo: Bool) {
        let dialect: (any MarkdownDialect)? = hugo ? HugoDialect() : nil
        let memo = SourceMarkupMemo(dialect: dialect)
        var failing = 0
        // Twice over: the second round reads every source from the memo.
        for _ in 0..<2 {
            for (source, translations) in Self.cases {
                for translation in translations {
                    let without = findings(source, translation, dialect: dialect, memo: nil)
                    #expect(findings(source, translation, dialect: dialect, memo: memo) == without, "\(source) → \(translation)")
                    if !without.isEmpty { failing += 1 }
                }
            }
        }
        // The cases are no idle ones: most translations fail some check.
        #expect(failing >= 16)
    }

    /// A memo made for one dialect is not read for another: the same text has other pieces in each.
    @Test func aMemoServesOnlyItsDialect() {
        let plainMemo = SourceMarkupMemo(dialect: nil)
        let source = "Replacing the wick {#wick .step}"
        #expect(findings(source, "Changer la mèche", dialect: nil, memo: plainMemo).isEmpty)
        let withHugo = findings(source, "Changer la mèche", dialect: HugoDialect(), memo: plainMemo)
        #expect(withHugo.map(\.message) == ["the translation lacks attribute list {#wick .step} of the source"])
        #expect(!plainMemo.serves(HugoDialect()) && plainMemo.serves(nil))
    }

    /// Texts equal as Swift strings (canonically equivalent) but not byte for byte are two texts to the
    /// memo: the checks compare code spans byte for byte, so `é` composed is not `e` and a combining accent.
    @Test func textsAreKeptApartByTheirBytes() {
        let memo = SourceMarkupMemo(dialect: nil)
        let composed = "Caf\u{E9} `caf\u{E9}`", decomposed = "Cafe\u{301} `cafe\u{301}`"
        #expect(composed == decomposed)   // as Swift compares strings
        let first = memo.protectedPieces(of: composed, dialect: nil)
        let second = memo.protectedPieces(of: decomposed, dialect: nil)
        #expect(first.count == 1 && second.count == 1)
        #expect(Array(first[0].utf8) == Array("code span `caf\u{E9}`".utf8))
        #expect(Array(second[0].utf8) == Array("code span `cafe\u{301}`".utf8))
    }

    /// The emphasis count from a scan the checks share is the count from a scan of its own, leading
    /// whitespace (where the shared scan cannot serve) included.
    @Test func aSharedScanCountsEmphasisAsItsOwnDoes() {
        let texts = ["**Bold* and snake_case, 2 * 3", "  *indented* start", "\n__strong__ and `*code*`", "a <https://x.org/*a*> *b*",
                     "*one* **two** ~~three~~ _four_", "no delimiters at all", "[*link*](/a_b_c) and *x*"]
        for text in texts {
            #expect(InlineEmphasis(text, plainMarkup: { InlineMarkup(text) }) == InlineEmphasis(text), "\(text)")
        }
        #expect(InlineEmphasis("**Bold* and x", plainMarkup: { InlineMarkup("**Bold* and x") }).unpairedAsterisks == 1)
    }
}
