@testable import Checks
import Extractor
import Testing

/// The checks `tolk import` makes on each translation against its source: footnote references,
/// emphasis as cmark-gfm pairs it, whitespace at the ends, and the source left untranslated. The
/// end-to-end tests show the diagnostics in files; these show where the lines are drawn.
@Suite struct TranslationChecksTests {
    func problems(_ source: String, _ translation: String) -> [String] {
        TranslationChecks.problems(source: source, sourcePlural: nil, categories: ["one", "other"], translations: [translation])
            .map { "\($0.message) (\($0.hint))" }
    }

    /// Issue 15, finding 1: a reference label is the key of a definition of the page; translated, the
    /// link is printed as literal brackets. Full, collapsed and shortcut references alike.
    @Test func f1_referenceLabelsMustBeTheSources() {
        #expect(InlineStructureCheck.problem(source: "Built on the [V8 JavaScript engine][].", translations: ["Gebaut auf der [V8-JavaScript-Engine][]."])?.message
                == "the translation lacks reference label [V8 JavaScript engine][] of the source")
        #expect(InlineStructureCheck.problem(source: "Read [the docs][docs].", translations: ["Lies [die Doku][doku]."])?.message
                == "the translation lacks reference label [docs] of the source")
        #expect(InlineStructureCheck.problem(source: "See the [FAQ].", translations: ["Siehe die [Fragen]."])?.message
                == "the translation lacks reference label [FAQ] of the source")
        #expect(InlineStructureCheck.problem(source: "Read [the docs][docs].", translations: ["Lies [die Dokumentation][docs]."]) == nil)
        #expect(InlineStructureCheck.problem(source: "See the [FAQ] and [the docs][docs].", translations: ["Siehe [die Doku][docs] und die [FAQ]."]) == nil)
        #expect(InlineStructureCheck.problem(source: "- [x] done", translations: ["- [x] erledigt"]) == nil, "a task marker is no label")
    }

    @Test func emphasisIsCountedAsCMarkPairsIt() {
        let emphasis = InlineEmphasis("**Bold* and *it*, snake_case, 2 * 3, `a*b*c`, [x](/a_b_c*d*), <https://e.example/*x*>, ~~gone~~")
        #expect(emphasis.emphasis == 2)
        #expect(emphasis.strong == 0)
        #expect(emphasis.strikethrough == 1)
        #expect(emphasis.unpairedAsterisks == 1, "the first * of **Bold*")
        #expect(emphasis.unpairedUnderscores == 0)
        #expect(InlineEmphasis("![an *image* alt](/x.png)").emphasis == 1, "counted in the parse, where HTML would flatten it")
        #expect(InlineEmphasis("***both***") == InlineEmphasis("___both___"))
        #expect(InlineEmphasis("\\*not emphasis\\*").unpairedAsterisks == 0, "escaped")
        #expect(InlineEmphasis("    *indented* message").emphasis == 1, "a message is inline content, never an indented code block")
    }

    @Test func aTranslationMayMoveEmphasisButNotDropOrUnbalanceIt() {
        let source = "**Validate plural categories** against the *CLDR* rules."
        #expect(problems(source, "Gegen die *CLDR*-Regeln **Pluralkategorien prüfen**.").isEmpty)
        #expect(problems(source, "**Pluralkategorien prüfen* gegen die *CLDR*-Regeln.")
                == ["the translation does not pair emphasis as the source does: emphasis (*…*, _…_) 1 in the source, 2 in the translation, strong emphasis (**…**, __…__) 1 in the source, 0 in the translation (close each *, _, **, __ and ~~ that opens, as the source does; spans may move, not appear or disappear)"])
        #expect(problems("Plain text, 2 × 3.", "Reiner Text, *2 × 3.")
                == ["the translation has an unpaired * that the page would show as text (close the emphasis it opens, or write \\* for a literal *)"])
    }

    @Test func delimitersThatAreNoEmphasisAreNotCounted() {
        #expect(problems("Set max_retries to 2 * 3.", "Setze max_retries auf 2 * 3.").isEmpty)
        #expect(problems("Run `rm *.po`.", "Führe `rm *.po` aus.").isEmpty)
        #expect(problems("See https://example.org/a_b_c.", "Siehe https://example.org/a_b_c.").isEmpty)
        #expect(problems("A <span class=\"x_y\">tag</span>.", "Ein <span class=\"x_y\">Tag</span>.").isEmpty)
        #expect(problems("* not a list item", "* kein Listenpunkt").isEmpty)
    }

    @Test func anICUMessageWithMoreBranchesMayRepeatItsEmphasis() {
        let source = "{count, plural, one {*#* post} other {*#* posts}}"
        #expect(problems(source, "{count, plural, one {*#* запись} few {*#* записи} many {*#* записей} other {*#* записи}}").isEmpty)
    }

    @Test func footnoteReferencesMustBeTheSource() {
        let source = "It was slow.[^1] Then it was fast.[^2]"
        #expect(problems(source, "Dann war es schnell.[^2] Es war langsam.[^1]").isEmpty)
        #expect(problems(source, "Es war langsam. Dann war es schnell.[^2]")
                == ["the translation lacks footnote reference [^1] of the source (put it back: a footnote reference may move in a translation, not disappear)"])
        #expect(problems(source, "Es war langsam.[^1] Dann schnell.[^3]") .first?.hasPrefix("the translation lacks footnote reference [^2]") == true)
        #expect(problems("Slow.[^1]", "Langsam.[^1] Wirklich.[^1]")
                == ["the translation has footnote reference [^1] twice, the source once (keep each footnote reference as often as the source has it)"])
        #expect(problems("Slow.", "Langsam.[^note]")
                == ["the translation has footnote reference [^note], which the source does not (use the source's footnote references only: each points to a note of the page)"])
    }

    @Test func whitespaceAtTheEndsMustBeTheSources() {
        #expect(problems("Read more", "Weiterlesen ")
                == ["the translation ends with \" \", the source with no whitespace (end it as the source does: whitespace at the ends of a message is layout, not part of the translation)"])
        #expect(problems("  Indented", "Eingerückt")
                == ["the translation starts with no whitespace, the source with \"  \" (start it as the source does: whitespace at the ends of a message is layout, not part of the translation)"])
        #expect(problems("Line", "Zeile\n").first?.hasPrefix("the translation ends with \"\\n\", the source with no whitespace") == true)
        #expect(problems("Wait ", "Warte\u{A0}").first?.hasPrefix("the translation ends with \"\\u{A0}\", the source with \" \"") == true)
        #expect(problems("Same ends ", "Gleiche Enden ").isEmpty)
    }

    @Test func aPluralFormIsCheckedAgainstTheTextItTranslates() {
        let found = TranslationChecks.problems(source: "# post[^1]", sourcePlural: "# posts[^1]", categories: ["one", "few", "many"],
                                               translations: ["# запись[^1]", "# записи", "# записей[^1]"])
        #expect(found.map(\.message) == ["the 'few' form lacks footnote reference [^1] of the source"])
        #expect(found.first?.translation == 1)
    }

    @Test func aTranslationSameAsASourceWithWordsIsFlagged() {
        func same(_ source: String, _ translation: String) -> Bool {
            TranslationChecks.isSameAsSource(source: source, sourcePlural: nil, categories: ["other"], translations: [translation])
        }
        #expect(same("Read more", "Read more"))
        #expect(same("Ångström", "Ångström"))
        #expect(!same("Read more", "Weiterlesen"))
        #expect(!same("2024", "2024"), "a number")
        #expect(!same("`tolk sync`", "`tolk sync`"), "code")
        #expect(!same("https://example.org/guide", "https://example.org/guide"), "a URL")
        #expect(!same("{count}", "{count}"), "an ICU argument")
        #expect(same("{count, plural, one {# post} other {# posts}}", "{count, plural, one {# post} other {# posts}}"))
        #expect(TranslationChecks.isSameAsSource(source: "# post", sourcePlural: "# posts", categories: ["one", "other"], translations: ["# post", "# posts"]))
        #expect(!TranslationChecks.isSameAsSource(source: "# post", sourcePlural: "# posts", categories: ["one", "other"], translations: ["# post", "# Posts"]))
    }
}
