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
}
