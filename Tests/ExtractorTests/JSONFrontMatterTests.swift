import Foundation
import Testing
@testable import Extractor
@testable import Merger

/// Hugo's JSON front matter (an object opening the page, issue 17): values located with their key
/// paths and exact bytes, translatable strings extracted and written back as JSON strings, bad JSON
/// reported at its line and column, and what is not front matter left to the body.
@Suite struct JSONFrontMatterTests {
    let source = MarkdownPageSource(translatableKeys: ["title", "description", "tags", "params.subtitle"].map(KeyPattern.init))

    static let page = """
    {
      "title": "Caf\\u00e9 \\"notes\\"",
      "weight": 3,
      "tags": ["brass", "wick"],
      "params": {"subtitle": "For keepers", "icon": "q"},
      "draft": false
    }

    Body text.

    """

    func document(_ text: String) throws -> JSONScalarLocator.Document {
        let bytes = Array(text.utf8)
        let located = try #require(FrontMatterLocator.locate(in: bytes))
        #expect(located.block.syntax == .json)
        return try JSONScalarLocator(bytes: bytes, start: located.contentRange.lowerBound, end: located.contentRange.upperBound,
                                     firstLine: located.contentFirstLine).document()
    }

    @Test func locatesEveryValueWithItsPathLineAndExactBytes() throws {
        let bytes = Array(Self.page.utf8)
        let scalars = try document(Self.page).scalars
        #expect(scalars.map(\.path) == ["title", "weight", "tags[0]", "tags[1]", "params.subtitle", "params.icon", "draft"])
        #expect(scalars.map(\.keyPath) == ["title", "weight", "tags", "tags", "params.subtitle", "params.icon", "draft"])
        #expect(scalars.map(\.line) == [2, 3, 4, 4, 5, 5, 6])
        #expect(scalars[0].value == "Café \"notes\"")
        #expect(String(decoding: bytes[scalars[0].span], as: UTF8.self) == #""Caf\u00e9 \"notes\"""#)
        #expect(scalars.filter(\.isTopLevel).map(\.path) == ["title", "weight", "draft"])
    }

    @Test func translatableStringsAreUnitsWrittenBackAsJSONStrings() throws {
        let (document, diagnostics) = source.extract(path: "p.md", bytes: Array(Self.page.utf8))
        #expect(diagnostics.isEmpty)
        #expect(document.units.map(\.text) == ["Café \"notes\"", "brass", "wick", "For keepers", "Body text."])
        #expect(document.units.map(\.context) == ["title", "tags", "tags", "params.subtitle", nil])
        let merged = String(decoding: SpanMerger.merge(document, replacements: ["Le \"café\"\\", "laiton", nil, "Pour les\ngardiens", "Texte."]), as: UTF8.self)
        #expect(merged.contains(#""title": "Le \"café\"\\","#))
        #expect(merged.contains(#""tags": ["laiton", "wick"],"#))
        #expect(merged.contains(#""subtitle": "Pour les\ngardiens""#))
        #expect(merged.hasSuffix("}\n\nTexte.\n"))
        // What was written reads back as the same JSON with the translations in it.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(merged.components(separatedBy: "\n\nTexte.")[0].utf8)) as? [String: Any])
        #expect(object["title"] as? String == "Le \"café\"\\")
        #expect((object["params"] as? [String: Any])?["subtitle"] as? String == "Pour les\ngardiens")
    }

    @Test func aPageOpeningWithAShortcodeOrBracesInProseHasNoFrontMatter() {
        for page in ["{{< youtube w7Ft2ymGmfc >}}\n\nText.\n", "{word} in braces.\n", "{ \"a\": 1 } and more text\n"] {
            #expect(FrontMatterLocator.locate(in: Array(page.utf8)) == nil, "\(page)")
        }
    }

    @Test func badJSONIsAnErrorAtItsLineAndColumnAndTheBodyIsStillRead() {
        let cases: [(String, Int, Int, String)] = [
            ("{\n  \"title\": 'single'\n}\n\nBody.\n", 2, 12, "is no JSON value"),
            ("{\n  \"title\": \"a\"\n  \"x\": 1\n}\n\nBody.\n", 3, 3, "expected , or }"),
            ("{\n  \"title\": \"bad \\q\"\n}\n\nBody.\n", 2, 17, "unknown escape"),
        ]
        for (page, line, column, message) in cases {
            let (document, diagnostics) = source.extract(path: "p.md", bytes: Array(page.utf8))
            #expect(diagnostics.map { "\($0.line):\($0.column)" } == ["\(line):\(column)"], "\(page)")
            #expect(diagnostics.first?.message.contains(message) == true, "\(diagnostics)")
            #expect(document.units.map(\.text) == ["Body."])
        }
    }

    @Test func hostileNestingIsRefusedNotRecursedInto() {
        let deep = "{\"a\": " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}\n\nBody.\n"
        let (document, diagnostics) = source.extract(path: "p.md", bytes: Array(deep.utf8))
        #expect(diagnostics.first?.message.contains("nested more than") == true)
        #expect(document.units.map(\.text) == ["Body."])
    }

    @Test func anEmptyObjectGetsTheBuildsFieldsWithoutALeadingComma() throws {
        let located = try document("{\n}\n\nBody.\n")
        #expect(located.lastMemberEnd == nil)
        #expect(located.scalars.isEmpty)
    }
}
