/// Recognizes link reference definitions (`[label]: /url "title"`) at the start of a paragraph.
///
/// cmark-gfm takes them out of a paragraph's content but keeps them inside the paragraph's source
/// position, and the positions of its inline nodes do not account for them; so the extractor finds
/// where the definitions end itself and starts the unit after them. Definitions always end at a
/// line end, so the answer is a number of lines. Follows CommonMark 0.30 §4.7.
public enum LinkReferenceDefinitions {
    /// How many of `lines` (container prefixes already removed) are taken by definitions.
    public static func linesConsumed(_ lines: [ArraySlice<UInt8>]) -> Int {
        definitions(in: lines).linesConsumed
    }

    /// The lines taken by definitions, and the byte range of each definition's destination in the
    /// document the slices come from (without the `<` `>` of an angle-bracketed one): what `tolk build`
    /// points at a page's localized URL.
    public static func definitions(in lines: [ArraySlice<UInt8>]) -> (linesConsumed: Int, destinations: [Range<Int>]) {
        guard let first = lines.first, first.first == UInt8(ascii: "[") else { return (0, []) }
        var text: [UInt8] = []
        var lineStarts: [Int] = []
        for line in lines {
            lineStarts.append(text.count)
            text += line
            text.append(0x0A)
        }
        var position = 0
        var destinations: [Range<Int>] = []
        while position < text.count, let (end, destination) = definitionEnd(in: text, from: position) {
            position = end
            // Back to the document's offsets: a destination never crosses a line end.
            if let line = lineStarts.lastIndex(where: { $0 <= destination.lowerBound }) {
                let base = lines[line].startIndex - lineStarts[line]
                destinations.append((destination.lowerBound + base)..<(destination.upperBound + base))
            }
        }
        return (lineStarts.filter { $0 < position }.count, destinations)
    }

    /// The offset just after the line end that closes a definition starting at `start`, or nil.
    private static func definitionEnd(in text: [UInt8], from start: Int) -> (end: Int, destination: Range<Int>)? {
        var position = start
        var spaces = 0
        while position < text.count, text[position] == 0x20, spaces < 3 { position += 1; spaces += 1 }
        guard position < text.count, text[position] == UInt8(ascii: "[") else { return nil }
        // Label: up to 999 characters, no unescaped brackets, not blank.
        position += 1
        let labelStart = position
        while position < text.count, text[position] != UInt8(ascii: "]") {
            if text[position] == UInt8(ascii: "[") { return nil }
            if text[position] == UInt8(ascii: "\\"), position + 1 < text.count { position += 1 }
            position += 1
        }
        guard position < text.count, position - labelStart <= 999,
              text[labelStart..<position].contains(where: { !isWhitespace($0) }) else { return nil }
        position += 1
        guard position < text.count, text[position] == UInt8(ascii: ":") else { return nil }
        position += 1
        skipSpacesAndOneNewline(text, &position)
        // Destination.
        var destination = position..<position
        if position < text.count, text[position] == UInt8(ascii: "<") {
            position += 1
            let inside = position
            while position < text.count, text[position] != UInt8(ascii: ">") {
                if text[position] == 0x0A || text[position] == UInt8(ascii: "<") { return nil }
                if text[position] == UInt8(ascii: "\\"), position + 1 < text.count { position += 1 }
                position += 1
            }
            guard position < text.count else { return nil }
            destination = inside..<position
            position += 1
        } else {
            let destinationStart = position
            var depth = 0
            while position < text.count, text[position] > 0x20 {
                if text[position] == UInt8(ascii: "\\"), position + 1 < text.count { position += 2; continue }
                if text[position] == UInt8(ascii: "(") { depth += 1 }
                if text[position] == UInt8(ascii: ")") {
                    if depth == 0 { break }
                    depth -= 1
                }
                position += 1
            }
            guard position > destinationStart, depth == 0 else { return nil }
            destination = destinationStart..<position
        }
        let afterDestination = position
        // Where the definition ends when it has no title: the destination must end its line.
        var endWithoutTitle: Int?
        var probe = afterDestination
        while probe < text.count, text[probe] == 0x20 || text[probe] == 0x09 { probe += 1 }
        if probe < text.count, text[probe] == 0x0A { endWithoutTitle = probe + 1 }
        // Title: separated from the destination by whitespace; may span lines; must end its line.
        var titlePosition = afterDestination
        skipSpacesAndOneNewline(text, &titlePosition)
        if titlePosition > afterDestination, titlePosition < text.count, let end = titleEnd(in: text, from: titlePosition) {
            var after = end
            while after < text.count, text[after] == 0x20 || text[after] == 0x09 { after += 1 }
            if after < text.count, text[after] == 0x0A { return (after + 1, destination) }
        }
        return endWithoutTitle.map { ($0, destination) }
    }

    private static func titleEnd(in text: [UInt8], from start: Int) -> Int? {
        let opener = text[start]
        let closer: UInt8
        switch opener {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): closer = opener
        case UInt8(ascii: "("): closer = UInt8(ascii: ")")
        default: return nil
        }
        var position = start + 1
        while position < text.count, text[position] != closer {
            if opener == UInt8(ascii: "("), text[position] == UInt8(ascii: "(") { return nil }
            // A blank line ends the paragraph, so the title cannot cross one.
            if text[position] == 0x0A, position + 1 < text.count, text[position + 1] == 0x0A { return nil }
            if text[position] == UInt8(ascii: "\\"), position + 1 < text.count { position += 1 }
            position += 1
        }
        return position < text.count ? position + 1 : nil
    }

    private static func skipSpacesAndOneNewline(_ text: [UInt8], _ position: inout Int) {
        while position < text.count, text[position] == 0x20 || text[position] == 0x09 { position += 1 }
        if position < text.count, text[position] == 0x0A {
            position += 1
            while position < text.count, text[position] == 0x20 || text[position] == 0x09 { position += 1 }
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A }
}
