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
