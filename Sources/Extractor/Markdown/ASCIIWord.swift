#if canImport(Glibc)
import Glibc
#endif

extension Array where Element == UInt8 {
    /// Whether the bytes at `index` spell `word` (ASCII), compared in place: the scanners call this at
    /// many positions of every message, where building the word as an array each time would allocate.
    /// - Parameter ignoringCase: ASCII letters match either case (`word` is written in lowercase).
    func hasASCII(_ word: StaticString, at index: Int, ignoringCase: Bool = false) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index >= 0, index + count <= self.count else { return false }
        for offset in 0..<count {
            var byte = self[index + offset]
            if ignoringCase, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte != word.utf8Start[offset] { return false }
        }
        return true
    }
}

extension String {
    /// Whether the text's UTF-8 bytes hold `byte`, found with `memchr` in a native string's storage
    /// (the checks and the merge ask this of every translation; iterating the view byte by byte was
    /// a twentieth of a build).
    package func containsUTF8Byte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in
            guard let start = bytes.baseAddress, !bytes.isEmpty else { return false }
            return memchr(start, Int32(byte), bytes.count) != nil
        } ?? utf8.contains(byte)
    }

    /// Whether any of the text's UTF-8 bytes satisfies `test`, tested in a native string's storage
    /// (`String.UTF8View`'s generic iteration costs several times the test: the checks ask this of
    /// every translation of a build).
    package func containsUTF8Byte(where test: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in bytes.contains(where: test) } ?? utf8.contains(where: test)
    }
}
