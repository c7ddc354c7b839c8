/// MDX's own syntax as written, read lexically: a JSX tag (`<TabItem value="a" label="A">`,
/// `</TabItem>`, `<Image src={img} alt="A cat" />`, the fragments `<>` and `</>`) and a JavaScript
/// expression in braces (`{props.name}`, `{/* a comment */}`). Only the shape is read, enough to know
/// where each ends: strings, template literals and comments inside an expression or an attribute may
/// hold `>`, `}` or `{` without ending it. Every reading is a loop over bytes with explicit stacks, so
/// hostile nesting costs memory in proportion to the input, never the call stack.
///
/// ```swift
/// let tag = JSXSyntax.tag(in: Array(#"<Card title="Hi" icon={x > 1 ? "a" : "b"}>"#.utf8), at: 0)
/// // .complete(JSXTag(name: "Card", attributes: [title = "Hi", icon = {…}], …))
/// JSXSyntax.expressionEnd(in: Array("{`a ${b} }`} rest".utf8), at: 0)   // .complete(12)
/// ```
public enum JSXSyntax {
    /// How far a tag or an expression is looked for: a real one is far shorter. The bound keeps
    /// scanning linear on a page of unclosed `<Tag` or `{`.
    static let lookahead = 4096
    /// How deep template literals may nest inside an expression (`` `${`${…}`}` ``) before it is
    /// treated as unclosed.
    static let maximumTemplateDepth = 64

    /// What was found at a position.
    public enum Reading<Value: Sendable & Equatable>: Sendable, Equatable {
        case complete(Value)
        /// It starts here but nothing ends it (before the end of the text or the lookahead).
        case unclosed
    }

    /// The end of the braced expression whose `{` is at `start`: just after its matching `}`.
    public static func expressionEnd(in bytes: [UInt8], at start: Int, limit: Int? = nil) -> Reading<Int> {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { return .unclosed }
        let limit = min(limit ?? bytes.count, start + lookahead)
        // Each entry: a `{` of code, or a template literal. A `}` closes the innermost `{`; inside a
        // template literal `${` opens code again.
        enum Frame { case braces, template }
        var stack: [Frame] = [.braces]
        var index = start + 1
        while index < limit {
            let byte = bytes[index]
            guard let frame = stack.last else { return .complete(index) }
            if frame == .template {
                switch byte {
                case UInt8(ascii: "\\"): index += 2; continue
                case UInt8(ascii: "`"): stack.removeLast(); index += 1; continue
                case UInt8(ascii: "$") where index + 1 < limit && bytes[index + 1] == UInt8(ascii: "{"):
                    stack.append(.braces); index += 2; continue
                default: index += 1; continue
                }
            }
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(.braces)
                index += 1
            case UInt8(ascii: "}"):
                stack.removeLast()
                index += 1
                if stack.isEmpty { return .complete(index) }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                guard let end = stringEnd(in: bytes, at: index, limit: limit, escapes: true) else { return .unclosed }
                index = end
            case UInt8(ascii: "`"):
                guard stack.count < maximumTemplateDepth else { return .unclosed }
                stack.append(.template)
                index += 1
            case UInt8(ascii: "/") where index + 1 < limit && bytes[index + 1] == UInt8(ascii: "*"):
                guard let close = find([UInt8(ascii: "*"), UInt8(ascii: "/")], in: bytes, from: index + 2, limit: limit) else { return .unclosed }
                index = close + 2
            case UInt8(ascii: "/") where index + 1 < limit && bytes[index + 1] == UInt8(ascii: "/"):
                while index < limit, bytes[index] != 0x0A { index += 1 }
            default:
                index += 1
            }
        }
        return .unclosed
    }

    /// The JSX tag whose `<` is at `start`; nil when what follows the `<` cannot be a tag (`a < b`,
    /// `<https://…>`, `<!-- -->`), so that it is read as CommonMark reads it.
    public static func tag(in bytes: [UInt8], at start: Int, limit: Int? = nil) -> Reading<JSXTag>? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "<") else { return nil }
        let limit = min(limit ?? bytes.count, start + lookahead)
        var index = start + 1
        guard index < limit else { return nil }
        var isClosing = false
        if bytes[index] == UInt8(ascii: "/") { isClosing = true; index += 1 }
        // A fragment: `<>` or `</>`.
        if index < limit, bytes[index] == UInt8(ascii: ">") {
            return .complete(JSXTag(range: start..<index + 1, name: "", kind: isClosing ? .closing : .opening, attributes: []))
        }
        guard index < limit, isNameStart(bytes[index]) else { return nil }
        let nameStart = index
        while index < limit, isNameByte(bytes[index]) || bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ":") { index += 1 }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        // A name must be followed by what a tag may hold: `<https://x>` is no tag.
        if let last = bytes[nameStart..<index].last, last == UInt8(ascii: ".") || last == UInt8(ascii: ":") { return nil }
        var attributes: [JSXAttribute] = []
        while true {
            let beforeSpace = index
            while index < limit, isSpace(bytes[index]) { index += 1 }
            guard index < limit else { return .unclosed }
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") {
                return .complete(JSXTag(range: start..<index + 1, name: name, kind: isClosing ? .closing : .opening, attributes: attributes))
            }
            if byte == UInt8(ascii: "/"), !isClosing {
                guard index + 1 < limit else { return .unclosed }
                guard bytes[index + 1] == UInt8(ascii: ">") else { return nil }
                return .complete(JSXTag(range: start..<index + 2, name: name, kind: .selfClosing, attributes: attributes))
            }
            guard !isClosing else { return nil }
            if byte == UInt8(ascii: "{") {
                // A spread (`{...props}`) or, in MDX, any expression among the attributes.
                guard case .complete(let end) = expressionEnd(in: bytes, at: index, limit: limit) else { return .unclosed }
                attributes.append(JSXAttribute(name: "", nameRange: index..<index, value: .expression(index..<end)))
                index = end
                continue
            }
            // An attribute needs a space before it (`<a b>`, not `<ab"c">`).
            guard isNameStart(byte), index > beforeSpace else { return nil }
            let attributeStart = index
            while index < limit, isNameByte(bytes[index]) || bytes[index] == UInt8(ascii: ":") { index += 1 }
            let nameRange = attributeStart..<index
            let attributeName = String(decoding: bytes[nameRange], as: UTF8.self)
            var probe = index
            while probe < limit, isSpace(bytes[probe]) { probe += 1 }
            guard probe < limit else { return .unclosed }
            guard bytes[probe] == UInt8(ascii: "=") else {
                attributes.append(JSXAttribute(name: attributeName, nameRange: nameRange, value: .none))
                continue
            }
            probe += 1
            while probe < limit, isSpace(bytes[probe]) { probe += 1 }
            guard probe < limit else { return .unclosed }
            switch bytes[probe] {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                // JSX strings have no backslash escapes: the next quote of the same kind ends one.
                guard let end = stringEnd(in: bytes, at: probe, limit: limit, escapes: false) else { return .unclosed }
                attributes.append(JSXAttribute(name: attributeName, nameRange: nameRange, value: .string(probe..<end, quote: bytes[probe])))
                index = end
            case UInt8(ascii: "{"):
                guard case .complete(let end) = expressionEnd(in: bytes, at: probe, limit: limit) else { return .unclosed }
                attributes.append(JSXAttribute(name: attributeName, nameRange: nameRange, value: .expression(probe..<end)))
                index = end
            case UInt8(ascii: "<"):
                // An element as a value (`icon=<Icon />`): read as far as its own tag.
                guard let inner = tag(in: bytes, at: probe, limit: limit) else { return nil }
                guard case .complete(let element) = inner else { return .unclosed }
                attributes.append(JSXAttribute(name: attributeName, nameRange: nameRange, value: .expression(element.range)))
                index = element.range.upperBound
            default:
                return nil
            }
        }
    }

    // MARK: Bytes

    /// Just after the string whose quote is at `start`, or nil when it does not end.
    private static func stringEnd(in bytes: [UInt8], at start: Int, limit: Int, escapes: Bool) -> Int? {
        let quote = bytes[start]
        var index = start + 1
        while index < limit {
            let byte = bytes[index]
            if escapes, byte == UInt8(ascii: "\\") { index += 2; continue }
            if byte == quote { return index + 1 }
            // A JavaScript string ends at a line break; a JSX attribute string may span lines.
            if escapes, byte == 0x0A { return nil }
            index += 1
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int, limit: Int) -> Int? {
        guard needle.count <= limit - start else { return nil }
        var index = start
        while index + needle.count <= limit {
            if bytes[index] == needle[0], bytes[index + 1] == needle[1] { return index }
            index += 1
        }
        return nil
    }

    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}

/// One JSX tag as written (see `JSXSyntax.tag`).
public struct JSXTag: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case opening, closing, selfClosing }

    public var range: Range<Int>
    /// `TabItem`, `Foo.Bar`; empty for a fragment.
    public var name: String
    public var kind: Kind
    public var attributes: [JSXAttribute]
}

/// One attribute of a JSX tag: `label="Apple"`, `value={x}`, `default`, or a spread `{...props}`
/// (whose name is empty).
public struct JSXAttribute: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        /// `"…"` or `'…'`: the range includes the quotes.
        case string(Range<Int>, quote: UInt8)
        /// `{…}` (or an element): the range includes the braces.
        case expression(Range<Int>)
        /// A bare name, which means `true`.
        case none
    }

    public var name: String
    public var nameRange: Range<Int>
    public var value: Value
}
