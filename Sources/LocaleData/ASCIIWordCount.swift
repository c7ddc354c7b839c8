/// The words of a text in plain ASCII (and the few other characters common in the prose of sites
/// in Latin script: accented letters, curly quotes, dashes), counted as ICU's word break iterator
/// counts them, without ICU: breaking a text in ICU costs over a hundred instructions a character.
///
/// The rules are Unicode's word boundaries (UAX #29) as they apply to the characters covered here:
/// - letters and digits stay together (`a1`, `1a`; WB5, WB8–WB10), and ICU counts `@` as a letter;
/// - `.` and `'` join two letters (`e.g`, `don't`; WB6, WB7) or two digits (`3.14`; WB11, WB12);
/// - `,` and `;` join two digits (`1,000`; WB11, WB12);
/// - `:` joins two letters in the locales whose rules make it MidLetter (Finnish and Swedish: `EU:n`),
///   and nothing elsewhere (ICU's root rules take it out of MidLetter): the caller says which;
/// - `_` joins whatever letter, digit or `_` is next to it (ExtendNumLet; WB13a, WB13b);
/// - anything else covered (blanks, line ends, the other punctuation) is never part of a word.
///
/// A text with any other character is not counted here (nil): any other character above U+007F, control
/// characters but tab and line ends. `WordCounter` then asks ICU.
enum ASCIIWordCount {
    private enum Kind: UInt8 {
        /// Not covered: the text goes to ICU.
        case uncovered
        case letter, digit
        /// `.` and `'`: MidNumLet (and Single_Quote) in UAX #29.
        case letterOrDigitJoiner
        /// `,` and `;`: MidNum.
        case digitJoiner
        /// `:` where it is MidLetter.
        case letterJoiner
        case other
        /// `_`: ExtendNumLet.
        case connector
    }

    private static let kinds: [Kind] = (0..<256).map { value in
        switch UInt8(value) {
        // ICU's rules count `@` as a letter (so that an e-mail address stays together).
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "@"): .letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"): .digit
        case UInt8(ascii: "."), UInt8(ascii: "'"): .letterOrDigitJoiner
        case UInt8(ascii: ","), UInt8(ascii: ";"): .digitJoiner
        case UInt8(ascii: ":"): .other   // or .letterJoiner: see `count`
        case UInt8(ascii: "_"): .connector
        case 0x09, 0x0A, 0x0D, 0x20...0x7E: .other
        default: .uncovered
        }
    }

    /// The kind of the character of two or three bytes at `start`, for the few that are common in
    /// the prose of Latin-script sites, and its length; nil for any other.
    /// - the letters of Latin-1 (U+00C0–U+00FF but × and ÷), `é`, `ß`, `ñ`: ALetter;
    /// - `‘` and `’` (U+2018, U+2019): MidNumLet, like `'` (`don’t` is one word);
    /// - `–`, `—`, `“`, `”`, `…` (U+2013, U+2014, U+201C, U+201D, U+2026): none of a word.
    private static func wideKind(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Kind, Int)? {
        let lead = bytes[start]
        if lead == 0xC3, start + 1 < bytes.count {
            let second = bytes[start + 1]
            guard second & 0xC0 == 0x80 else { return nil }
            return (second == 0x97 || second == 0xB7 ? .other : .letter, 2)
        }
        if lead == 0xE2, start + 2 < bytes.count, bytes[start + 1] == 0x80 {
            switch bytes[start + 2] {
            case 0x98, 0x99: return (.letterOrDigitJoiner, 3)
            case 0x93, 0x94, 0x9C, 0x9D, 0xA6: return (.other, 3)
            default: return nil
            }
        }
        return nil
    }

    /// The number of words in `bytes` (UTF-8), or nil when it has a character these rules do not cover.
    /// - Parameter colonJoinsLetters: whether the locale's rules make `:` MidLetter.
    static func count(_ bytes: UnsafeBufferPointer<UInt8>, colonJoinsLetters: Bool) -> Int? {
        var words = 0
        var previous = Kind.other, beforePrevious = Kind.other
        // The run of joined letters, digits and `_` being read: ICU counts it as a word when it has a
        // letter or a digit, or is longer than one character (a lone `_` is not a word, `__` is).
        var runLength = 0, runHasLetterOrDigit = false
        var index = 0
        while index < bytes.count {
            var kind = kinds[Int(bytes[index])]
            if colonJoinsLetters, bytes[index] == UInt8(ascii: ":") { kind = .letterJoiner }
            index += 1
            if kind == .uncovered, let (wide, length) = wideKind(bytes, at: index - 1) {
                kind = wide
                index += length - 1
            }
            switch kind {
            case .uncovered:
                return nil
            case .letter, .digit, .connector:
                let joins = switch previous {
                case .letter, .digit, .connector: true
                case .letterOrDigitJoiner: beforePrevious == kind && kind != .connector
                case .digitJoiner: kind == .digit && beforePrevious == .digit
                case .letterJoiner: kind == .letter && beforePrevious == .letter
                case .uncovered, .other: false
                }
                if !joins {
                    if runHasLetterOrDigit || runLength > 1 { words += 1 }
                    runLength = 0
                    runHasLetterOrDigit = false
                }
                runLength += 1
                if kind != .connector { runHasLetterOrDigit = true }
            case .letterOrDigitJoiner, .digitJoiner, .letterJoiner, .other:
                break
            }
            beforePrevious = previous
            previous = kind
        }
        if runHasLetterOrDigit || runLength > 1 { words += 1 }
        return words
    }
}
