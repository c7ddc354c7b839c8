import Foundation
import Testing
@testable import Extractor
@testable import Merger

/// The JSX and expression scanner (`JSXSyntax`), `:::` fences, and pages read in the MDX dialect
/// (issue 17): what is a message, what is protected, and every hostile case.
@Suite struct JSXSyntaxTests {
    func tag(_ text: String) -> JSXSyntax.Reading<JSXTag>? { JSXSyntax.tag(in: Array(text.utf8), at: 0) }
    func tagEnd(_ text: String) -> Int? {
        if case .complete(let tag)? = tag(text) { return tag.range.upperBound }
        return nil
    }
    func expressionEnd(_ text: String) -> Int? {
        if case .complete(let end) = JSXSyntax.expressionEnd(in: Array(text.utf8), at: 0) { return end }
        return nil
    }

    @Test func anOpeningTagWithEveryKindOfAttribute() throws {
        let text = #"<TabItem value="mac" label='macOS' default items={[1, 2]} {...rest}> after"#
        guard case .complete(let tag)? = self.tag(text) else { Issue.record("no tag"); return }
        #expect(tag.name == "TabItem")
        #expect(tag.kind == .opening)
        #expect(tag.attributes.map(\.name) == ["value", "label", "default", "items", ""])
        #expect(tag.range.upperBound == text.utf8.count - " after".utf8.count)
        guard case .string(let range, let quote) = tag.attributes[1].value else { Issue.record("label is no string"); return }
        #expect(quote == UInt8(ascii: "'"))
        #expect(String(decoding: Array(text.utf8)[range], as: UTF8.self) == "'macOS'")
    }

    @Test func aGreaterThanInsideAStringOrAnExpressionDoesNotEndTheTag() {
        let text = #"<Callout title="a > b" when={x > 1 ? "}" : `>${"{"}`}>"#
        #expect(tagEnd(text) == text.utf8.count)
    }

    @Test func selfClosingClosingAndFragments() {
        guard case .complete(let image)? = tag(#"<Image src={img} alt="A cat" />"#) else { Issue.record("no tag"); return }
        #expect(image.kind == .selfClosing)
        guard case .complete(let closing)? = tag("</TabItem>") else { Issue.record("no tag"); return }
        #expect(closing.kind == .closing && closing.name == "TabItem")
        #expect(tagEnd("<>x") == 2)
        #expect(tagEnd("</>") == 3)
        #expect(tagEnd("<Foo.Bar x:y=\"1\">") == 17)
    }

    @Test func whatCannotBeATagIsNone() {
        for text in ["a < b", "< b>", "<https://example.com>", "<!-- note -->", "<3", "<a b c=d>", "<a(x)>", "</a b>"] {
            #expect(tag(text) == nil, "\(text)")
        }
    }

    @Test func aTagWithoutItsEndIsUnclosed() {
        #expect(tag(#"<Card title="x""#) == .unclosed)
        #expect(tag(#"<Card title="never ends>"#) == .unclosed)
        #expect(tag("<Card icon={x") == .unclosed)
    }

    @Test func expressionsBalanceBracesPastStringsTemplatesAndComments() {
        #expect(expressionEnd("{a} b") == 3)
        #expect(expressionEnd(#"{ "}" + '}' }"#) == 13)
        #expect(expressionEnd("{`a ${b} }`} rest") == 12)
        #expect(expressionEnd("{`${`${x}`}`}") == 13)
        #expect(expressionEnd("{/* } */}") == 9)
        #expect(expressionEnd("{x // }\n}") == 9)
        #expect(expressionEnd("{\n  items.map(i => i)\n}") == 23)
    }

    @Test func anUnbalancedBraceIsUnclosed() {
        #expect(expressionEnd("{a") == nil)
        #expect(expressionEnd("{{a}") == nil)
        #expect(expressionEnd(#"{"a}"#) == nil)
        #expect(expressionEnd("{/* a }") == nil)
    }

    @Test func templateNestingPastTheCapIsUnclosedNotARecursion() {
        let deep = "{" + String(repeating: "`${", count: 10_000) + String(repeating: "}`", count: 10_000) + "}"
        #expect(expressionEnd(deep) == nil)
        let shallow = "{" + String(repeating: "`${", count: 10) + String(repeating: "}`", count: 10) + "}"
        #expect(expressionEnd(shallow) == shallow.utf8.count)
    }

    @Test func aThousandOpenBracesCostLinearTime() {
        let text = Array(String(repeating: "{<a ", count: 50_000).utf8)
        let start = Date()
        _ = InlineMarkup(bytes: text, dialect: MDXDialect())
        _ = MDXDialect().survey(bytes: text, body: 0..<text.count, codeRanges: [], lineStarts: [0])
        #expect(Date().timeIntervalSince(start) < 20)
    }
}

@Suite struct AdmonitionFenceTests {
    /// "colons name [title]", or nil when the line is no fence.
    func fence(_ line: String) -> String? {
        let bytes = Array(line.utf8)
        guard let fence = AdmonitionFence.read(bytes, line: 0..<bytes.count) else { return nil }
        return "\(fence.colons) \(fence.name ?? "/")" + (fence.title.map { " [" + String(decoding: bytes[$0], as: UTF8.self) + "]" } ?? "")
    }

    @Test func theFormsDocusaurusAndStarlightWrite() {
        #expect(fence(":::note") == "3 note")
        #expect(fence(":::tip[Did you know?]") == "3 tip [Did you know?]")
        #expect(fence(":::note Your title") == "3 note [Your title]")
        #expect(fence("::::info[A [nested] label]") == "4 info [A [nested] label]")
        #expect(fence(":::caution{icon=\"warning\"}") == "3 caution")
        #expect(fence("  :::danger[Hot]{icon=\"x\"}") == "3 danger [Hot]")
        #expect(fence(":::") == "3 /")
        #expect(fence(":::::  ") == "5 /")
    }

    @Test func linesThatAreNoFence() {
        for line in ["::", "::: note", ":::tip[unclosed", "a :::", ":::tip[x] y", "::: :::"] {
            #expect(fence(line) == nil, "\(line)")
        }
    }
}

@Suite struct MDXPageTests {
    let mdx = MarkdownPageSource(translatableKeys: [], dialect: MDXDialect())
    let admonitions = MarkdownPageSource(translatableKeys: [], dialect: MDXDialect(mdx: false))
    let plain = MarkdownPageSource(translatableKeys: [])

    func units(_ page: String, _ source: MarkdownPageSource? = nil) -> [String] {
        (source ?? mdx).extract(path: "p.mdx", bytes: Array(page.utf8)).document.units.map(\.text)
    }

    func pseudo(_ page: String) -> String {
        let (document, _) = mdx.extract(path: "p.mdx", bytes: Array(page.utf8))
        let translator = PseudoTranslator(dialect: MDXDialect())
        return String(decoding: SpanMerger.merge(document, replacements: document.units.map { translator.translate($0.text) }), as: UTF8.self)
    }

    func identity(_ page: String, _ source: MarkdownPageSource? = nil) -> Bool {
        let (document, _) = (source ?? mdx).extract(path: "p.mdx", bytes: Array(page.utf8))
        return SpanMerger.merge(document, replacements: document.units.map(\.text)) == Array(page.utf8)
    }

    @Test func importAndExportBlocksAreNoMessage() {
        let page = "import Tabs from '@theme/Tabs';\nimport {\n  Card,\n  Steps,\n} from './c';\n\nexport const meta = {title: 'Not prose'};\n\nText.\n"
        #expect(units(page) == ["Text."])
        #expect(identity(page))
    }

    @Test func anImportInsideAParagraphIsProse() {
        #expect(units("We\nimport goods from abroad.\n") == ["We import goods from abroad."])
    }

    @Test func tagOnlyLinesAreNoMessageAndChildrenAreBlocks() {
        let page = "<Tabs>\n  <TabItem value=\"a\" label=\"Apple\" default>\n    This is an apple.\n  </TabItem>\n  <TabItem value=\"o\" label=\"Orange\">\n\nThis is an **orange**.\n\n```js\nconst x = <b>1</b>;\n```\n\n  </TabItem>\n</Tabs>\n"
        #expect(units(page) == ["Apple", "This is an apple.", "Orange", "This is an **orange**."])
        #expect(identity(page))
        let output = pseudo(page)
        let lines = output.components(separatedBy: "\n")
        #expect(lines.count == page.components(separatedBy: "\n").count)
        // Every tag line as it was but for the label; the indented child translated in place.
        #expect(lines[1].hasPrefix(#"  <TabItem value="a" label="⟦"#) && lines[1].hasSuffix(#"⟧" default>"#))
        #expect(lines[2].hasPrefix("    ⟦Ţĥ") && lines[2].hasSuffix("⟧"))
        #expect(lines[3] == "  </TabItem>" && lines[13] == "</Tabs>")
        #expect(output.contains("```js\nconst x = <b>1</b>;\n```"))
    }

    @Test func attributesInTheAllowListAreMessagesWithTheirContext() {
        let page = #"<Image src={img} alt="A cat" title="Tom's" className="wide" data-x="y" />"# + "\n"
        let (document, _) = mdx.extract(path: "p.mdx", bytes: Array(page.utf8))
        #expect(document.units.map(\.text) == ["A cat", "Tom's"])
        #expect(document.units.map(\.context) == ["Image alt", "Image title"])
        let configured = MarkdownPageSource(translatableKeys: [], dialect: MDXDialect(translatableAttributes: ["className"]))
        #expect(units(page, configured) == ["wide"])
    }

    @Test func aTranslatedAttributeIsWrittenBackWithItsQuotesEscaped() {
        let page = #"<Card title="Start" />"# + "\n" + #"<Card title='Go' />"# + "\n"
        let (document, _) = mdx.extract(path: "p.mdx", bytes: Array(page.utf8))
        let merged = String(decoding: SpanMerger.merge(document, replacements: [#"Le "début""#, "L'été"]), as: UTF8.self)
        #expect(merged == #"<Card title="Le &quot;début&quot;" />"# + "\n" + #"<Card title='L&#39;été' />"# + "\n")
    }

    @Test func anInlineComponentIsAPairOfProtectedPieces() {
        let message = ##"Parts marked <Highlight color="#25c2a0">green</Highlight> ship {count} times."##
        let protected = InlineMarkup(message, dialect: MDXDialect()).protected
        #expect(protected.map(\.text) == [##"<Highlight color="#25c2a0">"##, "</Highlight>", "{count}"])
        #expect(protected.allSatisfy { $0.kind == .shortcode })
        let output = PseudoTranslator(dialect: MDXDialect()).translate(message)
        for piece in protected { #expect(output.contains(piece.text)) }
        #expect(!output.contains("green"))
    }

    @Test func anAttributeOfATagInsideAParagraphStaysInItsProtectedTag() {
        #expect(units("See <Badge text=\"x\" title=\"New\" /> here.\n") == ["See <Badge text=\"x\" title=\"New\" /> here."])
    }

    @Test func commentsAndExpressionLinesAreNoMessage() {
        let page = "{/* A note for authors. */}\n\n{props.intro}\n\nText {/* inline */} here.\n"
        #expect(units(page) == ["Text {/* inline */} here."])
    }

    @Test func anExpressionSpanningLinesKeepsItsLineBreaks() {
        let page = "Total: {items\n  .map(i => i.price)\n  .sum()} euros.\n"
        let (document, _) = mdx.extract(path: "p.mdx", bytes: Array(page.utf8))
        #expect(document.units.map(\.text) == ["Total: {items\n.map(i => i.price)\n.sum()} euros."])
        // The message holds the expression as its lines read after their indentation (insignificant in JavaScript).
        #expect(pseudo(page).contains("{items\n.map(i => i.price)\n.sum()}"))
    }

    @Test func aHeadingIDStaysAtTheEndOfThePseudoHeading() {
        #expect(pseudo("## Setup {#setup}\n") == "## ⟦Šéţúƥéú⟧ {#setup}\n")
    }

    @Test func admonitionsAreFencesATitleAndMarkdownBlocks() {
        let page = "Intro.\n:::tip[Did you know?]\nThe kettle stops by itself.\n:::\n\n:::note Your title\n\n- one\n- two\n\n:::\n"
        let (document, diagnostics) = mdx.extract(path: "p.mdx", bytes: Array(page.utf8))
        #expect(diagnostics.isEmpty)
        #expect(document.units.map(\.text) == ["Intro.", "Did you know?", "The kettle stops by itself.", "Your title", "one", "two"])
        #expect(document.units.map(\.context) == [nil, "tip title", nil, "note title", nil, nil])
        #expect(identity(page))
        #expect(pseudo(page).contains(":::tip[⟦Ďíďí ýóúó ķñóŵóó?⟧]\n⟦"))
    }

    @Test func nestedAdmonitionsWithMoreColons() {
        let page = "::::info[Outer]\n\nOuter text.\n\n:::warning\nInner text.\n:::\n\n::::\n"
        let (document, diagnostics) = mdx.extract(path: "p.mdx", bytes: Array(page.utf8))
        #expect(diagnostics.isEmpty)
        #expect(document.units.map(\.text) == ["Outer", "Outer text.", "Inner text."])
    }

    @Test func markdownPagesOfADocusaurusSiteHaveAdmonitionsButNoJSX() {
        let page = "Use <Foo> and {x}.\n\n:::danger[Hot]\nCareful.\n:::\n"
        #expect(units(page, admonitions) == ["Use <Foo> and {x}.", "Hot", "Careful."])
        #expect(InlineMarkup("{x}", dialect: MDXDialect(mdx: false)).protected.isEmpty)
        #expect(identity(page, admonitions))
    }

    @Test func plainCommonMarkIsUnchanged() {
        #expect(units(":::note\nText.\n:::\n", plain) == [":::note Text. :::"])
        #expect(units("import x from 'y';\n", plain) == ["import x from 'y';"])
    }

    @Test func tagsInCodeSpansAndFencesStayCode() {
        let page = "Write `<Tabs>` and `{x}`.\n\n```mdx\n<Tabs>\n:::note\n```\n"
        let (document, diagnostics) = mdx.extract(path: "p.mdx", bytes: Array(page.utf8))
        #expect(diagnostics.isEmpty)
        #expect(document.units.map(\.text) == ["Write `<Tabs>` and `{x}`."])
    }

    @Test func theChildrenOfACodeElementAreNotProse() {
        #expect(units("<pre>\n\nnot prose\n\n</pre>\n\nAfter.\n") == ["After."])
    }

    // MARK: Hostile input

    func diagnostics(_ page: String) -> [String] {
        mdx.extract(path: "p.mdx", bytes: Array(page.utf8)).diagnostics.map { "\($0.line):\($0.column) \($0.message)" }
    }

    @Test func anUnclosedTagIsADiagnosticAtItsPositionAndLosesNoLine() {
        let page = "Intro.\n\nSee <Card title=\"x\n\nLast line.\n"
        let found = diagnostics(page)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("3:5 the JSX tag <Card is not closed") == true, "\(found)")
        #expect(identity(page))
        let output = pseudo(page)
        #expect(output.contains("<Card title=\"x"))
        #expect(output.components(separatedBy: "\n").count == page.components(separatedBy: "\n").count)
    }

    @Test func anUnbalancedBraceIsADiagnosticAndTheRestOfItsParagraphIsKept() {
        let page = "Text {a.b and more\n\nNext.\n"
        #expect(diagnostics(page).map { $0.prefix(3) } == ["1:6"])
        #expect(units(page) == ["Text {a.b and more", "Next."])
        // The unclosed rest is protected and ends the message: the bracket closes before it, as before a heading's {#id}.
        #expect(pseudo(page).contains("⟧ {a.b and more\n\n⟦"))
    }

    @Test func aNeverClosedAdmonitionIsADiagnostic() {
        let page = "Intro.\n\n:::note\nText.\n"
        #expect(diagnostics(page) == ["3:1 the admonition :::note is never closed"])
        #expect(units(page) == ["Intro.", "Text."])
    }

    @Test func aFenceThatClosesNothingIsADiagnostic() {
        #expect(diagnostics("Text.\n\n:::\n").map { $0.prefix(3) } == ["3:1"])
    }

    @Test func aClosingTagWithoutItsOpeningAndAnElementNeverClosed() {
        #expect(diagnostics("</Tabs>\n\nText.\n") == ["1:1 the closing tag </Tabs> has no opening tag"])
        #expect(diagnostics("<Tabs>\n\nText.\n") == ["1:1 the element <Tabs> is never closed"])
    }

    @Test func deepNestingIsADiagnosticNotARecursion() {
        let depth = 5_000
        var page = ""
        for level in 0..<depth { page += String(repeating: " ", count: level % 3) + "<Box>\n" }
        page += "Deep text.\n"
        for _ in 0..<depth { page += "</Box>\n" }
        let (document, found) = mdx.extract(path: "p.mdx", bytes: Array(page.utf8))
        #expect(found.contains { $0.message.contains("nested more than \(MDXDialect.maximumNesting) deep") })
        #expect(SpanMerger.merge(document, replacements: document.units.map(\.text)) == Array(page.utf8))
        let fences = String(repeating: ":::note\n", count: depth) + "Text.\n" + String(repeating: ":::\n", count: depth)
        #expect(diagnostics(fences).contains { $0.contains("nested more than") })
        #expect(identity(fences))
    }

    @Test func aJSXAttributeHoldingAGreaterThanIsOneTag() {
        let page = "<Callout title=\"If a > b\" check={a > b}>\n\nChild.\n\n</Callout>\n"
        #expect(diagnostics(page).isEmpty)
        #expect(units(page) == ["If a > b", "Child."])
    }

    @Test func htmlCommentsAreLeftAsCommonMarkReadsThem() {
        let page = "<!-- {not an expression -->\n\nText.\n"
        #expect(diagnostics(page).isEmpty)
        #expect(units(page) == ["Text."])
    }
}
