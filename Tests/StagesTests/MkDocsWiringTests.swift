import Foundation
@testable import LocalizedTrees
import Testing
@testable import Workspace
import Yams

/// What tolk reads of `mkdocs.yml` (and the files it inherits), and the `mkdocs.tolk.yml` it writes from it.
@Suite struct MkDocsWiringTests {
    func site(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-mkdocs-settings-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    @Test func pluginsHooksNavAndSiteURLAreReadWithTheirTagsKept() throws {
        let root = try site(["mkdocs.yml": """
            site_name: Docs
            site_url: https://docs.example.org/recorder/
            theme: {name: material, direction: ltr}
            plugins:
              search: {}
              git-revision-date-localized:
                enabled: !ENV [CI, false]
              i18n:
                docs_structure: suffix
            hooks: [hooks/one.py]
            nav:
              - index.md
              - Guide:
                  - Setup: guide/setup.md
                  - https://example.org
              - About: about.md
            """])
        defer { try? FileManager.default.removeItem(at: root) }
        let (settings, diagnostics) = MkDocsSiteSettings.read(root: root)
        #expect(diagnostics.isEmpty)
        #expect(settings.found && settings.siteURL == "https://docs.example.org/recorder/")
        #expect(settings.navTitles.map(\.title) == ["Guide", "Setup", "About"])
        #expect(settings.navTitles.map(\.place.line) == [13, 14, 16])
        #expect(settings.hooks == ["hooks/one.py"] && settings.themeName == "material" && settings.themeDirection == "ltr")
        // A mapping of plugins becomes a list of one-key mappings; the site's own i18n is left for tolk's.
        #expect(settings.plugins == ["search: {}\n", "git-revision-date-localized:\n  enabled: !ENV\n  - CI\n  - false\n"])
        #expect(settings.i18nPlugin == .init(file: "mkdocs.yml", line: 8))
    }

    @Test func inheritedSettingsAreReadAndTheSitesOwnFileWins() throws {
        let root = try site([
            "config/base.yml": "site_url: https://base.example.org/\nplugins: [search, tags]\nnav:\n  - Home: index.md\n",
            "mkdocs.yml": "INHERIT: config/base.yml\nsite_url: https://docs.example.org/\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let (settings, diagnostics) = MkDocsSiteSettings.read(root: root)
        #expect(diagnostics.isEmpty)
        #expect(settings.siteURL == "https://docs.example.org/")
        #expect(settings.plugins == ["search\n", "tags\n"])
        #expect(settings.navTitles == [.init(title: "Home", place: .init(file: "config/base.yml", line: 4))])
    }

    @Test func anInheritOutsideTheProjectOrInACircleIsAnErrorAndNoConfigIsWritten() throws {
        let outside = try site(["mkdocs.yml": "INHERIT: ../../etc/base.yml\n"])
        defer { try? FileManager.default.removeItem(at: outside) }
        let (escaped, escapeDiagnostics) = MkDocsSiteSettings.read(root: outside)
        #expect(!escaped.found)
        #expect(escapeDiagnostics.map(\.description) == [
            "mkdocs.yml:1: error: INHERIT names ../../etc/base.yml, outside the project, which tolk does not read (keep the inherited config inside the project, or copy the settings tolk needs (plugins, hooks, nav, site_url) into mkdocs.yml)"])

        let circle = try site(["mkdocs.yml": "INHERIT: a.yml\n", "a.yml": "INHERIT: mkdocs.yml\n"])
        defer { try? FileManager.default.removeItem(at: circle) }
        let (circular, circleDiagnostics) = MkDocsSiteSettings.read(root: circle)
        #expect(!circular.found)
        #expect(circleDiagnostics.first?.message.contains("INHERIT goes more than 8 files deep (or in a circle)") == true)
        let wiring = MkDocsWiring(settings: circular, layout: .folders, outputPath: "public", pseudoLocales: [])
        #expect(wiring.files(for: WiringInput(locales: [], siteFile: "docs/site.yaml", navigationFile: "docs/navigation.yaml")).files.isEmpty)
    }

    @Test func brokenYAMLIsAnErrorAtItsLine() throws {
        let root = try site(["mkdocs.yml": "site_name: Docs\nnav:\n  - Home: index.md\n   - bad\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let (settings, diagnostics) = MkDocsSiteSettings.read(root: root)
        #expect(!settings.found)
        #expect(diagnostics.count == 1 && diagnostics[0].severity == .error && diagnostics[0].line == 4, "\(diagnostics)")
    }

    /// Titles that YAML 1.1 (PyYAML, which MkDocs uses) would read as booleans, numbers or null stay strings.
    @Test func everyStringIsQuotedSoThatPyYAMLReadsItAsWritten() throws {
        var settings = MkDocsSiteSettings()
        settings.found = true
        settings.themeDirection = "ltr"
        let wiring = MkDocsWiring(settings: settings, layout: .folders, outputPath: "out/site files", pseudoLocales: ["en-XA", "qps-ploc"])
        func locale(_ code: String, _ pairs: [(String, String)]) -> WiringInput.Locale {
            WiringInput.Locale(locale: code, isSource: code == "en", tree: "out/\(code)", site: nil, navigation: nil,
                               navigationMessages: pairs, localizedURL: { $0 })
        }
        let input = WiringInput(locales: [locale("en", [("No", "No"), ("1.0", "1.0")]),
                                          locale("he", [("No", "on"), ("1.0", "null"), ("Say \"hi\"\n", "#: x")])],
                                siteFile: "docs/site.yaml", navigationFile: "docs/navigation.yaml")
        let (files, diagnostics) = wiring.files(for: input)
        #expect(diagnostics.isEmpty)
        let text = String(decoding: try #require(files.first).bytes, as: UTF8.self)
        #expect(text.contains("exclude_docs: \"/en-XA/\\n/qps-ploc/\\n\"") && text.contains("docs_dir: \"out/site files\""))
        #expect(text.contains("      theme:\n        direction: \"rtl\"\n"), "Hebrew is right to left: \(text)")
        let node = try #require(try Yams.compose(yaml: text))
        let i18n = try #require(node["plugins"]?.sequence?.last?.mapping?.first?.value)
        let hebrew = try #require(i18n.mapping?.first { $0.key.string == "languages" }?.value.sequence?.last)
        let translations = try #require(hebrew.mapping?.first { $0.key.string == "nav_translations" }?.value.mapping)
        let pairs = translations.map { [$0.key.string, $0.value.string] }
        #expect(pairs == [["No", "on"], ["1.0", "null"], ["Say \"hi\"\n", "#: x"]])
        #expect(text.contains("\"No\": \"on\"") && text.contains("\"1.0\": \"null\""))
        #expect(files.map(\.path) == ["mkdocs.tolk.yml", "mkdocs_tolk_hooks.py"])
    }

    @Test func theHookReadsTheAlternatesFieldTolkWritesAndSaysWhenThereIsNone() throws {
        var settings = MkDocsSiteSettings()
        settings.found = true
        let input = WiringInput(locales: [], siteFile: "docs/site.yaml", navigationFile: "docs/navigation.yaml")
        let renamed = MkDocsWiring(settings: settings, layout: .folders, outputPath: "public", pseudoLocales: [], alternatesField: "hreflang")
        let (files, diagnostics) = renamed.files(for: input)
        #expect(diagnostics.isEmpty)
        let hook = String(decoding: try #require(files.last).bytes, as: UTF8.self)
        #expect(hook.hasPrefix("# Written by tolk build") && hook.contains("alternates = page.meta.get(\"hreflang\")\n"))

        let none = MkDocsWiring(settings: settings, layout: .folders, outputPath: "public", pseudoLocales: [], alternatesField: "")
        #expect(none.files(for: input).diagnostics.map(\.description) == [
            "tolk.yaml: warning: build.fields.alternates is empty, so the pages carry no alternates and mkdocs_tolk_hooks.py writes no hreflang links (remove build.fields.alternates from tolk.yaml, or name the field)"])
    }
}
