import Foundation
import Testing

/// Issue 17, Hugo: the fixture site `Fixtures/hugo-site` (a `hugo.toml`, one page with every kind of
/// shortcode call) run through the real CLI. Goldens in `Fixtures/hugo-site.golden`.
@Suite struct HugoShortcodeSiteTests {
    static let fixture = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/hugo-site")
    static let golden = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/hugo-site.golden")

    static func siteCopy(tolkYAML: String? = nil) throws -> TolkRunner {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-hugo-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixture, to: root)
        let site = TolkRunner(root: root)
        if let tolkYAML { try site.write(tolkYAML, to: "tolk.yaml") }
        return site
    }

    func read(_ site: TolkRunner, _ path: String) throws -> String {
        try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func theUnitsAreWhatTheGoldenTemplateShows() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        let template = try read(site, "locales/templates/docs/install.pot")
        #expect(template == (try String(contentsOf: Self.golden.appendingPathComponent("install.pot"), encoding: .utf8)))
        // Goldmark's attributes, a link to a shortcode, a definition list (one message per term and definition).
        #expect(try read(site, "locales/templates/docs/faq.pot") == (try String(contentsOf: Self.golden.appendingPathComponent("faq.pot"), encoding: .utf8)))
        #expect(try read(site, "locales/templates/docs/care.pot") == (try String(contentsOf: Self.golden.appendingPathComponent("care.pot"), encoding: .utf8)))
        // A block of calls only is no message; the figure's caption is one, with its context.
        #expect(!template.contains("youtube"))
        #expect(!template.contains("notice warning"))
        #expect(!template.contains("fmt.Println"))
        #expect(template.contains("msgctxt \"figure caption\"\nmsgid \"The lamp, as it \\\"glows\\\" at dusk\""))
    }

    @Test func thePseudoLocaleKeepsEveryShortcodeByteForByte() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        #expect(try site.run("build").status == 0)
        let pseudo = try read(site, "public/en-XA/docs/install.md")
        #expect(pseudo == (try String(contentsOf: Self.golden.appendingPathComponent("install.en-XA.md"), encoding: .utf8)))
        #expect(try read(site, "public/en-XA/docs/faq.md") == (try String(contentsOf: Self.golden.appendingPathComponent("faq.en-XA.md"), encoding: .utf8)))
        #expect(try read(site, "public/en-XA/docs/care.md") == (try String(contentsOf: Self.golden.appendingPathComponent("care.en-XA.md"), encoding: .utf8)))
        let source = try read(site, "content/docs/install.md")
        // Every call of the source is in the pseudo page, except the translated parameter values.
        for call in ["{{< ref \"docs/care.md\" >}}", "{{< youtube w7Ft2ymGmfc >}}", "{{< notice warning >}}", "{{< /notice >}}",
                     "{{% /details %}}", "{{< highlight go >}}", "{{< tab \"Linux\" >}}", "{{</* notice */>}}", "`{{</* notice */>}}`"] {
            #expect(source.contains(call) && pseudo.contains(call), "\(call)")
        }
        #expect(pseudo.contains("caption=\"⟦Ţĥéé ĺáɱƥáá, ášá íţí \\\"ĝĺóŵšóó\\\" áţá ďúšķúú⟧\""))
        #expect(!pseudo.contains("ñóţíçé"))
    }

    @Test func xliffExportsACallInProseAsAnInlineCode() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        #expect(try site.run("export", "fr", "-o", "fr.xlf").status == 0)
        let xliff = try read(site, "fr.xlf")
        #expect(xliff.contains(#"<source>Read <ph id="1" canCopy="no" canDelete="no" type="other" subType="tolk:shortcode" disp="{{&lt; ref &quot;docs/care.md&quot; &gt;}}""#), "\(xliff)")
    }

    @Test func siteGeneratorPlainOverridesTheDetection() throws {
        let site = try Self.siteCopy(tolkYAML: "source: en\nlocales: [fr]\nsite_generator: plain\n")
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        let template = try read(site, "locales/templates/docs/install.pot")
        // Read as plain CommonMark, as before issue 17: the notice is one message with its calls.
        #expect(template.contains("msgid \"\"\n\"{{< notice warning >}} Never look straight into the beam. {{< /notice >}}\""))
    }

    @Test func anUnknownSiteGeneratorIsRefusedAtItsPosition() throws {
        let site = try Self.siteCopy(tolkYAML: "source: en\nsite_generator: jekyl\n")
        defer { site.remove() }
        let result = try site.run("sync")
        #expect(result.status != 0)
        #expect(result.stderr.contains("tolk.yaml:2:17: error: unknown site_generator 'jekyl'"), "\(result.stderr)")
    }

    @Test func identityCatalogsReproduceThePageByteForByte() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        for page in ["install", "care", "faq"] {
            let catalog = try read(site, "locales/fr/docs/\(page).po")
            try site.write(Self.identity(catalog), to: "locales/fr/docs/\(page).po")
        }
        #expect(try site.run("build").status == 0)
        for page in ["install", "care"] {
            let source = try read(site, "content/docs/\(page).md")
            let built = try read(site, "public/fr/docs/\(page).md")
            #expect(Self.body(of: built) == Self.body(of: source), "\(page)")
        }
        // JSON front matter: every source line kept, the build's members added after a comma.
        let source = try read(site, "content/docs/faq.md").components(separatedBy: "\n}\n")
        let built = try read(site, "public/fr/docs/faq.md").components(separatedBy: "\n}\n")
        #expect(source.count == 2 && built.count == 2)
        #expect(built.last == source.last)
        #expect(built.first?.hasPrefix((source.first ?? "") + ",\n  \"lang\": \"fr\",\n  \"dir\": \"ltr\",") == true, "\(built)")
    }

    @Test func aTranslationThatChangesAShortcodeIsRefusedByImportCheckAndBuild() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        var catalog = Self.identity(try read(site, "locales/fr/docs/install.po"))
        catalog = catalog.replacingOccurrences(of: "msgstr \"\"\n\"Read {{< ref \\\"docs/care.md\\\" >}}", with: "msgstr \"\"\n\"Lisez {{< réf \\\"docs/care.md\\\" >}}")
        #expect(catalog.contains("réf"))
        try site.write(catalog, to: "fr.po")
        let imported = try site.run("import", "fr.po")
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("error: the translation lacks shortcode {{< ref \"docs/care.md\" >}} of the source"), "\(imported.stderr)")

        try site.write(catalog, to: "locales/fr/docs/install.po")
        let checked = try site.run("check")
        #expect(checked.status != 0)
        #expect(checked.stderr.contains("locales/fr/docs/install.po:") && checked.stderr.contains("shortcode {{< ref \"docs/care.md\" >}}"), "\(checked.stderr)")
        _ = try site.run("build")
        #expect(!(try read(site, "public/fr/docs/install.md")).contains("réf"))
    }

    /// Every msgstr set to its msgid (the PO's own lines, so escapes stay as they are).
    static func identity(_ catalog: String) -> String {
        var lines = catalog.components(separatedBy: "\n")
        var index = 0
        var header = true
        while index < lines.count {
            if lines[index].hasPrefix("msgid ") {
                var id = [String(lines[index].dropFirst(6))]
                var next = index + 1
                while next < lines.count, lines[next].hasPrefix("\"") { id.append(lines[next]); next += 1 }
                if next < lines.count, lines[next] == "msgstr \"\"", !header {
                    lines.replaceSubrange(next...next, with: ["msgstr " + id[0]] + id.dropFirst())
                }
                header = false
                index = next + 1
                continue
            }
            index += 1
        }
        return lines.joined(separator: "\n").replacingOccurrences(of: "#, fuzzy\nmsgctxt", with: "msgctxt")
    }

    static func body(of page: String) -> Substring {
        guard let close = page.range(of: "\n---\n", options: [], range: page.index(after: page.startIndex)..<page.endIndex) else { return page[...] }
        return page[close.upperBound...]
    }

    /// Status counts the words a translator translates: a shortcode call or an attribute list is none.
    @Test func statusCountsNoWordsInsideShortcodesAndAttributeLists() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        try site.write("Read {{< ref \"docs/care.md\" >}} now.\n\n## Wick {#wick .step}\n", to: "content/docs/short.md")
        #expect(try site.run("sync").status == 0)
        func words() throws -> Int? {
            let status = try site.run("status", "--format", "json")
            let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
            let files = ((json?["locales"] as? [[String: Any]])?.first?["files"] as? [[String: Any]]) ?? []
            let file = files.first { ($0["source"] as? String) == "content/docs/short.md" }
            return (file?["words"] as? [String: Any])?["total"] as? Int
        }
        #expect(try words() == 3)   // Read, now, Wick
        // Read as plain CommonMark (and counted again: the cache knows the generator), the calls are words.
        try site.write("source: en\nlocales: [fr]\nsite_generator: plain\n", to: "tolk.yaml")
        #expect(try site.run("sync").status == 0)
        #expect(try words() ?? 0 > 3)
    }

    /// Import judges a translation by the dialect of the catalog it lands in, as check and build do: a
    /// navigation label is no Hugo page, so `{{< … >}}` written in it is text, not a shortcode to keep.
    @Test func importJudgesShortcodesOnlyInPages() throws {
        let site = try Self.siteCopy()
        defer { site.remove() }
        try site.write("menu:\n  - label: \"Write {{< notice >}} blocks\"\n    url: /docs/\n", to: "content/navigation.yaml")
        #expect(try site.run("sync").status == 0)
        let catalog = try read(site, "locales/fr/navigation.po")
        let entry = "msgid \"Write {{< notice >}} blocks\"\nmsgstr \"\""
        #expect(catalog.contains(entry))
        let translated = catalog.replacingOccurrences(of: entry, with: "msgid \"Write {{< notice >}} blocks\"\nmsgstr \"Écrire des blocs notice\"")
        try site.write(translated, to: "fr.po")
        let imported = try site.run("import", "fr.po")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try read(site, "locales/fr/navigation.po").contains("msgstr \"Écrire des blocs notice\""))
        #expect(try site.run("check").status == 0)
    }
}
