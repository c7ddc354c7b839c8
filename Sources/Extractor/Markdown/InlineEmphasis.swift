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
        guard bytes.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "~") }) else { return }
        // A message is the inline content of a block: leading whitespace would make cmark see an
        // indented code block, where nothing is emphasis.
        let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D } ?? bytes.count
        let markdown = Array(bytes[start...])
        var usedAsterisks = 0, usedUnderscores = 0
        for node in CMarkParser.emphasisNodes(of: markdown) {
            let width: Int
            switch node.kind {
            case .emphasis: emphasis += 1; width = 2
            case .strong: strong += 1; width = 4
            case .strikethrough: strikethrough += 1; width = 0
            }
            if node.delimiter == UInt8(ascii: "*") { usedAsterisks += width }
            if node.delimiter == UInt8(ascii: "_") { usedUnderscores += width }
        }
        let scanned = start == 0 ? plainMarkup?() : nil
        let runs = Self.delimiterRuns(in: scanned.flatMap { $0.bytes.count == markdown.count ? $0 : nil } ?? InlineMarkup(bytes: markdown))
        unpairedAsterisks = max(0, runs.asterisks - usedAsterisks)
        unpairedUnderscores = max(0, runs.underscores - usedUnderscores)
    }

    /// The `*` and `_` of the prose that belong to runs able to open or close emphasis (CommonMark
    /// 0.29, as cmark-gfm implements it: `scan_delims` in inlines.c).
    static func delimiterRuns(in markup: InlineMarkup) -> (asterisks: Int, underscores: Int) {
        let bytes = markup.bytes
        var asterisks = 0, underscores = 0
        for segment in markup.segments {
            guard case .text(let range) = segment else { continue }
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
                if byte == UInt8(ascii: "*") {
                    if leftFlanking || rightFlanking { asterisks += end - index }
                } else {
                    let canOpen = leftFlanking && (!rightFlanking || punctuationBefore)
                    let canClose = rightFlanking && (!leftFlanking || punctuationAfter)
                    if canOpen || canClose { underscores += end - index }
                }
                index = end
            }
        }
        return (asterisks, underscores)
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
