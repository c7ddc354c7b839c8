import Foundation
import Testing

/// Issue 17, MkDocs: the fixture site `Fixtures/mkdocs-site` (an `mkdocs.yml` with mkdocs-material's
/// extensions, three pages using admonitions, collapsible blocks, content tabs, attribute lists,
/// annotations, snippets, abbreviations, footnotes and `md_in_html`) run through the real CLI, and the
/// source and pseudo-locale trees built by real `mkdocs build --strict`. Goldens in
/// `Fixtures/mkdocs-site.golden`, recorded again with `TOLK_RECORD_GOLDENS=1` (the test then fails).
///
/// MkDocs and mkdocs-material come from PyPI into `.build-mkdocs/venv` (`make mkdocs-venv`, which
/// `make test` runs): without that venv the MkDocs build test fails and says so.
@Suite struct MkDocsSiteTests {
    static let fixture = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/mkdocs-site")
    static let golden = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/mkdocs-site.golden")
    static let mkdocs = TolkRunner.packageRoot.appendingPathComponent(".build-mkdocs/venv/bin/mkdocs")
    static let pages = ["index", "guide/setup", "guide/annotations"]

    static func copy(_ folder: URL = fixture, prefix: String = "tolk-mkdocs") throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: folder, to: root)
        return root
    }

    static func siteCopy() throws -> TolkRunner { TolkRunner(root: try copy()) }

    /// Compares `actual` with the golden file `name`, or records it when `TOLK_RECORD_GOLDENS=1`.
    func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Self.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["TOLK_RECORD_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            Issue.record("recorded \(name); review the diff and run again without TOLK_RECORD_GOLDENS", sourceLocation: sourceLocation)
            return
        }
        let expected = try? String(contentsOf: url, encoding: .utf8)
        #expect(expected != nil, "missing golden \(name): run with TOLK_RECORD_GOLDENS=1", sourceLocation: sourceLocation)
        #expect(actual == expected, "\(name)", sourceLocation: sourceLocation)
    }

    static func goldenName(_ page: String, _ suffix: String) -> String { page.replacingOccurrences(of: "/", with: "-") + suffix }

    @Test func theUnitsAreWhatTheGoldenTemplatesShow() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        let synced = try site.run("sync")
        #expect(synced.status == 0)
        #expect(!synced.stderr.contains("warning"), "\(synced.stderr)")
        for page in Self.pages {
            try expectGolden(try site.read("locales/templates/\(page).pot"), Self.goldenName(page, ".pot"))
        }
        let index = try site.read("locales/templates/index.pot")
        #expect(index.contains("msgctxt \"admonition title\"\nmsgid \"Battery drain\""))
        #expect(index.contains("msgctxt \"abbreviation HTML\"\nmsgid \"Hyper Text Markup Language\""))
        #expect(index.contains("msgid \"Lower the sample rate for **overnight** recordings.\""))
        let setup = try site.read("locales/templates/guide/setup.pot")
        #expect(setup.contains("msgctxt \"tab label\"\nmsgid \"macOS\""))
        #expect(setup.contains("msgctxt \"details title\"\nmsgid \"Which card should I buy?\""))
        #expect(setup.contains("msgid \"Text inside a tab inside an admonition.\""))
        #expect(!setup.contains("stays code here") && !setup.contains("apt install"))
        let annotations = try site.read("locales/templates/guide/annotations.pot")
        for syntax in ["8<", "notice.md", "footer.md", ".annotate", "*[WAV]"] { #expect(!annotations.contains(syntax), "\(syntax)") }
    }

    @Test func thePseudoLocaleKeepsEveryMarkerAndProtectedTokenByteForByte() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        #expect(try site.run("build").status == 0)
        for page in Self.pages {
            let pseudo = try site.read("public/en-XA/\(page).md")
            try expectGolden(pseudo, Self.goldenName(page, ".en-XA.md"))
            let source = try site.read("docs/\(page).md")
            // Every marker line keeps its marker and indentation: only the quoted text changes.
            for line in source.split(separator: "\n") {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                guard ["!!!", "???", "==="].contains(where: trimmed.hasPrefix) else { continue }
                let marker = line.prefix { $0 != "\"" }
                #expect(pseudo.contains("\n" + marker), "\(marker)")
            }
        }
        let index = try site.read("public/en-XA/index.md")
        #expect(index.contains("\n# ⟦Ƒíéĺďíé Ŕéçóŕďéŕéóé⟧ { #home }\n"))
        #expect(index.contains("{ width=\"240\" loading=lazy }") && index.contains("{ .md-button }"))
        #expect(index.contains("\n*[HTML]: ⟦"))
        let annotations = try site.read("public/en-XA/guide/annotations.md")
        for token in ["(1)", "(2)", "{ .annotate }", "--8<-- \"notice.md\"", "--8<--\nfooter.md\n--8<--", "# (1)!", "{ #abbr-footnotes }", "[^1]"] {
            #expect(annotations.contains(token), "\(token)")
        }
    }

    @Test func identityCatalogsReproduceEveryPageByteForByte() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        for page in Self.pages {
            let catalog = try site.read("locales/fr/\(page).po")
            try site.write(HugoShortcodeSiteTests.identity(catalog), to: "locales/fr/\(page).po")
        }
        #expect(try site.run("build").status == 0)
        for page in Self.pages {
            let source = try site.read("docs/\(page).md"), built = try site.read("public/fr/\(page).md")
            #expect(HugoShortcodeSiteTests.body(of: built) == HugoShortcodeSiteTests.body(of: source), "\(page)")
        }
    }

    @Test func aTranslationThatDropsAnAttributeListIsRefusedByImportCheckAndBuild() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        var catalog = HugoShortcodeSiteTests.identity(try site.read("locales/fr/index.po"))
        catalog = catalog.replacingOccurrences(of: "msgstr \"Field Recorder { #home }\"", with: "msgstr \"Enregistreur de terrain\"")
        #expect(catalog.contains("Enregistreur de terrain"))
        try site.write(catalog, to: "fr.po")
        let imported = try site.run("import", "fr.po")
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("error: the translation lacks") && imported.stderr.contains("{ #home }"), "\(imported.stderr)")

        try site.write(catalog, to: "locales/fr/index.po")
        let checked = try site.run("check")
        #expect(checked.status != 0)
        #expect(checked.stderr.contains("locales/fr/index.po:") && checked.stderr.contains("{ #home }"), "\(checked.stderr)")
        _ = try site.run("build")
        let built = try site.read("public/fr/index.md")
        #expect(!built.contains("Enregistreur de terrain") && built.contains("# Field Recorder { #home }"))
    }

    @Test func xliffExportsAnAttributeListAsALockedInlineCode() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        #expect(try site.run("export", "fr", "-o", "fr.xlf").status == 0)
        let xliff = try site.read("fr.xlf")
        #expect(xliff.contains(#"<source>Field Recorder <ph id="1" canCopy="no" canDelete="no" type="other" subType="tolk:shortcode" disp="{ #home }""#), "\(xliff)")
    }

    @Test func aTranslationOfSeveralLinesStaysInsideItsAdmonition() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        var catalog = HugoShortcodeSiteTests.identity(try site.read("locales/fr/index.po"))
        let source = "msgstr \"\"\n\"Every recording stays on your device. Nothing is uploaded unless you ask for \"\n\"it.\""
        #expect(catalog.contains(source))
        catalog = catalog.replacingOccurrences(of: source, with: "msgstr \"Chaque enregistrement reste ici.\\n- Rien n'est envoyé.\"")
        try site.write(catalog, to: "locales/fr/index.po")
        #expect(try site.run("build").status == 0)
        let built = try site.read("public/fr/index.md")
        #expect(built.contains("!!! note\n    Chaque enregistrement reste ici.\n    \\- Rien n'est envoyé.\n\n!!! warning"), "\(built)")
    }

    @Test func theGeneratorIsDetectedFromMkdocsYmlOrSetInTolkYAML() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("mkdocs.yml"))
        #expect(try site.run("sync").status == 0)
        // Without mkdocs.yml the pages are plain CommonMark: a marker line starts a paragraph, as before issue 17.
        let plain = try site.read("locales/templates/index.pot")
        #expect(plain.contains("\"!!! warning \\\"Battery drain\\\" Long sessions") && !plain.contains("admonition title"))
        try site.write("source: en\nlocales: [fr]\npaths:\n  content: docs\nsite_generator: mkdocs\n", to: "tolk.yaml")
        #expect(try site.run("sync").status == 0)
        #expect(try site.read("locales/templates/index.pot").contains("msgctxt \"admonition title\"\nmsgid \"Battery drain\""))
    }

    @Test func brokenMarkersAreWarningsAtTheirPosition() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        var deep = ""
        for level in 0..<40 { deep += String(repeating: "    ", count: level) + "!!! note \"Level \(level)\"\n" }
        try site.write("# Broken\n\n!!! note \"Unclosed\n    Body.\n\n--8<--\nnever-closed.md\n\n" + deep, to: "docs/broken.md")
        let synced = try site.run("sync")
        #expect(synced.status == 0)
        #expect(synced.stderr.contains("docs/broken.md:3:10: warning: the admonition title has no closing quote"), "\(synced.stderr)")
        #expect(synced.stderr.contains("docs/broken.md:6:1: warning: this snippet block (--8<--) is not closed"), "\(synced.stderr)")
        #expect(synced.stderr.contains("docs/broken.md:41:129: warning: admonitions and tabs nested more than 32 levels deep"), "\(synced.stderr)")
    }

    // MARK: Real MkDocs

    @Test func realMkDocsBuildsTheSourceAndThePseudoLocaleAlike() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.mkdocs.path) else {
            Issue.record("MkDocs is not installed in .build-mkdocs/venv, and this test needs it as the real generator: run `make mkdocs-venv` (make test does)")
            return
        }
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        #expect(try site.run("build").status == 0)

        let sourceSite = try Self.copy(prefix: "tolk-mkdocs-source")
        let pseudoSite = try Self.copy(prefix: "tolk-mkdocs-pseudo")
        defer { try? FileManager.default.removeItem(at: sourceSite); try? FileManager.default.removeItem(at: pseudoSite) }
        try FileManager.default.removeItem(at: pseudoSite.appendingPathComponent("docs"))
        try FileManager.default.copyItem(at: site.root.appendingPathComponent("public/en-XA"), to: pseudoSite.appendingPathComponent("docs"))
        for folder in [sourceSite, pseudoSite] {
            let built = try TolkRunner.runProcess(Self.mkdocs, ["build", "--strict", "--quiet"], in: folder)
            #expect(built.status == 0, "mkdocs build --strict in \(folder.lastPathComponent): \(built.stderr)")
        }
        let sourcePages = try Self.htmlPages(in: sourceSite.appendingPathComponent("site"))
        let pseudoPages = try Self.htmlPages(in: pseudoSite.appendingPathComponent("site"))
        #expect(sourcePages == pseudoPages)
        #expect(sourcePages.contains("guide/setup/index.html"))
        for page in sourcePages {
            let source = try Self.article(sourceSite.appendingPathComponent("site/" + page))
            let pseudo = try Self.article(pseudoSite.appendingPathComponent("site/" + page))
            #expect(Self.elements(source) == Self.elements(pseudo), "\(page)")
            // Every admonition, collapsible block and tab shows the pseudo-locale's text.
            for opener in ["<div class=\"admonition", "<details", "class=\"tabbed-block\"", "<label for="] {
                let chunks = pseudo.components(separatedBy: opener).dropFirst()
                #expect(chunks.count == source.components(separatedBy: opener).count - 1, "\(page) \(opener)")
                for chunk in chunks { #expect(chunk.contains("⟦"), "\(page): \(opener)\(chunk.prefix(200))") }
            }
        }
        let setup = try Self.article(pseudoSite.appendingPathComponent("site/guide/setup/index.html"))
        for construct in ["class=\"admonition danger\"", "<details class=\"tip\"", "<details class=\"question\" open", "class=\"tabbed-set tabbed-alternate\"",
                          "<code>make install</code>", "class=\"admonition example\""] {
            #expect(setup.contains(construct), "\(construct)")
        }
        #expect(setup.contains("!!! note stays code here"))
    }

    /// The HTML pages of a built site, relative to it, sorted.
    static func htmlPages(in site: URL) throws -> [String] {
        guard let walker = FileManager.default.enumerator(at: site, includingPropertiesForKeys: nil) else { return [] }
        let prefix = site.standardizedFileURL.path + "/"
        return walker.compactMap { ($0 as? URL)?.standardizedFileURL.path }
            .filter { $0.hasSuffix(".html") }
            .map { String($0.dropFirst(prefix.count)) }
            .sorted()
    }

    /// The page's `<article>`: what the Markdown became, without the theme around it.
    static func article(_ page: URL) throws -> String {
        let html = try String(contentsOf: page, encoding: .utf8)
        guard let start = html.range(of: "<article"), let end = html.range(of: "</article>", range: start.upperBound..<html.endIndex) else { return "" }
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// The element names in order. `abbr` aside: an abbreviation marks a word of the prose, and the
    /// pseudo-locale changes every word (a translation keeps the word, or not).
    static func elements(_ html: String) -> [String] {
        var names: [String] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "/" }
            if !name.isEmpty, name != "abbr", name != "/abbr" { names.append(String(name)) }
        }
        return names
    }
}
