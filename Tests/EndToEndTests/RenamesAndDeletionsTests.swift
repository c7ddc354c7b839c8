import Foundation
import Testing

/// Issue 15, finding 5: renames and deletions lost work. After `git mv` of a fully translated post,
/// `sync` gave the new path a fresh catalog (2 of 38 translated, from translation memory), the post
/// dropped out of the Russian site, and the old catalogs stayed as orphans nothing reported and
/// `--purge-obsolete` kept. A new catalog now takes an orphan's translations as they stood; orphans
/// are reported by `sync`, `status` and `check` (warnings) and purged once their translations are safe.
@Suite struct RenamesAndDeletionsTests {
    static let post = "content/posts/unicode-normalization.md"
    static let ruCatalog = "locales/ru/posts/unicode-normalization.po"

    @Test func f5_aRenamedPostKeepsItsTranslations() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        // One reviewed translation and one needing review: a rename keeps both states.
        var catalog = try site.read(Self.ruCatalog)
        catalog = catalog.replacingOccurrences(of: "#. front matter: title\n", with: "# tolk: reviewed\n#. front matter: title\n")
        catalog = catalog.replacingOccurrences(of: "#: content/posts/unicode-normalization.md:3\nmsgctxt \"summary\"",
                                               with: "#: content/posts/unicode-normalization.md:3\n#, fuzzy\nmsgctxt \"summary\"")
        try site.write(catalog, to: Self.ruCatalog)
        let before = try site.catalogFigures(Self.ruCatalog, locale: "ru")
        #expect(before.translated == 37 && before.needsReview == 1, "\(before)")

        try FileManager.default.moveItem(at: site.root.appendingPathComponent(Self.post),
                                         to: site.root.appendingPathComponent("content/posts/unicode-norm.md"))
        let sync = try site.run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("ru: posts/unicode-norm.md took 38 translations from the catalog of posts/unicode-normalization.md (no longer in content/)"),
                "\(sync.stdout)")
        #expect(sync.stdout.contains("ja: posts/unicode-norm.md took 37 translations from the catalog of posts/unicode-normalization.md"), "\(sync.stdout)")
        #expect(sync.stdout.contains("removed locales/templates/posts/unicode-normalization.pot"), "\(sync.stdout)")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("locales/templates/posts/unicode-normalization.pot").path))

        let after = try site.catalogFigures("locales/ru/posts/unicode-norm.po", locale: "ru")
        #expect(after == before, "the renamed post's catalog has the old one's figures")
        let entries = try site.read("locales/ru/posts/unicode-norm.po").components(separatedBy: "\n\n")
        let title = try #require(entries.first { $0.contains("msgctxt \"title\"") })
        #expect(title.contains("# tolk: reviewed") && title.contains("#: content/posts/unicode-norm.md:2"), "\(title)")
        let summary = try #require(entries.first { $0.contains("msgctxt \"summary\"") })
        #expect(summary.contains("#, fuzzy"), "\(summary)")

        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stderr)")
        let page = try site.read("public/ru/posts/unicode-norm.md")
        #expect(page.contains("Нормализация Юникода и две É"), "the renamed post ships in Russian")
    }

    @Test func f5_orphanedCatalogsAreReportedByStatusAndCheck() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent(Self.post))
        let sync = try site.run("sync")
        #expect(sync.status == 0)
        let warning = "locales/ru/posts/unicode-normalization.po: warning: its content file content/posts/unicode-normalization.md no longer exists; 38 translations would be lost with it (tolk sync --purge-obsolete removes it once its translations are taken by another catalog or kept in locales/ru/.translation-memory.po)"
        #expect(sync.stderr.contains(warning), "\(sync.stderr)")
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent(Self.ruCatalog).path), "a plain sync keeps the orphan")

        let check = try site.run("check")
        #expect(check.status == 0, "an orphan is a warning: a CI gated on errors does not fail because a post was deleted")
        #expect(check.stderr.contains(warning), "\(check.stderr)")
        #expect(check.stdout.contains("0 errors, 4 warnings"), "\(check.stdout)")

        let status = try site.run("status")
        #expect(status.status == 0)
        #expect(status.stderr.contains(warning), "\(status.stderr)")
        #expect(status.stdout.contains("Orphaned catalogs") && status.stdout.contains("locales/ru/posts/unicode-normalization.po  was content/posts/unicode-normalization.md, 38 translations"),
                "\(status.stdout)")
        let json = try site.run("status", "--format", "json")
        #expect(json.stdout.contains("\"orphanedCatalogs\": [\n        {\"catalog\": \"locales/ru/posts/unicode-normalization.po\", \"formerSource\": \"content/posts/unicode-normalization.md\", \"translations\": 38}"),
                "\(json.stdout.suffix(1500))")
    }

    @Test func f5_purgeObsoleteRemovesOrphansOnlyOnceTheirTranslationsAreSafe() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent(Self.post))
        // An orphan that cannot be read completely, and a Japanese memory that already keeps another
        // translation of the post's title: neither orphan may go.
        try site.write("msgid \"A sentence.\"\nmsgstr \"Предложение.\"\n\nmsgid \"broken\nmsgstr \"\"\n", to: "locales/ru/posts/gone.po")
        try site.write("msgid \"\"\nmsgstr \"Language: ja\\n\"\n\nmsgctxt \"title\"\nmsgid \"Unicode Normalization and the Two É's\"\nmsgstr \"別の訳\"\n",
                       to: "locales/ja/.translation-memory.po")

        let purge = try site.run("sync", "--purge-obsolete")
        #expect(purge.status == 1, "the unreadable orphan is an error")
        #expect(purge.stdout.contains("removed locales/ru/posts/unicode-normalization.po (its content file no longer exists): 2 of its translations are in other catalogs, 36 kept in locales/ru/.translation-memory.po"),
                "\(purge.stdout)")
        #expect(purge.stdout.contains("removed locales/de/posts/unicode-normalization.po (its content file no longer exists; it had no translations)"))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent(Self.ruCatalog).path))
        let memory = try site.read("locales/ru/.translation-memory.po")
        #expect(memory.contains("#. kept from locales/ru/posts/unicode-normalization.po\nmsgctxt \"title\"\nmsgid \"Unicode Normalization and the Two É's\"\nmsgstr \"Нормализация Юникода и две É\""),
                "\(memory.prefix(800))")

        #expect(purge.stderr.contains("locales/ru/posts/gone.po: error: not removed because it has errors"), "\(purge.stderr)")
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("locales/ru/posts/gone.po").path))
        #expect(purge.stderr.contains("locales/ja/posts/unicode-normalization.po: warning: not removed: 1 of its translations differ from those locales/ja/.translation-memory.po keeps"),
                "\(purge.stderr)")
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("locales/ja/posts/unicode-normalization.po").path))
    }

    @Test func f5_aDeletedPostsTranslationsComeBackWhenItsTextDoes() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let text = try site.read(Self.post)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent(Self.post))
        #expect(try site.run("sync").status == 0)
        #expect(try site.run("sync", "--purge-obsolete").status == 0)
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent(Self.ruCatalog).path))

        // Months later the post comes back under another name: its messages are exact matches in memory.
        try site.write(text, to: "content/posts/normalization-revisited.md")
        let sync = try site.run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("ru: 336 kept, 0 new, 0 changed (needs review), 38 from translation memory (0 needing review), 0 newly obsolete"),
                "\(sync.stdout)")
        let figures = try site.catalogFigures("locales/ru/posts/normalization-revisited.po", locale: "ru")
        #expect(figures.translated == 38 && figures.needsReview == 0, "\(figures)")
    }
}

extension TolkRunner {
    struct CatalogFigures: Equatable {
        var translated: Int
        var needsReview: Int
        var untranslated: Int
    }

    /// One catalog's message figures, as `tolk status --format json` gives them.
    func catalogFigures(_ catalog: String, locale: String) throws -> CatalogFigures {
        let status = try run("status", "--format", "json", "--locale", locale)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let locales = try #require(object["locales"] as? [[String: Any]])
        let files = try #require(locales.first?["files"] as? [[String: Any]])
        let file = try #require(files.first { $0["catalog"] as? String == catalog }, "\(catalog) is not in the status")
        let messages = try #require(file["messages"] as? [String: Any])
        return CatalogFigures(translated: messages["translated"] as? Int ?? -1, needsReview: messages["needsReview"] as? Int ?? -1,
                              untranslated: messages["untranslated"] as? Int ?? -1)
    }
}
