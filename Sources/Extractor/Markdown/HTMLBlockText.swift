/// Finds the text a reader sees inside a block of raw HTML (`<details><summary>Show the
/// output</summary>`, `<p align="center">Made with care</p>`): each run of text between block-level
/// tags is one unit. Inline tags (`<b>`, `<a href>`, `<code>`, `<br>`, …) stay inside the run, where
/// the inline-markup rules protect them; the contents of `<script>`, `<style>`, `<pre>`,
/// `<textarea>`, comments, declarations and CDATA are never text.
enum HTMLBlockText {
    /// Tags that may sit inside a sentence: they do not end a run of text.
    static let inlineTags: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "i", "img", "kbd", "mark", "q", "s",
        "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "del", "ins", "font",
    ]
    /// Elements whose content is not prose.
    static let rawElements: Set<String> = ["script", "style", "pre", "textarea", "svg", "math", "template"]

    /// The runs of text in `lines` (ranges of `bytes`, container prefixes removed). Each run is a
    /// list of per-line ranges. With `crossLines` false a run ends at each line end (inside block
    /// quotes, where a line break would lose its `>`).
    static func runs(in bytes: [UInt8], lines: [Range<Int>], crossLines: Bool) -> [[Range<Int>]] {
        var runs: [[Range<Int>]] = []
        var current: [Range<Int>] = []
        var pieceStart: Int?
        /// What ends the construct being skipped, and whether scanning resumes at its start (a raw
        /// element's closing tag is then read as a tag) or after it.
        var skipUntil: (terminator: [UInt8], resumeAtStart: Bool)?

        /// Where the last text (not a tag) of the current piece ends: a run starts and ends with
        /// text, so a tag alone on its line stays where it is (it may be what opened the block).
        var lastTextEnd: Int?

        /// Ends the current line's piece; `atText` cuts it after its last text (the run ends here),
        /// otherwise it keeps the line's trailing tags (the run goes on, and a unit's pieces must
        /// cover everything between its first and last byte).
        func closePiece(at end: Int, atText: Bool) {
            if let start = pieceStart, let textEnd = lastTextEnd {
                let upper = trimmedEnd(bytes, before: atText ? min(end, textEnd) : end, after: start)
                if upper > start { current.append(start..<upper) }
            }
            pieceStart = nil
            lastTextEnd = nil
        }
        func closeRun() {
            // The run's last piece ends at its last text: tags after it stay outside the unit.
            if var last = current.last {
                var upper = last.upperBound
                while upper > last.lowerBound, bytes[upper - 1] == UInt8(ascii: ">") || bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 {
                    guard bytes[upper - 1] == UInt8(ascii: ">") else { upper -= 1; continue }
                    // Step back over one trailing tag.
                    guard let open = bytes[last.lowerBound..<upper].lastIndex(of: UInt8(ascii: "<")) else { break }
                    upper = open
                }
                last = last.lowerBound..<upper
                current[current.count - 1] = last
                if last.isEmpty { current.removeLast() }
            }
            if !current.isEmpty { runs.append(current) }
            current = []
        }

        for line in lines {
            var index = line.lowerBound
            while index < line.upperBound {
                if let skip = skipUntil {
                    if let end = find(skip.terminator, in: bytes, from: index, before: line.upperBound) {
                        index = skip.resumeAtStart ? end - skip.terminator.count : end
                        skipUntil = nil
                    } else {
                        index = line.upperBound
                    }
                    continue
                }
                let byte = bytes[index]
                guard byte == UInt8(ascii: "<"), let tag = Tag(in: bytes, at: index, lineEnd: line.upperBound) else {
                    if byte != 0x20, byte != 0x09 {
                        if pieceStart == nil { pieceStart = index }
                        lastTextEnd = index + 1
                    }
                    index += 1
                    continue
                }
                if case .element(let name, _) = tag.kind, inlineTags.contains(name) {
                    // Inside a run an inline tag is part of the sentence; before any text it is not.
                    if pieceStart == nil, !current.isEmpty { pieceStart = index }
                    index = tag.end
                    if !tag.isComplete { skipUntil = (Array(">".utf8), false) }
                    continue
                }
                closePiece(at: index, atText: true)
                closeRun()
                index = tag.end
                switch tag.kind {
                case .comment: skipUntil = (Array("-->".utf8), false)
                case .cdata: skipUntil = (Array("]]>".utf8), false)
                case .declaration: skipUntil = (Array(">".utf8), false)
                case .processingInstruction: skipUntil = (Array("?>".utf8), false)
                case .element(let name, let closing):
                    if !tag.isComplete {
                        skipUntil = (Array(">".utf8), false)
                    } else if !closing, rawElements.contains(name) {
                        skipUntil = (Array("</\(name)".utf8), true)
                    }
                }
            }
            closePiece(at: line.upperBound, atText: !crossLines)
            if !crossLines { closeRun() }
        }
        closeRun()
        return runs
    }

    private static func trimmedEnd(_ bytes: [UInt8], before end: Int, after start: Int) -> Int {
        var upper = end
        while upper > start, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return upper
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int, before end: Int) -> Int? {
        guard !needle.isEmpty, end - start >= needle.count else { return nil }
        var position = start
        while position + needle.count <= end {
            if bytes[position] == needle[0] {
                var matches = true
                for offset in 1..<needle.count where (bytes[position + offset] | 0x20) != (needle[offset] | 0x20) {
                    matches = false
                    break
                }
                if matches { return position + needle.count }
            }
            position += 1
        }
        return nil
    }

    /// One tag starting at a `<`. A tag that does not close on its line is treated as ending there.
    struct Tag {
        enum Kind {
            case element(name: String, closing: Bool)
            case comment, cdata, declaration, processingInstruction
        }
        var kind: Kind
        var start: Int
        var end: Int
        /// False when the tag's `>` is not on its line (attributes continue on the next).
        var isComplete = true

        init?(in bytes: [UInt8], at start: Int, lineEnd: Int) {
            self.start = start
            let rest = bytes[start..<lineEnd]
            if rest.starts(with: Array("<!--".utf8)) { kind = .comment; end = start + 4; return }
            if rest.starts(with: Array("<![CDATA[".utf8)) { kind = .cdata; end = start + 9; return }
            if rest.starts(with: Array("<?".utf8)) { kind = .processingInstruction; end = start + 2; return }
            if rest.starts(with: Array("<!".utf8)) { kind = .declaration; end = start + 2; return }
            var position = start + 1
            let closing = position < lineEnd && bytes[position] == UInt8(ascii: "/")
            if closing { position += 1 }
            let nameStart = position
            while position < lineEnd, Self.isNameByte(bytes[position]) { position += 1 }
            guard position > nameStart, (bytes[nameStart] | 0x20) >= 0x61, (bytes[nameStart] | 0x20) <= 0x7A else { return nil }
            let name = String(decoding: bytes[nameStart..<position], as: UTF8.self).lowercased()
            // Attributes, with quoted values that may hold `>`.
            var quote: UInt8?
            while position < lineEnd {
                let byte = bytes[position]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    break
                }
                position += 1
            }
            kind = .element(name: name, closing: closing)
            isComplete = position < lineEnd
            end = min(position + 1, lineEnd)
        }

        private static func isNameByte(_ byte: UInt8) -> Bool {
            ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
        }
    }
}
