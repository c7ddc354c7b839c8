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
public struct XLIFFWriter: Sendable {
    public let version: XLIFFVersion
    public let sourceLanguage: String
    public let targetLanguage: String

    public init(version: XLIFFVersion, sourceLanguage: String, targetLanguage: String) {
        self.version = version
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
    }

    /// `files` pairs each content path (the `<file original>`) with its units, in order.
    public func write(_ files: [(original: String, units: [XLIFFUnit])]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        switch version {
        case .v2_0:
            out += "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"\(attribute(sourceLanguage))\" trgLang=\"\(attribute(targetLanguage))\" xml:space=\"preserve\">\n"
            for (index, file) in files.enumerated() where !file.units.isEmpty {
                out += "  <file id=\"f\(index + 1)\" original=\"\(attribute(file.original))\">\n"
                for unit in file.units { writeUnit20(unit, into: &out) }
                out += "  </file>\n"
            }
        case .v1_2:
            out += "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"1.2\">\n"
            for file in files where !file.units.isEmpty {
                out += "  <file original=\"\(attribute(file.original))\" source-language=\"\(attribute(sourceLanguage))\" target-language=\"\(attribute(targetLanguage))\" datatype=\"plaintext\" xml:space=\"preserve\">\n    <body>\n"
                for unit in file.units { writeUnit12(unit, into: &out) }
                out += "    </body>\n  </file>\n"
            }
        }
        out += "</xliff>\n"
        return out
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

    private func writeUnit20(_ unit: XLIFFUnit, into out: inout String) {
        if let forms = unit.pluralForms {
            out += "    <group id=\"\(unit.id)\" name=\"plural\">\n"
            out += notes20(unit, indent: "      ")
            for form in forms {
                let source = form.category == "one" ? unit.source : (unit.sourcePlural ?? unit.source)
                out += "      <unit id=\"\(unit.id).\(form.category)\" name=\"\(form.category)\">\n"
                out += "        <segment \(segmentAttributes20(unit.state, hasTarget: form.target != nil))>\n"
                out += "          <source>\(content20(source))</source>\n"
                if let target = form.target { out += "          <target>\(content20(target))</target>\n" }
                out += "        </segment>\n      </unit>\n"
            }
            out += "    </group>\n"
            return
        }
        out += "    <unit id=\"\(unit.id)\">\n"
        out += notes20(unit, indent: "      ")
        out += "      <segment \(segmentAttributes20(unit.state, hasTarget: unit.target != nil))>\n"
        out += "        <source>\(content20(unit.source))</source>\n"
        if let target = unit.target { out += "        <target>\(content20(target))</target>\n" }
        out += "      </segment>\n    </unit>\n"
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

    private func target12(_ target: String?, state: XLIFFUnitState) -> String {
        guard let target else { return "" }
        let value = switch state {
        case .untranslated: "new"
        case .translated: "translated"
        case .needsReview: "needs-review-translation"
        case .reviewed: "signed-off"
        }
        return "<target state=\"\(value)\">\(content12(target))</target>\n"
    }

    private func approved12(_ state: XLIFFUnitState, hasTarget: Bool) -> String {
        hasTarget && (state == .translated || state == .reviewed) ? "yes" : "no"
    }

    private func writeUnit12(_ unit: XLIFFUnit, into out: inout String) {
        if let forms = unit.pluralForms {
            out += "      <group id=\"\(attribute(unit.id))\" restype=\"x-gettext-plurals\">\n"
            for (index, form) in forms.enumerated() {
                let source = form.category == "one" ? unit.source : (unit.sourcePlural ?? unit.source)
                out += "        <trans-unit id=\"\(attribute(unit.id))[\(index)]\" resname=\"\(form.category)\" approved=\"\(approved12(unit.state, hasTarget: form.target != nil))\">\n"
                out += "          <source>\(content12(source))</source>\n"
                out += target12(form.target, state: unit.state).isEmpty ? "" : "          " + target12(form.target, state: unit.state)
                out += notes12(unit, indent: "          ")
                out += "        </trans-unit>\n"
            }
            out += "      </group>\n"
            return
        }
        out += "      <trans-unit id=\"\(attribute(unit.id))\" approved=\"\(approved12(unit.state, hasTarget: unit.target != nil))\">\n"
        out += "        <source>\(content12(unit.source))</source>\n"
        out += unit.target == nil ? "" : "        " + target12(unit.target, state: unit.state)
        out += notes12(unit, indent: "        ")
        out += "      </trans-unit>\n"
    }

    // MARK: - Escaping

    /// Element content for 2.0: `<`, `&`, `>` escaped; CR as a reference (a literal one would read back
    /// as LF); other characters XML 1.0 cannot hold as `<cp hex="…"/>`, the 2.0 way.
    private func content20(_ text: String) -> String { escape(text, controlCharacter: { "<cp hex=\"\(hex4($0))\"/>" }) }

    /// Element content for 1.2, which has no `<cp>`: characters XML cannot hold become U+FFFD (they do
    /// not occur in Markdown prose; 2.0 keeps them).
    private func content12(_ text: String) -> String { escape(text, controlCharacter: { _ in "\u{FFFD}" }) }

    private func attribute(_ text: String) -> String {
        escape(text, controlCharacter: { _ in "\u{FFFD}" }).replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "\n", with: "&#10;").replacingOccurrences(of: "\t", with: "&#9;")
    }

    private func hex4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private func escape(_ text: String, controlCharacter: (UInt32) -> String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: ">") || ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) || $0 == 0xEF })
        else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x3C: out += "&lt;"
            case 0x26: out += "&amp;"
            case 0x3E: out += "&gt;"
            case 0x0D: out += "&#13;"
            case 0x09, 0x0A: out.unicodeScalars.append(scalar)
            case 0..<0x20, 0xFFFE, 0xFFFF: out += controlCharacter(scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
