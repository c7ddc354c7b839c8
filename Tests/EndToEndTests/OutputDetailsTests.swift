import Foundation
import Testing

/// Issue 15, finding 7: details of what tolk writes. The pseudo-locales were listed in every real
/// page's alternates and hreflang links, with no `x-default`; in the right-to-left preview, English
/// fallback text was not isolated, so its punctuation flipped; a no-op build said "1 files
/// translated"; and `export -o -` wrote a file named `-`.
@Suite struct OutputDetailsTests {
    @Test func f7_realPagesNameRealLocalesAndTheSourceAsXDefault() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let result = try site.run("build", "--html")
        #expect(result.status == 0, "\(result.stderr)")
        let alternates = try site.read("public/ru/posts/why-plural-rules-are-hard.md").split(separator: "\n").first { $0.hasPrefix("alternates:") }
        let line = try #require(alternates)
        #expect(!line.contains("en-XA") && !line.contains("ar-XB"), "\(line)")
        #expect(line.hasSuffix(", x-default: \"/en/posts/why-plural-rules-are-hard/\"}"), "\(line)")
        let pseudo = try #require(try site.read("public/en-XA/posts/why-plural-rules-are-hard.md").split(separator: "\n").first { $0.hasPrefix("alternates:") })
        #expect(pseudo.contains("en-XA:") && !pseudo.contains("ar-XB:"), "a pseudo-locale's page names itself only: \(pseudo)")

        let home = try site.read("preview/ru/index.html")
        #expect(!home.contains("hreflang=\"en-XA\" href") && !home.contains("<link rel=\"alternate\" hreflang=\"ar-XB\""), "\(home.prefix(1500))")
        #expect(home.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"../en/index.html\">"))
        #expect(home.contains("hreflang=\"en-XA\" lang=\"en-XA\""), "the language switcher still offers the pseudo-locales for testing")
    }

    @Test func f7_englishFallbackOnARightToLeftPageIsIsolated() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let catalog = "locales/ar/posts/right-to-left-layout.po"
        var po = try site.read(catalog)
        // The first paragraph's translation emptied: it falls back to English.
        let start = try #require(po.range(of: "msgstr \"\"\n\"حين فعّلنا العبرية أول مرة"))
        let end = try #require(po.range(of: "\n\n", range: start.upperBound..<po.endIndex))
        po.replaceSubrange(start.lowerBound..<end.lowerBound, with: "msgstr \"\"")
        try site.write(po, to: catalog)
        let result = try site.run("build", "--html")
        #expect(result.status == 0, "\(result.stderr)")
        let page = try site.read("preview/ar/posts/right-to-left-layout/index.html")
        #expect(page.contains("<p dir=\"auto\">When we first turned on Hebrew, we expected the translation"), "\(page.prefix(3000))")
        #expect(page.contains("<html lang=\"ar\" dir=\"rtl\">"))
        let ru = try site.read("preview/ru/index.html")
        #expect(!ru.contains("dir=\"auto\""), "a page that runs in the source's direction needs no isolation")
    }

    @Test func f7_aNoOpBuildSaysNoFileWasTranslated() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("build").stdout.contains("(14 files translated,"))
        let again = try site.run("build")
        #expect(again.stdout.contains("(0 files translated, 0.0 MB written)"), "\(again.stdout)")
        let catalog = "locales/ru/posts/migration-retrospective.po"
        try site.write(try site.read(catalog).replacingOccurrences(of: "msgstr \"Ретроспектива: как мы перенесли сорок тысяч строк\"",
                                                                   with: "msgstr \"Ретроспектива миграции\""), to: catalog)
        #expect(try site.run("build").stdout.contains("(1 file translated,"))
    }

    @Test func f7_exportToDashWritesStandardOutput() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        for format in ["xliff", "po"] {
            let result = try site.run("export", "ru", "--format", format, "--only", "all", "-o", "-")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains(format == "po" ? "msgid \"Read more\"" : "<source>Read more</source>"), "\(result.stdout.prefix(500))")
            #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("-").path))
        }
    }
}
