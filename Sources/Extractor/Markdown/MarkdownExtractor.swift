import Core
import Foundation

/// Finds the translatable units of a Markdown body: headings, paragraphs (in lists, quotes and
/// footnotes too) and table cells. Code, HTML blocks, link reference definitions and thematic
/// breaks are never units.
///
/// Authors steer extraction with an HTML comment right before a block:
/// `<!-- tolk: skip -->` keeps the next block out of the catalogs, and
/// `<!-- tolk: note Keep "Field Notes" in English. -->` passes a note to translators.
struct MarkdownExtractor {
    /// The whole file's bytes.
    let bytes: [UInt8]
    /// Where the Markdown body starts (after the front matter).
    let bodyStart: Int
    /// Byte offset of the start of each line of the whole file.
    let lineStarts: [Int]
    /// The site generator's syntax (Hugo shortcodes); nil for plain CommonMark.
    let dialect: (any MarkdownDialect)?
    /// Whether the dialect's indented containers are looked for (false when reading one of their regions).
    var readsContainers = true

    init(bytes: [UInt8], bodyStart: Int, dialect: (any MarkdownDialect)? = nil) {
        self.bytes = bytes
        self.bodyStart = bodyStart
        self.dialect = dialect
        lineStarts = LineIndex.lineStarts(of: bytes)
    }

    func units() -> [TranslationUnit] { extract().units }

    /// The units, the destinations of the link reference definitions (which belong to no unit), and the
    /// first line of a subtree nested too deep to extract (`CMarkParser.maximumNestingDepth`), if any.
    /// With a dialect, also what it found wrong in its syntax (by byte offset).
    func extract() -> (units: [TranslationUnit], definitionDestinations: [Range<Int>], tooDeepLine: Int?,
                       dialectProblems: [(offset: Int, message: String, hint: String)]) {
        if readsContainers, let dialect,
           let layout = dialect.indentedContainers(bytes: bytes, body: bodyStart..<bytes.count, lineStarts: lineStarts) {
            return extract(regionsOf: layout)
        }
        var definitionDestinations: [Range<Int>] = []
        let body = Array(bytes[bodyStart...])
        let firstBodyLine = LineIndex.line(containing: bodyStart, in: lineStarts)
        let lineEnding = LineIndex.lineEnding(of: bytes)
        var units: [TranslationUnit] = []
        var skipSubtree: Int?
        var pendingDirective: (parent: Int, directive: AuthorDirective)?
        var noteForSubtree: (node: Int, note: String)?

        var structure = CMarkParser.structure(of: body)
        let survey = dialect.map { dialect in
            dialect.survey(bytes: bytes, body: bodyStart..<bytes.count,
                           codeRanges: structure.blocks.filter { $0.kind == .codeBlock }.compactMap { codeRange(of: $0, firstBodyLine: firstBodyLine) },
                           lineStarts: lineStarts)
        }
        if let survey, !survey.blockSyntax.isEmpty {
            structure = CMarkParser.structure(of: Self.standingIn(survey.blockSyntax, body: body, bodyStart: bodyStart))
        }
        let blocks = structure.blocks
        for block in blocks {
            if let skip = skipSubtree, block.ancestorIDs.contains(skip) { continue }
            skipSubtree = nil
            if case .htmlBlock(let literal) = block.kind, let directive = AuthorDirective(comment: literal) {
                pendingDirective = (block.parentID, directive)
                continue
            }
            if let pending = pendingDirective, pending.parent == block.parentID {
                pendingDirective = nil
                switch pending.directive {
                case .skip:
                    skipSubtree = block.nodeID
                    continue
                case .note(let note):
                    noteForSubtree = (block.nodeID, note)
                }
            }
            var note: String?
            if let scoped = noteForSubtree {
                if scoped.node == block.nodeID || block.ancestorIDs.contains(scoped.node) { note = scoped.note } else { noteForSubtree = nil }
            }
            let startLine = block.startLine + firstBodyLine - 1
            let endLine = block.endLine + firstBodyLine - 1
            if let survey, startLine >= 1, startLine <= lineStarts.count,
               !survey.isProse(at: lineStarts[startLine - 1] + max(block.startColumn - 1, 0)) { continue }
            let kindName: String
            switch block.kind {
            case .paragraph: kindName = "paragraph"
            case .heading(let level): kindName = "heading \(level)"
            case .tableCell(let row, let column, let isHeader): kindName = isHeader ? "table header c\(column)" : "table cell r\(row - 1)c\(column)"
            case .htmlBlock:
                for var unit in htmlTextUnits(block: block, startLine: startLine, endLine: endLine, lineEnding: lineEnding) {
                    unit.note = note
                    units.append(unit)
                }
                continue
            default: continue
            }
            for var unit in leafUnits(block: block, kind: kindName, startLine: startLine, endLine: endLine, lineEnding: lineEnding,
                                      survey: survey, definitionDestinations: &definitionDestinations) {
                unit.note = note
                units.append(unit)
            }
        }
        definitionDestinations += standaloneDefinitionDestinations(blocks: blocks, firstBodyLine: firstBodyLine)
        if let survey, !survey.units.isEmpty {
            // A parameter inside a message is part of that message (its call is a protected piece).
            let own = survey.units.filter { parameter in !units.contains { $0.span.overlaps(parameter.span) } }
            units = (units + own).sorted { $0.span.lowerBound < $1.span.lowerBound }
        }
        return (units, definitionDestinations, structure.tooDeepLine.map { $0 + firstBodyLine - 1 }, survey?.problems ?? [])
    }

    /// The body as CommonMark is to read it: each piece of the dialect's block syntax replaced by its
    /// stand-in, then spaces; line endings stay, so every offset and line number is the page's.
    static func standingIn(_ syntax: [(range: Range<Int>, standIn: BlockStandIn)], body: [UInt8], bodyStart: Int) -> [UInt8] {
        var copy = body
        for (range, standIn) in syntax {
            let lower = max(range.lowerBound - bodyStart, 0), upper = min(range.upperBound - bodyStart, copy.count)
            guard lower < upper else { continue }
            var firstLineEnd = lower
            while firstLineEnd < upper, copy[firstLineEnd] != 0x0A, copy[firstLineEnd] != 0x0D { firstLineEnd += 1 }
            var mark: [UInt8]
            switch standIn {
            case .blank: mark = []
            case .thematicBreak: mark = Array("***".utf8)
            case .emptyListItem: mark = [UInt8(ascii: "*")]
            }
            if mark.count > firstLineEnd - lower { mark = [] }
            for offset in lower..<upper where copy[offset] != 0x0A && copy[offset] != 0x0D {
                copy[offset] = offset - lower < mark.count ? mark[offset - lower] : 0x20
            }
        }
        return copy
    }

    /// The bytes of a code block, from the start of its first line to the end of its last.
    private func codeRange(of block: CMarkParser.Block, firstBodyLine: Int) -> Range<Int>? {
        let first = block.startLine + firstBodyLine - 1, last = block.endLine + firstBodyLine - 1
        guard first >= 1, last >= first, last <= lineStarts.count else { return nil }
        return lineStarts[first - 1]..<lineRange(last).upperBound
    }

    /// Destinations of link reference definitions that make up a paragraph of their own: cmark-gfm
    /// drops such a paragraph, so they are found on the top-level lines no leaf block covers.
    private func standaloneDefinitionDestinations(blocks: [CMarkParser.Block], firstBodyLine: Int) -> [Range<Int>] {
        let lineCount = lineStarts.count
        var covered = [Bool](repeating: false, count: lineCount + 2)
        for block in blocks where block.isLeaf {
            let first = block.startLine + firstBodyLine - 1, last = block.endLine + firstBodyLine - 1
            guard first >= 1, last >= first, first <= lineCount else { continue }
            for line in first...min(last, lineCount) { covered[line] = true }
        }
        var destinations: [Range<Int>] = []
        var line = firstBodyLine
        while line <= lineCount {
            let range = lineRange(line)
            let text = bytes[range]
            let indent = text.prefix { $0 == 0x20 }.count
            guard !covered[line], indent <= 3, text.dropFirst(indent).first == UInt8(ascii: "[") else { line += 1; continue }
            // The run of uncovered, non-blank lines from here: one dropped paragraph.
            var run: [ArraySlice<UInt8>] = []
            var next = line
            while next <= lineCount, !covered[next] {
                let slice = bytes[lineRange(next)]   // without its line ending
                if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { break }
                run.append(slice)
                next += 1
            }
            destinations += LinkReferenceDefinitions.definitions(in: run.map { $0.dropFirst($0.prefix { $0 == 0x20 }.count) }).destinations
            line = max(next, line + 1)
        }
        return destinations
    }

    /// The unit of one leaf block: its span in the file and its text with container prefixes removed
    /// (several for a paragraph that is a definition list in a dialect that has them).
    private func leafUnits(block: CMarkParser.Block, kind: String, startLine: Int, endLine: Int, lineEnding: [UInt8],
                           survey: MarkdownDialectSurvey?, definitionDestinations: inout [Range<Int>]) -> [TranslationUnit] {
        var startLine = startLine
        var block = block
        var endLine = endLine
        // cmark reports some blocks as ending at column 0 of the following line: that means "the line before".
        if block.endColumn == 0, endLine > startLine {
            endLine -= 1
            block.endColumn = lineRange(min(endLine, lineStarts.count)).count + 1
        }
        guard startLine >= 1, endLine >= startLine, endLine <= lineStarts.count else { return [] }
        var lines: [Range<Int>] = []
        var contentEndLine = endLine
        var isSetext = false
        if case .heading = block.kind {
            let first = contentRange(line: startLine, fromColumn: block.startColumn)
            if !isATXOpening(first) {
                isSetext = true
                // The underline is the first line after the text made only of = or -.
                contentEndLine = startLine
                while contentEndLine + 1 <= endLine, !isSetextUnderline(stripContainerPrefix(lineRange(contentEndLine + 1), quoteDepth: block.quoteDepth)) {
                    contentEndLine += 1
                }
            }
        }
        if case .tableCell = block.kind {
            guard let cell = tableCellRange(block: block, line: startLine) else { return [] }
            lines = [cell]
        } else {
            for line in startLine...max(startLine, contentEndLine) {
                var range: Range<Int>
                if line == startLine {
                    range = contentRange(line: line, fromColumn: block.startColumn)
                } else {
                    range = stripContainerPrefix(lineRange(line), quoteDepth: block.quoteDepth)
                }
                if line == endLine && !isSetext && block.endColumn > 0 {
                    let end = min(lineStarts[line - 1] + block.endColumn, lineRange(line).upperBound)
                    if end >= range.lowerBound { range = range.lowerBound..<end }
                }
                lines.append(range)
            }
        }
        if let survey, block.kind == .paragraph {
            // Lines of nothing but the dialect's calls open, close or stand beside the text: not part of it.
            while let first = lines.first, survey.isOnlySyntax(first, in: bytes) { lines.removeFirst(); startLine += 1 }
            while let last = lines.last, survey.isOnlySyntax(last, in: bytes) { lines.removeLast() }
            guard let first = lines.first, survey.isProse(at: first.lowerBound) else { return [] }
        }
        let isParagraphLike = block.kind == .paragraph || isSetext
        if isParagraphLike {
            // Link reference definitions at the start belong to no unit.
            let (definitionLines, destinations) = LinkReferenceDefinitions.definitions(in: lines.map { bytes[trimmed($0)] })
            definitionDestinations += destinations
            if definitionLines > 0 {
                guard definitionLines < lines.count else { return [] }
                lines.removeFirst(definitionLines)
                startLine += definitionLines
            }
        }
        if block.kind == .paragraph, dialect?.hasDefinitionLists == true,
           let groups = DefinitionListLines.groups(lines.map { bytes[$0] }, offsets: lines.map(\.lowerBound)) {
            // `Term` / `: Definition` lines: each term and each definition is a message of its own, the
            // `: ` markers stay in the file (joined into one message, a translation would end up on one line).
            return groups.compactMap { group in
                let kind = group.isDefinition ? "definition" : "definition term"
                var groupLines = Array(lines[group.lines])
                groupLines[0] = group.firstLineContent
                return unit(lines: groupLines, startLine: startLine + group.lines.lowerBound, block: block, kind: kind,
                            isSetext: false, lineEnding: lineEnding)
            }
        }
        return unit(lines: lines, startLine: startLine, block: block, kind: kind, isSetext: isSetext, lineEnding: lineEnding).map { [$0] } ?? []
    }

    /// The unit made of `lines` (ranges in the file, the first on `startLine`) of a leaf block.
    private func unit(lines: [Range<Int>], startLine: Int, block: CMarkParser.Block, kind: String, isSetext: Bool,
                      lineEnding: [UInt8]) -> TranslationUnit? {
        var lines = lines
        if case .heading = block.kind, !isSetext, let first = lines.first {
            lines = [atxContent(first)]
        }
        if block.isTaskItemText, let first = lines.first {
            lines[0] = skippingTaskMarker(first)
        }
        // Trim each line; drop the trailing spaces of the last.
        lines = lines.map { trimmed($0) }
        guard let firstRange = lines.first, let lastRange = lines.last, firstRange.lowerBound <= lastRange.upperBound else { return nil }
        if let last = lines.last, last.isEmpty, lines.count > 1 { lines.removeLast() }
        // Line breaks inside an inline HTML tag stay as they are: folded, the tag could end up
        // alone on the first line and open an HTML block; and its trailing spaces are no hard break.
        var breaksInsideTags = Set<Int>()
        if lines.count > 1, lines.contains(where: { bytes[$0].contains(UInt8(ascii: "<")) || (dialect != nil && bytes[$0].contains(UInt8(ascii: "{"))) }) {
            var raw: [UInt8] = []
            var boundaries: [Int] = []
            for (index, range) in lines.enumerated() {
                if index > 0 { boundaries.append(raw.count); raw.append(0x0A) }
                raw += bytes[range]
            }
            for segment in InlineMarkup(bytes: raw, dialect: dialect).segments {
                // A dialect's construct (a multi-line JSX tag or expression) keeps its line breaks too.
                guard case .markup(let range, let kind) = segment, kind == .inlineHTML || kind == .shortcode else { continue }
                for (index, boundary) in boundaries.enumerated() where range.contains(boundary) { breaksInsideTags.insert(index + 1) }
            }
        }
        var text: [UInt8] = []
        for (index, range) in lines.enumerated() {
            if index > 0 {
                let previous = bytes[lines[index - 1]]
                let rawPrevious = bytes[lines[index - 1].lowerBound..<lineRange(startLine + index - 1).upperBound]
                if breaksInsideTags.contains(index) || previous.last == UInt8(ascii: "\\") {
                    text.append(0x0A)
                } else if rawPrevious.reversed().prefix(while: { $0 == 0x20 }).count >= 2 {
                    text += [UInt8(ascii: "\\"), 0x0A]
                } else {
                    text.append(0x20)
                }
            }
            text += bytes[range]
        }
        let message = String(decoding: text, as: UTF8.self)
        guard Self.hasTranslatableText(text, dialect: dialect) else { return nil }
        if block.kind == .paragraph, Self.isDisplayMath(text) { return nil }
        let prefix = continuationPrefix(line: startLine, contentStart: firstRange.lowerBound)
        var role: MarkdownBlockRole
        switch block.kind {
        case .heading: role = isSetext ? .setextHeading : .atxHeading
        case .tableCell: role = .tableCell
        default: role = .paragraph
        }
        // After a task marker (`- [x] `) the first line cannot open a block, so it needs no escaping.
        let beforeSpan = bytes[lineStarts[startLine - 1]..<firstRange.lowerBound]
        if role == .paragraph || role == .setextHeading, beforeSpan.reversed().drop(while: { $0 == 0x20 || $0 == 0x09 }).first == UInt8(ascii: "]") {
            role = .taskItemParagraph
        }
        // A paragraph that is one image is, for the translator, its alt text (and title).
        var kind = kind
        if block.kind == .paragraph, message.hasPrefix("!["), message.hasSuffix(")"), message.components(separatedBy: "![").count == 2 {
            kind = "image alt"
        }
        return TranslationUnit(role: .body(kind), text: message, line: startLine,
                               span: firstRange.lowerBound..<lastRange.upperBound,
                               rendering: .markdown(continuationPrefix: prefix, lineEnding: lineEnding, block: role))
    }

    /// The text runs of a raw HTML block, one unit each (see `HTMLBlockText`).
    private func htmlTextUnits(block: CMarkParser.Block, startLine: Int, endLine: Int, lineEnding: [UInt8]) -> [TranslationUnit] {
        var endLine = endLine
        if block.endColumn == 0, endLine > startLine { endLine -= 1 }
        guard startLine >= 1, endLine >= startLine, endLine <= lineStarts.count else { return [] }
        var lines: [Range<Int>] = []
        for line in startLine...endLine {
            lines.append(line == startLine ? contentRange(line: line, fromColumn: block.startColumn)
                                           : stripContainerPrefix(lineRange(line), quoteDepth: block.quoteDepth))
        }
        var units: [TranslationUnit] = []
        for run in HTMLBlockText.runs(in: bytes, lines: lines, crossLines: block.quoteDepth == 0) {
            guard let first = run.first, let last = run.last else { continue }
            let text = run.map { Array(bytes[$0]) }.joined(separator: [0x20]).map { $0 }
            guard Self.hasTranslatableText(text, dialect: dialect) else { continue }
            let line = LineIndex.line(containing: first.lowerBound, in: lineStarts)
            units.append(TranslationUnit(role: .body("html text"), text: String(decoding: text, as: UTF8.self), line: line,
                                         span: first.lowerBound..<last.upperBound,
                                         rendering: .markdown(continuationPrefix: [], lineEnding: lineEnding, block: .htmlText)))
        }
        return units
    }

    /// A paragraph that is a `$$ … $$` display-math block (KaTeX/MathJax sites): formulas are not translated.
    static func isDisplayMath(_ text: [UInt8]) -> Bool {
        var lower = 0, upper = text.count
        while lower < upper, text[lower] == 0x20 || text[lower] == 0x0A { lower += 1 }
        while upper > lower, text[upper - 1] == 0x20 || text[upper - 1] == 0x0A { upper -= 1 }
        let dollars: [UInt8] = [0x24, 0x24]
        return upper - lower >= 4 && Array(text[lower..<lower + 2]) == dollars && Array(text[upper - 2..<upper]) == dollars
    }

    /// False for units with nothing to translate: no letters outside code, URLs, HTML tags and
    /// entities (`other`, `--flag`, 42, `![](/divider.png)`).
    static func hasTranslatableText(_ text: [UInt8], dialect: (any MarkdownDialect)? = nil) -> Bool {
        let markup = InlineMarkup(bytes: text, dialect: dialect)
        for segment in markup.segments {
            let range: Range<Int>
            switch segment {
            case .text(let text): range = text
            // A reference label is visible text (`[Read more]`); other markup is not.
            case .markup(let label, .referenceLabel): range = label
            case .markup: continue
            }
            if containsLetter(text[range]) { return true }
        }
        return false
    }

    private static func containsLetter(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte < 0x80 {
                if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { return true }
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.endIndex, bytes[end] & 0xC0 == 0x80 { end += 1 }
            if String(decoding: bytes[index..<end], as: UTF8.self).unicodeScalars.contains(where: { $0.properties.isAlphabetic }) { return true }
            index = end
        }
        return false
    }

    // MARK: Lines

    private func lineRange(_ line: Int) -> Range<Int> { LineIndex.range(ofLine: line, starts: lineStarts, in: bytes) }

    private func contentRange(line: Int, fromColumn column: Int) -> Range<Int> {
        let range = lineRange(line)
        let start = min(range.lowerBound + max(column - 1, 0), range.upperBound)
        return start..<range.upperBound
    }

    /// Removes block quote markers and indentation from a continuation line.
    private func stripContainerPrefix(_ range: Range<Int>, quoteDepth: Int) -> Range<Int> {
        var index = range.lowerBound
        for _ in 0..<quoteDepth {
            var probe = index
            while probe < range.upperBound, bytes[probe] == 0x20 || bytes[probe] == 0x09 { probe += 1 }
            guard probe < range.upperBound, bytes[probe] == UInt8(ascii: ">") else { break }
            index = probe + 1
        }
        while index < range.upperBound, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return index..<range.upperBound
    }

    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }

    private func isSetextUnderline(_ range: Range<Int>) -> Bool {
        let trimmedRange = trimmed(range)
        guard let first = trimmedRange.first.map({ bytes[$0] }), first == UInt8(ascii: "=") || first == UInt8(ascii: "-") else { return false }
        return bytes[trimmedRange].allSatisfy { $0 == first }
    }

    private func isATXOpening(_ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound, bytes[index] == 0x20 { index += 1 }
        var hashes = 0
        while index < range.upperBound, bytes[index] == UInt8(ascii: "#") { hashes += 1; index += 1 }
        return hashes >= 1 && hashes <= 6 && (index == range.upperBound || bytes[index] == 0x20 || bytes[index] == 0x09)
    }

    /// The text of an ATX heading line, without the opening `#`s and an optional closing sequence.
    private func atxContent(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        while lower < range.upperBound, bytes[lower] == 0x20 { lower += 1 }
        while lower < range.upperBound, bytes[lower] == UInt8(ascii: "#") { lower += 1 }
        while lower < range.upperBound, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        var upper = range.upperBound
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        var closing = upper
        while closing > lower, bytes[closing - 1] == UInt8(ascii: "#") { closing -= 1 }
        if closing < upper, closing == lower || bytes[closing - 1] == 0x20 || bytes[closing - 1] == 0x09 {
            upper = closing
        }
        return lower..<upper
    }

    private func skippingTaskMarker(_ range: Range<Int>) -> Range<Int> {
        let slice = bytes[range]
        guard slice.count >= 3, slice.first == UInt8(ascii: "[") else { return range }
        var index = range.lowerBound + 3
        guard bytes[range.lowerBound + 2] == UInt8(ascii: "]") else { return range }
        while index < range.upperBound, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return index..<range.upperBound
    }

    /// The text of the `column`-th cell on a table row line (cmark-gfm does not report cell positions).
    private func tableCellRange(block: CMarkParser.Block, line: Int) -> Range<Int>? {
        guard case .tableCell(_, let column, _) = block.kind else { return nil }
        let cells = TableRowSplitter.cells(in: bytes, range: stripContainerPrefix(lineRange(line), quoteDepth: block.quoteDepth))
        guard column - 1 < cells.count else { return nil }
        return cells[column - 1]
    }

    /// What continues a unit on a new line inside its containers: the first line's prefix with list
    /// markers turned into spaces and block quote markers kept (`- > ` becomes `  > `).
    private func continuationPrefix(line: Int, contentStart: Int) -> [UInt8] {
        let start = lineStarts[line - 1]
        guard contentStart > start else { return [] }
        var prefix = Array(bytes[start..<contentStart])
        for index in prefix.indices where prefix[index] != UInt8(ascii: ">") && prefix[index] != 0x09 {
            prefix[index] = 0x20
        }
        return prefix
    }
}

/// An instruction from the author in an HTML comment before a block.
enum AuthorDirective: Equatable {
    case skip
    case note(String)

    init?(comment: String) {
        var text = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("<!--"), text.hasSuffix("-->") else { return nil }
        text = String(text.dropFirst(4).dropLast(3)).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("tolk:") else { return nil }
        text = String(text.dropFirst(5)).trimmingCharacters(in: .whitespacesAndNewlines)
        if text == "skip" || text == "no-translate" { self = .skip; return }
        if text.hasPrefix("note") {
            self = .note(String(text.dropFirst(4)).trimmingCharacters(in: .whitespacesAndNewlines))
            return
        }
        return nil
    }
}

/// Splits a GFM table row into cell contents: cells are separated by pipes not escaped with a backslash.
enum TableRowSplitter {
    static func cells(in bytes: [UInt8], range: Range<Int>) -> [Range<Int>] {
        var pipes: [Int] = []
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] == UInt8(ascii: "\\") { index += 2; continue }
            if bytes[index] == UInt8(ascii: "|") { pipes.append(index) }
            index += 1
        }
        var boundaries = [range.lowerBound - 1] + pipes + [range.upperBound]
        // A leading pipe opens the row; a trailing pipe closes it: neither makes a cell.
        var first = range.lowerBound
        while first < range.upperBound, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
        if pipes.first == first { boundaries.removeFirst() }
        var last = range.upperBound
        while last > range.lowerBound, bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 { last -= 1 }
        if pipes.last == last - 1, boundaries.count > 1 { boundaries.removeLast(); boundaries[boundaries.count - 1] = last - 1 }
        var cells: [Range<Int>] = []
        for position in 0..<(boundaries.count - 1) {
            var lower = boundaries[position] + 1, upper = boundaries[position + 1]
            while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
            while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
            cells.append(lower..<upper)
        }
        return cells
    }
}

/// The code blocks of a page body (as cmark found them, sorted), asked about offsets in increasing order:
/// a dialect's survey skips them, since its syntax written there is code.
struct CodeRangeCursor {
    let ranges: [Range<Int>]
    private var index = 0

    init(_ ranges: [Range<Int>]) { self.ranges = ranges }

    /// The code block holding `offset`, or nil; each offset asked must not be below the one before.
    mutating func range(containing offset: Int) -> Range<Int>? {
        while index < ranges.count, ranges[index].upperBound <= offset { index += 1 }
        return index < ranges.count && ranges[index].contains(offset) ? ranges[index] : nil
    }
}

/// Line arithmetic over raw bytes.
enum LineIndex {
    /// Where each line starts. A line ends as CommonMark (and cmark-gfm) ends it: at LF, at CR LF, or at
    /// a CR alone, so that cmark's line numbers and these agree on any input.
    static func lineStarts(of bytes: [UInt8]) -> [Int] {
        var starts = [0]
        guard bytes.count > 1 else { return starts }
        // Without a CR (nearly every text), the LFs are found with `memchr`: a build's emphasis check
        // asks this of every translation it leaves to cmark-gfm.
        guard bytes.firstIndex(of: 0x0D, from: 0) != nil else {
            var from = 0
            while let found = bytes.firstIndex(of: 0x0A, from: from), found + 1 < bytes.count {
                starts.append(found + 1)
                from = found + 1
            }
            return starts
        }
        for index in bytes.indices where index + 1 < bytes.count {
            switch bytes[index] {
            case 0x0A: starts.append(index + 1)
            case 0x0D where bytes[index + 1] != 0x0A: starts.append(index + 1)
            default: continue
            }
        }
        return starts
    }

    /// 1-based line containing `offset`.
    static func line(containing offset: Int, in starts: [Int]) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    /// The bytes of 1-based `line`, without its line ending.
    static func range(ofLine line: Int, starts: [Int], in bytes: [UInt8]) -> Range<Int> {
        let start = starts[line - 1]
        var end = line < starts.count ? starts[line] : bytes.count
        if end > start, bytes[end - 1] == 0x0A { end -= 1 }
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// Just after the code span opened by the backticks at `start`, or after the backticks when none
    /// closes them within `lookahead` bytes and before a blank line: a dialect's syntax written in a code
    /// span is code.
    static func codeSpanEnd(in bytes: [UInt8], from start: Int, limit: Int, lookahead: Int) -> Int {
        var openingEnd = start
        while openingEnd < limit, bytes[openingEnd] == UInt8(ascii: "`") { openingEnd += 1 }
        let run = openingEnd - start
        var probe = openingEnd
        let horizon = min(limit, openingEnd + lookahead)
        while probe < horizon {
            if bytes[probe] == 0x0A, probe + 1 < horizon, bytes[probe + 1] == 0x0A { break }
            guard bytes[probe] == UInt8(ascii: "`") else { probe += 1; continue }
            let closingStart = probe
            while probe < limit, bytes[probe] == UInt8(ascii: "`") { probe += 1 }
            if probe - closingStart == run { return probe }
        }
        return openingEnd
    }

    /// CRLF when the file's first line ends with it, else LF.
    static func lineEnding(of bytes: [UInt8]) -> [UInt8] {
        guard let newline = bytes.firstIndex(of: 0x0A) else { return [0x0A] }
        return newline > 0 && bytes[newline - 1] == 0x0D ? [0x0D, 0x0A] : [0x0A]
    }
}

