import Core
import Testing

/// The hash's values are written into files (XLIFF unit ids, `.tolk/` caches): they must be FNV-1a's
/// published values, the same on every machine and in every run.
@Suite struct StableHashTests {
    /// FNV-1a 64-bit test vectors (Fowler, Noll and Vo's reference values).
    @Test(arguments: [("", 0xcbf2_9ce4_8422_2325 as UInt64), ("a", 0xaf63_dc4c_8601_ec8c), ("foobar", 0x8594_4171_f739_67e8)])
    func publishedVectors(text: String, expected: UInt64) {
        #expect(StableHash.of(utf8: text) == expected)
        #expect(StableHash.of(Array(text.utf8)) == expected)
        var running = StableHash()
        running.add(bytes: text.utf8)
        #expect(running.value == expected)
    }

    /// A text added as a value ends with a separator, so two ways to cut the same bytes differ.
    @Test func textsAreSeparated() {
        var first = StableHash(), second = StableHash()
        first.add("ab"); first.add("c")
        second.add("a"); second.add("bc")
        #expect(first.value != second.value)
    }

    @Test func numbersAreLittleEndianBytes() {
        var number = StableHash(), bytes = StableHash()
        number.add(number: 0x0102_0304_0506_0708)
        bytes.add(bytes: [0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01] as [UInt8])
        #expect(number.value == bytes.value)
    }

    /// The whole-file digest reads eight bytes at a time and the tail byte by byte: every length and
    /// every changed byte gives another value.
    @Test func fileDigestSeesEveryByteAndTheLength() {
        let base = Array("tolk builds localized trees\n".utf8)
        var seen: Set<UInt64> = []
        for length in 0...base.count { #expect(seen.insert(StableHash.ofFile(Array(base.prefix(length)))).inserted) }
        for index in base.indices {
            var changed = base
            changed[index] ^= 0x01
            #expect(StableHash.ofFile(changed) != StableHash.ofFile(base))
        }
    }
}
