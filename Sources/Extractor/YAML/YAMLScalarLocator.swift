import Catalog
import Foundation
import Yams

/// Finds every scalar of a YAML document with its key path, value, style and exact byte span, so a
/// translation can replace the value and nothing else (comments, key order, quoting, anchors and tags stay).
///
/// Yams (libyaml) gives each node's start mark, at its anchor or tag when it has one; the value's bytes
/// start after those, and end where a scan according to the scalar's style finds them to end. A plain
/// scalar folded over several lines is matched line by line against the value libyaml read, so a
/// span is only ever one whose bytes read as the value. A scalar whose bytes cannot be found is
/// returned as `Unlocated`, with the reason, for the caller to report: never dropped in silence.
///
/// An alias (`*t`) is not a scalar of its own: Yams hands back the anchored node itself, so the value
/// is found once, at its anchor, and an alias follows whatever the anchor's value becomes. Documents
/// nested deeper than `maximumDepth` and more than `maximumNodes` nodes are refused: YAML from
/// outside is treated as hostile.
struct YAMLScalarLocator {
    struct Scalar {
        /// `menu[2].children[0].label`, `title`, `tags[1]`.
        var path: String
        /// The last mapping key on the path (`label`), nil for sequence items of a top-level list.
        var key: String?
        /// Key path without sequence indices (`menu.children.label`, `tags`).
        var keyPath: String
        var value: String
        var style: YAMLScalarStyle
        /// The value's bytes, after its anchor and tag (`&t`, `!!str`) when it has them.
        var span: Range<Int>
        var line: Int
        /// 1-based, in Unicode scalars, at the anchor or tag when the value has one.
        var column: Int
        /// The tag as written, expanded (`tag:yaml.org,2002:str` for `!!str` and quoted scalars, `!x`), empty when plain and untagged.
        var tag: String
        /// What YAML reads the value as: only strings are text.
        var kind: Kind
    }

    /// What a scalar is once read: a generator reading the front matter (Hugo with go-yaml, Jekyll with
    /// Psych) or tolk (Yams) gets a string, typed data, or something only the site's own code knows.
    enum Kind: Equatable {
        /// Quoted, a block scalar, `!!str`, or plain text no YAML 1.1 rule reads as another type.
        case string
        /// `42`, `3.5`, `true`, `yes`, `null`, `~`, `2024-05-01`, `!!int 3`: the type's short name (`int`, `bool`).
        case data(String)
        /// A tag outside YAML's own (`!icon star`).
        case unknownTag(String)
    }

    /// A scalar whose bytes could not be found, so a translation could not be written in its place.
    struct Unlocated {
        var path: String
        var keyPath: String
        var value: String
        var line: Int
        var column: Int
        var kind: Kind
        /// Why, for the user: "a plain value folded over several lines that tolk could not match to its bytes".
        var reason: String
    }

    /// Every scalar of the document: those located, and those that could not be.
    struct Document {
        var scalars: [Scalar] = []
        var unlocated: [Unlocated] = []
    }

    enum Failure: Error, Equatable {
        case syntax(line: Int, column: Int, message: String)
        case tooComplex(String)
    }

    static let maximumDepth = 64
    static let maximumNodes = 200_000

    let bytes: [UInt8]
    /// Offset of the YAML text inside `bytes`, and the line number of its first line.
    let start: Int
    let end: Int
    let firstLine: Int
    private let lineStarts: [Int]

    init(bytes: [UInt8], start: Int, end: Int, firstLine: Int) {
        self.bytes = bytes
        self.start = start
        self.end = end
        self.firstLine = firstLine
        // Lines as libyaml counts them (its marks are what spans are found from): they end at LF, CR LF,
        // a lone CR, NEL (U+0085), LS (U+2028) and PS (U+2029).
        var starts = [start]
        var index = start
        while index < end {
            var next: Int?
            switch bytes[index] {
            case 0x0A: next = index + 1
            case 0x0D where index + 1 >= end || bytes[index + 1] != 0x0A: next = index + 1
            case 0xC2 where index + 1 < end && bytes[index + 1] == 0x85: next = index + 2
            case 0xE2 where index + 2 < end && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9): next = index + 3
            default: break
            }
            if let next {
                if next < end { starts.append(next) }
                index = next
            } else {
                index += 1
            }
        }
        lineStarts = starts
    }

    /// The scalars whose bytes were found, in document order.
    func scalars() throws(Failure) -> [Scalar] {
        try document().scalars
    }

    func document() throws(Failure) -> Document {
        if let bad = UTF8Validation.firstInvalidOffset(in: bytes, range: start..<end) {
            // Read lossily, a value would reach translators as U+FFFD and the keys after it could be lost.
            let line = lineStarts.lastIndex { $0 <= bad } ?? 0
            let column = bytes[lineStarts[line]..<bad].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
            throw .syntax(line: firstLine + line, column: column, message: "not valid UTF-8")
        }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        if let problem = Self.nestingProblem(bytes[start..<end]) { throw .tooComplex(problem) }
        let root: Node?
        do {
            // UTF-8 named here: Yams' default reads the environment (YAMS_DEFAULT_ENCODING) on every call.
            root = try Yams.compose(yaml: text, Self.resolver, .default, .utf8)
        } catch let error as YamlError {
            throw Self.failure(from: error, firstLine: firstLine)
        } catch {
            throw .syntax(line: firstLine, column: 1, message: "\(error)")
        }
        guard let root else { return Document() }
        var document = Document()
        var visited = 0
        // Where each node met so far starts: an alias is the anchored node again, at the anchor's mark.
        var seenMarks = Set<Int>()
        // An explicit stack instead of recursion: (node, path, keyPath, key, inFlow)
        var stack: [(Node, String, String, String?, Bool)] = [(root, "", "", nil, false)]
        while let (node, path, keyPath, key, inFlow) = stack.popLast() {
            visited += 1
            if visited > Self.maximumNodes { throw .tooComplex("more than \(Self.maximumNodes) YAML nodes") }
            guard let mark = node.mark else { continue }
            guard let begin = offset(of: mark) else {
                if case .scalar(let scalar) = node {
                    document.unlocated.append(Unlocated(path: path, keyPath: keyPath, value: scalar.string, line: mark.line + firstLine - 1, column: mark.column,
                                                        kind: Self.kind(of: scalar), reason: "tolk could not find its bytes"))
                }
                continue
            }
            guard seenMarks.insert(begin).inserted else { continue }
            switch node {
            case .scalar(let scalar):
                let kind = Self.kind(of: scalar)
                let line = mark.line + firstLine - 1
                switch locate(scalar, at: afterProperties(begin, isEmpty: scalar.string.isEmpty), inFlow: inFlow) {
                case .success(let located):
                    document.scalars.append(Scalar(path: path, key: key, keyPath: keyPath, value: scalar.string, style: located.style,
                                                   span: located.span, line: line, column: mark.column, tag: scalar.tag.description, kind: kind))
                case .failure(let problem):
                    document.unlocated.append(Unlocated(path: path, keyPath: keyPath, value: scalar.string, line: line, column: mark.column,
                                                        kind: kind, reason: problem.reason))
                }
            case .mapping(let mapping):
                let flow = inFlow || isFlowCollection(at: afterProperties(begin, isEmpty: false))
                for (keyNode, valueNode) in mapping.reversed() {
                    let name = keyNode.string ?? "?"
                    stack.append((valueNode, path.isEmpty ? name : "\(path).\(name)", keyPath.isEmpty ? name : "\(keyPath).\(name)", name, flow))
                }
            case .sequence(let sequence):
                let flow = inFlow || isFlowCollection(at: afterProperties(begin, isEmpty: false))
                for (index, item) in sequence.enumerated().reversed() {
                    stack.append((item, "\(path)[\(index)]", keyPath, key, flow))
                }
            case .alias:
                // Yams composes an alias as the node it names (handled above); should it ever hand one
                // back as such, it is still not a value of its own.
                continue
            }
        }
        document.scalars.sort { $0.span.lowerBound < $1.span.lowerBound }
        return document
    }

    /// Strings are text; YAML's other types (and tags it does not define) are not.
    static func kind(of scalar: Node.Scalar) -> Kind {
        let written = scalar.tag.description
        let resolved: String
        switch written {
        case "":   // plain and untagged: the resolver's YAML 1.1 rules
            resolved = isPlainString(scalar.string) ? Tag.Name.str.rawValue : Node.scalar(scalar).tag.description
        case "!": return .string                                  // `! 2024`: the non-specific tag forces a string
        default: resolved = written
        }
        let yamlPrefix = "tag:yaml.org,2002:"
        guard resolved.hasPrefix(yamlPrefix) else { return .unknownTag(written) }
        let name = String(resolved.dropFirst(yamlPrefix.count))
        return name == "str" ? .string : .data(name)
    }

    // MARK: YAML 1.1 types, quickly

    /// Yams' default resolver (YAML 1.1's bool, int, float, merge, null, timestamp and value rules, in
    /// that order) with one rule in front that gives the same answer for most scalars in one try: text
    /// that starts like none of those types and is none of the bool and null words is a string. The
    /// rules are regular expressions tried in turn, and Yams resolves every mapping key (to find
    /// duplicates) and every plain value: with the default resolver, a page's front matter took seven
    /// tries per title, tag and summary. Should the rule not compile, the default resolver serves
    /// alone: the same types, only slower.
    static let resolver = stringRule.map {
        Resolver.basic.appending($0).appending(.bool).appending(.int).appending(.float)
            .appending(.merge).appending(.null).appending(.timestamp).appending(.value)
    } ?? Resolver.default

    // A line terminator first (ICU's: LF, VT, FF, CR, NEL, LS, PS) is left to the other rules too:
    // `^(?:~|null|Null|NULL|)$` matches a lone line break, as `$` matches before a last one.
    private static let stringRule = try? Resolver.Rule(.str, #"^(?!(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$)[^-+0-9.~<=\n\x{0B}\x{0C}\r\x{85}\x{2028}\x{2029}]"#)

    /// `stringRule` without a regular expression, for the values `kind(of:)` sorts. It answers only
    /// when sure and leaves every other text to the resolver: a first byte that may start a number,
    /// a date, `~`, `<<`, `=` or a line terminator (0xC2 and 0xE2 lead U+0085, U+2028 and U+2029, among
    /// others), a bool or null word, or a line terminator last (where the rules' `$` also matches).
    static func isPlainString(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return false }
        switch first {
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "~"),
             UInt8(ascii: "<"), UInt8(ascii: "="), 0x0A...0x0D, 0xC2, 0xE2:
            return false
        default: break
        }
        switch last {
        case 0x0A...0x0D, 0x85, 0xA8, 0xA9: return false
        default: break
        }
        return bytes.count > 5 || !Self.typeWords.contains(text)
    }

    private static let typeWords: Set<String> = ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                                                 "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL"]

    private static func failure(from error: YamlError, firstLine: Int) -> Failure {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return .syntax(line: mark.line + firstLine - 1, column: mark.column, message: problem)
        case .composer(_, let problem, let mark, _):
            return .syntax(line: mark.line + firstLine - 1, column: mark.column, message: problem)
        default:
            return .syntax(line: firstLine, column: 1, message: "\(error)")
        }
    }

    /// Refuses pathological nesting before libyaml (which recurses) sees it.
    private static func nestingProblem(_ bytes: ArraySlice<UInt8>) -> String? {
        var depth = 0
        var maximum = 0
        var inQuote: UInt8?
        for byte in bytes {
            if let quote = inQuote { if byte == quote { inQuote = nil }; continue }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): inQuote = byte
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1; maximum = max(maximum, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            case 0x0A: inQuote = nil
            default: break
            }
        }
        return maximum > maximumDepth ? "flow collections nested more than \(maximumDepth) deep" : nil
    }

    // MARK: Spans

    private func offset(of mark: Mark) -> Int? {
        guard mark.line >= 1, mark.line <= lineStarts.count else { return nil }
        var index = lineStarts[mark.line - 1]
        let limit = mark.line < lineStarts.count ? lineStarts[mark.line] : end
        var column = 1
        // libyaml counts columns in Unicode scalars.
        while column < mark.column, index < limit, bytes[index] != 0x0A, bytes[index] != 0x0D {
            index += 1
            while index < end, bytes[index] & 0xC0 == 0x80 { index += 1 }
            column += 1
        }
        return index
    }

    /// Where the line holding `index` ends: at its LF, CR LF or lone CR (a NEL, LS or PS line break is not seen).
    private func lineEnd(from index: Int) -> Int {
        var cursor = index
        while cursor < end, bytes[cursor] != 0x0A, bytes[cursor] != 0x0D { cursor += 1 }
        if cursor > index, bytes[cursor - 1] == 0x0D { cursor -= 1 }
        return cursor
    }

    /// Why a scalar's bytes were not found.
    private enum LocateProblem: Error {
        case unterminatedQuote
        case foldedPlainMismatch
        case outsideTheText

        var reason: String {
            switch self {
            case .unterminatedQuote: "tolk could not find where its quoted value ends"
            case .foldedPlainMismatch: "tolk could not match this plain value, folded over several lines, to its bytes"
            case .outsideTheText: "tolk could not find its bytes"
            }
        }
    }

    private func isSpaceOrTab(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    private func isLineBreak(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }

    /// Skips a node's anchor and tag (`&t`, `!!str`, `!<tag:yaml.org,2002:str>`, in either order) and the
    /// space after them; a value on the next line (`title: &t` then `  Text`) is found there, unless the
    /// value is empty (the line break then belongs to the next key).
    private func afterProperties(_ begin: Int, isEmpty: Bool) -> Int {
        var index = begin
        var skipped = false
        while index < end, bytes[index] == UInt8(ascii: "&") || bytes[index] == UInt8(ascii: "!") {
            skipped = true
            if bytes[index] == UInt8(ascii: "!"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "<") {
                while index < end, bytes[index] != UInt8(ascii: ">"), !isLineBreak(bytes[index]) { index += 1 }
                if index < end, bytes[index] == UInt8(ascii: ">") { index += 1 }
            }
            while index < end, !isSpaceOrTab(bytes[index]), !isLineBreak(bytes[index]) { index += 1 }
            while index < end, isSpaceOrTab(bytes[index]) { index += 1 }
        }
        guard skipped, !isEmpty else { return index }
        // Properties alone on their line (perhaps with a comment): the value starts on a following line.
        while index < end {
            if isSpaceOrTab(bytes[index]) || isLineBreak(bytes[index]) {
                index += 1
            } else if bytes[index] == UInt8(ascii: "#") {
                while index < end, !isLineBreak(bytes[index]) { index += 1 }
            } else {
                break
            }
        }
        return index
    }

    /// Whether the collection written at `offset` is a flow one (`[a, b]`, `{title: x}`): Yams does not report a collection's style.
    private func isFlowCollection(at offset: Int) -> Bool {
        offset < end && (bytes[offset] == UInt8(ascii: "[") || bytes[offset] == UInt8(ascii: "{"))
    }

    private func locate(_ scalar: Node.Scalar, at begin: Int, inFlow: Bool) -> Result<(span: Range<Int>, style: YAMLScalarStyle), LocateProblem> {
        guard begin < end else { return scalar.string.isEmpty ? .success((begin..<begin, .plain(inFlow: inFlow))) : .failure(.outsideTheText) }
        switch scalar.style {
        case .doubleQuoted:
            var index = begin + 1
            while index < end {
                if bytes[index] == UInt8(ascii: "\\") { index += 2; continue }
                if bytes[index] == UInt8(ascii: "\"") { return .success((begin..<(index + 1), .doubleQuoted)) }
                index += 1
            }
            return .failure(.unterminatedQuote)
        case .singleQuoted:
            var index = begin + 1
            while index < end {
                if bytes[index] == UInt8(ascii: "'") {
                    if index + 1 < end, bytes[index + 1] == UInt8(ascii: "'") { index += 2; continue }
                    return .success((begin..<(index + 1), .singleQuoted))
                }
                index += 1
            }
            return .failure(.unterminatedQuote)
        case .literal, .folded:
            let headerEnd = lineEnd(from: begin)
            var header = String(decoding: bytes[begin..<headerEnd], as: UTF8.self)
            if let comment = header.firstIndex(of: "#") { header = String(header[..<comment]) }
            header = header.trimmingCharacters(in: .whitespacesAndNewlines)
            let lineIndex = lineStarts.lastIndex { $0 <= begin } ?? 0
            let ownerIndent = indentation(ofLineStartingAt: lineStarts[lineIndex])
            var last = headerEnd
            var contentIndent: Int?
            var next = lineIndex + 1
            while next < lineStarts.count {
                let lineStart = lineStarts[next]
                let lineStop = lineEnd(from: lineStart)
                let isBlank = bytes[lineStart..<lineStop].allSatisfy { $0 == 0x20 }
                let indent = indentation(ofLineStartingAt: lineStart)
                if !isBlank {
                    if indent <= ownerIndent { break }
                    if contentIndent == nil { contentIndent = indent }
                    last = lineStop
                }
                next += 1
            }
            return .success((begin..<last, .block(header: header, indentation: contentIndent ?? ownerIndent + 2)))
        default:
            return locatePlain(scalar.string, at: begin, inFlow: inFlow)
        }
    }

    /// A plain scalar: its first line up to a comment, the line's end or (in a flow collection) a flow
    /// indicator; then, while the lines read so far fold into less than the value, the next line.
    /// Folding as YAML does (lines trimmed, joined by a space, each empty line a line break), the
    /// bytes found must read as exactly `value`.
    private func locatePlain(_ value: String, at start: Int, inFlow: Bool) -> Result<(span: Range<Int>, style: YAMLScalarStyle), LocateProblem> {
        var begin = start
        if inFlow {
            // libyaml may mark a flow collection's first item at the bracket before it.
            while begin < end, [UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), 0x20, 0x09].contains(bytes[begin]) { begin += 1 }
        }
        let expected = Array(value.utf8)
        var folded: [UInt8] = []
        var pendingBreaks = 0
        var cursor = begin
        var isFirstLine = true
        while true {
            // One line's piece of the scalar.
            var stop = lineEnd(from: cursor)
            var endsScalar = false
            var index = cursor
            while index < stop {
                let byte = bytes[index]
                if byte == UInt8(ascii: "#"), index == cursor || isSpaceOrTab(bytes[index - 1]) { stop = index; endsScalar = true; break }
                if inFlow, [UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "{")].contains(byte) {
                    stop = index; endsScalar = true; break
                }
                index += 1
            }
            var pieceEnd = stop
            while pieceEnd > cursor, isSpaceOrTab(bytes[pieceEnd - 1]) { pieceEnd -= 1 }
            if pieceEnd == cursor && !isFirstLine {
                pendingBreaks += 1
            } else {
                if !isFirstLine { folded += pendingBreaks == 0 ? [0x20] : Array(repeating: 0x0A, count: pendingBreaks) }
                pendingBreaks = 0
                folded += bytes[cursor..<pieceEnd]
                if folded == expected { return .success((begin..<pieceEnd, .plain(inFlow: inFlow))) }
                guard folded.count < expected.count, expected.starts(with: folded) else { return .failure(.foldedPlainMismatch) }
            }
            if endsScalar { return .failure(.foldedPlainMismatch) }
            // The next line, past its indentation.
            isFirstLine = false
            var next = stop
            while next < end, !isLineBreak(bytes[next]) { next += 1 }
            if next < end, bytes[next] == 0x0D { next += 1 }
            if next < end, bytes[next] == 0x0A { next += 1 }
            guard next < end, next > stop || next > cursor else { return .failure(.foldedPlainMismatch) }
            while next < end, isSpaceOrTab(bytes[next]) { next += 1 }
            cursor = next
        }
    }

    private func indentation(ofLineStartingAt lineStart: Int) -> Int {
        var index = lineStart
        while index < end, bytes[index] == 0x20 { index += 1 }
        // A sequence item's dash counts as indentation for its mapping's keys.
        if index < end, bytes[index] == UInt8(ascii: "-"), index + 1 < end, bytes[index + 1] == 0x20 {
            index += 1
            while index < end, bytes[index] == 0x20 { index += 1 }
        }
        return index - lineStart
    }
}
