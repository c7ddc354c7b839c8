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
    /// every translation of a build, the preview of every title and link it escapes).
    package func containsUTF8Byte(where test: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in bytes.contains(where: test) } ?? utf8.contains(where: test)
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
