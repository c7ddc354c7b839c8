import Core
import Extractor

/// Writes translations into a source file by replacing exactly the bytes of each unit's span.
/// Everything outside the spans — front matter keys, code, link definitions, whitespace, line
/// endings, a BOM — is copied as it is; a unit without a replacement keeps its source bytes, and so
/// does a unit written in the file exactly as its message when the replacement is that message (a
/// lazy continuation line is not given its container's indentation).
public enum SpanMerger {
    /// - Parameter replacements: one entry per unit of `document`, nil to keep the source text (extra entries are ignored).
    public static func merge(_ document: ExtractedDocument, replacements: [String?], extraEdits: [ByteEdit] = []) -> [UInt8] {
        assert(replacements.count == document.units.count, "one replacement (or nil) per unit")
        var edits = extraEdits
        for (unit, replacement) in zip(document.units, replacements) {
            guard let replacement else { continue }
            if replacement.hasSameUTF8Bytes(as: unit.text), spanHoldsItsText(unit, in: document.bytes) { continue }
            edits.append(ByteEdit(range: unit.span, bytes: render(replacement, as: unit.rendering, lineEnding: document.frontMatter?.lineEnding ?? [0x0A])))
        }
        return apply(edits, to: document.bytes)
    }

    /// Whether the unit's span in the file is its text, byte for byte.
    private static func spanHoldsItsText(_ unit: TranslationUnit, in bytes: [UInt8]) -> Bool {
        var text = unit.text
        return bytes.withUnsafeBufferPointer { file in
            text.withUTF8 { UnsafeBufferPointer(rebasing: file[unit.span]).elementsHaveSameBytes(as: $0) }
        }
    }

    /// Applies non-overlapping edits; an edit overlapping an earlier one is ignored (the source wins).
    public static func apply(_ edits: [ByteEdit], to bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 4)
        var cursor = 0
        for edit in edits.sorted(by: { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }) {
            guard edit.range.lowerBound >= cursor, edit.range.upperBound <= bytes.count else { continue }
            output += bytes[cursor..<edit.range.lowerBound]
            output += edit.bytes
            cursor = edit.range.upperBound
        }
        output += bytes[cursor...]
        return output
    }

    /// - Parameter lineEnding: the front matter's, for the line breaks of a multi-line TOML string.
    static func render(_ text: String, as rendering: TranslationUnit.Rendering, lineEnding frontMatterLineEnding: [UInt8] = [0x0A]) -> [UInt8] {
        switch rendering {
        case .markdown(let prefix, let lineEnding, let block):
            var output: [UInt8] = []
            for (index, line) in MarkdownLineSafety.lines(of: text, in: block).enumerated() {
                if index > 0 { output += lineEnding + prefix }
                output += line.utf8
            }
            return output
        case .yaml(let style):
            return Array(YAMLScalarRenderer.render(text, preferring: style, lineEnding: String(decoding: frontMatterLineEnding, as: UTF8.self)).utf8)
        case .toml(let style):
            return Array(TOMLStringRenderer.render(text, preferring: style, lineEnding: String(decoding: frontMatterLineEnding, as: UTF8.self)).utf8)
        case .shortcodeParameter(let raw):
            return Array(ShortcodeCall.render(text, raw: raw).utf8)
        case .json:
            return Array(JSONStringRenderer.render(text).utf8)
        case .liquidString(let singleQuoted):
            return Array(LiquidIncludeParameter.render(text, singleQuoted: singleQuoted).utf8)
        case .jsxAttribute(let quote):
            let entity = Array((quote == UInt8(ascii: "'") ? "&#39;" : "&quot;").utf8)
            return [quote] + text.utf8.flatMap { $0 == quote ? entity : [$0] } + [quote]
        }
    }
}

/// Replace `range` of a file's bytes with `bytes`.
public struct ByteEdit: Sendable {
    public var range: Range<Int>
    public var bytes: [UInt8]
    public init(range: Range<Int>, bytes: [UInt8]) {
        self.range = range
        self.bytes = bytes
    }
}
