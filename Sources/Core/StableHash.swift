/// tolk's one stable hash: 64-bit FNV-1a, the same on every run and every machine (Swift's `Hasher`
/// is seeded per process). XLIFF unit ids, the sync cache's text digests, the build's fingerprints
/// and output keys are all made with it, so a value written to a file today means the same tomorrow.
///
/// ```swift
/// var hash = StableHash()
/// hash.add("ru")                 // the text's bytes and a 0xFF separator
/// hash.add(number: 42)
/// hash.value                     // a UInt64
/// StableHash.of(Array("Hello".utf8))   // FNV-1a of the bytes alone
/// ```
public struct StableHash: Sendable {
    @usableFromInline static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    @usableFromInline static let prime: UInt64 = 0x0000_0100_0000_01B3

    public var value: UInt64

    @inlinable public init() { value = Self.offsetBasis }

    @inlinable public mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* Self.prime
    }

    @inlinable public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        var hash = value
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* Self.prime }
        value = hash
    }

    /// The bytes alone, no separator (a text's `utf8`, a slice).
    @inlinable public mutating func add<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        var hash = value
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* Self.prime }
        value = hash
    }

    /// The text's UTF-8 bytes and a 0xFF separator, which no UTF-8 text contains: "ab" + "c" and
    /// "a" + "bc" differ.
    @inlinable public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add($0) }
        add(byte: 0xFF)
    }

    /// The number's eight bytes, little-endian.
    @inlinable public mutating func add(number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { add($0.bindMemory(to: UInt8.self)) }
    }

    /// FNV-1a of the bytes alone.
    @inlinable public static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = StableHash()
        hash.add(bytes)
        return hash.value
    }

    @inlinable public static func of(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBufferPointer { of($0) } }

    /// FNV-1a of the text's UTF-8 bytes (no separator).
    @inlinable public static func of(utf8 text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { of($0) }
    }

    /// A whole file's digest: eight bytes per step (a multiply-xor-rotate mix, the tail byte by byte),
    /// several times faster than FNV over each byte. Not FNV: use it only to compare files across runs.
    @inlinable public static func ofFile(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { raw -> UInt64 in
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
            let words = raw.count / 8
            for index in 0..<words {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
                hash = (hash ^ (word &* 0xBF58_476D_1CE4_E5B9)) &* 0x94D0_49BB_1331_11EB
                hash = (hash << 29) | (hash >> 35)
            }
            for index in (words * 8)..<raw.count {
                hash = (hash ^ UInt64(raw[index])) &* prime
            }
            hash ^= hash >> 31
            return hash &* 0xBF58_476D_1CE4_E5B9
        }
    }
}
