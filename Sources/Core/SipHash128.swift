/// SipHash-2-4 with its 128-bit output (Aumasson and Bernstein's keyed hash), fed in pieces. Where
/// `StableHash` only has to tell files apart across runs, this one stands between a hostile input and
/// a decision: without the 128-bit key, nobody can make two texts share a value, and 128 bits keep
/// chance collisions out of reach on any site. The verdict cache of the checks is keyed with it.
///
/// ```swift
/// var hash = SipHash128(key: (0x0706050403020100, 0x0F0E0D0C0B0A0908))
/// hash.add(Array("Hello".utf8))
/// let digest = hash.finalize()   // (low: UInt64, high: UInt64): the 16 output bytes, little-endian
/// ```
public struct SipHash128: Sendable {
    public struct Digest: Hashable, Sendable {
        /// Output bytes 0–7 and 8–15, each read little-endian.
        public var low: UInt64
        public var high: UInt64

        public init(low: UInt64, high: UInt64) {
            self.low = low
            self.high = high
        }
    }

    private var v0: UInt64, v1: UInt64, v2: UInt64, v3: UInt64
    /// Bytes not yet a whole word, in the low bytes of `tail` (little-endian order).
    private var tail: UInt64 = 0
    private var tailCount = 0
    private var length: UInt64 = 0

    /// `key`: the key's bytes 0–7 and 8–15, each read little-endian.
    public init(key: (UInt64, UInt64)) {
        v0 = key.0 ^ 0x736F_6D65_7073_6575
        v1 = key.1 ^ 0x646F_7261_6E64_6F6D ^ 0xEE
        v2 = key.0 ^ 0x6C79_6765_6E65_7261
        v3 = key.1 ^ 0x7465_6462_7974_6573
    }

    public init(key: Digest) { self.init(key: (key.low, key.high)) }

    @inline(__always) private static func rotated(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 &- count))
    }

    @inline(__always) private mutating func round() { Self.round(&v0, &v1, &v2, &v3) }

    @inline(__always) private static func round(_ v0: inout UInt64, _ v1: inout UInt64, _ v2: inout UInt64, _ v3: inout UInt64) {
        v0 = v0 &+ v1; v1 = rotated(v1, 13); v1 ^= v0; v0 = rotated(v0, 32)
        v2 = v2 &+ v3; v3 = rotated(v3, 16); v3 ^= v2
        v0 = v0 &+ v3; v3 = rotated(v3, 21); v3 ^= v0
        v2 = v2 &+ v1; v1 = rotated(v1, 17); v1 ^= v2; v2 = rotated(v2, 32)
    }

    @inline(__always) private mutating func compress(_ word: UInt64) {
        v3 ^= word
        round(); round()
        v0 ^= word
    }

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        var index = 0
        while tailCount > 0, tailCount < 8, index < bytes.count {
            tail |= UInt64(bytes[index]) << UInt64(tailCount * 8)
            tailCount += 1
            index += 1
        }
        if tailCount == 8 {
            compress(tail)
            tail = 0
            tailCount = 0
        }
        if bytes.count - index >= 8 {
            // The state in locals for the loop: kept in `self`, it went through memory each word, and
            // every round waited for a store to be read back.
            var state = (v0, v1, v2, v3)
            while bytes.count - index >= 8 {
                let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                state.3 ^= word
                Self.round(&state.0, &state.1, &state.2, &state.3)
                Self.round(&state.0, &state.1, &state.2, &state.3)
                state.0 ^= word
                index += 8
            }
            (v0, v1, v2, v3) = state
        }
        while index < bytes.count {
            tail |= UInt64(bytes[index]) << UInt64(tailCount * 8)
            tailCount += 1
            index += 1
        }
    }

    public mutating func add(_ bytes: [UInt8]) { bytes.withUnsafeBytes { add($0) } }

    /// The text's UTF-8 bytes after their count (eight bytes): "ab" + "c" and "a" + "bc" differ.
    public mutating func add(lengthPrefixed text: String) {
        var text = text
        text.withUTF8 { add(lengthPrefixed: UnsafeRawBufferPointer($0)) }
    }

    /// The bytes after their count (eight bytes), as `add(lengthPrefixed:)` adds a text's.
    public mutating func add(lengthPrefixed bytes: UnsafeRawBufferPointer) {
        add(number: UInt64(bytes.count))
        add(bytes)
    }

    public mutating func add(lengthPrefixed bytes: [UInt8]) { bytes.withUnsafeBytes { add(lengthPrefixed: $0) } }

    /// The number's eight bytes, little-endian.
    public mutating func add(number: UInt64) {
        length &+= 8
        guard tailCount > 0 else { return compress(number) }
        // The bytes pending and the number's first ones make a word; the number's last ones wait.
        let shift = UInt64(tailCount * 8)
        compress(tail | number << shift)
        tail = number >> (64 - shift)
    }

    /// A digest's sixteen bytes (`low`, then `high`).
    public mutating func add(digest: Digest) {
        add(number: digest.low)
        add(number: digest.high)
    }

    public func finalize() -> Digest {
        var state = self
        state.compress(tail | (length << 56))
        state.v2 ^= 0xEE
        for _ in 0..<4 { state.round() }
        let low = state.v0 ^ state.v1 ^ state.v2 ^ state.v3
        state.v1 ^= 0xDD
        for _ in 0..<4 { state.round() }
        return Digest(low: low, high: state.v0 ^ state.v1 ^ state.v2 ^ state.v3)
    }
}
