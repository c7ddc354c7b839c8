/// MkDocs' Markdown: Python-Markdown with the extensions mkdocs-material documents. Admonitions,
/// collapsible blocks and content tabs nest Markdown by indentation (`MkDocsContainers`): each body is
/// read as Markdown of its own, and each quoted title or label is a message. In a message, an
/// attribute list (`{ #id .class }`, `{: width="300" }`) and an annotation marker (`(1)`, `(1)!`) are
/// protected pieces. A line of only attribute lists (`{ .annotate }`), a snippet line
/// (`--8<-- "path"`, or the lines of a `--8<--` block) and an abbreviation line (`*[HTML]: …`) are no
/// part of a message; an abbreviation's definition is a message of its own.
///
/// ```swift
/// let mkdocs = MkDocsDialect()
/// mkdocs.protectedConstruct(in: Array("Install { #setup }".utf8), at: 8)   // 18
/// ```
public struct MkDocsDialect: MarkdownDialect {
    public let name = "MkDocs"
    public let openingBytes = [UInt8(ascii: "{"), UInt8(ascii: "(")]
    /// A heading's attribute list must end its line (`## Title { #id }`).
    public let bindsTrailingSyntaxToBlock = true

    public init() {}

    /// MkDocs' syntax has no settings.
    public var checkingIdentity: String { name }

    public func pieceName(_ construct: String) -> String {
        (construct.hasPrefix("(") ? "annotation marker " : "attribute list ") + construct
    }

    public let keepPiecesHint = "keep every attribute list and annotation marker byte for byte: MkDocs reads ids, classes and annotations from them"

    public func protectedConstruct(in bytes: [UInt8], at index: Int) -> Int? {
        switch bytes[index] {
        case UInt8(ascii: "{"): MkDocsSyntax.attributeListEnd(in: bytes, at: index)
        case UInt8(ascii: "("): MkDocsSyntax.annotationMarkerEnd(in: bytes, at: index)
        default: nil
        }
    }

    public func indentedContainers(bytes: [UInt8], body: Range<Int>, lineStarts: [Int]) -> IndentedContainerLayout? {
        MkDocsContainers.layout(bytes: bytes, body: body, lineStarts: lineStarts)
    }

    public func survey(bytes: [UInt8], body: Range<Int>, codeRanges: [Range<Int>], lineStarts: [Int]) -> MarkdownDialectSurvey {
        var survey = MarkdownDialectSurvey()
        let lineEnding = LineIndex.lineEnding(of: bytes)
        var code = CodeRangeCursor(codeRanges)
        var openSnippetBlock: Int?
        let firstLine = LineIndex.line(containing: min(body.lowerBound, max(bytes.count - 1, 0)), in: lineStarts)
        for line in firstLine...lineStarts.count {
            let start = lineStarts[line - 1]
            guard start >= body.lowerBound, start < body.upperBound else { continue }
            if code.range(containing: start) != nil { continue }
            let end = LineIndex.range(ofLine: line, starts: lineStarts, in: bytes).upperBound
            var contentStart = start
            while contentStart < end, bytes[contentStart] == 0x20 || bytes[contentStart] == 0x09 { contentStart += 1 }
            var contentEnd = end
            while contentEnd > contentStart, bytes[contentEnd - 1] == 0x20 || bytes[contentEnd - 1] == 0x09 { contentEnd -= 1 }
            guard contentStart < contentEnd else { continue }
            let content = contentStart..<contentEnd
            switch MkDocsSyntax.snippetLine(bytes, content) {
            case .blockDelimiter:
                openSnippetBlock = openSnippetBlock == nil ? contentStart : nil
                survey.syntaxRanges.append(content)
                continue
            case .inline:
                survey.syntaxRanges.append(content)
                continue
            case nil:
                if openSnippetBlock != nil { survey.syntaxRanges.append(content); continue }
            }
            if let abbreviation = MkDocsSyntax.abbreviation(bytes, content) {
                survey.syntaxRanges.append(content)
                let definition = abbreviation.definition
                if MarkdownExtractor.hasTranslatableText(Array(bytes[definition]), dialect: self) {
                    let label = "abbreviation " + String(decoding: bytes[abbreviation.label], as: UTF8.self)
                    survey.units.append(TranslationUnit(role: .body(label), text: String(decoding: bytes[definition], as: UTF8.self), context: label,
                                                        line: line, span: definition,
                                                        rendering: .markdown(continuationPrefix: [], lineEnding: lineEnding, block: .htmlText)))
                }
                continue
            }
            survey.syntaxRanges += MkDocsSyntax.attributeLists(in: bytes, content)
        }
        if let open = openSnippetBlock {
            survey.problems.append((open, "this snippet block (--8<--) is not closed: every line after it is read as a file to include",
                                    "end the block with a line of --8<--"))
        }
        survey.syntaxRanges.sort { $0.lowerBound < $1.lowerBound }
        return survey
    }
}

/// The inline syntax of MkDocs' extensions, read from UTF-8 bytes.
enum MkDocsSyntax {
    /// The longest attribute list read (`{ … }` on one line).
    static let attributeListLimit = 1024

    /// Just after the attribute list `{ #id .class key=value key="v" }` (or `{: … }`) at `index`, or nil
    /// when the braces there are not one: each word must be an id, a class or a key=value, and at least
    /// one must be, so that `{count}` in prose stays prose.
    static func attributeListEnd(in bytes: [UInt8], at index: Int) -> Int? {
        guard bytes[index] == UInt8(ascii: "{") else { return nil }
        let limit = min(bytes.count, index + attributeListLimit)
        var position = index + 1
        if position < limit, bytes[position] == UInt8(ascii: ":") { position += 1 }
        var marked = false
        while position < limit {
            let byte = bytes[position]
            if byte == 0x20 || byte == 0x09 { position += 1; continue }
            if byte == UInt8(ascii: "}") { return marked ? position + 1 : nil }
            if byte == UInt8(ascii: "#") || byte == UInt8(ascii: ".") {
                let nameStart = position + 1
                position = nameStart
                while position < limit, isNameByte(bytes[position]) { position += 1 }
                guard position > nameStart else { return nil }
                marked = true
            } else if isNameByte(byte) {
                while position < limit, isNameByte(bytes[position]) || bytes[position] == UInt8(ascii: ".") { position += 1 }
                if position < limit, bytes[position] == UInt8(ascii: "=") {
                    position += 1
                    guard position < limit else { return nil }
                    let quote = bytes[position]
                    if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                        position += 1
                        while position < limit, bytes[position] != quote {
                            if bytes[position] == 0x0A || bytes[position] == 0x0D { return nil }
                            position += 1
                        }
                        guard position < limit else { return nil }
                        position += 1
                    } else {
                        let valueStart = position
                        while position < limit, !isSeparator(bytes[position]), bytes[position] != UInt8(ascii: "}") { position += 1 }
                        guard position > valueStart else { return nil }
                    }
                    marked = true
                }
            } else {
                return nil
            }
            guard position < limit, isSeparator(bytes[position]) || bytes[position] == UInt8(ascii: "}") else { return nil }
        }
        return nil
    }

    /// Just after the annotation marker `(1)` or `(1)!` at `index` (at the start of a word), or nil.
    static func annotationMarkerEnd(in bytes: [UInt8], at index: Int) -> Int? {
        guard bytes[index] == UInt8(ascii: "("), index == 0 || isSeparator(bytes[index - 1]) else { return nil }
        var position = index + 1
        while position < bytes.count, position - index <= 3, bytes[position] >= UInt8(ascii: "0") && bytes[position] <= UInt8(ascii: "9") { position += 1 }
        guard position > index + 1, position < bytes.count, bytes[position] == UInt8(ascii: ")") else { return nil }
        position += 1
        if position < bytes.count, bytes[position] == UInt8(ascii: "!") { position += 1 }
        return position
    }

    /// The attribute lists on a line, outside its code spans.
    static func attributeLists(in bytes: [UInt8], _ line: Range<Int>) -> [Range<Int>] {
        var lists: [Range<Int>] = []
        var position = line.lowerBound
        while position < line.upperBound {
            let byte = bytes[position]
            if byte == UInt8(ascii: "`") {
                var run = position
                while run < line.upperBound, bytes[run] == byte { run += 1 }
                let ticks = run - position
                var probe = run
                var closed = false
                while probe < line.upperBound {
                    guard bytes[probe] == byte else { probe += 1; continue }
                    let closing = probe
                    while probe < line.upperBound, bytes[probe] == byte { probe += 1 }
                    if probe - closing == ticks { closed = true; break }
                }
                position = closed ? probe : run
                continue
            }
            if byte == UInt8(ascii: "{"), let end = attributeListEnd(in: bytes, at: position), end <= line.upperBound {
                lists.append(position..<end)
                position = end
                continue
            }
            position += 1
        }
        return lists
    }

    enum SnippetLine { case inline, blockDelimiter }

    /// `--8<-- "path"` (or `'path'`), or `--8<--` alone, which opens and closes a block of paths. A line
    /// escaped with `;` is text MkDocs shows, not a snippet.
    static func snippetLine(_ bytes: [UInt8], _ content: Range<Int>) -> SnippetLine? {
        var position = content.lowerBound
        let dashesStart = position
        while position < content.upperBound, bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position > dashesStart, position + 1 < content.upperBound,
              bytes[position] == UInt8(ascii: "8"), bytes[position + 1] == UInt8(ascii: "<") else { return nil }
        position += 2
        let trailing = position
        while position < content.upperBound, bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position > trailing else { return nil }
        if position == content.upperBound { return .blockDelimiter }
        guard bytes[position] == 0x20 || bytes[position] == 0x09 else { return nil }
        while position < content.upperBound, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
        guard position < content.upperBound, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'"),
              content.upperBound - position >= 3, bytes[content.upperBound - 1] == bytes[position] else { return nil }
        return .inline
    }

    /// `*[LABEL]: definition`: the label and the definition (trimmed; possibly empty).
    static func abbreviation(_ bytes: [UInt8], _ content: Range<Int>) -> (label: Range<Int>, definition: Range<Int>)? {
        guard content.count >= 4, bytes[content.lowerBound] == UInt8(ascii: "*"), bytes[content.lowerBound + 1] == UInt8(ascii: "[") else { return nil }
        let labelStart = content.lowerBound + 2
        var position = labelStart
        while position < content.upperBound, bytes[position] != UInt8(ascii: "]") {
            if bytes[position] == UInt8(ascii: "\\") || bytes[position] == UInt8(ascii: "[") { return nil }
            position += 1
        }
        guard position > labelStart, position < content.upperBound else { return nil }
        let label = labelStart..<position
        position += 1
        if position < content.upperBound, bytes[position] == 0x20 { position += 1 }
        guard position < content.upperBound, bytes[position] == UInt8(ascii: ":") else { return nil }
        position += 1
        while position < content.upperBound, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
        return (label, position..<content.upperBound)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
    }

    private static func isSeparator(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}
