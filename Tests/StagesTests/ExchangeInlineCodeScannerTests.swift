import Catalog
import Testing
@testable import Workspace

/// Which pieces of a message become XLIFF inline codes, and how: standalone (`<ph>`) or paired around
/// translatable text (`<pc>`), and how a translation's pieces find the source's ids.
@Suite struct ExchangeInlineCodeScannerTests {
    /// The message with each code shown as `{id:original}`, a pair as `{id[:start}…{id]:end}`.
    func coded(_ message: String, _ scanner: XLIFFInlineScanner = InlineCodeScanners.markdown) -> String? {
        guard let text = XLIFFCodedText.make(source: message, sourceSpans: scanner(message), target: nil, targetSpans: []) else { return nil }
        return render(text.source)
    }

    func render(_ pieces: [XLIFFInlinePiece]) -> String {
        pieces.map { piece in
            switch piece {
            case let .text(text): text
            case let .placeholder(code): "{\(code.id):\(code.start)}"
            case let .open(code): "{\(code.id)[:\(code.start)}"
            case let .close(code): "{\(code.id)]:\(code.end ?? "")}"
            }
        }.joined()
    }

    @Test func codeSpansFootnotesEntitiesEscapesAndURLsAreStandaloneCodes() {
        #expect(coded("Run `tolk sync` now.") == "Run {1:`tolk sync`} now.")
        #expect(coded("True.[^1] Fish &amp; chips, \\*not\\* emphasis, <https://a.example> or https://b.example/x.")
                == "True.{1:[^1]} Fish {2:&amp;} chips, {3:\\*}not{4:\\*} emphasis, {5:<https://a.example>} or {6:https://b.example/x}.")
    }

    @Test func emphasisStaysText() {
        #expect(coded("*Open* is a **verb** or _an adjective_.") == nil, "no protected piece: the unit is written as text")
    }

    @Test func aLinkIsAPairAroundItsText() {
        #expect(coded("See [the guide](/guide) first.") == "See {1[:[}the guide{1]:](/guide)} first.")
        #expect(coded("See [the guide][guide], [guide][] or [guide].") == "See {1[:[}the guide{1]:][guide]}, {2:[guide][]} or {3:[guide]}.")
    }

    @Test func aLinkTitleIsProseBetweenTwoCodes() {
        #expect(coded("See [the guide](/guide \"The Guide\").") == "See {1[:[}the guide{1]:](/guide \"}The Guide{2:\")}.")
    }

    @Test func imagesAndLinksNestAndCodesInsideLinkTextStayInside() {
        #expect(coded("[![Build status](/badge.svg)](https://ci.example)") == "{1[:[}{2[:![}Build status{2]:](/badge.svg)}{1]:](https://ci.example)}")
        #expect(coded("Read [the `tolk` manual](/m).") == "Read {1[:[}the {2:`tolk`} manual{1]:](/m)}.")
    }

    @Test func htmlElementsPairWhenTheirClosingTagFollows() {
        #expect(coded("Press <kbd>Ctrl</kbd>+<kbd>C</kbd>.") == "Press {1[:<kbd>}Ctrl{1]:</kbd>}+{2[:<kbd>}C{2]:</kbd>}.")
        #expect(coded("A<br>B <span class=\"x\">open") == "A{1:<br>}B {2:<span class=\"x\">}open", "void and unclosed tags stand alone")
        #expect(coded("<b>bold <i>both</b> italic</i>") == "{1[:<b>}bold {2:<i>}both{1]:</b>} italic{3:</i>}")
    }

    @Test func crossingPairsFallBackToStandaloneCodes() {
        // `<b>` … `</b>` and `[` … `](/x)` cross; XML elements cannot, so the first to end is split.
        #expect(coded("<b>[a</b>](/x)") == "{1:<b>}{2[:[}a{3:</b>}{2]:](/x)}")
    }

    @Test func siteStringArgumentsAreCodesButPluralMessagesStayText() {
        #expect(coded("Published on {date}", InlineCodeScanners.messageFormat) == "Published on {1:{date}}")
        #expect(coded("It''s {count, number} of {total}", InlineCodeScanners.messageFormat) == "It''s {1:{count, number}} of {2:{total}}")
        #expect(coded("{count, plural, one {# post} other {# posts}}", InlineCodeScanners.messageFormat) == nil)
        #expect(coded("Broken {date", InlineCodeScanners.messageFormat) == nil)
    }

    @Test func aTranslationTakesTheSourceIdsByOriginalTextInItsOwnOrder() throws {
        let source = "Under `locales/` or `content/`, see [the guide](/g)."
        let target = "См. [руководство](/g) для `content/` и `locales/`."
        let text = try #require(XLIFFCodedText.make(source: source, sourceSpans: InlineCodeScanners.markdown(source),
                                                     target: target, targetSpans: InlineCodeScanners.markdown(target)))
        #expect(render(text.source) == "Under {1:`locales/`} or {2:`content/`}, see {3[:[}the guide{3]:](/g)}.")
        #expect(render(text.target ?? []) == "См. {3[:[}руководство{3]:](/g)} для {2:`content/`} и {1:`locales/`}.")
        let twice = try #require(XLIFFCodedText.make(source: "`x` or `x`", sourceSpans: InlineCodeScanners.markdown("`x` or `x`"),
                                                      target: "`x` и `x`", targetSpans: InlineCodeScanners.markdown("`x` и `x`")))
        #expect(render(twice.target ?? []) == "{1:`x`} и {2:`x`}", "equal codes are taken in order")
    }

    @Test func aTranslationWithoutTheSourcesPiecesIsWrittenAsText() {
        let source = "Run `tolk sync` at [home](/)."
        for target in ["Запустите `tolk check` [дома](/).", "Запустите [дома](/).", "Запустите `tolk sync` `tolk sync` [дома](/).", "Запустите `tolk sync` [дома](/ru/)."] {
            #expect(XLIFFCodedText.make(source: source, sourceSpans: InlineCodeScanners.markdown(source), target: target, targetSpans: InlineCodeScanners.markdown(target)) == nil,
                    "\(target)")
        }
    }
}
