/// Well-formed UTF-8 as Unicode defines it (no overlong forms, no surrogates, nothing above
/// U+10FFFF), checked on raw bytes so that a diagnostic can name the first bad byte. Every reader of
/// outside text (PO, XLIFF, front matter) uses this one check.
public enum UTF8Validation {
    public enum Outcome: Equatable { case valid(upTo: Int), invalid(at: Int) }

    /// The offset of the first byte in `range` (all of `bytes` by default) that does not belong to a
    /// well-formed sequence, or nil.
    public static func firstInvalidOffset(in bytes: [UInt8], range: Range<Int>? = nil) -> Int? {
        let range = range ?? 0..<bytes.count
        if case .invalid(let offset) = check(bytes, from: range.lowerBound, to: range.upperBound, final: true) { return offset }
        return nil
    }

    /// The 1-based line and column of the byte at `offset`, to name a bad byte: lines end at LF, and a
    /// column is a character, a byte that is not a UTF-8 continuation byte (a bad byte counts as one).
    /// `start` is the position of `bytes[0]`, for text read in chunks.
    public static func position(of offset: Int, in bytes: [UInt8], start: (line: Int, column: Int) = (1, 1)) -> (line: Int, column: Int) {
        var (line, column) = start
        for index in 0..<min(offset, bytes.count) {
            if bytes[index] == 0x0A { line += 1; column = 1 } else if bytes[index] & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    /// Checks `bytes[start..<end]` (to the end by default). Unless `final`, a sequence cut off by the end
    /// is left for the next check (`valid(upTo:)` its start) rather than reported: for text read in chunks.
    public static func check(_ bytes: [UInt8], from start: Int, to end: Int? = nil, final: Bool) -> Outcome {
        let count = end ?? bytes.count
        return bytes.withUnsafeBufferPointer { bytes in
            var index = start
            while index < count {
                // ASCII eight bytes at a time: most of a catalog or a page.
                while index + 8 <= count,
                      UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                guard index < count else { break }
                let lead = bytes[index]
                if lead < 0x80 { index += 1; continue }
                let length: Int, lower: UInt8, upper: UInt8
                switch lead {
                case 0xC2...0xDF: length = 2; lower = 0x80; upper = 0xBF
                case 0xE0: length = 3; lower = 0xA0; upper = 0xBF
                case 0xE1...0xEC, 0xEE...0xEF: length = 3; lower = 0x80; upper = 0xBF
                case 0xED: length = 3; lower = 0x80; upper = 0x9F
                case 0xF0: length = 4; lower = 0x90; upper = 0xBF
                case 0xF1...0xF3: length = 4; lower = 0x80; upper = 0xBF
                case 0xF4: length = 4; lower = 0x80; upper = 0x8F
                default: return .invalid(at: index)
                }
                if !final, index + length > count { return .valid(upTo: index) }
                guard index + 1 < count, (lower...upper).contains(bytes[index + 1]) else { return .invalid(at: index) }
                for step in 2..<length {
                    guard index + step < count, bytes[index + step] & 0xC0 == 0x80 else { return .invalid(at: index) }
                }
                index += length
            }
            return .valid(upTo: index)
        }
    }
}
