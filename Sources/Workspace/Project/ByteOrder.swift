import Core
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
    /// dictionary is the same whatever its order. Numbers are sorted, comparing the keys taken out
    /// once: sorting the positions through `self[position]` copied an entry (every string of a
    /// build output) twice per comparison, and sorting the entries themselves copies each into the
    /// merge sort's buffer several times; either was a fifth of a build that saves its state.
    package var inByteOrderOfKeys: LazyMapSequence<[Int], Element> {
        let keys = Array(keys), positions = Array(indices)
        var order = Array(keys.indices)
        order.sort { keys[$0].precedesByBytes(keys[$1]) }
        return order.lazy.map { self[positions[$0]] }
    }

    /// The entries in the byte order of their keys, as `inByteOrderOfKeys` gives them: in `hint`'s
    /// order when it holds exactly their keys, byte for byte, each before the next (the order a file
    /// written from an earlier version of the dictionary had, when no key changed since: no sort);
    /// otherwise sorted.
    package func forEachInByteOrderOfKeys(following hint: [String], _ body: (String, Value) -> Void) {
        if hint.count == count, zip(hint, hint.dropFirst()).allSatisfy({ $0.precedesByBytes($1) }) {
            var ordered: [Element] = []
            ordered.reserveCapacity(hint.count)
            for key in hint {
                // The entry's own key: a lookup also finds a key spelled in another Unicode normalization.
                guard let index = index(forKey: key), self[index].key.hasSameUTF8Bytes(as: key) else { break }
                ordered.append(self[index])
            }
            if ordered.count == hint.count {
                for (key, value) in ordered { body(key, value) }
                return
            }
        }
        for (key, value) in inByteOrderOfKeys { body(key, value) }
    }
}
