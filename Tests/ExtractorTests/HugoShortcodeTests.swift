import Foundation
import Testing
@testable import Extractor
@testable import Merger

/// Hugo shortcodes read by the Hugo dialect (issue 17): calls as protected pieces, call-only lines,
/// inner content, parameters, and the hostile cases (unclosed calls, calls in code).
@Suite struct HugoShortcodeTests {
    let hugo = MarkdownPageSource(translatableKeys: [], dialect: HugoDialect())
    let plain = MarkdownPageSource(translatableKeys: [])

    func units(_ markdown: String, _ source: MarkdownPageSource? = nil) -> [String] {
        (source ?? hugo).extract(path: "p.md", bytes: Array(markdown.utf8)).document.units.map(\.text)
    }

    @Test func theIssuesNoticeIsItsInnerTextAndPlainCommonMarkIsUnchanged() {
        let page = "{{< notice warning >}}\nThis is a warning.\n{{< /notice >}}\n"
        #expect(units(page) == ["This is a warning."])
        #expect(units(page, plain) == ["{{< notice warning >}} This is a warning. {{< /notice >}}"])
    }

    @Test func aBlockOfCallsOnlyIsNoMessage() {
        #expect(units("{{< youtube w7Ft2ymGmfc >}}\n\n{{< gist spf13 7896402 >}} {{< x />}}\n").isEmpty)
    }

    @Test func callsInProseAreProtectedByThePseudoTranslator() {
        let message = #"See {{< ref "a.md" >}} and {{% param "title" %}}, or {{< x `raw > }}` />}}."#
        let pseudo = PseudoTranslator(dialect: HugoDialect()).translate(message)
        for call in [#"{{< ref "a.md" >}}"#, #"{{% param "title" %}}"#, "{{< x `raw > }}` />}}"] { #expect(pseudo.contains(call), "\(call)") }
        #expect(InlineMarkup(message, dialect: HugoDialect()).protected.filter { $0.kind == .shortcode }.count == 3)
    }

    @Test func theInnerContentOfAnUnlistedAngleShortcodeIsNotTranslatedButPercentIs() {
        #expect(units("{{< highlight go >}}\n\nfmt.Println(x)\n\n{{< /highlight >}}\n").isEmpty)
        #expect(units("{{% mybox %}}\n\nSome **text**.\n\n{{% /mybox %}}\n") == ["Some **text**."])
        let configured = MarkdownPageSource(translatableKeys: [], dialect: HugoDialect(shortcodes: ["mybox": .init(inner: true)]))
        #expect(units("{{< mybox >}}\nBoxed.\n{{< /mybox >}}\n", configured) == ["Boxed."])
    }

    @Test func nestedCallsLetTheInnermostDecide() {
        let page = "{{< notice >}}\nOuter text.\n\n{{< highlight >}}\ncode here\n{{< /highlight >}}\n{{< /notice >}}\n"
        #expect(units(page) == ["Outer text."])
    }

    @Test func aNamedParameterIsAMessageWrittenBackWithHugosQuoting() {
        let page = #"{{< figure src="/a.png" caption="A \"big\" cat" >}}"# + "\n"
        let (document, _) = hugo.extract(path: "p.md", bytes: Array(page.utf8))
        #expect(document.units.map(\.text) == [#"A "big" cat"#])
        #expect(document.units.map(\.context) == ["figure caption"])
        let merged = SpanMerger.merge(document, replacements: [#"Un "gros" chat"#])
        #expect(String(decoding: merged, as: UTF8.self) == #"{{< figure src="/a.png" caption="Un \"gros\" chat" >}}"# + "\n")
        #expect(SpanMerger.merge(document, replacements: [#"A "big" cat"#]) == Array(page.utf8))
    }

    @Test func aMultiLineCallIsOneCall() {
        let page = "{{< figure\n  src=\"/a.png\"\n  alt=`A cat`\n>}}\n"
        #expect(units(page) == ["A cat"])
    }

    @Test func anUnclosedCallIsADiagnosticAtItsLineAndLosesNoLine() {
        let page = "Intro.\n\nSee {{< ref \"a.md\" and more.\n\nLast line.\n"
        let (document, diagnostics) = hugo.extract(path: "p.md", bytes: Array(page.utf8))
        #expect(diagnostics.map { "\($0.line):\($0.column)" } == ["3:5"])
        #expect(diagnostics.first?.message.contains("not closed") == true)
        #expect(document.units.map(\.text) == ["Intro.", "See {{< ref \"a.md\" and more.", "Last line."])
        // The broken call is kept whole by the pseudo-locale.
        #expect(PseudoTranslator(dialect: HugoDialect()).translate(document.units[1].text).contains("{{< ref \"a.md\" and more."))
        #expect(SpanMerger.merge(document, replacements: document.units.map(\.text)) == Array(page.utf8))
    }

    @Test func callsInCodeSpansAndFencedCodeStayCode() {
        let page = "Use `{{< notice >}}` here.\n\n```\n{{< notice >}}\nnot prose\n{{< /notice >}}\n```\n\nAfter.\n"
        let (document, diagnostics) = hugo.extract(path: "p.md", bytes: Array(page.utf8))
        #expect(diagnostics.isEmpty)
        #expect(document.units.map(\.text) == ["Use `{{< notice >}}` here.", "After."])
    }

    @Test func aClosingCallWithoutItsOpeningIsADiagnostic() {
        let (_, diagnostics) = hugo.extract(path: "p.md", bytes: Array("Text.\n\n{{< /notice >}}\n".utf8))
        #expect(diagnostics.map(\.line) == [3])
    }

    // MARK: Goldmark's additions (issue 17): attribute lists, definition lists, links to shortcodes

    @Test func anAttributeListIsRecognizedOnlyWhenItIsOne() {
        for (text, end) in [("{#wick}", 7), ("{#wick .step}", 13), ("{ .lead }", 9), (#"{data-x="a b" .c}"#, 17), ("{id=main}", 9)] {
            #expect(GoldmarkAttributes.end(in: Array(text.utf8), at: 0) == end, "\(text)")
        }
        for text in ["{word}", "{}", "{#}", "{#a\n}", "{.a", #"{key="open}"#, "{a b}"] {
            #expect(GoldmarkAttributes.end(in: Array(text.utf8), at: 0) == nil, "\(text)")
        }
        // A hostile run of `{#a ` never closed costs at most the look-ahead.
        let hostile = Array(String(repeating: "{#a ", count: 100_000).utf8)
        #expect(GoldmarkAttributes.end(in: hostile, at: 0) == nil)
    }

    @Test func aHeadingsAttributeListIsProtectedAndStaysLastInThePseudoLocale() {
        let heading = "Replacing the wick {#wick .step}"
        #expect(InlineMarkup(heading, dialect: HugoDialect()).protected.map(\.kind) == [.shortcode])
        #expect(PseudoTranslator(dialect: HugoDialect()).translate(heading).hasSuffix("⟧ {#wick .step}"))
        // In the middle of a sentence, braces are prose.
        #expect(InlineMarkup("Write {#id} after a heading.", dialect: HugoDialect()).protected.isEmpty)
    }

    @Test func anAttributeLineBelowAParagraphIsNoPartOfItsMessage() {
        let page = "Polish the brass.\n{.lead}\n\n{.standalone}\n"
        let (document, _) = hugo.extract(path: "p.md", bytes: Array(page.utf8))
        #expect(document.units.map(\.text) == ["Polish the brass."])
        #expect(String(decoding: SpanMerger.merge(document, replacements: ["Polir le laiton."]), as: UTF8.self) == "Polir le laiton.\n{.lead}\n\n{.standalone}\n")
        #expect(units(page, plain) == ["Polish the brass. {.lead}", "{.standalone}"])
    }

    @Test func aDefinitionListIsAMessagePerTermAndDefinition() {
        let page = "> Wick\n> : The cotton strip.\n>   Replace it yearly.\n> : Or the thread.\n\nLantern\nCandle box\n: A lamp.\n"
        let (document, _) = hugo.extract(path: "p.md", bytes: Array(page.utf8))
        #expect(document.units.map(\.text) == ["Wick", "The cotton strip. Replace it yearly.", "Or the thread.", "Lantern", "Candle box", "A lamp."])
        #expect(document.units.map(\.line) == [1, 2, 4, 6, 7, 8])
        let report = FidelityCheck(source: hugo, pseudo: PseudoTranslator(dialect: HugoDialect())).check(path: "p.md", bytes: Array(page.utf8))
        #expect(report.passed, "\(report)")
        let merged = SpanMerger.merge(document, replacements: ["Mèche", "La bande de coton.", "Ou le fil.", "Lanterne", "Boîte", "Une lampe."])
        #expect(String(decoding: merged, as: UTF8.self) == "> Mèche\n> : La bande de coton.\n> : Ou le fil.\n\nLanterne\nBoîte\n: Une lampe.\n")
        // A paragraph that starts with `: ` is no definition list; plain CommonMark has none.
        #expect(units(": not a definition\nsecond line\n") == [": not a definition second line"])
        #expect(units("Term\n: Definition\n", plain) == ["Term : Definition"])
    }

    @Test func aLinkToAShortcodeKeepsItsTextTranslatable() {
        let message = #"See [the notes]({{< relref "docs/install.md" >}}) first."#
        let markup = InlineMarkup(message, dialect: HugoDialect())
        #expect(markup.protected.map(\.kind) == [.linkDestination, .shortcode, .linkDestination])
        #expect(PseudoTranslator(dialect: HugoDialect()).translate(message).contains(#"]({{< relref "docs/install.md" >}})"#))
        #expect(!PseudoTranslator(dialect: HugoDialect()).translate(message).contains("[the notes]"))
    }
}
