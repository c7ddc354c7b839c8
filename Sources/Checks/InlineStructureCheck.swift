import Core
import Extractor

/// Checks that a translation keeps the source's protected inline pieces: code spans (byte for byte),
/// link and image destinations, reference labels (`[text][label]`, `[label][]`, `[label]`: a label
/// the page's definitions do not have is printed as literal brackets), and HTML tags. Inline codes protect them in tolk's XLIFF, but a unit
/// can still arrive as text (a tool that flattens codes, `po2xliff` output, a PO file, a unit tolk
/// wrote as text), and a translator may type markup around the codes; the merge would then publish
/// a broken command, a dead link or unbalanced HTML.
enum InlineStructureCheck {
    struct Problem: Equatable {
        var message: String
        var hint: String
    }

    /// - Parameter dialect: the site generator's syntax, whose calls (Hugo shortcodes) must come back byte for byte too.
    /// - Parameter memo: the source's pieces when an earlier call read them (made for `dialect`).
    static func problem(source: String, translations: [String], dialect: (any MarkdownDialect)? = nil, memo: SourceMarkupMemo? = nil) -> Problem? {
        problem(source: source, translations: translations.map(ScannedText.init), dialect: dialect, memo: memo)
    }

    /// The same, for translations whose plain markup other checks may read too.
    static func problem(source: String, translations: [ScannedText], dialect: (any MarkdownDialect)?, memo: SourceMarkupMemo?) -> Problem? {
        let expected = memo?.protectedPieces(of: source, dialect: dialect) ?? protectedPieces(of: source, dialect: dialect)
        for scanned in translations where !scanned.text.isEmpty {
            let found = protectedPieces(of: scanned.text, dialect: dialect, plainMarkup: { scanned.plainMarkup })
            guard found != expected else { continue }
            let missing = expected.filter { !found.contains($0) }
            let extra = found.filter { !expected.contains($0) }
            if let piece = missing.first {
                return Problem(message: "the translation lacks \(piece) of the source", hint: Self.hint(for: piece, dialect: dialect))
            }
            if let piece = extra.first {
                return Problem(message: "the translation has \(piece), which the source does not", hint: Self.hint(for: piece, dialect: dialect))
            }
            return Problem(message: "the translation repeats or drops a code span, link destination or HTML tag of the source", hint: "keep each exactly as often as the source has it")
        }
        return nil
    }

    private static let keepHint = "keep code spans, link destinations, reference labels and HTML tags as in the source"

    /// The check's own pieces have fixed names; any other piece is the dialect's.
    private static func hint(for piece: String, dialect: (any MarkdownDialect)?) -> String {
        let ownKinds = ["code span ", "link destination ", "HTML tag ", "reference label "]
        guard let dialect, !ownKinds.contains(where: piece.hasPrefix) else { return keepHint }
        return dialect.keepPiecesHint
    }

    /// Code spans, `](destination)`, reference labels and `<tag…>`/`</tag>` names, sorted so that the
    /// order may change.
    /// Every delimiter is ASCII, so the scan runs on UTF-8 bytes and cuts only between scalars.
    /// - Parameter plainMarkup: `InlineMarkup(text)` without a dialect, when the caller has it (read only without a dialect).
    static func protectedPieces(of text: String, dialect: (any MarkdownDialect)? = nil, plainMarkup: (() -> InlineMarkup)? = nil) -> [String] {
        // Every piece starts with a backtick, `]`, `<` or one of the dialect's opening bytes: a text
        // without any (most titles and much prose) has none, and is not copied to find that out.
        let hasDialectSyntax = dialect.map { dialect in text.containsUTF8Byte(where: dialect.openingBytes.contains) } ?? false
        guard hasDialectSyntax || text.containsUTF8Byte(where: { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: "<") }) else {
            return []
        }
        var pieces: [String] = []
        var bytes = Array(text.utf8)
        if let dialect, hasDialectSyntax {
            // The calls are pieces of their own; blanked out, what they hold (a `<`, a backtick) is not read as Markdown.
            for segment in InlineMarkup(bytes: bytes, dialect: dialect).segments {
                guard case .markup(let range, .shortcode) = segment else { continue }
                pieces.append(dialect.pieceName(String(decoding: bytes[range], as: UTF8.self)))
                for index in range { bytes[index] = 0x20 }
            }
        }
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        let backtick = UInt8(ascii: "`")
        var index = 0
        while index < bytes.count {
            // Prose up to the next byte a piece may start with, skipped in one tight loop.
            index = bytes.withUnsafeBufferPointer { buffer in
                var next = index
                while next < buffer.count, buffer[next] != backtick, buffer[next] != UInt8(ascii: "]"), buffer[next] != UInt8(ascii: "<") { next += 1 }
                return next
            }
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == backtick {
                var run = 0
                while index + run < bytes.count, bytes[index + run] == backtick { run += 1 }
                // Find the closing run of the same length.
                var probe = index + run
                var closed: Int?
                while probe < bytes.count {
                    if bytes[probe] == backtick {
                        var length = 0
                        while probe + length < bytes.count, bytes[probe + length] == backtick { length += 1 }
                        if length == run { closed = probe; break }
                        probe += length
                    } else { probe += 1 }
                }
                if let closed {
                    pieces.append("code span " + string(index..<(closed + run)))
                    index = closed + run
                    continue
                }
                index += run
                continue
            }
            if byte == UInt8(ascii: "]"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "(") {
                var end = index + 2
                var depth = 1
                while end < bytes.count {
                    if bytes[end] == UInt8(ascii: "(") { depth += 1 }
                    if bytes[end] == UInt8(ascii: ")") { depth -= 1; if depth == 0 { break } }
                    end += 1
                }
                if end < bytes.count {
                    // The destination without a title: titles are prose.
                    let target = string((index + 2)..<end).split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
                    pieces.append("link destination (\(target))")
                    index = end + 1
                    continue
                }
            }
            if byte == UInt8(ascii: "<"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1].isASCIILetter {
                var end = index + 1
                while end < bytes.count, bytes[end] == UInt8(ascii: "/") || bytes[end].isASCIILetter || bytes[end].isASCIIDigit { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: ">") || bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\n") {
                    pieces.append("HTML tag " + string(index..<end) + ">")
                    index = end
                    continue
                }
            }
            index += 1
        }
        if bytes.contains(UInt8(ascii: "]")) {
            // Reference labels as `InlineMarkup` finds them (it keeps them out of pseudo-translation too).
            let markup = dialect == nil ? plainMarkup?() ?? InlineMarkup(text) : InlineMarkup(text, dialect: dialect)
            for piece in markup.protected where piece.kind == .referenceLabel {
                pieces.append("reference label " + piece.text)
            }
        }
        return pieces.sorted()
    }
}
