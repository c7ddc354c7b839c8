import Foundation
import Testing

/// A new post that reuses text the site already translated: sync pre-fills it from the locale's other catalogs.
@Suite(.serialized) struct TranslationMemorySyncTests {
    static let newPost = """
        ---
        title: "Dates and numbers"
        tags:
          - tooling
        ---

        ## How a match is found

        When a new string arrives, the tool looks for earlier segments that resemble
        it and reports a match score for each.

        A sentence that nobody has translated yet.

        """

    @Test func newPostIsPrefilledFromTheLocalesOtherCatalogs() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try site.write(Self.newPost, to: "content/posts/reuse.md")
        let sync = try site.run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        // The tag, the heading and the paragraph are the same messages as elsewhere: translated. The title's
        // text is a navigation label, a different context: offered for review.
        #expect(sync.stdout.contains("ru: 374 kept, 1 new, 0 changed (needs review), 4 from translation memory (1 needing review), 0 newly obsolete"),
                "\(sync.stdout)")
        let entries = try site.read("locales/ru/posts/reuse.po").components(separatedBy: "\n\n")
        let paragraph = try #require(entries.first { $0.contains("\"When a new string arrives") })
        #expect(!paragraph.contains("fuzzy"))
        #expect(paragraph.contains("Когда приходит новая строка"), "\(paragraph)")
        let title = try #require(entries.first { $0.contains("msgctxt \"title\"") })
        #expect(title.contains("#, fuzzy"))
        #expect(title.contains("#| msgid \"Dates and numbers\""))
        #expect(title.contains("msgstr \"Даты и числа\""), "\(title)")
        let fresh = try #require(entries.first { $0.contains("nobody has translated") })
        #expect(fresh.hasSuffix("msgstr \"\"") || fresh.contains("msgstr \"\"\n"))

        // A second sync finds nothing new: the pre-filled catalog is stable.
        let again = try site.run("sync")
        #expect(again.stdout.contains("wrote 0 templates and 0 catalogs"), "\(again.stdout)")
    }

    @Test func paragraphMovedToAnotherPostKeepsItsTranslation() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let from = "content/posts/translation-memory.md"
        let paragraph = "When a new string arrives, the tool looks for earlier segments that resemble\nit and reports a match score for each.\n\n"
        var source = try site.read(from)
        #expect(source.contains(paragraph))
        source = source.replacingOccurrences(of: paragraph, with: "")
        try site.write(source, to: from)
        let to = "content/posts/pseudo-localization.md"
        try site.write(try site.read(to) + "\n" + paragraph, to: to)
        let sync = try site.run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("ru: 373 kept, 0 new, 0 changed (needs review), 1 from translation memory (0 needing review), 1 newly obsolete"),
                "\(sync.stdout)")
        let moved = try #require(try site.read("locales/ru/posts/pseudo-localization.po").components(separatedBy: "\n\n")
            .first { $0.contains("\"When a new string arrives") })
        #expect(moved.contains("Когда приходит новая строка") && !moved.contains("fuzzy"), "\(moved)")
    }
}
