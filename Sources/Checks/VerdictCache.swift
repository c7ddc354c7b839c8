import Catalog
import Core
import Extractor
import Foundation
import Synchronization
import Workspace

/// The translations the Markdown checks (`TranslationChecks`) already found clean, in `.tolk/verdicts`,
/// so that `tolk build`, `status`, `check` and `import` judge each translation once, not once per run: a
/// catalog that changed in one entry is judged in that entry only, and `tolk status` after a build judges
/// nothing the build judged.
///
/// A verdict is the key of what the checks read, and nothing else: the check rules' version, the
/// dialect with its settings (`MarkdownDialect.checkingIdentity`), the locale's plural categories, the
/// source, its plural and every translation. Any change to one of them is another key, judged anew.
/// The source goes in as its own digest (`Context.sourceDigest`), under a key of the secret alone: a
/// reader that digests each source text anyway (`POReader.scan`, given that key) does not hash it twice.
/// Only clean verdicts are kept: a refused translation is judged again each time (there are few, and
/// their findings are reported with their positions).
///
/// The keys are SipHash-2-4-128 under a random secret of this checkout: without it, no translation can
/// be made to share a key with a clean one, and 128 bits leave chance collisions out of reach. The file
/// is the open-addressing table itself, mapped and probed where it lies, so a run that reads a few
/// catalogs reads a few pages of it; a damaged or foreign file is ignored and replaced. Like the rest
/// of `.tolk/`, it is local state: git ignores it, and a fresh clone (a CI run) starts without it.
///
/// ```swift
/// let verdicts = VerdictCache(project: project, recordsUse: false)
/// let gate = TranslationGate(check: check, isMessageFormat: false, dialect: nil, verdicts: VerdictLedger(verdicts))
/// gate.judgement(of: entry, at: 0, in: read, file: path)  // judged, or known clean
/// try verdicts.save(in: project, dropsUnused: false)     // the verdicts found this run, added
/// ```
package final class VerdictCache: Sendable {
    package typealias Key = SipHash128.Digest

    static let header = "tolk-verdicts 2"
    /// The table's smallest size, and its largest (2^26 slots, 1 GiB: far past any site; a file claiming more is damaged).
    static let minimumSlots = 1 << 10, maximumSlots = 1 << 26
    /// How far a key may sit from its home slot. The table is at most two-thirds full, so almost every
    /// key is within a few slots; one that is not is simply not remembered.
    static let probeLimit = 32
    static let vacant = Key(low: 0, high: 0)

    /// Where the verdicts are read from; nil: nowhere (a cache that starts empty).
    private let location: URL?
    /// Whether the keys looked up clean are kept too, not only the new ones: only a run that may drop
    /// the unused verdicts (`save(dropsUnused: true)`) needs them.
    let recordsUse: Bool
    /// Read when a task first asks: a run that reads no catalog (a build with nothing changed) does not read the file.
    private let loaded = Mutex<Table?>(nil)
    /// The keys found clean this run (and, when `recordsUse`, those looked up clean), as the ledgers
    /// handed them in: kept as their arrays, not joined into one, which would hold two copies of millions
    /// of keys each time it grew.
    private let collected = Mutex<[[Key]]>([])
    /// Whether a ledger found a translation clean that the table does not hold.
    private let judgedAnew = Mutex(false)

    /// The verdicts in `.tolk/verdicts` of `project`, read when first needed.
    package convenience init(project: Project, recordsUse: Bool) {
        self.init(location: Self.location(in: project), recordsUse: recordsUse)
    }

    init(location: URL?, recordsUse: Bool, table: Table? = nil) {
        self.location = location
        self.recordsUse = recordsUse
        if let table { loaded.withLock { $0 = table } }
    }

    /// An empty cache under a new random secret.
    package static func empty() -> VerdictCache { VerdictCache(location: nil, recordsUse: true, table: .empty()) }

    package static func location(in project: Project) -> URL { project.stateFolder.appendingPathComponent("verdicts") }

    /// The file's table, or an empty one under a new secret when there is none or it is not a whole, current one.
    func table() -> Table {
        loaded.withLock { table in
            if let table { return table }
            let read = location.flatMap { try? MappedFile(path: $0.path) }.flatMap(Table.init(file:)) ?? .empty()
            table = read
            return read
        }
    }

    /// The number of verdicts the file held when read.
    package var count: Int { table().stored }

    func contains(_ key: Key) -> Bool { table().contains(key) }

    /// The key maker for one dialect and one locale's plural categories.
    package func context(dialect: (any MarkdownDialect)?, categories: [String]) -> Context {
        table().context(dialect: dialect, categories: categories)
    }

    /// Makes the keys of translations judged under one dialect and one set of plural categories.
    package struct Context: Sendable {
        let key: Key
        /// What source texts are digested under (the same in every context of one cache).
        package let sourceDigestKey: Key

        /// The digest a key takes of the source text `bytes`: SipHash of their count and the bytes,
        /// under `sourceDigestKey` (as `POReader.scan` digests a msgid when given that key).
        package func sourceDigest(_ bytes: UnsafeRawBufferPointer) -> Key {
            var hash = SipHash128(key: sourceDigestKey)
            hash.add(lengthPrefixed: bytes)
            return hash.finalize()
        }

        package func key(source: String, sourcePlural: String?, translations: [String]) -> Key {
            var source = source
            var hash = SipHash128(key: key)
            hash.add(digest: source.withUTF8 { sourceDigest(UnsafeRawBufferPointer($0)) })
            if let sourcePlural {
                hash.add(number: 1)
                hash.add(lengthPrefixed: sourcePlural)
            } else {
                hash.add(number: 0)
            }
            hash.add(number: UInt64(translations.count))
            for translation in translations { hash.add(lengthPrefixed: translation) }
            return hash.finalize()
        }

        /// The key of a singular translation given as UTF-8 bytes, its source as its `sourceDigest`:
        /// the same as `key(source:sourcePlural: nil, translations: [translation])` of the strings they spell.
        package func key(sourceDigest: Key, translation: [UInt8]) -> Key {
            var hash = SipHash128(key: key)
            hash.add(digest: sourceDigest)
            hash.add(number: 0)
            hash.add(number: 1)
            hash.add(lengthPrefixed: translation)
            return hash.finalize()
        }
    }

    /// Called by each ledger once, when it is done.
    func collect(_ keys: [Key], judgedAnew anew: Bool) {
        if anew { judgedAnew.withLock { $0 = true } }
        guard !keys.isEmpty else { return }
        collected.withLock { $0.append(keys) }
    }

    /// Writes the verdicts of this run into `project`'s `.tolk/`: with `dropsUnused`, only those used
    /// by it (pass it when the run judged every translation the catalogs hold, so that verdicts of
    /// translations gone since do not pile up; the cache must record use); otherwise added to the ones
    /// read. Nothing is written when nothing would change, or when no task asked for the cache.
    /// - Returns: how many verdicts the file holds.
    @discardableResult
    package func save(in project: Project, dropsUnused: Bool) throws -> Int {
        let keys = collected.withLock { keys in
            defer { keys = [] }
            return keys
        }
        let count = keys.reduce(0) { $0 + $1.count }
        guard count > 0 || loaded.withLock({ $0 != nil }) else { return 0 }
        let old = table()
        let drops = dropsUnused && recordsUse
        // A key judged clean this run is new (a lookup found it missing): without one, the file
        // changes only when unused verdicts are dropped.
        guard judgedAnew.withLock({ $0 }) || (drops && count < old.stored) else { return old.stored }
        let file = Table.file(secret: old.secret, keys: keys, and: drops ? nil : old)
        try ToolFolder.prepare(in: project)
        try FileTree.writeAtomically(file.bytes, to: Self.location(in: project))
        return file.stored
    }

    /// The secret and the open-addressing table of one file, used where it lies (mapped, so a run
    /// that probes a few slots reads a few pages): 16 bytes a slot, linear probing from
    /// `low & (slots - 1)`, all zero an empty slot (a key that is all zero is never stored).
    struct Table: Sendable {
        let secret: Key
        /// The file; the table starts at `start`. nil: no table (an empty cache).
        let file: MappedFile?
        let start: Int
        let slots: Int
        /// How many keys the header says the table holds: used to size the next table and to tell
        /// whether dropping unused verdicts would shrink it, never to bound a lookup (the probe limit does).
        let stored: Int

        static func empty() -> Table {
            var random = SystemRandomNumberGenerator()
            return Table(secret: Key(low: random.next(), high: random.next()), file: nil, start: 0, slots: 0, stored: 0)
        }

        init(secret: Key, file: MappedFile?, start: Int, slots: Int, stored: Int) {
            (self.secret, self.file, self.start, self.slots, self.stored) = (secret, file, start, slots, stored)
        }

        /// The first line names the format; the second the check rules the verdicts were made under,
        /// the secret, the table's size and the number of keys; the table follows. Anything else is no cache: nil.
        init?(file: MappedFile) {
            let bytes = file.bytes
            guard let firstEnd = bytes.prefix(64).firstIndex(of: 0x0A), bytes[..<firstEnd].elementsEqual(VerdictCache.header.utf8),
                  let secondEnd = bytes[(firstEnd + 1)...].prefix(256).firstIndex(of: 0x0A) else { return nil }
            let fields = String(decoding: bytes[(firstEnd + 1)..<secondEnd], as: UTF8.self).split(separator: " ")
            guard fields.count == 8, fields[0] == "checks", fields[1] == Substring(TranslationGate.rulesVersion), fields[2] == "secret",
                  let secret = VerdictCache.key(hex: fields[3]), fields[4] == "slots", let slots = Int(fields[5]),
                  slots >= VerdictCache.minimumSlots, slots <= VerdictCache.maximumSlots, slots & (slots - 1) == 0,
                  fields[6] == "keys", let stored = Int(fields[7]), stored >= 0, stored * 3 <= slots * 2,
                  bytes.count - (secondEnd + 1) == slots * 16 else { return nil }
            self.init(secret: secret, file: file, start: secondEnd + 1, slots: slots, stored: stored)
        }

        @inline(__always) static func key(in raw: UnsafeRawBufferPointer, at offset: Int) -> Key {
            Key(low: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
                high: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
        }

        /// Where `key` sits in a table of `slots` slots at `start` of `raw`, or the vacant slot where it
        /// would go (`isStored` false); nil when neither is within the probe limit. Lookups and
        /// insertions probe alike, so a key is found where it was put.
        static func probe(_ key: Key, in raw: UnsafeRawBufferPointer, start: Int, slots: Int) -> (offset: Int, isStored: Bool)? {
            let mask = slots - 1
            var slot = Int(truncatingIfNeeded: key.low) & mask
            for _ in 0..<VerdictCache.probeLimit {
                let offset = start + slot * 16
                let found = Table.key(in: raw, at: offset)
                if found == key { return (offset, true) }
                if found == VerdictCache.vacant { return (offset, false) }
                slot = (slot + 1) & mask
            }
            return nil
        }

        func contains(_ key: Key) -> Bool {
            guard let raw = file?.bytes, slots > 0, key != VerdictCache.vacant else { return false }
            return Table.probe(key, in: raw, start: start, slots: slots)?.isStored == true
        }

        /// Every key the table holds.
        func forEachKey(_ body: (Key) -> Void) {
            guard let raw = file?.bytes else { return }
            for slot in 0..<slots {
                let key = Table.key(in: raw, at: start + slot * 16)
                if key != VerdictCache.vacant { body(key) }
            }
        }

        func context(dialect: (any MarkdownDialect)?, categories: [String]) -> Context {
            var sourceTexts = SipHash128(key: secret)
            sourceTexts.add(lengthPrefixed: "tolk verdicts 2: source texts")
            var hash = SipHash128(key: secret)
            hash.add(lengthPrefixed: "tolk verdicts 2")
            hash.add(lengthPrefixed: TranslationGate.rulesVersion)
            hash.add(lengthPrefixed: dialect?.checkingIdentity ?? "CommonMark")
            hash.add(number: UInt64(categories.count))
            for category in categories { hash.add(lengthPrefixed: category) }
            return Context(key: hash.finalize(), sourceDigestKey: sourceTexts.finalize())
        }

        /// A file of `keys` and the keys of `old` (repeats stored once) under `secret`, the table at
        /// most two-thirds full, built in place in the file's bytes. When the old table has room for
        /// the new keys, it is copied and they are added to it (a build that judged a few catalogs
        /// anew copies the file once rather than inserting every key again).
        static func file(secret: Key, keys: [[Key]], and old: Table?) -> (bytes: [UInt8], stored: Int) {
            let total = keys.reduce(0) { $0 + $1.count } + (old?.stored ?? 0)
            var slots = VerdictCache.minimumSlots
            while slots * 2 < total * 3, slots < VerdictCache.maximumSlots { slots *= 2 }
            // The number of keys is known once they are in: its field has a fixed width and is filled in last.
            let header = Array((VerdictCache.header + "\n" + "checks \(TranslationGate.rulesVersion) secret \(VerdictCache.hex(secret)) slots \(slots) keys ").utf8)
            let countWidth = 12
            let start = header.count + countWidth + 1
            var stored = 0
            var bytes: [UInt8]
            var copiedOld = false
            if let old, let oldFile = old.file, old.slots == slots, old.start == start, old.secret == secret, oldFile.bytes.count == start + slots * 16 {
                bytes = Array(oldFile.bytes)
                stored = old.stored
                copiedOld = true
            } else {
                bytes = [UInt8](repeating: 0, count: start + slots * 16)
            }
            bytes.withUnsafeMutableBytes { raw in
                func insert(_ key: Key) {
                    guard key != VerdictCache.vacant, stored * 3 < slots * 2,
                          let place = probe(key, in: UnsafeRawBufferPointer(raw), start: start, slots: slots), !place.isStored else { return }
                    raw.storeBytes(of: key.low.littleEndian, toByteOffset: place.offset, as: UInt64.self)
                    raw.storeBytes(of: key.high.littleEndian, toByteOffset: place.offset + 8, as: UInt64.self)
                    stored += 1
                }
                for chunk in keys { for key in chunk { insert(key) } }
                if !copiedOld { old?.forEachKey(insert) }
            }
            let count = String(stored)
            let field = Array((String(repeating: "0", count: countWidth - count.count) + count + "\n").utf8)
            bytes.replaceSubrange(0..<start, with: header + field)
            return (bytes, stored)
        }
    }

    static func hex(_ key: Key) -> String {
        [key.low, key.high].map { word in
            let digits = String(word, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }

    static func key(hex text: Substring) -> Key? {
        guard text.utf8.count == 32, let low = UInt64(text.prefix(16), radix: 16), let high = UInt64(text.suffix(16), radix: 16) else { return nil }
        return Key(low: low, high: high)
    }
}

/// One task's use of the verdict cache: the keys it found clean (and, when the cache records use,
/// those it looked up clean), handed to the cache in one go when the ledger is released, so that
/// parallel tasks do not queue at a lock per translation. A ledger belongs to one task; it is not
/// shared between threads. The cache's file is read when the first ledger first asks.
package final class VerdictLedger {
    let cache: VerdictCache
    /// The cache's table once a lookup or a context asked for it (it keeps the mapped file alive),
    /// and where its slots lie: a lookup probes them directly, without a copy of the table (which
    /// retained and released the file on every lookup).
    // Unchecked (for every property a lookup touches): a ledger belongs to one task, and a run-time
    // check of each access cost as much as the probe.
    @exclusivity(unchecked) private var table: VerdictCache.Table?
    @exclusivity(unchecked) private var slots = UnsafeRawBufferPointer(start: nil, count: 0)
    @exclusivity(unchecked) private var start = 0
    @exclusivity(unchecked) private var slotCount = 0
    private let recordsUse: Bool
    @exclusivity(unchecked) private var keys: [VerdictCache.Key] = []

    package init(_ cache: VerdictCache) {
        self.cache = cache
        recordsUse = cache.recordsUse
    }

    private func loadedTable() -> VerdictCache.Table {
        if let table { return table }
        let loaded = cache.table()
        table = loaded
        if let file = loaded.file { (slots, start, slotCount) = (file.bytes, loaded.start, loaded.slots) }
        return loaded
    }

    func context(dialect: (any MarkdownDialect)?, categories: [String]) -> VerdictCache.Context {
        loadedTable().context(dialect: dialect, categories: categories)
    }

    /// Whether the translation under `key` is known clean.
    func isClean(_ key: VerdictCache.Key) -> Bool {
        if table == nil { _ = loadedTable() }
        guard slotCount > 0, key != VerdictCache.vacant,
              VerdictCache.Table.probe(key, in: slots, start: start, slots: slotCount)?.isStored == true else { return false }
        if recordsUse { keys.append(key) }
        return true
    }

    func recordClean(_ key: VerdictCache.Key) {
        keys.append(key)
        judgedAnew = true
    }

    @exclusivity(unchecked) private var judgedAnew = false

    deinit { cache.collect(keys, judgedAnew: judgedAnew) }
}
