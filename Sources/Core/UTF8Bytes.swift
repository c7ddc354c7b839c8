#if canImport(Glibc)
import Glibc
#endif

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
    /// every translation of a build, the preview of every title and link it escapes). Inlinable, so
    /// that the test is inlined at each call rather than called for every byte.
    @inlinable
    package func containsUTF8Byte(where test: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in bytes.contains(where: test) } ?? utf8.contains(where: test)
    }

    /// Whether the two texts have the same UTF-8 bytes, compared with `memcmp` (`==` compares
    /// canonical equivalence, and iterating the views compares byte by byte through a generic path).
    package func hasSameUTF8Bytes(as other: String) -> Bool {
        var left = self, right = other
        return left.withUTF8 { left in right.withUTF8 { right in left.elementsHaveSameBytes(as: right) } }
    }
}

extension UInt8 {
    /// `A`–`Z` or `a`–`z` (setting bit 5 makes an upper-case letter lower-case and no other byte a letter).
    @inlinable package var isASCIILetter: Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self | 0x20) }

    /// `0`–`9`.
    @inlinable package var isASCIIDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether both buffers hold the same bytes (`memcmp`).
    package func elementsHaveSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        count == other.count && (isEmpty || memcmp(baseAddress!, other.baseAddress!, count) == 0)
    }
}

extension Array where Element == UInt8 {
    /// The position of the first `byte` at or after `start`, found with `memchr`; nil when there is none.
    package func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        withUnsafeBufferPointer { buffer in
            guard start >= 0, start < buffer.count, let base = buffer.baseAddress,
                  let found = memchr(base + start, Int32(byte), buffer.count - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }
}

extension UnsafeRawBufferPointer {
    /// The UTF-8 characters that start in `self[start..<end]`: the bytes that are not continuation
    /// bytes (`10xxxxxx`), counted eight at a time (a column is this count from the line's start).
    package func utf8CharacterCount(from start: Int, to end: Int) -> Int {
        var count = 0
        var index = start
        while index + 8 <= end {
            let word = loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // A continuation byte has its top bit set and the next one clear.
            let continuation = word & ~(word << 1) & 0x8080_8080_8080_8080
            count += 8 - continuation.nonzeroBitCount
            index += 8
        }
        while index < end {
            if self[index] & 0xC0 != 0x80 { count += 1 }
            index += 1
        }
        return count
    }

    /// How many bytes of `self[start..<end]` are `byte`, counted eight at a time.
    package func count(of byte: UInt8, from start: Int, to end: Int) -> Int {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
        var count = 0
        var index = start
        while index + 8 <= end {
            // Bytes equal to `byte` become zero; a zero byte is the only one whose top bit stays clear
            // once its low seven bits are carried into it and its own top bit is or-ed in.
            let word = loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ pattern
            let zero = ~(((word & low7) &+ low7) | word | low7)
            count += zero.nonzeroBitCount
            index += 8
        }
        while index < end {
            if self[index] == byte { count += 1 }
            index += 1
        }
        return count
    }
}
