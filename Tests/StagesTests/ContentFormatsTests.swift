import Foundation
import Testing
@testable import Workspace

/// The registry of content formats: which format claims which file, and what each tells the stages.
@Suite struct ContentFormatsTests {
    @Test func eachFileIsClaimedByOneFormatOrCopied() throws {
        var configuration = Configuration()
        configuration.navigationFile = "menus/main.yaml"
        configuration.siteFile = "i18n/strings.yaml"
        func name(_ path: String) -> String? { ContentFormats.format(for: path, configuration: configuration)?.name }
        #expect(name("posts/hello.md") == "Markdown page")
        #expect(name("docs/Guide.MARKDOWN") == "Markdown page")
        #expect(name("menus/main.yaml") == "navigation file")
        #expect(name("i18n/strings.yaml") == "site strings file")
        #expect(name("navigation.yaml") == nil, "only the configured navigation file is one")
        #expect(name("images/cat.png") == nil)
        #expect(name("posts/hello.md.bak") == nil)
    }

    @Test func eachFormatSaysWhatTheStagesNeed() {
        let page = MarkdownPage(), navigation = NavigationFile(), strings = SiteStringsFile()
        #expect((page.role, navigation.role, strings.role) == (.page, .navigation, .siteStrings))
        #expect(!page.isMessageFormat && !navigation.isMessageFormat && strings.isMessageFormat)
        #expect(page.inlineCodes?("Run `tolk sync` [now](/docs/)").count == 2, "a code span and a link")
        #expect(navigation.inlineCodes == nil, "labels are plain text")
        #expect(strings.inlineCodes?("{count} posts").count == 1, "an ICU argument")
    }

    @Test func theSampleSiteIsReadByTheRegistry() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let files = try Project(root: root).sourceFiles()
        #expect(files.translatable.filter { $0.role == .page }.count == 12)
        #expect(files.translatable.filter { $0.role == .navigation }.map(\.path) == ["navigation.yaml"])
        #expect(files.translatable.filter { $0.role == .siteStrings }.map(\.path) == ["site.yaml"])
    }
}
