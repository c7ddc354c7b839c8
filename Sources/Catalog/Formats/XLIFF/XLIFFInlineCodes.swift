/// What a protected piece of a message is, for the XLIFF attributes that tell CAT tools about it
/// (`type`/`subType` in 2.0, `ctype` in 1.2). tolk restores every code from its original text, so
/// the kind is information for the translator's tool, never needed to read a file back.
public enum XLIFFCodeKind: String, Sendable, CaseIterable {
    case codeSpan = "code-span"
    /// A link's `[` … `](destination)`, or `[` … `][label]`.
    case link
    /// An image's `![` … `](source)`.
    case image
    case linkReference = "link-reference"
    case footnoteReference = "footnote-reference"
    case autolink
    case url
    case html
    case entity
    case escape
    /// An ICU argument (`{date}`) of a site string.
    case placeholder
    /// A site generator's call in the text (a Hugo shortcode).
    case shortcode

    /// XLIFF 2.0 `type`: one of the spec's values (`fmt`, `ui`, `quote`, `link`, `image`, `other`).
    var type20: String {
        switch self {
        case .link, .linkReference, .footnoteReference, .autolink, .url: "link"
        case .image: "image"
        case .html, .escape, .entity: "fmt"
        case .codeSpan, .placeholder, .shortcode: "other"
        }
    }

    /// XLIFF 1.2 `ctype`: the spec's value where one fits (`link` for a `<bpt>`, `image` for a
    /// `<ph>`), else a user-defined one with the `x-` prefix the spec asks for.
    func ctype12(paired: Bool) -> String {
        switch (self, paired) {
        case (.link, true): "link"
        case (.image, false): "image"
        default: "x-tolk-" + rawValue
        }
    }
}

/// Where a protected piece sits in a message: UTF-8 byte offsets, as a scanner of the message's syntax
/// (Markdown, ICU) finds them. A paired piece has a start and an end, with translatable text between
/// them (a link's text); a standalone piece is one run of markup.
public enum XLIFFInlineSpan: Equatable, Sendable {
    case standalone(Range<Int>, XLIFFCodeKind)
    case paired(start: Range<Int>, end: Range<Int>, XLIFFCodeKind)

    /// Where the piece (a pair: its start) begins.
    public var lowerBound: Int {
        switch self {
        case let .standalone(range, _): range.lowerBound
        case let .paired(start, _, _): start.lowerBound
        }
    }
}

/// Finds the protected pieces of one message. The exporter passes one per content file, chosen by the
/// file's syntax; the writer numbers the pieces and writes them as inline codes.
public typealias XLIFFInlineScanner = (String) -> [XLIFFInlineSpan]

/// One inline code of a unit: its id (unique in the unit, the same in source and target) and the
/// original bytes it stands for, which import puts back.
public struct XLIFFInlineCode: Equatable, Sendable {
    public var id: String
    public var kind: XLIFFCodeKind
    /// The whole piece for a standalone code; the opening piece of a paired one.
    public var start: String
    /// The closing piece of a paired code; nil for a standalone one.
    public var end: String?

    public var isPaired: Bool { end != nil }

    /// The original, short enough for a diagnostic: `` `tolk sync` ``, `[…](/guide)`.
    public var display: String {
        let whole = end.map { start + "…" + $0 } ?? start
        let scalars = Array(whole.unicodeScalars)
        guard scalars.count > 60 else { return whole }
        var short = String.UnicodeScalarView()
        short.append(contentsOf: scalars[..<57])
        return String(short) + "…"
    }
}

/// A message cut into text and inline codes, in order; `open`/`close` enclose a paired code's content.
public enum XLIFFInlinePiece: Equatable, Sendable {
    case text(String)
    case placeholder(XLIFFInlineCode)
    case open(XLIFFInlineCode)
    case close(XLIFFInlineCode)
}

/// A source and its translation as inline pieces with matching ids.
public struct XLIFFCodedText: Equatable, Sendable {
    public var source: [XLIFFInlinePiece]
    /// Nil when the unit has no target.
    public var target: [XLIFFInlinePiece]?
    public var codes: [XLIFFInlineCode]

    /// Numbers the source's protected pieces 1, 2, 3… in order of their start, and finds each of the
    /// target's pieces among them by its original text. Nil, meaning "write the unit as plain text",
    /// when the source has no protected piece, when the spans are not properly nested, when an original
    /// holds a character XML cannot carry in an attribute, or when the target does not hold exactly
    /// the source's pieces (a translation that dropped a code span, or one made for an older source):
    /// such a unit is written as before inline codes existed, and import checks it as text.
    public static func make(source: String, sourceSpans: [XLIFFInlineSpan], target: String?, targetSpans: [XLIFFInlineSpan]) -> XLIFFCodedText? {
        guard !sourceSpans.isEmpty, let (sourcePieces, codes) = pieces(of: source, spans: sourceSpans, ids: nil) else { return nil }
        guard let target else { return XLIFFCodedText(source: sourcePieces, target: nil, codes: codes) }
        guard let (targetPieces, used) = pieces(of: target, spans: targetSpans, ids: codes), used.count == codes.count else { return nil }
        return XLIFFCodedText(source: sourcePieces, target: targetPieces, codes: codes)
    }

    /// Cuts `text` at `spans`. Without `ids`, codes are numbered from 1; with them, each span takes
    /// the first unused code of the same shape and original text, and an unmatched span fails.
    private static func pieces(of text: String, spans: [XLIFFInlineSpan], ids: [XLIFFInlineCode]?) -> ([XLIFFInlinePiece], [XLIFFInlineCode])? {
        let bytes = Array(text.utf8)
        func slice(_ range: Range<Int>) -> String? {
            guard range.lowerBound >= 0, range.upperBound <= bytes.count, range.lowerBound <= range.upperBound else { return nil }
            // Both ends must fall between scalars.
            if range.lowerBound < bytes.count, bytes[range.lowerBound] & 0xC0 == 0x80 { return nil }
            if range.upperBound < bytes.count, bytes[range.upperBound] & 0xC0 == 0x80 { return nil }
            return String(decoding: bytes[range], as: UTF8.self)
        }
        // Events in byte order: a standalone code, or a pair's start and end.
        enum Event { case standalone(Range<Int>, XLIFFCodeKind), open(Range<Int>, Int), close(Range<Int>, Int) }
        var events: [(at: Int, event: Event)] = []
        for (index, span) in spans.enumerated() {
            switch span {
            case let .standalone(range, kind): events.append((range.lowerBound, .standalone(range, kind)))
            case let .paired(start, end, _):
                guard start.upperBound <= end.lowerBound else { return nil }
                events.append((start.lowerBound, .open(start, index)))
                events.append((end.lowerBound, .close(end, index)))
            }
        }
        events.sort { $0.at < $1.at }  // spans never overlap, so no two events share an offset
        var result: [XLIFFInlinePiece] = []
        var codes: [XLIFFInlineCode] = []
        var openCodes: [(span: Int, code: XLIFFInlineCode)] = []
        var position = 0
        // The source's codes by original text (compared by bytes, not canonical equivalence: the
        // original must come back byte for byte), each list in id order.
        var available: [MessageText: [XLIFFInlineCode]] = [:]
        for code in (ids ?? []).reversed() { available[MessageText(code.start + (code.end.map { "\u{0}" + $0 } ?? "")), default: []].append(code) }
        func claim(kind: XLIFFCodeKind, start: String, end: String?) -> XLIFFInlineCode? {
            guard !start.isEmpty, Self.fitsInAttribute(start), end.map(Self.fitsInAttribute) ?? true else { return nil }
            guard ids != nil else {
                let code = XLIFFInlineCode(id: String(codes.count + 1), kind: kind, start: start, end: end)
                codes.append(code)
                return code
            }
            let key = MessageText(start + (end.map { "\u{0}" + $0 } ?? ""))
            guard let code = available[key]?.popLast() else { return nil }
            codes.append(code)
            return code
        }
        for (at, event) in events {
            guard at >= position, let prose = slice(position..<at) else { return nil }
            if !prose.isEmpty { result.append(.text(prose)) }
            switch event {
            case let .standalone(range, kind):
                guard let original = slice(range), let code = claim(kind: kind, start: original, end: nil) else { return nil }
                result.append(.placeholder(code))
                position = range.upperBound
            case let .open(range, index):
                guard case let .paired(_, endRange, kind) = spans[index], let start = slice(range), let end = slice(endRange),
                      let code = claim(kind: kind, start: start, end: end) else { return nil }
                result.append(.open(code))
                openCodes.append((index, code))
                position = range.upperBound
            case let .close(range, index):
                // Pairs must nest: the pair that ends is the last one opened.
                guard let last = openCodes.last, last.span == index else { return nil }
                openCodes.removeLast()
                result.append(.close(last.code))
                position = range.upperBound
            }
        }
        guard openCodes.isEmpty, let rest = slice(position..<bytes.count) else { return nil }
        if !rest.isEmpty { result.append(.text(rest)) }
        return (result, codes)
    }

    /// XML 1.0 has no way to write U+0000–U+001F other than tab, LF and CR, nor U+FFFE/U+FFFF; 2.0
    /// writes them in text as `<cp>`, which attributes cannot hold.
    static func fitsInAttribute(_ text: String) -> Bool {
        !text.unicodeScalars.contains { ($0.value < 0x20 && $0.value != 0x09 && $0.value != 0x0A && $0.value != 0x0D) || $0.value == 0xFFFE || $0.value == 0xFFFF }
    }
}
