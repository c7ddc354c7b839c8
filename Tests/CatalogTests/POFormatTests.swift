import Foundation
import Testing
import TestSupport
@testable import Catalog

func fixture(_ name: String, file: String = #filePath) throws -> [UInt8] {
    let url = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
    return Array(try Data(contentsOf: url))
}

@Suite struct POReaderTests {
    @Test func readsEverythingGettextWrites() throws {
        let result = POReader(path: "written-by-gettext.po").read(try fixture("written-by-gettext.po"))
        #expect(result.diagnostics.isEmpty)
        let catalog = result.catalog
        #expect(catalog.header("Language") == "ru")
        #expect(catalog.headerComments == ["Russian translations for the sample.", "Copyright (C) 2026 The Field Notes team"])
        #expect(catalog.entries.count == 4)
        let fuzzy = catalog.entries[1]
        #expect(fuzzy.status == .needsReview)
        #expect(fuzzy.translatorComments == ["Translator's own note."])
        #expect(fuzzy.previousID == "English has two forms, and that makes it look easy.")
        #expect(fuzzy.references.count == 4)
        #expect(fuzzy.id.contains("\"zero\" form\tand tabs.\nA second line"))
        let plural = catalog.entries[2]
        #expect(plural.context == "strings.reading_time")
        #expect(plural.translations == ["# минута чтения", "# минуты чтения", "# минут чтения"])
        #expect(catalog.entries[3].status == .obsolete)
    }

    @Test func writesBackByteForByte() throws {
        let bytes = try fixture("written-by-gettext.po")
        let catalog = POReader(path: "x.po").read(bytes).catalog
        #expect(POWriter().write(catalog) == String(decoding: bytes, as: UTF8.self))
    }

    @Test func crlfAndBOMAreAccepted() throws {
        let text = "\u{FEFF}msgid \"\"\r\nmsgstr \"Language: de\\n\"\r\n\r\nmsgid \"a\"\r\nmsgstr \"b\"\r\n"
        let result = POReader(path: "crlf.po").read(Array(text.utf8))
        #expect(result.diagnostics.isEmpty)
        #expect(result.catalog.entries.map(\.translations) == [["b"]])
        #expect(result.catalog.header("Language") == "de")
    }

    @Test func brokenEntriesAreReportedAndTheRestIsRead() throws {
        let result = POReader(path: "broken-entries.po").read(try fixture("broken-entries.po"))
        #expect(result.diagnostics.map(\.description) == [
            "broken-entries.po:4:7: error: unterminated string: the closing quote is missing",
            "broken-entries.po:10:12: error: invalid escape sequence '\\q' (write a backslash as \\\\)",
            "broken-entries.po:13:1: error: msgstr without a msgid before it (every entry starts with msgid \"…\")",
        ])
        #expect(result.catalog.entries.map(\.id) == ["ok", "after"])
    }

    @Test func invalidUTF8IsRejectedWithItsOffset() {
        let result = POReader(path: "latin1.po").read(Array("msgid \"caf".utf8) + [0xE9] + Array("\"\nmsgstr \"\"\n".utf8))
        #expect(result.diagnostics.first?.message == "not valid UTF-8 at byte 10")
    }
}

@Suite struct POWriterTests {
    /// gettext's own tools must leave what tolk writes unchanged.
    @Test func msgcatLeavesOurOutputUnchanged() throws {
        _ = try ExternalTool.path("msgcat")
        var catalog = Catalog(headerFields: [("Language", "de"), ("Content-Type", "text/plain; charset=UTF-8")])
        var long = CatalogEntry(id: "A paragraph that is long enough to need wrapping because it runs well past the seventy-nine column limit that gettext uses.")
        long.translations = ["Ein Absatz, der lang genug ist, um umbrochen zu werden, weil er deutlich über die Grenze hinausgeht."]
        long.references = (1...12).map { "content/posts/some-post-\($0).md:\($0 * 10)" }
        long.extractedComments = ["paragraph"]
        var fuzzy = CatalogEntry(context: "title", id: "Short \"quoted\" title\twith tab")
        fuzzy.translations = ["Kurzer Titel"]
        fuzzy.isFuzzy = true
        fuzzy.previousID = "Short title"
        let multiline = CatalogEntry(id: "Line one\nLine two\n", translations: [""])
        let plural = CatalogEntry(id: "# post", idPlural: "# posts", translations: ["# Beitrag", "# Beiträge"])
        catalog.entries = [long, fuzzy, multiline, plural]
        let text = POWriter().write(catalog)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-msgcat-\(UUID().uuidString).po")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let msgcat = try ProcessRunner.run(try ExternalTool.path("msgcat"), [url.path])
        #expect(msgcat.status == 0, "\(msgcat.stderrText)")
        #expect(msgcat.stdoutText == text)
    }

    @Test func fileOnlyReferencesDropLineNumbers() {
        var entry = CatalogEntry(id: "x", translations: ["y"])
        entry.references = ["content/a.md:3", "content/a.md:9", "content/b.md:1"]
        let text = POWriter(referenceStyle: .file).write(Catalog(entries: [entry]))
        #expect(text.contains("#: content/a.md content/b.md\n"))
        #expect(!POWriter(referenceStyle: .never).write(Catalog(entries: [entry])).contains("#:"))
    }
}
