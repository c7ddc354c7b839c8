import CUnistring

/// Where gettext 0.21 breaks an escaped PO string so that no line is wider than the page.
///
/// gettext's `wrap()` (write-po.c) hands each escaped portion of a string to libunistring's
/// `ulc_width_linebreaks`, which takes the break opportunities of libunistring's own UAX #14
/// tables and then fills each line greedily. tolk calls the same function through `CUnistring`
/// whenever a portion holds a character it has no table entry for.
///
/// Most text takes a Swift path that gives the same answer several times faster. For characters
/// that stand alone (letters, digits, punctuation, symbols, ideographs: not marks, joiners or
/// spaces other than U+0020), libunistring 1.0 decides whether a line may start before a character
/// from two things only: the last character before it that is not a space, and whether spaces came
/// between them. So a table of character classes and one of class pairs hold every decision. Both
/// are read from libunistring itself on first use (`Classes.derive()`), and tests compare both
/// paths on random text and on every catalog of the machine.
enum GettextLineBreaks {
    /// Appends to `breaks` the offsets in `text` where a new line starts.
    ///
    /// - Parameters:
    ///   - text: one escaped portion (the part of a string up to and including a newline, with
    ///     `\n`, `\t`, `\"`, `\\`… written as two bytes). A line never starts inside an escape, nor at
    ///     the escape of the newline that ends the portion.
    ///   - endsWithNewline: the portion ends with a newline (so `text` with its escape `\n`).
    ///   - noBreak: where a line may not start though libunistring would allow it (inside a format directive).
    ///   - width, startColumn: gettext's figures, relative to the column after the opening quote of
    ///     a continuation line (so `startColumn` is 0 on those lines).
    ///   - encoding: the catalog's charset as gettext resolves it (`UTF-8`, or `ASCII` without one).
    ///   - printableASCII: every byte of `text` is in 0x20...0x7E (one column each).
    static func breaks(in text: UnsafeBufferPointer<UInt8>, endsWithNewline: Bool, noBreak: UnsafeBufferPointer<Bool>? = nil,
                       printableASCII: Bool = false, width: Int, startColumn: Int, encoding: String,
                       scratch: inout [CChar], into breaks: inout [Int]) {
        breaks.removeAll(keepingCapacity: true)
        // Every character is at most as wide as its UTF-8 length, so a portion whose bytes fit never breaks.
        if startColumn + text.count <= width { return }
        // Other charsets resolve ambiguous characters differently; ASCII is the same in all of them.
        let asciiOnly = encoding != "UTF-8"
        if (printableASCII || !asciiOnly) && narrowBreaks(in: text, endsWithNewline: endsWithNewline, noBreak: noBreak,
                                                         printableASCII: printableASCII, width: width, startColumn: startColumn, into: &breaks) {
            return
        }
        breaks.removeAll(keepingCapacity: true)
        if tableBreaks(in: text, endsWithNewline: endsWithNewline, noBreak: noBreak, asciiOnly: asciiOnly,
                       width: width, startColumn: startColumn, into: &breaks) {
            return
        }
        breaks.removeAll(keepingCapacity: true)
        unistringBreaks(in: text, endsWithNewline: endsWithNewline, noBreak: noBreak, width: width, startColumn: startColumn,
                        encoding: encoding, scratch: &scratch, into: &breaks)
    }

    /// `tableBreaks` for text whose characters are all one column wide (printable ASCII, accented
    /// Latin, Cyrillic, Greek, dashes and quotes…), so that a column is a count of characters.
    /// Instead of deciding at every character, it finds each line end by looking back from the last
    /// character that still fits for the nearest place a line may start: the greedy fill of
    /// `u8_width_linebreaks` ends a line at the last opportunity whose column is within the width,
    /// or at the first one after it when there is none. False when `text` has a character that is
    /// not in the tables or is two columns wide.
    @discardableResult
    static func narrowBreaks(in text: UnsafeBufferPointer<UInt8>, endsWithNewline: Bool, noBreak: UnsafeBufferPointer<Bool>?,
                             printableASCII: Bool, width: Int, startColumn: Int, into breaks: inout [Int]) -> Bool {
        let classes = Classes.shared
        let table = classes.ofScalar
        let pairs = classes.pairs
        let stride = classes.count
        let count = text.count
        @inline(__always) func isContinuation(_ position: Int) -> Bool { text[position] & 0xC0 == 0x80 }
        /// The class of the character starting at `position`.
        @inline(__always) func classAt(_ position: Int) -> Int {
            let lead = text[position]
            if lead < 0x80 { return Int(table[Int(lead)]) }
            if lead < 0xE0 { return Int(table[Int(lead & 0x1F) << 6 | Int(text[position + 1] & 0x3F)]) }
            return Int(table[Int(lead & 0x0F) << 12 | Int(text[position + 1] & 0x3F) << 6 | Int(text[position + 2] & 0x3F)])
        }
        // Characters in all: every one must be in the tables and one column wide.
        var characters = count
        if !printableASCII {
            var position = 0
            while position < count {
                let lead = text[position]
                if lead < 0x80 {
                    if lead < 0x20 || lead == 0x7F { return false }
                    position += 1
                    continue
                }
                guard lead >= 0xC2 && lead < 0xF0 else { return false }
                let length = lead < 0xE0 ? 2 : 3
                guard position + length <= count else { return false }
                let entry = classAt(position)
                if entry == 0 || entry & 0x80 != 0 { return false }
                characters -= length - 1
                position += length
            }
        }
        let lastEscape = endsWithNewline ? count - 2 : -1
        /// Whether a line may start at the character at `position` (> 0).
        func isOpportunity(_ position: Int) -> Bool {
            let current = text[position]
            if current == 0x20 || position == lastEscape { return false }
            if let noBreak, noBreak[position] { return false }
            var before = position - 1
            if text[before] == 0x5C {
                // The letter of an escape if an odd run of backslashes ends here: runs pair up from their start.
                var run = 0
                while before >= 0 && text[before] == 0x5C { run += 1; before -= 1 }
                if run % 2 == 1 { return false }
                before = position - 1
            }
            var afterSpace = false
            while before >= 0 && text[before] == 0x20 { afterSpace = true; before -= 1 }
            if before < 0 { return false }
            while isContinuation(before) { before -= 1 }
            let pair = pairs[classAt(before) &* stride &+ classAt(position)]
            return pair & (afterSpace ? 2 : 1) != 0
        }
        /// The start of the character `steps` characters after the one at `position`, or `count`.
        func advance(_ position: Int, by steps: Int) -> Int {
            if printableASCII { return min(position + steps, count) }
            var position = position
            var steps = steps
            while steps > 0 && position < count {
                position += 1
                while position < count && isContinuation(position) { position += 1 }
                steps -= 1
            }
            return position
        }
        var lineStart = 0
        var column = startColumn
        var charactersLeft = characters
        while charactersLeft + column > width {
            // The last character whose column is still within the width.
            var limit = width - column < 0 ? lineStart : advance(lineStart, by: width - column)
            if limit >= count { limit = count - 1; while isContinuation(limit) { limit -= 1 } }
            var end = -1
            var position = limit
            while position > lineStart {
                if !isContinuation(position) && isOpportunity(position) { end = position; break }
                position -= 1
            }
            if end < 0 {
                position = limit + 1
                while position < count {
                    if !isContinuation(position) && isOpportunity(position) { end = position; break }
                    position += 1
                }
            }
            if end < 0 { break }
            breaks.append(end)
            charactersLeft -= printableASCII ? end - lineStart : (lineStart..<end).count { !isContinuation($0) }
            lineStart = end
            column = 0
        }
        return true
    }

    /// libunistring's `u8_width_linebreaks` with gettext's overrides, from the class tables. False
    /// (with `breaks` in an undefined state) when `text` holds a character the tables do not cover.
    static func tableBreaks(in text: UnsafeBufferPointer<UInt8>, endsWithNewline: Bool, noBreak: UnsafeBufferPointer<Bool>?,
                            asciiOnly: Bool = false, width: Int, startColumn: Int, into breaks: inout [Int]) -> Bool {
        let classes = Classes.shared
        let table = classes.ofScalar
        let pairs = classes.pairs
        do {
            do {
                let stride = classes.count
                let count = text.count
                let lastEscape = endsWithNewline ? count - 2 : -1
                var previous = 0            // class of the last non-space character; 0 at the start of the text
                var afterSpace = false
                var insideEscape = false    // the byte is the letter of a backslash escape
                var lastOpportunity = -1
                var lastColumn = startColumn
                var pieceWidth = 0
                var index = 0
                while index < count {
                    let lead = text[index]
                    var scalar = Int(lead)
                    var length = 1
                    if lead >= 0x80 {
                        if asciiOnly { return false }
                        if lead >= 0xC2 && lead < 0xE0 && index + 1 < count {
                            scalar = (scalar & 0x1F) << 6 | Int(text[index + 1] & 0x3F)
                            length = 2
                        } else if lead >= 0xE0 && lead < 0xF0 && index + 2 < count {
                            scalar = (scalar & 0x0F) << 12 | Int(text[index + 1] & 0x3F) << 6 | Int(text[index + 2] & 0x3F)
                            length = 3
                        } else {
                            return false
                        }
                    }
                    var opportunity = false
                    var columns = 1
                    if lead == 0x20 {
                        afterSpace = true
                    } else {
                        let entry = Int(table[scalar])
                        if entry == 0 { return false }
                        let current = entry & 0x7F
                        columns = entry >> 7 + 1
                        if previous != 0 { opportunity = pairs[previous &* stride &+ current] & (afterSpace ? 2 : 1) != 0 }
                        previous = current
                        afterSpace = false
                    }
                    if insideEscape {
                        opportunity = false
                        insideEscape = false
                    } else if lead == 0x5C {
                        insideEscape = true
                        if index == lastEscape { opportunity = false }
                    }
                    if let noBreak, noBreak[index] { opportunity = false }
                    if opportunity {
                        if lastOpportunity >= 0 && lastColumn + pieceWidth > width {
                            breaks.append(lastOpportunity)
                            lastColumn = 0
                        }
                        lastOpportunity = index
                        lastColumn += pieceWidth
                        pieceWidth = 0
                    }
                    pieceWidth += columns
                    index += length
                }
                if lastOpportunity >= 0 && lastColumn + pieceWidth > width { breaks.append(lastOpportunity) }
                return true
            }
        }
    }

    /// The general case: libunistring itself, with the overrides gettext passes.
    static func unistringBreaks(in text: UnsafeBufferPointer<UInt8>, endsWithNewline: Bool, noBreak: UnsafeBufferPointer<Bool>?,
                                width: Int, startColumn: Int,
                                encoding: String, scratch: inout [CChar], into breaks: inout [Int]) {
        let count = text.count
        // One buffer: overrides in the first half, results in the second.
        if scratch.count < 2 * count { scratch = [CChar](repeating: 0, count: max(2 * count, 2 * scratch.count)) }
        scratch.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let overrides = base
            let codes = base + count
            var insideEscape = false
            for index in 0..<count {
                if insideEscape {
                    overrides[index] = CChar(TOLK_BREAK_PROHIBITED)
                    insideEscape = false
                } else {
                    overrides[index] = CChar(noBreak?[index] == true ? TOLK_BREAK_PROHIBITED : TOLK_BREAK_UNDEFINED)
                    insideEscape = text[index] == 0x5C
                }
            }
            if endsWithNewline { overrides[count - 2] = CChar(TOLK_BREAK_PROHIBITED) }
            text.withMemoryRebound(to: CChar.self) { chars in
                _ = tolk_width_linebreaks(chars.baseAddress, count, Int32(clamping: width), Int32(clamping: startColumn),
                                          overrides, encoding, codes)
            }
            for index in 0..<count where codes[index] == CChar(TOLK_BREAK_POSSIBLE) { breaks.append(index) }
        }
    }
}

extension GettextLineBreaks {
    /// libunistring's line breaking of standalone characters, as two tables.
    struct Classes: @unchecked Sendable {
        /// Per code point of the Basic Multilingual Plane: the class (1…127) in the low bits, plus
        /// 0x80 for characters two columns wide; 0 for characters the tables do not cover.
        let ofScalar: UnsafeBufferPointer<UInt8>
        /// `pairs[previous * count + current]`: bit 0 set when a line may start at a character of
        /// class `current` right after one of class `previous`, bit 1 when it may after spaces between them.
        let pairs: UnsafeBufferPointer<UInt8>
        /// Number of classes plus one (class 0 is unused).
        let count: Int

        /// Read once and kept for the life of the process (the tables are never freed, so reading
        /// them costs no reference counting).
        static let shared = derive()

        init(ofScalar: [UInt8], pairs: [UInt8], count: Int) {
            let scalars = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: ofScalar.count)
            _ = scalars.initialize(from: ofScalar)
            let pairTable = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: pairs.count)
            _ = pairTable.initialize(from: pairs)
            self.ofScalar = UnsafeBufferPointer(scalars)
            self.pairs = UnsafeBufferPointer(pairTable)
            self.count = count
        }

        /// Blocks whose standalone characters get table entries: Latin, Greek, Cyrillic, Armenian,
        /// Hebrew, Arabic and friends (U+00A0–U+07FF), Latin Extended Additional (Vietnamese),
        /// general punctuation and currency signs, CJK punctuation and kana, fullwidth forms.
        static let probedRanges: [ClosedRange<Int>] = [0x21...0x7E, 0xA0...0x7FF, 0x1E00...0x1EFF, 0x2010...0x206F, 0x20A0...0x20C0,
                                                        0x3000...0x30FF, 0xFF01...0xFFEF]

        /// Characters of classes the probed blocks may lack, so that every class is told apart.
        static let seeds: [Int] = [0x4E00, 0xAC00, 0xAC01, 0x2014, 0x2026, 0x3005, 0x3041, 0x300C, 0x300D, 0xAB, 0xBB, 0x5D0, 0xB4,
                                   0x2010, 0xB0, 0x20AC, 0xA7, 0x3002, 0xFF01, 0x2018, 0x201C, 0x201E, 0xBF, 0xA1, 0x2030, 0x2116,
                                   0x3001, 0x30FC, 0xFF08, 0x61F, 0x60C, 0x5BE, 0x2024, 0x2027, 0x203C, 0x2044, 0x2212, 0x22EF]

        /// Reads the classes from libunistring: characters that answer alike next to a set of
        /// probe characters (before and after them, with and without spaces) share a class. The
        /// probes start as one character of each ASCII class and the seeds, and grow by one
        /// character of each class found until no class splits.
        static func derive() -> Classes {
            var candidates: [Int] = []
            var widths = [UInt8](repeating: 0, count: 0x10000)
            for scalar in probedRanges.joined() + seeds where widths[scalar] == 0 && tolk_scalar_is_standalone(UInt32(scalar)) != 0 {
                let columns = tolk_scalar_width(UInt32(scalar), "UTF-8")
                guard columns == 1 || columns == 2 else { continue }
                candidates.append(scalar)
                widths[scalar] = UInt8(columns)
            }
            let ascii = Array(0x21...0x7E)
            let seedProbes = seeds.filter { widths[$0] != 0 }

            // ASCII first, against all of ASCII and the seeds; then everything against one
            // character per class found so far, adding probes while classes split.
            var signatures = [[UInt8]](repeating: [], count: 0x10000)
            for scalar in ascii { signatures[scalar] = answers(of: scalar, next: ascii + seedProbes) }
            var classOf = [Int](repeating: 0, count: 0x10000)
            var representatives = group(ascii, by: signatures, into: &classOf)
            var probes = representatives + seedProbes
            var known = Set(probes)
            for scalar in candidates { signatures[scalar] = [widths[scalar]] }
            while !probes.isEmpty && representatives.count < 127 {
                for scalar in candidates { signatures[scalar] += answers(of: scalar, next: probes) }
                representatives = group(candidates, by: signatures, into: &classOf)
                probes = representatives.filter { !known.contains($0) }
                known.formUnion(probes)
            }

            let count = representatives.count + 1
            var pairs = [UInt8](repeating: 0, count: count * count)
            for (previousIndex, previous) in representatives.enumerated() {
                let row = answers(of: previous, next: representatives)
                for currentIndex in representatives.indices {
                    // answers(): per probe, [after scalar, before scalar] without spaces, then the same with spaces.
                    let direct = row[2 * currentIndex]
                    let spaced = row[2 * representatives.count + 2 * currentIndex]
                    pairs[(previousIndex + 1) * count + currentIndex + 1] = direct | spaced << 1
                }
            }

            // A few characters make libunistring look further back than one character (combining-like
            // marks such as U+3035, U+2011 after a hyphen, Hebrew letters before a hyphen). Their
            // classes are left to libunistring: drop the class found in most three-character cases the
            // pair table gets wrong, until there are none. ASCII classes never need it.
            var dropped = Set<Int>()
            while true {
                let kept = representatives.filter { !dropped.contains(classOf[$0]) }
                let misses = tripleMisses(among: kept, classOf: classOf, pairs: pairs, stride: count)
                guard let worst = misses.filter({ $0.key > 0x7E }).max(by: { $0.value < $1.value }) else { break }
                dropped.insert(classOf[worst.key])
            }

            var ofScalar = [UInt8](repeating: 0, count: 0x10000)
            if representatives.count < 127 {
                for scalar in candidates where !dropped.contains(classOf[scalar]) {
                    ofScalar[scalar] = UInt8(classOf[scalar]) | (widths[scalar] == 2 ? 0x80 : 0)
                }
                // Whole blocks of one class, checked character by character by a test: CJK ideographs
                // like U+4E00, Hangul syllables like U+AC00 (LV) or U+AC01 (LVT).
                for scalar in Array(0x3400...0x4DBF) + Array(0x4E00...0x9FFF) where tolk_scalar_is_standalone(UInt32(scalar)) != 0
                    && tolk_scalar_width(UInt32(scalar), "UTF-8") == 2 {
                    ofScalar[scalar] = ofScalar[0x4E00]
                }
                for scalar in 0xAC00...0xD7A3 where tolk_scalar_width(UInt32(scalar), "UTF-8") == 2 {
                    ofScalar[scalar] = ofScalar[(scalar - 0xAC00) % 28 == 0 ? 0xAC00 : 0xAC01]
                }
            }
            return Classes(ofScalar: ofScalar, pairs: pairs, count: count)
        }

        /// Numbers the distinct signatures of `scalars` from 1 in order of first appearance; returns
        /// the first scalar of each.
        private static func group(_ scalars: [Int], by signatures: [[UInt8]], into classOf: inout [Int]) -> [Int] {
            var groups: [[UInt8]: Int] = [:]
            var representatives: [Int] = []
            for scalar in scalars {
                if let group = groups[signatures[scalar]] {
                    classOf[scalar] = group
                } else {
                    representatives.append(scalar)
                    groups[signatures[scalar]] = representatives.count
                    classOf[scalar] = representatives.count
                }
            }
            return representatives
        }

        private static func appendUTF8(_ scalar: Int, to text: inout [UInt8]) {
            if scalar < 0x80 {
                text.append(UInt8(scalar))
            } else if scalar < 0x800 {
                text.append(UInt8(0xC0 | scalar >> 6))
                text.append(UInt8(0x80 | scalar & 0x3F))
            } else {
                text.append(UInt8(0xE0 | scalar >> 12))
                text.append(UInt8(0x80 | scalar >> 6 & 0x3F))
                text.append(UInt8(0x80 | scalar & 0x3F))
            }
        }

        private static func possibleBreaks(in text: [UInt8]) -> [CChar] {
            var codes = [CChar](repeating: 0, count: text.count)
            text.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { tolk_possible_linebreaks($0.baseAddress, $0.count, &codes) }
            }
            return codes
        }

        /// For every `a b c` of `scalars` (and `b c` at the start of the text), with and without
        /// spaces between, whether libunistring decides about a break before `c` as the pair table
        /// does. Returns, per character, in how many cases it took part where the two differ.
        static func tripleMisses(among scalars: [Int], classOf: [Int], pairs: [UInt8], stride: Int) -> [Int: Int] {
            var misses: [Int: Int] = [:]
            var text: [UInt8] = []
            var cases: [(position: Int, b: Int, c: Int, spaced: Bool)] = []
            // Cases are separated by line feeds, after which libunistring starts afresh as at the start of the text.
            for a in [nil] + scalars {
                text.removeAll(keepingCapacity: true)
                cases.removeAll(keepingCapacity: true)
                for b in scalars {
                    for c in scalars {
                        for spaceAfterA in a == nil ? [false] : [false, true] {
                            for spaced in [false, true] {
                                if let a {
                                    appendUTF8(a, to: &text)
                                    if spaceAfterA { text.append(0x20) }
                                }
                                appendUTF8(b, to: &text)
                                if spaced { text.append(0x20) }
                                cases.append((text.count, b, c, spaced))
                                appendUTF8(c, to: &text)
                                text.append(0x0A)
                            }
                        }
                    }
                }
                let codes = possibleBreaks(in: text)
                for item in cases {
                    let actual = codes[item.position] == CChar(TOLK_BREAK_POSSIBLE)
                    let pair = pairs[classOf[item.b] * stride + classOf[item.c]]
                    if actual != (pair & (item.spaced ? 2 : 1) != 0) {
                        for culprit in Set([a, item.b, item.c].compactMap { $0 }) { misses[culprit, default: 0] += 1 }
                    }
                }
            }
            return misses
        }

        /// libunistring's answers for `scalar` next to each probe: for the text `s p1 s p2 s … s`
        /// (then the same with single spaces between), whether a line may start at each `p` (after
        /// `s`) and at the `s` after it (after `p`). 1 for yes.
        static func answers(of scalar: Int, next probes: [Int]) -> [UInt8] {
            var result: [UInt8] = []
            result.reserveCapacity(4 * probes.count)
            var text: [UInt8] = []
            var starts: [Int] = []
            for spaced in [false, true] {
                text.removeAll(keepingCapacity: true)
                starts.removeAll(keepingCapacity: true)
                starts.append(0)
                appendUTF8(scalar, to: &text)
                for probe in probes {
                    if spaced { text.append(0x20) }
                    starts.append(text.count)
                    appendUTF8(probe, to: &text)
                    if spaced { text.append(0x20) }
                    starts.append(text.count)
                    appendUTF8(scalar, to: &text)
                }
                let codes = possibleBreaks(in: text)
                for index in probes.indices {
                    result.append(codes[starts[1 + 2 * index]] == CChar(TOLK_BREAK_POSSIBLE) ? 1 : 0)
                    result.append(codes[starts[2 + 2 * index]] == CChar(TOLK_BREAK_POSSIBLE) ? 1 : 0)
                }
            }
            return result
        }
    }
}
