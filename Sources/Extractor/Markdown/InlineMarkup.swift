import Core

/// The inline Markdown of a message, split into prose a translator rewrites and markup that must
/// come back unchanged: code spans, link destinations, reference labels, autolinks, bare URLs,
/// inline HTML, entities, backslash escapes and footnote references.
///
/// Messages keep raw Markdown (see README, "What a translator sees"); this scanner is what lets a
/// pseudo-translation alter every word without touching markup, and what import checks compare.
/// It follows CommonMark's rules closely enough for that purpose; it does not decide emphasis,
/// whose delimiters are ordinary punctuation in the prose and survive any letter-only rewrite.
///
/// ```swift
/// let markup = InlineMarkup("See [the guide](/guide \"Guide\") and `tolk sync`.")
/// markup.protected.map(\.kind)   // [.linkDestination, .codeSpan]
/// ```
public struct InlineMarkup: Sendable {
    public enum Kind: String, Sendable, Equatable {
        case codeSpan = "code span"
        case linkDestination = "link destination"
        /// `[label]` after link text (`[text][label]`), or a bracketed text that may be a shortcut reference.
        case referenceLabel = "reference label"
        case footnoteReference = "footnote reference"
        case autolink
        case bareURL = "URL"
        case inlineHTML = "inline HTML"
        case entity = "entity"
        case escape = "backslash escape"
        /// A site generator's syntax (a Hugo shortcode call), when the page is read in its dialect.
        case shortcode
    }

    public enum Segment: Equatable, Sendable {
        /// Prose: free to translate.
        case text(Range<Int>)
        /// Markup that must come back byte for byte.
        case markup(Range<Int>, Kind)
    }

    public let bytes: [UInt8]
    public let segments: [Segment]

    public init(_ text: String, dialect: (any MarkdownDialect)? = nil) {
        self.init(bytes: Array(text.utf8), dialect: dialect)
    }

    /// - Parameter dialect: the site generator's syntax to protect as well (nil: plain CommonMark).
    public init(bytes: [UInt8], dialect: (any MarkdownDialect)? = nil) {
        self.bytes = bytes
        var scanner = Scanner(bytes: bytes, dialect: dialect)
        segments = scanner.scan()
    }

    /// The protected pieces with their text, in order.
    public var protected: [(kind: Kind, text: String)] {
        segments.compactMap { segment in
            guard case .markup(let range, let kind) = segment else { return nil }
            return (kind, String(decoding: bytes[range], as: UTF8.self))
        }
    }

    /// `text` without the dialect's syntax (each piece a space): what a reader reads of a message, for
    /// counting its words. Text without any of the dialect's opening bytes is returned as it is.
    public static func readableText(_ text: String, dialect: any MarkdownDialect) -> String {
        guard text.containsUTF8Byte(where: dialect.openingBytes.contains) else { return text }
        let markup = InlineMarkup(text, dialect: dialect)
        var output: [UInt8] = []
        for segment in markup.segments {
            switch segment {
            case .text(let range): output += markup.bytes[range]
            case .markup(let range, let kind): if kind == .shortcode { output.append(0x20) } else { output += markup.bytes[range] }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Rewrites the prose with `transform` and keeps every protected byte.
    public func rewritingText(_ transform: (Substring) -> String) -> String {
        var output = ""
        output.reserveCapacity(bytes.count * 2)
        for segment in segments {
            switch segment {
            case .text(let range):
                output += transform(Substring(decoding: bytes[range], as: UTF8.self))
            case .markup(let range, _):
                output += String(decoding: bytes[range], as: UTF8.self)
            }
        }
        return output
    }
}

private struct Scanner {
    let bytes: [UInt8]
    var segments: [InlineMarkup.Segment] = []
    var textStart = 0
    var index = 0

    /// Most messages have no `@`: then no position needs the email look-ahead.
    let mayHoldEmail: Bool
    let dialect: (any MarkdownDialect)?
    /// For each byte value, whether a construct of the dialect may start with it (all false without one).
    private let dialectMayOpen: [Bool]
    private static let opensNothing = [Bool](repeating: false, count: 256)
    /// For each byte value, whether `scan` does anything at it but step over it: CommonMark's and GFM's
    /// openers here, the dialect's too. Prose is mostly other bytes, which are skipped in a tight loop.
    private let mayStartConstruct: [Bool]
    private static let plainConstructStarts: [Bool] = {
        var starts = [Bool](repeating: false, count: 256)
        for byte in "\\`<&][hwf".utf8 { starts[Int(byte)] = true }
        return starts
    }()
    /// Where searches for a terminator (`-->`, `?>`) have already come up empty.
    private final class SearchMemo {
        var failedUpTo: [String: Int] = [:]
        /// Bytes that bracket matching may still look at. Each `[` looks ahead at most `lookahead` bytes;
        /// a message of nothing but brackets would cost `lookahead` times its length, so the work is
        /// capped at `bracketStepsPerByte` per byte: past that, a bracket is prose. Prose needs a few
        /// steps per byte; only hostile input reaches the cap.
        var bracketSteps: Int
        init(budget: Int) { bracketSteps = budget }
    }
    static let bracketStepsPerByte = 64
    private let searchMemo: SearchMemo

    init(bytes: [UInt8], dialect: (any MarkdownDialect)?) {
        self.bytes = bytes
        self.dialect = dialect
        if let dialect {
            var mayOpen = Self.opensNothing, mayStart = Self.plainConstructStarts
            for byte in dialect.openingBytes {
                mayOpen[Int(byte)] = true
                mayStart[Int(byte)] = true
            }
            dialectMayOpen = mayOpen
            mayStartConstruct = mayStart
        } else {
            // Shared: plain CommonMark allocates no table per message.
            dialectMayOpen = Self.opensNothing
            mayStartConstruct = Self.plainConstructStarts
        }
        searchMemo = SearchMemo(budget: Self.bracketStepsPerByte * bytes.count + 65_536)
        mayHoldEmail = bytes.firstIndex(of: UInt8(ascii: "@"), from: 0) != nil   // memchr
    }

    mutating func scan() -> [InlineMarkup.Segment] {
        while index < bytes.count {
            // Without an `@` (no email to look for), a byte that starts nothing is only stepped over.
            if !mayHoldEmail {
                index = Self.firstPossibleStart(in: bytes, from: index, table: mayStartConstruct)
                guard index < bytes.count else { break }
            }
            let byte = bytes[index]
            if dialectMayOpen[Int(byte)], let dialect, let end = dialect.protectedConstruct(in: bytes, at: index) {
                protect(index..<end, .shortcode)
                continue
            }
            switch byte {
            case UInt8(ascii: "\\"):
                if index + 1 < bytes.count, isASCIIPunctuation(bytes[index + 1]) {
                    protect(index..<index + 2, .escape)
                } else {
                    index += 1
                }
            case UInt8(ascii: "`"):
                scanBackticks()
            case UInt8(ascii: "<"):
                if let end = autolinkEnd(from: index) {
                    protect(index..<end, .autolink)
                } else if let end = htmlEnd(from: index) {
                    protect(index..<end, .inlineHTML)
                } else {
                    index += 1
                }
            case UInt8(ascii: "&"):
                if let end = entityEnd(from: index) { protect(index..<end, .entity) } else { index += 1 }
            case UInt8(ascii: "]"):
                scanAfterClosingBracket()
            case UInt8(ascii: "["):
                scanOpeningBracket()
            case UInt8(ascii: "h"), UInt8(ascii: "w"), UInt8(ascii: "f"):
                if let end = bareURLEnd(from: index) { protect(index..<end, .bareURL); continue }
                fallthrough
            default:
                if mayHoldEmail, isEmailCharacter(byte), index == 0 || !isEmailCharacter(bytes[index - 1]), let end = emailEnd(from: index) {
                    protect(index..<end, .bareURL)
                } else {
                    index += 1
                }
            }
        }
        flushText(upTo: bytes.count)
        return segments
    }

    /// The first index from `start` on whose byte `table` marks, or the end.
    private static func firstPossibleStart(in bytes: [UInt8], from start: Int, table: [Bool]) -> Int {
        bytes.withUnsafeBufferPointer { bytes in
            table.withUnsafeBufferPointer { table in
                var index = start
                while index < bytes.count, !table[Int(bytes[index])] { index += 1 }
                return index
            }
        }
    }

    // MARK: Segments

    private mutating func flushText(upTo end: Int) {
        if end > textStart { segments.append(.text(textStart..<end)) }
        textStart = end
    }

    private mutating func protect(_ range: Range<Int>, _ kind: InlineMarkup.Kind) {
        flushText(upTo: range.lowerBound)
        segments.append(.markup(range, kind))
        index = range.upperBound
        textStart = range.upperBound
    }

    // MARK: Constructs

    /// A code span runs from a backtick string to the next backtick string of the same length; an
    /// unmatched backtick string is literal text, kept as it is.
    private mutating func scanBackticks() {
        let start = index
        let span = codeSpan(at: start)
        protect(start..<(span.end ?? span.openingEnd), .codeSpan)
    }

    /// The backtick string at `start`, and the end of the code span it opens: just after the next
    /// backtick string of the same length, or nil when there is none.
    private func codeSpan(at start: Int) -> (openingEnd: Int, end: Int?) {
        var openingEnd = start
        while openingEnd < bytes.count, bytes[openingEnd] == UInt8(ascii: "`") { openingEnd += 1 }
        let run = openingEnd - start
        let horizon = horizon(from: start)
        var probe = openingEnd
        while probe < horizon {
            guard bytes[probe] == UInt8(ascii: "`") else { probe += 1; continue }
            let closingStart = probe
            while probe < bytes.count, bytes[probe] == UInt8(ascii: "`") { probe += 1 }
            if probe - closingStart == run { return (openingEnd, probe) }
        }
        return (openingEnd, nil)
    }

    /// `[^note]` is a footnote reference; a `[label]` that is not followed by `(` may be a shortcut
    /// reference whose label must match a definition, so it is kept too. Brackets that open link
    /// text (`[text](…)`, `[text][label]`) leave their text to the translator.
    private mutating func scanOpeningBracket() {
        guard let close = matchingBracket(from: index) else { index += 1; return }
        let next = close + 1 < bytes.count ? bytes[close + 1] : 0
        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "^") {
            protect(index..<close + 1, .footnoteReference)
            return
        }
        if next == UInt8(ascii: "["), close + 2 < bytes.count, bytes[close + 2] == UInt8(ascii: "]") {
            // A collapsed reference `[label][]`: the text is the label.
            protect(index..<close + 3, .referenceLabel)
            return
        }
        if (next == UInt8(ascii: "(") && inlineLinkTail(from: close + 1) != nil) || next == UInt8(ascii: "[") {
            // Link text: translatable. The part after `]` is handled when the scanner reaches it.
            index += 1
            return
        }
        if next == UInt8(ascii: ":") { index += 1; return }
        // Task markers and empty brackets are no labels.
        let inner = bytes[(index + 1)..<close]
        if inner.allSatisfy({ $0 == 0x20 || $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "X") }) { index = close + 1; return }
        protect(index..<close + 1, .referenceLabel)
    }

    /// After link text: `(destination "title")` keeps its destination and lets the title be
    /// translated; `[label]` is kept.
    private mutating func scanAfterClosingBracket() {
        let next = index + 1
        guard next < bytes.count else { index += 1; return }
        if bytes[next] == UInt8(ascii: "[") {
            if let close = matchingBracket(from: next) {
                protect(next..<close + 1, .referenceLabel)
                return
            }
            index += 1
            return
        }
        guard bytes[next] == UInt8(ascii: "("), let destination = inlineLinkTail(from: next) else { index += 1; return }
        flushText(upTo: next)
        if let title = destination.title {
            // The destination and the title's quotes stay markup; the title's text is prose.
            appendDestination(next..<title.lowerBound)
            if !title.isEmpty { segments.append(.text(title)) }
            appendDestination(title.upperBound..<destination.end)
        } else {
            appendDestination(next..<destination.end)
        }
        index = destination.end
        textStart = destination.end
    }

    /// A destination's markup; the dialect's constructs in it (`({% link about.md %})`) are pieces of
    /// their own, which the structure check compares whole.
    private mutating func appendDestination(_ range: Range<Int>) {
        guard let dialect else { segments.append(.markup(range, .linkDestination)); return }
        var start = range.lowerBound
        var position = range.lowerBound
        while position < range.upperBound {
            guard dialectMayOpen[Int(bytes[position])], let end = dialect.protectedConstruct(in: bytes, at: position), end <= range.upperBound else {
                position += 1
                continue
            }
            if position > start { segments.append(.markup(start..<position, .linkDestination)) }
            segments.append(.markup(position..<end, .shortcode))
            position = end
            start = end
        }
        if range.upperBound > start { segments.append(.markup(start..<range.upperBound, .linkDestination)) }
    }

    private struct LinkTail {
        /// Just after the destination and the whitespace that follows it.
        var destinationEnd: Int
        /// The title's text, without its delimiters.
        var title: Range<Int>?
        /// Just after the closing `)`.
        var end: Int
    }

    /// Parses `( destination "title" )` starting at the `(`.
    private func inlineLinkTail(from open: Int) -> LinkTail? {
        let horizon = horizon(from: open)
        var position = open + 1
        skipWhitespace(&position)
        if position < bytes.count, bytes[position] == UInt8(ascii: "<") {
            position += 1
            while position < horizon, bytes[position] != UInt8(ascii: ">") {
                if bytes[position] == 0x0A || bytes[position] == UInt8(ascii: "<") { return nil }
                if bytes[position] == UInt8(ascii: "\\") { position += 1 }
                position += 1
            }
            guard position < bytes.count else { return nil }
            position += 1
        } else {
            var depth = 0
            while position < horizon {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\\"), position + 1 < bytes.count { position += 2; continue }
                // The generator expands its syntax before Markdown is read: `[text]({{< ref "a.md" >}})` and
                // `({{ site.baseurl }}/about/)` are links.
                if dialectMayOpen[Int(byte)], let dialect, let end = dialect.protectedConstruct(in: bytes, at: position), end < bytes.count {
                    position = end
                    continue
                }
                if byte <= 0x20 { break }
                if byte == UInt8(ascii: "(") { depth += 1 }
                if byte == UInt8(ascii: ")") {
                    if depth == 0 { break }
                    depth -= 1
                }
                position += 1
            }
        }
        skipWhitespace(&position)
        guard position < bytes.count else { return nil }
        if bytes[position] == UInt8(ascii: ")") {
            return LinkTail(destinationEnd: position, title: nil, end: position + 1)
        }
        let opener = bytes[position]
        let closer: UInt8
        switch opener {
        case UInt8(ascii: "\""): closer = UInt8(ascii: "\"")
        case UInt8(ascii: "'"): closer = UInt8(ascii: "'")
        case UInt8(ascii: "("): closer = UInt8(ascii: ")")
        default: return nil
        }
        let destinationEnd = position + 1
        var titleEnd = destinationEnd
        while titleEnd < horizon, bytes[titleEnd] != closer {
            if bytes[titleEnd] == UInt8(ascii: "\\") { titleEnd += 1 }
            titleEnd += 1
        }
        guard titleEnd < bytes.count else { return nil }
        var position2 = titleEnd + 1
        skipWhitespace(&position2)
        guard position2 < bytes.count, bytes[position2] == UInt8(ascii: ")") else { return nil }
        return LinkTail(destinationEnd: destinationEnd, title: destinationEnd..<titleEnd, end: position2 + 1)
    }

    private func skipWhitespace(_ position: inout Int) {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0A { position += 1 }
    }

    /// The `]` that closes the `[` at `open`, honouring nesting, escapes and code spans.
    private func matchingBracket(from open: Int) -> Int? {
        let horizon = horizon(from: open)
        var depth = 0
        var position = open
        defer { searchMemo.bracketSteps -= position - open }
        guard searchMemo.bracketSteps > 0 else { return nil }
        while position < horizon {
            switch bytes[position] {
            case UInt8(ascii: "\\"): position += 1
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return position }
            case UInt8(ascii: "`"):
                // A code span inside the brackets may hold brackets of its own.
                let span = codeSpan(at: position)
                position = (span.end ?? span.openingEnd) - 1
            default: break
            }
            position += 1
        }
        return nil
    }

    /// `<https://example.com>` or `<user@example.com>`.
    private func autolinkEnd(from open: Int) -> Int? {
        let horizon = horizon(from: open)
        var position = open + 1
        var sawColon = false, sawAt = false
        while position < horizon {
            let byte = bytes[position]
            if byte == UInt8(ascii: ">") {
                return (sawColon || sawAt) && position > open + 1 ? position + 1 : nil
            }
            if byte <= 0x20 || byte == UInt8(ascii: "<") { return nil }
            if byte == UInt8(ascii: ":") { sawColon = true }
            if byte == UInt8(ascii: "@") { sawAt = true }
            position += 1
        }
        return nil
    }

    /// An HTML open tag, closing tag, comment, processing instruction, declaration or CDATA section.
    private func htmlEnd(from open: Int) -> Int? {
        let horizon = horizon(from: open)
        func find(_ terminator: String, after start: Int) -> Int? {
            let needle = Array(terminator.utf8)
            // A search that already failed up to some offset need not look there again: many
            // unclosed `<!--` in a row stay linear.
            var position = max(start, (searchMemo.failedUpTo[terminator] ?? 0) - needle.count + 1)
            while position + needle.count <= horizon {
                if bytes[position] == needle[0] {
                    var offset = 1
                    while offset < needle.count, bytes[position + offset] == needle[offset] { offset += 1 }
                    if offset == needle.count { return position + needle.count }
                }
                position += 1
            }
            searchMemo.failedUpTo[terminator] = horizon
            return nil
        }
        if bytes.hasASCII("<!--", at: open) { return find("-->", after: open + 4) }
        if bytes.hasASCII("<![CDATA[", at: open) { return find("]]>", after: open + 9) }
        if bytes.hasASCII("<?", at: open) { return find("?>", after: open + 2) }
        if bytes.hasASCII("<!", at: open), open + 2 < bytes.count, bytes[open + 2].isASCIILetter { return find(">", after: open + 2) }
        var position = open + 1
        if position < bytes.count, bytes[position] == UInt8(ascii: "/") { position += 1 }
        guard position < bytes.count, bytes[position].isASCIILetter else { return nil }
        while position < bytes.count, bytes[position].isASCIILetter || bytes[position].isASCIIDigit || bytes[position] == UInt8(ascii: "-") { position += 1 }
        // Attributes: quoted values may hold `>`.
        while position < horizon {
            let byte = bytes[position]
            if byte == UInt8(ascii: ">") { return position + 1 }
            if byte == UInt8(ascii: "<") { return nil }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                guard let close = bytes[(position + 1)...].firstIndex(of: byte) else { return nil }
                position = close + 1
                continue
            }
            position += 1
        }
        return nil
    }

    /// `&amp;`, `&#169;`, `&#xA9;`.
    private func entityEnd(from start: Int) -> Int? {
        var position = start + 1
        guard position < bytes.count else { return nil }
        if bytes[position] == UInt8(ascii: "#") {
            position += 1
            let hex = position < bytes.count && (bytes[position] == UInt8(ascii: "x") || bytes[position] == UInt8(ascii: "X"))
            if hex { position += 1 }
            let digitsStart = position
            while position < bytes.count, position - digitsStart < 7,
                  bytes[position].isASCIIDigit || (hex && isHexLetter(bytes[position])) { position += 1 }
            guard position > digitsStart else { return nil }
        } else {
            let nameStart = position
            while position < bytes.count, position - nameStart < 32, bytes[position].isASCIILetter || bytes[position].isASCIIDigit { position += 1 }
            guard position > nameStart else { return nil }
        }
        return position < bytes.count && bytes[position] == UInt8(ascii: ";") ? position + 1 : nil
    }

    /// `https://…`, `http://…` and `www.…` written in the prose (GFM autolinks them).
    private func bareURLEnd(from start: Int) -> Int? {
        if start > 0 {
            let before = bytes[start - 1]
            guard !before.isASCIILetter, !before.isASCIIDigit else { return nil }
        }
        // Called at every word that starts with h, w or f: compared in place, nothing allocated.
        guard bytes.hasASCII("https://", at: start) || bytes.hasASCII("http://", at: start) || bytes.hasASCII("www.", at: start)
                || bytes.hasASCII("ftp://", at: start) else { return nil }
        var position = start
        let horizon = horizon(from: start)
        while position < horizon, bytes[position] > 0x20, bytes[position] != UInt8(ascii: "<") { position += 1 }
        // Trailing punctuation belongs to the sentence, as in GFM.
        while position > start, Self.isTrailingPunctuation(bytes[position - 1]) {
            position -= 1
        }
        return position > start + 4 ? position : nil
    }

    /// `.` `,` `:` `;` `!` `?` `"` `'` `*` `_` `~` `)`: what ends a sentence or an emphasis after a URL.
    private static func isTrailingPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "!"), UInt8(ascii: "?"),
             UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ")"): true
        default: false
        }
    }

    /// `someone@example.com`, which GFM links as `mailto:`.
    private func emailEnd(from start: Int) -> Int? {
        var position = start
        while position < bytes.count, isEmailCharacter(bytes[position]) { position += 1 }
        guard position < bytes.count, position > start, bytes[position] == UInt8(ascii: "@") else { return nil }
        position += 1
        let domainStart = position
        var sawDot = false
        while position < bytes.count, bytes[position].isASCIILetter || bytes[position].isASCIIDigit
                || bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "_") || bytes[position] == UInt8(ascii: ".") {
            if bytes[position] == UInt8(ascii: ".") { sawDot = true }
            position += 1
        }
        while position > domainStart, bytes[position - 1] == UInt8(ascii: ".") { position -= 1 }
        return sawDot && position > domainStart ? position : nil
    }

    private func isEmailCharacter(_ byte: UInt8) -> Bool {
        byte.isASCIILetter || byte.isASCIIDigit || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "+")
    }

    /// How far a construct starting at `start` is looked for. Bounding every look-ahead keeps the
    /// scan linear on hostile input (`[[[[…`, `<!--<!--…`, thousands of unclosed backticks); no
    /// real link, tag or code span in a message is longer.
    static let lookahead = 4096

    private func horizon(from start: Int) -> Int { min(bytes.count, start + Self.lookahead) }

    private func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    private func isHexLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66 }
}
