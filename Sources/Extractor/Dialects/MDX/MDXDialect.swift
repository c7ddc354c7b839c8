/// MDX (Docusaurus, Astro Starlight): CommonMark plus JSX, JavaScript expressions and ESM, and the
/// `:::` containers both generators add (Docusaurus admonitions, Starlight asides).
///
/// - `import …` / `export …` blocks (up to the next blank line) are no message and stay as they are.
/// - A line made only of JSX tags and expressions (`<Tabs>`, `<TabItem value="a" label="A">`,
///   `</TabItem>`, `<Image src={img} alt="A cat" />`) is no message: CommonMark is handed a stand-in
///   for it (see `BlockStandIn`), so the children between two such lines are read as Markdown blocks,
///   as MDX reads them, however they are indented. String
///   attributes named in `translatableAttributes` are messages of their own (`TabItem label`).
/// - In prose, a tag (`<Highlight color="#25c2a0">`…`</Highlight>`) or an expression (`{props.x}`,
///   `{/* note */}`) is a protected piece of its message.
/// - A `:::` fence line is no message; its title is one (`tip title`); what is between is Markdown.
///
/// The same dialect without `mdx` reads only the `:::` fences: Docusaurus and Starlight `.md` pages.
///
/// ```swift
/// let mdx = MDXDialect()
/// mdx.protectedConstruct(in: Array("<Highlight color=\"#2c\">x".utf8), at: 0)   // 23
/// ```
public struct MDXDialect: MarkdownDialect {
    /// The string attributes that are text a reader sees.
    public static let defaultTranslatableAttributes = ["title", "label", "description", "alt", "caption", "summary", "placeholder", "aria-label"]
    /// How deep JSX elements and `:::` containers may nest before tolk says so. Nothing is recursive,
    /// so deeper nesting costs no stack; the warning names a page no one could have meant.
    public static let maximumNesting = 64
    /// Elements whose children are not prose.
    static let codeElements: Set<String> = ["pre", "code", "script", "style", "svg", "math", "CodeBlock", "Code"]

    public let name: String
    public let openingBytes: [UInt8]
    public func pieceName(_ construct: String) -> String { "MDX syntax " + construct }
    public let keepPiecesHint = "keep every JSX tag and {expression} byte for byte: MDX compiles them as code"
    /// A heading's `{#id}` must stay last for MDX to read it.
    public let bindsTrailingSyntaxToBlock = true
    /// Whether JSX, expressions and ESM are read (`.mdx`), or only the `:::` fences (`.md`).
    public let readsMDX: Bool
    public var translatableAttributes: Set<String>

    public init(mdx: Bool = true, translatableAttributes: [String] = MDXDialect.defaultTranslatableAttributes) {
        readsMDX = mdx
        name = mdx ? "MDX" : "Markdown with ::: admonitions"
        openingBytes = mdx ? [UInt8(ascii: "<"), UInt8(ascii: "{")] : []
        self.translatableAttributes = Set(translatableAttributes)
    }

    public var checkingIdentity: String { name + " attributes " + translatableAttributes.sorted().joined(separator: ",") }

    public func protectedConstruct(in bytes: [UInt8], at index: Int) -> Int? {
        guard readsMDX, index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            switch JSXSyntax.expressionEnd(in: bytes, at: index) {
            case .complete(let end): return end
            case .unclosed: return bytes.count
            }
        case UInt8(ascii: "<"):
            switch JSXSyntax.tag(in: bytes, at: index) {
            case .complete(let tag): return tag.range.upperBound
            case .unclosed: return bytes.count
            case nil: return nil
            }
        default:
            return nil
        }
    }

    public func survey(bytes: [UInt8], body: Range<Int>, codeRanges: [Range<Int>], lineStarts: [Int]) -> MarkdownDialectSurvey {
        var reader = MDXSurveyReader(dialect: self, bytes: bytes, body: body, codeRanges: codeRanges.sorted { $0.lowerBound < $1.lowerBound },
                                     lineStarts: lineStarts)
        return reader.read()
    }
}

/// One page's survey in the MDX dialect: line by line for ESM blocks and `:::` fences, then byte by
/// byte for tags and expressions, then the lines made only of those.
private struct MDXSurveyReader {
    let dialect: MDXDialect
    let bytes: [UInt8]
    let body: Range<Int>
    let codeRanges: [Range<Int>]
    let lineStarts: [Int]
    var survey = MarkdownDialectSurvey()
    /// Ranges no tag or expression is looked for in: code, ESM blocks, fence lines.
    var skipped: [Range<Int>] = []
    var lineEnding: [UInt8] = [0x0A]

    init(dialect: MDXDialect, bytes: [UInt8], body: Range<Int>, codeRanges: [Range<Int>], lineStarts: [Int]) {
        self.dialect = dialect
        self.bytes = bytes
        self.body = body
        self.codeRanges = codeRanges
        self.lineStarts = lineStarts
        lineEnding = LineIndex.lineEnding(of: bytes)
    }

    mutating func read() -> MarkdownDialectSurvey {
        readLines()
        if dialect.readsMDX { readConstructs() }
        survey.syntaxRanges.sort { $0.lowerBound < $1.lowerBound }
        survey.units.sort { $0.span.lowerBound < $1.span.lowerBound }
        return survey
    }

    // MARK: Lines: ESM and fences

    private func lineRange(_ line: Int) -> Range<Int> { LineIndex.range(ofLine: line, starts: lineStarts, in: bytes) }

    private func isBlank(_ range: Range<Int>) -> Bool { bytes[range].allSatisfy { $0 == 0x20 || $0 == 0x09 } }

    private func inCode(_ offset: Int) -> Bool {
        var low = 0, high = codeRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if codeRanges[middle].contains(offset) { return true }
            if codeRanges[middle].lowerBound > offset { high = middle - 1 } else { low = middle + 1 }
        }
        return false
    }

    /// `import` or `export` at the start of a line, followed by what a statement has there.
    private func opensESM(_ range: Range<Int>) -> Bool {
        for keyword in ["import", "export"] {
            let word = Array(keyword.utf8)
            guard range.count > word.count, Array(bytes[range.lowerBound..<range.lowerBound + word.count]) == word else { continue }
            let next = bytes[range.lowerBound + word.count]
            if next == 0x20 || next == 0x09 || next == UInt8(ascii: "{") || next == UInt8(ascii: "*") { return true }
        }
        return false
    }

    private mutating func readLines() {
        let firstLine = LineIndex.line(containing: body.lowerBound, in: lineStarts)
        var fences: [AdmonitionFence] = []
        // Containers opened past the cap: not tracked, but their closing fences close nothing silently.
        var untracked = 0
        var previousBlank = true
        var line = firstLine
        while line <= lineStarts.count {
            let range = lineRange(line)
            guard range.upperBound <= body.upperBound, range.lowerBound >= body.lowerBound else { line += 1; continue }
            if inCode(range.lowerBound) { previousBlank = false; line += 1; continue }
            if isBlank(range) { previousBlank = true; line += 1; continue }
            if dialect.readsMDX, previousBlank, opensESM(range) {
                // An ESM block runs to the next blank line, as MDX reads it.
                var last = line
                while last < lineStarts.count, !isBlank(lineRange(last + 1)), !inCode(lineRange(last + 1).lowerBound) { last += 1 }
                let block = range.lowerBound..<lineRange(last).upperBound
                survey.syntaxRanges.append(block)
                survey.blockSyntax.append((block, .thematicBreak))
                survey.regions.append((block, false))
                skipped.append(block)
                previousBlank = false
                line = last + 1
                continue
            }
            previousBlank = false
            line += 1
            guard let fence = AdmonitionFence.read(bytes, line: range) else { continue }
            let syntax = fence.start..<range.upperBound
            survey.syntaxRanges.append(syntax)
            survey.blockSyntax.append((syntax, .thematicBreak))
            skipped.append(syntax)
            if let name = fence.name {
                if fences.count >= MDXDialect.maximumNesting {
                    if untracked == 0 {
                        survey.problems.append((fence.start, "::: containers are nested more than \(MDXDialect.maximumNesting) deep here",
                                                "tolk still keeps every fence line as it is; flatten the nesting"))
                    }
                    untracked += 1
                } else {
                    fences.append(fence)
                }
                if let title = fence.title, MarkdownExtractor.hasTranslatableText(Array(bytes[title]), dialect: dialect) {
                    let label = "\(name) title"
                    survey.units.append(TranslationUnit(role: .body(label), text: String(decoding: bytes[title], as: UTF8.self), context: label,
                                                        line: line - 1, span: title,
                                                        rendering: .markdown(continuationPrefix: [], lineEnding: lineEnding, block: .htmlText)))
                }
            } else if untracked > 0 {
                untracked -= 1
            } else if let open = fences.lastIndex(where: { $0.colons <= fence.colons }) {
                fences.removeSubrange(open...)
            } else {
                survey.problems.append((fence.start, "this \(String(repeating: ":", count: fence.colons)) line closes no admonition",
                                        "remove it, or open the admonition above it (:::note, :::tip[Title]); tolk leaves the line as it is"))
            }
        }
        for fence in fences {
            let colons = String(repeating: ":", count: fence.colons)
            survey.problems.append((fence.start, "the admonition \(colons)\(fence.name ?? "") is never closed",
                                    "end it with a line of \(colons); until then the rest of the page is inside it"))
        }
    }

    // MARK: Tags and expressions

    private struct Construct {
        var range: Range<Int>
        var tag: JSXTag?
    }

    private mutating func readConstructs() {
        let skippedRanges = (codeRanges + skipped).sorted { $0.lowerBound < $1.lowerBound }
        var constructs: [Construct] = []
        var skipIndex = 0
        var position = body.lowerBound
        // A tag or an expression is looked for up to the end of its paragraph (the next blank line),
        // and an unclosed one makes the scan resume there: every byte is read a bounded number of times.
        var paragraphEnd = body.lowerBound
        while position < body.upperBound {
            while skipIndex < skippedRanges.count, skippedRanges[skipIndex].upperBound <= position { skipIndex += 1 }
            if skipIndex < skippedRanges.count, skippedRanges[skipIndex].contains(position) { position = skippedRanges[skipIndex].upperBound; continue }
            if paragraphEnd <= position { paragraphEnd = blankLineStart(after: position) }
            let nextSkip = skipIndex < skippedRanges.count ? skippedRanges[skipIndex].lowerBound : body.upperBound
            let limit = min(body.upperBound, nextSkip, paragraphEnd)
            switch bytes[position] {
            case UInt8(ascii: "\\"):
                position += 2
            case UInt8(ascii: "`"):
                position = LineIndex.codeSpanEnd(in: bytes, from: position, limit: limit, lookahead: JSXSyntax.lookahead)
            case UInt8(ascii: "<"):
                if position + 3 < limit, bytes[position + 1] == UInt8(ascii: "!"), bytes[position + 2] == UInt8(ascii: "-"), bytes[position + 3] == UInt8(ascii: "-") {
                    // An HTML comment: MDX 2 refuses it, CommonMark keeps it; either way it is no tag.
                    position = find([UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: ">")], from: position + 4,
                                    limit: min(limit, position + JSXSyntax.lookahead)).map { $0 + 3 } ?? position + 4
                    continue
                }
                switch JSXSyntax.tag(in: bytes, at: position, limit: limit) {
                case .complete(let tag):
                    constructs.append(Construct(range: tag.range, tag: tag))
                    position = tag.range.upperBound
                case .unclosed:
                    survey.problems.append((position, "the JSX tag \(tagStart(at: position)) is not closed",
                                            "end it with > (or />): MDX refuses the page until then, and tolk leaves the rest of its paragraph untranslated"))
                    position = limit
                case nil:
                    position += 1
                }
            case UInt8(ascii: "{"):
                switch JSXSyntax.expressionEnd(in: bytes, at: position, limit: limit) {
                case .complete(let end):
                    constructs.append(Construct(range: position..<end, tag: nil))
                    position = end
                case .unclosed:
                    survey.problems.append((position, "this { opens an expression that is not closed",
                                            "close it with }, or write \\{ for a brace of text: MDX refuses the page until then, and tolk leaves the rest of its paragraph untranslated"))
                    position = limit
                }
            default:
                position += 1
            }
        }
        survey.syntaxRanges += constructs.map(\.range)
        let blockTags = blankOnlySyntaxLines(constructs)
        pairElements(blockTags)
        addAttributeUnits(constructs)
    }

    /// The start of the first blank line after `position` (or the end of the body).
    private func blankLineStart(after position: Int) -> Int {
        var index = position
        while index < body.upperBound {
            guard bytes[index] == 0x0A else { index += 1; continue }
            var probe = index + 1
            while probe < body.upperBound, bytes[probe] == 0x20 || bytes[probe] == 0x09 || bytes[probe] == 0x0D { probe += 1 }
            if probe >= body.upperBound || bytes[probe] == 0x0A { return index + 1 }
            index = probe
        }
        return body.upperBound
    }

    /// `<Name` as written, for a message.
    private func tagStart(at position: Int) -> String {
        var end = position + 1
        while end < bytes.count, end - position < 40, JSXSyntax.isNameByte(bytes[end]) || bytes[end] == UInt8(ascii: "/") || bytes[end] == UInt8(ascii: ".") { end += 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    /// Blanks each group of lines made only of tags and expressions (a tag may span lines), and returns
    /// the tags of those groups: the block-level elements.
    private mutating func blankOnlySyntaxLines(_ constructs: [Construct]) -> [JSXTag] {
        var byStart: [Int: Int] = [:]
        for (index, construct) in constructs.enumerated() { byStart[construct.range.lowerBound] = index }
        var blockTags: [JSXTag] = []
        let firstLine = LineIndex.line(containing: body.lowerBound, in: lineStarts)
        var line = firstLine
        while line <= lineStarts.count {
            let range = lineRange(line)
            line += 1
            guard range.lowerBound >= body.lowerBound else { continue }
            var position = range.lowerBound
            while position < range.upperBound, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
            guard position < range.upperBound, var index = byStart[position] else { continue }
            let groupStart = position
            var groupTags: [JSXTag] = []
            var groupEnd: Int?
            while true {
                let construct = constructs[index]
                if let tag = construct.tag { groupTags.append(tag) }
                position = construct.range.upperBound
                while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
                if position >= bytes.count || bytes[position] == 0x0A || bytes[position] == 0x0D { groupEnd = position; break }
                guard let next = byStart[position] else { break }
                index = next
            }
            guard let end = groupEnd else { continue }
            // A line that leaves an element open stands in as a list item, so that its children,
            // indented or not, are Markdown blocks; any other ends the blocks before it.
            var openCount = 0
            for tag in groupTags {
                switch tag.kind {
                case .opening: openCount += 1
                case .closing: openCount -= 1
                case .selfClosing: break
                }
            }
            survey.blockSyntax.append((groupStart..<end, openCount > 0 ? .emptyListItem : .thematicBreak))
            blockTags += groupTags
            line = LineIndex.line(containing: max(end - 1, groupStart), in: lineStarts) + 1
        }
        return blockTags
    }

    /// Pairs block-level opening and closing tags: the children of each are a region, prose unless the
    /// element holds code.
    private mutating func pairElements(_ tags: [JSXTag]) {
        var open: [JSXTag] = []
        // Elements opened past the cap: not tracked, but as many closing tags close nothing silently.
        var untracked = 0
        for tag in tags {
            switch tag.kind {
            case .selfClosing:
                continue
            case .opening:
                if open.count >= MDXDialect.maximumNesting {
                    if untracked == 0 {
                        survey.problems.append((tag.range.lowerBound, "JSX elements are nested more than \(MDXDialect.maximumNesting) deep here",
                                                "tolk still keeps every tag as it is, and translates the text inside; flatten the nesting"))
                    }
                    untracked += 1
                    continue
                }
                open.append(tag)
            case .closing:
                if untracked > 0 { untracked -= 1; continue }
                guard let match = open.lastIndex(where: { $0.name == tag.name }) else {
                    do {
                        survey.problems.append((tag.range.lowerBound, "the closing tag </\(tag.name)> has no opening tag",
                                                "remove it, or add <\(tag.name)> above it: MDX refuses the page until then"))
                    }
                    continue
                }
                let opening = open[match]
                for unclosed in open[(match + 1)...] { reportUnclosed(unclosed) }
                open.removeSubrange(match...)
                survey.regions.append((opening.range.upperBound..<tag.range.lowerBound, !MDXDialect.codeElements.contains(opening.name)))
            }
        }
        for tag in open { reportUnclosed(tag) }
    }

    private mutating func reportUnclosed(_ tag: JSXTag) {
        survey.problems.append((tag.range.lowerBound, "the element <\(tag.name)> is never closed",
                                "add </\(tag.name)> after its children (or write it <\(tag.name) />): MDX refuses the page until then"))
    }

    /// The translatable string attributes of every tag (those inside a message are dropped by the
    /// extractor: the tag is a protected piece there).
    private mutating func addAttributeUnits(_ constructs: [Construct]) {
        for construct in constructs {
            guard let tag = construct.tag, tag.kind != .closing, survey.isProse(at: tag.range.lowerBound) else { continue }
            for attribute in tag.attributes where dialect.translatableAttributes.contains(attribute.name) {
                guard case .string(let value, let quote) = attribute.value, value.count >= 2 else { continue }
                let inner = value.lowerBound + 1..<value.upperBound - 1
                guard MarkdownExtractor.hasTranslatableText(Array(bytes[inner])) else { continue }
                let label = "\(tag.name) \(attribute.name)"
                survey.units.append(TranslationUnit(role: .body(label), text: String(decoding: bytes[inner], as: UTF8.self), context: label,
                                                    line: LineIndex.line(containing: value.lowerBound, in: lineStarts),
                                                    span: value, rendering: .jsxAttribute(quote: quote)))
            }
        }
    }

    // MARK: Bytes

    private func find(_ needle: [UInt8], from start: Int, limit: Int) -> Int? {
        var index = start
        while index + needle.count <= limit {
            if bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
