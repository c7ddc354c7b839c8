import Foundation
import Testing
@testable import Extractor
@testable import Merger

/// Whatever a translator types, the merged page keeps its structure: each case is a translation
/// that would break the page if written as it is.
@Suite struct MarkdownLineSafetyTests {
    let source = MarkdownPageSource(translatableKeys: [])

    /// Merges `translation` into the only unit of `markdown` and returns the page.
    func merge(_ markdown: String, _ translation: String) -> String {
        merge(markdown, translation) { _ in true }
    }

    /// Merges `translation` into the units of `markdown` that `isTarget` picks; the others keep their text.
    func merge(_ markdown: String, _ translation: String, into isTarget: (TranslationUnit) -> Bool) -> String {
        let document = source.extract(path: "page.md", bytes: Array(markdown.utf8)).document
        let replacements = document.units.map { isTarget($0) ? translation : nil }
        return String(decoding: SpanMerger.merge(document, replacements: replacements), as: UTF8.self)
    }

    /// The block elements of the rendered page (inline ones such as `<code>` may come with a translation).
    func structure(_ markdown: String) -> [String] {
        let blocks: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li",
                                   "blockquote", "pre", "hr", "div", "details", "summary"]
        return MarkdownHTML.structure(of: MarkdownHTML.render(Array(markdown.utf8), keepRawHTML: false)).filter { tag in
            let name = tag.dropFirst().prefix { $0 != ">" && $0 != " " }.drop { $0 == "/" }
            return blocks.contains(String(name))
        }
    }

    @Test(arguments: [
        ("# Nicht eine Überschrift", "\\# Nicht eine Überschrift"),
        ("> nicht zitiert", "\\> nicht zitiert"),
        ("- kein Listenpunkt", "\\- kein Listenpunkt"),
        ("1. keine Liste", "1\\. keine Liste"),
        ("```kein Code", "\\```kein Code"),
        ("[Etikett]: /keine-definition", "\\[Etikett]: /keine-definition"),
        ("<div>kein HTML-Block</div>", "\\<div>kein HTML-Block</div>"),
        ("***", "\\***"),
        ("    vier Leerzeichen vorne", "vier Leerzeichen vorne"),
        ("2024. Ein gutes Jahr", "2024\\. Ein gutes Jahr"),
        ("Gewöhnlicher Text mit `code`", "Gewöhnlicher Text mit `code`"),
        ("<!DOCTYPE ist ein HTML-Block", "\\<!DOCTYPE ist ein HTML-Block"),
        // cmark-gfm opens an HTML block at `<!` and a capital only: these stay text and need no backslash.
        ("<!doctype bleibt Text", "<!doctype bleibt Text"),
        ("<!r bleibt Text", "<!r bleibt Text"),
    ])
    func paragraphStartCannotOpenABlock(_ translation: String, _ written: String) {
        let page = merge("Intro paragraph.\n", translation)
        #expect(page == written + "\n")
        #expect(structure(page) == ["<p>", "</p>"])
    }

    /// A line escaped when, and only when, cmark-gfm would read it as an HTML block that ends the
    /// paragraph: cmark itself is the oracle.
    @Test(arguments: ["<details'", "<details>", "<details", "<details/>", "</details'", "</details>", "<script'", "</script>", "<script",
                      "<script>", "</pre x", "<pre/>", "<pre", "<DIV class=x>", "<div\tx", "<div/", "<textarea", "<!r", "<!R", "<![cdata[", "<?x"])
    func htmlBlockStartsAreEscapedExactlyWhenCmarkOpensABlock(_ start: String) {
        let opensBlock = !MarkdownHTML.render(Array(("Intro.\n" + start + " text\n").utf8), keepRawHTML: false).hasPrefix("<p>Intro.\n")
        let page = merge("Intro paragraph.\n", "Zeile eins\n" + start + " text")
        #expect(structure(page) == ["<p>", "</p>"])
        #expect(page == "Zeile eins\n" + (opensBlock ? "\\" : "") + start + " text\n")
    }

    /// Issue 15, finding 1: a paragraph translated with a line `[^1]: …` took the page's own footnote 1
    /// (cmark-gfm lets a footnote definition interrupt a paragraph). On any line of the translation
    /// it is escaped; the page keeps one footnote, its own.
    @Test(arguments: ["[^1]: Zweiter Absatz.[^1]", "Erster Absatz.[^1]\n[^1]: Zweiter Absatz.", "Erster Absatz.[^1]\n[^note-2]: Zweiter Absatz."])
    func f1_aTranslatedLineCannotOpenAFootnoteDefinition(_ translation: String) {
        let page = merge("Intro paragraph.[^1]\n\n[^1]: The page's own note.\n", translation) { $0.text.hasPrefix("Intro") }
        let html = MarkdownHTML.render(Array(page.utf8), keepRawHTML: false)
        #expect(page.contains("\\[^"), "\(page)")
        #expect(html.contains("Zweiter Absatz.") && html.contains("The page's own note."), "\(html)")
        #expect(html.components(separatedBy: "<li id=\"fn-").count == 2, "one footnote, the page's own: \(html)")
        #expect(!html.contains("<li id=\"fn-1\">\n<p>Zweiter"), "\(html)")
    }

    /// Found by the Markdown fuzz target: the unit's own text, written back, gained a backslash.
    @Test(arguments: ["regression-lowercase-declaration-paragraph.md", "regression-lowercase-declaration-escaped.md",
                      "regression-tag-name-followed-by-quote.md", "regression-lazy-continuation-in-list-item.md"])
    func aUnitWrittenAsItsMessageIsWrittenBackUnchanged(_ seed: String) throws {
        let bytes = try fuzzSeed("Markdown", seed)
        let document = source.extract(path: seed, bytes: bytes).document
        // The fuzz target's invariant: a unit written exactly as its message, replaced by that message, changes nothing.
        let verbatim = document.units.indices.filter { String(decoding: bytes[document.units[$0].span], as: UTF8.self) == document.units[$0].text }
        #expect(!verbatim.isEmpty)
        for index in verbatim {
            let unit = document.units[index]
            let replacements = document.units.indices.map { $0 == index ? unit.text : nil }
            #expect(SpanMerger.merge(document, replacements: replacements) == bytes, "unit \(index): \(unit.text)")
            // The merge keeps such a unit's bytes; the rendering itself must not escape it either.
            if case .markdown(_, _, let block) = unit.rendering, !unit.text.contains(where: \.isNewline) {
                #expect(MarkdownLineSafety.lines(of: unit.text, in: block) == [unit.text], "unit \(index): \(unit.text)")
            }
        }
    }

    @Test func continuationLinesCannotOpenBlocksOrEndTheParagraph() {
        let page = merge("- Item text\n", "Erste Zeile\\\n# zweite\n\n\n=====\n| --- | --- |\n> vierte")
        #expect(page == "- Erste Zeile\\\n  \\# zweite\n  \\=====\n  \\| --- | --- |\n  \\> vierte\n")
        #expect(structure(page) == structure("- a\\\n  b c d e\n"))
    }

    @Test func tableCellStaysOneCellOnOneLine() {
        let table = "| Name | Note |\n|---|---|\n| Apples | Sweet |\n"
        let page = merge(table, "Süß | sauer\nund `a|b`") { $0.text == "Sweet" }
        #expect(page == "| Name | Note |\n|---|---|\n| Apples | Süß \\| sauer und `a\\|b` |\n")
        #expect(structure(page) == structure(table))
    }

    @Test func atxHeadingKeepsATrailingHashAndStaysOneLine() {
        #expect(merge("## Learn Swift\n", "Lerne C #") == "## Lerne C \\#\n")
        #expect(merge("## Learn Swift\n", "Lerne\nC#") == "## Lerne C#\n")
        #expect(structure(merge("## Learn Swift\n", "Lerne C #")) == ["<h2>", "</h2>"])
    }

    @Test func setextHeadingCannotGrowAnUnderline() {
        let page = merge("Title\n=====\n", "Titel\n---")
        #expect(page == "Titel\n\\---\n=====\n")
        #expect(structure(page) == ["<h1>", "</h1>"])
    }

    @Test func htmlTextStaysInsideItsBlock() {
        let html = "<details>\n<summary>Show the output</summary>\n\nBody.\n\n</details>\n"
        let page = merge(html, "Ausgabe\n\nzeigen") { $0.kind == "html text" }
        #expect(page == "<details>\n<summary>Ausgabe zeigen</summary>\n\nBody.\n\n</details>\n")
    }

    @Test func quotedContinuationKeepsItsMarkers() {
        let page = merge("> > Nested quote\n", "Zeile eins\\\nZeile zwei")
        #expect(page == "> > Zeile eins\\\n> > Zeile zwei\n")
    }
}

/// A reproducer kept in a fuzz target's seeds (`Tests/Fuzz/<target>/seeds/`).
func fuzzSeed(_ target: String, _ name: String, file: String = #filePath) throws -> [UInt8] {
    let url = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/\(target)/seeds/\(name)")
    return Array(try Data(contentsOf: url))
}
