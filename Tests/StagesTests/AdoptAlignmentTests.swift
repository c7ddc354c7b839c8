@testable import Adoption
import Extractor
@testable import LocalizedTrees
import Testing

/// The pieces of `tolk adopt` that decide which translation is whose: the cross-page pairing of sorted
/// lists, the body alignment and the links put back as the source has them.
@Suite struct AdoptAlignmentTests {
    // MARK: SortedListPairing

    @Test func tagsSortedByTheirTranslationsArePairedAcrossPages() {
        // The build sorted each translated list; only the pages together say which is whose.
        let lists = [
            SortedListPairing.List(key: "tags", sources: ["workflow", "tooling"], translations: ["инструменты", "рабочий процесс"]),
            SortedListPairing.List(key: "tags", sources: ["tooling"], translations: ["инструменты"]),
            SortedListPairing.List(key: "tags", sources: ["testing", "workflow", "plurals"], translations: ["множественное число", "рабочий процесс", "тестирование"]),
            SortedListPairing.List(key: "tags", sources: ["plurals", "localization"], translations: ["локализация", "множественное число"]),
        ]
        #expect(SortedListPairing.solve(lists) == [
            ["рабочий процесс", "инструменты"],
            ["инструменты"],
            ["тестирование", "рабочий процесс", "множественное число"],
            ["множественное число", "локализация"],
        ])
    }

    @Test func aListTheOtherPagesDoNotSettleStaysUnpaired() {
        let lists = [SortedListPairing.List(key: "tags", sources: ["a", "b"], translations: ["x", "y"])]
        #expect(SortedListPairing.solve(lists) == [[nil, nil]])
    }

    @Test func aTagTranslatedDifferentlyOnTwoPagesIsNotGuessed() {
        let lists = [
            SortedListPairing.List(key: "tags", sources: ["news"], translations: ["новости"]),
            SortedListPairing.List(key: "tags", sources: ["news"], translations: ["известия"]),
        ]
        #expect(SortedListPairing.solve(lists) == [[nil], [nil]])
    }

    // MARK: BodyAlignment

    static func units(_ items: [(String, String)]) -> [AlignedUnit] {
        items.enumerated().map { index, item in
            let unit = TranslationUnit(role: .body(item.0), text: item.1, line: index * 2 + 1, span: 0..<0,
                                       rendering: .markdown(continuationPrefix: [], lineEnding: [10], block: .paragraph))
            return AlignedUnit(index: index, unit: unit, dialect: nil)
        }
    }

    @Test func theSameStructurePairsEveryUnitWithCertainty() {
        let source = Self.units([("heading 2", "Setup"), ("paragraph", "Install it."), ("paragraph", "Run `make`.")])
        let translation = Self.units([("heading 2", "Einrichtung"), ("paragraph", "Installieren Sie es."), ("paragraph", "`make` ausführen.")])
        let aligned = BodyAlignment.align(source: source, translation: translation)
        #expect(aligned.pairs == (0..<3).map { BodyAlignment.Pair(source: $0, translation: $0, confidence: .certain) })
        #expect(aligned.findings.isEmpty && aligned.extraInTranslation == 0)
    }

    @Test func aUnitWhoseCodeSpanDiffersIsNotPaired() {
        let source = Self.units([("paragraph", "Run `make test` first."), ("paragraph", "Then `make deploy`.")])
        let translation = Self.units([("paragraph", "Zuerst `make check` ausführen."), ("paragraph", "Dann `make deploy`.")])
        let aligned = BodyAlignment.align(source: source, translation: translation)
        #expect(aligned.pairs == [BodyAlignment.Pair(source: 1, translation: 1, confidence: .certain)])
        #expect(aligned.findings == ["paragraph 'Run `make test` first.' (line 1) and the translation's paragraph at line 1 keep different pieces: `make test` in the source, `make check` in the translation; left untranslated"])
    }

    /// The section that pairs by shape gives the length ratio; in the other, the long paragraph the
    /// translation lacks is found by length, and its neighbours pair as needs review.
    @Test func aMissingParagraphIsFoundByLength() {
        let source = Self.units([
            ("heading 2", "Intro"), ("paragraph", "We moved the build cache to a machine of its own last spring."),
            ("heading 2", "Setup"), ("paragraph", "Start the cache server first."),
            ("paragraph", "Point each runner at it by setting the cache address in the runner's configuration file, then restart the runner so that it picks up the change, and check its log for the address."),
            ("paragraph", "Check the hit rate after a day or two."),
        ])
        let translation = Self.units([
            ("heading 2", "Einleitung"), ("paragraph", "Im letzten Frühjahr haben wir den Build-Cache auf einen eigenen Rechner verlegt."),
            ("heading 2", "Einrichtung"), ("paragraph", "Starten Sie zuerst den Cache-Server."),
            ("paragraph", "Prüfen Sie die Trefferquote nach ein oder zwei Tagen."),
        ])
        let aligned = BodyAlignment.align(source: source, translation: translation)
        #expect(aligned.pairs.map(\.source) == [0, 1, 2, 3, 5])
        #expect(aligned.pairs.map(\.translation) == [0, 1, 2, 3, 4])
        #expect(aligned.pairs.map(\.confidence) == [.certain, .certain, .certain, .uncertain, .uncertain])
        #expect(aligned.findings == ["the source has 1 paragraph more after 'Start the cache server first.' (line 9): left untranslated"])
    }

    // MARK: Links

    @Test func linksTheBuildLocalizedAreWrittenBackAsTheSourceHasThem() {
        #expect(PageAdoption.restoringLinks("См. [итоги](/ru/posts/итоги/) и [RFC](https://example.org/rfc).", as: "See [the retro](/posts/retro/) and [RFC](https://example.org/rfc).")
            == "См. [итоги](/posts/retro/) и [RFC](https://example.org/rfc).")
        // An external link the translator changed stays as it is, for the checks to report.
        #expect(PageAdoption.restoringLinks("[x](https://example.com/de)", as: "[x](https://example.com/en)") == "[x](https://example.com/de)")
        #expect(LinkRewriter.mayHaveInlineLink("a ](b") && !LinkRewriter.mayHaveInlineLink("a ] (b"))
    }
}
