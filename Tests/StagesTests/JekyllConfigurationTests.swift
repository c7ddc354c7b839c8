@testable import Extractor
import Foundation
import Testing
@testable import Workspace

/// Issue 17, Jekyll: detection from `_config.yml`, `site_generator: jekyll` and `jekyll.include_parameters`.
@Suite struct JekyllConfigurationTests {
    func folder(_ files: [String: String]) -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-jekyll-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (name, text) in files { try? text.write(to: root.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return root
    }

    @Test(arguments: ["_config.yml", "_config.yaml", "_config.toml"])
    func jekyllsConfigFileMakesAJekyllSite(name: String) {
        let root = folder([name: "title: Blog\nbaseurl: /blog\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(SiteGenerator.detected(root: root) == .jekyll)
    }

    @Test func hugosFilesWinOverJekyllsConfig() {
        let withHugoFile = folder(["_config.yml": "title: Blog\n", "hugo.toml": "title = 'Blog'\n"])
        let withHugoKeys = folder(["_config.yml": "title: Blog\n", "config.toml": "baseURL = 'https://example.org/'\n"])
        defer { for root in [withHugoFile, withHugoKeys] { try? FileManager.default.removeItem(at: root) } }
        #expect(SiteGenerator.detected(root: withHugoFile) == .hugo)
        #expect(SiteGenerator.detected(root: withHugoKeys) == .hugo)
    }

    @Test func siteGeneratorJekyllAndItsIncludeParametersAreRead() throws {
        let config = try Configuration.parse("source: en\nsite_generator: jekyll\njekyll:\n  include_parameters: [content, caption]\n", file: "tolk.yaml")
        #expect(config.siteGenerator == .jekyll)
        #expect(config.jekyllIncludeParameters == ["content", "caption"])
        #expect((config.markdownDialect as? JekyllDialect)?.includeParameters == ["content", "caption"])
        #expect(try Configuration.parse("source: en\n", file: "tolk.yaml").jekyllIncludeParameters.isEmpty, "no include parameter is text by default")
    }

    @Test func anUnknownJekyllSettingIsAnErrorAtItsLine() {
        do {
            _ = try Configuration.parse("source: en\njekyll:\n  includes: [content]\n", file: "tolk.yaml")
            Issue.record("accepted an unknown setting")
        } catch {
            #expect(error.description.hasPrefix("tolk.yaml:3:"), "\(error.description)")
            #expect(error.description.contains("unknown setting 'jekyll.includes'; expected include_parameters"), "\(error.description)")
        }
    }
}
