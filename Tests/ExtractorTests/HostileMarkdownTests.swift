import Foundation
import Synchronization
import Testing
@testable import Extractor
@testable import Merger

/// Markdown an attacker or an unlucky editor writes (issue 16): every line ending cmark-gfm knows,
/// nesting and brackets beyond reason, parses from many threads at once.
@Suite struct HostileMarkdownTests {
    @Test func linesEndAtLFAtCRLFAndAtALoneCRAsInCommonMark() {
        #expect(LineIndex.lineStarts(of: Array("a\nb\r\nc\rd".utf8)) == [0, 2, 5, 7])
        #expect(LineIndex.lineStarts(of: Array("a\r".utf8)) == [0], "a final line ending starts no line")
        #expect(LineIndex.lineStarts(of: Array("\r\r\n\n".utf8)) == [0, 1, 3])
    }

    @Test func aLoneCRAfterTheFrontMatterIsALineOfItsOwn() {
        let bytes = Array("---\n---\n\rA".utf8)
        let (document, diagnostics) = pageSource.extract(path: "cr.md", bytes: bytes)
        #expect(diagnostics.isEmpty)
        #expect(document.units.map(\.text) == ["A"])
        #expect(document.units.map(\.line) == [4])
        #expect(SpanMerger.merge(document, replacements: document.units.map(\.text)) == bytes)
    }

    /// Found by the front matter fuzz target: invalid UTF-8 in a YAML value was read as U+FFFD, with
    /// no diagnostic, and the keys after it were not extracted. TOML front matter refused it already.
    @Test func invalidUTF8InYAMLFrontMatterIsAnErrorAtItsLineAndColumn() throws {
        let bytes = try fuzzSeed("FrontMatter", "regression-yaml-invalid-utf8-drops-later-keys.md")
        let source = MarkdownPageSource(translatableKeys: ["title", "summary", "slug"].map(KeyPattern.init))
        let (document, diagnostics) = source.extract(path: "plurals.md", bytes: bytes)
        #expect(diagnostics.map(\.description) == [
            "plurals.md:3:156: error: YAML: not valid UTF-8 (fix the YAML; nothing in this block was extracted)",
            "plurals.md:12:31: warning: the page is not valid UTF-8 here (translators see the bad bytes as \u{FFFD}; save the page as UTF-8)",
        ])
        #expect(!document.units.contains { $0.role.frontMatterKeyPath != nil })
        let body = Array("---\ntitle: Caf\u{E9}\n---\n\nA par".utf8) + [0xFF] + Array("agraph.\n".utf8)
        let (page, bodyDiagnostics) = source.extract(path: "body.md", bytes: body)
        #expect(bodyDiagnostics.map(\.description) == [
            "body.md:5:6: warning: the page is not valid UTF-8 here (translators see the bad bytes as \u{FFFD}; save the page as UTF-8)",
        ])
        #expect(page.units.map(\.text) == ["Café", "A par\u{FFFD}agraph."])
    }

    /// Found by the front matter fuzz target: libyaml ends lines at a lone CR (and at NEL, LS and PS),
    /// tolk's line table at LF only, so every value after such a break was looked for a line too early
    /// and left out.
    @Test(arguments: ["\r", "\u{85}", "\u{2028}", "\u{2029}"])
    func aLineBreakLibyamlKnowsInsideAQuotedValueKeepsTheLaterKeys(_ lineBreak: String) throws {
        let page = "---\ntitle: \"Right-to-left\(lineBreak)layout\"\nsummary: \"Mirroring a layout.\"\ntags:\n  - rtl\nslug: rtl\n---\n\nBody.\n"
        let source = MarkdownPageSource(translatableKeys: ["title", "summary", "tags", "slug"].map(KeyPattern.init))
        let (document, diagnostics) = source.extract(path: "rtl.md", bytes: Array(page.utf8))
        #expect(diagnostics.isEmpty)
        #expect(document.units.map(\.context) == ["title", "summary", "tags", "slug", nil])
        let replacements = document.units.map { $0.context == "summary" ? "Spiegeln." : nil }
        let merged = String(decoding: SpanMerger.merge(document, replacements: replacements), as: UTF8.self)
        #expect(merged == page.replacingOccurrences(of: "\"Mirroring a layout.\"", with: "\"Spiegeln.\""))
        let seed = try fuzzSeed("FrontMatter", "regression-lone-cr-inside-a-quoted-title.md")
        #expect(source.extract(path: "seed.md", bytes: seed).document.units.filter { $0.role.frontMatterKeyPath != nil }.count == 5, "title, summary, two tags, slug")
    }

    /// Found while triaging the front matter fuzz target: a translated block scalar in a CRLF front
    /// matter was written with LF line breaks, so the page had mixed line endings.
    @Test func aYAMLBlockScalarIsWrittenWithTheFrontMattersLineEnding() throws {
        let bytes = try fuzzSeed("FrontMatter", "regression-yaml-block-scalar-in-crlf-front-matter.md")
        let source = MarkdownPageSource(translatableKeys: ["summary"].map(KeyPattern.init))
        let document = source.extract(path: "crlf.md", bytes: bytes).document
        let replacements = document.units.map { $0.context == "summary" ? "Block\nSkalar" : nil }
        let page = String(decoding: SpanMerger.merge(document, replacements: replacements), as: UTF8.self)
        #expect(page.hasPrefix("---\r\ntitle: \"CRLF quoted\"\r\nsummary: |\r\n  Block\r\n  Skalar\r\ntags:\r\n"))
        #expect(!page.unicodeScalars.indices.contains { index in
            page.unicodeScalars[index] == "\n" && (index == page.unicodeScalars.startIndex || page.unicodeScalars[page.unicodeScalars.index(before: index)] != "\r")
        }, "no bare LF")
    }

    @Test func blocksDeeperThanTheLimitAreLeftOutWithAWarningAtTheirLine() {
        let depth = CMarkParser.maximumNestingDepth
        // Each "- " opens a list and an item: depth/2 markers nest `depth` containers, one more does not fit.
        let shallow = String(repeating: "- ", count: depth / 2 - 1) + "fits\n"
        let deep = String(repeating: "- ", count: depth) + "too deep\n"
        let text = "Intro.\n\n" + shallow + "\n" + deep + "\nOutro.\n"
        let (document, diagnostics) = pageSource.extract(path: "deep.md", bytes: Array(text.utf8))
        #expect(document.units.map(\.text) == ["Intro.", "fits", "Outro."])
        #expect(diagnostics.map(\.description) == ["deep.md:5: warning: blocks nested more than \(depth) levels deep (lists, quotes) are not extracted (they stay in the source language in every locale; flatten the nesting to translate them)"])
        #expect(SpanMerger.merge(document, replacements: document.units.map(\.text)) == Array(text.utf8))
    }

    @Test func bracketMatchingWorkIsBoundedByTheMessageLength() {
        // Within the budget, brackets are matched as before: labels and link text.
        let prose = InlineMarkup("See [the guide](/guide) and [FAQ] or [^1].")
        #expect(prose.protected.map(\.kind) == [.linkDestination, .referenceLabel, .footnoteReference])
        // A hundred thousand open brackets: each would look 4,096 bytes ahead; the cap stops that.
        let hostile = InlineMarkup(String(repeating: "[", count: 100_000) + "x]")
        #expect(hostile.segments.count <= 2)
    }

    @Test func parsesFromManyThreadsGiveWhatOneThreadGives() throws {
        let pages = ["kitchen-sink.md"].compactMap { try? fixtureBytes($0) } + [Array("| a | b |\n|---|---|\n| ~~c~~ | www.example.org |\n\n- [ ] task\n".utf8)]
        let expected = pages.map { pageSource.extract(path: "p.md", bytes: $0).document.units.map(\.text) }
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 400) { index in
            let page = index % pages.count
            if pageSource.extract(path: "p.md", bytes: pages[page]).document.units.map(\.text) != expected[page] {
                mismatches.withLock { $0 += 1 }
            }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }
}

/// A reproducer kept in a fuzz target's seeds (`Tests/Fuzz/<target>/seeds/`).
func fuzzSeed(_ target: String, _ name: String, file: String = #filePath) throws -> [UInt8] {
    let url = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/\(target)/seeds/\(name)")
    return Array(try Data(contentsOf: url))
}
