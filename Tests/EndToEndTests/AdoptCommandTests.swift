import Catalog
import Foundation
import Testing

/// Issue 19, `tolk adopt`: a site's existing translated pages become catalog entries. The sample
/// site's Russian tree, built by tolk, is adopted back with its catalogs removed; the drift fixtures
/// (`Fixtures/adopt-drift`) and the suffix and `translationKey` sites (`Fixtures/adopt-hugo`) are
/// hand-made translations as a site would have them. Goldens in `Fixtures/adopt-drift.golden`; record
/// them again with `TOLK_RECORD_GOLDENS=1 swift test --filter AdoptCommandTests`, review the diff, and
/// run again without it.
@Suite struct AdoptCommandTests {
    static let fixtures = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures")

    /// Every active entry of the locale's catalogs with a translation: key → (msgstr, needs review).
    static func translations(in folder: URL) throws -> [String: (text: String, needsReview: Bool)] {
        var result: [String: (String, Bool)] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "po", !url.lastPathComponent.hasPrefix(".") else { continue }
            let read = POReader(path: url.path).read(Array(try Data(contentsOf: url)))
            let file = url.path.replacingOccurrences(of: folder.path + "/", with: "")
            for entry in read.catalog.entries where !entry.isHeader && !entry.isObsolete && entry.translations.contains(where: { !$0.isEmpty }) {
                result["\(file) \(entry.context ?? "-") \(entry.id)"] = (entry.translations.joined(separator: "\u{0}"), entry.isFuzzy)
            }
        }
        return result
    }

    /// The bytes of every file under a folder, by relative path.
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            files[url.path.replacingOccurrences(of: folder.path + "/", with: "")] = try Data(contentsOf: url)
        }
        return files
    }

    /// Build `public/ru`, remove the ru catalogs, adopt `public/ru`: every translation comes back equal
    /// and as translated, except the 13 whose translation is the source text itself (names, locale
    /// codes, `NFC`): a built page shows the source there whether or not it was translated, so they are
    /// no translation to adopt. A build from the adopted catalogs gives the same pages.
    @Test func theSampleSiteRoundTripsThroughItsBuiltTree() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("build", "--locale", "ru").status == 0)
        let before = try Self.translations(in: site.root.appendingPathComponent("locales/ru"))
        let built = try Self.snapshot(site.root.appendingPathComponent("public/ru"))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("locales/ru"))

        let result = try site.run("adopt", "ru", "--from", "public/ru")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("Adopted 361 translations into ru (0 needing review) from 14 pages: 14 fully paired, 0 partly paired, 0 not paired; 14 catalogs written.\n"), "\(result.stdout)")
        let after = try Self.translations(in: site.root.appendingPathComponent("locales/ru"))
        var notBack: [String] = []
        for (key, value) in before.sorted(by: { $0.key < $1.key }) {
            guard let adopted = after[key], adopted.text == value.text, !adopted.needsReview else { notBack.append(key); continue }
        }
        #expect(notBack == [
            "posts/collation-and-sorting.po - Nilsson", "posts/collation-and-sorting.po - Persson", "posts/collation-and-sorting.po - Zetterlund",
            "posts/collation-and-sorting.po - Ångström", "posts/collation-and-sorting.po - Östberg",
            "posts/dates-and-numbers.po - de-DE", "posts/dates-and-numbers.po - en-IN", "posts/dates-and-numbers.po - en-US", "posts/dates-and-numbers.po - fr-FR",
            "posts/unicode-normalization.po - NFC", "posts/unicode-normalization.po - NFD", "posts/unicode-normalization.po - NFKC", "posts/unicode-normalization.po - NFKD",
        ])
        for key in notBack { #expect(before[key]?.text == String(key.split(separator: " ", maxSplits: 2)[2]), "\(key) was translated as its source") }
        #expect(before.count == 374 && after.count == before.count - notBack.count, "nothing else was adopted")

        // The JSON report counts those as the same as the source, per page.
        let json = try site.run("adopt", "ru", "--from", "public/ru", "--format", "json")
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let pages = report?["pages"] as? [[String: Any]] ?? []
        #expect(report?["schema"] as? String == "tolk-adopt/1")
        #expect(pages.count == 14 && pages.allSatisfy { $0["status"] as? String == "fully paired" })
        #expect(pages.reduce(0) { $0 + ($1["sameAsSource"] as? Int ?? 0) } == 13)
        #expect((report?["totals"] as? [String: Any])?["catalogsWritten"] as? Int == 0, "adopting again changes nothing")

        // Built again from the adopted catalogs, each page is the same but for its share translated.
        #expect(try site.run("build", "--locale", "ru").status == 0)
        let rebuilt = try Self.snapshot(site.root.appendingPathComponent("public/ru"))
        #expect(Set(rebuilt.keys) == Set(built.keys))
        for (path, bytes) in built {
            let dropShare = { (data: Data) in String(decoding: data, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("translated: ") } }
            #expect(dropShare(bytes) == dropShare(rebuilt[path] ?? Data()), "\(path)")
        }
    }

    @Test func aDryRunWritesNothing() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("build", "--locale", "ru").status == 0)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("locales/ru"))
        let before = try Self.snapshot(site.root.appendingPathComponent("locales"))
        let result = try site.run("adopt", "ru", "--from", "public/ru", "--dry-run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.snapshot(site.root.appendingPathComponent("locales")) == before)
        // Without catalogs, no message has an entry yet: counted as the sync adopt runs first would make them.
        #expect(result.stdout == """
            361 of these messages are not in the catalogs yet: tolk adopt syncs before it adopts, a dry run does not
            Would adopt 361 translations into ru (0 needing review) from 14 pages: 14 fully paired, 0 partly paired, 0 not paired; nothing written (--dry-run).

            """, "\(result.stdout)")

        // With catalogs (synced, empty), a dry run counts what it would adopt and still writes nothing.
        #expect(try site.run("sync").status == 0)
        let synced = try Self.snapshot(site.root.appendingPathComponent("locales"))
        let counted = try site.run("adopt", "ru", "--from", "public/ru", "--dry-run")
        #expect(counted.stdout.hasSuffix("Would adopt 361 translations into ru (0 needing review) from 14 pages: 14 fully paired, 0 partly paired, 0 not paired; nothing written (--dry-run).\n"), "\(counted.stdout)")
        #expect(try Self.snapshot(site.root.appendingPathComponent("locales")) == synced)
    }

    /// A translation the catalog already has is kept unless `--overwrite`.
    @Test func existingTranslationsAreKeptWithoutOverwrite() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("build", "--locale", "ru").status == 0)
        let page = "public/ru/posts/translations-in-git.md"
        try site.write(try site.read(page).replacingOccurrences(of: "Структура намеренно скучная:", with: "Структура нарочно скучная:"), to: page)
        let catalog = "locales/ru/posts/translations-in-git.po"
        let before = try site.read(catalog)

        let kept = try site.run("adopt", "ru", "--from", "public/ru")
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(try site.read(catalog) == before)
        #expect(kept.stdout.contains("  - 1 entries already had another translation and kept it (--overwrite replaces them)"), "\(kept.stdout)")

        let replaced = try site.run("adopt", "ru", "--from", "public/ru", "--overwrite")
        #expect(replaced.status == 0, "\(replaced.stderr)")
        let after = try site.read(catalog)
        #expect(after.contains("msgid \"The layout is deliberately boring:\"\nmsgstr \"Структура нарочно скучная:\"\n"), "\(after)")
        #expect(after.replacingOccurrences(of: "нарочно", with: "намеренно") == before, "nothing else changed")
    }

    /// An adopted translation passes the checks of any import: one that leaves emphasis unclosed is
    /// refused at its line in the translated page, and the rest of the page is adopted.
    @Test func aTranslationTheChecksRefuseIsReportedAtItsLine() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("build", "--locale", "ru").status == 0)
        let page = "public/ru/posts/translations-in-git.md"
        try site.write(try site.read(page).replacingOccurrences(of: "Структура намеренно скучная:", with: "Структура **намеренно скучная:"), to: page)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("locales/ru"))
        let result = try site.run("adopt", "ru", "--from", "public/ru")
        #expect(result.status == 1)
        #expect(result.stderr.contains("public/ru/posts/translations-in-git.md:23:1: error: the translation has 2 unpaired * that the page would show as text"), "\(result.stderr)")
        #expect(result.stderr.contains("the unit was not imported)"), "\(result.stderr)")
        #expect(result.stdout.contains("content/posts/translations-in-git.md ← public/ru/posts/translations-in-git.md: partly paired (27 units: 26 translated, 1 refused by the checks)\n  - 1 paired translations were refused by the checks (see the errors above)\n"), "\(result.stdout)")
        let catalog = try site.read("locales/ru/posts/translations-in-git.po")
        #expect(catalog.contains("msgid \"The layout is deliberately boring:\"\nmsgstr \"\"\n"))
        #expect(catalog.contains("msgstr \"Храним переводы в Git\""))
    }

    @Test func badInputIsAnErrorNamingWhatToDo() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let missing = try site.run("adopt", "ru", "--from", "no-such-folder")
        #expect(missing.status == 2 && missing.stderr.contains("no-such-folder: error: no such folder"), "\(missing.stderr)")
        let locale = try site.run("adopt", "fr", "--from", "content")
        #expect(locale.status == 2 && locale.stderr.contains("'fr' is not a target locale"), "\(locale.stderr)")
        let noFrom = try site.run("adopt", "ru")
        #expect(noFrom.status == 2 && noFrom.stderr.contains("--from PATH"), "\(noFrom.stderr)")
    }

    // MARK: Drift: hand-made translations that no longer match their sources

    static func fixtureCopy(_ name: String) throws -> TolkRunner {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-adopt-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: root)
        return TolkRunner(root: root)
    }

    func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try GoldenFiles.expect(text, folder: "adopt-drift.golden", name, sourceLocation: sourceLocation)
    }

    /// Each drift has its report and its catalog as goldens; the expectations below say in words what
    /// the goldens hold, so a regression reads as what went wrong.
    @Test func driftedPagesAreAlignedAsFarAsTheirAnchorsAllow() throws {
        let site = try Self.fixtureCopy("adopt-drift")
        defer { site.remove() }
        let result = try site.run("adopt", "de", "--from", "translated/de")
        #expect(result.status == 0, "\(result.stderr)")
        try expectGolden(result.stdout, "report.txt")
        let json = try site.run("adopt", "de", "--from", "translated/de", "--format", "json", "--dry-run")
        try expectGolden(json.stdout, "report.json")
        let pages = ["changed-code", "extra-paragraph", "matching", "merged-paragraphs", "missing-paragraph", "older", "reordered-list", "untranslated"]
        for page in pages { try expectGolden(try site.read("locales/de/posts/\(page).po"), "\(page).po") }

        let catalogs = try Self.translations(in: site.root.appendingPathComponent("locales/de"))
        func state(_ page: String, _ id: String, context: String = "-") -> String {
            guard let entry = catalogs["posts/\(page).po \(context) \(id)"] else { return "untranslated" }
            return entry.needsReview ? "needs review: \(entry.text)" : entry.text
        }
        // The structure matches: every unit, as written; the link the build would localize is the source's again.
        #expect(state("matching", "See [the runbook](/posts/runbook/) for the exact commands.") == "Die genauen Befehle stehen im [Betriebshandbuch](/posts/runbook/).")
        #expect(state("matching", "Pick the snapshot with `backup list --random`.") == "Den Snapshot mit `backup list --random` auswählen.")
        // A paragraph missing in the translation: that one stays untranslated, its neighbours need review.
        #expect(state("missing-paragraph", "Point each runner at it by setting the cache address in the runner's configuration file, then restart the runner so it picks up the change.") == "untranslated")
        #expect(state("missing-paragraph", "Check the hit rate after a day. Below half, something in the build is not reproducible.").hasPrefix("needs review: Prüfen Sie"))
        #expect(state("missing-paragraph", "Builds that took twelve minutes now take five.") == "Builds, die zwölf Minuten dauerten, brauchen jetzt fünf.")
        #expect(result.stdout.contains("the source has 1 paragraph more after 'Start the cache server on a machine e…' (line 11): left untranslated"))
        // An extra paragraph in the translation goes nowhere; the anchored paragraph is certain.
        #expect(state("extra-paragraph", "Each flag is a line in `flags.yaml` with an owner and an expiry date.").hasPrefix("Jedes Flag ist eine Zeile"))
        #expect(state("extra-paragraph", "The deploy reads the file and exposes the flags to the application.").hasPrefix("needs review: Das Deployment"))
        // Two paragraphs merged into one: neither gets the merged text.
        #expect(state("merged-paragraphs", "Last spring a minor release of a logging library changed its default format.") == "untranslated")
        #expect(state("merged-paragraphs", "Our log parser silently dropped every line for three days before anyone noticed.") == "untranslated")
        // Reordered list items pair by their code spans.
        #expect(state("reordered-list", "Run `make test` on a clean checkout.") == "`make test` in einem frischen Checkout ausführen.")
        #expect(state("reordered-list", "Update `CHANGELOG.md` with the user-visible changes.") == "`CHANGELOG.md` mit den für Nutzer sichtbaren Änderungen aktualisieren.")
        // A changed code block: the prose around it needs review.
        #expect(state("changed-code", "The old key stays valid for a week, so builds in flight still verify.").hasPrefix("needs review: "))
        #expect(state("changed-code", "Upload the new public key to the key server.") == "Laden Sie den neuen öffentlichen Schlüssel auf den Schlüsselserver hoch.")
        // A translation older than its source (lastmod): everything needs review.
        #expect(state("older", "On-call handover", context: "title") == "needs review: Übergabe der Rufbereitschaft")
        #expect(result.stdout.contains("translated/de/posts/removed-post.md: no source page pairs with it (not adopted)"))
        #expect(result.stdout.contains("content/posts/untranslated.md: not paired"))

        // A build ships what was adopted as translated, as the volunteer wrote it (its soft line breaks
        // are folded, as in every message).
        #expect(try site.run("build", "--locale", "de").status == 0)
        let built = try site.read("public/de/posts/matching.md")
        let translated = try site.read("translated/de/posts/matching.md")
        let body = { (page: String) in page.components(separatedBy: "\n---\n").dropFirst().joined().split(whereSeparator: \.isWhitespace) }
        #expect(body(built) == body(translated.replacingOccurrences(of: "/de/posts/betriebshandbuch/", with: "/posts/runbook/")))
    }

    // MARK: Other layouts: Hugo's translation by file name, and pages paired by translationKey

    /// `posts/tides.ru.md` beside `posts/tides.md`, in the content folder itself: the translations are no
    /// pages of their own (no catalog `posts/tides.ru.po`), and adopt pairs each with its source.
    @Test func theSuffixLayoutPairsAPageWithItsLocaleNamedSibling() throws {
        let site = try Self.fixtureCopy("adopt-hugo")
        defer { site.remove() }
        let result = try site.run("adopt", "ru", "--layout", "suffix")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            content/posts/moorings.md: not paired
              - no translated page
            Adopted 14 translations into ru (0 needing review) from 3 pages: 2 fully paired, 0 partly paired, 1 not paired; 2 catalogs written.

            """, "\(result.stdout)")
        let catalogs = try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("locales/ru/posts").path).sorted()
        #expect(catalogs == ["knots.po", "moorings.po", "tides.po"])
        let tides = try site.read("locales/ru/posts/tides.po")
        #expect(tides.contains("msgid \"Never moor at the outer pier below half tide.\"\nmsgstr \"Никогда не швартуйтесь у внешнего пирса ниже половины прилива.\"\n"), "\(tides)")
        #expect(tides.contains("msgstr \"\"\n\"Начальник порта вывешивает таблицу приливов каждый понедельник. Если вы \"\n"), "the shortcode stays where the translator put it")
        #expect(!tides.contains("#, fuzzy"))

        // The build writes each locale's version itself; the hand-made files are not copied into the trees.
        #expect(try site.run("build", "--locale", "ru").status == 0)
        let built = try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("public/ru/posts").path).sorted()
        #expect(built == ["knots.md", "moorings.md", "tides.md"])
        let page = try site.read("public/ru/posts/tides.md")
        #expect(page.contains("lang: \"ru\"") && page.contains("\nНикогда не швартуйтесь у внешнего пирса ниже половины прилива.\n"), "\(page)")
    }

    /// French pages under `content-fr/` with their own file names, each with the `translationKey` of
    /// its English page (`knots`, set in the source; `posts/tides`, the content path that tolk build
    /// writes as translationKey when the source has none).
    @Test func pagesPairByTheirTranslationKey() throws {
        let site = try Self.fixtureCopy("adopt-hugo")
        defer { site.remove() }
        let result = try site.run("adopt", "fr", "--from", "content-fr", "--key", "translationKey")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            content/posts/moorings.md: not paired
              - no translated page
            content-fr/articles/sans-source.md: no source page pairs with it (not adopted)
            Adopted 14 translations into fr (0 needing review) from 3 pages: 2 fully paired, 0 partly paired, 1 not paired; 2 catalogs written.

            """, "\(result.stdout)")
        let knots = try site.read("locales/fr/posts/knots.po")
        #expect(knots.contains("msgid \"The bowline makes a loop that does not slip.\"\nmsgstr \"Le nœud de chaise forme une boucle qui ne glisse pas.\"\n"), "\(knots)")
        #expect(try site.read("locales/fr/posts/tides.po").contains("msgstr \"Pleine mer et basse mer\""))

        // Two translated pages with one key: neither is adopted, and the error names both.
        try site.write(try site.read("content-fr/articles/trois-noeuds.md"), to: "content-fr/articles/copie.md")
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("locales/fr"))
        let clash = try site.run("adopt", "fr", "--from", "content-fr", "--key", "translationKey")
        #expect(clash.status == 1)
        #expect(clash.stderr.contains("content-fr/articles/trois-noeuds.md:5:1: error: translationKey 'knots' is also the key of content-fr/articles/copie.md: neither is adopted (give each translated page its own translationKey)"), "\(clash.stderr)")
        #expect(!(try site.read("locales/fr/posts/knots.po")).contains("nœud"))
    }
}
