import Catalog
import Foundation
import Yams

/// Finds every scalar of a YAML document with its key path, value, style and exact byte span, so a
/// translation can replace the value and nothing else (comments, key order and quoting stay).
///
/// Yams (libyaml) gives each node's start mark; the end is found by scanning from there according
/// to the scalar's style. Aliases, documents nested deeper than `maximumDepth` and more than
/// `maximumNodes` nodes are refused: YAML from outside is treated as hostile.
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
        var span: Range<Int>
        var line: Int
        var tag: String
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

    func scalars() throws(Failure) -> [Scalar] {
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
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.failure(from: error, firstLine: firstLine)
        } catch {
            throw .syntax(line: firstLine, column: 1, message: "\(error)")
        }
        guard let root else { return [] }
        var result: [Scalar] = []
        var visited = 0
        // An explicit stack instead of recursion: (node, path, keyPath, key, inFlow)
        var stack: [(Node, String, String, String?, Bool)] = [(root, "", "", nil, false)]
        while let (node, path, keyPath, key, inFlow) = stack.popLast() {
            visited += 1
            if visited > Self.maximumNodes { throw .tooComplex("more than \(Self.maximumNodes) YAML nodes (aliases expanding?)") }
            switch node {
            case .scalar(let scalar):
                guard let mark = scalar.mark, let located = locate(scalar, mark: mark, inFlow: inFlow) else { continue }
                result.append(Scalar(path: path, key: key, keyPath: keyPath, value: scalar.string, style: located.style,
                                     span: located.span, line: mark.line + firstLine - 1, tag: scalar.tag.description))
            case .mapping(let mapping):
                let flow = inFlow || mapping.style == .flow
                for (keyNode, valueNode) in mapping.reversed() {
                    let name = keyNode.string ?? "?"
                    stack.append((valueNode, path.isEmpty ? name : "\(path).\(name)", keyPath.isEmpty ? name : "\(keyPath).\(name)", name, flow))
                }
            case .sequence(let sequence):
                let flow = inFlow || sequence.style == .flow
                for (index, item) in sequence.enumerated().reversed() {
                    stack.append((item, "\(path)[\(index)]", keyPath, key, flow))
                }
            case .alias:
                throw .tooComplex("YAML aliases are not supported in content files")
            }
        }
        return result.sorted { $0.span.lowerBound < $1.span.lowerBound }
    }

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

    private func lineEnd(from index: Int) -> Int {
        var cursor = index
        while cursor < end, bytes[cursor] != 0x0A { cursor += 1 }
        if cursor > index, bytes[cursor - 1] == 0x0D { cursor -= 1 }
        return cursor
    }

    private func locate(_ scalar: Node.Scalar, mark: Mark, inFlow: Bool) -> (span: Range<Int>, style: YAMLScalarStyle)? {
        guard let begin = offset(of: mark), begin < end else { return nil }
        switch scalar.style {
        case .doubleQuoted:
            var index = begin + 1
            while index < end {
                if bytes[index] == UInt8(ascii: "\\") { index += 2; continue }
                if bytes[index] == UInt8(ascii: "\"") { return (begin..<(index + 1), .doubleQuoted) }
                index += 1
            }
            return nil
        case .singleQuoted:
            var index = begin + 1
            while index < end {
                if bytes[index] == UInt8(ascii: "'") {
                    if index + 1 < end, bytes[index + 1] == UInt8(ascii: "'") { index += 2; continue }
                    return (begin..<(index + 1), .singleQuoted)
                }
                index += 1
            }
            return nil
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
            return (begin..<last, .block(header: header, indentation: contentIndent ?? ownerIndent + 2))
        default:
            // Plain: up to a comment, the line's end, or (in flow context) a flow indicator.
            var begin = begin
            // Yams does not always report a collection's flow style: the bytes around the scalar tell.
            var before = begin - 1
            while before >= start, bytes[before] == 0x20 || bytes[before] == 0x09 { before -= 1 }
            let inFlow = inFlow || bytes[begin] == UInt8(ascii: "[") || bytes[begin] == UInt8(ascii: "{")
                || (before >= start && [UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ",")].contains(bytes[before]))
            if inFlow {
                // libyaml may mark a flow collection's first item at the bracket before it.
                while begin < end, [UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), 0x20, 0x09].contains(bytes[begin]) { begin += 1 }
            }
            var stop = lineEnd(from: begin)
            var index = begin
            while index < stop {
                let byte = bytes[index]
                if byte == UInt8(ascii: "#"), index > begin, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 { stop = index; break }
                if inFlow, byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") { stop = index; break }
                if !inFlow, byte == UInt8(ascii: ":"), index + 1 < stop, bytes[index + 1] == 0x20, index > begin {
                    // "key: value" on the same line belongs to a mapping, not this scalar
                    break
                }
                index += 1
            }
            while stop > begin, bytes[stop - 1] == 0x20 || bytes[stop - 1] == 0x09 { stop -= 1 }
            let firstLineText = String(decoding: bytes[begin..<stop], as: UTF8.self)
            guard firstLineText == scalar.string else {
                // A plain scalar folded over several lines: not located (the unit is skipped with a warning upstream).
                return nil
            }
            return (begin..<stop, .plain(inFlow: inFlow))
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
