import Foundation
import Testing
@testable import Workspace

@Suite struct ConfigurationTests {
    @Test func defaultsWhenEmpty() throws {
        let config = try Configuration.parse("", file: "tolk.yaml")
        #expect(config.sourceLocale == "en")
        #expect(config.targetLocales == nil)
        #expect(config.contentPath == "content")
    }

    @Test func readsTheSampleSettings() throws {
        let config = try Configuration.parse("""
        source: ru
        locales: [en, pt-BR]
        fallbacks:
          pt-BR: [pt]
        paths: {content: site/content, output: dist}
        front_matter:
          translate: [title, hero.title]
        catalogs:
          references: file
        """, file: "tolk.yaml")
        #expect(config.sourceLocale == "ru")
        #expect(config.targetLocales == ["en", "pt-BR"])
        #expect(config.fallbacks["pt-BR"] == ["pt"])
        #expect(config.contentPath == "site/content")
        #expect(config.outputPath == "dist")
        #expect(config.frontMatterKeys.map(\.description) == ["title", "hero.title"])
        #expect(config.referenceStyle == "file")
    }

    @Test(arguments: [
        ("locales: [ru]\nsource: [en, de]\n", "tolk.yaml:2: error: 'source' must be a single value"),
        ("paths:\n  output: ../outside\n", "tolk.yaml:2: error: 'paths.output' must be a path inside the project (relative, without ..)"),
        ("locales: [russian!]\n", "tolk.yaml:1:11: error: 'russian!' is not a locale code (use BCP 47 codes such as ru, pt-BR, zh-Hant)"),
        ("catalogs:\n  references: sometimes\n", "tolk.yaml:2: error: catalogs.references must be full, file or never"),
        ("source: en\n  bad: indentation\n", "tolk.yaml:2: error: YAML syntax"),
        ("source: en\nproject: \"two\\nlines\"\n", "tolk.yaml:2: error: 'project' must be a name on one line, without quotes, at most 100 characters, e.g. field-notes"),
    ])
    func badSettingsNameTheFileAndLine(text: String, expected: String) {
        do {
            _ = try Configuration.parse(text, file: "tolk.yaml")
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }
}

/// `site_generator:` and `hugo.shortcodes` (issue 17).
@Suite struct SiteGeneratorConfigurationTests {
    @Test func hugoShortcodesTakeInnerNoneOrAList() throws {
        let config = try Configuration.parse("source: en\nsite_generator: hugo\nhugo:\n  shortcodes:\n    notice: none\n    mybox: inner\n    figure: [caption, inner]\n", file: "tolk.yaml")
        #expect(config.siteGenerator == .hugo)
        #expect(config.hugoShortcodes["notice"] == .init(inner: false))
        #expect(config.hugoShortcodes["mybox"] == .init(inner: true))
        #expect(config.hugoShortcodes["figure"] == .init(inner: true, parameters: ["caption"]))
        #expect(config.hugoShortcodes["details"] != nil, "defaults stay for shortcodes not named")
    }

    @Test func aBadShortcodeSettingIsAnErrorAtItsLineAndColumn() {
        #expect(throws: ConfigurationError.self) { try Configuration.parse("source: en\nhugo:\n  shortcodes:\n    notice: yes please\n", file: "tolk.yaml") }
        do {
            _ = try Configuration.parse("source: en\nhugo:\n  shortcodes:\n    notice: yes please\n", file: "tolk.yaml")
        } catch {
            #expect(error.description.hasPrefix("tolk.yaml:4:13: error: 'hugo.shortcodes.notice' must be inner, none"))
        }
    }

    @Test func plainIsTheDefaultWithoutHugoFiles() {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-gen-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(SiteGenerator.detected(root: root) == .plain)
        try? "baseurl: /blog\n".write(to: root.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        #expect(SiteGenerator.detected(root: root) == .plain, "Jekyll's baseurl is not Hugo's baseURL")
        try? "baseURL = 'https://example.org/'\n".write(to: root.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        #expect(SiteGenerator.detected(root: root) == .hugo)
    }
}

/// `machine_translation:` in tolk.yaml: engines by name, secrets only by the name of a variable.
@Suite struct MachineTranslationSettingsTests {
    @Test func readsEnginesAndLimits() throws {
        let configuration = try Configuration.parse("""
            source: en
            machine_translation:
              engine: apertium
              requests_in_flight: 2
              timeout_seconds: 5
              retries: 1
              engines:
                apertium: {url: "http://127.0.0.1:2737", languages: {pt-BR: por_BR}}
                deepl: {url: "https://api-free.deepl.com", api_key_env: DEEPL_API_KEY}
                llm: {type: command, command: [python3, tools/mt.py], placeholders: tokens}
                local: {type: openai, url: "http://127.0.0.1:11434/v1", model: llama3}
            """, file: "tolk.yaml")
        let settings = configuration.machineTranslation
        #expect(settings.defaultEngine == "apertium")
        #expect(settings.requestsInFlight == 2 && settings.timeoutSeconds == 5 && settings.retries == 1)
        #expect(settings.engines["apertium"]?.kind == .apertium)
        #expect(settings.engines["apertium"]?.languages == ["pt-BR": "por_BR"])
        #expect(settings.engines["deepl"]?.apiKeyEnvironment == "DEEPL_API_KEY")
        #expect(settings.engines["llm"]?.command == ["python3", "tools/mt.py"])
        #expect(settings.engines["llm"]?.placeholders == .tokens)
        #expect(settings.engines["local"]?.model == "llama3")
    }

    @Test(arguments: [
        ("    deepl: {url: \"https://x\", api_key: 0123-secret}\n", 5, "a secret is never written in tolk.yaml"),
        ("    deepl: {url: \"https://x\", api_key_env: 0123-4567-abcd:fx}\n", 5, "must be the NAME of an environment variable"),
        ("    mine: {url: \"http://x\"}\n", 5, "needs type:"),
        ("    apertium: {}\n", 5, "needs url:"),
        ("    llm: {type: command}\n", 5, "needs command:"),
        ("    apertium: {url: \"http://x\", colour: red}\n", 5, "unknown setting 'machine_translation.engines.apertium.colour'"),
    ])
    func badEngineSettingsAreErrorsAtTheirLine(engine: String, line: Int, message: String) {
        let yaml = "source: en\nmachine_translation:\n  retries: 1\n  engines:\n" + engine
        do {
            _ = try Configuration.parse(yaml, file: "tolk.yaml")
            Issue.record("accepted: \(engine)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func theDefaultEngineMustBeDefined() {
        #expect(throws: ConfigurationError.self) {
            try Configuration.parse("source: en\nmachine_translation:\n  engine: deepl\n  engines:\n    apertium: {url: \"http://x\"}\n", file: "tolk.yaml")
        }
    }
}
