import Foundation
@testable import Sync
import Testing
@testable import Workspace

/// The sync's cache (`.tolk/sync-cache`) on its own: it may make a sync faster, never different, so
/// whatever it cannot vouch for — another fingerprint, a damaged file, a catalog touched since, a
/// record as new as the cache itself — must read as "not known".
@Suite struct SyncCacheTests {
    /// A project folder with the smallest tolk.yaml, and a catalog and a content file in it.
    struct Site {
        let root: URL
        let project: Project
        var catalog: URL { root.appendingPathComponent("locales/ru/posts/a.po") }
        var content: URL { root.appendingPathComponent("content/posts/a.md") }
        var template: URL { root.appendingPathComponent("locales/templates/posts/a.pot") }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-sync-cache-\(UUID().uuidString)")
            for folder in ["locales/ru/posts", "locales/templates/posts", "content/posts"] {
                try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            try Data("source: en\nlocales: [ru]\n".utf8).write(to: root.appendingPathComponent("tolk.yaml"))
            project = try Project(root: root)
            try Data("msgid \"Hello\"\nmsgstr \"Привет\"\n".utf8).write(to: catalog)
            try Data("# Hello\n".utf8).write(to: content)
            try Data("msgid \"Hello\"\nmsgstr \"\"\n".utf8).write(to: template)
            // Older than any cache saved by the test, so no record is "as new as the cache".
            for file in [catalog, content, template] { try Self.setModified(file, to: Date(timeIntervalSince1970: 1_600_000_000)) }
        }

        static func setModified(_ url: URL, to date: Date) throws {
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url.path)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }

        /// A cache that knows the catalog (key `ru/posts/a.po`) and the content file (`posts/a.md`), saved.
        func savedCache(fingerprint: String = "tolk 1 config 42") throws -> SyncCache {
            var cache = SyncCache(fingerprint: fingerprint)
            cache.set("ru/posts/a.po", SyncCache.statRecord(of: catalog, templateDigest: 0xABC))
            let contentRecord = try #require(SyncCache.statRecord(of: content, templateDigest: 0xABC))
            let templateRecord = try #require(SyncCache.statRecord(of: template, templateDigest: 0xABC))
            cache.setContent("posts/a.md", SyncCache.ContentRecord(content: contentRecord, template: templateRecord, units: 3, entryCount: 2,
                                                                   textDigests: [0x1, 0xFFFF_FFFF_FFFF_FFFF]))
            try cache.save(for: project)
            return cache
        }
    }

    @Test func whatIsSavedLoadsBackForTheSameFingerprintOnly() throws {
        let site = try Site()
        defer { site.remove() }
        let saved = try site.savedCache()
        let loaded = SyncCache.load(for: site.project, fingerprint: "tolk 1 config 42")
        #expect(loaded.records == saved.records)
        #expect(loaded.contents == saved.contents)
        #expect(loaded.isUnchanged("ru/posts/a.po", atPath: site.catalog.path, templateDigest: 0xABC))
        #expect(loaded.unchangedContent("posts/a.md", atPath: site.content.path, templatePath: site.template.path)?.entryCount == 2)

        let other = SyncCache.load(for: site.project, fingerprint: "tolk 1 config 43")
        #expect(other.records.isEmpty && other.contents.isEmpty, "another tolk or configuration: nothing is trusted")
        #expect(!other.isUnchanged("ru/posts/a.po", atPath: site.catalog.path, templateDigest: 0xABC))
    }

    @Test func noCacheFileIsAnEmptyCache() throws {
        let site = try Site()
        defer { site.remove() }
        let cache = SyncCache.load(for: site.project, fingerprint: "x")
        #expect(cache.records.isEmpty && cache.contents.isEmpty)
    }

    @Test func aCatalogTouchedSinceTheSyncOrAnotherTemplateIsNotUnchanged() throws {
        let site = try Site()
        defer { site.remove() }
        _ = try site.savedCache()
        #expect(!SyncCache.load(for: site.project, fingerprint: "tolk 1 config 42")
            .isUnchanged("ru/posts/a.po", atPath: site.catalog.path, templateDigest: 0xABD), "the content file now extracts to another template")

        // A translator's edit of the same size, given back its old time: the inode or size still differ
        // when an editor saves by rename; here the time alone differs.
        try Data("msgid \"Hello\"\nmsgstr \"Здрасте\"\n".utf8).write(to: site.catalog)
        try Site.setModified(site.catalog, to: Date(timeIntervalSince1970: 1_600_000_100))
        let afterEdit = SyncCache.load(for: site.project, fingerprint: "tolk 1 config 42")
        #expect(!afterEdit.isUnchanged("ru/posts/a.po", atPath: site.catalog.path, templateDigest: 0xABC))
        try FileManager.default.removeItem(at: site.catalog)
        #expect(!afterEdit.isUnchanged("ru/posts/a.po", atPath: site.catalog.path, templateDigest: 0xABC), "a removed catalog")
    }

    @Test func aContentFileIsUnchangedOnlyWhenItsTemplateIsToo() throws {
        let site = try Site()
        defer { site.remove() }
        _ = try site.savedCache()
        try Data("msgid \"Hello\"\nmsgstr \"\"\n\nmsgid \"More\"\nmsgstr \"\"\n".utf8).write(to: site.template)
        try Site.setModified(site.template, to: Date(timeIntervalSince1970: 1_600_000_200))
        let cache = SyncCache.load(for: site.project, fingerprint: "tolk 1 config 42")
        #expect(cache.unchangedContent("posts/a.md", atPath: site.content.path, templatePath: site.template.path) == nil)
    }

    /// git's "racy clean" rule: a file changed in the same clock tick as the cache was written could
    /// hide a later edit of the same size, so a record not older than the cache file is not trusted.
    @Test func aRecordAsNewAsTheCacheIsNotTrusted() throws {
        let site = try Site()
        defer { site.remove() }
        try Site.setModified(site.catalog, to: Date().addingTimeInterval(3600))
        _ = try site.savedCache()
        let cache = SyncCache.load(for: site.project, fingerprint: "tolk 1 config 42")
        #expect(cache.records["ru/posts/a.po"] != nil, "the record is read")
        #expect(!cache.isUnchanged("ru/posts/a.po", atPath: site.catalog.path, templateDigest: 0xABC), "but not trusted")
    }

    /// A cache cut off anywhere (a full disk, a copy interrupted) never yields a record that was not
    /// saved, and never crashes: a line cut in the middle drops the whole file, a cut between lines
    /// keeps the lines before it (fewer records only mean more work). A field that is no number, or a
    /// line of the wrong shape, drops the whole file.
    @Test func aDamagedCacheNeverYieldsARecordThatWasNotSaved() throws {
        let site = try Site()
        defer { site.remove() }
        let saved = try site.savedCache()
        let location = SyncCache.location(of: site.project)
        let bytes = try Data(contentsOf: location)
        for length in 0..<bytes.count {
            try bytes.prefix(length).write(to: location)
            let loaded = SyncCache.load(for: site.project, fingerprint: "tolk 1 config 42")
            #expect(loaded.records.allSatisfy { saved.records[$0.key] == $0.value }, "cut at byte \(length)")
            #expect(loaded.contents.allSatisfy { saved.contents[$0.key] == $0.value }, "cut at byte \(length)")
            #expect(loaded.contents.isEmpty, "the content file's line, the last, is cut at byte \(length)")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        for damage in [text.replacingOccurrences(of: "\t3\t2\t", with: "\t3\tx\t"),          // entry count not a number
                       text.replacingOccurrences(of: ",ffffffffffffffff", with: ",1ffffffffffffffff"),  // digest overflows 64 bits
                       text + "ru/posts/b.po\t1\t2\n",                                            // too few fields
                       text + "\t1\t2\t3\t4\n"] {                                                  // no path
            try Data(damage.utf8).write(to: location)
            let loaded = SyncCache.load(for: site.project, fingerprint: "tolk 1 config 42")
            #expect(loaded.records.isEmpty && loaded.contents.isEmpty, "\(damage.debugDescription)")
        }
    }

    @Test func pathsTheFormatCannotHoldAreLeftOutAndTheRestKept() throws {
        let site = try Site()
        defer { site.remove() }
        var cache = try site.savedCache()
        let record = SyncCache.Record(size: 1, modified: 2, inode: 3, templateDigest: 4)
        cache.set("ru/posts/tab\there.po", record)
        cache.set("ru/posts/line\nbreak.po", record)
        try cache.save(for: site.project)
        let loaded = SyncCache.load(for: site.project, fingerprint: "tolk 1 config 42")
        #expect(Set(loaded.records.keys) == ["ru/posts/a.po"])
        #expect(loaded.contents.count == 1)
    }
}
