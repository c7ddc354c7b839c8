import Foundation
import Catalog
import Testing
@testable import Extractor
@testable import Merger

/// Extraction and merge keep their promise on every construct family: goldens for what a translator
/// sees and for a pseudo-translated page, plus the three fidelity checks (identity, rewrite, pseudo).
@Suite struct MarkdownFidelityTests {
    static let families = ["lists", "quotes", "tables", "html-blocks", "links-footnotes-images", "code-and-math"]
    let source = MarkdownPageSource(translatableKeys: ["title", "summary", "tags"].map(KeyPattern.init))

    @Test(arguments: families)
    func constructFamilyMatchesGoldens(_ family: String) throws {
        let bytes = try Fixture.bytes("constructs/\(family).md")
        let document = source.extract(path: "\(family).md", bytes: bytes).document
        let units = document.units.map { "\($0.line) \($0.kind) | \($0.text.replacingOccurrences(of: "\n", with: "⏎"))" }.joined(separator: "\n") + "\n"
        try Golden.check(units, against: "constructs/\(family).units.txt")

        let pseudo = PseudoTranslator()
        let merged = SpanMerger.merge(document, replacements: document.units.map { pseudo.translate($0.text) })
        try Golden.check(String(decoding: merged, as: UTF8.self), against: "constructs/\(family).pseudo.md")

        let report = FidelityCheck(source: source).check(path: family, bytes: bytes)
        #expect(report.identityByteDifferences == 0)
        #expect(report.rewriteProblem == nil)
        #expect(report.pseudoProblem == nil)
    }

    /// CRLF line endings, a BOM and tabs survive a merge: the translated lines keep CRLF.
    @Test func crlfAndBOMAreKept() throws {
        let lf = try Fixture.bytes("constructs/lists.md")
        let crlf = [0xEF, 0xBB, 0xBF] + Array(String(decoding: lf, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let report = FidelityCheck(source: source).check(path: "lists-crlf.md", bytes: crlf)
        #expect(report.passed, "\(report)")

        let document = source.extract(path: "lists-crlf.md", bytes: crlf).document
        let lfDocument = source.extract(path: "lists.md", bytes: lf).document
        #expect(document.units.map(\.text) == lfDocument.units.map(\.text))
        let pseudo = PseudoTranslator()
        let merged = SpanMerger.merge(document, replacements: document.units.map { pseudo.translate($0.text) })
        let mergedLF = SpanMerger.merge(lfDocument, replacements: lfDocument.units.map { pseudo.translate($0.text) })
        let expected = [0xEF, 0xBB, 0xBF] + Array(String(decoding: mergedLF, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        #expect(merged == expected)
    }

    @Test func tabsInContainersAreKept() throws {
        let markdown = "- item one\n-\titem with a tab\n\t- nested under a tab\n\n>\tquoted after a tab\n"
        let report = FidelityCheck(source: source).check(path: "tabs.md", bytes: Array(markdown.utf8))
        #expect(report.passed, "\(report)")
    }

    /// Hostile paragraphs (thousands of unclosed brackets, backticks, comments, link tails) are
    /// scanned in linear time and still pass the checks. Quadratic scanning would not finish here.
    @Test(arguments: ["[", "`` ` ", "<!--", "](", "](<", "[a](b \"", "<a href=\"", "&#", "http://x", "a@b."])
    func pathologicalInlineMarkup(_ piece: String) throws {
        let markdown = "Start " + String(repeating: piece + "x ", count: 20_000) + "end.\n"
        let document = source.extract(path: "hostile.md", bytes: Array(markdown.utf8)).document
        #expect(document.units.count == 1)
        let markup = InlineMarkup(document.units[0].text)
        #expect(!markup.segments.isEmpty)
        let pseudo = PseudoTranslator().translate(document.units[0].text)
        #expect(pseudo.count > document.units[0].text.count)
    }

    /// The check itself can fail: a merge that drops a link is caught.
    @Test func fidelityCheckCatchesABrokenStructure() throws {
        let markdown = Array("Read [the guide](/guide) first.\n".utf8)
        let broken = BrokenSource(inner: source)
        let report = FidelityCheck(source: broken).check(path: "broken.md", bytes: markdown)
        #expect(report.identityByteDifferences == 0)
        #expect(report.rewriteProblem != nil)
        #expect(report.pseudoProblem?.contains("element structure differs") == true || report.pseudoProblem?.contains("reads back") == true)
    }

    /// A content source whose units end one byte early: merge then loses the last character of each span.
    struct BrokenSource: ContentSource {
        let inner: MarkdownPageSource
        func extract(path: String, bytes: [UInt8]) -> (document: ExtractedDocument, diagnostics: [Diagnostic]) {
            var (document, diagnostics) = inner.extract(path: path, bytes: bytes)
            for index in document.units.indices {
                let span = document.units[index].span
                document.units[index].span = span.lowerBound..<(span.upperBound - 8)
            }
            return (document, diagnostics)
        }
    }
}

/// Fixtures next to this file, and goldens recorded with `TOLK_RECORD_GOLDENS=1` (the test then fails, so a
/// recorded golden is always reviewed in the diff before it passes).
enum Fixture {
    static func url(_ name: String, file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(name)))
    }
}

enum Golden {
    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Fixture.url(name)
        if ProcessInfo.processInfo.environment["TOLK_RECORD_GOLDENS"] == "1" {
            try Data(actual.utf8).write(to: url)
            Issue.record("recorded \(name); review the diff and run again without TOLK_RECORD_GOLDENS", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden \(name): run with TOLK_RECORD_GOLDENS=1", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "differs from \(name)", sourceLocation: sourceLocation)
    }
}
