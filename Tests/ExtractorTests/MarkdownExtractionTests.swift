import Foundation
import Testing
@testable import Extractor
@testable import Merger

func fixtureBytes(_ name: String, file: String = #filePath) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")))
}

let pageSource = MarkdownPageSource(translatableKeys: ["title", "summary", "tags", "hero.title"].map(KeyPattern.init))

@Suite struct MarkdownExtractionTests {
    @Test func kitchenSinkUnits() throws {
        let (document, diagnostics) = pageSource.extract(path: "kitchen-sink.md", bytes: try fixtureBytes("kitchen-sink.md"))
        #expect(diagnostics.isEmpty)
        let summary = document.units.map { "\($0.line) \($0.kind) | \($0.context ?? "-") | \($0.text)" }
        #expect(summary == [
            "2 front matter: title | title | Kitchen sink: every construct",
            "3 front matter: summary | summary | A plain summary, no quotes",
            "4 front matter: tags | tags | markdown",
            "4 front matter: tags | tags | tests",
            "6 front matter: hero.title | hero.title | Nested title",
            "10 heading 1 | - | A heading with `code`",
            "12 heading 2 | - | Setext heading",
            "15 paragraph | - | A paragraph that is wrapped over three lines with *emphasis*, a [link](https://example.org/a \"Title\") and a hard break\\\nright here.",
            "20 paragraph | - | A tight item",
            "21 paragraph | - | Another item with **bold** continued lazily",
            "23 paragraph | - | A nested item",
            "24 paragraph | - | A quote inside a nested item that runs over two lines.",
            "27 paragraph | - | First",
            "28 paragraph | - | Second",
            "30 paragraph | - | A task not done",
            "31 paragraph | - | A task done",
            "33 paragraph | - | Quoted paragraph one.",
            "35 paragraph | - | Nested quote lazy continuation.",
            "38 table header c1 | - | Name",
            "38 table header c2 | - | Value",
            "40 table cell r1c1 | - | Apples",
            "41 table cell r2c1 | - | Pears \\| Plums",
            "50 html text | - | Text inside a raw HTML block is translatable; the tags are not.",
            "57 paragraph | - | Field Notes is our blog.",
            "59 paragraph | - | Text with a footnote.[^1]",
            "61 paragraph | - | The footnote text.",
        ])
        #expect(document.units.first { $0.text == "Field Notes is our blog." }?.note == "Keep the product name in English.")
    }

    /// Merging every unit with a marked translation and extracting again finds the same units, marked:
    /// spans and container prefixes are right, and the document keeps its structure.
    @Test func mergeThenExtractAgainRoundTrips() throws {
        let bytes = try fixtureBytes("kitchen-sink.md")
        let (document, _) = pageSource.extract(path: "k.md", bytes: bytes)
        let merged = SpanMerger.merge(document, replacements: document.units.map { "Ü " + $0.text })
        let (again, diagnostics) = pageSource.extract(path: "k.md", bytes: merged)
        #expect(diagnostics.isEmpty)
        #expect(again.units.map(\.kind) == document.units.map(\.kind))
        #expect(again.units.map(\.text) == document.units.map { "Ü " + $0.text })
    }

    @Test func identityMergeIsByteIdentical() throws {
        let bytes = try fixtureBytes("kitchen-sink.md")
        let (document, _) = pageSource.extract(path: "k.md", bytes: bytes)
        #expect(SpanMerger.merge(document, replacements: document.units.map { _ in nil }) == bytes)
    }

    @Test func multiLineTranslationContinuesInsideItsContainers() throws {
        let bytes = Array("- > Quoted in a list\n  > item.\n".utf8)
        let (document, _) = pageSource.extract(path: "q.md", bytes: bytes)
        #expect(document.units.map(\.text) == ["Quoted in a list item."])
        let merged = SpanMerger.merge(document, replacements: ["Erste Zeile\nzweite Zeile."])
        #expect(String(decoding: merged, as: UTF8.self) == "- > Erste Zeile\n  > zweite Zeile.\n")
    }

    @Test func crlfFilesStayCRLF() throws {
        let bytes = Array("---\r\ntitle: Hello\r\n---\r\n\r\nOne\r\ntwo.\r\n".utf8)
        let (document, _) = pageSource.extract(path: "crlf.md", bytes: bytes)
        #expect(document.units.map(\.text) == ["Hello", "One two."])
        let merged = SpanMerger.merge(document, replacements: ["Hallo", "Eins\nzwei."])
        #expect(String(decoding: merged, as: UTF8.self) == "---\r\ntitle: Hallo\r\n---\r\n\r\nEins\r\nzwei.\r\n")
    }

    @Test func yamlValuesAreRequotedOnlyWhenNeeded() throws {
        let bytes = Array("---\ntitle: Plain title # a comment\nsummary: 'single'\ntags: [a, b]\n---\nBody.\n".utf8)
        let (document, _) = pageSource.extract(path: "y.md", bytes: bytes)
        let merged = SpanMerger.merge(document, replacements: ["Titel: mit Doppelpunkt", "it's", "x, y", "b", nil])
        #expect(String(decoding: merged, as: UTF8.self) == "---\ntitle: \"Titel: mit Doppelpunkt\" # a comment\nsummary: 'it''s'\ntags: [\"x, y\", b]\n---\nBody.\n")
    }

    @Test func badFrontMatterIsAnErrorWithItsLine() throws {
        let bytes = Array("---\ntitle: [unclosed\nsummary: ok\n---\nBody.\n".utf8)
        let (document, diagnostics) = pageSource.extract(path: "bad.md", bytes: bytes)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.line ?? 0 >= 2)
        #expect(document.units.map(\.text) == ["Body."])
    }
}
