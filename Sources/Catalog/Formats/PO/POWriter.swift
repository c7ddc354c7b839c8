import Core

/// Writes a `Catalog` as PO text byte for byte the way GNU gettext 0.21's tools write it (`msgcat`,
/// `msgmerge`, Poedit through gettext), so a catalog that passes through them shows no diff.
///
/// The facts followed (gettext's write-po.c):
/// - the header first, then the entries in order, then the obsolete entries in order; entries are
///   separated by one blank line; an obsolete entry whose `msgstr[0]` is empty is not written;
/// - comment order `#`, `#.`, `#:`, `#,`, `#|`; references fill lines up to the page width, a
///   leading `./` dropped and repeats of the same `path:line` written once;
/// - the `#,` line in gettext's order (see `POFlags`), `fuzzy` only when `msgstr[0]` is not empty;
/// - strings escaped as in C and wrapped as libunistring wraps them (see `POOutput.writeString`).
///
/// ```swift
/// let text = POWriter(referenceStyle: .file).write(catalog)
/// ```
public struct POWriter: Sendable {
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

    /// The PO text of `catalog`. Pass a `WrapMemo` when writing several catalogs with the same messages.
    public func write(_ catalog: Catalog, memo: WrapMemo? = nil) -> String {
        String(decoding: encoded(catalog, memo: memo), as: UTF8.self)
    }

    /// The PO text of `catalog` as UTF-8 bytes, ready for a file.
    public func encoded(_ catalog: Catalog, memo: WrapMemo? = nil) -> [UInt8] {
        var out = POOutput(capacity: Self.estimatedSize(of: catalog))
        out.pageWidth = pageWidth
        var header: CatalogEntry?
        if catalog.hasHeader {
            var entry = CatalogEntry(id: "", translations: [Self.headerText(of: catalog)])
            entry.translatorComments = catalog.headerComments
            entry.flags = catalog.headerFlags
            out.encoding = Self.encoding(ofHeader: entry.translations[0])
            header = entry
        } else {
            out.encoding = "ASCII"
        }
        memo?.use(encoding: out.encoding, pageWidth: pageWidth, references: referenceStyle)
        // gettext prints a blank line before every entry but the first it considers, even if that
        // first one was an obsolete entry it then left out.
        var blankLine = false
        if let header {
            withUnsafePointer(to: header) { writeEntry($0, to: &out, memo: memo) }
            blankLine = true
        }
        // Through a buffer pointer, so that entries are read where they are rather than copied.
        catalog.entries.withUnsafeBufferPointer { entries in
            for index in entries.indices where !entries[index].isObsolete {
                if blankLine { out.append("\n") }
                let entry = entries.baseAddress! + index
                if let memo {
                    if let text = memo.text(of: entry, at: index) {
                        out.bytes.append(contentsOf: text)
                    } else {
                        let start = out.bytes.count
                        writeEntry(entry, to: &out, memo: memo)
                        memo.store(entry, at: index, text: out.bytes[start...])
                    }
                } else {
                    writeEntry(entry, to: &out, memo: nil)
                }
                blankLine = true
            }
            for index in entries.indices where entries[index].isObsolete {
                defer { blankLine = true }
                if entries[index].translations.first?.isEmpty ?? true { continue }
                if blankLine { out.append("\n") }
                writeEntry(entries.baseAddress! + index, to: &out, memo: memo)
            }
        }
        return out.bytes
    }

    /// `entry` points into the catalog: its fields are read where they are, not copied.
    private func writeEntry(_ entry: UnsafePointer<CatalogEntry>, to out: inout POOutput, memo: WrapMemo?) {
        for comment in entry.pointee.translatorComments {
            if !comment.utf8.contains(0x0A) {
                out.append(comment.isEmpty ? "#\n" : "# ")
                if !comment.isEmpty {
                    out.append(comment)
                    out.append("\n")
                }
                continue
            }
            for line in comment.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.isEmpty {
                    out.append("#\n")
                } else {
                    out.append("# ")
                    out.append(String(line))
                    out.append("\n")
                }
            }
        }
        for comment in entry.pointee.extractedComments {
            out.append(comment.isEmpty ? "#." : "#. ")
            out.append(comment)
            out.append("\n")
        }
        writeReferences(entry.pointee.references, to: &out)
        let flags = POFlags.parse(entry.pointee.flags)
        writeFlags(flags, hasTranslation: !(entry.pointee.translations.first?.isEmpty ?? true), isObsolete: entry.pointee.isObsolete, to: &out)
        let wrap = !flags.noWrap
        let directives = flags.directives
        let previous: POOutput.LinePrefix = entry.pointee.isObsolete ? .obsoletePrevious : .previous
        if let value = entry.pointee.previousContext { out.writeString(previous, .msgctxt, value, wrap: wrap, directives: directives, memo: memo) }
        if let value = entry.pointee.previousID { out.writeString(previous, .msgid, value, wrap: wrap, directives: directives, memo: memo) }
        if let value = entry.pointee.previousIDPlural { out.writeString(previous, .msgidPlural, value, wrap: wrap, directives: directives, memo: memo) }
        let prefix: POOutput.LinePrefix = entry.pointee.isObsolete ? .obsolete : .none
        if let context = entry.pointee.context { out.writeString(prefix, .msgctxt, context, wrap: wrap, directives: directives, memo: memo) }
        out.writeString(prefix, .msgid, entry.pointee.id, wrap: wrap, directives: directives, memo: memo)
        if let plural = entry.pointee.idPlural {
            out.writeString(prefix, .msgidPlural, plural, wrap: wrap, directives: directives, memo: memo)
            for (index, translation) in entry.pointee.translations.enumerated() {
                out.writeString(prefix, .msgstrForm(index), translation, wrap: wrap, directives: directives, memo: memo)
            }
        } else {
            out.writeString(prefix, .msgstr, entry.pointee.translations.first ?? "", wrap: wrap, directives: directives, memo: memo)
        }
    }

    private func writeFlags(_ flags: POFlags.Parsed, hasTranslation: Bool, isObsolete: Bool, to out: inout POOutput) {
        var written: [String] = []
        if flags.fuzzy && hasTranslation { written.append("fuzzy") }
        written += flags.formats
        if let range = flags.range, !isObsolete { written.append(range) }
        if flags.noWrap { written.append("no-wrap") }
        written += flags.unknown
        guard !written.isEmpty else { return }
        out.append("#, ")
        out.append(written.joined(separator: ", "))
        out.append("\n")
    }

    private func writeReferences(_ references: [String], to out: inout POOutput) {
        guard referenceStyle != .never, !references.isEmpty else { return }
        var shown: [String] = []
        shown.reserveCapacity(references.count)
        // gettext reads one of each (file, line) and writes one of each file for `file`; checking
        // the printed form (`./` dropped) makes what tolk writes read back the same.
        var seen: Set<String>?
        for reference in references {
            let printed = Self.printed(referenceStyle == .file ? Self.fileOnly(reference) : reference)
            if shown.count < 16 {
                if !shown.contains(where: { $0.hasSameUTF8Bytes(as: printed) }) { shown.append(printed) }
            } else {
                if seen == nil { seen = Set(shown) }
                if seen!.insert(printed).inserted { shown.append(printed) }
            }
        }
        out.append("#:")
        var column = 2
        for reference in shown {
            let length = reference.utf8.count + 1
            if column > 2 && column + length > pageWidth {
                out.append("\n#:")
                column = 2
            }
            out.append(" ")
            out.append(reference)
            column += length
        }
        out.append("\n")
    }

    /// A reference as gettext prints it: without leading `./`, the line number without leading zeros.
    static func printed(_ reference: String) -> String {
        let bytes = reference.utf8
        var start = bytes.startIndex
        while bytes[start...].starts(with: [UInt8(ascii: "."), UInt8(ascii: "/")]) { start = bytes.index(start, offsetBy: 2) }
        var text = Substring(reference.utf8[start...])
        if let colon = text.utf8.lastIndex(of: UInt8(ascii: ":")) {
            let digits = text.utf8[text.utf8.index(after: colon)...]
            if digits.count > 1, digits.first == UInt8(ascii: "0"), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                let trimmed = digits.drop { $0 == UInt8(ascii: "0") }
                text = Substring(text.utf8[...colon]) + (trimmed.isEmpty ? "0" : Substring(trimmed))
            }
        }
        return start == bytes.startIndex && text.utf8.count == bytes.count ? reference : String(text)
    }

    /// `path:line` without `:line`.
    static func fileOnly(_ reference: String) -> String {
        let bytes = reference.utf8
        guard let colon = bytes.lastIndex(of: UInt8(ascii: ":")) else { return reference }
        let digits = bytes[bytes.index(after: colon)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return reference }
        return String(Substring(bytes[..<colon]))
    }

    /// The header as it was read while its fields are unchanged, else built from the fields.
    static func headerText(of catalog: Catalog) -> String {
        if let original = catalog.headerText {
            let fields = POReader.headerFields(of: original)
            if fields.count == catalog.headerFields.count,
               zip(fields, catalog.headerFields).allSatisfy({ $0.name == $1.name && $0.value == $1.value }) {
                return original
            }
        }
        return headerText(catalog.headerFields)
    }

    static func headerText(_ fields: [(name: String, value: String)]) -> String {
        var text = ""
        for field in fields {
            text += field.name
            text += ": "
            text += field.value
            text += "\n"
        }
        return text
    }

    /// The charset gettext uses to measure the strings of a catalog with this header: the
    /// `charset=` of the header text, `ASCII` when there is none or it is the template's `CHARSET`.
    static func encoding(ofHeader header: String) -> String {
        let bytes = Array(header.utf8)
        let key = Array("charset=".utf8)
        guard bytes.count >= key.count,
              let start = (0...(bytes.count - key.count)).first(where: { bytes[$0..<($0 + key.count)].elementsEqual(key) }) else { return "ASCII" }
        let name = String(decoding: bytes[(start + key.count)...].prefix { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A }, as: UTF8.self)
        if name.isEmpty || name == "CHARSET" { return "ASCII" }
        if name.uppercased() == "UTF-8" { return "UTF-8" }
        return name
    }

    /// Room for the text: a guess from the entry count (growing the buffer later is cheap).
    private static func estimatedSize(of catalog: Catalog) -> Int {
        1_024 + catalog.entries.count * 512
    }
}
