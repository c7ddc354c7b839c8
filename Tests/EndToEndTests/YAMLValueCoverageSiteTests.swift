import Foundation
import Testing
import Yams

/// Issue 15, finding 4: an anchored title, a tagged summary folded over two lines and a tag in a
/// flow list shipped in English without a word, while `2024` in the tags became a message. Through
/// the real CLI: sync extracts the strings (and only them), reports what it cannot extract, and the
/// built page is YAML that reads as the translation, its anchor and tag still in place.
@Suite(.serialized) struct YAMLValueCoverageSiteTests {
    @Test func f4_anchoredTaggedFoldedAndFlowValuesAreTranslatedThroughSyncAndBuild() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let post = """
        ---
        title: &title Walking the Lycian Way
        linkTitle: *title
        summary: !!str A long walk along the coast of Turkey,
          in fourteen days.
        date: 2026-03-01
        tags: [hiking, 2024, true, !place Kaş]
        reading_minutes: 4
        ---

        A short post.

        """
        try site.write(post, to: "content/posts/lycian-way.md")
        let sync = try site.run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        let warning = "content/posts/lycian-way.md:7:28: warning: tags[3] is not extracted: its tag !place is not one of YAML's, so tolk cannot tell whether it is text (it stays in the source language in every locale; write it as !!str, or without the tag, to translate it)"
        #expect(sync.stderr.contains(warning), "\(sync.stderr)")
        let template = try site.read("locales/templates/posts/lycian-way.pot")
        #expect(template.contains("msgctxt \"title\"\nmsgid \"Walking the Lycian Way\"\n"))
        #expect(template.contains("msgctxt \"summary\"\nmsgid \"A long walk along the coast of Turkey, in fourteen days.\"\n"))
        #expect(template.contains("msgctxt \"tags\"\nmsgid \"hiking\"\n"))
        #expect(!template.contains("msgid \"2024\"") && !template.contains("msgid \"true\""), "numbers and booleans are not messages: \(template)")

        let catalog = try site.read("locales/ru/posts/lycian-way.po")
            .replacingOccurrences(of: "msgid \"Walking the Lycian Way\"\nmsgstr \"\"", with: "msgid \"Walking the Lycian Way\"\nmsgstr \"По Ликийской тропе\"")
            .replacingOccurrences(of: "msgid \"A long walk along the coast of Turkey, in fourteen days.\"\nmsgstr \"\"",
                                  with: "msgid \"A long walk along the coast of Turkey, in fourteen days.\"\nmsgstr \"Вдоль побережья Турции: четырнадцать дней\"")
            .replacingOccurrences(of: "msgid \"hiking\"\nmsgstr \"\"", with: "msgid \"hiking\"\nmsgstr \"поход, пеший\"")
        try site.write(catalog, to: "locales/ru/posts/lycian-way.po")
        let build = try site.run("build", "--locale", "ru")
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains(warning), "build extracts the page and says so too: \(build.stderr)")

        let page = try site.read("public/ru/posts/lycian-way.md")
        #expect(page.contains("title: &title По Ликийской тропе\nlinkTitle: *title\n"), "\(page)")
        #expect(page.contains("summary: !!str \"Вдоль побережья Турции: четырнадцать дней\"\ndate: 2026-03-01\n"), "\(page)")
        #expect(page.contains("tags: [\"поход, пеший\", 2024, true, !place Kaş]\n"), "\(page)")
        let parts = page.components(separatedBy: "---\n")
        try #require(parts.count >= 3)
        let values = try #require(try Yams.load(yaml: parts[1]) as? [String: Any], "the built front matter is YAML: \(parts[1])")
        #expect(values["title"] as? String == "По Ликийской тропе")
        #expect(values["linkTitle"] as? String == "По Ликийской тропе", "the alias follows its translated anchor")
        #expect(values["summary"] as? String == "Вдоль побережья Турции: четырнадцать дней")
        let tags = try #require(values["tags"] as? [Any])
        #expect(tags.first as? String == "поход, пеший")
        #expect(tags.dropFirst().first as? Int == 2024, "2024 is still a number")
        #expect(tags.dropFirst(2).first as? Bool == true)
    }
}
