import Foundation

/// Hugo's Markdown: CommonMark plus shortcodes. A call in prose is a protected piece of its message;
/// a paragraph line made only of calls is no part of a message (`{{< youtube w7Ft2ymGmfc >}}`, the
/// open and close lines of a paired call); the inner content of a paired call is translated when
/// `shortcodes` says it is prose; named string parameters it lists are messages of their own.
///
/// ```swift
/// let hugo = HugoDialect(shortcodes: HugoDialect.defaultShortcodes)
/// hugo.protectedConstruct(in: Array("{{< ref \"a.md\" >}}".utf8), at: 0)   // 18
/// ```
public struct HugoDialect: MarkdownDialect {
    /// What of one shortcode is prose: its inner content, named parameters, both or neither.
    public struct Translatable: Sendable, Equatable {
        public var inner: Bool
        public var parameters: [String]
        public init(inner: Bool, parameters: [String] = []) {
            self.inner = inner
            self.parameters = parameters
        }
    }

    /// Hugo's built-in shortcodes and the ones popular themes share (Docsy, Relearn, Hextra, Book,
    /// Blowfish…): the inner content of these is prose, and these named parameters are text. A
    /// `{{< >}}` shortcode not listed keeps its inner content untranslated (it may be code, as in
    /// `highlight`); a `{{% %}}` one has Markdown inside and is translated unless listed without `inner`.
    public static let defaultShortcodes: [String: Translatable] = {
        var table: [String: Translatable] = [:]
        for name in ["notice", "hint", "tab", "alert", "callout", "note", "tip", "info", "warning", "caution", "important",
                     "admonition", "expand", "collapse", "aside", "blockquote", "card", "step", "badge"] {
            table[name] = Translatable(inner: true, parameters: ["title"])
        }
        table["details"] = Translatable(inner: true, parameters: ["summary", "title"])
        table["figure"] = Translatable(inner: false, parameters: ["caption", "alt", "title", "attr"])
        table["img"] = Translatable(inner: false, parameters: ["alt", "title", "caption"])
        table["image"] = Translatable(inner: false, parameters: ["alt", "title", "caption"])
        return table
    }()

    public let name = "Hugo"
    public let openingBytes = [UInt8(ascii: "{")]
    /// Goldmark's definition-list extension is on in Hugo unless a site turns it off.
    public let hasDefinitionLists = true
    /// A heading's `{#id}` must stay last for Goldmark to read it.
    public let bindsTrailingSyntaxToBlock = true
    public var shortcodes: [String: Translatable]

    public init(shortcodes: [String: Translatable] = HugoDialect.defaultShortcodes) {
        self.shortcodes = shortcodes
    }

    /// The name and each shortcode's translatable parts, sorted by shortcode.
    public var checkingIdentity: String {
        name + shortcodes.sorted { $0.key < $1.key }.map { name, parts in
            " \(name)(\(parts.inner ? "inner" : "")|\(parts.parameters.joined(separator: ",")))"
        }.joined()
    }

    public func protectedConstruct(in bytes: [UInt8], at index: Int) -> Int? {
        switch ShortcodeCall.read(bytes, at: index) {
        case .call(let call): call.range.upperBound
        case .unclosed: bytes.count
        case nil: trailingAttributesEnd(in: bytes, at: index)
        }
    }

    public func pieceName(_ construct: String) -> String {
        (construct.hasPrefix("{{") ? "shortcode " : "attribute list ") + construct
    }

    public let keepPiecesHint = "keep every shortcode call and attribute list byte for byte: Hugo runs a shortcode by its name and parameters, and an attribute list gives the anchor or class"

    /// The end of a Goldmark attribute list that ends the message (a heading's `{#id}`), or nil: braces
    /// in the middle of a sentence are prose.
    private func trailingAttributesEnd(in bytes: [UInt8], at index: Int) -> Int? {
        guard let end = GoldmarkAttributes.end(in: bytes, at: index),
              bytes[end...].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return nil }
        return end
    }

    /// Whether the inner content of a paired call of `name` is prose.
    func innerIsProse(_ name: String, delimiter: ShortcodeCall.Delimiter) -> Bool {
        if let listed = shortcodes[name] { return listed.inner }
        return delimiter == .percent
    }

    public func survey(bytes: [UInt8], body: Range<Int>, codeRanges: [Range<Int>], lineStarts: [Int]) -> MarkdownDialectSurvey {
        var survey = MarkdownDialectSurvey()
        var calls: [ShortcodeCall] = []
        var open: [ShortcodeCall] = []
        var code = CodeRangeCursor(codeRanges)
        var position = body.lowerBound
        while position < body.upperBound {
            if let block = code.range(containing: position) { position = block.upperBound; continue }
            let byte = bytes[position]
            if byte == UInt8(ascii: "`") {
                position = LineIndex.codeSpanEnd(in: bytes, from: position, limit: body.upperBound, lookahead: ShortcodeCall.lookahead)
                continue
            }
            guard byte == UInt8(ascii: "{") else { position += 1; continue }
            guard let reading = ShortcodeCall.read(bytes, at: position) else {
                // A Goldmark attribute list on a line of its own belongs to the block above it, not to its text.
                if let end = GoldmarkAttributes.end(in: bytes, at: position), Self.standsAlone(position..<end, in: bytes, limit: body.upperBound) {
                    survey.syntaxRanges.append(position..<end)
                    position = end
                } else {
                    position += 1
                }
                continue
            }
            switch reading {
            case .unclosed(let name):
                survey.problems.append((position, "the shortcode call {{\(Character(Unicode.Scalar(bytes[position + 2]))) \(name) is not closed",
                                        "end it with >}} (or %}}); until then Hugo stops at it and tolk leaves the rest of its paragraph untranslated"))
                position += 3
            case .call(let call):
                calls.append(call)
                survey.syntaxRanges.append(call.range)
                position = call.range.upperBound
                guard !call.isEscaped, !call.isSelfClosing else { continue }
                if call.isClosing {
                    guard let match = open.lastIndex(where: { $0.name == call.name && $0.delimiter == call.delimiter }) else {
                        survey.problems.append((call.range.lowerBound, "the closing shortcode {{\(call.delimiter == .angle ? "<" : "%") /\(call.name) }} has no opening call",
                                                "remove it, or add the opening call above it"))
                        continue
                    }
                    let opening = open[match]
                    open.removeSubrange(match...)
                    survey.regions.append((opening.range.upperBound..<call.range.lowerBound, innerIsProse(opening.name, delimiter: opening.delimiter)))
                } else {
                    open.append(call)
                }
            }
        }
        for call in calls where !call.isClosing && !call.isEscaped {
            guard let listed = shortcodes[call.name], survey.isProse(at: call.range.lowerBound) else { continue }
            for parameter in call.parameters where parameter.quoting != .bare {
                guard let parameterName = parameter.name, listed.parameters.contains(parameterName) else { continue }
                let text = ShortcodeCall.text(of: parameter, in: bytes)
                guard MarkdownExtractor.hasTranslatableText(Array(text.utf8)) else { continue }
                let label = "\(call.name) \(parameterName)"
                survey.units.append(TranslationUnit(role: .body(label), text: text, context: label,
                                                    line: LineIndex.line(containing: parameter.value.lowerBound, in: lineStarts),
                                                    span: parameter.value, rendering: .shortcodeParameter(raw: parameter.quoting == .raw)))
            }
        }
        return survey
    }

    /// Whether only spaces and tabs stand between `range` and the ends of its line.
    private static func standsAlone(_ range: Range<Int>, in bytes: [UInt8], limit: Int) -> Bool {
        var before = range.lowerBound
        while before > 0, bytes[before - 1] == 0x20 || bytes[before - 1] == 0x09 { before -= 1 }
        guard before == 0 || bytes[before - 1] == 0x0A else { return false }
        var after = range.upperBound
        while after < limit, bytes[after] == 0x20 || bytes[after] == 0x09 || bytes[after] == 0x0D { after += 1 }
        return after == limit || bytes[after] == 0x0A
    }
}
