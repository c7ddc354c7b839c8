import Foundation
import Testing

/// The whole pipeline on a copy of the sample site, through the real binary.
@Suite(.serialized) struct SampleSiteTests {
    @Test func syncOnAnUnchangedSiteChangesNothing() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let before = try site.read("locales/ru/posts/translation-memory.po")
        let result = try site.run("sync")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote 0 templates and 0 catalogs"))
        #expect(try site.read("locales/ru/posts/translation-memory.po") == before)
    }

    @Test func sourceEditKeepsTranslationForReviewThenImportAndBuild() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        // An author edits one paragraph.
        let post = "content/posts/collation-and-sorting.md"
        var source = try site.read(post)
        let paragraphStart = try #require(source.range(of: "For years our contact list"))
        source.replaceSubrange(paragraphStart.lowerBound..<paragraphStart.upperBound, with: "For many years our contact list")
        try site.write(source, to: post)

        let sync = try site.run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("ru: 373 kept, 0 new, 1 changed (needs review)"))
        let catalog = try site.read("locales/ru/posts/collation-and-sorting.po")
        let entry = try #require(catalog.components(separatedBy: "\n\n").first { $0.contains("For many years our contact list") })
        #expect(entry.contains("#, fuzzy"))
        #expect(entry.contains("#| \"For years our contact list"))
        #expect(entry.components(separatedBy: "msgstr").last!.contains { ("а"..."я").contains($0) }, "the Russian translation is kept")

        // Needs review is not shipped: the Russian build falls back to the new English text for that unit.
        #expect(try site.run("build", "--locale", "ru").status == 0)
        #expect(try site.read("public/ru/posts/collation-and-sorting.md").contains("For many years our contact list"))
        // Unless the build is asked to ship translations that still need review.
        #expect(try site.run("build", "--locale", "ru", "--include-needs-review").status == 0)
        #expect(!(try site.read("public/ru/posts/collation-and-sorting.md")).contains("For many years our contact list"))

        // The translator reviews it in an exported PO and imports it back.
        let export = try site.run("export", "ru", "--output", "ru.po")
        #expect(export.status == 0, "\(export.stderr)")
        var exported = try site.read("ru.po")
        let blocks = exported.components(separatedBy: "\n\n").map { block -> String in
            guard block.contains("For many years our contact list") else { return block }
            return block.split(separator: "\n").filter { $0 != "#, fuzzy" && !$0.hasPrefix("#|") }.joined(separator: "\n")
        }
        exported = blocks.joined(separator: "\n\n")
        try site.write(exported, to: "ru.po")
        let imported = try site.run("import", "ru.po")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Updated 1 entries in ru"))
        #expect(!(try site.read("locales/ru/posts/collation-and-sorting.po")).contains("#, fuzzy"))

        // Build: Russian pages, navigation and plural reading times.
        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stderr)")
        let page = try site.read("public/ru/posts/why-plural-rules-are-hard.md")
        #expect(page.contains("reading_time: \"5 минут чтения\""))
        #expect(try site.read("public/ru/posts/writing-for-translators.md").contains("reading_time: \"1 минута чтения\""))
        #expect(try site.read("public/ru/posts/collation-and-sorting.md").contains("reading_time: \"4 минуты чтения\""))
        #expect(try site.read("public/ru/navigation.yaml").contains("label: \"Главная\""))
        #expect(try site.read("public/ar/posts/why-plural-rules-are-hard.md").contains("reading_time: \"٥ دقائق للقراءة\""))
        // German posts with less than half their words translated (min_translated: 50) are left out, and said so.
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/de/posts/right-to-left-layout.md").path))
        #expect(build.stdout.contains("public/de: 6 pages"), "\(build.stdout)")
        #expect(build.stdout.contains("  left out (below 50% translated): 6 pages"))
        #expect(try site.read("public/de/posts/dates-and-numbers.md").contains("reading_time: \"3 Minuten Lesezeit\""))
        // Links between posts go to the localized URL (the Russian slugs are translated).
        #expect(try site.read("public/ru/posts/migration-retrospective.md").contains("«[Переводы в Git](/ru/posts/переводы-в-git/)»"))
    }

    /// With every translation equal to its source, the build reproduces content/ byte for byte,
    /// apart from the front matter fields and localized link URLs it documents.
    @Test func identityCatalogsReproduceTheSource() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        // A catalog set where each msgstr is its msgid, made from the templates.
        let templates = site.root.appendingPathComponent("locales/templates")
        let files = FileManager.default.enumerator(atPath: templates.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".pot") }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("locales/de"))
        for file in files {
            let template = try site.read("locales/templates/\(file)")
            let identity = try IdentityCatalog.make(fromTemplate: template)
            let target = site.root.appendingPathComponent("locales/de").appendingPathComponent(String(file.dropLast()))
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(identity.utf8).write(to: target)
        }
        // Tags keep the source's order (by default they follow the locale's collation).
        try site.write(try site.read("tolk.yaml") + "  sort: []\n", to: "tolk.yaml")
        #expect(try site.run("sync").status == 0)
        #expect(try site.run("build", "--locale", "de").status == 0)
        let contentFiles = FileManager.default.enumerator(atPath: site.root.appendingPathComponent("content").path)!.compactMap { $0 as? String }.filter { $0.contains(".") }
        #expect(contentFiles.count == 14)
        for path in contentFiles {
            var built = try site.read("public/de/\(path)")
            if path.hasSuffix(".md") {
                // The documented differences: the fields tolk adds to the front matter, and links between
                // posts pointing at the German URLs.
                let added = ["reading_time: ", "lang: ", "dir: ", "translationKey: ", "translated: ", "alternates: ", "date_display: "]
                built = built.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { line in !added.contains(where: { line.hasPrefix($0) }) }.joined(separator: "\n")
                    .replacingOccurrences(of: "](/de/posts/", with: "](/posts/")
                    .replacingOccurrences(of: "]: /de/posts/", with: "]: /posts/")   // reference definitions too
            }
            #expect(built == (try site.read("content/\(path)")), "public/de/\(path) differs from content/\(path)")
        }
    }

    @Test func badConfigurationIsAClearErrorWithExitStatus2() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try site.write("source: en\nlocales: [ru]\ntranslate_everything: yes\n", to: "tolk.yaml")
        let result = try site.run("status")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("tolk.yaml:3: error: unknown setting 'translate_everything'"))
    }

    @Test func statusFailsUnderAThreshold() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let result = try site.run("status", "--fail-under", "50")
        #expect(result.status == 1)
        #expect(result.stdout.contains("русский (ru)"))
        #expect(result.stderr.contains("de: "))
        #expect(!result.stderr.contains("ru: "))
    }
}

/// Builds a PO catalog whose translations equal the sources, from a template's text (msgstr ← msgid).
enum IdentityCatalog {
    static func make(fromTemplate template: String) throws -> String {
        var output: [String] = []
        let body = template.hasSuffix("\n") ? String(template.dropLast()) : template
        for block in body.components(separatedBy: "\n\n") {
            var lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if block.hasPrefix("#, fuzzy\nmsgid \"\"") || block.hasPrefix("msgid \"\"\nmsgstr") {
                output.append(block.replacingOccurrences(of: "#, fuzzy\n", with: "").replacingOccurrences(of: "\"Language: \\n\"", with: "\"Language: de\\n\""))
                continue
            }
            // Collect msgid / msgid_plural string lines, then rewrite the msgstr lines from them.
            func strings(after keyword: String) -> [String] {
                guard let start = lines.firstIndex(where: { $0.hasPrefix(keyword + " ") }) else { return [] }
                var values = [String(lines[start].dropFirst(keyword.count + 1))]
                var index = start + 1
                while index < lines.count, lines[index].hasPrefix("\"") { values.append(lines[index]); index += 1 }
                return values
            }
            let id = strings(after: "msgid")
            let plural = strings(after: "msgid_plural")
            lines = lines.filter { !$0.hasPrefix("msgstr") }
            // Drop continuation lines that belonged to msgstr (empty in a template: none).
            if plural.isEmpty {
                lines.append("msgstr " + id.joined(separator: "\n"))
            } else {
                lines.append("msgstr[0] " + id.joined(separator: "\n"))
                lines.append("msgstr[1] " + plural.joined(separator: "\n"))
            }
            output.append(lines.joined(separator: "\n"))
        }
        return output.joined(separator: "\n\n") + "\n"
    }
}
