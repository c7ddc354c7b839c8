import Catalog
import Checks
import Foundation
import LocaleData
import Reports
import Workspace

/// The figures of every catalog as the last `tolk status` counted them, in `.tolk/status-cache`, with
/// the catalog's stat data (size, modification time in nanoseconds, inode): a catalog whose stat data
/// did not change is not read again. Only catalogs that read without any diagnostic are recorded, and
/// only figures are kept, so a report that lists work items (`--format html`) still reads every catalog.
/// The stat data is taken before and after reading; a catalog written meanwhile is not recorded.
/// The cache names tolk's counting rules (its version line), the catalog checks' version (a catalog
/// recorded as clean may not be under new checks), the ICU version and the source locale; any other
/// value discards it.
package struct StatusCache: Sendable {
    package struct Record: Equatable, Sendable {
        package var stamp: FileStamp
        package var counts: StatusCounts

        package init(stamp: FileStamp, counts: StatusCounts) {
            self.stamp = stamp
            self.counts = counts
        }
    }

    static let header = "tolk-status-cache 1"
    private(set) var fingerprint: String
    /// `locale/catalogPath` → record.
    var records: [String: Record] = [:]

    init(fingerprint: String) { self.fingerprint = fingerprint }

    /// What the cached figures depend on besides the catalogs: ICU's data, the source locale, the check
    /// rules, how words are counted, and the site generator (its syntax is checked and counts no words).
    package static func fingerprint(sourceLocale: String, siteGenerator: SiteGenerator) -> String {
        "icu \(LocaleInfo.icuVersion) source \(sourceLocale) checks \(TranslationGate.rulesVersion) words 3 generator \(siteGenerator.rawValue)"
    }

    static func location(in project: Project) -> URL { project.root.appendingPathComponent(".tolk/status-cache") }

    static func load(from project: Project, fingerprint: String) -> StatusCache {
        let empty = StatusCache(fingerprint: fingerprint)
        guard let bytes = try? FileTree.readIfPresent(location(in: project)) else { return empty }
        return bytes.withUnsafeBufferPointer { parse($0, fingerprint: fingerprint) } ?? empty
    }

    /// Reads the records from the bytes (a status over 50,000 catalogs reads this file and little else);
    /// nil when anything in it is not as `save` writes it.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, fingerprint: String) -> StatusCache? {
        var cache = StatusCache(fingerprint: fingerprint)
        let lines = tabSeparatedLines(in: bytes)
        guard lines.count >= 2, UnsafeBufferPointer(rebasing: bytes[lines[0]]).elementsEqual(header.utf8),
              UnsafeBufferPointer(rebasing: bytes[lines[1]]).elementsEqual(fingerprint.utf8) else { return nil }
        for line in lines.dropFirst(2) where !line.isEmpty {
            // The key, then size, modification time, inode and the twelve figures.
            let record = TabSeparatedRecord(bytes: bytes, line: line)
            guard record.fields.count == 16, let size = record.number(1), let modified = record.number(2),
                  let inode = record.unsignedNumber(3) else { return nil }
            var figures: [Int] = []
            figures.reserveCapacity(12)
            for index in 4..<16 {
                guard let number = record.number(index) else { return nil }
                figures.append(Int(number))
            }
            var counts = StatusCounts()
            (counts.translatedMessages, counts.needsReviewMessages, counts.untranslatedMessages, counts.obsoleteMessages) = (figures[0], figures[1], figures[2], figures[3])
            (counts.missingPluralFormMessages, counts.doneMessages, counts.translatedWords, counts.needsReviewWords) = (figures[4], figures[5], figures[6], figures[7])
            (counts.untranslatedWords, counts.doneWords, counts.errors, counts.warnings) = (figures[8], figures[9], figures[10], figures[11])
            cache.records[record.text(0)] = Record(stamp: .init(size: size, modified: modified, inode: inode), counts: counts)
        }
        return cache
    }

    /// Adds the figures another command counted as `tolk status` counts them (`tolk build` for the
    /// catalogs it read), keyed `locale/catalogPath`, to the cache of `project`; written only when that
    /// changes it.
    package static func add(_ new: [(key: String, record: Record)], in project: Project) throws {
        guard !new.isEmpty else { return }
        let configuration = project.configuration
        var cache = load(from: project, fingerprint: fingerprint(sourceLocale: configuration.sourceLocale, siteGenerator: configuration.siteGenerator ?? .plain))
        var changed = false
        for (key, record) in new where cache.records.updateValue(record, forKey: key) != record { changed = true }
        if changed { try cache.save(in: project) }
    }

    func save(in project: Project) throws {
        var out = TabSeparatedWriter()
        out.bytes = Array((Self.header + "\n" + fingerprint + "\n").utf8)
        out.bytes.reserveCapacity(records.count * 100)
        for (key, record) in records.inByteOrderOfKeys {
            let counts = record.counts
            out.begin()
            out.text(key, separatorAllowed: true)   // a key with a tab or a line break is left out
            out.decimal(record.stamp.size)
            out.decimal(record.stamp.modified)
            out.decimal(record.stamp.inode)
            for number in [counts.translatedMessages, counts.needsReviewMessages, counts.untranslatedMessages, counts.obsoleteMessages,
                           counts.missingPluralFormMessages, counts.doneMessages, counts.translatedWords, counts.needsReviewWords,
                           counts.untranslatedWords, counts.doneWords, counts.errors, counts.warnings] {
                out.decimal(Int64(number))
            }
            out.end()
        }
        try ToolFolder.prepare(in: project)
        try FileTree.writeAtomically(out.bytes, to: Self.location(in: project))
    }
}
