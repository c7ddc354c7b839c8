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

    /// Reads the lines from the bytes (a status over 50,000 catalogs reads this file and little else);
    /// nil when anything in it is not as `save` writes it.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, fingerprint: String) -> StatusCache? {
        var cache = StatusCache(fingerprint: fingerprint)
        var lineStart = 0
        var lineNumber = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1; lineNumber += 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            if lineNumber < 2 {
                guard line.elementsEqual((lineNumber == 0 ? header : fingerprint).utf8) else { return nil }
                continue
            }
            guard !line.isEmpty else { continue }
            // The key, then size, modification time, inode and the twelve figures.
            var fields: [Range<Int>] = []
            fields.reserveCapacity(16)
            var fieldStart = 0
            for index in 0...line.count where index == line.count || line[index] == 0x09 {
                fields.append(fieldStart..<index)
                fieldStart = index + 1
            }
            guard fields.count == 16 else { return nil }
            var numbers: [Int64] = []
            numbers.reserveCapacity(15)
            for (index, field) in fields[1...].enumerated() {
                // The inode (third number) is unsigned; the others fit in Int64.
                guard let number = decimal(UnsafeBufferPointer(rebasing: line[field]), unsigned: index == 2) else { return nil }
                numbers.append(number)
            }
            var counts = StatusCounts()
            let figures = numbers[3...].map { Int($0) }
            (counts.translatedMessages, counts.needsReviewMessages, counts.untranslatedMessages, counts.obsoleteMessages) = (figures[0], figures[1], figures[2], figures[3])
            (counts.missingPluralFormMessages, counts.doneMessages, counts.translatedWords, counts.needsReviewWords) = (figures[4], figures[5], figures[6], figures[7])
            (counts.untranslatedWords, counts.doneWords, counts.errors, counts.warnings) = (figures[8], figures[9], figures[10], figures[11])
            let key = String(decoding: UnsafeBufferPointer(rebasing: line[fields[0]]), as: UTF8.self)
            cache.records[key] = Record(stamp: .init(size: numbers[0], modified: numbers[1], inode: UInt64(bitPattern: numbers[2])), counts: counts)
        }
        return lineNumber >= 2 ? cache : nil
    }

    /// A decimal as `save` writes it: an Int64, optionally negative, or (`unsigned`) a UInt64 returned
    /// as its bit pattern; nil for anything else, or a value out of range.
    private static func decimal(_ field: UnsafeBufferPointer<UInt8>, unsigned: Bool = false) -> Int64? {
        var digits = field[...]
        let negative = !unsigned && digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times10.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflow, !carry else { return nil }
            value = sum
        }
        if unsigned { return Int64(bitPattern: value) }
        guard value <= UInt64(Int64.max) else { return nil }
        return negative ? -Int64(value) : Int64(value)
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
        var out = Array((Self.header + "\n" + fingerprint + "\n").utf8)
        out.reserveCapacity(records.count * 100)
        for (key, record) in records.inByteOrderOfKeys {
            guard !key.utf8.contains(0x09), !key.utf8.contains(0x0A) else { continue }
            out += key.utf8
            let counts = record.counts
            for number in [record.stamp.size, record.stamp.modified] { out.append(0x09); out += String(number).utf8 }
            out.append(0x09)
            out += String(record.stamp.inode).utf8
            for number in [counts.translatedMessages, counts.needsReviewMessages, counts.untranslatedMessages, counts.obsoleteMessages,
                           counts.missingPluralFormMessages, counts.doneMessages, counts.translatedWords, counts.needsReviewWords,
                           counts.untranslatedWords, counts.doneWords, counts.errors, counts.warnings] {
                out.append(0x09)
                out += String(number).utf8
            }
            out.append(0x0A)
        }
        try ToolFolder.prepare(in: project)
        try FileTree.writeAtomically(out, to: Self.location(in: project))
    }
}
