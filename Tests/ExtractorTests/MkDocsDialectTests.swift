import Foundation
import Testing
import Catalog
@testable import Extractor
@testable import Merger

/// MkDocs' Markdown read by the MkDocs dialect (issue 17): the block recogniser (admonitions,
/// collapsible blocks, content tabs, nested), the offset map from each dedented body back to the file,
/// the protected inline syntax (attribute lists, annotation markers), abbreviations and snippets, and
/// the hostile cases.
@Suite struct MkDocsDialectTests {
    let mkdocs = MarkdownPageSource(translatableKeys: [], dialect: MkDocsDialect())
    let plain = MarkdownPageSource(translatableKeys: [])
    static let fixturePages = ["docs/index.md", "docs/guide/setup.md", "docs/guide/annotations.md"].map {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("EndToEndTests/Fixtures/mkdocs-site").appendingPathComponent($0)
    }

    func extract(_ markdown: String) -> (document: ExtractedDocument, diagnostics: [Diagnostic]) {
        mkdocs.extract(path: "p.md", bytes: Array(markdown.utf8))
    }

    func units(_ markdown: String) -> [String] { extract(markdown).document.units.map(\.text) }

    func contexts(_ markdown: String) -> [String?] { extract(markdown).document.units.map(\.context) }

    /// Extract, then the identity merge must give back every byte, and every unit's span must hold its
    /// message: the text itself on one line, or its lines joined by the continuation prefix.
    func expectRoundTrip(_ bytes: [UInt8], _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let document = mkdocs.extract(path: "p.md", bytes: bytes).document
        #expect(SpanMerger.merge(document, replacements: document.units.map { _ in nil }) == bytes, comment, sourceLocation: sourceLocation)
        for unit in document.units {
            let written = String(decoding: bytes[unit.span], as: UTF8.self)
            if !written.contains("\n") && !written.contains("\r") {
                #expect(written == unit.text, sourceLocation: sourceLocation)
            } else {
                // Over several lines: the same words, the containers' indentation aside.
                let words = { (text: String) in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) }
                #expect(words(written) == words(unit.text), "\(unit.text)", sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: The block recogniser

    @Test func anAdmonitionsBodyIsMarkdownAndItsTitleAMessage() {
        let page = "!!! warning \"Battery drain\"\n    Long sessions keep the **microphone** busy.\n\n    - Carry a spare.\n    - Lower the rate.\n"
        #expect(units(page) == ["Battery drain", "Long sessions keep the **microphone** busy.", "Carry a spare.", "Lower the rate."])
        #expect(contexts(page).first == "admonition title")
        // Plain CommonMark reads the same page as before: one paragraph, then an indented code block.
        #expect(plain.extract(path: "p.md", bytes: Array(page.utf8)).document.units.map(\.text)
                == ["!!! warning \"Battery drain\" Long sessions keep the **microphone** busy."])
    }

    @Test func everyMarkerFormIsRecognised() {
        #expect(units("!!! note\n    Body one.\n") == ["Body one."])
        #expect(units("!!!note\n    Body one.\n") == ["Body one."])
        #expect(units("!!! note \"\"\n    No title bar.\n") == ["No title bar."])
        #expect(units("!!! tip inline end \"Side\"\n    Beside.\n") == ["Side", "Beside."])
        #expect(units("??? tip \"Closed\"\n    Hidden.\n") == ["Closed", "Hidden."])
        #expect(units("???+ tip \"Open\"\n    Shown.\n") == ["Open", "Shown."])
        #expect(units("=== \"One\"\n\n    First.\n\n===! \"Two\"\n\n    Second.\n\n===+ \"Three\"\n    Third.\n")
                == ["One", "First.", "Two", "Second.", "Three", "Third."])
        #expect(contexts("??? tip \"Closed\"\n    Hidden.\n").first == "details title")
        #expect(contexts("=== \"One\"\n    First.\n").first == "tab label")
        // A tab's label may carry an attribute list; `===` alone is a setext underline, not a tab.
        #expect(units("=== \"Linux\" { #linux }\n    Text.\n") == ["Linux", "Text."])
        #expect(units("Title\n===\n") == ["Title"])
    }

    @Test func aTitleMayHoldQuotesAndInlineMarkup() {
        let page = "!!! note \"The \"quoted\" *word*\"\n    Body.\n"
        #expect(units(page) == ["The \"quoted\" *word*", "Body."])
        expectRoundTrip(Array(page.utf8))
    }

    @Test func nestedAdmonitionsAndTabsAreReadLevelByLevel() {
        let page = """
        !!! danger "Outer"
            Outer text.

            !!! example "Inner"
                Inner text.

                === "Tab"

                    Deepest text.

            Back outside.

        Top level.

        """
        #expect(units(page) == ["Outer", "Outer text.", "Inner", "Inner text.", "Tab", "Deepest text.", "Back outside.", "Top level."])
        expectRoundTrip(Array(page.utf8))
    }

    @Test func anAdmonitionInAListItemIsRead() {
        let page = "1.  Open the lid.\n\n    !!! tip \"Gently\"\n        The hinge is fragile.\n\n2.  Insert the card.\n"
        #expect(units(page) == ["Open the lid.", "Gently", "The hinge is fragile.", "Insert the card."])
        expectRoundTrip(Array(page.utf8))
    }

    @Test func aLineLessIndentedEndsTheBodyWithoutJoiningItsParagraph() {
        // Python-Markdown ends the admonition at the first line not indented: it is a paragraph of its own.
        let page = "!!! note\n    Inside the box.\nOutside the box.\n"
        #expect(units(page) == ["Inside the box.", "Outside the box."])
    }

    @Test func fencedCodeInsideABodyStaysCodeAndItsMarkersAreNotRead() {
        let page = "!!! note \"Code\"\n    Before.\n\n    ```markdown\n    !!! note \"Not a title\"\n        not prose\n    ```\n\n    After.\n"
        #expect(units(page) == ["Code", "Before.", "After."])
        // And a top-level fence holds no marker either.
        #expect(units("```\n!!! note \"Nope\"\n    code\n```\n").isEmpty)
        expectRoundTrip(Array(page.utf8))
    }

    @Test func anIndentedCodeBlockAtTheTopLevelIsNoMarker() {
        #expect(units("Text.\n\n    !!! note \"Code\"\n        code\n").map { $0 } == ["Text."])
    }

    // MARK: The offset map

    @Test func theDedentedRegionMapsEveryByteBackToTheFile() throws {
        let file = Array("!!! note\n    Body text\n\tTabbed\n".utf8)
        let lineStarts = LineIndex.lineStarts(of: file)
        var region = IndentedContainerLayout.Region()
        region.strips = [2: 4, 3: 1]
        let dedented = try #require(DedentedRegion(file: file, lineStarts: lineStarts, bodyStart: 0, region: region))
        #expect(String(decoding: dedented.text, as: UTF8.self) == "Body text\nTabbed\n")
        #expect(dedented.fileLine(1) == 2)
        #expect(dedented.fileOffset(0) == 13)
        #expect(file[dedented.fileRange(0..<9)] == Array("Body text".utf8)[...])
        #expect(file[dedented.fileRange(10..<16)] == Array("Tabbed".utf8)[...])
        #expect(DedentedRegion(file: file, lineStarts: lineStarts, bodyStart: 0, region: IndentedContainerLayout.Region()) == nil)
        #expect(dedented.strippedIndentation(line: 3, in: file) == [0x09])
    }

    @Test func aMultiLineTranslationGetsTheIndentationOnEveryLine() throws {
        let page = "!!! note\n    !!! tip \"Inner\"\n        First line\n        second line.\n"
        let document = extract(page).document
        let index = try #require(document.units.firstIndex { $0.text == "First line second line." })
        var replacements = [String?](repeating: nil, count: document.units.count)
        replacements[index] = "Première ligne\n- pas une liste\nfin."
        let merged = String(decoding: SpanMerger.merge(document, replacements: replacements), as: UTF8.self)
        #expect(merged == "!!! note\n    !!! tip \"Inner\"\n        Première ligne\n        \\- pas une liste\n        fin.\n")
        // Read again, the translation is still one paragraph inside the inner box.
        #expect(units(merged) == ["Inner", "Première ligne \\- pas une liste fin."])
    }

    @Test func aTranslatedTitleStaysOnItsMarkerLine() {
        let page = "!!! note \"Title\"\n    Body.\n"
        let document = extract(page).document
        let merged = String(decoding: SpanMerger.merge(document, replacements: ["Titre\nsur deux lignes", nil]), as: UTF8.self)
        #expect(merged == "!!! note \"Titre sur deux lignes\"\n    Body.\n")
    }

    @Test func everyFixturePageRoundTripsByteForByte() throws {
        for url in Self.fixturePages {
            let bytes = Array(try Data(contentsOf: url))
            expectRoundTrip(bytes, "\(url.lastPathComponent)")
            #expect(!mkdocs.extract(path: url.lastPathComponent, bytes: bytes).document.units.isEmpty)
        }
    }

    // MARK: Inline syntax

    @Test func attributeListsAreProtectedAndBracesInProseAreNot() {
        let dialect = MkDocsDialect()
        func end(_ text: String, at index: Int = 0) -> Int? { dialect.protectedConstruct(in: Array(text.utf8), at: index) }
        #expect(end("{ #id .class }") == 14)
        #expect(end("{: #id }") == 8)
        #expect(end("{#id}") == 5)
        #expect(end("{ width=\"300\" loading=lazy }") == 28)
        #expect(end("{ .md-button data-x }") == 21)
        #expect(end("{count}") == nil)
        #expect(end("{ #id ") == nil)
        #expect(end("{ title=\"open }") == nil)
        #expect(end("{}") == nil)
        let pseudo = PseudoTranslator(dialect: dialect).translate("Install now { #install .big }")
        #expect(pseudo.hasSuffix("⟧ { #install .big }"), "\(pseudo)")
        #expect(PseudoTranslator(dialect: dialect).translate("Press [go](a.md){ .md-button } now").contains("](a.md){ .md-button }"))
    }

    @Test func annotationMarkersAreProtected() {
        let message = "A marker (1) and another (2)! but f(3) is text."
        let protected = InlineMarkup(message, dialect: MkDocsDialect()).protected.filter { $0.kind == .shortcode }
        #expect(protected.map(\.text) == ["(1)", "(2)!"])
    }

    @Test func aLineOfAttributeListsIsNoPartOfTheParagraph() {
        #expect(units("A marker (1) here.\n{ .annotate }\n\n1.  The note.\n") == ["A marker (1) here.", "The note."])
    }

    @Test func anAbbreviationsDefinitionIsAMessageWithItsLabelAsContext() {
        let page = "The HTML spec.\n\n*[HTML]: Hyper Text Markup Language\n*[W3C]:World Wide Web Consortium\n"
        let document = extract(page).document
        #expect(document.units.map(\.text) == ["The HTML spec.", "Hyper Text Markup Language", "World Wide Web Consortium"])
        #expect(document.units.map(\.context) == [nil, "abbreviation HTML", "abbreviation W3C"])
        let merged = SpanMerger.merge(document, replacements: [nil, "Langage de balisage", nil])
        #expect(String(decoding: merged, as: UTF8.self).contains("*[HTML]: Langage de balisage\n"))
    }

    @Test func snippetLinesAreNoMessages() {
        #expect(units("--8<-- \"notice.md\"\n\n;--8<-- \"shown.md\"\n\n--8<--\nfooter.md\nlicense.md\n--8<--\n\nAfter.\n")
                == [";--8<-- \"shown.md\"", "After."])
        let unclosed = extract("Text.\n\n--8<--\nfooter.md\n")
        #expect(unclosed.diagnostics.contains { $0.line == 3 && $0.message.contains("snippet block (--8<--) is not closed") })
    }

    // MARK: Hostile input

    @Test func aMarkerWithoutABodyIsItsTitleOnly() {
        #expect(units("!!! note \"Alone\"\n") == ["Alone"])
        #expect(units("!!! note \"Alone\"\n\nNext paragraph.\n") == ["Alone", "Next paragraph."])
        #expect(units("=== \"Empty tab\"") == ["Empty tab"])
        expectRoundTrip(Array("!!! note \"Alone\"".utf8))
    }

    @Test func aBodyMixingTabsAndSpacesIsOneBody() {
        let page = "!!! note \"Mixed\"\n    Spaces line.\n\tTab line.\n  \tTwo spaces and a tab.\n\n\t!!! tip \"Inner\"\n\t    Inner body.\n"
        #expect(units(page) == ["Mixed", "Spaces line. Tab line. Two spaces and a tab.", "Inner", "Inner body."])
        expectRoundTrip(Array(page.utf8))
    }

    @Test func anUnclosedTitleQuoteIsAWarningAndTheLinesStayAParagraph() {
        let result = extract("Intro.\n\n!!! note \"Oops\n    Body.\n")
        #expect(result.diagnostics.contains { $0.line == 3 && $0.column == 10 && $0.message.contains("admonition title has no closing quote") },
                "\(result.diagnostics)")
        // MkDocs renders it as a paragraph: so does tolk, with no line lost.
        #expect(result.document.units.map(\.text) == ["Intro.", "!!! note \"Oops Body."])
        expectRoundTrip(Array("Intro.\n\n!!! note \"Oops\n    Body.\n".utf8))
    }

    @Test func nestingFiftyLevelsDeepStopsAtTheCapWithADiagnostic() {
        var page = ""
        for level in 0..<50 {
            let indent = String(repeating: "    ", count: level)
            page += "\(indent)!!! note \"Level \(level)\"\n\(indent)    Text \(level).\n\n"
        }
        let result = extract(page)
        #expect(result.diagnostics.contains { $0.message.contains("nested more than \(MkDocsContainers.maximumDepth) levels deep") })
        let texts = result.document.units.map(\.text)
        #expect(texts.contains("Text 31.") && !texts.contains("Text 32.") && !texts.contains("Level 32"))
        expectRoundTrip(Array(page.utf8))
    }

    @Test func lineEndingsOtherThanLFRoundTrip() {
        let crlf = "!!! note \"T\"\r\n    First\r\n    second.\r\n\r\nAfter.\r\n"
        #expect(units(crlf) == ["T", "First second.", "After."])
        expectRoundTrip(Array(crlf.utf8))
        let document = extract(crlf).document
        let merged = SpanMerger.merge(document, replacements: [nil, "Un\ndeux.", nil])
        #expect(String(decoding: merged, as: UTF8.self) == "!!! note \"T\"\r\n    Un\r\n    deux.\r\n\r\nAfter.\r\n")
        let loneCR = "!!! note\r    Body.\r\r    More.\rOut.\r"
        #expect(units(loneCR) == ["Body.", "More.", "Out."])
        expectRoundTrip(Array(loneCR.utf8))
    }

    @Test func manyContainersCostLinesTimesDepthNotTimesContainers() {
        // 4,000 admonitions in a row: each body is read on its own lines only.
        let page = String(repeating: "!!! note \"Title\"\n    Body text.\n\n", count: 4_000)
        let clock = ContinuousClock()
        let started = clock.now
        #expect(extract(page).document.units.count == 8_000)
        #expect(clock.now - started < .seconds(20))
    }

    @Test func frontMatterLinesAreNeverABody() {
        let page = "---\ntitle: \"!!! note\"\n---\n\n!!! note \"T\"\n    Body.\n"
        #expect(units(page) == ["T", "Body."])
        expectRoundTrip(Array(page.utf8))
    }

    /// Pages stitched from MkDocs lines at random indentations (a fixed seed): whatever the mix, spans stay
    /// inside the file, in order, without overlap, and the identity merge gives back every byte.
    @Test func randomMixturesOfMarkersBodiesAndFencesRoundTrip() {
        let pieces = ["!!! note \"T\"", "??? tip", "???+ x \"Open", "=== \"Tab\"", "===", "Some *text* here.", "- item", "1. step",
                      "```", "~~~~", "    code", "{ .annotate }", "*[AB]: A B", "--8<--", "--8<-- \"a.md\"", "> quote", "| a | b |", "|---|---|",
                      "# Head { #h }", "<div markdown>", "", "", "Text (1) more."]
        let indents = ["", "", "    ", "\t", "        ", "  \t", "            ", "   "]
        let endings = ["\n", "\n", "\n", "\r\n", "\r"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<300 {
            var page = ""
            let ending = endings[next(endings.count)]
            for _ in 0..<(5 + next(30)) { page += indents[next(indents.count)] + pieces[next(pieces.count)] + ending }
            let bytes = Array(page.utf8)
            let document = mkdocs.extract(path: "p.md", bytes: bytes).document
            var end = 0
            for unit in document.units {
                #expect(unit.span.lowerBound >= end && unit.span.upperBound <= bytes.count, "\(page.debugDescription)")
                end = max(end, unit.span.upperBound)
            }
            #expect(SpanMerger.merge(document, replacements: document.units.map { _ in nil }) == bytes, "\(page.debugDescription)")
        }
    }
}
