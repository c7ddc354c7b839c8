import Foundation
import Testing

/// Issue 15, finding 1: the Markdown checks ran only on import. A translation typed into the PO file
/// (Poedit, Weblate committing to the repository, a text editor) with a broken code span or a
/// renamed reference label passed `tolk check` and `status --fail-on errors`, and `tolk build`
/// shipped it. Now every gate runs the same checks: `check` and `status` report it at its place,
/// `build` never ships it (the unit falls back, with a warning; `--strict` fails), and `import`
/// checks reference labels too.
@Suite struct ChecksAtEveryGateTests {
    static let catalog = TolkRunner.brokenRussianCatalog

    func siteWithBrokenTranslations() throws -> TolkRunner { try TolkRunner.sampleSiteWithBrokenRussianTranslations() }

    @Test func f1_aBrokenTranslationInThePOIsCaughtAtEveryGate() throws {
        let site = try siteWithBrokenTranslations()
        defer { site.remove() }
        let labelLine = try site.line(of: "\"Полный список проверок", in: Self.catalog) - 1
        let reference = "\(Self.catalog):\(labelLine):1: error: the translation lacks reference label [checks] of the source"

        let check = try site.run("check", "ru")
        #expect(check.status != 0)
        #expect(check.stderr.contains(reference), "\(check.stderr)")
        #expect(check.stderr.contains("error: the translation lacks code span `{count}` of the source"), "\(check.stderr)")

        let status = try site.run("status", "--fail-on", "errors")
        #expect(status.status != 0, "\(status.stdout)\(status.stderr)")

        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("\(Self.catalog):\(labelLine):1: warning: the translation lacks reference label [checks] of the source; not shipped"),
                "\(build.stderr)")
        let page = try builtPage(in: site, containing: "Полный список проверок")
        #expect(page == nil, "the broken translation is not shipped")
        let shipped = try #require(try builtPage(in: site, containing: "The full list of checks and their exact rules lives in the [translation checks reference][checks]"),
                                   "the unit falls back to the source text")
        #expect(!shipped.contains("[проверки]") && !shipped.contains("аргумента {count}`"))

        let again = try site.run("build")
        #expect(again.stderr.contains("warning: the translation lacks reference label [checks]"), "every build says so until it is fixed: \(again.stderr)")
        let strict = try site.run("build", "--strict")
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("\(Self.catalog):\(labelLine):1: error: the translation lacks reference label [checks] of the source; not shipped"),
                "\(strict.stderr)")
    }

    @Test func f1_referenceLabelsAreCheckedOnImport() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let export = try site.run("export", "ru", "--format", "po", "--only", "all", "--output", "ru.po")
        #expect(export.status == 0, "\(export.stderr)")
        var po = try site.read("ru.po")
        #expect(po.contains("[проверки в CI][gates]"))
        po = po.replacingOccurrences(of: "[проверки в CI][gates]", with: "[проверки в CI][проверки]")
        try site.write(po, to: "ru.po")
        let result = try site.run("import", "ru.po")
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: the translation lacks reference label [gates] of the source (keep code spans, link destinations, reference labels and HTML tags as in the source; the entry was not imported)"),
                "\(result.stderr)")
        #expect(try site.read("locales/ru/posts/migration-retrospective.po").contains("[проверки в CI][gates]"))
    }

    /// The text of the built Russian page that contains `text`, or nil.
    func builtPage(in site: TolkRunner, containing text: String) throws -> String? {
        let folder = site.root.appendingPathComponent("public/ru/posts")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let page = try site.read("public/ru/posts/" + name)
            if page.contains(text) { return page }
        }
        return nil
    }
}

extension ChecksAtEveryGateTests {
    /// An author edits a code span: the entry becomes needs review, its translation still has the old
    /// span. That is what the review is for — a warning, not an error that fails every CI gated on `check`.
    @Test func f1_aNeedsReviewEntryWhoseSourceChangedIsAWarning() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let post = "content/posts/ci-gates-for-translations.md"
        #expect(try site.read(post).contains("A missing `{count}` argument in an ICU message is broken."))
        try site.write(try site.read(post).replacingOccurrences(of: "A missing `{count}` argument in an ICU message is broken.",
                                                                with: "A missing `{n}` argument in an ICU message is broken."), to: post)
        #expect(try site.run("sync").status == 0)
        let check = try site.run("check", "ru")
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("warning: the translation lacks code span `{n}` of the source"), "\(check.stderr)")
        #expect(try site.run("status", "--fail-on", "errors").status == 0)
    }
}

extension TolkRunner {
    /// The Russian catalog `sampleSiteWithBrokenRussianTranslations` breaks.
    static let brokenRussianCatalog = "locales/ru/posts/ci-gates-for-translations.po"

    /// The sample site with two Russian translations broken in the catalog itself (as Poedit, Weblate or
    /// a text editor could leave them): a reference label renamed, a code span's opening backtick lost.
    static func sampleSiteWithBrokenRussianTranslations() throws -> TolkRunner {
        let site = try TolkRunner.sampleSiteCopy()
        var po = try site.read(brokenRussianCatalog)
        for (good, broken) in [("\"проверкам переводов][checks], который", "\"проверкам переводов][проверки], который"),
                               ("без аргумента `{count}` —", "без аргумента {count}` —")] {
            #expect(po.contains(good))
            po = po.replacingOccurrences(of: good, with: broken)
        }
        try site.write(po, to: brokenRussianCatalog)
        return site
    }
}
