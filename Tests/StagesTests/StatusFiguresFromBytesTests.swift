@testable import Checks
import Catalog
import Foundation
import Reports
@testable import Status
import Testing
@testable import Workspace

/// `tolk status` without work lists counts a catalog of singular entries from its bytes
/// (`POReader.scan`), without the entries `POReader.read` makes. It must count exactly what the
/// path that reads the entries counts (the one work lists take): the same figures for every
/// catalog, the same diagnostics, on a site whose catalogs hold what translators leave in them.
@Suite struct StatusFiguresFromBytesTests {
    static let sampleSite = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The sample site copied, with catalogs that a translator, a PO editor or an old tool left:
    /// entries needing review and translated ones with broken markup, a context, a duplicate, an empty
    /// translation, obsolete entries, a Latin-1 catalog, bytes that are not UTF-8, a plural entry with
    /// a gap, a parse error, a missing catalog.
    static func makeSite() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-status-bytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for item in ["tolk.yaml", "content", "locales"] {
            try FileManager.default.copyItem(at: sampleSite.appendingPathComponent(item), to: root.appendingPathComponent(item))
        }
        func catalog(_ path: String) -> URL { root.appendingPathComponent("locales/" + path) }
        func append(_ text: String, to path: String) throws {
            let handle = try FileHandle(forWritingTo: catalog(path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        }
        try append("""

            #. paragraph
            #, fuzzy
            msgid "Run `tolk status` before you [ship](https://example.com/ship)."
            msgstr "Запустите tolk status перед выпуском."

            msgid "Press `Ctrl+C` to stop the server."
            msgstr "Нажмите Ctrl+C, чтобы остановить сервер."

            msgctxt "alt"
            msgid "Press `Ctrl+C` to stop the server."
            msgstr "Нажмите `Ctrl+C`, чтобы остановить сервер."

            msgid "Press `Ctrl+C` to stop the server."
            msgstr "Дубликат."

            msgid "A paragraph nobody has translated yet, with **bold** words."
            msgstr ""

            #, fuzzy
            msgid "A paragraph whose source changed."
            msgstr "Абзац, исходный текст которого изменился."

            #~ msgid "A paragraph the author deleted."
            #~ msgstr "Абзац, который автор удалил."

            #~ msgctxt "alt"
            #~ msgid "Press `Ctrl+C` to stop the server."
            #~ msgstr "Старый перевод."

            """, to: "ru/posts/pseudo-localization.po")

        // A catalog in Latin-1, as an old PO editor saves it: read by conversion.
        let german = try String(contentsOf: catalog("de/posts/collation-and-sorting.po"), encoding: .utf8)
            .replacingOccurrences(of: "charset=UTF-8", with: "charset=ISO-8859-1")
        // Each character as its Latin-1 byte; the few Latin-1 lacks („ “ —) as a question mark, as a lossy save writes them.
        let latin1 = german.unicodeScalars.map { $0.value < 0x100 ? UInt8($0.value) : UInt8(ascii: "?") }
        #expect(latin1.contains { $0 >= 0x80 })
        try Data(latin1).write(to: catalog("de/posts/collation-and-sorting.po"))
        // A byte that is not UTF-8 in a catalog that says it is.
        var japanese = try Data(contentsOf: catalog("ja/posts/dates-and-numbers.po"))
        japanese.append(contentsOf: Array("\nmsgid \"Broken bytes\"\nmsgstr \"壊れた".utf8) + [0xFF] + Array("\"\n".utf8))
        try japanese.write(to: catalog("ja/posts/dates-and-numbers.po"))
        // A plural entry with a gap, and one with too few forms (Arabic has six).
        try append("""

            msgid "One comment"
            msgid_plural "%d comments"
            msgstr[0] "لا تعليقات"
            msgstr[1] "تعليق واحد"
            msgstr[2] "تعليقان"
            msgstr[3] ""
            msgstr[4] "%d تعليقًا"
            msgstr[5] "%d تعليق"

            msgid "One reader"
            msgid_plural "%d readers"
            msgstr[0] "قارئ"
            msgstr[1] "قراء"

            """, to: "ar/posts/why-plural-rules-are-hard.po")
        // A parse error: a msgstr with no msgid before it.
        try append("\nmsgstr \"Verwaist\"\n", to: "de/posts/unicode-normalization.po")
        // No catalog yet: counted from the template.
        try FileManager.default.removeItem(at: catalog("ru/posts/translation-memory.po"))
        return root
    }

    @Test func figuresFromBytesAreTheFiguresFromEntries() throws {
        let root = try Self.makeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        let project = try Project(root: root)
        let fromBytes = try StatusCollector(project: project).collect()
        // No cache of figures or verdicts from the first run: the second reads and judges everything again.
        try FileManager.default.removeItem(at: root.appendingPathComponent(".tolk"))
        let fromEntries = try StatusCollector(project: project).collect(.init(workItemLimit: 10_000))

        #expect(fromBytes.diagnostics == fromEntries.diagnostics)
        #expect(fromBytes.report.locales.map(\.locale) == fromEntries.report.locales.map(\.locale))
        for (bytes, entries) in zip(fromBytes.report.locales, fromEntries.report.locales) {
            #expect(bytes.files.map(\.catalogPath) == entries.files.map(\.catalogPath))
            for (file, same) in zip(bytes.files, entries.files) {
                #expect(file.counts == same.counts, "\(file.catalogFile)")
                #expect(file.catalogExists == same.catalogExists, "\(file.catalogFile)")
            }
            #expect(bytes.total == entries.total, "\(bytes.locale)")
        }

        // The edits show in the figures: each kind of entry was met.
        let russian = try #require(fromBytes.report.locales.first { $0.locale == "ru" }?.files.first { $0.catalogPath == "posts/pseudo-localization.po" })
        #expect(russian.counts.obsoleteMessages == 2)
        #expect(russian.counts.needsReviewMessages == 2)
        #expect(russian.counts.untranslatedMessages == 1)
        #expect(russian.counts.errors == 2)     // the duplicate, and the translation without the code span
        #expect(russian.counts.warnings == 1)   // the needs-review translation that lost its code span and link
        #expect(fromBytes.diagnostics.contains { $0.message.hasPrefix("duplicate message definition") })
        #expect(fromBytes.diagnostics.contains { $0.message.hasPrefix("converted from ISO-8859-1") })
        #expect(fromBytes.diagnostics.contains { $0.message.hasPrefix("not valid UTF-8") })
        #expect(fromBytes.diagnostics.contains { $0.message.hasPrefix("msgstr without a msgid") })
        let arabic = try #require(fromBytes.report.locales.first { $0.locale == "ar" }?.files.first { $0.catalogPath == "posts/why-plural-rules-are-hard.po" })
        #expect(arabic.counts.missingPluralFormMessages == 2)
    }

    /// Which catalogs the bytes path takes: those it can count as they stand; the others are read whole.
    @Test func catalogsThatMustBeReadWholeAreLeftToTheReader() throws {
        let root = try Self.makeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        func figures(_ path: String, locale: String) throws -> (counts: StatusCounts, diagnostics: [Diagnostic])? {
            let bytes = Array(try Data(contentsOf: root.appendingPathComponent("locales/" + locale + "/" + path)))
            let gate = TranslationGate(check: try CatalogCheck(locale: locale), isMessageFormat: false)
            return StatusCollector.figures(of: bytes, path: path, gate: gate,
                                           words: try SourceWordCounter.forStatus(sourceLocale: "en", dialect: nil),
                                           memo: SourceMarkupMemo(dialect: nil))
        }
        #expect(try figures("posts/pseudo-localization.po", locale: "ru") != nil)
        #expect(try figures("posts/unicode-normalization.po", locale: "de") != nil)
        #expect(try figures("posts/collation-and-sorting.po", locale: "de") == nil)
        #expect(try figures("posts/dates-and-numbers.po", locale: "ja") == nil)
        #expect(try figures("posts/why-plural-rules-are-hard.po", locale: "ar") == nil)
    }
}
