import Foundation
import Testing
import TestSupport

/// `tolk build` on a small travel blog (Fixtures/build-site): English source, Swedish, German,
/// Portuguese and Brazilian Portuguese (falling back to Portuguese), and the two pseudo-locales.
@Suite struct BuildCommandTests {
    /// A copy of the fixture site, synced, with the translations a translator would have made:
    /// Swedish has two of three posts, German and Portuguese one, Brazilian Portuguese none of its own.
    static func translatedSite(config: String? = nil) throws -> TolkRunner {
        let site = try TolkRunner.copy(of: "build-site")
        if let config { try site.write(config, to: "tolk.yaml") }
        let sync = try site.run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        let svTags = ["winter": "vinter", "sweden": "sverige", "ägg": "ägg", "öresund": "öresund", "arctic": "arktis", "denmark": "danmark"]
        try site.translate("sv", "posts/night-train-to-kiruna") { context, text in
            if context == "slug" { return "nattåget-till-kiruna" }
            if context == "tags" { return svTags[text] }
            return "SV: " + text
        }
        try site.translate("sv", "posts/crossing-the-oresund") { context, text in
            if context == "slug" { return "över öresund" }   // a space: tolk makes it a URL segment
            if context == "tags" { return svTags[text] }
            return "SV: " + text
        }
        try site.translate("de", "posts/night-train-to-kiruna") { context, text in
            context == "slug" ? "nachtzug-nach-kiruna" : context == "tags" ? text : "DE: " + text
        }
        try site.translate("pt", "posts/night-train-to-kiruna") { context, text in
            context == "slug" ? "comboio-noturno-para-kiruna" : context == "tags" ? text : "PT: " + text
        }
        let svNavigation = ["Home": "Hem", "Journeys": "Resor", "Sweden": "Sverige", "Denmark": "Danmark"]
        try site.translate("sv", "navigation") { _, text in svNavigation[text] }
        try site.translate("de", "navigation") { _, text in ["Sweden": "Schweden", "Denmark": "Dänemark"][text] }
        let svSite = try site.read("locales/sv/site.po")
        try site.write(svSite.replacingOccurrences(of: "msgid \"{minutes, plural, one {# minute read} other {# minutes read}}\"\nmsgstr \"\"",
                                                   with: "msgid \"{minutes, plural, one {# minute read} other {# minutes read}}\"\nmsgstr \"{minutes, plural, one {# minut} other {# minuter}}\""), to: "locales/sv/site.po")
        #expect(try site.read("locales/sv/site.po").contains("# minuter"))
        return site
    }

    @Test func localizedTreesCarryTheFieldsASiteGeneratorNeeds() throws {
        let site = try Self.translatedSite()
        defer { site.remove() }
        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stderr)")

        let sv = try site.read("public/sv/posts/night-train-to-kiruna.md")
        #expect(sv.contains("\nlang: \"sv\"\ndir: \"ltr\"\ntranslationKey: \"posts/night-train-to-kiruna\"\ntranslated: 100\n"))
        #expect(sv.contains("alternates: {en: \"/en/posts/night-train-to-kiruna/\", sv: \"/sv/posts/nattåget-till-kiruna/\", de: \"/de/posts/nachtzug-nach-kiruna/\", pt: \"/pt/posts/comboio-noturno-para-kiruna/\", pt-BR: \"/pt-BR/posts/comboio-noturno-para-kiruna/\", x-default: \"/en/posts/night-train-to-kiruna/\"}\n"))
        #expect(sv.contains("date_display: \"14 januari 2026\"\n"))
        #expect(sv.contains("reading_time: \"1 minut\"\n"))
        #expect(try site.read("public/de/posts/night-train-to-kiruna.md").contains("date_display: \"14. Januar 2026\"\n"))
        #expect(try site.read("public/pt/posts/night-train-to-kiruna.md").contains("date_display: \"14 de janeiro de 2026\"\n"))

        // Tags in each locale's alphabetical order: Swedish puts ä and ö after z, German sorts them with a and o.
        #expect(sv.contains("tags:\n  - arktis\n  - sverige\n  - vinter\n  - ägg\n  - öresund\n"))
        #expect(try site.read("public/de/posts/night-train-to-kiruna.md").contains("tags:\n  - ägg\n  - arctic\n  - öresund\n  - sweden\n  - winter\n"))

        // Links to other posts go to the same locale's URL, or to the source version of a page left out of it.
        #expect(sv.contains("read [how we crossed the Øresund](/sv/posts/över-öresund/) first"))
        #expect(sv.contains("[our packing list](/en/posts/packing-list/#winter)"))
        #expect(sv.contains("[the timetable](https://www.sj.se/en/timetable)"))
        #expect(try site.read("public/de/posts/night-train-to-kiruna.md").contains("(/en/posts/crossing-the-oresund/)"))
        #expect(try site.read("public/en/posts/crossing-the-oresund.md").contains("[the night train to Kiruna](/en/posts/night-train-to-kiruna/)"))

        // Under min_translated (60%): left out, and said so.
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/sv/posts/packing-list.md").path))
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/en/posts/packing-list.md").path))
        #expect(build.stdout.contains("public/sv: 2 pages"))
        #expect(build.stdout.contains("  left out (below 60% translated): 1 page — posts/packing-list.md (0%)"))

        // Brazilian Portuguese ships Portuguese text through its fallback chain.
        let ptBR = try site.read("public/pt-BR/posts/night-train-to-kiruna.md")
        #expect(ptBR.contains("title: \"PT: The Night Train to Kiruna\""))
        #expect(ptBR.contains("lang: \"pt-BR\""))
        #expect(build.stdout.contains("public/pt-BR: 1 pages"))
        #expect(build.stdout.range(of: #"public/pt-BR: 1 pages, \d+ units — 0 translated, \d+ from a fallback locale"#, options: .regularExpression) != nil)
    }

    /// `navigation.sort: [menu.children]`: each locale's menu in its own alphabetical order, whole items moved.
    @Test func sortedNavigationFollowsEachLocalesCollation() throws {
        let site = try Self.translatedSite()
        defer { site.remove() }
        #expect(try site.run("build").status == 0)
        func labels(_ locale: String) throws -> [String] {
            try site.read("public/\(locale)/navigation.yaml").split(separator: "\n")
                .filter { $0.hasPrefix("      - label: ") }.map { String($0.dropFirst(15)).replacingOccurrences(of: "\"", with: "") }
        }
        #expect(try labels("en") == ["Åland", "Denmark", "Öland", "Sweden"])
        #expect(try labels("sv") == ["Danmark", "Sverige", "Åland", "Öland"])
        #expect(try labels("de") == ["Åland", "Dänemark", "Öland", "Schweden"])
        // Each label keeps its own URL, and the rest of the file is as it was.
        let swedish = try site.read("public/sv/navigation.yaml")
        #expect(swedish.contains("      - label: \"Sverige\"\n        url: /tags/sweden/\n"))
        #expect(swedish.hasPrefix("menu:\n  - label: \"Hem\"\n    url: /\n  - label: \"Resor\"\n    url: /posts/\n    # Countries"))
    }

    /// A fallback locale that is not built (`pt-BR: [pt]`, `pt` not among the targets) still gives
    /// pt-BR its text: an edit to its catalogs reaches the next build, whether that build would have
    /// been said from the receipt or planned from the build state.
    @Test func anEditToAFallbackLocaleThatIsNotBuiltReachesTheNextBuild() throws {
        let site = try Self.translatedSite()
        defer { site.remove() }
        try site.write(try site.read("tolk.yaml").replacingOccurrences(of: "locales: [sv, de, pt, pt-BR]", with: "locales: [sv, de, pt-BR]"), to: "tolk.yaml")
        let output = "public/pt-BR/posts/night-train-to-kiruna.md", catalog = "locales/pt/posts/night-train-to-kiruna.po"
        #expect(try site.run("build").status == 0)
        #expect(try site.read(output).contains("title: \"PT: The Night Train to Kiruna\""))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/pt").path))
        #expect(try site.run("build").status == 0)   // leaves a receipt of a build with nothing to do

        for (old, new, removesReceipt) in [("PT: The Night Train", "PT: O comboio noturno", false), ("PT: O comboio noturno", "PT: O trem noturno", true)] {
            let text = try site.read(catalog)
            #expect(text.contains("msgstr \"\(old) to Kiruna\""))
            try site.write(text.replacingOccurrences(of: "msgstr \"\(old) to Kiruna\"", with: "msgstr \"\(new) to Kiruna\""), to: catalog)
            if removesReceipt { try FileManager.default.removeItem(at: site.root.appendingPathComponent(".tolk/build-receipt")) }
            let build = try site.run("build")
            #expect(build.status == 0, "\(build.stderr)")
            #expect(build.stdout.contains("(1 file translated"), "\(build.stdout)")
            #expect(try site.read(output).contains("title: \"\(new) to Kiruna\""), "receipt removed: \(removesReceipt)")
        }
    }

    @Test func pseudoLocalesNeedNoTranslators() throws {
        let site = try Self.translatedSite()
        defer { site.remove() }
        #expect(try site.run("build", "--locale", "en-XA", "--locale", "ar-XB").status == 0)
        let accented = try site.read("public/en-XA/posts/crossing-the-oresund.md")
        #expect(accented.contains("title: \"⟦Çŕóššíñĝóíó ţĥéé Øŕéšúñďéú⟧\"\n"))
        #expect(accented.contains("slug: crossing-the-oresund\n"), "a slug stays a URL")
        #expect(accented.contains("](/en-XA/posts/night-train-to-kiruna/)"), "links keep working")
        let mirrored = try site.read("public/ar-XB/posts/crossing-the-oresund.md")
        #expect(mirrored.contains("dir: \"rtl\""))
        #expect(mirrored.contains("title: \"\u{202E}Crossing the Øresund\u{202C}\""))
        #expect(mirrored.contains("date_display: \"\u{202E}November 3, 2025\u{202C}\""), "dates in the source locale's format, disguised")
    }

    @Test func aSecondBuildWritesNothingAndAnEditRebuildsOnlyItsPost() throws {
        let site = try Self.translatedSite()
        defer { site.remove() }
        #expect(try site.run("build").status == 0)
        let again = try site.run("build")
        #expect(again.status == 0)
        #expect(again.stdout.components(separatedBy: "; 0 files written,").count == 8, "\(again.stdout)")

        // Touched but not changed: content digests decide, not timestamps.
        let post = "content/posts/crossing-the-oresund.md"
        let text = try site.read(post)
        try site.write(text, to: post)
        #expect(try site.run("build").stdout.components(separatedBy: "; 0 files written,").count == 8)

        // An edit rebuilds that post in every locale that has it, and nothing else.
        let before = try site.stamp("public/sv/posts/night-train-to-kiruna.md")
        try site.write(text.replacingOccurrences(of: "every twenty minutes", with: "every twenty minutes, day and night"), to: post)
        let edited = try site.run("build")
        #expect(edited.stdout.contains("public/en: 3 pages; 1 files written, 4 unchanged"), "\(edited.stdout)")
        #expect(edited.stdout.contains("public/sv: 2 pages"))
        #expect(try site.stamp("public/sv/posts/night-train-to-kiruna.md") == before)
        #expect(try site.read("public/en/posts/crossing-the-oresund.md").contains("day and night"))

        // An output deleted by hand comes back; a deleted post's outputs go.
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("public/de/navigation.yaml"))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/posts/packing-list.md"))
        let rebuilt = try site.run("build")
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/de/navigation.yaml").path))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/en/posts/packing-list.md").path))
        // The night train links to the packing list: its link no longer names a page, so it is rebuilt too.
        #expect(rebuilt.stdout.contains("public/en: 2 pages; 1 files written, 3 unchanged, 1 removed"), "\(rebuilt.stdout)")
        #expect(try site.read("public/en/posts/night-train-to-kiruna.md").contains("[our packing list](packing-list.md#winter)"))
    }

    @Test func pagesBelowTheThresholdCanShipMarked() throws {
        let config = try String(contentsOf: TolkRunner.fixture("build-site").appendingPathComponent("tolk.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  min_translated: 60\n", with: "  min_translated: {default: 60, de: 30}\n  below_min: mark\n")
        let site = try Self.translatedSite(config: config)
        defer { site.remove() }
        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stderr)")
        let packing = try site.read("public/sv/posts/packing-list.md")
        #expect(packing.contains("translated: 0\n"))
        #expect(packing.contains("translation_incomplete: true\n"))
        #expect(build.stdout.contains("  shipped incomplete (below 60% translated): 1 page"))
        #expect(build.stdout.contains("  shipped incomplete (below 30% translated): 2 pages"))
    }

    @Test func suffixLayoutPutsLocalesNextToEachOther() throws {
        let config = try String(contentsOf: TolkRunner.fixture("build-site").appendingPathComponent("tolk.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "build:\n", with: "build:\n  layout: suffix\n  url: \"/{locale}/{slug}/\"\n  source_url: \"/{slug}/\"\n  fields: {translation_key: translationKey, url: url, date: \"\"}\n")
        let site = try Self.translatedSite(config: config)
        defer { site.remove() }
        let build = try site.run("build")
        #expect(build.status == 0, "\(build.stderr)")
        let sv = try site.read("public/posts/night-train-to-kiruna.sv.md")
        #expect(sv.contains("url: \"/sv/nattåget-till-kiruna/\"\n"))
        #expect(!sv.contains("date_display"))
        #expect(try site.read("public/posts/night-train-to-kiruna.md").contains("url: \"/night-train-to-kiruna/\"\n"))
        #expect(try site.read("public/site.sv.yaml").contains("# minut"))
        #expect(try site.read("public/posts/crossing-the-oresund.md").contains("](/night-train-to-kiruna/)"))
    }

    @Test func aKilledBuildLeavesThePreviousTree() throws {
        let site = try TolkRunner.largerSampleSite(copies: 25, config: "source: en\nlocales: []\nbuild:\n  pseudo_locales: [en-XA]\n")
        defer { site.remove() }
        #expect(try site.run("build").status == 0)
        let before = try site.snapshot("public/en-XA")
        // Change every post, start a build, and kill it once it is writing its staging tree.
        for path in try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("content/posts").path) {
            let text = try site.read("content/posts/\(path)")
            try site.write(text + "\nOne more paragraph, added after the first build.\n", to: "content/posts/\(path)")
        }
        let process = try site.start(["build"])
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, (try? FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("public").path))?.contains(where: { $0.contains("tolk-staging") }) != true {
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(try site.snapshot("public/en-XA") == before, "the live tree is the old one, whole")

        let finished = try site.run("build")
        #expect(finished.status == 0, "\(finished.stderr)")
        let after = try site.snapshot("public/en-XA")
        #expect(after.count == before.count)
        #expect(after.filter { $0.key.hasPrefix("posts/") }.allSatisfy { before[$0.key] != $0.value }, "every page rebuilt")
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("public").path).filter { $0.hasPrefix(".") }.isEmpty,
                "the killed build's staging tree is cleaned up")
    }

    func inode(_ site: TolkRunner, _ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: site.root.appendingPathComponent(path).path)[.systemFileNumber] as! Int
    }

    @Test func aFewChangedPagesArePatchedIntoTheLiveTreeWhichEndsAsASwapWouldLeaveIt() throws {
        let site = try TolkRunner.largerSampleSite(copies: 3, config: "source: en\nlocales: []\nbuild:\n  pseudo_locales: [en-XA]\n")
        defer { site.remove() }
        #expect(try site.run("build").status == 0)
        let before = try site.snapshot("public/en-XA")
        let posts = try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("content/posts").path).filter { $0.hasSuffix(".md") }.sorted()
        #expect(before.count >= 32, "a tree big enough that one page is a few changes (\(before.count) files)")
        let (edited, untouched) = (posts[0], posts[1])
        let (tree, untouchedInode) = (try inode(site, "public/en-XA"), try inode(site, "public/en-XA/posts/\(untouched)"))

        try site.write(try site.read("content/posts/\(edited)") + "\nOne more paragraph, added after the first build.\n", to: "content/posts/\(edited)")
        let patched = try site.run("build")
        #expect(patched.status == 0, "\(patched.stderr)")
        #expect(try inode(site, "public/en-XA") == tree, "the live tree is changed in place, not swapped")
        #expect(try inode(site, "public/en-XA/posts/\(untouched)") == untouchedInode)
        let after = try site.snapshot("public/en-XA")
        #expect(after.keys.sorted() == before.keys.sorted())
        #expect(after.filter { before[$0.key] != $0.value }.keys.sorted() == ["posts/\(edited)"])
        #expect((after["posts/\(edited)"]?.count ?? 0) > (before["posts/\(edited)"]?.count ?? 0), "the new paragraph, pseudo-translated")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".tolk/unfinished-trees").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("public/en-XA/posts").path).allSatisfy { !$0.hasPrefix(".") },
                "no temporary file is left")
        #expect(try site.run("build").status == 0)
        #expect(try inode(site, "public/en-XA") == tree && (try site.snapshot("public/en-XA")) == after, "nothing changed: nothing touched")

        // A post removed (as a page bundle's folder would be): its output goes, and a folder left empty with it.
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("content/notes/first"), withIntermediateDirectories: true)
        try site.write(try site.read("content/posts/\(untouched)"), to: "content/notes/first/index.md")
        #expect(try site.run("build").status == 0)
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/en-XA/notes/first/index.md").path))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/notes"))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/posts/\(edited)"))
        try site.write("put here by hand", to: "public/en-XA/posts/by-hand.md")
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent("public/en-XA/extra"), withIntermediateDirectories: true)
        try site.write("put here by hand", to: "public/en-XA/extra/.hidden")
        let removed = try site.run("build")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try inode(site, "public/en-XA") == tree)
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/en-XA/posts/\(edited)").path))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/en-XA/notes").path), "folders left empty go too")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/en-XA/posts/by-hand.md").path), "tolk owns the tree")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/en-XA/extra").path))
        #expect(try site.snapshot("public/en-XA").count == before.count - 1)
    }

    /// In the suffix layout every locale's files share one tree: a build of one locale leaves the others' as they are.
    @Test func aBuildOfOneLocaleInTheSuffixLayoutKeepsTheOtherLocalesFiles() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try site.write(try site.read("tolk.yaml").replacingOccurrences(of: "  layout: folders ", with: "  layout: suffix "), to: "tolk.yaml")
        #expect(try site.run("build").status == 0)
        let before = try site.snapshot("public")
        #expect(before.keys.contains("posts/collation-and-sorting.de.md") && before.keys.contains("posts/ci-gates-for-translations.ar-XB.md"))
        let post = "content/posts/ci-gates-for-translations.md"
        try site.write(try site.read(post) + "\nOne more paragraph, added after the first build.\n", to: post)
        let ru = try site.run("build", "--locale", "ru")
        #expect(ru.status == 0, "\(ru.stderr)")
        let after = try site.snapshot("public")
        #expect(after.keys.sorted() == before.keys.sorted(), "no locale's files go")
        #expect(after.filter { before[$0.key] != $0.value }.keys.sorted() == ["posts/ci-gates-for-translations.ru.md"])
    }

    @Test func aTreeAKilledBuildLeftHalfPatchedIsAssembledWholeByTheNext() throws {
        let site = try TolkRunner.largerSampleSite(copies: 3, config: "source: en\nlocales: []\nbuild:\n  pseudo_locales: [en-XA]\n")
        defer { site.remove() }
        #expect(try site.run("build").status == 0)
        let before = try site.snapshot("public/en-XA")
        let tree = try inode(site, "public/en-XA")
        // What a build killed while patching leaves: the list of trees it was patching, a temporary
        // file, and a file it was about to remove.
        try site.write("en-XA\n", to: ".tolk/unfinished-trees")
        try site.write("half", to: "public/en-XA/posts/.a.md.tolk-4194305-17")
        try site.write("gone", to: "public/en-XA/posts/removed-post.md")
        let next = try site.run("build")
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try inode(site, "public/en-XA") != tree, "assembled beside and swapped in")
        #expect(try site.snapshot("public/en-XA") == before)
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public/en-XA/posts/.a.md.tolk-4194305-17").path))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".tolk/unfinished-trees").path))
    }

    /// A progress line on a terminal (run under `script`, which gives tolk a pseudo-terminal); none in a log.
    @Test func progressOnlyOnATerminal() throws {
        let script = try ExternalTool.path("script")
        let site = try Self.translatedSite()
        defer { site.remove() }
        let logged = try site.run("build")
        #expect(!logged.stderr.contains("\u{1B}") && !logged.stdout.contains("\u{1B}"))
        // Work for the next build (one with nothing to do says so from its receipt, at once).
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("public"))
        let terminal = try ProcessRunner.run(script, ["-qec", "'\(TolkRunner.executable.path)' build --root '\(site.root.path)'", "/dev/null"])
        let text = terminal.stdoutText
        #expect(terminal.status == 0, "\(text)")
        #expect(text.range(of: #"translating \d+/\d+ pages"#, options: .regularExpression) != nil || text.range(of: #"writing \d+/\d+ pages"#, options: .regularExpression) != nil, "\(text)")
        #expect(text.contains("\r\u{1B}[2Kpublic/en:"), "the progress line is erased before the summary")
        let quiet = try site.run("build", "--quiet")
        #expect(quiet.status == 0 && quiet.stdout.isEmpty)
    }

    @Test func aBadBuildSettingNamesTheLine() throws {
        let site = try TolkRunner.copy(of: "build-site")
        defer { site.remove() }
        try site.write(try site.read("tolk.yaml").replacingOccurrences(of: "  min_translated: 60\n", with: "  min_translated: 60\n  layout: sideways\n"), to: "tolk.yaml")
        let build = try site.run("build")
        #expect(build.status == 2)
        #expect(build.stderr.contains("tolk.yaml:17: error: build.layout must be folders or suffix, got 'sideways'"), "\(build.stderr)")
    }
}

extension TolkRunner {
    static func fixture(_ name: String) -> URL {
        packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures").appendingPathComponent(name)
    }

    /// A fresh copy of a fixture site under Fixtures/.
    static func copy(of fixture: String) throws -> TolkRunner {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-e2e-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.fixture(fixture), to: root)
        return TolkRunner(root: root)
    }

    /// The sample site with each post copied `copies` times under new names and slugs (300 posts for 25),
    /// and `config` as its tolk.yaml: big enough that a build takes a while.
    static func largerSampleSite(copies: Int, config: String) throws -> TolkRunner {
        let site = try sampleSiteCopy()
        let posts = site.root.appendingPathComponent("content/posts")
        for name in try FileManager.default.contentsOfDirectory(atPath: posts.path) where name.hasSuffix(".md") {
            let text = try site.read("content/posts/\(name)")
            for copy in 1...copies {
                let stem = String(name.dropLast(3))
                try site.write(text.replacingOccurrences(of: "\nslug: \(stem)\n", with: "\nslug: \(stem)-\(copy)\n"),
                               to: "content/posts/\(stem)-\(copy).md")
            }
        }
        try site.write(config, to: "tolk.yaml")
        return site
    }

    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments + ["--root", root.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Fills the msgstr of each message of `locales/LOCALE/CATALOG.po` that `translation` answers for.
    func translate(_ locale: String, _ catalog: String, _ translation: (_ context: String?, _ text: String) -> String?) throws {
        let path = "locales/\(locale)/\(catalog).po"
        var blocks = try read(path).components(separatedBy: "\n\n")
        for index in blocks.indices {
            let lines = blocks[index].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let idLine = lines.firstIndex(where: { $0.hasPrefix("msgid ") }),
                  let strLine = lines.firstIndex(where: { $0.hasPrefix("msgstr ") }), !lines.contains(where: { $0.hasPrefix("msgid_plural") }) else { continue }
            let context = lines.first(where: { $0.hasPrefix("msgctxt ") }).map { Self.unquote(String($0.dropFirst(8))) }
            let id = lines[idLine..<strLine].map { Self.unquote(String($0.hasPrefix("msgid ") ? $0.dropFirst(6) : Substring($0))) }.joined()
            guard !id.isEmpty, let text = translation(context, id) else { continue }
            blocks[index] = (lines[..<strLine] + ["msgstr \"" + Self.quote(text) + "\""]).joined(separator: "\n")
        }
        try write(blocks.joined(separator: "\n\n"), to: path)
    }

    private static func unquote(_ quoted: String) -> String {
        var inner = quoted.dropFirst().dropLast()[...]
        var out = ""
        while let character = inner.popFirst() {
            guard character == "\\", let next = inner.popFirst() else { out.append(character); continue }
            switch next { case "n": out += "\n"; case "t": out += "\t"; default: out.append(next) }
        }
        return out
    }

    private static func quote(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Size, modification time and inode: changes when a file is written again.
    func stamp(_ path: String) throws -> [String] {
        let attributes = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(path).path)
        return ["\(attributes[.size]!)", "\(attributes[.modificationDate]!)", "\(attributes[.systemFileNumber]!)"]
    }

    /// Every file under a folder and its text.
    func snapshot(_ folder: String) throws -> [String: String] {
        let base = root.appendingPathComponent(folder)
        var files: [String: String] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: base.path)! {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            files[path] = try read(folder + "/" + path)
        }
        return files
    }
}
