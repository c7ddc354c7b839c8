import Testing
@testable import Reports

@Suite struct StatusHTMLTests {
    static func report(withTranslation translation: String, source: String) -> StatusReport {
        let work = WorkList(items: [
            .untranslated: [WorkItem(kind: .untranslated, catalogFile: "locales/ar/posts/a.po", line: 12, references: ["content/posts/a.md:3"], source: source)],
            .needsReview: [WorkItem(kind: .needsReview, catalogFile: "locales/ar/posts/a.po", line: 20, source: "New \(source)",
                                    previousSource: "Old \(source)", translations: [translation])],
            .missingPluralForms: [WorkItem(kind: .missingPluralForms, catalogFile: "locales/ar/site.po", line: 30, source: "# post",
                                           sourcePlural: "# posts", translations: ["منشور", "", "منشوران", "", "", ""], missingCategories: [.one, .few, .many, .other])],
            .error: [WorkItem(kind: .error, catalogFile: "locales/ar/site.po", line: 31, column: 4, message: "bad <b>thing</b>")],
        ])
        let counts = SampleReport.counts(done: 1, review: 1, untranslated: 1, errors: 1, gaps: 1)
        return StatusReport(sourceLocale: "en", locales: [SampleReport.locale("ar", counts, work: work),
                                                          SampleReport.locale("ru", SampleReport.counts(done: 3, untranslated: 0))],
                            workItemLimit: 1)
    }

    @Test func hostileCatalogTextIsShownAsText() throws {
        let hostile = "<script>alert(1)</script><img src=x onerror=\"alert(2)\"> & \u{202E}evil"
        let html = StatusHTML(reader: try ReaderConventions(locale: "en")).render(Self.report(withTranslation: hostile, source: hostile))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt; &amp; \u{202E}evil"))
        #expect(html.contains("bad &lt;b&gt;thing&lt;/b&gt;"))
    }

    @Test func selfContainedResponsiveAndDirectional() throws {
        let html = StatusHTML(reader: try ReaderConventions(locale: "en")).render(Self.report(withTranslation: "ترجمة", source: "Text"))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.contains("@media (max-width:40rem)"))
        for external in ["<script", "<link", "src=", "@import", "url("] { #expect(!html.contains(external), "\(external)") }
        // Arabic target text is right to left; the English source is left to the browser (auto).
        #expect(html.contains("<p lang=\"ar\" dir=\"rtl\">ترجمة</p>"))
        #expect(html.contains("<p lang=\"en\" dir=\"auto\">Text</p>"))
        // Needs review shows the old and the new source, compared word by word.
        #expect(html.contains("<del>Old</del>"))
        #expect(html.contains("<ins>New</ins>"))
        // A plural gap names the missing categories.
        #expect(html.contains("Translation (zero)</span><p lang=\"ar\" dir=\"rtl\">منشور</p>"))
        #expect(html.contains("<div class=\"text missing\"><span class=\"label\">Translation (one)</span><p>missing</p></div>"))
        // Overview, heatmap and one section per locale, in the reader's order.
        #expect(html.contains("<section id=\"overview\">"))
        #expect(html.contains("<table class=\"heatmap\">"))
        #expect(html.range(of: "id=\"locale-ar\"")!.lowerBound < html.range(of: "id=\"locale-ru\"")!.lowerBound)
        #expect(html.contains("Nothing to do"))
        #expect(html.contains("And 0 more") == false)
    }
}
