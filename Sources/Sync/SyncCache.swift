import Foundation
import Workspace

/// What the last sync left behind, so the next one can skip catalogs it would only rewrite with the
/// same bytes — the way git's index skips files whose stat data did not change.
///
/// For every catalog it records the file's size, modification time and inode after the sync wrote or
/// checked it, and a digest of the template it was brought up to date with. A catalog is skipped only
/// when all of these still match: nobody touched it (an editor, an import, a checkout would change
/// its stat data), and its content file extracts to the same template. Anything else — no cache, a
/// different tolk or configuration, a missing or unreadable entry — means the catalog is read and
/// updated as usual, so the cache can make a sync faster but never different.
///
/// It lives in `.tolk/sync-cache` under the project root, in a folder that ignores itself in git
/// (`.tolk/.gitignore` holds `*`), and is written atomically at the end of a sync.
struct SyncCache {
    struct Record: Equatable {
        var size: Int64
        var modified: Int64
        var inode: UInt64
        var templateDigest: UInt64
    }

    /// Which tolk and settings the records were made with; records made otherwise are not trusted.
    let fingerprint: String
    private(set) var records: [String: Record] = [:]
    /// When the cache file was written. A record whose file changed in the same clock tick as the
    /// cache was saved could hide a later edit of the same size, so such records are not trusted
    /// (git's "racy clean" rule).
    private var savedAt = Int64.min

    static let version = "tolk-sync-cache 2"

    init(fingerprint: String) { self.fingerprint = fingerprint }

    static func folder(of project: Project) -> URL { project.root.appendingPathComponent(".tolk") }
    static func location(of project: Project) -> URL { folder(of: project).appendingPathComponent("sync-cache") }

    /// What the last sync learned from one content file, so that an untouched file need not be extracted
    /// again: its stat data and its template's (both must be unchanged), how many entries the template
    /// has, and a digest of each entry's msgid, which tells translation memory which files hold a text.
    struct ContentRecord: Equatable {
        /// `templateDigest` is the digest of the template's bytes.
        var content: Record
        var template: Record
        /// Translation units extracted (repeats are one entry, so there can be more units than entries).
        var units: Int
        var entryCount: Int
        var textDigests: [UInt64]
    }

    private(set) var contents: [String: ContentRecord] = [:]

    /// The cache of `project`, empty when there is none or it was made by another tolk or configuration.
    static func load(for project: Project, fingerprint: String) -> SyncCache {
        var cache = SyncCache(fingerprint: fingerprint)
        guard let bytes = try? FileTree.readIfPresent(location(of: project)),
              let saved = statRecord(of: location(of: project), templateDigest: 0) else { return cache }
        cache.savedAt = saved.modified
        let header = Array((version + "\n" + fingerprint + "\n").utf8)
        guard bytes.starts(with: header) else { return cache }
        // One record per line, fields separated by tabs, numbers in decimal, digests in hexadecimal:
        //   catalog:       locale/path.po  size  modified  inode  template-digest
        //   content file:  @path  size  modified  inode  template-digest  template-size  template-modified  template-inode  units  entries  text-digest,…
        var records: [String: Record] = [:]
        var contents: [String: ContentRecord] = [:]
        records.reserveCapacity(bytes.count / 80)
        let valid = bytes.withUnsafeBufferPointer { buffer -> Bool in
            var index = header.count
            var fields: [Range<Int>] = []
            func number(_ range: Range<Int>, radix: UInt64) -> UInt64? {
                guard !range.isEmpty else { return nil }
                var value: UInt64 = 0
                for byte in buffer[range] {
                    let digit: UInt64
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
                    case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt64(byte - UInt8(ascii: "a")) + 10
                    default: return nil
                    }
                    let (product, overflow) = value.multipliedReportingOverflow(by: radix)
                    guard !overflow else { return nil }
                    value = product &+ digit
                }
                return value
            }
            func record(_ at: Int) -> Record? {
                guard let size = number(fields[at], radix: 10).flatMap({ Int64(exactly: $0) }),
                      let modified = number(fields[at + 1], radix: 10).flatMap({ Int64(exactly: $0) }),
                      let inode = number(fields[at + 2], radix: 10),
                      let digest = number(fields[at + 3], radix: 16) else { return nil }
                return Record(size: size, modified: modified, inode: inode, templateDigest: digest)
            }
            while index < buffer.count {
                fields.removeAll(keepingCapacity: true)
                var start = index
                while index < buffer.count, buffer[index] != UInt8(ascii: "\n") {
                    if buffer[index] == UInt8(ascii: "\t") { fields.append(start..<index); start = index + 1 }
                    index += 1
                }
                guard index < buffer.count else { return false }
                fields.append(start..<index)
                index += 1
                guard let first = fields.first, !first.isEmpty else { return false }
                if buffer[first.lowerBound] == UInt8(ascii: "@") {
                    guard fields.count == 11, let content = record(1),
                          let templateSize = number(fields[5], radix: 10).flatMap({ Int64(exactly: $0) }),
                          let templateModified = number(fields[6], radix: 10).flatMap({ Int64(exactly: $0) }),
                          let templateInode = number(fields[7], radix: 10),
                          let units = number(fields[8], radix: 10).flatMap({ Int(exactly: $0) }),
                          let entryCount = number(fields[9], radix: 10).flatMap({ Int(exactly: $0) }) else { return false }
                    var digests: [UInt64] = []
                    var digestStart = fields[10].lowerBound
                    for position in fields[10].lowerBound...fields[10].upperBound where position == fields[10].upperBound || buffer[position] == UInt8(ascii: ",") {
                        if position > digestStart {
                            guard let digest = number(digestStart..<position, radix: 16) else { return false }
                            digests.append(digest)
                        }
                        digestStart = position + 1
                    }
                    let path = String(decoding: UnsafeBufferPointer(rebasing: buffer[(first.lowerBound + 1)..<first.upperBound]), as: UTF8.self)
                    contents[path] = ContentRecord(content: content,
                                                   template: Record(size: templateSize, modified: templateModified, inode: templateInode, templateDigest: content.templateDigest),
                                                   units: units, entryCount: entryCount, textDigests: digests)
                } else {
                    guard fields.count == 5, let record = record(1) else { return false }
                    records[String(decoding: UnsafeBufferPointer(rebasing: buffer[first]), as: UTF8.self)] = record
                }
            }
            return true
        }
        if valid {
            cache.records = records
            cache.contents = contents
        }
        return cache
    }

    /// The stat data the cache compares, or nil when the file does not exist.
    static func statRecord(of url: URL, templateDigest: UInt64) -> Record? { statRecord(atPath: url.path, templateDigest: templateDigest) }

    static func statRecord(atPath path: String, templateDigest: UInt64) -> Record? {
        FileStamp.of(path: path).map { Record(size: $0.size, modified: $0.modified, inode: $0.inode, templateDigest: templateDigest) }
    }

    /// True when the catalog at `url` is exactly as the last sync left it, for the same template.
    func isUnchanged(_ key: String, atPath path: String, templateDigest: UInt64) -> Bool {
        guard let record = records[key], record.modified < savedAt else { return false }
        return Self.statRecord(atPath: path, templateDigest: templateDigest) == record
    }

    mutating func set(_ path: String, _ record: Record?) {
        records[path] = record
    }

    /// The record of the content file at `path` (relative to the content folder) if neither it nor its
    /// template at `templatePath` changed since the last sync.
    func unchangedContent(_ path: String, atPath contentPath: String, templatePath: String) -> ContentRecord? {
        guard let record = contents[path], record.content.modified < savedAt, record.template.modified < savedAt,
              Self.statRecord(atPath: contentPath, templateDigest: record.content.templateDigest) == record.content,
              Self.statRecord(atPath: templatePath, templateDigest: record.content.templateDigest) == record.template else { return nil }
        return record
    }

    mutating func setContent(_ path: String, _ record: ContentRecord?) {
        contents[path] = record
    }

    func save(for project: Project) throws {
        try ToolFolder.prepare(in: project)
        var text = Self.version + "\n" + fingerprint + "\n"
        func storable(_ path: String) -> Bool { !path.isEmpty && !path.utf8.contains(0x09) && !path.utf8.contains(0x0A) }
        for (path, record) in records.sorted(by: { $0.key < $1.key }) where storable(path) && !path.hasPrefix("@") {
            text += "\(path)\t\(record.size)\t\(record.modified)\t\(record.inode)\t\(String(record.templateDigest, radix: 16))\n"
        }
        for (path, record) in contents.sorted(by: { $0.key < $1.key }) where storable(path) {
            let content = record.content, template = record.template
            text += "@\(path)\t\(content.size)\t\(content.modified)\t\(content.inode)\t\(String(content.templateDigest, radix: 16))"
            text += "\t\(template.size)\t\(template.modified)\t\(template.inode)\t\(record.units)\t\(record.entryCount)\t"
            text += record.textDigests.map { String($0, radix: 16) }.joined(separator: ",") + "\n"
        }
        try FileTree.writeAtomically(Array(text.utf8), to: Self.location(of: project))
    }
}
