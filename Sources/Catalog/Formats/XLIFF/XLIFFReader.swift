/// Reads XLIFF 2.0 and 1.2 (and 1.1, which Translate Toolkit's `po2xliff` writes) into exchange units,
/// one token at a time: it keeps the unit it is building, never a tree of the document.
///
/// A well-formedness or safety problem (see `XMLTokenizer`), an `original` path that is absolute or
/// climbs out of the project, or an unknown dialect stops reading: `Result.isUsable` is false and
/// nothing of the file may be applied. A problem with one unit (an inline element tolk did not write,
/// a plural form without a category) skips that unit with a diagnostic and reading goes on.
public struct XLIFFReader {
    /// Larger files are refused before they are read.
    public static let maximumFileSize = 512 * 1024 * 1024

    public struct Result: Sendable {
        public var version: XLIFFVersion?
        public var sourceLanguage: String?
        public var targetLanguage: String?
        public var units: [XLIFFUnit] = []
        public var diagnostics: [Diagnostic] = []
        public var isUsable = true
    }

    public let path: String

    public init(path: String) { self.path = path }

    /// True when the bytes look like XLIFF rather than PO: the first non-blank character is `<`.
    public static func looksLikeXML(_ bytes: [UInt8]) -> Bool {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
        return index < bytes.count && bytes[index] == UInt8(ascii: "<")
    }

    public func read(_ bytes: [UInt8]) -> Result {
        var result = Result()
        do {
            var tokenizer = try XMLTokenizer(bytes: bytes)
            var builder = UnitBuilder(path: path)
            while let token = try tokenizer.next() {
                try builder.take(token, into: &result)
            }
        } catch let error as XMLSyntaxError {
            result.diagnostics.append(Diagnostic(.error, file: path, line: error.line, column: error.column, error.message,
                                                 hint: (error.hint.map { $0 + "; " } ?? "") + "nothing was imported"))
            result.isUsable = false
        } catch {
            result.isUsable = false
        }
        return result
    }
}

/// Turns the token stream into units; one instance per file read.
private struct UnitBuilder {
    let path: String
    var elements: [String] = []
    var original = ""
    var fileTargetLanguage: String?

    // The unit being read (2.0 `<unit>` or 1.2 `<trans-unit>`).
    var unitID: String?
    var unitAt = XMLTokenizer.Position(line: 0, column: 0)
    var unitProblem: String?
    var context: String?
    var references: [String] = []
    var comments: [String] = []
    var previousSource: String?
    var source: String?
    var target: String?
    var targetAt: XMLTokenizer.Position?
    var stateAttribute: String?
    var subState: String?
    var approved: String?
    var isHeaderUnit = false
    var capture: String?  // text being collected: source, target or a note
    var captureKind = ""
    var noteCategory = ""

    // A plural group being read: its id and forms so far.
    var pluralGroup: (id: String, at: XMLTokenizer.Position, forms: [(category: String, source: String, target: String?, at: XMLTokenizer.Position, state: XLIFFUnitState)])?
    var groupNotes: (context: String?, references: [String], comments: [String], previous: String?) = (nil, [], [], nil)

    init(path: String) { self.path = path }

    var version: XLIFFVersion = .v2_0

    mutating func take(_ token: XMLTokenizer.Token, into result: inout Result) throws {
        switch token {
        case let .startTag(name, attributes, selfClosing, at):
            try open(name, attributes, at, into: &result)
            if selfClosing { close(name, into: &result) }
        case let .endTag(name, _):
            close(name, into: &result)
        case let .text(text, _):
            if capture != nil { capture! += text }
        }
    }

    typealias Result = XLIFFReader.Result

    private mutating func open(_ name: String, _ attributes: [String: String], _ at: XMLTokenizer.Position, into result: inout Result) throws {
        defer { elements.append(name) }
        if elements.isEmpty {
            guard name == "xliff" else { throw XMLSyntaxError(at, "expected <xliff> as the root element, found <\(name)>") }
            switch attributes["version"] {
            case "2.0", "2.1": version = .v2_0
            case "1.2", "1.1": version = .v1_2
            default:
                throw XMLSyntaxError(at, "unsupported XLIFF version '\(attributes["version"] ?? "")'", hint: "tolk reads XLIFF 2.0 and 1.2")
            }
            result.version = version
            result.sourceLanguage = attributes["srcLang"]
            result.targetLanguage = attributes["trgLang"]
            return
        }
        // Inside a source or target: only what tolk writes is accepted.
        if captureKind == "source" || captureKind == "target" {
            if name == "cp", let hex = attributes["hex"], let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                capture! += String(Character(scalar))
            } else if name != "mrk" {
                unitProblem = "inline element <\(name)> in <\(captureKind)> at \(at.line):\(at.column): tolk's units have no inline codes (remove the element, keep its text)"
            }
            return
        }
        switch name {
        case "file":
            let original = attributes["original"] ?? ""
            if original.hasPrefix("/") || original.hasPrefix("\\") || original.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..") || original.contains(":\\") {
                throw XMLSyntaxError(at, "file original=\"\(original)\" is outside the project",
                                     hint: "originals are content paths relative to the project, without '..'")
            }
            self.original = original
            if version == .v1_2, let language = attributes["target-language"] {
                if result.targetLanguage == nil { result.targetLanguage = language }
            }
        case "group":
            let isPlural = version == .v2_0 ? attributes["name"] == "plural" : attributes["restype"] == "x-gettext-plurals"
            if isPlural, let id = attributes["id"] {
                pluralGroup = (version == .v1_2 ? Self.strippingIndex(id) : id, at, [])
                groupNotes = (nil, [], [], nil)
            }
        case "unit", "trans-unit":
            startUnit(attributes, at)
        case "segment":
            stateAttribute = attributes["state"]
            subState = attributes["subState"]
        case "source" where unitID != nil && elements.last != "seg-source":
            capture = ""; captureKind = "source"
        case "target" where unitID != nil:
            capture = ""; captureKind = "target"; targetAt = at
            if version == .v1_2 { stateAttribute = attributes["state"] }
        case "note":
            capture = ""; captureKind = "note"
            noteCategory = (version == .v2_0 ? attributes["category"] : attributes["from"]) ?? ""
        case "context" where attributes["context-type"] == "x-po-msgctxt":
            capture = ""; captureKind = "context"
        default:
            break
        }
    }

    private static func strippingIndex(_ id: String) -> String {
        guard id.hasSuffix("]"), let open = id.lastIndex(of: "[") else { return id }
        return String(id[..<open])
    }

    private mutating func startUnit(_ attributes: [String: String], _ at: XMLTokenizer.Position) {
        unitID = attributes["id"] ?? ""
        unitAt = at
        unitProblem = nil
        context = nil; references = []; comments = []; previousSource = nil
        source = nil; target = nil; targetAt = nil
        stateAttribute = nil; subState = nil
        approved = attributes["approved"]
        isHeaderUnit = attributes["restype"] == "x-gettext-domain-header"
    }

    private mutating func close(_ name: String, into result: inout Result) {
        elements.removeLast()
        switch (name, captureKind) {
        case ("source", "source"): source = capture; capture = nil; captureKind = ""
        case ("target", "target"): target = capture; capture = nil; captureKind = ""
        case ("note", "note"):
            let text = capture ?? ""
            capture = nil; captureKind = ""
            if unitID == nil, pluralGroup != nil {
                switch noteCategory {
                case "context": groupNotes.context = text
                case "location": groupNotes.references.append(text)
                case "previous-source": groupNotes.previous = text
                default: groupNotes.comments.append(text)
                }
            } else {
                switch noteCategory {
                case "context": context = text
                case "location": references.append(text)
                case "previous-source": previousSource = text
                default: comments.append(text)
                }
            }
        case ("context", "context"): context = capture; capture = nil; captureKind = ""
        case ("unit", _), ("trans-unit", _): finishUnit(into: &result)
        case ("group", _): if pluralGroup != nil { finishPluralGroup(into: &result) }
        default: break
        }
    }

    private func unitState() -> XLIFFUnitState {
        let hasTarget = !(target ?? "").isEmpty
        guard hasTarget else { return .untranslated }
        switch version {
        case .v2_0:
            if subState == "tolk:needs-review" { return .needsReview }
            switch stateAttribute ?? "initial" {
            case "reviewed", "final": return .reviewed
            case "translated": return .translated
            // A target left in `initial` is a draft: import it, but for review.
            default: return .needsReview
            }
        case .v1_2:
            switch stateAttribute {
            case "signed-off", "final": return .reviewed
            case "translated": return approved == "no" ? .needsReview : .translated
            case nil: return approved == "no" ? .needsReview : .translated
            default: return stateAttribute!.hasPrefix("needs-") || stateAttribute == "new" ? .needsReview : .translated
            }
        }
    }

    private mutating func finishUnit(into result: inout Result) {
        defer { unitID = nil }
        guard let id = unitID, !isHeaderUnit else { return }
        let at = targetAt ?? unitAt
        if let unitProblem {
            result.diagnostics.append(Diagnostic(.error, file: path, line: at.line, column: at.column, "unit \(id): \(unitProblem)", hint: "the unit was not imported"))
            return
        }
        guard let source else {
            result.diagnostics.append(Diagnostic(.error, file: path, line: unitAt.line, column: unitAt.column, "unit \(id): no <source>", hint: "the unit was not imported"))
            return
        }
        if pluralGroup != nil {
            let category: String
            if version == .v2_0 {
                category = id.hasPrefix(pluralGroup!.id + ".") ? String(id.dropFirst(pluralGroup!.id.count + 1)) : ""
            } else {
                category = id.hasSuffix("]") ? String(id[(id.lastIndex(of: "[").map { id.index(after: $0) } ?? id.endIndex)...].dropLast()) : ""
            }
            pluralGroup!.forms.append((category, source, target.flatMap { $0.isEmpty ? nil : $0 }, at, unitState()))
            if pluralGroup!.forms.count == 1 {
                groupNotes.context = groupNotes.context ?? context
                groupNotes.references += references
                groupNotes.comments += comments
                groupNotes.previous = groupNotes.previous ?? previousSource
            }
            return
        }
        var unit = XLIFFUnit(id: id, context: context, source: source, target: target.flatMap { $0.isEmpty ? nil : $0 }, state: unitState())
        unit.references = references
        unit.comments = comments
        unit.previousSource = previousSource
        unit.original = original
        unit.line = at.line
        unit.column = at.column
        result.units.append(unit)
    }

    /// A plural group becomes one unit. Its state is the least advanced of its forms' states.
    private mutating func finishPluralGroup(into result: inout Result) {
        guard let group = pluralGroup else { return }
        pluralGroup = nil
        guard let first = group.forms.first else { return }
        let order: [XLIFFUnitState] = [.untranslated, .needsReview, .translated, .reviewed]
        let state = group.forms.map(\.state).min { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! } ?? .untranslated
        let plural = group.forms.first { $0.category != "one" && $0.category != "0" }?.source
        var unit = XLIFFUnit(id: group.id, context: groupNotes.context, source: first.source, sourcePlural: plural ?? first.source, target: nil,
                             pluralForms: group.forms.map { form in
                                 var plural = XLIFFUnit.PluralForm(category: form.category, target: form.target)
                                 plural.line = form.at.line
                                 plural.column = form.at.column
                                 return plural
                             }, state: state)
        unit.references = groupNotes.references
        unit.comments = groupNotes.comments
        unit.previousSource = groupNotes.previous
        unit.original = original
        unit.line = first.at.line
        unit.column = first.at.column
        result.units.append(unit)
    }
}
