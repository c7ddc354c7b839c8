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
