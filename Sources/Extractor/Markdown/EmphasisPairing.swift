/// CommonMark's "process emphasis" over the delimiter runs of one paragraph of prose: which `*` and
/// `_` pair into emphasis (one of each side) and strong emphasis (two), as cmark-gfm 0.29 decides it.
///
/// Each closer (a run that can close) looks back for the nearest opener of the same character that
/// can open, under the rule of three (when either run can both open and close, their original lengths
/// may not add up to a multiple of three unless both are one). A pair uses two delimiters of each run
/// when both have two left, else one; the runs between them are dropped; a closer with delimiters left
/// looks again. A closer that finds none marks the delimiter before it: later closers of its character
/// and length (modulo 3) stop looking back when they reach that delimiter, should it still be there
/// (cmark-gfm 0.29 keeps the delimiter itself as the bound, so a bound that was paired away since no
/// longer stops anything). The closer is then dropped unless it can also open.
struct EmphasisPairing {
    private struct Delimiter {
        let byte: UInt8
        let length: Int
        var remaining: Int
        let canOpen: Bool
        let canClose: Bool
        var previous: Int?
        var next: Int?
    }

    private var delimiters: [Delimiter]

    init(runs: [InlineEmphasis.DelimiterRun]) {
        // Only runs that can open or close are delimiters; the others stay text.
        let kept = runs.filter { $0.canOpen || $0.canClose }
        delimiters = kept.indices.map { index in
            Delimiter(byte: kept[index].byte, length: kept[index].length, remaining: kept[index].length,
                      canOpen: kept[index].canOpen, canClose: kept[index].canClose,
                      previous: index > 0 ? index - 1 : nil, next: index + 1 < kept.count ? index + 1 : nil)
        }
    }

    /// Pairs the delimiters; counts the spans made and returns the delimiters they used, per character.
    mutating func pair(emphasis: inout Int, strong: inout Int) -> (asterisks: Int, underscores: Int) {
        var used = (asterisks: 0, underscores: 0)
        // Per length modulo 3 and character (0: `*`, 1: `_`): the delimiter where the look back stops.
        var bound = [[Int?]](repeating: [nil, nil], count: 3)
        var closer: Int? = delimiters.isEmpty ? nil : 0
        while let current = closer {
            let delimiter = delimiters[current]
            guard delimiter.canClose else { closer = delimiter.next; continue }
            let kind = delimiter.byte == UInt8(ascii: "*") ? 0 : 1
            var candidate = delimiter.previous
            var opener: Int?
            while let index = candidate, index != bound[delimiter.length % 3][kind] {
                let other = delimiters[index]
                if other.canOpen, other.byte == delimiter.byte,
                   !(delimiter.canOpen || other.canClose) || delimiter.length % 3 == 0 || (other.length + delimiter.length) % 3 != 0 {
                    opener = index
                    break
                }
                candidate = other.previous
            }
            guard let opener else {
                bound[delimiter.length % 3][kind] = delimiter.previous
                closer = delimiter.next
                if !delimiter.canOpen { remove(current) }
                continue
            }
            let use = delimiters[current].remaining >= 2 && delimiters[opener].remaining >= 2 ? 2 : 1
            delimiters[opener].remaining -= use
            delimiters[current].remaining -= use
            if use == 1 { emphasis += 1 } else { strong += 1 }
            if kind == 0 { used.asterisks += 2 * use } else { used.underscores += 2 * use }
            // The runs between the two are text now.
            var between = delimiters[current].previous
            while let index = between, index != opener {
                between = delimiters[index].previous
                remove(index)
            }
            if delimiters[opener].remaining == 0 { remove(opener) }
            if delimiters[current].remaining == 0 {
                closer = delimiters[current].next
                remove(current)
            }
        }
        return used
    }

    private mutating func remove(_ index: Int) {
        let (previous, next) = (delimiters[index].previous, delimiters[index].next)
        if let previous { delimiters[previous].next = next }
        if let next { delimiters[next].previous = previous }
        delimiters[index].previous = nil
        delimiters[index].next = nil
    }
}
