import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

    static let version = "tolk-sync-cache 1"

    init(fingerprint: String) { self.fingerprint = fingerprint }

    static func folder(of project: Project) -> URL { project.root.appendingPathComponent(".tolk") }
    static func location(of project: Project) -> URL { folder(of: project).appendingPathComponent("sync-cache") }

    /// The cache of `project`, empty when there is none or it was made by another tolk or configuration.
    static func load(for project: Project, fingerprint: String) -> SyncCache {
        var cache = SyncCache(fingerprint: fingerprint)
        guard let bytes = try? FileTree.readIfPresent(location(of: project)),
              let saved = statRecord(of: location(of: project), templateDigest: 0) else { return cache }
        cache.savedAt = saved.modified
        let header = Array((version + "\n" + fingerprint + "\n").utf8)
        guard bytes.starts(with: header) else { return cache }
        // One record per line: path, size, modified, inode, digest (hexadecimal), separated by tabs.
        var records: [String: Record] = [:]
        records.reserveCapacity(bytes.count / 80)
        let valid = bytes.withUnsafeBufferPointer { buffer -> Bool in
            var index = header.count
            func field(_ terminator: UInt8) -> Range<Int>? {
                let start = index
                while index < buffer.count, buffer[index] != terminator { index += 1 }
                guard index < buffer.count, index > start else { return nil }
                index += 1
                return start..<(index - 1)
            }
            func number(_ range: Range<Int>, radix: UInt64) -> UInt64? {
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
            while index < buffer.count {
                guard let path = field(UInt8(ascii: "\t")), let size = field(UInt8(ascii: "\t")).flatMap({ number($0, radix: 10) }),
                      let modified = field(UInt8(ascii: "\t")).flatMap({ number($0, radix: 10) }),
                      let inode = field(UInt8(ascii: "\t")).flatMap({ number($0, radix: 10) }),
                      let digest = field(UInt8(ascii: "\n")).flatMap({ number($0, radix: 16) }),
                      let sizeValue = Int64(exactly: size), let modifiedValue = Int64(exactly: modified) else { return false }
                records[String(decoding: UnsafeBufferPointer(rebasing: buffer[path]), as: UTF8.self)] =
                    Record(size: sizeValue, modified: modifiedValue, inode: inode, templateDigest: digest)
            }
            return true
        }
        if valid { cache.records = records }
        return cache
    }

    /// The stat data the cache compares, or nil when the file does not exist.
    static func statRecord(of url: URL, templateDigest: UInt64) -> Record? { statRecord(atPath: url.path, templateDigest: templateDigest) }

    static func statRecord(atPath path: String, templateDigest: UInt64) -> Record? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        return Record(size: Int64(status.st_size), modified: modified, inode: UInt64(status.st_ino), templateDigest: templateDigest)
    }

    /// True when the catalog at `url` is exactly as the last sync left it, for the same template.
    func isUnchanged(_ key: String, atPath path: String, templateDigest: UInt64) -> Bool {
        guard let record = records[key], record.modified < savedAt else { return false }
        return Self.statRecord(atPath: path, templateDigest: templateDigest) == record
    }

    mutating func set(_ path: String, _ record: Record?) {
        records[path] = record
    }

    func save(for project: Project) throws {
        let folder = Self.folder(of: project)
        let ignore = folder.appendingPathComponent(".gitignore")
        if (try? FileTree.readIfPresent(ignore)) == nil {
            try FileTree.writeAtomically(Array("# tolk's sync cache: local to this checkout.\n*\n".utf8), to: ignore)
        }
        var text = Self.version + "\n" + fingerprint + "\n"
        for (path, record) in records.sorted(by: { $0.key < $1.key }) {
            text += "\(path)\t\(record.size)\t\(record.modified)\t\(record.inode)\t\(String(record.templateDigest, radix: 16))\n"
        }
        try FileTree.writeAtomically(Array(text.utf8), to: Self.location(of: project))
    }

    /// FNV-1a, 64 bits: stable across runs, unlike `Hasher`.
    static func digest(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
