import LocaleData

/// Writes a `Catalog` as PO text byte for byte the way GNU gettext's own tools write it (`msgcat`,
/// `msgmerge`, Poedit through gettext), so a catalog that passes through them shows no diff.
///
/// The facts followed: entries are separated by one blank line; comment order is `#`, `#.`, `#:`,
/// `#,`, `#|`; `fuzzy` is only written when there is a translation; obsolete entries without a
/// translation are not written; strings are split after each `\n` and wrapped at 79 columns at
/// Unicode line-break opportunities of the escaped text, with an empty first line (`msgid ""`) whenever
/// the value spans more than one line; references fill lines up to 79 columns.
public struct POWriter {
    public enum ReferenceStyle: String, Sendable, CaseIterable {
        /// `path:line` (gettext's `--add-location=full`).
        case full
        /// `path` only (`--add-location=file`): line shifts above an entry do not rewrite the catalog.
        case file
        /// No references (`--no-location`).
        case never
    }

    public var pageWidth = 79
    public var referenceStyle: ReferenceStyle

    public init(referenceStyle: ReferenceStyle = .full) {
        self.referenceStyle = referenceStyle
    }

    public func write(_ catalog: Catalog) -> String {
        var blocks: [String] = []
        if catalog.hasHeader {
            var header = CatalogEntry(id: "", translations: [catalog.headerFields.map { "\($0.name): \($0.value)\n" }.joined()])
            header.translatorComments = catalog.headerComments
            header.flags = catalog.headerFlags
            blocks.append(entryText(header, isHeader: true))
        }
        for entry in catalog.entries {
            if entry.isObsolete && !entry.translations.contains(where: { !$0.isEmpty }) { continue }
            blocks.append(entryText(entry, isHeader: false))
        }
        return blocks.joined(separator: "\n")
    }

    private func entryText(_ entry: CatalogEntry, isHeader: Bool) -> String {
        var out = ""
        let prefix = entry.isObsolete ? "#~ " : ""
        for comment in entry.translatorComments {
            for line in comment.split(separator: "\n", omittingEmptySubsequences: false) {
                out += line.isEmpty ? "#\n" : "# \(line)\n"
            }
        }
        for comment in entry.extractedComments {
            out += comment.isEmpty ? "#.\n" : "#. \(comment)\n"
        }
        out += referenceLines(entry.references)
        let hasTranslation = entry.translations.contains { !$0.isEmpty }
        var flags = entry.flags.filter { $0 != "fuzzy" }
        if entry.isFuzzy && (hasTranslation || isHeader) { flags.insert("fuzzy", at: 0) }
        if !flags.isEmpty { out += "#, " + flags.joined(separator: ", ") + "\n" }
        let previousPrefix = entry.isObsolete ? "#~| " : "#| "
        if let value = entry.previousContext { out += wrap(name: "msgctxt", value: value, linePrefix: previousPrefix) }
        if let value = entry.previousID { out += wrap(name: "msgid", value: value, linePrefix: previousPrefix) }
        if let value = entry.previousIDPlural { out += wrap(name: "msgid_plural", value: value, linePrefix: previousPrefix) }
        if let context = entry.context { out += wrap(name: "msgctxt", value: context, linePrefix: prefix) }
        out += wrap(name: "msgid", value: entry.id, linePrefix: prefix)
        if let plural = entry.idPlural {
            out += wrap(name: "msgid_plural", value: plural, linePrefix: prefix)
            for (index, translation) in entry.translations.enumerated() {
                out += wrap(name: "msgstr[\(index)]", value: translation, linePrefix: prefix)
            }
        } else {
            out += wrap(name: "msgstr", value: entry.translations.first ?? "", linePrefix: prefix)
        }
        return out
    }

    private func referenceLines(_ references: [String]) -> String {
        guard referenceStyle != .never, !references.isEmpty else { return "" }
        var shown: [String] = []
        for reference in references {
            let text = referenceStyle == .file ? Self.fileOnly(reference) : reference
            if referenceStyle == .file, shown.contains(text) { continue }
            shown.append(text)
        }
        var out = "#:"
        var column = 2
        for reference in shown {
            let length = reference.utf8.count + 1
            if column > 2 && column + length > pageWidth {
                out += "\n#:"
                column = 2
            }
            out += " " + reference
            column += length
        }
        return out + "\n"
    }

    static func fileOnly(_ reference: String) -> String {
        guard let colon = reference.lastIndex(of: ":"), reference[reference.index(after: colon)...].allSatisfy(\.isNumber),
              colon != reference.index(before: reference.endIndex) else { return reference }
        return String(reference[..<colon])
    }

    // MARK: - String wrapping

    func wrap(name: String, value: String, linePrefix: String) -> String {
        let prefixWidth = linePrefix.utf8.count
        let startColumnAfterBreak = prefixWidth + 1
        let width = pageWidth - 1 - startColumnAfterBreak
        var out = ""
        var firstLine = true
        let portions = Self.portions(of: value)
        for (portionIndex, portion) in portions.enumerated() {
            let isLast = portionIndex == portions.count - 1
            let escaped = Self.escape(portion)
            var breaks: [Bool] = []
            var startColumn = 0
            func computeBreaks() {
                startColumn = firstLine ? prefixWidth + name.utf8.count + 2 - startColumnAfterBreak : 0
                breaks = Self.widthLineBreaks(escaped, width: width, startColumn: startColumn)
            }
            computeBreaks()
            if firstLine && !escaped.text.isEmpty && (!isLast || startColumn > width || breaks.contains(true)) {
                out += "\(linePrefix)\(name) \"\"\n"
                firstLine = false
                computeBreaks()
            }
            out += linePrefix
            if firstLine {
                out += name + " "
                firstLine = false
            }
            out += "\""
            var lineStart = 0
            let bytes = escaped.text
            for index in bytes.indices where breaks[index] {
                out += String(decoding: bytes[lineStart..<index], as: UTF8.self) + "\"\n" + linePrefix + "\""
                lineStart = index
            }
            out += String(decoding: bytes[lineStart...], as: UTF8.self) + "\"\n"
        }
        return out
    }

    /// The value split after each newline, as gettext does before wrapping.
    static func portions(of value: String) -> [[UInt8]] {
        var portions: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in value.utf8 {
            current.append(byte)
            if byte == 0x0A {
                portions.append(current)
                current = []
            }
        }
        if !current.isEmpty || portions.isEmpty { portions.append(current) }
        return portions
    }

    struct EscapedPortion {
        var text: [UInt8] = []
        /// true where a line may not start (inside an escape sequence).
        var noBreakBefore: [Bool] = []
    }

    static func escape(_ portion: [UInt8]) -> EscapedPortion {
        var result = EscapedPortion()
        result.text.reserveCapacity(portion.count + 8)
        for byte in portion {
            let letter: UInt8?
            switch byte {
            case 0x07: letter = UInt8(ascii: "a")
            case 0x08: letter = UInt8(ascii: "b")
            case 0x0C: letter = UInt8(ascii: "f")
            case 0x0A: letter = UInt8(ascii: "n")
            case 0x0D: letter = UInt8(ascii: "r")
            case 0x09: letter = UInt8(ascii: "t")
            case 0x0B: letter = UInt8(ascii: "v")
            case UInt8(ascii: "\\"), UInt8(ascii: "\""): letter = byte
            default: letter = nil
            }
            if let letter {
                result.text += [UInt8(ascii: "\\"), letter]
                result.noBreakBefore += [false, true]
            } else {
                result.text.append(byte)
                result.noBreakBefore.append(false)
            }
        }
        // Never break right before the "\n" that ends a portion.
        if portion.last == 0x0A, result.text.count >= 2 { result.noBreakBefore[result.text.count - 2] = true }
        return result
    }

    /// Where to break `portion` so no line exceeds `width` columns: the same greedy choice over
    /// break opportunities as gettext's line breaker. `result[i]` is true when a line starts at byte i.
    static func widthLineBreaks(_ portion: EscapedPortion, width: Int, startColumn: Int) -> [Bool] {
        let bytes = portion.text
        var result = [Bool](repeating: false, count: bytes.count)
        let scalarWidths = DisplayWidth.scalarWidths(of: bytes)
        let total = scalarWidths.reduce(0) { $0 + $1.width }
        if startColumn + total <= width { return result }
        var opportunity = [Bool](repeating: false, count: bytes.count)
        for offset in LineBreaks.opportunities(in: String(decoding: bytes, as: UTF8.self)) where offset < bytes.count {
            opportunity[offset] = !portion.noBreakBefore[offset]
        }
        var lastBreak: Int?
        var lastColumn = startColumn
        var pieceWidth = 0
        for (offset, columns) in scalarWidths {
            if opportunity[offset] {
                if let lastBreak, lastColumn + pieceWidth > width {
                    result[lastBreak] = true
                    lastColumn = 0
                }
                lastBreak = offset
                lastColumn += pieceWidth
                pieceWidth = 0
            }
            pieceWidth += columns
        }
        if let lastBreak, lastColumn + pieceWidth > width { result[lastBreak] = true }
        return result
    }
}

/// Display columns of text, as terminals and gettext count them: wide East Asian characters take 2,
/// combining marks and format characters 0, everything else 1.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    static func scalarWidths(of bytes: [UInt8]) -> [(offset: Int, width: Int)] {
        var result: [(offset: Int, width: Int)] = []
        result.reserveCapacity(bytes.count)
        var offset = 0
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            result.append((offset, width(of: scalar)))
            offset += UTF8.width(scalar)
        }
        return result
    }

    public static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x300 { return value < 0x20 || (value >= 0x7F && value < 0xA0) ? 0 : 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1100...0x115F).contains(value) || (0x2E80...0x303E).contains(value) || (0x3041...0x33FF).contains(value)
            || (0x3400...0x4DBF).contains(value) || (0x4E00...0x9FFF).contains(value) || (0xA000...0xA4CF).contains(value)
            || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value)
            || (0xFF00...0xFF60).contains(value) || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1F64F).contains(value)
            || (0x1F900...0x1F9FF).contains(value) || (0x20000...0x3FFFD).contains(value) {
            return 2
        }
        return 1
    }
}
