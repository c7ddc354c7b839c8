import Catalog
import Core
import Extractor
import Foundation
import Synchronization
import Workspace

/// The translations the Markdown checks (`TranslationChecks`) already found clean, in `.tolk/verdicts`,
/// so that `tolk build`, `status` and `check` judge each translation once, not once per run: a catalog
/// that changed in one entry is judged in that entry only, and `tolk status` after a build judges nothing
/// the build judged.
///
/// A verdict is the key of what the checks read, and nothing else: the check rules' version, the
/// dialect with its settings (`MarkdownDialect.checkingIdentity`), the locale's plural categories, the
/// source, its plural and every translation. Any change to one of them is another key, judged anew.
/// Only clean verdicts are kept: a refused translation is judged again each time (there are few, and
/// their findings are reported with their positions).
///
/// The keys are SipHash-2-4-128 under a random secret of this checkout: without it, no translation can
/// be made to share a key with a clean one, and 128 bits leave chance collisions out of reach. The file
/// is the open-addressing table itself (read and used as it is); a damaged or foreign file is ignored
/// and replaced. Like the rest of `.tolk/`, it is local state: git ignores it, and a fresh clone (a CI
/// run) starts without it.
///
/// ```swift
/// let verdicts = VerdictCache.load(from: project)
/// let gate = TranslationGate(check: check, isMessageFormat: false, dialect: nil, verdicts: VerdictLedger(verdicts))
/// gate.mayShip(entry)                                    // judged, or known clean
/// try verdicts.save(in: project, dropsUnused: false)     // the verdicts found this run, added
/// ```
package final class VerdictCache: Sendable {
    package typealias Key = SipHash128.Digest

    static let header = "tolk-verdicts 1"
    /// The table's smallest size, and its largest (2^26 slots, 1 GiB: far past any site; a file claiming more is damaged).
    static let minimumSlots = 1 << 10, maximumSlots = 1 << 26
    /// How far a key may sit from its home slot. The table is at most two-thirds full, so almost every
    /// key is within a few slots; one that is not is simply not remembered.
    static let probeLimit = 32

    private let secret: Key
    /// Open addressing, linear probing from `low & (count - 1)`; all zero is an empty slot (a key that
    /// is all zero is never stored).
    private let slots: [Key]
    private let storedCount: Int
    /// The keys found clean or looked up clean this run, handed in by ledgers.
    private let used = Mutex<[Key]>([])

    init(secret: Key, slots: [Key]) {
        self.secret = secret
        self.slots = slots
        storedCount = slots.reduce(0) { $0 + ($1 == Self.vacant ? 0 : 1) }
    }

    /// An empty cache under a new random secret.
    package static func empty() -> VerdictCache {
        var random = SystemRandomNumberGenerator()
        return VerdictCache(secret: Key(low: random.next(), high: random.next()), slots: [])
    }

    static let vacant = Key(low: 0, high: 0)

    package static func location(in project: Project) -> URL { project.stateFolder.appendingPathComponent("verdicts") }

    /// The first line names the format, the second the check rules the verdicts were made under, the
    /// secret and the table's size; the table follows, 16 bytes a slot. Anything else is no cache.
    private static func headerLines(secret: Key, slots: Int) -> String {
        header + "\n" + "checks \(TranslationGate.rulesVersion) secret \(hex(secret)) slots \(slots)\n"
    }

    package static func load(from project: Project) -> VerdictCache {
        guard let bytes = try? FileTree.readIfPresent(location(in: project)) else { return empty() }
        return read(bytes) ?? empty()
    }

    /// The cache in `bytes`, or nil when they are not a whole, current one.
    static func read(_ bytes: [UInt8]) -> VerdictCache? {
        guard let firstEnd = bytes.firstIndex(of: 0x0A), bytes[..<firstEnd].elementsEqual(header.utf8),
              let secondEnd = bytes[(firstEnd + 1)...].firstIndex(of: 0x0A) else { return nil }
        let fields = String(decoding: bytes[(firstEnd + 1)..<secondEnd], as: UTF8.self).split(separator: " ")
        guard fields.count == 6, fields[0] == "checks", fields[1] == Substring(TranslationGate.rulesVersion), fields[2] == "secret",
              let secret = key(hex: fields[3]), fields[4] == "slots", let count = Int(fields[5]),
              count >= minimumSlots, count <= maximumSlots, count & (count - 1) == 0,
              bytes.count - (secondEnd + 1) == count * 16 else { return nil }
        let start = secondEnd + 1
        let slots = bytes.withUnsafeBytes { raw in
            (0..<count).map { index in
                Key(low: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + index * 16, as: UInt64.self)),
                    high: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + index * 16 + 8, as: UInt64.self)))
            }
        }
        let cache = VerdictCache(secret: secret, slots: slots)
        // A table fuller than this one ever writes is not this one's.
        guard cache.storedCount * 3 <= count * 2 else { return nil }
        return cache
    }

    /// The number of verdicts the file held when loaded.
    package var count: Int { storedCount }

    func contains(_ key: Key) -> Bool {
        guard !slots.isEmpty, key != Self.vacant else { return false }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: key.low) & mask
        for _ in 0..<Self.probeLimit {
            let slot = slots[index]
            if slot == key { return true }
            if slot == Self.vacant { return false }
            index = (index + 1) & mask
        }
        return false
    }

    /// The key maker for one dialect and one locale's plural categories.
    package func context(dialect: (any MarkdownDialect)?, categories: [String]) -> Context {
        var hash = SipHash128(key: secret)
        hash.add(lengthPrefixed: "tolk verdicts 1")
        hash.add(lengthPrefixed: TranslationGate.rulesVersion)
        hash.add(lengthPrefixed: dialect?.checkingIdentity ?? "CommonMark")
        hash.add(number: UInt64(categories.count))
        for category in categories { hash.add(lengthPrefixed: category) }
        return Context(key: hash.finalize())
    }

    /// Makes the keys of translations judged under one dialect and one set of plural categories.
    package struct Context: Sendable {
        let key: Key

        package func key(source: String, sourcePlural: String?, translations: [String]) -> Key {
            var hash = SipHash128(key: key)
            hash.add(lengthPrefixed: source)
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
    }

    /// Called by each ledger once, when it is done.
    func collect(_ keys: [Key]) {
        guard !keys.isEmpty else { return }
        used.withLock { $0 += keys }
    }

    /// Writes the verdicts of this run: with `dropsUnused`, only those used by it (pass it when the
    /// run judged every translation the catalogs hold, so that verdicts of translations gone since do
    /// not pile up); otherwise added to the ones loaded. Nothing is written when nothing would change.
    /// - Returns: how many verdicts the file holds.
    @discardableResult
    package func save(in project: Project, dropsUnused: Bool) throws -> Int {
        let keys = used.withLock { $0 }
        let isNew = keys.contains { !contains($0) }
        guard isNew || (dropsUnused && keys.count < storedCount) else { return storedCount }
        var all = keys
        if !dropsUnused { all += slots.lazy.filter { $0 != Self.vacant } }
        let table = Self.table(of: all)
        var bytes = Array(Self.headerLines(secret: secret, slots: table.slots.count).utf8)
        bytes.reserveCapacity(bytes.count + table.slots.count * 16)
        for slot in table.slots {
            withUnsafeBytes(of: slot.low.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: slot.high.littleEndian) { bytes += $0 }
        }
        try ToolFolder.prepare(in: project)
        try FileTree.writeAtomically(bytes, to: Self.location(in: project))
        return table.stored
    }

    /// An open-addressing table of `keys` (repeats stored once), at most two-thirds full.
    static func table(of keys: [Key]) -> (slots: [Key], stored: Int) {
        var count = minimumSlots
        while count * 2 < keys.count * 3, count < maximumSlots { count *= 2 }
        var slots = [Key](repeating: vacant, count: count)
        let mask = count - 1
        var stored = 0
        for key in keys where key != vacant && stored * 3 < count * 2 {
            var index = Int(truncatingIfNeeded: key.low) & mask
            for _ in 0..<probeLimit {
                if slots[index] == key { break }
                if slots[index] == vacant {
                    slots[index] = key
                    stored += 1
                    break
                }
                index = (index + 1) & mask
            }
        }
        return (slots, stored)
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

/// One task's use of the verdict cache: the keys it looked up clean and the ones it found clean,
/// handed to the cache in one go when the ledger is released (so parallel tasks do not queue at a
/// lock per translation). A ledger belongs to one task; it is not shared between threads.
package final class VerdictLedger {
    let cache: VerdictCache
    private var keys: [VerdictCache.Key] = []

    package init(_ cache: VerdictCache) { self.cache = cache }

    /// Whether the translation under `key` is known clean; a known one is counted as used.
    func isClean(_ key: VerdictCache.Key) -> Bool {
        guard cache.contains(key) else { return false }
        keys.append(key)
        return true
    }

    func recordClean(_ key: VerdictCache.Key) { keys.append(key) }

    deinit { cache.collect(keys) }
}
