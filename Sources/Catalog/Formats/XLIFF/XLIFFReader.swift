/// Reads XLIFF 2.0 and 1.2 (and 1.1, which Translate Toolkit's `po2xliff` writes) into exchange units,
/// one token at a time: it keeps the unit it is building, never a tree of the document.
///
/// A well-formedness or safety problem (see `XMLTokenizer`), an `original` path that is absolute or
/// climbs out of the project, or an unknown dialect stops reading: `Result.isUsable` is false and
/// nothing of the file may be applied. A problem with one unit (an inline element tolk does not know,
/// a target whose inline codes are not the source's, a plural form without a category) skips that
/// unit with a diagnostic and reading goes on.
///
/// Inline codes come back as the Markdown they stand for. The source's codes say what each id
/// means: a 2.0 `<ph>` its `equiv`, a `<pc>` its `equivStart` and `equivEnd`; a 1.2 `<ph>` its
/// content, a `<bpt>`/`<ept>` pair theirs. The target names codes by id only (2.0 `<ph>`, `<pc>`,
/// `<sc>`/`<ec>`; 1.2 `<ph>`, `<bpt>`/`<ept>`, `<x/>`, `<g>`), so a translator may move a code but not
/// change what it restores; one that is missing, repeated, or not in the source rejects the unit.
public struct XLIFFReader {
    /// Larger files are refused before they are read.
    public static let maximumFileSize = 512 * 1024 * 1024

    public struct Result: Sendable {
        public var version: XLIFFVersion?
        public var sourceLanguage: String?
        public var targetLanguage: String?
        /// The line of the element that names the target language (`<xliff>`, or 1.2's first `<file>`).
        public var targetLanguageLine = 0
        /// The project the file says it was exported from (2.0 `tolk:project`, 1.2 `product-name`), and its line.
        public var projectName: String?
        public var projectNameLine = 0
        public var units: [XLIFFUnit] = []
        public var diagnostics: [Diagnostic] = []
        public var isUsable = true
        /// How many pieces were read at once (`read(opening:)`); 0 when the file was read whole.
        var piecesRead = 0
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
        read { () throws(XMLSyntaxError) in try XMLTokenizer(bytes: bytes) }
    }

    /// Reads a file streamed in chunks (see `XMLTokenizer.init(chunks:)`): memory holds the units and
    /// a window of the file, never the whole of it.
    public func read(chunks: @escaping () throws -> [UInt8]) -> Result {
        read { () throws(XMLSyntaxError) in try XMLTokenizer(chunks: chunks) }
    }

    private func read(_ makeTokenizer: () throws(XMLSyntaxError) -> XMLTokenizer) -> Result {
        var result = Result()
        do {
            var tokenizer = try makeTokenizer()
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

/// Turns the token stream into units; one instance per file read (or per piece of one, see `XLIFFPieceReading`).
struct UnitBuilder: Sendable {
    let path: String
    var elements: [String] = []
    var original = ""
    var fileTargetLanguage: String?

    // The unit being read (2.0 `<unit>` or 1.2 `<trans-unit>`).
    var unitID: String?
    var unitAt = XMLTokenizer.Position(line: 0, column: 0)
    var unitProblem: (message: String, hint: String)?
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
    var problemAt: XMLTokenizer.Position?

    // Inline codes of the unit being read: the source's by id, the target's as pieces resolved when
    // the unit ends (by then the source, whatever the element order, has said what each id means).
    var sourceCodes: [String: XLIFFInlineCode] = [:]
    var openInline: [(name: String, id: String)] = []
    /// The content of a 1.2 `<ph>`, `<bpt>` or `<ept>` being read: native code, not text.
    var nativeCode: String?
    var targetPieces: [TargetPiece] = []
    var targetHasCodes = false
    /// A plural form with a problem sinks its whole group (reported once, at the form).
    var pluralGroupRejected = false

    enum CodeRole { case whole, start, end }
    enum TargetPiece {
        case text(String)
        case code(id: String, role: CodeRole, element: String, at: XMLTokenizer.Position)
    }

    // A plural group being read: its id and forms so far.
    var pluralGroup: (id: String, at: XMLTokenizer.Position, forms: [(category: String, source: String, target: String?, at: XMLTokenizer.Position, state: XLIFFUnitState)])?
    var groupNotes: (context: String?, references: [String], comments: [String], previous: String?) = (nil, [], [], nil)

    init(path: String) { self.path = path }

    var version: XLIFFVersion = .v2_0

    /// Between two elements at `depth` (1: between two `<file>`s), with nothing of a unit, group,
    /// capture or inline code pending: what the builder holds from before is then only what the next
    /// `<file>`, unit or group sets again before reading it. A piece read from a copy made here reads
    /// as the whole document's builder would.
    func isAtRest(depth: Int) -> Bool {
        elements.count == depth && unitID == nil && pluralGroup == nil && capture == nil && captureKind.isEmpty
            && nativeCode == nil && openInline.isEmpty
    }

    mutating func take(_ token: XMLTokenizer.Token, into result: inout Result) throws {
        switch token {
        case let .startTag(name, attributes, selfClosing, at):
            try open(name, attributes, at, into: &result)
            if selfClosing { close(name, into: &result) }
        case let .endTag(name, _):
            close(name, into: &result)
        case let .text(text, _):
            if nativeCode != nil { nativeCode! += text } else if capture != nil { capture! += text }
        }
    }

    typealias Result = XLIFFReader.Result

    private mutating func open(_ name: String, _ attributes: XMLTokenizer.Attributes, _ at: XMLTokenizer.Position, into result: inout Result) throws {
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
            result.targetLanguageLine = at.line
            // tolk's attribute under whatever prefix a tool gave its namespace.
            for (name, value) in attributes where name.hasPrefix("xmlns:") && value == XLIFFWriter.namespace {
                if let project = attributes[String(name.dropFirst(6)) + ":project"] {
                    result.projectName = project
                    result.projectNameLine = at.line
                }
            }
            return
        }
        // Inside a source or target: text, inline codes, annotations.
        if captureKind == "source" || captureKind == "target" {
            openInlineElement(name, attributes, at)
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
            if version == .v1_2, result.projectName == nil, let project = attributes["product-name"] {
                result.projectName = project
                result.projectNameLine = at.line
            }
            if version == .v1_2, let language = attributes["target-language"] {
                if result.targetLanguage == nil {
                    result.targetLanguage = language
                    result.targetLanguageLine = at.line
                }
            }
        case "group":
            pluralGroupRejected = false
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

    // MARK: Inline codes

    private mutating func reject(_ at: XMLTokenizer.Position?, _ message: String, hint: String) {
        guard unitProblem == nil else { return }
        unitProblem = (message, hint)
        problemAt = at
    }

    /// An element inside `<source>` or `<target>`. Every one is pushed on `openInline`, so its end tag
    /// knows what it closes.
    private mutating func openInlineElement(_ name: String, _ attributes: XMLTokenizer.Attributes, _ at: XMLTokenizer.Position) {
        let inSource = captureKind == "source"
        guard nativeCode == nil else {
            reject(at, "element <\(name)> inside <\(openInline.last?.name ?? "")> in the \(captureKind)", hint: "a code's content is its original markup, as tolk wrote it")
            openInline.append((name, ""))
            return
        }
        let id = attributes["id"] ?? ""
        func needsID() -> Bool {
            guard !id.isEmpty else {
                reject(at, "inline element <\(name)> without an id in the \(captureKind)", hint: "every inline code needs the id of the source's code it stands for")
                return false
            }
            return true
        }
        switch (version, name) {
        case (_, "cp"):
            if let hex = attributes["hex"], let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                capture! += String(Character(scalar))
            } else {
                reject(at, "<cp> without a valid hex code point", hint: "write <cp hex=\"0001\"/> for U+0001")
            }
        case (_, "mrk"), (.v2_0, "sm"), (.v2_0, "em"):
            break  // Annotations: their text is the unit's text.
        case (.v2_0, "ph"), (.v2_0, "pc"), (.v2_0, "sc"), (.v2_0, "ec"):
            let reference = name == "ec" ? (attributes["startRef"] ?? id) : id
            guard !reference.isEmpty else { _ = needsID(); break }
            let role: CodeRole = name == "ph" ? .whole : name == "ec" ? .end : .start
            if inSource {
                let original = name == "pc" ? attributes["equivStart"] : attributes["equiv"]
                guard let original else {
                    let attribute = name == "pc" ? "equivStart" : "equiv"
                    reject(at, "<\(name) id=\"\(reference)\"> in the source has no \(attribute)", hint: "tolk restores a code from its \(attribute) text; export the file again")
                    break
                }
                defineSourceCode(reference, role: role, original: original, end: name == "pc" ? attributes["equivEnd"] : nil, element: name, at: at)
            } else {
                addTargetCode(reference, role: role, element: name, at: at)
            }
        case (.v1_2, "ph"), (.v1_2, "bpt"), (.v1_2, "ept"):
            guard needsID() else { break }
            nativeCode = ""
            if !inSource { addTargetCode(id, role: name == "ph" ? .whole : name == "bpt" ? .start : .end, element: name, at: at) }
        case (.v1_2, "x"), (.v1_2, "g"):
            guard needsID() else { break }
            if inSource {
                reject(at, "inline element <\(name)> in the source carries no original markup", hint: "tolk writes <ph> and <bpt>/<ept>, whose content is the original; export the file again")
            } else {
                addTargetCode(id, role: name == "x" ? .whole : .start, element: name, at: at)
            }
        default:
            reject(at, "inline element <\(name)> in the \(captureKind)", hint: "tolk reads \(version == .v2_0 ? "<ph>, <pc>, <sc>/<ec>, <mrk> and <cp>" : "<ph>, <bpt>/<ept>, <x/>, <g> and <mrk>"); remove the element, keep its text")
        }
        openInline.append((name, name == "ec" ? (attributes["startRef"] ?? id) : id))
    }

    private mutating func closeInlineElement(_ name: String) {
        guard let (_, id) = openInline.popLast() else { return }
        let inSource = captureKind == "source"
        switch (version, name) {
        case (.v2_0, "pc"):
            if inSource {
                if let code = sourceCodes[id], let end = code.end { capture! += end }
            } else if !id.isEmpty {
                addTargetCode(id, role: .end, element: name, at: nil)
            }
        case (.v1_2, "g"):
            if !inSource, !id.isEmpty { addTargetCode(id, role: .end, element: name, at: nil) }
        case (.v1_2, "ph"), (.v1_2, "bpt"), (.v1_2, "ept"):
            guard let native = nativeCode else { return }
            nativeCode = nil
            guard inSource, !id.isEmpty else { return }
            defineSourceCode(id, role: name == "ph" ? .whole : name == "bpt" ? .start : .end, original: native, end: nil, element: name, at: nil)
        default:
            break
        }
    }

    /// Records what a source code restores and puts its original into the source text.
    private mutating func defineSourceCode(_ id: String, role: CodeRole, original: String, end: String?, element: String, at: XMLTokenizer.Position?) {
        switch role {
        case .whole, .start:
            guard sourceCodes[id] == nil else {
                reject(at, "inline code \(id) appears twice in the source", hint: "ids of a unit's codes are unique; export the file again")
                return
            }
            // A 2.0 `<pc>` brings its end along; a `<bpt>` or `<sc>` waits for its `<ept>` or `<ec>`.
            let paired = role == .start
            if paired, element == "pc", end == nil {
                reject(at, "<pc id=\"\(id)\"> in the source has no equivEnd", hint: "tolk restores a code from its equiv text; export the file again")
                return
            }
            sourceCodes[id] = XLIFFInlineCode(id: id, kind: .html, start: original, end: paired ? (end ?? "") : nil)
            capture! += original
        case .end:
            guard let code = sourceCodes[id], code.isPaired else {
                reject(at, "<\(element)> in the source closes inline code \(id), which it does not open", hint: "export the file again")
                return
            }
            sourceCodes[id]?.end = original
            capture! += original
        }
    }

    private mutating func addTargetCode(_ id: String, role: CodeRole, element: String, at: XMLTokenizer.Position?) {
        if let text = capture, !text.isEmpty { targetPieces.append(.text(text)) }
        capture = ""
        targetHasCodes = true
        targetPieces.append(.code(id: id, role: role, element: element, at: at ?? openInlinePosition(id) ?? targetAt ?? unitAt))
    }

    /// Where the target opened the code `id` (an end tag has no position of its own in a diagnostic).
    private func openInlinePosition(_ id: String) -> XMLTokenizer.Position? {
        for piece in targetPieces.reversed() {
            if case let .code(pieceID, .start, _, at) = piece, pieceID == id { return at }
        }
        return nil
    }

    /// Rebuilds the target's Markdown from its pieces and the source's codes; each source code must
    /// appear exactly once (a paired one opened once and closed once after), and no other.
    private mutating func resolveTargetCodes() {
        guard let tail = target else { return }
        if !targetHasCodes && (sourceCodes.isEmpty || tail.isEmpty) { return }
        let pieces = targetHasCodes ? targetPieces : [.text(tail)]
        let sameOnce = "each code of the source appears once in the translation"
        var text = ""
        var opened = Set<String>(), closed = Set<String>()
        for piece in pieces {
            switch piece {
            case let .text(prose):
                text += prose
            case let .code(id, role, element, at):
                guard let code = sourceCodes[id] else {
                    reject(at, "inline code \(id) is not in the source", hint: "use only the source's codes: tolk restores each from the source")
                    return
                }
                if (role == .whole) == code.isPaired {
                    let shape = code.isPaired ? "a paired code (<pc>)" : "a standalone code (<ph>)"
                    reject(at, "inline code \(id) (\(code.display)) is \(shape) in the source, not <\(element)>", hint: "keep each code as the source has it")
                    return
                }
                switch role {
                case .whole, .start:
                    guard opened.insert(id).inserted else {
                        reject(at, "inline code \(id) (\(code.display)) appears twice in the target", hint: sameOnce)
                        return
                    }
                    text += code.start
                case .end:
                    guard opened.contains(id) else {
                        reject(at, "inline code \(id) (\(code.display)) ends before it starts in the target", hint: "open a paired code before closing it")
                        return
                    }
                    guard closed.insert(id).inserted else {
                        reject(at, "inline code \(id) (\(code.display)) appears twice in the target", hint: sameOnce)
                        return
                    }
                    text += code.end ?? ""
                }
            }
        }
        let byID = sourceCodes.values.sorted { left, right in
            switch (Int(left.id), Int(right.id)) {
            case let (l?, r?): l < r
            default: left.id < right.id
            }
        }
        for code in byID where !opened.contains(code.id) || (code.isPaired && !closed.contains(code.id)) {
            reject(targetAt, "the target lacks inline code \(code.id) (\(code.display)) of the source", hint: "put it back: codes may move in a translation, not disappear")
            return
        }
        target = text
    }

    private static func strippingIndex(_ id: String) -> String {
        guard id.hasSuffix("]"), let open = id.lastIndex(of: "[") else { return id }
        return String(id[..<open])
    }

    private mutating func startUnit(_ attributes: XMLTokenizer.Attributes, _ at: XMLTokenizer.Position) {
        unitID = attributes["id"] ?? ""
        unitAt = at
        unitProblem = nil
        context = nil; references = []; comments = []; previousSource = nil
        source = nil; target = nil; targetAt = nil
        stateAttribute = nil; subState = nil
        problemAt = nil
        sourceCodes = [:]; openInline = []; nativeCode = nil
        targetPieces = []; targetHasCodes = false
        approved = attributes["approved"]
        isHeaderUnit = attributes["restype"] == "x-gettext-domain-header"
    }

    private mutating func close(_ name: String, into result: inout Result) {
        elements.removeLast()
        if (captureKind == "source" || captureKind == "target") && name != captureKind {
            closeInlineElement(name)
            return
        }
        switch (name, captureKind) {
        case ("source", "source"): source = capture; capture = nil; captureKind = ""
        case ("target", "target"):
            if targetHasCodes, let text = capture, !text.isEmpty { targetPieces.append(.text(text)) }
            target = capture
            capture = nil; captureKind = ""
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
        if unitProblem == nil { resolveTargetCodes() }
        if let unitProblem {
            let where_ = problemAt ?? at
            result.diagnostics.append(Diagnostic(.error, file: path, line: where_.line, column: where_.column, "unit \(id): \(unitProblem.message)",
                                                 hint: unitProblem.hint + "; the unit was not imported"))
            if pluralGroup != nil { pluralGroupRejected = true }
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
        guard !pluralGroupRejected, let first = group.forms.first else { return }
        let order: [XLIFFUnitState] = [.untranslated, .needsReview, .translated, .reviewed]
        let state = group.forms.map(\.state).min { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! } ?? .untranslated
        // The msgid is the `one` form's source (1.2: form 0's), which need not come first: Arabic's
        // forms start with `zero`, whose source is the msgid_plural. A locale without `one` (Japanese)
        // has only the msgid_plural; its id still names the message.
        let singular = group.forms.first { $0.category == "one" || $0.category == "0" }?.source ?? first.source
        let plural = group.forms.first { $0.category != "one" && $0.category != "0" }?.source
        var unit = XLIFFUnit(id: group.id, context: groupNotes.context, source: singular, sourcePlural: plural ?? first.source, target: nil,
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
