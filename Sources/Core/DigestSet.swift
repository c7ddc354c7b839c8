/// A set of 128-bit digests (`SipHash128.Digest`), in open addressing from their low word: the
/// digests are keyed hashes, spread evenly already, so they are not hashed again (a `Set` runs
/// SipHash-1-3 over each one it is asked about).
///
/// ```swift
/// var seen = DigestSet(minimumCapacity: 64)
/// seen.insert(digest)   // true: new
/// seen.insert(digest)   // false: there already
/// ```
public struct DigestSet: Sendable {
    /// The table: a power of two in size, at most three quarters full; an all-zero slot is vacant.
    private var slots: [SipHash128.Digest]
    /// Whether the all-zero digest is in the set (it cannot sit in a slot).
    private var holdsZero = false
    public private(set) var count = 0

    public init(minimumCapacity: Int = 0) {
        var size = 16
        while size * 3 < minimumCapacity * 4 { size *= 2 }
        slots = Array(repeating: Self.vacant, count: size)
    }

    private static let vacant = SipHash128.Digest(low: 0, high: 0)

    /// Adds `digest`; returns whether it was not in the set before.
    @discardableResult
    public mutating func insert(_ digest: SipHash128.Digest) -> Bool {
        if digest == Self.vacant {
            defer { holdsZero = true }
            if !holdsZero { count += 1 }
            return !holdsZero
        }
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: digest.low) & mask
        while true {
            let found = slots[slot]
            if found == digest { return false }
            if found == Self.vacant {
                slots[slot] = digest
                count += 1
                return true
            }
            slot = (slot + 1) & mask
        }
    }

    public func contains(_ digest: SipHash128.Digest) -> Bool {
        if digest == Self.vacant { return holdsZero }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: digest.low) & mask
        while true {
            let found = slots[slot]
            if found == digest { return true }
            if found == Self.vacant { return false }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Self.vacant, count: old.count * 2)
        let mask = slots.count - 1
        for digest in old where digest != Self.vacant {
            var slot = Int(truncatingIfNeeded: digest.low) & mask
            while slots[slot] != Self.vacant { slot = (slot + 1) & mask }
            slots[slot] = digest
        }
    }
}
