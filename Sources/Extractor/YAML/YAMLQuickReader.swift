import Catalog

/// The values of YAML front matter in the shape nearly every page has, read without libyaml: top-level
/// `key: value` lines whose values are one-line scalars (plain, `"double"` or `'single'` quoted), flow
/// lists and maps of such scalars (`tags: [a, b]`, `alternates: {en: "/en/"}`), or a block list or
/// map of one-line scalars under a key (`tags:` then `  - a`). Anything else (a multi-line or empty
/// value, anchors, tags, block scalars, deeper nesting, a duplicate key, an escape other than the
/// common ones, tabs, any syntax error) gives nil, and the caller reads the text with
/// `YAMLScalarLocator` as before, so every answer it gives is libyaml's.
///
/// The HTML preview reads the front matter of every page `tolk build` wrote; composing each with
/// libyaml (its nodes, duplicate-key checks and type rules) was a third of the preview's time.
/// `YAMLQuickReaderTests` compares the two readers on the fixtures' front matter and thousands of
/// variants of it.
enum YAMLQuickReader {
    /// Every scalar as `(path, value)` in document order, paths as `YAMLScalarLocator` names them
    /// (`title`, `tags[1]`, `alternates.ru`); nil when `bytes[start..<end]` is not in the shape.
    static func values(_ bytes: [UInt8], start: Int, end: Int) -> [(path: String, value: String)]? {
        guard UTF8Validation.firstInvalidOffset(in: bytes, range: start..<end) == nil else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer, end: end)
            return reader.read(from: start) ? reader.values : nil
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let end: Int
        var values: [(path: String, value: String)] = []
        private var topKeys = Set<String>()
        /// The key whose value is a block list or map on the lines below it, while they are read.
        private var block: Block?

        init(bytes: UnsafeBufferPointer<UInt8>, end: Int) {
            self.bytes = bytes
            self.end = end
        }

        private struct Block {
            let key: String
            enum Kind { case undecided, sequence(indent: Int, count: Int), mapping(indent: Int, keys: Set<String>) }
            var kind: Kind = .undecided
        }

        mutating func read(from start: Int) -> Bool {
            var lineStart = start
            while lineStart < end {
                var lineEnd = lineStart
                while lineEnd < end, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var contentEnd = lineEnd
                if contentEnd > lineStart, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                guard readLine(lineStart, contentEnd) else { return false }
                lineStart = lineEnd + 1
            }
            return finishBlock()
        }

        /// One line, `from..<to` without its line break.
        private mutating func readLine(_ from: Int, _ to: Int) -> Bool {
            // Only printable ASCII, spaces and UTF-8 outside the C1 controls and the YAML line breaks.
            var index = from
            while index < to {
                let byte = bytes[index]
                if byte < 0x20 || byte == 0x7F { return false }
                if byte == 0xC2, index + 1 < to, bytes[index + 1] < 0xA0 { return false }                    // C1, NEL
                if byte == 0xE2, index + 2 < to, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return false }  // LS, PS
                if byte == 0xEF, index + 2 < to, bytes[index + 1] == 0xBB || bytes[index + 1] == 0xBF,
                   bytes[index + 2] == 0xBF || bytes[index + 2] == 0xBE { return false }                      // BOM, U+FFFE, U+FFFF
                index += 1
            }
            var first = from
            while first < to, bytes[first] == 0x20 { first += 1 }
            if first == to || bytes[first] == UInt8(ascii: "#") { return true }   // blank or comment
            let indent = first - from
            let isItem = bytes[first] == UInt8(ascii: "-") && first + 1 < to && bytes[first + 1] == 0x20
            if indent == 0 && !isItem {
                guard finishBlock() else { return false }
                return readTopLevelPair(first, to)
            }
            guard var current = block else { return false }
            defer { block = current }
            if isItem {
                switch current.kind {
                case .undecided:
                    current.kind = .sequence(indent: indent, count: 0)
                case .sequence(let itemIndent, _) where itemIndent == indent: break
                default: return false
                }
                var valueStart = first + 2
                while valueStart < to, bytes[valueStart] == 0x20 { valueStart += 1 }
                guard case .sequence(let itemIndent, let count) = current.kind,
                      let (value, after) = scalar(from: valueStart, to: to, inFlow: false), isEndOfLine(after, to) else { return false }
                values.append(("\(current.key)[\(count)]", value))
                current.kind = .sequence(indent: itemIndent, count: count + 1)
                return true
            }
            var keys: Set<String>
            switch current.kind {
            case .undecided where indent > 0: keys = []
            case .mapping(let keyIndent, let known) where keyIndent == indent: keys = known
            default: return false
            }
            guard let (key, afterKey) = key(from: first, to: to), keys.insert(key).inserted,
                  let (value, after) = scalar(from: afterKey, to: to, inFlow: false), isEndOfLine(after, to) else { return false }
            values.append(("\(current.key).\(key)", value))
            current.kind = .mapping(indent: indent, keys: keys)
            return true
        }

        /// `key: value` or `key:` (a block below) at the start of a line.
        private mutating func readTopLevelPair(_ from: Int, _ to: Int) -> Bool {
            guard let (key, afterKey) = key(from: from, to: to), topKeys.insert(key).inserted else { return false }
            if isEndOfLine(afterKey, to) {
                block = Block(key: key)
                return true
            }
            switch bytes[afterKey] {
            case UInt8(ascii: "["):
                guard let after = flowSequence(from: afterKey, to: to, key: key) else { return false }
                return isEndOfLine(after, to)
            case UInt8(ascii: "{"):
                guard let after = flowMapping(from: afterKey, to: to, key: key) else { return false }
                return isEndOfLine(after, to)
            default:
                guard let (value, after) = scalar(from: afterKey, to: to, inFlow: false), isEndOfLine(after, to) else { return false }
                values.append((key, value))
                return true
            }
        }

        /// A key left without a value on its line must have had a list or map below it (an empty value is libyaml's to read).
        private mutating func finishBlock() -> Bool {
            defer { block = nil }
            if let block, case .undecided = block.kind { return false }
            return true
        }

        /// A plain key (letters, digits, `_`, `-`; not starting with `-`), `:` and the spaces after it:
        /// the key and where its value starts.
        private func key(from: Int, to: Int) -> (String, Int)? {
            var index = from
            while index < to, isKeyByte(bytes[index]) { index += 1 }
            guard index > from, bytes[from] != UInt8(ascii: "-"), index < to, bytes[index] == UInt8(ascii: ":") else { return nil }
            let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<index]), as: UTF8.self)
            index += 1
            guard index == to || bytes[index] == 0x20 else { return nil }
            while index < to, bytes[index] == 0x20 { index += 1 }
            return (key, index)
        }

        private func isKeyByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }

        /// Only spaces, perhaps then a comment, from `index` to the end of the line.
        private func isEndOfLine(_ index: Int, _ to: Int) -> Bool {
            var index = index
            while index < to, bytes[index] == 0x20 { index += 1 }
            return index == to || (bytes[index] == UInt8(ascii: "#") && (index == 0 || bytes[index - 1] == 0x20))
        }

        /// `[a, "b"]`: each item a scalar; returns where the list ends.
        private mutating func flowSequence(from: Int, to: Int, key: String) -> Int? {
            var index = from + 1
            var count = 0
            while index < to, bytes[index] == 0x20 { index += 1 }
            if index < to, bytes[index] == UInt8(ascii: "]") { return index + 1 }
            while true {
                guard let (value, after) = scalar(from: index, to: to, inFlow: true) else { return nil }
                values.append(("\(key)[\(count)]", value))
                count += 1
                guard let next = afterFlowItem(after, to: to, closing: UInt8(ascii: "]")) else { return nil }
                if next.closed { return next.index }
                index = next.index
            }
        }

        /// `{en: "/en/", ru: "/ru/"}`: plain keys, scalar values; returns where the map ends.
        private mutating func flowMapping(from: Int, to: Int, key: String) -> Int? {
            var index = from + 1
            var keys = Set<String>()
            while index < to, bytes[index] == 0x20 { index += 1 }
            if index < to, bytes[index] == UInt8(ascii: "}") { return index + 1 }
            while true {
                guard let (name, afterKey) = self.key(from: index, to: to), afterKey > index, keys.insert(name).inserted,
                      bytes[afterKey - 1] == 0x20,   // `key: value`, never `key:value`
                      let (value, after) = scalar(from: afterKey, to: to, inFlow: true) else { return nil }
                values.append(("\(key).\(name)", value))
                guard let next = afterFlowItem(after, to: to, closing: UInt8(ascii: "}")) else { return nil }
                if next.closed { return next.index }
                index = next.index
            }
        }

        /// After an item of a flow collection: `, ` and the next item, or the closing bracket.
        private func afterFlowItem(_ index: Int, to: Int, closing: UInt8) -> (index: Int, closed: Bool)? {
            var index = index
            while index < to, bytes[index] == 0x20 { index += 1 }
            guard index < to else { return nil }
            if bytes[index] == closing { return (index + 1, true) }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
            while index < to, bytes[index] == 0x20 { index += 1 }
            // `[a, ]` (an empty last item) and `[a,, b]` are left to libyaml.
            guard index < to, bytes[index] != closing, bytes[index] != UInt8(ascii: ",") else { return nil }
            return (index, false)
        }

        /// A one-line scalar starting at `from`: its value and where it ends.
        private func scalar(from: Int, to: Int, inFlow: Bool) -> (String, Int)? {
            guard from < to, bytes[from] != 0x20 else { return nil }
            switch bytes[from] {
            case UInt8(ascii: "\""): return doubleQuoted(from: from, to: to)
            case UInt8(ascii: "'"): return singleQuoted(from: from, to: to)
            default: return plain(from: from, to: to, inFlow: inFlow)
            }
        }

        private func plain(from: Int, to: Int, inFlow: Bool) -> (String, Int)? {
            switch bytes[from] {
            case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
                 UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
                return nil
            default: break
            }
            var index = from
            var valueEnd = from
            while index < to {
                let byte = bytes[index]
                if byte == UInt8(ascii: "#"), bytes[index - 1] == 0x20 { break }        // a comment
                if byte == UInt8(ascii: ":") { return nil }                              // `a: b` in a value, `a:`, `http://` in a flow: libyaml's
                if inFlow, byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
                    || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") { break }
                index += 1
                if byte != 0x20 { valueEnd = index }
            }
            guard valueEnd > from else { return nil }
            return (String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<valueEnd]), as: UTF8.self), valueEnd)
        }

        /// `"…"` on one line, with the escapes front matter uses (`\"`, `\\`, `\/`, `\n`, `\t`, `\r`).
        private func doubleQuoted(from: Int, to: Int) -> (String, Int)? {
            var value: [UInt8] = []
            var index = from + 1
            while index < to {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    return (String(decoding: value, as: UTF8.self), index + 1)
                }
                if byte == UInt8(ascii: "\\") {
                    guard index + 1 < to else { return nil }
                    switch bytes[index + 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): value.append(bytes[index + 1])
                    case UInt8(ascii: "n"): value.append(0x0A)
                    case UInt8(ascii: "t"): value.append(0x09)
                    case UInt8(ascii: "r"): value.append(0x0D)
                    default: return nil
                    }
                    index += 2
                    continue
                }
                value.append(byte)
                index += 1
            }
            return nil
        }

        /// `'…'` on one line, `''` for a quote.
        private func singleQuoted(from: Int, to: Int) -> (String, Int)? {
            var value: [UInt8] = []
            var index = from + 1
            while index < to {
                if bytes[index] == UInt8(ascii: "'") {
                    if index + 1 < to, bytes[index + 1] == UInt8(ascii: "'") {
                        value.append(UInt8(ascii: "'"))
                        index += 2
                        continue
                    }
                    return (String(decoding: value, as: UTF8.self), index + 1)
                }
                value.append(bytes[index])
                index += 1
            }
            return nil
        }
    }
}
