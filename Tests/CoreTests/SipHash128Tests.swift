import Core
import Testing

/// SipHash-2-4-128 must give the reference implementation's values: the verdict cache's keys are
/// only as strong as the hash is SipHash.
@Suite struct SipHash128Tests {
    /// The reference test vectors (vectors.h of the SipHash reference code): key 00 01 … 0F, message
    /// 00 01 … of the given length, the 16 output bytes as hex.
    @Test(arguments: [
        (0, "a3817f04ba25a8e66df67214c7550293"),
        (1, "da87c1d86b99af44347659119b22fc45"),
        (7, "a1f1ebbed8dbc153c0b84aa61ff08239"),
        (8, "3b62a9ba6258f5610f83e264f31497b4"),
        (15, "5493e99933b0a8117e08ec0f97cfc3d9"),
        (16, "6ee2a4ca67b054bbfd3315bf85230577"),
        (63, "5150d1772f50834a503e069a973fbd7c"),
    ])
    func referenceVectors(length: Int, expected: String) {
        let message = (0..<length).map { UInt8($0) }
        var whole = referenceHasher()
        whole.add(message)
        #expect(hex(whole.finalize()) == expected)
        // Fed in every split into two pieces, and byte by byte: the same value.
        for cut in 0...length {
            var pieces = referenceHasher()
            pieces.add(Array(message[..<cut]))
            pieces.add(Array(message[cut...]))
            #expect(hex(pieces.finalize()) == expected)
        }
        var bytes = referenceHasher()
        for byte in message { bytes.add([byte]) }
        #expect(hex(bytes.finalize()) == expected)
    }

    /// A number is its eight bytes, little-endian, wherever it falls in the words: the vectors again,
    /// with the eight bytes after every cut given as a number.
    @Test(arguments: [(15, "5493e99933b0a8117e08ec0f97cfc3d9"), (16, "6ee2a4ca67b054bbfd3315bf85230577"), (63, "5150d1772f50834a503e069a973fbd7c")])
    func numbersAreTheirLittleEndianBytes(length: Int, expected: String) {
        let message = (0..<length).map { UInt8($0) }
        for cut in 0...(length - 8) {
            var hash = referenceHasher()
            hash.add(Array(message[..<cut]))
            hash.add(number: message[cut..<(cut + 8)].reversed().reduce(0) { $0 << 8 | UInt64($1) })
            hash.add(Array(message[(cut + 8)...]))
            #expect(hex(hash.finalize()) == expected, "cut at \(cut)")
        }
    }

    @Test func lengthPrefixedTextsAreSeparated() {
        var first = referenceHasher(), second = referenceHasher()
        first.add(lengthPrefixed: "ab"); first.add(lengthPrefixed: "c")
        second.add(lengthPrefixed: "a"); second.add(lengthPrefixed: "bc")
        #expect(first.finalize() != second.finalize())
    }

    @Test func anotherKeyGivesAnotherValue() {
        var reference = referenceHasher(), other = SipHash128(key: (0x0706_0504_0302_0100, 0x0F0E_0D0C_0B0A_0909))
        reference.add(Array("tolk".utf8))
        other.add(Array("tolk".utf8))
        #expect(reference.finalize() != other.finalize())
    }

    private func referenceHasher() -> SipHash128 { SipHash128(key: (0x0706_0504_0302_0100, 0x0F0E_0D0C_0B0A_0908)) }

    private func hex(_ digest: SipHash128.Digest) -> String {
        [digest.low, digest.high].flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) } }
            .map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}

