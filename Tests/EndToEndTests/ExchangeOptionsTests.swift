import Foundation
import Testing

/// `tolk export --split/--files/--only` in both formats, `tolk import --reviewed` and the review states
/// of XLIFF, and unit-id collisions, on copies of the sample site.
@Suite struct ExchangeOptionsTests {
    /// Every file under `folder`, relative to it, sorted.
    func files(under folder: URL) -> [String] {
        let base = folder.standardizedFileURL.path + "/"
        return (FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { item -> String? in
            guard let url = item as? URL, !url.hasDirectoryPath else { return nil }
            return String(url.standardizedFileURL.path.dropFirst(base.count))
        } ?? []).sorted()
    }

    /// The site's posts, as content paths (`posts/…md`).
    func posts(_ site: TolkRunner) -> [String] {
        files(under: site.root.appendingPathComponent("content/posts")).filter { $0.hasSuffix(".md") }.map { "posts/" + $0 }
    }

    /// The entries of PO text (header and obsolete entries left out), each as its lines.
    func entries(_ po: String) -> [String] {
        po.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .newlines) }
            .filter { $0.contains("msgid ") && !$0.contains("msgid \"\"\nmsgstr \"\"\n\"") && !$0.hasPrefix("#~") }
    }

    func isTranslated(_ entry: String) -> Bool {
        entry.range(of: #"\nmsgstr(\[0\])? ("[^"]|""\n")"#, options: .regularExpression) != nil
    }

    func catalogs(_ site: TolkRunner, _ locale: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for path in files(under: site.root.appendingPathComponent("locales/\(locale)")) where path.hasSuffix(".po") {
            result[path] = try site.read("locales/\(locale)/\(path)")
        }
        return result
    }

    // MARK: --split and --files

    @Test(arguments: ["xliff", "xliff12"])
    func splitWritesOneFilePerContentFileThatImportsBackUnchanged(format: String) throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let before = try catalogs(site, "ru")
        let result = try site.run("export", "ru", "--format", format, "--only", "all", "--split", "out", "--files", "posts/*")
        #expect(result.status == 0, "\(result.stderr)")
        let written = files(under: site.root.appendingPathComponent("out"))
        #expect(written == posts(site).map { $0 + ".xlf" })
        var units = 0
        for path in written {
            let text = try site.read("out/" + path)
            #expect(text.components(separatedBy: "<file ").count == 2, "one <file> in \(path)")
            #expect(text.contains(" original=\"\(path.dropLast(4))\""))
            units += text.components(separatedBy: format == "xliff" ? "<unit id=" : "<trans-unit id=").count - 1
            if format == "xliff" {
                let lint = try XLIFFExchangeTests.runTool("xmllint", ["--noout", "--schema", XLIFFExchangeTests.schema, "out/" + path], in: site.root)
                #expect(lint.status == 0, "\(lint.output)")
            }
            let imported = try site.run("import", "out/" + path)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.hasPrefix("Updated 0 entries in ru"), "\(imported.stdout)")
        }
        #expect(result.stdout == "Exported \(units) units for ru into \(written.count) files under out.\n")
        #expect(try catalogs(site, "ru") == before)
    }

    @Test func filesKeepsTheContentFilesMatchingTheGlob() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("export", "ru", "--only", "all", "--files", "posts/w*", "--output", "w.xlf").status == 0)
        let originals = XLIFFInlineCodeTests.matches(#"<file id="f\d+" original="([^"]+)">"#, in: try site.read("w.xlf")).map { $0[1] }
        #expect(originals == posts(site).filter { $0.hasPrefix("posts/w") })
        #expect(!originals.isEmpty)

        #expect(try site.run("export", "ru", "--only", "all", "--files", "site.yaml", "--output", "site.xlf").status == 0)
        #expect(XLIFFInlineCodeTests.matches(#"original="([^"]+)""#, in: try site.read("site.xlf")).map { $0[1] } == ["site.yaml"])

        let none = try site.run("export", "ru", "--files", "nothing/*", "--output", "none.xlf")
        #expect(none.status == 0)
        #expect(none.stdout == "Nothing to export for ru (--only needs-work, --files 'nothing/*'); no file written.\n")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("none.xlf").path))
    }

    @Test func splitAndOutputTogetherAreAUsageError() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let result = try site.run("export", "ru", "--split", "out", "--output", "ru.xlf")
        #expect(result.status == 2)
        #expect(result.stderr == "error: --split DIR writes one file per content file; it cannot be combined with --output\n")
    }

    // MARK: PO with --only, --files, --split

    @Test func poExportsTakeOnlyFilesAndSplitWithTheSameMeanings() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        // One file: only the untranslated entries of the posts.
        let whole = try site.run("export", "de", "--format", "po", "--only", "untranslated", "--files", "posts/*", "--output", "de.po")
        #expect(whole.status == 0, "\(whole.stderr)")
        let po = try site.read("de.po")
        let exported = entries(po)
        #expect(!exported.isEmpty)
        #expect(exported.allSatisfy { !isTranslated($0) && !$0.contains("#, fuzzy") }, "untranslated entries only")
        #expect(exported.allSatisfy { $0.contains("#: content/posts/") }, "posts only")
        #expect(whole.stdout == "Exported \(exported.count) messages for de to de.po.\n")
        #expect(po.contains("\"Language: de\\n\"") && po.contains("\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\""))

        // The same, one file per post: together they hold the same entries.
        let split = try site.run("export", "de", "--format", "po", "--only", "untranslated", "--files", "posts/*", "--split", "out")
        #expect(split.status == 0, "\(split.stderr)")
        let written = files(under: site.root.appendingPathComponent("out"))
        #expect(!written.isEmpty && written.allSatisfy { $0.hasPrefix("posts/") && $0.hasSuffix(".md.po") })
        var splitEntries: [String] = []
        for path in written {
            let text = try site.read("out/" + path)
            #expect(text.contains("\"Language: de\\n\""))
            let own = entries(text)
            #expect(own.allSatisfy { $0.contains("#: content/\(path.dropLast(3))") }, "\(path) holds its own entries")
            splitEntries += own
        }
        #expect(splitEntries.sorted() == exported.sorted())
        #expect(split.stdout == "Exported \(exported.count) messages for de into \(written.count) files under out.\n")

        // Needs review: exactly the fuzzy entries of the catalogs.
        let fuzzy = try catalogs(site, "de").values.flatMap { entries($0) }.filter { $0.contains("#, fuzzy") }.count
        let review = try site.run("export", "de", "--format", "po", "--only", "needs-review", "--output", "review.po")
        #expect(review.status == 0)
        #expect(entries(try site.read("review.po")).count == fuzzy)
        #expect(entries(try site.read("review.po")).allSatisfy { $0.contains("#, fuzzy") })
    }

    @Test func aSplitPOExportImportsBackUnchanged() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let before = try catalogs(site, "ru")
        #expect(try site.run("export", "ru", "--format", "po", "--split", "out").status == 0)
        let written = files(under: site.root.appendingPathComponent("out"))
        #expect(written.contains("site.yaml.po") && written.contains("navigation.yaml.po"))
        for path in written {
            let result = try site.run("import", "out/" + path)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("Updated 0 entries in ru"), "\(path): \(result.stdout)")
        }
        #expect(try catalogs(site, "ru") == before)
    }

    // MARK: Review

    /// After `import --reviewed`, every translated entry that needs no review carries the review mark,
    /// and no other does.
    @Test(arguments: ["xliff", "xliff12", "po"])
    func importReviewedMarksEveryAcceptedTranslation(format: String) throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("export", "de", "--format", format, "--only", "all", "--output", "de.exchange").status == 0)
        let before = try catalogs(site, "de")
        let dry = try site.run("import", "--reviewed", "--dry-run", "de.exchange")
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would be marked reviewed."), "\(dry.stdout)")
        #expect(try catalogs(site, "de") == before)

        let result = try site.run("import", "--reviewed", "de.exchange")
        #expect(result.status == 0, "\(result.stderr)")
        let after = try catalogs(site, "de").values.flatMap { entries($0) }
        let reviewed = after.filter { $0.contains("# tolk: reviewed") }
        let shouldBe = after.filter { isTranslated($0) && !$0.contains("#, fuzzy") }
        #expect(reviewed.sorted() == shouldBe.sorted())
        #expect(!after.filter { $0.contains("#, fuzzy") }.isEmpty, "the sample's needs-review entries stay as they were")
        let marked = try #require(XLIFFInlineCodeTests.matches(#" (\d+) now marked reviewed\."#, in: result.stdout).first?[1])
        let wereReviewed = before.values.flatMap { entries($0) }.filter { $0.contains("# tolk: reviewed") }.count
        #expect(Int(marked) == reviewed.count - wereReviewed)
    }

    @Test(arguments: [
        ("xliff", "<segment state=\"translated\">\n        <source>Read more</source>", "<segment state=\"final\">\n        <source>Read more</source>"),
        ("xliff12", "<source>Read more</source>\n        <target state=\"translated\">", "<source>Read more</source>\n        <target state=\"signed-off\">"),
        ("xliff12", "<source>Read more</source>\n        <target state=\"translated\">", "<source>Read more</source>\n        <target state=\"final\">"),
    ])
    func finalAndSignedOffComeInReviewed(format: String, exported: String, edited: String) throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("export", "ru", "--format", format, "--only", "all", "--output", "ru.xlf").status == 0)
        let text = try site.read("ru.xlf")
        #expect(text.contains(exported))
        try site.write(text.replacingOccurrences(of: exported, with: edited), to: "ru.xlf")
        let result = try site.run("import", "ru.xlf")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Updated 1 entries in ru ("), "\(result.stdout)")
        #expect(result.stdout.hasSuffix(" already up to date; 1 catalogs written). 1 now marked reviewed.\n"), "\(result.stdout)")
        #expect(try site.read("locales/ru/site.po").contains("# tolk: reviewed\n#. UI string: strings.read_more\n"))
    }

    // MARK: Unit id collisions

    /// Two texts whose 64-bit FNV-1a hashes are equal (found with a Pollard rho search over
    /// `Collision probe <16 hex digits>.`): both get unit id ue552a28aba69b4e0.
    static let collidingTexts = ["Collision probe 4313db0084dfc5dd.", "Collision probe a99b127a1e5a79eb."]

    func siteWithPost(_ paragraphs: [String]) throws -> TolkRunner {
        let site = try TolkRunner.sampleSiteCopy()
        try site.write("---\ntitle: \"Collisions\"\n---\n\n" + paragraphs.joined(separator: "\n\n") + "\n", to: "content/posts/collision.md")
        let sync = try site.run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        return site
    }

    @Test func anExportWhoseUnitIDsCollideFailsAndSaysWhich() throws {
        let site = try siteWithPost(Self.collidingTexts)
        defer { site.remove() }
        let result = try site.run("export", "ru", "--output", "ru.xlf")
        #expect(result.status == 1)
        #expect(result.stderr == "error: unit id ue552a28aba69b4e0 stands for two messages, \"Collision probe 4313db0084dfc5dd.\" in posts/collision.md and \"Collision probe a99b127a1e5a79eb.\" in posts/collision.md: their 64-bit hashes collide, so an XLIFF file could not tell them apart (change one character in either message, or export with --format po)\n")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("ru.xlf").path))
        #expect(try site.run("export", "ru", "--format", "po", "--output", "ru.po").status == 0, "PO has no ids")
    }

    func xliff(units: [(source: String, target: String)]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">
          <file id="f1" original="posts/collision.md">
        \(units.map { "    <unit id=\"ue552a28aba69b4e0\"><segment state=\"translated\"><source>\($0.source)</source><target>\($0.target)</target></segment></unit>\n" }.joined())  </file>
        </xliff>

        """
    }

    @Test func collidingUnitsEachReachTheirOwnMessage() throws {
        let site = try siteWithPost(Self.collidingTexts)
        defer { site.remove() }
        try site.write(xliff(units: [(Self.collidingTexts[0], "Проба А."), (Self.collidingTexts[1], "Проба Б.")]), to: "ru.xlf")
        let result = try site.run("import", "ru.xlf")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Updated 2 entries in ru"), "\(result.stdout)")
        let catalog = try site.read("locales/ru/posts/collision.po")
        #expect(catalog.contains("msgid \"Collision probe 4313db0084dfc5dd.\"\nmsgstr \"Проба А.\""))
        #expect(catalog.contains("msgid \"Collision probe a99b127a1e5a79eb.\"\nmsgstr \"Проба Б.\""))
    }

    @Test func aUnitWhoseIDCollidesWithAnotherMessageIsNotAppliedToIt() throws {
        let site = try siteWithPost([Self.collidingTexts[0]])
        defer { site.remove() }
        let before = try site.read("locales/ru/posts/collision.po")
        try site.write(xliff(units: [(Self.collidingTexts[1], "Проба Б.")]), to: "ru.xlf")
        let result = try site.run("import", "ru.xlf")
        #expect(result.status == 1)
        #expect(result.stdout.contains("Updated 0 entries in ru"))
        #expect(result.stdout.contains("1 entries match no message of ru; kept in "), "\(result.stdout)")
        #expect(try site.read("locales/ru/posts/collision.po") == before)
        #expect(try site.read("ru.unmatched.po").contains("msgid \"Collision probe a99b127a1e5a79eb.\"\nmsgstr \"Проба Б.\""))
    }
}
