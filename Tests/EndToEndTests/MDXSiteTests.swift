import Foundation
import Testing

/// Issue 17, MDX: a Docusaurus-style fixture site (`Fixtures/docusaurus-site`: `docusaurus.config.js`,
/// an `.mdx` page with imports, tabs, expressions and components, an `.md` page with admonitions) and
/// a Starlight one (`Fixtures/starlight-site`: `astro.config.mjs`, asides, cards, steps), run through
/// the real CLI. Goldens in `Fixtures/<site>.golden`; record them again with
/// `TOLK_RECORD_GOLDENS=1 swift test --filter MDXSiteTests`, review the diff, and run again without it.
/// No MDX compiler runs here: `MDXStructureTests` (ExtractorTests) compares the MDX structure of the
/// golden pseudo pages with their sources.
@Suite struct MDXSiteTests {
    static let fixtures = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures")

    struct Site {
        var name: String
        var content: String
        /// Page path under the content folder → golden base name.
        var pages: [(path: String, golden: String)]
    }
    static let docusaurus = Site(name: "docusaurus-site", content: "docs",
                                 pages: [("install.mdx", "install"), ("care.md", "care")])
    static let starlight = Site(name: "starlight-site", content: "src/content/docs",
                                pages: [("guides/start.mdx", "start")])

    static func siteCopy(_ site: Site, tolkYAML: String? = nil) throws -> TolkRunner {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-\(site.name)-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(site.name), to: root)
        let runner = TolkRunner(root: root)
        if let tolkYAML { try runner.write(tolkYAML, to: "tolk.yaml") }
        return runner
    }

    func read(_ site: TolkRunner, _ path: String) throws -> String {
        try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Compares `actual` with the golden file, or records it when `TOLK_RECORD_GOLDENS` is set.
    func expectGolden(_ actual: String, _ site: Site, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Self.fixtures.appendingPathComponent(site.name + ".golden").appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["TOLK_RECORD_GOLDENS"] != nil {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(site.name).golden/\(name); review the diff and run again without TOLK_RECORD_GOLDENS", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(site.name).golden/\(name) differs; if the change is meant, record again with TOLK_RECORD_GOLDENS=1",
                sourceLocation: sourceLocation)
    }

    @Test(arguments: [docusaurus, starlight].map(\.name))
    func theUnitsAreWhatTheGoldenTemplatesShow(_ name: String) throws {
        let site = name == Self.docusaurus.name ? Self.docusaurus : Self.starlight
        let runner = try Self.siteCopy(site)
        defer { runner.remove() }
        #expect(try runner.run("sync").status == 0)
        for page in site.pages {
            let template = page.path.replacingOccurrences(of: ".mdx", with: ".pot").replacingOccurrences(of: ".md", with: ".pot")
            try expectGolden(try read(runner, "locales/templates/" + template), site, page.golden + ".pot")
        }
    }

    @Test(arguments: [docusaurus, starlight].map(\.name))
    func thePseudoLocaleIsTheGoldenPage(_ name: String) throws {
        let site = name == Self.docusaurus.name ? Self.docusaurus : Self.starlight
        let runner = try Self.siteCopy(site)
        defer { runner.remove() }
        #expect(try runner.run("sync").status == 0)
        #expect(try runner.run("build").status == 0)
        for page in site.pages {
            let built = try read(runner, "public/en-XA/" + page.path)
            let extensionName = (page.path as NSString).pathExtension
            try expectGolden(built, site, "\(page.golden).en-XA.\(extensionName)")
        }
    }

    @Test func theDocusaurusUnitsHoldTheirProseAndNothingElse() throws {
        let runner = try Self.siteCopy(Self.docusaurus)
        defer { runner.remove() }
        let sync = try runner.run("sync")
        #expect(sync.status == 0)
        #expect(!sync.stderr.contains("warning"), "\(sync.stderr)")
        let install = try read(runner, "locales/templates/install.pot")
        // Imports, exports, tag-only lines, code and comments are no message.
        for absent in ["@theme/Tabs", "export const", "LampDiagram,", "groupId", "brew install", "wiring photo", "</TabItem>"] {
            #expect(!install.contains(absent), "\(absent)")
        }
        #expect(install.contains("msgctxt \"TabItem label\"\nmsgid \"macOS\""))
        #expect(install.contains("msgctxt \"Image caption\"\nmsgid \"The \\\"Classic\\\" model\""))
        #expect(install.contains("msgctxt \"info title\"\nmsgid \"Checking the connection\""))
        // The .md page of a Docusaurus site: its admonitions are fences and a title, nothing of JSX.
        let care = try read(runner, "locales/templates/care.pot")
        #expect(care.contains("msgctxt \"danger title\"\nmsgid \"Hot surface\""))
        #expect(care.contains("msgid \"Never use water on the switch.\""))
        #expect(!care.contains(":::"))
    }

    @Test func siteGeneratorPlainReadsMarkdownPagesAsCommonMarkButMDXPagesStillAsMDX() throws {
        let runner = try Self.siteCopy(Self.docusaurus, tolkYAML: "source: en\nlocales: [fr]\npaths: {content: docs}\nsite_generator: plain\n")
        defer { runner.remove() }
        #expect(try runner.run("sync").status == 0)
        let care = try read(runner, "locales/templates/care.pot")
        #expect(care.contains("msgid \"\"\n\":::danger[Hot surface] The bulb stays hot for a while after you switch it \"\n\"off. :::\""), "\(care)")
        let install = try read(runner, "locales/templates/install.pot")
        #expect(install.contains("msgctxt \"TabItem label\""))
    }

    @Test func anUnknownMDXSettingIsRefusedAtItsPosition() throws {
        let runner = try Self.siteCopy(Self.docusaurus, tolkYAML: "source: en\npaths: {content: docs}\nmdx:\n  attributes: [title]\n")
        defer { runner.remove() }
        let result = try runner.run("sync")
        #expect(result.status != 0)
        #expect(result.stderr.contains("tolk.yaml:4: error: unknown setting 'mdx.attributes'; expected translatable_attributes"), "\(result.stderr)")
    }

    @Test func translatableAttributesAreConfigurable() throws {
        let runner = try Self.siteCopy(Self.docusaurus, tolkYAML: "source: en\nlocales: [fr]\npaths: {content: docs}\nmdx:\n  translatable_attributes: [caption, value]\n")
        defer { runner.remove() }
        #expect(try runner.run("sync").status == 0)
        let install = try read(runner, "locales/templates/install.pot")
        #expect(install.contains("msgctxt \"Image caption\""))
        #expect(install.contains("msgctxt \"TabItem value\"\nmsgid \"linux\""))
        #expect(!install.contains("msgctxt \"TabItem label\""))
        #expect(!install.contains("msgctxt \"Image alt\""))
    }

    @Test(arguments: [docusaurus, starlight].map(\.name))
    func identityCatalogsReproduceEveryPageByteForByte(_ name: String) throws {
        let site = name == Self.docusaurus.name ? Self.docusaurus : Self.starlight
        let runner = try Self.siteCopy(site)
        defer { runner.remove() }
        #expect(try runner.run("sync").status == 0)
        for page in site.pages {
            let catalog = "locales/fr/" + page.path.replacingOccurrences(of: ".mdx", with: ".po").replacingOccurrences(of: ".md", with: ".po")
            try runner.write(HugoShortcodeSiteTests.identity(try read(runner, catalog)), to: catalog)
        }
        #expect(try runner.run("build").status == 0)
        for page in site.pages {
            let source = try read(runner, site.content + "/" + page.path)
            let built = try read(runner, "public/fr/" + page.path)
            #expect(HugoShortcodeSiteTests.body(of: built) == HugoShortcodeSiteTests.body(of: source), "\(page.path)")
        }
    }

    @Test func xliffExportsAnInlineComponentAsAPairedCodeAndAnExpressionAsALockedOne() throws {
        let runner = try Self.siteCopy(Self.docusaurus)
        defer { runner.remove() }
        #expect(try runner.run("sync").status == 0)
        #expect(try runner.run("export", "fr", "-o", "fr.xlf").status == 0)
        let xliff = try read(runner, "fr.xlf")
        #expect(xliff.contains(#"<pc id="2" canCopy="no" canDelete="no" type="other" subType="tolk:shortcode" dispStart="&lt;Highlight color=&quot;#25c2a0&quot;&gt;" dispEnd="&lt;/Highlight&gt;""#), "\(xliff)")
        #expect(xliff.contains(#"<ph id="1" canCopy="no" canDelete="no" type="other" subType="tolk:shortcode" disp="{version}""#), "\(xliff)")
    }

    @Test func aTranslationThatDropsAnExpressionOrChangesATagIsRefusedByImportCheckAndBuild() throws {
        let runner = try Self.siteCopy(Self.docusaurus)
        defer { runner.remove() }
        #expect(try runner.run("sync").status == 0)
        var catalog = HugoShortcodeSiteTests.identity(try read(runner, "locales/fr/install.po"))
        let highlight = "msgstr \"\"\n\"This guide installs version {version} of the firmware. Parts marked \"\n\"<Highlight color=\\\"#25c2a0\\\">green</Highlight> ship in the box.\""
        let blinks = "msgstr \"\"\n\"Open the helper and press <kbd>Connect</kbd>. The light blinks {props.\"\n\"blinks ?? 3} times.\""
        #expect(catalog.contains(highlight) && catalog.contains(blinks), "\(catalog)")
        catalog = catalog.replacingOccurrences(of: highlight, with: "msgstr \"\"\n\"Ce guide installe la version {version}. Les pièces \"\n\"<Highlight color=\\\"red\\\">vertes</Highlight> sont livrées.\"")
        catalog = catalog.replacingOccurrences(of: blinks, with: "msgstr \"Ouvrez l'outil et pressez <kbd>Connecter</kbd>. La lampe clignote trois fois.\"")
        try runner.write(catalog, to: "fr.po")
        let imported = try runner.run("import", "fr.po")
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("error: the translation lacks MDX syntax <Highlight color=\"#25c2a0\"> of the source (keep every JSX tag and {expression} byte for byte"), "\(imported.stderr)")
        #expect(imported.stderr.contains("error: the translation lacks MDX syntax {props.blinks ?? 3} of the source"), "\(imported.stderr)")
        let kept = try read(runner, "locales/fr/install.po")
        #expect(!kept.contains("livrées") && !kept.contains("clignote"))

        try runner.write(catalog, to: "locales/fr/install.po")
        let checked = try runner.run("check")
        #expect(checked.status != 0)
        #expect(checked.stderr.contains("locales/fr/install.po:") && checked.stderr.contains("MDX syntax {props.blinks ?? 3}"), "\(checked.stderr)")
        _ = try runner.run("build")
        let built = try read(runner, "public/fr/install.mdx")
        #expect(!built.contains("livrées") && !built.contains("clignote"))
    }

    @Test func anMDXPageInAPlainSiteIsCheckedAsMDXAtImport() throws {
        let runner = try Self.siteCopy(Self.docusaurus, tolkYAML: "source: en\nlocales: [fr]\npaths: {content: docs}\nsite_generator: plain\n")
        defer { runner.remove() }
        #expect(try runner.run("sync").status == 0)
        var catalog = HugoShortcodeSiteTests.identity(try read(runner, "locales/fr/install.po"))
        catalog = catalog.replacingOccurrences(of: "msgstr \"If it does not blink, check the fuse ({\\\"5 A\\\"} or more).\"",
                                              with: "msgstr \"S'il ne clignote pas, vérifiez le fusible (5 A ou plus).\"")
        #expect(catalog.contains("vérifiez"))
        try runner.write(catalog, to: "fr.po")
        let imported = try runner.run("import", "fr.po")
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("error: the translation lacks MDX syntax {\"5 A\"} of the source"), "\(imported.stderr)")
    }

    @Test func theGeneratorIsDetectedFromItsConfigFile() throws {
        // Without the config file the .md page is plain CommonMark: its fences are part of the text.
        let runner = try Self.siteCopy(Self.starlight)
        defer { runner.remove() }
        try runner.write("Dust it.\n\n:::note\nKeep it dry.\n:::\n", to: "src/content/docs/care.md")
        #expect(try runner.run("sync").status == 0)
        #expect(!(try read(runner, "locales/templates/care.pot")).contains(":::"))
        try FileManager.default.removeItem(at: runner.root.appendingPathComponent("astro.config.mjs"))
        #expect(try runner.run("sync").status == 0)
        let plain = try read(runner, "locales/templates/care.pot")
        #expect(plain.contains("msgid \":::note Keep it dry. :::\""), "\(plain)")
    }
}
