/// One region of a page split by a dialect's indented containers, as a Markdown document of its own:
/// the file's lines from the region's first to its last, each owned line without its containers'
/// indentation, every other line empty. Every byte of the document maps back to the file's byte.
///
/// ```swift
/// // File: "!!! note\n    Body text\n"; region {2: 4}
/// // text: "Body text\n"; fileOffset(0) == 13 (the "B" of the file); fileLine(1) == 2
/// ```
struct DedentedRegion {
    /// The region's document: the file's lines `firstLine...` up to the region's last line.
    let text: [UInt8]
    /// Where each of its lines starts.
    let textLineStarts: [Int]
    /// The file's line that is the document's first (so document line `n` is file line `n + firstLine - 1`).
    let firstLine: Int
    private let fileLineStarts: [Int]
    private let strips: [Int: Int]

    /// Nil when the region owns no line. Only the lines from its first to its last are in the document,
    /// so that reading every region of a page costs its lines times the nesting depth, not times the
    /// number of containers.
    init?(file bytes: [UInt8], lineStarts: [Int], bodyStart fileBodyStart: Int, region: IndentedContainerLayout.Region) {
        let owned = region.strips.keys.filter { $0 >= 1 && $0 <= lineStarts.count && lineStarts[$0 - 1] >= fileBodyStart }
        guard let first = owned.min(), let last = owned.max() else { return nil }
        fileLineStarts = lineStarts
        firstLine = first
        var strips: [Int: Int] = [:]
        var text: [UInt8] = []
        var starts: [Int] = []
        for line in first...last {
            let start = lineStarts[line - 1]
            starts.append(text.count)
            let end = line < lineStarts.count ? lineStarts[line] : bytes.count
            var contentEnd = end
            if contentEnd > start, bytes[contentEnd - 1] == 0x0A { contentEnd -= 1 }
            if contentEnd > start, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            if let strip = region.strips[line] {
                let kept = min(start + max(strip, 0), contentEnd)
                strips[line] = kept - start
                text += bytes[kept..<end]
            } else if contentEnd < end {
                // An empty line: LF, unless that would join a lone CR before it into one CR LF line ending.
                text += text.last == 0x0D ? [0x0D, 0x0A] : [0x0A]
            }
        }
        self.text = text
        self.strips = strips
        textLineStarts = starts
    }

    /// The file's line of the document's line `line`.
    func fileLine(_ line: Int) -> Int { line + firstLine - 1 }

    /// The file's offset of the region document's byte at `offset`.
    func fileOffset(_ offset: Int) -> Int {
        let line = fileLine(LineIndex.line(containing: offset, in: textLineStarts))
        return fileLineStarts[line - 1] + (strips[line] ?? 0) + (offset - textLineStarts[line - firstLine])
    }

    /// The file's bytes of the region document's `range` (which never crosses a stripped indentation at its ends).
    func fileRange(_ range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else { let offset = fileOffset(range.lowerBound); return offset..<offset }
        return fileOffset(range.lowerBound)..<(fileOffset(range.upperBound - 1) + 1)
    }

    /// The indentation stripped from `line` of the file, as the file writes it.
    func strippedIndentation(line: Int, in bytes: [UInt8]) -> [UInt8] {
        guard line >= 1, line <= fileLineStarts.count, let strip = strips[line] else { return [] }
        return Array(bytes[fileLineStarts[line - 1]..<fileLineStarts[line - 1] + strip])
    }
}

extension MarkdownExtractor {
    /// Reads each region of `layout` as its own Markdown document and maps what it finds back to the
    /// file: spans to the file's bytes, and the stripped indentation in front of every continuation line
    /// of a translation (so a translation of several lines stays inside its container).
    func extract(regionsOf layout: IndentedContainerLayout)
        -> (units: [TranslationUnit], definitionDestinations: [Range<Int>], tooDeepLine: Int?,
            dialectProblems: [(offset: Int, message: String, hint: String)]) {
        var units = layout.units
        var destinations: [Range<Int>] = []
        var tooDeepLine: Int?
        var problems = layout.problems
        let fileLineEnding = LineIndex.lineEnding(of: bytes)
        for region in layout.regions {
            guard let dedented = DedentedRegion(file: bytes, lineStarts: lineStarts, bodyStart: bodyStart, region: region) else { continue }
            var reader = MarkdownExtractor(bytes: dedented.text, bodyStart: 0, dialect: dialect)
            reader.readsContainers = false
            let found = reader.extract()
            for var unit in found.units {
                let firstLine = dedented.fileLine(LineIndex.line(containing: unit.span.lowerBound, in: dedented.textLineStarts))
                unit.line = dedented.fileLine(unit.line)
                unit.span = dedented.fileRange(unit.span)
                if case .markdown(let prefix, let lineEnding, let block) = unit.rendering {
                    _ = lineEnding   // the region document's empty lines end in LF: the file's own ending is written
                    unit.rendering = .markdown(continuationPrefix: dedented.strippedIndentation(line: firstLine, in: bytes) + prefix,
                                               lineEnding: fileLineEnding, block: block)
                }
                units.append(unit)
            }
            destinations += found.definitionDestinations.map(dedented.fileRange)
            if let line = found.tooDeepLine.map(dedented.fileLine) { tooDeepLine = min(tooDeepLine ?? line, line) }
            problems += found.dialectProblems.map { (dedented.fileOffset($0.offset), $0.message, $0.hint) }
        }
        units.sort { $0.span.lowerBound < $1.span.lowerBound }
        problems.sort { $0.offset < $1.offset }
        return (units, destinations.sorted { $0.lowerBound < $1.lowerBound }, tooDeepLine, problems)
    }
}
