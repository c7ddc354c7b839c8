/// The block markers of MkDocs' Markdown extensions that nest Markdown by indentation: admonitions
/// (`!!! note "Title"`), collapsible blocks (`??? tip`, `???+ tip`) and content tabs (`=== "Label"`).
/// Their body, indented four columns (a tab counts to the next multiple of four, as Python-Markdown
/// expands it), is Markdown; CommonMark would read it as an indented code block.
///
/// ```swift
/// MkDocsContainers.marker(in: Array(#"!!! tip "Fast path""#.utf8), from: 0)
/// // .container(kind: .admonition, title: 9..<18)
/// ```
enum MkDocsContainers {
    /// Deeper containers are not read as such (a diagnostic says so): the recogniser keeps one frame
    /// per level, and a page nested this deep is a mistake or an attack.
    static let maximumDepth = 32

    enum Kind: Equatable {
        case admonition, details, tab

        var titleContext: String {
            switch self {
            case .admonition: "admonition title"
            case .details: "details title"
            case .tab: "tab label"
            }
        }
    }

    enum Reading: Equatable {
        /// A marker; `title` is the text between its quotes, nil when it has none (or an empty one).
        case container(kind: Kind, title: Range<Int>?)
        /// The start of a marker whose quoted title has no closing quote (at `quote`): no container for MkDocs.
        case unclosedTitle(kind: Kind, quote: Int)
    }

    /// The marker starting at `start` of a line whose content ends at `bytes.count` (or its first line break).
    static func marker(in bytes: [UInt8], from start: Int) -> Reading? {
        var end = start
        while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        func run(_ byte: UInt8, at index: Int) -> Int {
            var probe = index
            while probe < end, bytes[probe] == byte { probe += 1 }
            return probe - index
        }
        let kind: Kind
        var index = start
        switch byte(bytes, start) {
        case UInt8(ascii: "!"):
            guard run(UInt8(ascii: "!"), at: start) == 3 else { return nil }
            kind = .admonition
            index += 3
        case UInt8(ascii: "?"):
            guard run(UInt8(ascii: "?"), at: start) == 3 else { return nil }
            kind = .details
            index += 3
            if byte(bytes, index) == UInt8(ascii: "+") { index += 1 }
        case UInt8(ascii: "="):
            guard run(UInt8(ascii: "="), at: start) == 3 else { return nil }
            kind = .tab
            index += 3
            if byte(bytes, index) == UInt8(ascii: "!") || byte(bytes, index) == UInt8(ascii: "+") { index += 1 }
        default:
            return nil
        }
        if kind != .tab {
            // `!!! type` or `!!!type`, then more classes: words of letters, digits, `_` and `-`.
            if byte(bytes, index) == 0x20 { index += 1 }
            guard index < end, isTypeByte(bytes[index]) else { return nil }
            while index < end {
                while index < end, isTypeByte(bytes[index]) { index += 1 }
                var probe = index
                while probe < end, bytes[probe] == 0x20 { probe += 1 }
                guard probe > index, probe < end, isTypeByte(bytes[probe]) else { break }
                index = probe
            }
        }
        // Then ` "title"` (required for a tab), and nothing but spaces.
        var probe = index
        while probe < end, bytes[probe] == 0x20 { probe += 1 }
        if probe == end {
            return kind == .tab ? nil : .container(kind: kind, title: nil)
        }
        guard probe > index, bytes[probe] == UInt8(ascii: "\"") else { return nil }
        let quote = probe
        // The title runs to the last quote before the line's trailing spaces (`"(.*?)" *$`).
        var last = end
        while last > quote + 1, bytes[last - 1] == 0x20 { last -= 1 }
        if kind == .tab, bytes[last - 1] == UInt8(ascii: "}"), let brace = bytes[(quote + 1)..<last].lastIndex(of: UInt8(ascii: "{")) {
            // A tab's label may be followed by an attribute list: `=== "Label" { #id }`.
            var before = brace
            while before > quote + 1, bytes[before - 1] == 0x20 { before -= 1 }
            if bytes[before - 1] == UInt8(ascii: "\""), before - 1 > quote { last = before }
        }
        guard last > quote + 1, bytes[last - 1] == UInt8(ascii: "\"") else { return .unclosedTitle(kind: kind, quote: quote) }
        let title = (quote + 1)..<(last - 1)
        return .container(kind: kind, title: title.isEmpty ? nil : title)
    }

    private static func byte(_ bytes: [UInt8], _ index: Int) -> UInt8? { index >= 0 && index < bytes.count ? bytes[index] : nil }

    private static func isTypeByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte >= 0x80
    }

    /// One open level while scanning: the top of the page or a container body.
    private struct Frame {
        var region: Int
        /// Columns of indentation its lines carry (0 at the top).
        var indent: Int
        /// The open fenced code block of this level (its character and length).
        var fence: (byte: UInt8, count: Int)?
        /// Whether a list is open at this level (a marker may then sit in an item, four columns in).
        var inList = false
    }

    /// The regions of a page body, or nil when it has no container (the page is then read as before).
    static func layout(bytes: [UInt8], body: Range<Int>, lineStarts: [Int]) -> IndentedContainerLayout? {
        var layout = IndentedContainerLayout()
        layout.regions = [IndentedContainerLayout.Region()]
        var stack = [Frame(region: 0, indent: 0)]
        var previousBlank = true
        let lineEnding = LineIndex.lineEnding(of: bytes)
        let firstLine = LineIndex.line(containing: min(body.lowerBound, max(bytes.count - 1, 0)), in: lineStarts)
        for line in firstLine...lineStarts.count {
            let start = lineStarts[line - 1]
            guard start >= body.lowerBound else { continue }
            var end = line < lineStarts.count ? lineStarts[line] : bytes.count
            if end > start, bytes[end - 1] == 0x0A { end -= 1 }
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            // Indentation in columns, tabs to the next multiple of four.
            var columns = 0, contentStart = start
            while contentStart < end, bytes[contentStart] == 0x20 || bytes[contentStart] == 0x09 {
                columns = bytes[contentStart] == 0x09 ? (columns / 4 + 1) * 4 : columns + 1
                contentStart += 1
            }
            if contentStart == end { previousBlank = true; continue }
            while stack.count > 1, let top = stack.last, columns < top.indent { stack.removeLast() }
            var frame = stack[stack.count - 1]
            defer { stack[stack.count - 1] = frame; previousBlank = false }
            let relative = columns - frame.indent
            func own() { layout.regions[frame.region].strips[line] = strip(bytes, from: start, columns: frame.indent) }
            if let fence = frame.fence {
                if relative <= 3, closesFence(bytes, from: contentStart, to: end, fence: fence) { frame.fence = nil }
                own()
                continue
            }
            if relative <= 3, let fence = opensFence(bytes, from: contentStart, to: end) {
                frame.fence = fence
                own()
                continue
            }
            if relative <= 3 {
                if isListItemStart(bytes, from: contentStart, to: end) { frame.inList = true } else if previousBlank { frame.inList = false }
            }
            guard relative <= 3 || (frame.inList && relative <= 7), let reading = marker(in: bytes, from: contentStart) else { own(); continue }
            switch reading {
            case .unclosedTitle(let kind, let quote):
                layout.problems.append((quote, "the \(kind.titleContext) has no closing quote: MkDocs reads this line and its indented body as a plain paragraph",
                                        "close the quote at the end of the line"))
                own()
            case .container(let kind, let title):
                guard stack.count <= maximumDepth else {
                    layout.problems.append((contentStart, "admonitions and tabs nested more than \(maximumDepth) levels deep are not read: this one and its body stay in the source language",
                                            "flatten the nesting"))
                    continue
                }
                if let title, MarkdownExtractor.hasTranslatableText(Array(bytes[title])) {
                    let context = kind.titleContext
                    layout.units.append(TranslationUnit(role: .body(context), text: String(decoding: bytes[title], as: UTF8.self), context: context,
                                                        line: line, span: title,
                                                        rendering: .markdown(continuationPrefix: [], lineEnding: lineEnding, block: .htmlText)))
                }
                layout.regions.append(IndentedContainerLayout.Region())
                stack[stack.count - 1] = frame
                frame = Frame(region: layout.regions.count - 1, indent: columns + 4)
                stack.append(frame)
            }
        }
        return layout.regions.count > 1 || !layout.problems.isEmpty ? layout : nil
    }

    /// The bytes of the first `columns` columns of indentation of the line at `start`.
    private static func strip(_ bytes: [UInt8], from start: Int, columns: Int) -> Int {
        var column = 0, index = start
        while column < columns, index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 {
            column = bytes[index] == 0x09 ? (column / 4 + 1) * 4 : column + 1
            index += 1
        }
        return index - start
    }

    private static func opensFence(_ bytes: [UInt8], from start: Int, to end: Int) -> (byte: UInt8, count: Int)? {
        guard start < end, bytes[start] == UInt8(ascii: "`") || bytes[start] == UInt8(ascii: "~") else { return nil }
        let byte = bytes[start]
        var index = start
        while index < end, bytes[index] == byte { index += 1 }
        guard index - start >= 3 else { return nil }
        if byte == UInt8(ascii: "`"), bytes[index..<end].contains(byte) { return nil }
        return (byte, index - start)
    }

    private static func closesFence(_ bytes: [UInt8], from start: Int, to end: Int, fence: (byte: UInt8, count: Int)) -> Bool {
        var index = start
        while index < end, bytes[index] == fence.byte { index += 1 }
        guard index - start >= fence.count else { return false }
        return bytes[index..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    private static func isListItemStart(_ bytes: [UInt8], from start: Int, to end: Int) -> Bool {
        guard start < end else { return false }
        var index = start
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "*") || bytes[index] == UInt8(ascii: "+") {
            index += 1
        } else {
            while index < end, index - start < 9, bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") { index += 1 }
            guard index > start, index < end, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ")") else { return false }
            index += 1
        }
        return index == end || bytes[index] == 0x20 || bytes[index] == 0x09
    }
}
