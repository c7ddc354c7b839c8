import Foundation
import Testing

/// `.tolk/sync-cache` lets a sync skip catalogs it would rewrite with the same bytes, and never hides a change.
@Suite(.serialized) struct SyncCacheTests {
    @Test func aSecondSyncReportsTheSameAndTheCacheIgnoresItselfInGit() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try site.write(try site.read("content/posts/pseudo-localization.md") + "\nOne more paragraph.\n", to: "content/posts/pseudo-localization.md")
        let first = try site.run("sync")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try site.read(".tolk/.gitignore").hasSuffix("*\n"))
        #expect(try site.read(".tolk/sync-cache").contains("ru/posts/pseudo-localization.po\t"))
        let second = try site.run("sync")
        let counts = { (output: String) in output.split(separator: "\n").filter { $0.hasPrefix("  ") } }
        #expect(counts(second.stdout) == counts(first.stdout).map { line in
            // What the first sync added is kept by the second.
            Substring(line.replacingOccurrences(of: ": 374 kept, 1 new", with: ": 375 kept, 0 new"))
        }, "\(first.stdout)\n\(second.stdout)")
        #expect(second.stdout.contains("wrote 0 templates and 0 catalogs"))
        // The untouched content files were not extracted again, and are counted as before.
        #expect(try site.read(".tolk/sync-cache").contains("\n@posts/pseudo-localization.md\t"))
        let extracted = { (output: String) in output.split(separator: "\n").first { $0.hasPrefix("Extracted ") }?.prefix(while: { $0 != ";" }) }
        #expect(extracted(second.stdout) != nil && extracted(second.stdout) == extracted(first.stdout), "\(first.stdout)\n\(second.stdout)")
    }

    @Test func aTemplateEditedByHandIsWrittenAgain() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        let path = "locales/templates/posts/translation-memory.pot"
        let template = try site.read(path)
        try site.write(template + "\nmsgid \"Added by hand\"\nmsgstr \"\"\n", to: path)
        let sync = try site.run("sync")
        #expect(sync.stdout.contains("wrote 1 templates and 0 catalogs"), "\(sync.stdout)")
        #expect(try site.read(path) == template)
    }

    @Test func aCatalogOfAnUntouchedPostIsUpdatedFromItsTemplateOnDisk() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        // A catalog deleted by hand: its content file is untouched, so the template is read back, not re-extracted.
        let path = "locales/de/posts/translation-memory.po"
        try FileManager.default.removeItem(at: site.root.appendingPathComponent(path))
        let sync = try site.run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("wrote 0 templates and 1 catalogs"), "\(sync.stdout)")
        let msgids = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("msgid ") || $0.hasPrefix("msgctxt ") } }
        let expected = msgids(try site.read("locales/templates/posts/translation-memory.pot"))
        let written = msgids(try site.read(path))
        #expect(expected.count > 5 && written == expected)
    }

    @Test func aCatalogEditedByHandIsReadAgainEvenAtTheSameSize() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        let path = "locales/ru/posts/translation-memory.po"
        let catalog = try site.read(path)
        #expect(catalog.contains("msgid \"How a match is found\""))
        try site.write(catalog.replacingOccurrences(of: "msgid \"How a match is found\"", with: "msgid \"How a match is fount\""), to: path)
        let sync = try site.run("sync")
        #expect(sync.stdout.contains("ru: 373 kept, 0 new, 1 changed (needs review)"), "\(sync.stdout)")
        #expect(try site.read(path).contains("#| msgid \"How a match is fount\"\nmsgid \"How a match is found\""))
    }

    @Test func aCorruptCacheIsIgnored() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        try site.write("tolk-sync-cache 1\nnot what tolk wrote\n\u{0}\u{1}", to: ".tolk/sync-cache")
        let sync = try site.run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("ru: 374 kept"), "\(sync.stdout)")
    }
}
