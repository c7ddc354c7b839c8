/// The lines of a definition list as Goldmark (Hugo), kramdown (Jekyll) and Python-Markdown's
/// `def_list` (MkDocs) write it, which CommonMark reads as one paragraph:
///
/// ```
/// Lantern
/// : A lamp with a case around its flame.
///   It may hang or stand.
/// ```
///
/// Each term line is a message, and each definition from its `: ` marker to the next marker.
enum DefinitionListLines {
    struct Group: Equatable {
        /// Which lines of the paragraph it takes (indices into the lines given).
        var lines: Range<Int>
        var isDefinition: Bool
        /// Its first line without the `: ` marker (a term's first line as it is).
        var firstLineContent: Range<Int>
    }

    /// The groups of a paragraph's `lines` (their bytes, and where each starts in the file), or nil when
    /// the paragraph is no definition list: it needs a term line, then a line that opens with `:` and a
    /// space or tab after at most three spaces.
    static func groups(_ lines: [ArraySlice<UInt8>], offsets: [Int]) -> [Group]? {
        guard lines.count >= 2, markerEnd(lines[0]) == nil else { return nil }
        guard let firstDefinition = lines.indices.first(where: { markerEnd(lines[$0]) != nil }) else { return nil }
        var groups: [Group] = []
        for index in 0..<firstDefinition {
            groups.append(Group(lines: index..<index + 1, isDefinition: false, firstLineContent: offsets[index]..<offsets[index] + lines[index].count))
        }
        var index = firstDefinition
        while index < lines.count {
            var next = index + 1
            while next < lines.count, markerEnd(lines[next]) == nil { next += 1 }
            let contentStart = markerEnd(lines[index]) ?? 0
            groups.append(Group(lines: index..<next, isDefinition: true,
                                firstLineContent: offsets[index] + contentStart..<offsets[index] + lines[index].count))
            index = next
        }
        return groups
    }

    /// The length of the `: ` marker (with the spaces around it) opening `line`, or nil when it opens none.
    static func markerEnd(_ line: ArraySlice<UInt8>) -> Int? {
        var position = line.startIndex
        while position < line.endIndex, line[position] == 0x20, position - line.startIndex < 3 { position += 1 }
        guard position < line.endIndex, line[position] == UInt8(ascii: ":") else { return nil }
        position += 1
        guard position < line.endIndex, line[position] == 0x20 || line[position] == 0x09 else { return nil }
        while position < line.endIndex, line[position] == 0x20 || line[position] == 0x09 { position += 1 }
        return position - line.startIndex
    }
}
