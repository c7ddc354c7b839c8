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
        var cache = StatusCache(fingerprint: fingerprint)
        guard let bytes = try? FileTree.readIfPresent(location(in: project)) else { return cache }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        guard lines.count >= 2, lines[0] == Substring(header), lines[1] == Substring(fingerprint) else { return cache }
        for line in lines.dropFirst(2) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 16, let size = Int64(fields[1]), let modified = Int64(fields[2]), let inode = UInt64(fields[3]) else { return StatusCache(fingerprint: fingerprint) }
            let numbers = fields[4...].compactMap { Int($0) }
            guard numbers.count == 12 else { return StatusCache(fingerprint: fingerprint) }
            var counts = StatusCounts()
            (counts.translatedMessages, counts.needsReviewMessages, counts.untranslatedMessages, counts.obsoleteMessages) = (numbers[0], numbers[1], numbers[2], numbers[3])
            (counts.missingPluralFormMessages, counts.doneMessages, counts.translatedWords, counts.needsReviewWords) = (numbers[4], numbers[5], numbers[6], numbers[7])
            (counts.untranslatedWords, counts.doneWords, counts.errors, counts.warnings) = (numbers[8], numbers[9], numbers[10], numbers[11])
            cache.records[String(fields[0])] = Record(stamp: .init(size: size, modified: modified, inode: inode), counts: counts)
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
        let before = cache.records
        for (key, record) in new { cache.records[key] = record }
        if cache.records != before { try cache.save(in: project) }
    }

    func save(in project: Project) throws {
        var text = Self.header + "\n" + fingerprint + "\n"
        for (key, record) in records.sorted(by: { $0.key < $1.key }) where !key.utf8.contains(0x09) && !key.utf8.contains(0x0A) {
            let counts = record.counts
            let numbers = [counts.translatedMessages, counts.needsReviewMessages, counts.untranslatedMessages, counts.obsoleteMessages,
                           counts.missingPluralFormMessages, counts.doneMessages, counts.translatedWords, counts.needsReviewWords,
                           counts.untranslatedWords, counts.doneWords, counts.errors, counts.warnings]
            text += "\(key)\t\(record.stamp.size)\t\(record.stamp.modified)\t\(record.stamp.inode)\t" + numbers.map(String.init).joined(separator: "\t") + "\n"
        }
        try ToolFolder.prepare(in: project)
        try FileTree.writeAtomically(Array(text.utf8), to: Self.location(in: project))
    }
}
