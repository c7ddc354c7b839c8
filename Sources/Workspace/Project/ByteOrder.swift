#if canImport(Glibc)
import Glibc
#endif

extension String {
    /// Whether the string's UTF-8 bytes sort before `other`'s, as `memcmp` orders them: the order of
    /// the records in tolk's own files (Swift's `<` compares normalized Unicode, which is much slower
    /// and not needed there).
    package func precedesByBytes(_ other: String) -> Bool {
        utf8.withContiguousStorageIfAvailable { left in
            other.utf8.withContiguousStorageIfAvailable { right in
                let common = min(left.count, right.count)
                let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
                return order != 0 ? order < 0 : left.count < right.count
            }
        }.flatMap { $0 } ?? utf8.lexicographicallyPrecedes(other.utf8)
    }
}

extension Dictionary where Key == String {
    /// The entries in the byte order of their keys (`precedesByBytes`), so that a file written from the
    /// dictionary is the same whatever its order. The positions are sorted, not the entries: moving
    /// records of a dozen strings about costs more than comparing the keys.
    package var inByteOrderOfKeys: LazyMapSequence<[Index], Element> {
        indices.sorted { self[$0].key.precedesByBytes(self[$1].key) }.lazy.map { self[$0] }
    }
}
