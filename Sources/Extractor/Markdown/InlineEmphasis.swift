/// The emphasis of a message as a reader sees it: how many emphasis, strong emphasis and
/// strikethrough spans cmark-gfm makes of it, and how many `*` and `_` that look like delimiters it
/// leaves on the page as text because nothing pairs them.
///
/// Counting the characters would be wrong both ways: `snake_case`, `2 * 3`, a `*` in a code span or
/// a URL are no delimiters, and `**a*` holds three asterisks but one span. So the counts come from
/// cmark-gfm's own parse of the message (with the extensions extraction uses), the same parser that
/// decides the page. Order is not compared: a translation may move a span, not add or drop one.
///
/// A delimiter run that stays text is found by CommonMark's flanking rules, applied to the prose
/// segments of `InlineMarkup` (code spans, link destinations, autolinks, URLs, HTML, entities and
/// escapes are skipped): every `*` or `_` of a run that could open or close emphasis counts, less
/// the delimiters cmark-gfm's spans used (one per side for emphasis, two for strong). `_` inside a
/// word and `*` between spaces can do neither, so they never count.
///
/// ```swift
/// let emphasis = InlineEmphasis("**Bold* and snake_case, 2 * 3")
/// emphasis.emphasis            // 1
/// emphasis.strong              // 0
/// emphasis.unpairedAsterisks   // 1: the first `*` shows as text
/// ```
public struct InlineEmphasis: Equatable, Sendable {
    /// `*…*` and `_…_` spans (HTML `<em>`).
    public var emphasis = 0
    /// `**…**` and `__…__` spans (`<strong>`).
    public var strong = 0
    /// `~~…~~` and `~…~` spans (`<del>`).
    public var strikethrough = 0
    /// `*` that could open or close emphasis but pair with nothing, so the page shows them.
    public var unpairedAsterisks = 0
    /// The same for `_`.
    public var unpairedUnderscores = 0

    public init(_ text: String) {
        self.init(text, plainMarkup: nil)
    }

    /// - Parameter plainMarkup: `InlineMarkup(text)` (no dialect) when the caller has scanned the text
    ///   already; it serves when the text starts with no whitespace (the count reads the text without it).
    public init(_ text: String, plainMarkup: (() -> InlineMarkup)?) {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "~") }) else {
            self.init()
            return
        }
        // A message is the inline content of a block: leading whitespace would make cmark see an
        // indented code block, where nothing is emphasis.
        let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D } ?? bytes.count
        let markdown = Array(bytes[start...])
        self.init(counting: markdown, plainMarkup: start == 0 ? plainMarkup : nil, alwaysParsing: false)
    }

    private init() {}

    /// The counts of `markdown` (no leading whitespace): the spans from the pairing of its delimiter
    /// runs where `pairedWithoutParsing` answers (unless `alwaysParsing`), else from cmark-gfm's parse;
    /// the unpaired delimiters from `plainMarkup` (its `InlineMarkup`, when the caller has it) either way.
    init(counting markdown: [UInt8], plainMarkup: (() -> InlineMarkup)?, alwaysParsing: Bool) {
        var used = (asterisks: 0, underscores: 0)
        if !alwaysParsing, let paired = Self.pairedWithoutParsing(markdown) {
            (emphasis, strong, used) = (paired.emphasis, paired.strong, paired.used)
        } else {
            for node in CMarkParser.emphasisNodes(of: markdown) {
                let width: Int
                switch node.kind {
                case .emphasis: emphasis += 1; width = 2
                case .strong: strong += 1; width = 4
                case .strikethrough: strikethrough += 1; width = 0
                }
                if node.delimiter == UInt8(ascii: "*") { used.asterisks += width }
                if node.delimiter == UInt8(ascii: "_") { used.underscores += width }
            }
        }
        let runs = Self.delimiterRuns(in: plainMarkup.map { $0() }.flatMap { $0.bytes.count == markdown.count ? $0 : nil } ?? InlineMarkup(bytes: markdown))
        unpairedAsterisks = max(0, runs.asterisks - used.asterisks)
        unpairedUnderscores = max(0, runs.underscores - used.underscores)
    }

    /// The `*` and `_` of the prose that belong to runs able to open or close emphasis (CommonMark
    /// 0.29, as cmark-gfm implements it: `scan_delims` in inlines.c).
    static func delimiterRuns(in markup: InlineMarkup) -> (asterisks: Int, underscores: Int) {
        var asterisks = 0, underscores = 0
        for segment in markup.segments {
            guard case .text(let range) = segment else { continue }
            for run in delimiterRuns(in: markup.bytes, range: range) where run.canOpen || run.canClose {
                if run.byte == UInt8(ascii: "*") { asterisks += run.length } else { underscores += run.length }
            }
        }
        return (asterisks, underscores)
    }

    /// A run of `*` or `_` and whether it may open or close emphasis by CommonMark's flanking rules.
    struct DelimiterRun {
        var byte: UInt8
        var length: Int
        var canOpen: Bool
        var canClose: Bool
        /// Whether a neighbour that decided the flanking is a character outside ASCII, no letter, mark or
        /// digit, and newer than Unicode 6.0: Swift's Unicode tables and cmark-gfm's older ones may
        /// disagree on whether it is punctuation.
        var hasUncertainNeighbour: Bool
    }

    /// The runs of `*` and `_` in `bytes[range]`, their neighbours read in all of `bytes`.
    static func delimiterRuns(in bytes: [UInt8], range: Range<Int>) -> [DelimiterRun] {
        var runs: [DelimiterRun] = []
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_") else { index += 1; continue }
            var end = index
            while end < range.upperBound, bytes[end] == byte { end += 1 }
            let before = scalar(before: index, in: bytes), after = scalar(at: end, in: bytes)
            let spaceBefore = isSpace(before), spaceAfter = isSpace(after)
            let punctuationBefore = isPunctuation(before), punctuationAfter = isPunctuation(after)
            let leftFlanking = !spaceAfter && (!punctuationAfter || spaceBefore || punctuationBefore)
            let rightFlanking = !spaceBefore && (!punctuationBefore || spaceAfter || punctuationAfter)
            let canOpen, canClose: Bool
            if byte == UInt8(ascii: "*") {
                (canOpen, canClose) = (leftFlanking, rightFlanking)
            } else {
                canOpen = leftFlanking && (!rightFlanking || punctuationBefore)
                canClose = rightFlanking && (!leftFlanking || punctuationAfter)
            }
            let uncertain = isUncertain(before) || isUncertain(after)
            runs.append(DelimiterRun(byte: byte, length: end - index, canOpen: canOpen, canClose: canClose, hasUncertainNeighbour: uncertain))
            index = end
        }
        return runs
    }

    /// Outside ASCII, neither a letter, mark or digit nor a character Unicode 6.0 already had.
    private static func isUncertain(_ scalar: Unicode.Scalar) -> Bool {
        guard !scalar.isASCII else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return false
        default:
            guard let age = scalar.properties.age else { return true }
            return age.major > 6 || (age.major == 6 && age.minor > 0)
        }
    }

    // MARK: Without the parser

    /// The counts of a message that is one line of prose with `*`, `_` and code spans and nothing else
    /// cmark-gfm reads as inline or block structure, found by CommonMark's emphasis algorithm ("process
    /// emphasis", as cmark-gfm 0.29 runs it) over its delimiter runs instead of a parse; nil for any
    /// other message. Many translated paragraphs with emphasis are such prose, and the check of every
    /// translation of a first build parsed each. `InlineEmphasisWithoutParserTests` compares the two
    /// ways on the GFM spec's examples and tens of thousands of generated messages.
    static func pairedWithoutParsing(_ markdown: [UInt8]) -> (emphasis: Int, strong: Int, used: (asterisks: Int, underscores: Int))? {
        guard startsProse(markdown), CMarkParser.extensionsCannotMatter(markdown) else { return nil }
        for byte in markdown {
            switch byte {
            // Line breaks (blocks, hard breaks), links and images, autolinks and HTML, escapes,
            // entities, strikethrough and tables: left to the parser.
            case 0x00..<0x09, 0x0A..<0x20, 0x7F, UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "<"),
                 UInt8(ascii: ">"), UInt8(ascii: "\\"), UInt8(ascii: "&"), UInt8(ascii: "~"), UInt8(ascii: "|"):
                return nil
            default: continue
            }
        }
        let runs = proseRanges(outsideCodeSpansOf: markdown).flatMap { delimiterRuns(in: markdown, range: $0) }
        guard !runs.contains(where: \.hasUncertainNeighbour) else { return nil }
        var (emphasis, strong) = (0, 0)
        var pairing = EmphasisPairing(runs: runs)
        let used = pairing.pair(emphasis: &emphasis, strong: &strong)
        return (emphasis, strong, used)
    }

    /// The text between code spans, as cmark-gfm 0.29 finds them. A string of n backticks opens a code
    /// span that the next string of exactly n backticks closes; with none, it is text and the search
    /// goes on after it. cmark-gfm remembers, once a search has reached the end, where it last saw a
    /// string of each length and takes that for the last one there is, which it may not be (a later
    /// search moves it back): an opener after it is then text although a closer follows. The same here.
    static func proseRanges(outsideCodeSpansOf bytes: [UInt8]) -> [Range<Int>] {
        let backtick = UInt8(ascii: "`"), longest = 80
        var lastSeen = [Int](repeating: 0, count: longest + 1)
        var searchedToTheEnd = false
        /// After the opener (`from`), the end of the next string of `length` backticks, or nil.
        func closer(of length: Int, from: Int) -> Int? {
            guard length <= longest, !(searchedToTheEnd && lastSeen[length] <= from) else { return nil }
            var index = from
            while index < bytes.count {
                guard bytes[index] == backtick else { index += 1; continue }
                let start = index
                while index < bytes.count, bytes[index] == backtick { index += 1 }
                if index - start <= longest { lastSeen[index - start] = start }
                if index - start == length { return index }
            }
            searchedToTheEnd = true
            return nil
        }
        var ranges: [Range<Int>] = []
        var proseStart = 0
        var index = 0
        while index < bytes.count {
            guard bytes[index] == backtick else { index += 1; continue }
            var openerEnd = index
            while openerEnd < bytes.count, bytes[openerEnd] == backtick { openerEnd += 1 }
            if let end = closer(of: openerEnd - index, from: openerEnd) {
                ranges.append(proseStart..<index)
                proseStart = end
                index = end
            } else {
                index = openerEnd
            }
        }
        ranges.append(proseStart..<bytes.count)
        return ranges.filter { !$0.isEmpty }
    }

    /// Whether a one-line message opens a paragraph and nothing else: it starts with a letter (any
    /// script), or punctuation no block starts with, a run of `*` or `_` followed by more than a space
    /// (`* item`, `***` and `_ _ _` are a list item and thematic breaks), or fewer than three backticks.
    private static func startsProse(_ markdown: [UInt8]) -> Bool {
        guard let first = markdown.first else { return false }
        switch first {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), 0x80...0xFF,
             UInt8(ascii: "("), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"),
             UInt8(ascii: "?"), UInt8(ascii: "/"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            return true
        case UInt8(ascii: "*"), UInt8(ascii: "_"):
            let runEnd = markdown.firstIndex { $0 != first } ?? markdown.count
            return runEnd < markdown.count && markdown[runEnd] != 0x20 && markdown[runEnd] != 0x09
        case UInt8(ascii: "`"):
            // Three backticks would open a fenced code block.
            return (markdown.firstIndex { $0 != first } ?? markdown.count) < 3
        default:
            return false
        }
    }

    /// The scalar that ends before `offset`; a line feed at the start, as cmark sees it.
    private static func scalar(before offset: Int, in bytes: [UInt8]) -> Unicode.Scalar {
        guard offset > 0 else { return "\n" }
        var start = offset - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return scalar(at: start, in: bytes)
    }

    /// The scalar that starts at `offset`; a line feed at the end.
    private static func scalar(at offset: Int, in bytes: [UInt8]) -> Unicode.Scalar {
        guard offset < bytes.count else { return "\n" }
        var iterator = bytes[offset...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return "\u{FFFD}"
    }

    /// cmark's `cmark_utf8proc_is_space`.
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// cmark's `cmark_utf8proc_is_punctuation`: ASCII punctuation, or a Unicode punctuation category.
    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x21...0x2F).contains(value) || (0x3A...0x40).contains(value) || (0x5B...0x60).contains(value) || (0x7B...0x7E).contains(value)
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }
}
