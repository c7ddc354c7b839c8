import Core
import Testing

/// `containsUTF8Byte` (memchr over the string's storage) answers as `utf8.contains` does.
@Suite struct ContainsUTF8ByteTests {
    @Test(arguments: ["", "^", "Done.[^1]", "line one\nline two", "carriage\r", "Grüße aus Zürich", "مرحبا^", "短い文字列", String(repeating: "long text ", count: 50) + "^"])
    func answersAsTheUTF8ViewDoes(text: String) {
        for byte: UInt8 in [0x0A, 0x0D, UInt8(ascii: "^"), UInt8(ascii: "["), 0xC3, 0x00] {
            #expect(text.containsUTF8Byte(byte) == text.utf8.contains(byte), "\(byte) in \(text)")
        }
        // A substring's copy and a string with a shared buffer answer alike.
        let copy = String(text.dropFirst(0))
        #expect(copy.containsUTF8Byte(0x0A) == text.utf8.contains(0x0A))
    }
}

/// `containsUTF8Byte(where:)` answers as `utf8.contains(where:)` does, for native strings and bridged slices alike.
@Suite struct ContainsUTF8BytePredicateTests {
    @Test(arguments: ["", "*", "plain words", "a `code` span", "Grüße *aus* Zürich", "مرحبا_", "短い~文字列", String(repeating: "long text ", count: 50) + "]"])
    func answersAsTheUTF8ViewDoes(text: String) {
        let tests: [(UInt8) -> Bool] = [{ $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "_") }, { $0 == UInt8(ascii: "]") }, { $0 >= 0x80 }, { $0 == 0xC3 }, { _ in false }]
        for test in tests {
            #expect(text.containsUTF8Byte(where: test) == text.utf8.contains(where: test), "\(text)")
            #expect(String(text.dropFirst()).containsUTF8Byte(where: test) == text.dropFirst().utf8.contains(where: test), "\(text)")
        }
    }
}

/// `firstIndex(of:from:)` (memchr from a position) answers as a search of the array's tail does.
@Suite struct FirstByteFromTests {
    @Test func answersAsTheTailsSearchDoes() {
        let arrays: [[UInt8]] = [[], Array("=".utf8), Array(#"<a href="/ru/posts/a/">x</a> <img src="/i.png" alt="=">"#.utf8), Array("Grüße = Zürich ==".utf8)]
        for bytes in arrays {
            for start in -1...(bytes.count + 1) {
                for byte: UInt8 in [UInt8(ascii: "="), UInt8(ascii: "\""), 0xC3, 0x00] {
                    let expected = start < 0 ? nil : bytes.indices.first { $0 >= start && bytes[$0] == byte }
                    #expect(bytes.firstIndex(of: byte, from: start) == expected, "\(byte) from \(start) in \(bytes)")
                }
            }
        }
    }
}

/// The byte counts made eight bytes at a time (columns and lines of the XLIFF reader) give the counts
/// made byte by byte, at any alignment.
@Suite struct ByteCountTests {
    @Test func charactersAreCountedAsByteByByte() {
        var generator = SystemRandomNumberGenerator()
        let text = Array((0..<2_000).map { _ in ["a", "é", "ё", "€", "日", "😀", "\n", " "].randomElement(using: &generator)! }.joined().utf8)
        text.withUnsafeBytes { raw in
            for (start, end) in [(0, raw.count), (1, raw.count - 3), (5, 12), (7, 8), (9, 9)] {
                let expected = raw[start..<end].filter { $0 & 0xC0 != 0x80 }.count
                #expect(raw.utf8CharacterCount(from: start, to: end) == expected, "\(start)..<\(end)")
            }
        }
    }

    @Test func lineFeedsAreCountedAsByteByByte() {
        var generator = SystemRandomNumberGenerator()
        let text = Array((0..<3_000).map { _ in ["a", "\n", "\r\n", "\u{0B}", "\u{8A}", "ё", " "].randomElement(using: &generator)! }.joined().utf8)
        text.withUnsafeBytes { raw in
            for (start, end) in [(0, raw.count), (1, raw.count - 3), (5, 12), (7, 8), (9, 9)] {
                #expect(raw.count(of: 0x0A, from: start, to: end) == raw[start..<end].filter { $0 == 0x0A }.count, "\(start)..<\(end)")
            }
        }
    }
}
