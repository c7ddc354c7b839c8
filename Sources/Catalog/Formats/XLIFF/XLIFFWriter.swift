/// Writes exchange units as XLIFF 2.0 (OASIS core, validates against `xliff_core_2.0.xsd`) or XLIFF 1.2.
///
/// State mapping (tolk → 2.0 `<segment>` / 1.2 `<trans-unit>`):
/// - untranslated → `state="initial"`, no `<target>` / no `<target>`, `approved="no"`
/// - translated → `state="translated"` / `<target state="translated">`, `approved="yes"`
/// - needs review → `state="translated" subState="tolk:needs-review"` with the translation and a
///   `previous-source` note / `<target state="needs-review-translation">`, `approved="no"`
/// - reviewed → `state="reviewed"` / `<target state="signed-off">`, `approved="yes"`
/// `final` is never written: tolk has no state after review.
///
/// A plural entry becomes a `<group name="plural">` (1.2: `restype="x-gettext-plurals"`, Translate
/// Toolkit's convention) holding one unit per plural category of the target locale, ids `ID.one`,
/// `ID.few`… (1.2: `ID[0]`, `ID[1]`…); the `one` form's source is the msgid, the others' the msgid_plural.
///
/// Inline codes: given a scanner for a file's messages (`File.inlineCodes`), protected pieces are
/// numbered 1, 2, 3… in source order within each unit and written as 2.0 `<ph>` (standalone) and
/// `<pc>` (around a paired piece's text), with the original bytes in `equiv`/`equivStart`/`equivEnd`
/// and `disp*`, `canCopy="no" canDelete="no"`, `type` and `subType="tolk:<kind>"`; in 1.2 as `<ph>` and
/// `<bpt>`/`<ept>` with the original as content. The target's pieces take the ids of the source's
/// pieces with the same original text. A unit whose translation does not hold exactly the source's
/// pieces is written as text, as is a unit without protected pieces (see `XLIFFCodedText.make`).
public struct XLIFFWriter: Sendable {
    public let version: XLIFFVersion
    public let sourceLanguage: String
    public let targetLanguage: String
    /// The project the file was exported from (`project:` in tolk.yaml): 2.0 `tolk:project` on
    /// `<xliff>` (an attribute of tolk's namespace, which the core schema allows there), 1.2
    /// `product-name` on each `<file>`. An import compares it with its own project's name.
    public var projectName: String?

    /// The namespace of tolk's own attributes in XLIFF 2.0.
    public static let namespace = "urn:tolk:xliff:1"

    public init(version: XLIFFVersion, sourceLanguage: String, targetLanguage: String, projectName: String? = nil) {
        self.version = version
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.projectName = projectName
    }

    /// One content file's `<file>`: its path (the `original`), its units in order, and the scanner
    /// that finds the protected pieces of its messages (nil: no inline codes, all text).
    public struct File {
        public var original: String
        public var units: [XLIFFUnit]
        public var inlineCodes: XLIFFInlineScanner?

        public init(original: String, units: [XLIFFUnit], inlineCodes: XLIFFInlineScanner? = nil) {
            self.original = original
            self.units = units
            self.inlineCodes = inlineCodes
        }
    }

    /// `files` pairs each content path (the `<file original>`) with its units, in order.
    public func write(_ files: [(original: String, units: [XLIFFUnit])]) -> String {
        write(files.map { File(original: $0.original, units: $0.units) })
    }

    /// The whole document as one string; for large exports, stream it with `begin`, `writeFile` and `end`.
    public func write(_ files: [File]) -> String {
        var out = ""
        begin(into: &out)
        for (index, file) in files.enumerated() { writeFile(file, index: index, into: &out) }
        end(into: &out)
        return out
    }

    /// The XML declaration and the opening `<xliff>`.
    public func begin(into out: inout String) {
        out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        switch version {
        case .v2_0:
            let project = projectName.map { " xmlns:tolk=\"\(Self.namespace)\" tolk:project=\"\(attribute($0))\"" } ?? ""
            out += "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"\(attribute(sourceLanguage))\" trgLang=\"\(attribute(targetLanguage))\"\(project) xml:space=\"preserve\">\n"
        case .v1_2:
            out += "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"1.2\">\n"
        }
    }

    /// One `<file>` (nothing for a file without units); `index` numbers it (2.0 `id="f<index + 1>"`).
    public func writeFile(_ file: File, index: Int, into out: inout String) {
        guard !file.units.isEmpty else { return }
        switch version {
        case .v2_0:
            out += "  <file id=\"f\(index + 1)\" original=\"\(attribute(file.original))\">\n"
            for unit in file.units { writeUnit20(unit, codes: file.inlineCodes, into: &out) }
            out += "  </file>\n"
        case .v1_2:
            let product = projectName.map { " product-name=\"\(attribute($0))\"" } ?? ""
            out += "  <file original=\"\(attribute(file.original))\" source-language=\"\(attribute(sourceLanguage))\" target-language=\"\(attribute(targetLanguage))\"\(product) datatype=\"plaintext\" xml:space=\"preserve\">\n    <body>\n"
            for unit in file.units { writeUnit12(unit, codes: file.inlineCodes, into: &out) }
            out += "    </body>\n  </file>\n"
        }
    }

    /// The closing `</xliff>`.
    public func end(into out: inout String) {
        out += "</xliff>\n"
    }

    /// A source and target with their inline codes, or nil to write both as text.
    private func coded(source: String, target: String?, codes: XLIFFInlineScanner?) -> XLIFFCodedText? {
        guard let codes else { return nil }
        let sourceSpans = codes(source)
        guard !sourceSpans.isEmpty else { return nil }
        return XLIFFCodedText.make(source: source, sourceSpans: sourceSpans, target: target, targetSpans: target.map(codes) ?? [])
    }

    // MARK: - 2.0

    private func notes20(_ unit: XLIFFUnit, indent: String) -> String {
        var notes: [(String, String)] = []
        if let context = unit.context { notes.append(("context", context)) }
        notes += unit.references.map { ("location", $0) }
        notes += unit.comments.map { ("description", $0) }
        if unit.state == .needsReview, let previous = unit.previousSource { notes.append(("previous-source", previous)) }
        guard !notes.isEmpty else { return "" }
        var out = indent + "<notes>\n"
        for (category, text) in notes { out += indent + "  <note category=\"\(category)\">\(content20(text))</note>\n" }
        return out + indent + "</notes>\n"
    }

    private func segmentAttributes20(_ state: XLIFFUnitState, hasTarget: Bool) -> String {
        switch state {
        case .untranslated: "state=\"initial\""
        case .translated: hasTarget ? "state=\"translated\"" : "state=\"initial\""
        case .needsReview: hasTarget ? "state=\"translated\" subState=\"tolk:needs-review\"" : "state=\"initial\" subState=\"tolk:needs-review\""
        case .reviewed: hasTarget ? "state=\"reviewed\"" : "state=\"initial\""
        }
    }

    private func writeUnit20(_ unit: XLIFFUnit, codes: XLIFFInlineScanner?, into out: inout String) {
        if let forms = unit.pluralForms {
            out += "    <group id=\"\(unit.id)\" name=\"plural\">\n"
            out += notes20(unit, indent: "      ")
            for form in forms {
                let source = form.category == "one" ? unit.source : (unit.sourcePlural ?? unit.source)
                out += "      <unit id=\"\(unit.id).\(form.category)\" name=\"\(form.category)\">\n"
                out += "        <segment \(segmentAttributes20(unit.state, hasTarget: form.target != nil))>\n"
                writeSourceAndTarget20(source: source, target: form.target, codes: codes, indent: "          ", into: &out)
                out += "        </segment>\n      </unit>\n"
            }
            out += "    </group>\n"
            return
        }
        out += "    <unit id=\"\(unit.id)\">\n"
        out += notes20(unit, indent: "      ")
        out += "      <segment \(segmentAttributes20(unit.state, hasTarget: unit.target != nil))>\n"
        writeSourceAndTarget20(source: unit.source, target: unit.target, codes: codes, indent: "        ", into: &out)
        out += "      </segment>\n    </unit>\n"
    }

    private func writeSourceAndTarget20(source: String, target: String?, codes: XLIFFInlineScanner?, indent: String, into out: inout String) {
        if let coded = coded(source: source, target: target, codes: codes) {
            out += indent + "<source>"
            inline20(coded.source, into: &out)
            out += "</source>\n"
            if let pieces = coded.target {
                out += indent + "<target>"
                inline20(pieces, into: &out)
                out += "</target>\n"
            }
            return
        }
        out += indent + "<source>\(content20(source))</source>\n"
        if let target { out += indent + "<target>\(content20(target))</target>\n" }
    }

    /// 2.0 inline codes: `<ph>` for a standalone piece, `<pc>` around a paired one's content, the
    /// original in `equiv` (what import restores) and `disp` (what a CAT tool shows). `canCopy` and
    /// `canDelete` say "no" so the tool locks them: a code may move, not be dropped or repeated.
    private func inline20(_ pieces: [XLIFFInlinePiece], into out: inout String) {
        for piece in pieces {
            switch piece {
            case let .text(text):
                out += content20(text)
            case let .placeholder(code):
                let original = attribute(code.start)
                out += "<ph id=\"\(code.id)\" canCopy=\"no\" canDelete=\"no\" type=\"\(code.kind.type20)\" subType=\"tolk:\(code.kind.rawValue)\" disp=\"\(original)\" equiv=\"\(original)\"/>"
            case let .open(code):
                let start = attribute(code.start), end = attribute(code.end ?? "")
                out += "<pc id=\"\(code.id)\" canCopy=\"no\" canDelete=\"no\" type=\"\(code.kind.type20)\" subType=\"tolk:\(code.kind.rawValue)\" dispStart=\"\(start)\" dispEnd=\"\(end)\" equivStart=\"\(start)\" equivEnd=\"\(end)\">"
            case .close:
                out += "</pc>"
            }
        }
    }

    // MARK: - 1.2

    private func notes12(_ unit: XLIFFUnit, indent: String) -> String {
        var out = ""
        if let context = unit.context {
            out += indent + "<context-group name=\"po-entry\" purpose=\"information\"><context context-type=\"x-po-msgctxt\">\(content12(context))</context></context-group>\n"
        }
        for reference in unit.references { out += indent + "<note from=\"location\">\(content12(reference))</note>\n" }
        for comment in unit.comments { out += indent + "<note from=\"developer\">\(content12(comment))</note>\n" }
        if unit.state == .needsReview, let previous = unit.previousSource { out += indent + "<note from=\"previous-source\">\(content12(previous))</note>\n" }
        return out
    }

    private func target12(_ target: String?, state: XLIFFUnitState, pieces: [XLIFFInlinePiece]? = nil) -> String {
        guard let target else { return "" }
        let value = switch state {
        case .untranslated: "new"
        case .translated: "translated"
        case .needsReview: "needs-review-translation"
        case .reviewed: "signed-off"
        }
        var content = ""
        if let pieces { inline12(pieces, into: &content) } else { content = content12(target) }
        return "<target state=\"\(value)\">\(content)</target>\n"
    }

    private func approved12(_ state: XLIFFUnitState, hasTarget: Bool) -> String {
        hasTarget && (state == .translated || state == .reviewed) ? "yes" : "no"
    }

    private func writeUnit12(_ unit: XLIFFUnit, codes: XLIFFInlineScanner?, into out: inout String) {
        if let forms = unit.pluralForms {
            out += "      <group id=\"\(attribute(unit.id))\" restype=\"x-gettext-plurals\">\n"
            for (index, form) in forms.enumerated() {
                let source = form.category == "one" ? unit.source : (unit.sourcePlural ?? unit.source)
                out += "        <trans-unit id=\"\(attribute(unit.id))[\(index)]\" resname=\"\(form.category)\" approved=\"\(approved12(unit.state, hasTarget: form.target != nil))\">\n"
                writeSourceAndTarget12(source: source, target: form.target, state: unit.state, codes: codes, indent: "          ", into: &out)
                out += notes12(unit, indent: "          ")
                out += "        </trans-unit>\n"
            }
            out += "      </group>\n"
            return
        }
        out += "      <trans-unit id=\"\(attribute(unit.id))\" approved=\"\(approved12(unit.state, hasTarget: unit.target != nil))\">\n"
        writeSourceAndTarget12(source: unit.source, target: unit.target, state: unit.state, codes: codes, indent: "        ", into: &out)
        out += notes12(unit, indent: "        ")
        out += "      </trans-unit>\n"
    }

    private func writeSourceAndTarget12(source: String, target: String?, state: XLIFFUnitState, codes: XLIFFInlineScanner?, indent: String, into out: inout String) {
        let coded = coded(source: source, target: target, codes: codes)
        out += indent + "<source>"
        if let coded { inline12(coded.source, into: &out) } else { out += content12(source) }
        out += "</source>\n"
        if target != nil { out += indent + target12(target, state: state, pieces: coded?.target) }
    }

    /// 1.2 inline codes carry the original as content, which Translate Toolkit's `xliff2po` reads back
    /// as the Markdown it stands for: `<ph>` for a standalone piece, `<bpt>`/`<ept>` (same id) around a
    /// paired one's content. `<x/>` and `<g>` cannot carry it, and Translate Toolkit drops them.
    private func inline12(_ pieces: [XLIFFInlinePiece], into out: inout String) {
        for piece in pieces {
            switch piece {
            case let .text(text): out += content12(text)
            case let .placeholder(code): out += "<ph id=\"\(code.id)\" ctype=\"\(code.kind.ctype12(paired: false))\">\(content12(code.start))</ph>"
            case let .open(code): out += "<bpt id=\"\(code.id)\" ctype=\"\(code.kind.ctype12(paired: true))\">\(content12(code.start))</bpt>"
            case let .close(code): out += "<ept id=\"\(code.id)\">\(content12(code.end ?? ""))</ept>"
            }
        }
    }

    // MARK: - Escaping

    /// Element content for 2.0: `<`, `&`, `>` escaped; CR as a reference (a literal one would read back
    /// as LF); other characters XML 1.0 cannot hold as `<cp hex="…"/>`, the 2.0 way.
    private func content20(_ text: String) -> String { escape(text, inAttribute: false, controlCharacter: { "<cp hex=\"\(hex4($0))\"/>" }) }

    /// Element content for 1.2, which has no `<cp>`: characters XML cannot hold become U+FFFD (they do
    /// not occur in Markdown prose; 2.0 keeps them).
    private func content12(_ text: String) -> String { escape(text, inAttribute: false, controlCharacter: { _ in "\u{FFFD}" }) }

    /// An attribute value: also `"`, and tab and LF as references (literal ones would read back as spaces).
    private func attribute(_ text: String) -> String { escape(text, inAttribute: true, controlCharacter: { _ in "\u{FFFD}" }) }

    private func hex4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// One pass over the UTF-8 bytes, copying runs that need no escape as they are. Only ASCII bytes
    /// and the lead byte of U+FFFE/U+FFFF are looked at, so every cut falls between scalars.
    private func escape(_ text: String, inAttribute: Bool, controlCharacter: (UInt32) -> String) -> String {
        let utf8 = text.utf8
        var out = ""
        var runStart = utf8.startIndex
        var index = runStart
        while index != utf8.endIndex {
            let byte = utf8[index]
            var next = utf8.index(after: index)
            let replacement: String?
            switch byte {
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case 0x0D: replacement = "&#13;"
            case UInt8(ascii: "\""): replacement = inAttribute ? "&quot;" : nil
            case 0x0A: replacement = inAttribute ? "&#10;" : nil
            case 0x09: replacement = inAttribute ? "&#9;" : nil
            case 0..<0x20: replacement = controlCharacter(UInt32(byte))
            case 0xEF:
                // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
                var probe = next
                guard probe != utf8.endIndex, utf8[probe] == 0xBF else { replacement = nil; break }
                probe = utf8.index(after: probe)
                guard probe != utf8.endIndex, utf8[probe] == 0xBE || utf8[probe] == 0xBF else { replacement = nil; break }
                replacement = controlCharacter(utf8[probe] == 0xBE ? 0xFFFE : 0xFFFF)
                next = utf8.index(after: probe)
            default: replacement = nil
            }
            if let replacement {
                if out.isEmpty { out.reserveCapacity(utf8.count + 16) }
                out += text[runStart..<index]
                out += replacement
                runStart = next
            }
            index = next
        }
        guard runStart != utf8.startIndex else { return text }
        out += text[runStart..<utf8.endIndex]
        return out
    }
}
