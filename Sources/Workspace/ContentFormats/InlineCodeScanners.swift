import Catalog
import Extractor
import LocaleData

/// The protected pieces of messages, as XLIFF inline codes: what a CAT tool locks so the translator
/// can move it but not break it. Which pieces are protected is decided elsewhere, once: `InlineMarkup`
/// for Markdown (the same pieces pseudo-translation keeps and import checks), `MessagePattern` for the
/// ICU arguments of site strings. This file only shapes them into codes.
package enum InlineCodeScanners {
    // MARK: Markdown

    /// Every protected piece of `InlineMarkup` becomes a code, and two kinds become paired codes
    /// around the text a translator rewrites:
    /// - a link or image: `[` (or `![`) … `](destination)`, or `[` … `][label]`. A title is prose, so
    ///   `[text](/url "Title")` is a pair `[` … `](/url "` followed by the title and a code `")`;
    /// - an HTML element: `<kbd>` … `</kbd>` when the closing tag follows in the same message.
    /// Emphasis delimiters are not protected (`InlineMarkup` leaves them to the prose) and stay text.
    /// Pairs that would cross (`<b>[a</b>](/x)`) are written as standalone codes instead, since XML
    /// elements nest.
    package static func markdown(_ text: String) -> [XLIFFInlineSpan] { markdown(text, dialect: nil) }

    /// The same in a site generator's dialect, whose calls (Hugo shortcodes) are standalone codes; its
    /// tags (MDX's JSX) pair like HTML elements.
    package static func markdown(_ text: String, dialect: (any MarkdownDialect)?) -> [XLIFFInlineSpan] {
        let markup = InlineMarkup(text, dialect: dialect)
        let bytes = markup.bytes
        let segments = markup.segments
        guard segments.contains(where: { if case .markup = $0 { true } else { false } }) else { return [] }

        enum Item {
            case standalone(Range<Int>, XLIFFCodeKind)
            /// A pair; `endMarkup` is the protected part of its end (`(url)`), without the `]` before it.
            case pair(start: Range<Int>, end: Range<Int>, endMarkup: Range<Int>?, kind: XLIFFCodeKind)
        }
        var items: [Item] = []
        var brackets: [(position: Int, isImage: Bool)] = []
        var openTags: [(name: String, item: Int)] = []
        var consumed = Set<Int>()  // markup segments that ended up inside a pair's end

        for (index, segment) in segments.enumerated() {
            switch segment {
            case .text(let range):
                for position in range {
                    let byte = bytes[position]
                    if byte == UInt8(ascii: "[") {
                        let isImage = position > range.lowerBound && bytes[position - 1] == UInt8(ascii: "!")
                        brackets.append((position, isImage))
                    } else if byte == UInt8(ascii: "]"), let open = brackets.popLast() {
                        // A `]` closes link text only when the destination or label follows at once.
                        guard position == range.upperBound - 1, index + 1 < segments.count,
                              case .markup(let next, let kind) = segments[index + 1], next.lowerBound == position + 1,
                              kind == .linkDestination || kind == .referenceLabel else { continue }
                        let start = open.isImage ? (open.position - 1)..<(open.position + 1) : open.position..<(open.position + 1)
                        items.append(.pair(start: start, end: position..<next.upperBound, endMarkup: next,
                                           kind: open.isImage ? .image : .link))
                        consumed.insert(index + 1)
                    }
                }
            case .markup(let range, let kind):
                guard !consumed.contains(index) else { continue }
                // A dialect's tag (MDX's `<Highlight>` … `</Highlight>`) pairs as an HTML element does.
                if kind == .inlineHTML || kind == .shortcode && bytes[range.lowerBound] == UInt8(ascii: "<"), let tag = htmlTag(bytes[range]) {
                    if tag.closing {
                        if let match = openTags.lastIndex(where: { $0.name == tag.name }) {
                            let opening = openTags[match].item
                            openTags.removeSubrange(match...)
                            if case .standalone(let startRange, let startKind) = items[opening] {
                                items[opening] = .pair(start: startRange, end: range, endMarkup: nil, kind: startKind)
                                continue
                            }
                        }
                    } else if !tag.selfClosing, !voidElements.contains(tag.name) {
                        openTags.append((tag.name, items.count))
                    }
                }
                items.append(.standalone(range, codeKind(kind)))
            }
        }

        // Pairs must nest; one that crosses another falls back to standalone codes.
        var events: [(at: Int, item: Int, opens: Bool)] = []
        for (index, item) in items.enumerated() {
            if case let .pair(start, end, _, _) = item {
                events.append((start.lowerBound, index, true))
                events.append((end.lowerBound, index, false))
            }
        }
        events.sort { $0.at < $1.at }
        var stack: [Int] = []
        var crossing = Set<Int>()
        for event in events {
            if event.opens { stack.append(event.item); continue }
            guard let position = stack.lastIndex(of: event.item) else { continue }
            if position != stack.count - 1 { crossing.insert(event.item) }
            stack.remove(at: position)
        }

        var spans: [XLIFFInlineSpan] = []
        for (index, item) in items.enumerated() {
            switch item {
            case let .standalone(range, kind):
                spans.append(.standalone(range, kind))
            case let .pair(start, end, endMarkup, kind):
                if !crossing.contains(index) {
                    spans.append(.paired(start: start, end: end, kind))
                } else if let endMarkup {
                    // A link's `[` and `]` were prose to InlineMarkup; only the destination is protected.
                    spans.append(.standalone(endMarkup, kind == .image ? .image : .link))
                } else {
                    spans.append(.standalone(start, kind))
                    spans.append(.standalone(end, kind))
                }
            }
        }
        return spans.sorted { $0.lowerBound < $1.lowerBound }
    }

    private static func codeKind(_ kind: InlineMarkup.Kind) -> XLIFFCodeKind {
        switch kind {
        case .codeSpan: .codeSpan
        case .linkDestination: .link
        case .referenceLabel: .linkReference
        case .footnoteReference: .footnoteReference
        case .autolink: .autolink
        case .bareURL: .url
        case .inlineHTML: .html
        case .entity: .entity
        case .escape: .escape
        case .shortcode: .shortcode
        }
    }

    /// HTML elements that have no closing tag.
    private static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]

    /// The lowercased name of an open or closing tag (nil for comments, declarations and the like).
    private static func htmlTag(_ tag: ArraySlice<UInt8>) -> (name: String, closing: Bool, selfClosing: Bool)? {
        var position = tag.startIndex + 1
        let closing = position < tag.endIndex && tag[position] == UInt8(ascii: "/")
        if closing { position += 1 }
        let nameStart = position
        while position < tag.endIndex, (tag[position] | 0x20) >= 0x61 && (tag[position] | 0x20) <= 0x7A || (tag[position] >= 0x30 && tag[position] <= 0x39) || tag[position] == UInt8(ascii: "-") {
            position += 1
        }
        guard position > nameStart else { return nil }
        let name = String(decoding: tag[nameStart..<position], as: UTF8.self).lowercased()
        let selfClosing = tag.count >= 2 && tag[tag.endIndex - 2] == UInt8(ascii: "/")
        return (name, closing, selfClosing)
    }

    // MARK: ICU MessageFormat

    /// The simple arguments of a site string (`{date}`, `{count, number}`) as standalone codes. A message
    /// with a plural, select or selectordinal argument is left as text: the translator writes the
    /// branches the target locale needs, which locked codes would not let them add (`tolk check` and
    /// import validate those messages instead). A message ICU cannot parse is text too.
    package static func messageFormat(_ text: String) -> [XLIFFInlineSpan] {
        guard text.utf8.contains(UInt8(ascii: "{")), let pattern = try? MessagePattern(text) else { return [] }
        var spans: [XLIFFInlineSpan] = []
        for part in pattern.parts {
            guard case .argument(let argument) = part else { continue }
            guard case .simple = argument.kind else { return [] }
            spans.append(.standalone(argument.offset..<argument.end, .placeholder))
        }
        return spans
    }
}
