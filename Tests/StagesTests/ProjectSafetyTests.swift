@testable import Exchange
import Foundation
import Testing
@testable import Workspace

/// The pieces that keep a project safe from bad settings, killed commands and full disks (issue 16).
@Suite struct ProjectSafetyTests {
    @Test(arguments: [
        ("paths:\n  output: locales\n", "tolk.yaml:2: error: paths.output (locales) overlaps paths.catalogs (locales)"),
        ("paths:\n  output: .\n", "tolk.yaml:2: error: paths.output (.) is the project folder itself"),
        ("paths:\n  output: content/en\n", "tolk.yaml:2: error: paths.output (content/en) overlaps paths.content (content)"),
        ("paths:\n  content: site\n  output: site/public\n", "tolk.yaml:3: error: paths.output (site/public) overlaps paths.content (site)"),
        ("paths:\n  output: .tolk/out\n", "tolk.yaml:2: error: paths.output (.tolk/out) overlaps tolk's state folder (.tolk)"),
        ("paths:\n  preview: public/preview\n", "tolk.yaml:2: error: paths.preview (public/preview) overlaps paths.output (public)"),
        ("paths:\n  preview: ./\n", "tolk.yaml:2: error: paths.preview (./) is the project folder itself"),
    ])
    func foldersTolkReplacesWholeMustBeTheirOwn(text: String, expected: String) {
        do {
            _ = try Configuration.parse(text, file: "tolk.yaml")
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }

    @Test func separateFoldersAreFine() throws {
        let config = try Configuration.parse("paths:\n  content: src/content\n  output: dist/site\n  preview: dist/preview\n  catalogs: i18n\n", file: "tolk.yaml")
        #expect(config.outputPath == "dist/site")
    }

    @Test(arguments: [
        ([UInt8]("source: en\nlocales: [ru]\n".utf8) + [0xC3, 0x28], "tolk.yaml:3: error: not valid UTF-8 (column 1)"),
        ([UInt8]("locales: [ru, de]\nsource: en\nlocales: [ja]\n".utf8), "tolk.yaml:3: error: 'locales' is set twice in one mapping (first on line 1)"),
        ([UInt8]("paths:\n  content: a\n  content: b\n".utf8), "tolk.yaml:3: error: 'content' is set twice in one mapping (first on line 2)"),
        ([UInt8]("locales: [ru, xx]\n".utf8), "tolk.yaml:1:15: error: 'xx': ICU has no CLDR data for the language 'xx'"),
    ])
    func badBytesAndRepeatedKeysAreReportedAtTheirLine(bytes: [UInt8], expected: String) {
        do {
            _ = try Configuration.parse(bytes, file: "tolk.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }

    @Test func localeCodesNeedALanguageICUKnows() {
        #expect(LocaleCode.problem("ru") == nil)
        #expect(LocaleCode.problem("pt-BR") == nil)
        #expect(LocaleCode.problem("en-XA") == nil, "pseudo-locales keep a real language")
        #expect(LocaleCode.problem("xx-YY")?.message == "'xx-YY': ICU has no CLDR data for the language 'xx' (plural rules, collation)")
        #expect(LocaleCode.problem("ru!")?.message == "'ru!' is not a locale code")
    }

    @Test func stagedWritesChangeNothingUntilCommittedAndNothingWhenDiscarded() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-staged-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.po"), b = folder.appendingPathComponent("sub/b.po")
        try FileTree.writeAtomically(Array("old a".utf8), to: a)
        let staged = StagedWrites()
        try staged.stage(Array("new a".utf8), to: a)
        try staged.stage(Array("new b".utf8), to: b)
        #expect(try FileTree.read(a) == Array("old a".utf8))
        #expect(try FileTree.readIfPresent(b) == nil)
        try staged.commit()
        #expect(try FileTree.read(a) == Array("new a".utf8))
        #expect(try FileTree.read(b) == Array("new b".utf8))

        let discarded = StagedWrites()
        try discarded.stage(Array("newer a".utf8), to: a)
        discarded.discard()
        #expect(try FileTree.read(a) == Array("new a".utf8))
        #expect(try FileTree.files(under: folder) == ["a.po", "sub/b.po"])
        let hidden = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(hidden.isEmpty, "no temporary file left: \(hidden)")
    }

    @Test func temporaryFilesAreRecognisedByTheirName() {
        #expect(StrayFiles.temporaryFileOwner(".site.po.tolk-1234-99") == 1234)
        #expect(StrayFiles.temporaryFileOwner(".a.b.po.tolk-7-0") == 7)
        #expect(StrayFiles.temporaryFileOwner("site.po.tolk-1234-99") == nil, "tolk's temporaries are hidden")
        #expect(StrayFiles.temporaryFileOwner(".site.po.tolk-12a-99") == nil)
        #expect(StrayFiles.temporaryFileOwner(".public.tolk-staging-12") == nil)
    }

    @Test func exchangeFilesInOtherEncodingsAreNamed() {
        #expect(Exchange.encodingProblem([0xFF, 0xFE, 0x3C, 0x00]) == "the file is UTF-16, not UTF-8")
        #expect(Exchange.encodingProblem([0x3C, 0x00, 0x3F, 0x00]) == "the file is UTF-16 without a byte order mark, not UTF-8")
        #expect(Exchange.encodingProblem([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x3C]) == "the file starts with two UTF-8 byte order marks")
        #expect(Exchange.encodingProblem(Array("<?xml version=\"1.0\"?>".utf8)) == nil)
        #expect(Exchange.encodingProblem([0xEF, 0xBB, 0xBF] + Array("msgid \"\"".utf8)) == nil)
    }
}
