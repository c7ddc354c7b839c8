/// The directives of a C format string (`%s`, `%1$-10.3ld`, `%<PRIu64>`, `%%`), found the way
/// gettext 0.21's format-c.c finds them.
///
/// gettext never breaks a line inside a directive of an entry flagged `c-format` or `objc-format`
/// (write-po.c: "Don't break inside format directives"), so the PO writer needs their extent. Only
/// well-formed directives count: parsing stops at the first malformed one (as gettext's parser
/// does), and that one and everything after it may be broken as usual.
enum CFormatDirectives {
    /// Marks in `interior` (one flag per byte of `text`, set to false by the caller) every byte
    /// that lies inside a directive, after its `%`.
    ///
    /// - Parameters:
    ///   - translated: the string is a msgstr, where glibc's `I` flag is allowed.
    ///   - objc: Objective-C format strings, which also have `%@`.
    static func markInteriors(of text: UnsafeBufferPointer<UInt8>, translated: Bool, objc: Bool, in interior: inout [Bool]) {
        let count = text.count
        func byte(_ index: Int) -> UInt8 { index < count ? text[index] : 0 }
        func isDigit(_ index: Int) -> Bool { byte(index) >= 0x30 && byte(index) <= 0x39 }
        /// An `N$` argument number at `index`: the index after the `$`, nil if there is none, or -1 if N is 0.
        func argumentNumber(at index: Int) -> Int? {
            guard isDigit(index) else { return nil }
            var end = index
            var isZero = true
            while isDigit(end) {
                if byte(end) != 0x30 { isZero = false }
                end += 1
            }
            guard byte(end) == UInt8(ascii: "$") else { return nil }
            return isZero ? -1 : end + 1
        }
        var numbered = false
        var unnumbered = false
        var index = 0
        while index < count {
            guard text[index] == UInt8(ascii: "%") else {
                index += 1
                continue
            }
            let start = index
            var position = index + 1
            var isNumbered = false
            if let after = argumentNumber(at: position) {
                if after < 0 { return }
                position = after
                isNumbered = true
            }
            while true {
                let flag = byte(position)
                if flag == 0x20 || flag == UInt8(ascii: "+") || flag == UInt8(ascii: "-") || flag == UInt8(ascii: "#")
                    || flag == UInt8(ascii: "0") || flag == UInt8(ascii: "'") || (translated && flag == UInt8(ascii: "I")) {
                    position += 1
                } else {
                    break
                }
            }
            // Width and precision: `*`, `*N$` or digits; a `*` takes an argument of its own.
            var starArguments: [Bool] = []   // numbered or not, one per `*`
            func starOrDigits() -> Bool {
                if byte(position) == UInt8(ascii: "*") {
                    position += 1
                    if let after = argumentNumber(at: position) {
                        if after < 0 { return false }
                        position = after
                        starArguments.append(true)
                    } else {
                        starArguments.append(false)
                    }
                } else {
                    while isDigit(position) { position += 1 }
                }
                return true
            }
            guard starOrDigits() else { return }
            if byte(position) == UInt8(ascii: ".") {
                position += 1
                guard starOrDigits() else { return }
            }
            for isStarNumbered in starArguments {
                if isStarNumbered ? unnumbered : numbered { return }
                if isStarNumbered { numbered = true } else { unnumbered = true }
            }
            var takesArgument = true
            if byte(position) == UInt8(ascii: "<") {
                // `<PRIx64>` and friends (ISO C 99 <inttypes.h> macros), written out in the PO file.
                guard let end = inttypesMacroEnd(text, after: position) else { return }
                position = end
            } else {
                while [UInt8(ascii: "h"), UInt8(ascii: "l"), UInt8(ascii: "L"), UInt8(ascii: "q"), UInt8(ascii: "j"),
                       UInt8(ascii: "z"), UInt8(ascii: "Z"), UInt8(ascii: "t")].contains(byte(position)) {
                    position += 1
                }
                switch byte(position) {
                case UInt8(ascii: "%"), UInt8(ascii: "m"):
                    takesArgument = false
                case UInt8(ascii: "c"), UInt8(ascii: "C"), UInt8(ascii: "s"), UInt8(ascii: "S"), UInt8(ascii: "i"), UInt8(ascii: "d"),
                     UInt8(ascii: "u"), UInt8(ascii: "o"), UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "e"), UInt8(ascii: "E"),
                     UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "g"), UInt8(ascii: "G"), UInt8(ascii: "a"), UInt8(ascii: "A"),
                     UInt8(ascii: "p"), UInt8(ascii: "n"):
                    break
                case UInt8(ascii: "@") where objc:
                    break
                default:
                    return
                }
            }
            if takesArgument {
                if isNumbered ? unnumbered : numbered { return }
                if isNumbered { numbered = true } else { unnumbered = true }
            }
            if position >= count { return }
            for inside in (start + 1)...position { interior[inside] = true }
            index = position + 1
        }
    }

    /// The index of the `>` closing `<PRI…>` at `start`, or nil if the macro is not one gettext knows.
    private static func inttypesMacroEnd(_ text: UnsafeBufferPointer<UInt8>, after start: Int) -> Int? {
        var position = start + 1
        func take(_ word: String) -> Bool {
            let bytes = Array(word.utf8)
            guard position + bytes.count <= text.count, Array(text[position..<(position + bytes.count)]) == bytes else { return false }
            position += bytes.count
            return true
        }
        guard take("PRI") else { return nil }
        guard position < text.count, Array("diouxX".utf8).contains(text[position]) else { return nil }
        position += 1
        if !(take("MAX") || take("PTR")) {
            _ = take("LEAST") || take("FAST")
            guard take("8") || take("16") || take("32") || take("64") else { return nil }
        }
        guard position < text.count, text[position] == UInt8(ascii: ">") else { return nil }
        return position
    }
}
