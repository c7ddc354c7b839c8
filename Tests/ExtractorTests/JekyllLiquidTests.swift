import Foundation
import Testing
@testable import Extractor
@testable import Merger

/// Jekyll pages read by the Jekyll dialect (issue 17): Liquid tags and outputs as protected pieces,
/// tag-only lines, raw/highlight/comment blocks as code, kramdown attribute lists and extensions,
/// include parameters, and the hostile cases (unclosed tags and blocks, Liquid in code spans).
@Suite struct JekyllLiquidTests {
    let jekyll = MarkdownPageSource(translatableKeys: [], dialect: JekyllDialect())
    let plain = MarkdownPageSource(translatableKeys: [])

    func units(_ markdown: String, _ source: MarkdownPageSource? = nil) -> [String] {
        (source ?? jekyll).extract(path: "p.md", bytes: Array(markdown.utf8)).document.units.map(\.text)
    }

    func liquidPieces(_ message: String) -> [String] {
        InlineMarkup(message, dialect: JekyllDialect()).protected.filter { $0.kind == .shortcode }.map(\.text)
    }

    /// Extraction, then every message written back as it is: the page must come back byte for byte.
    func expectIdentity(_ page: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let (document, _) = jekyll.extract(path: "p.md", bytes: Array(page.utf8))
        #expect(SpanMerger.merge(document, replacements: document.units.map(\.text)) == Array(page.utf8), sourceLocation: sourceLocation)
    }

    // MARK: The scanner

    @Test func tagsAndOutputsWithWhitespaceTrimmingAreRead() {
        let bytes = Array("{%- include note.html content=\"Hi\" -%} and {{- page.title | upcase -}}".utf8)
        guard case .construct(let tag) = LiquidTag.read(bytes, at: 0) else { Issue.record("no tag"); return }
        #expect(tag.kind == .tag && tag.name == "include" && tag.range == 0..<38)
        #expect(String(decoding: bytes[tag.markup], as: UTF8.self) == " note.html content=\"Hi\" ")
        guard case .construct(let output) = LiquidTag.read(bytes, at: 43) else { Issue.record("no output"); return }
        #expect(output.kind == .output && output.range.upperBound == bytes.count)
        #expect(LiquidTag.read(bytes, at: 1) == nil)
    }

    @Test func aQuotedStringHoldingTheClosingDelimiterDoesNotEndTheConstruct() {
        #expect(liquidPieces(#"Say {{ "a }} b" | upcase }} now."#) == [#"{{ "a }} b" | upcase }}"#])
        #expect(liquidPieces(#"Say {% assign x = '50%} off' %} now."#) == [#"{% assign x = '50%} off' %}"#])
        // A lone quote is an ordinary byte: the tag ends at its delimiter.
        #expect(liquidPieces(#"It {{ page.author's }} ends."#) == [#"{{ page.author's }}"#])
        // `{{ '{{' }}` prints literal braces: one output.
        #expect(liquidPieces("Write {{ '{{' }} to start.") == ["{{ '{{' }}"])
    }

    @Test func aTagAcrossLinesIsOneTag() {
        let page = "{% include note.html\n   content=\"Spread over lines\"\n   type=\"tip\" %}\n"
        #expect(units(page).isEmpty)
        #expect(liquidPieces("See {% include a.html\n x=1 %} here.") == ["{% include a.html\n x=1 %}"])
        expectIdentity(page)
    }

    @Test func anOutputMayStandInsideATag() {
        #expect(liquidPieces("Now {% include {{ page.box }} title=\"x\" %} here.") == ["{% include {{ page.box }} title=\"x\" %}"])
    }

    @Test func kramdownConstructsAreRead() {
        func kind(_ text: String) -> KramdownMarkup.Kind? { KramdownMarkup.read(Array(text.utf8), at: 0)?.kind }
        #expect(kind("{: .note #intro}") == .attributes)
        #expect(kind("{:toc}") == .attributes)
        #expect(kind("{:quote: .big}") == .attributes)
        #expect(kind("{::options parse_block_html=\"true\" /}") == .extensionStart(name: "options", selfClosing: true))
        #expect(kind("{::comment}") == .extensionStart(name: "comment", selfClosing: false))
        #expect(kind("{:/comment}") == .extensionEnd(name: "comment"))
        #expect(kind("{:/}") == .extensionEnd(name: ""))
        #expect(kind("{: title=\"a } b\"}") == .attributes)
        // No `}` on the line: text.
        #expect(kind("{: not closed\n}") == nil)
        #expect(kind("{x}") == nil)
    }

    // MARK: Pages

    @Test func liquidInProseIsProtectedAndPlainCommonMarkIsUnchanged() {
        let page = "Visit {{ site.baseurl }}/about or {% link about.md %} today.\n"
        #expect(units(page) == ["Visit {{ site.baseurl }}/about or {% link about.md %} today."])
        #expect(liquidPieces("Visit {{ site.baseurl }}/about or {% link about.md %} today.") == ["{{ site.baseurl }}", "{% link about.md %}"])
        let pseudo = PseudoTranslator(dialect: JekyllDialect()).translate("Visit {{ site.baseurl }} or {% link about.md %} today.")
        #expect(pseudo.contains("{{ site.baseurl }}") && pseudo.contains("{% link about.md %}") && !pseudo.contains("today"))
        // Read as plain CommonMark, the braces are text.
        #expect(InlineMarkup("Visit {{ site.baseurl }} today.").protected.isEmpty)
    }

    @Test func aLiquidTagInALinkDestinationKeepsTheLinkTextTranslatable() {
        let message = "Read [the guide]({% link _docs/setup.md %}) and [the log]({{ site.baseurl }}/log/){:target=\"_blank\"}."
        let pseudo = PseudoTranslator(dialect: JekyllDialect()).translate(message)
        #expect(!pseudo.contains("the guide") && !pseudo.contains("the log"))
        #expect(pseudo.contains("]({% link _docs/setup.md %})") && pseudo.contains("]({{ site.baseurl }}/log/){:target=\"_blank\"}"))
    }

    @Test func aParagraphLineOfTagsOnlyIsNoPartOfTheMessage() {
        #expect(units("{% if site.beta %}\nThe beta is open.\n{% endif %}\n") == ["The beta is open."])
        #expect(units("{% include note.html %}\n\n{%- assign x = 1 -%} {{ x }}\n").isEmpty)
        #expect(units("{% for post in site.posts %}\n\n* [{{ post.title }}]({{ post.url }}) by the keeper\n\n{% endfor %}\n")
                == ["[{{ post.title }}]({{ post.url }}) by the keeper"])
        #expect(units("{% capture intro %}\nWelcome aboard.\n{% endcapture %}\n") == ["Welcome aboard."])
    }

    @Test func rawHighlightAndCommentBlocksAreCodeEvenAcrossParagraphs() {
        let page = """
        Before.

        {% raw %}
        Use {{ page.title }} in a layout.

        {% if x %}Not prose either.{% endif %}
        {% endraw %}

        {% highlight ruby linenos %}
        # A comment, not a heading
        puts "hello"

        - not a list item
        {% endhighlight %}

        {%- comment -%}
        A note to the editors.

        It spans paragraphs.
        {%- endcomment -%}

        After.

        """
        #expect(units(page) == ["Before.", "After."])
        expectIdentity(page)
        let (_, diagnostics) = jekyll.extract(path: "p.md", bytes: Array(page.utf8))
        #expect(diagnostics.isEmpty)
    }

    @Test func aRawBlockInProseIsOnePiece() {
        let message = "Write {% raw %}`{{ page.title }}` or {{ x }}{% endraw %} in the layout."
        #expect(liquidPieces(message) == ["{% raw %}`{{ page.title }}` or {{ x }}{% endraw %}"])
        #expect(units(message + "\n") == [message])
        #expect(PseudoTranslator(dialect: JekyllDialect()).translate(message).contains("{% raw %}`{{ page.title }}` or {{ x }}{% endraw %}"))
    }

    @Test func commentsNest() {
        let page = "{% comment %}\nOuter {% comment %} inner {% endcomment %}\nstill a comment\n{% endcomment %}\n\nProse.\n"
        #expect(units(page) == ["Prose."])
    }

    @Test func kramdownAttributeListsAndExtensionsAreNoMessages() {
        let page = """
        * TOC
        {:toc}

        ## Contents of the box
        {:.no_toc #box}

        The box holds a wick.
        {: .lead}

        A *marked*{: .hl} word and a [link](/a){:target="_blank"}.

        {:quote: .big}
        {::options parse_block_html="true" /}

        Before the comment.
        {::comment}
        Editors only.

        Still the comment.
        {:/comment}

        {::nomarkdown}
        <b>as is</b>
        {:/}

        """
        #expect(units(page) == ["Contents of the box", "The box holds a wick.", "A *marked*{: .hl} word and a [link](/a){:target=\"_blank\"}.", "Before the comment."])
        #expect(liquidPieces("A *marked*{: .hl} word.") == ["{: .hl}"])
        expectIdentity(page)
    }

    @Test func anIncludeParameterIsAMessageOnlyWhenListed() {
        let page = #"{% include note.html content="A \"big\" lamp" title='It\'s lit' type="tip" %}"# + "\n"
        #expect(units(page).isEmpty)
        let listed = MarkdownPageSource(translatableKeys: [], dialect: JekyllDialect(includeParameters: ["content", "title", "type"]))
        let (document, _) = listed.extract(path: "p.md", bytes: Array(page.utf8))
        #expect(document.units.map(\.text) == [#"A "big" lamp"#, "It's lit", "tip"])
        #expect(document.units.map(\.context) == ["include note.html content", "include note.html title", "include note.html type"])
        #expect(SpanMerger.merge(document, replacements: document.units.map(\.text)) == Array(page.utf8))
        let merged = SpanMerger.merge(document, replacements: [#"Une "grande" lampe"#, "L'est\nallumée", "100%} astuce"])
        #expect(String(decoding: merged, as: UTF8.self)
                == #"{% include note.html content="Une \"grande\" lampe" title='L\'est allumée' type="100% } astuce" %}"# + "\n")
    }

    @Test func anIncludeInsideARawBlockHasNoMessages() {
        let listed = MarkdownPageSource(translatableKeys: [], dialect: JekyllDialect(includeParameters: ["content"]))
        #expect(units("{% raw %}\n{% include note.html content=\"Shown as is\" %}\n{% endraw %}\n", listed).isEmpty)
    }

    // MARK: Hostile input

    @Test func anUnclosedTagIsADiagnosticAtItsLineAndLosesNoLine() {
        let page = "Intro.\n\nSee {% include note.html and more.\n\nThen {{ page.title and the end.\n\nLast line.\n"
        let (document, diagnostics) = jekyll.extract(path: "p.md", bytes: Array(page.utf8))
        #expect(diagnostics.map { "\($0.line):\($0.column)" } == ["3:5", "5:6"])
        #expect(diagnostics.allSatisfy { $0.severity == .warning && $0.message.contains("not closed") })
        #expect(document.units.map(\.text) == ["Intro.", "See {% include note.html and more.", "Then {{ page.title and the end.", "Last line."])
        // The broken tag is kept whole, to the end of its message, by the pseudo-locale.
        #expect(PseudoTranslator(dialect: JekyllDialect()).translate(document.units[1].text).contains("{% include note.html and more."))
        expectIdentity(page)
    }

    @Test func anUnclosedRawBlockIsADiagnosticAndTheRestOfThePageIsCode() {
        let page = "Intro.\n\n{% raw %}\n{{ x }}\n\nThis would be prose.\n\n## Nor a heading\n"
        let (document, diagnostics) = jekyll.extract(path: "p.md", bytes: Array(page.utf8))
        #expect(diagnostics.map { "\($0.line):\($0.column)" } == ["3:1"])
        #expect(diagnostics.first?.message == "{% raw %} is not closed by {% endraw %}")
        #expect(document.units.map(\.text) == ["Intro."])
        expectIdentity(page)
        let (_, comment) = jekyll.extract(path: "p.md", bytes: Array("A.\n{::comment}\nB.\n".utf8))
        #expect(comment.map(\.line) == [2])
    }

    @Test func aStrayEndTagIsADiagnostic() {
        let (_, diagnostics) = jekyll.extract(path: "p.md", bytes: Array("Text.\n\n{% endraw %}\n".utf8))
        #expect(diagnostics.map(\.line) == [3])
        #expect(diagnostics.first?.message.contains("closes no {% raw %}") == true)
    }

    @Test func liquidInCodeSpansAndFencedCodeStaysCode() {
        let page = "Use `{{ page.title }}` or `{% raw %}` here.\n\n```liquid\n{% if x %}\n{{ unclosed\n```\n\nAfter.\n"
        let (document, diagnostics) = jekyll.extract(path: "p.md", bytes: Array(page.utf8))
        #expect(diagnostics.isEmpty)
        #expect(document.units.map(\.text) == ["Use `{{ page.title }}` or `{% raw %}` here.", "After."])
        #expect(InlineMarkup("Use `{{ page.title }}` here.", dialect: JekyllDialect()).protected.map(\.kind) == [.codeSpan])
    }

    @Test func aPageOfOpenersStaysLinear() {
        let page = String(repeating: "{% {{ {: {::comment ", count: 5_000) + "\n"
        let clock = ContinuousClock()
        var diagnostics: [String] = []
        let elapsed = clock.measure { diagnostics = jekyll.extract(path: "p.md", bytes: Array(page.utf8)).diagnostics.map(\.message) }
        #expect(elapsed < .seconds(10))
        // The first problems one by one, then how many more.
        #expect(diagnostics.count == JekyllDialect.reportedProblems + 1)
        #expect(diagnostics.last?.hasPrefix("9980 more Liquid or kramdown problems") == true, "\(diagnostics.last ?? "")")
    }
}

/// Pages stitched at random from Jekyll fragments, well-formed and broken: extraction never crashes,
/// units never overlap, a page whose include parameters are written back as they read comes back byte
/// for byte, and a pseudo-translation keeps every protected piece of every message.
@Suite struct JekyllRandomPageTests {
    static let fragments = [
        "{% raw %}", "{% endraw %}", "{%- comment -%}", "{% endcomment %}", "{% highlight ruby %}", "{% endhighlight %}",
        "{% if x %}", "{% endif %}", "{{ site.baseurl }}", "{{- page.title | upcase -}}", "{% include note.html content=\"Hi there\" %}",
        "{% include a.html title='It\\'s' %}", "{%", "{{", "%}", "}}", "{: .lead}", "{:toc}", "* TOC", "{::comment}", "{:/comment}", "{:/}",
        "{::options parse_block_html=\"true\" /}", "*word*{: .hl}", "[link]({% link a.md %})", "[log]({{ site.baseurl }}/log/)",
        "`{{ code }}`", "```", "# Heading", "- item", "> quote", "Some prose here.", "More words", "\"", "'", "\n", "\n\n", " ", "    ",
    ]

    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func randomPagesComeBackByteForByte() {
        let dialect = JekyllDialect(includeParameters: ["content", "title"])
        let source = MarkdownPageSource(translatableKeys: [], dialect: dialect)
        let pseudo = PseudoTranslator(dialect: dialect)
        var generator = Generator(state: 17)
        for round in 0..<400 {
            let count = Int.random(in: 1...40, using: &generator)
            let page = (0..<count).map { _ in Self.fragments.randomElement(using: &generator) ?? "" }.joined(separator: Bool.random(using: &generator) ? " " : "")
            let bytes = Array(page.utf8)
            let document = source.extract(path: "p.md", bytes: bytes).document
            var end = 0
            for unit in document.units.sorted(by: { $0.span.lowerBound < $1.span.lowerBound }) {
                #expect(unit.span.lowerBound >= end && unit.span.upperBound <= bytes.count, "round \(round): \(page.debugDescription)")
                end = unit.span.upperBound
            }
            // (A Markdown message written back as itself is kept as it stands, line breaks included, as the build does.)
            let replacements = document.units.map { $0.rendering.isMarkdown ? nil : $0.text }
            #expect(SpanMerger.merge(document, replacements: replacements) == bytes, "round \(round): \(page.debugDescription)")
            for unit in document.units where unit.rendering.isMarkdown {
                let pieces = InlineMarkup(unit.text, dialect: dialect).protected.map(\.text)
                // Without the pseudo-locale's brackets, which an unclosed tag at the end of a message would take in.
                let translated = pseudo.translate(unit.text).replacingOccurrences(of: "⟦", with: "").replacingOccurrences(of: "⟧", with: "")
                #expect(InlineMarkup(translated, dialect: dialect).protected.map(\.text) == pieces, "round \(round): \(unit.text.debugDescription)")
            }
        }
    }
}

private extension TranslationUnit.Rendering {
    var isMarkdown: Bool { if case .markdown = self { true } else { false } }
}
