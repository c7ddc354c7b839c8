import Core
import Extractor
import Merger

/// The fields `tolk build` writes into a localized page's front matter for the site generator:
/// `lang`, `dir`, the translation key, the share translated, the alternates (locale → URL), the
/// localized date and reading time, and whether the page ships incomplete. Names come from
/// `build.fields`; a field the source already has as a single value is replaced in place, the others
/// are added before the closing fence (TOML: at the end of the root table).
struct FrontMatterFields {
    enum Value {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        /// Ordered pairs, written as a flow mapping / inline table.
        case mapping([(String, String)])
    }

    var fields: [(name: String, value: Value)] = []

    mutating func set(_ name: String, _ value: Value) {
        guard !name.isEmpty else { return }
        if let index = fields.firstIndex(where: { $0.name == name }) { fields[index].value = value } else { fields.append((name, value)) }
    }

    /// The byte edits that write these fields into `block`.
    func edits(in block: FrontMatterBlock) -> [ByteEdit] {
        let isTOML = block.syntax == .toml
        var edits: [ByteEdit] = []
        var added: [UInt8] = []
        var hasMembers = block.jsonHasMembers
        for (name, value) in fields {
            let rendered = Array((block.syntax == .json ? renderJSON(value) : render(value, toml: isTOML)).utf8)
            if let span = block.scalarSpans[name] {
                edits.append(ByteEdit(range: span, bytes: rendered))
                continue
            }
            if block.syntax == .json {
                // After the last member: `,` then the new member on a line of its own, indented like the others.
                added += (hasMembers ? [UInt8(ascii: ",")] : []) + block.lineEnding + block.jsonMemberIndent
                    + Array((JSONStringRenderer.render(name) + ": ").utf8) + rendered
                hasMembers = true
                continue
            }
            added += Array((isTOML ? Self.tomlKey(name) + " = " : Self.yamlKey(name) + ": ").utf8) + rendered + block.lineEnding
        }
        if !added.isEmpty {
            let offset = block.newFieldOffset ?? block.closingFenceOffset
            edits.append(ByteEdit(range: offset..<offset, bytes: added))
        }
        return edits
    }

    private func renderJSON(_ value: Value) -> String {
        switch value {
        case .string(let text): return JSONStringRenderer.render(text)
        case .integer(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .mapping(let pairs): return "{" + pairs.map { JSONStringRenderer.render($0.0) + ": " + JSONStringRenderer.render($0.1) }.joined(separator: ", ") + "}"
        }
    }

    private func render(_ value: Value, toml: Bool) -> String {
        switch value {
        case .string(let text): return toml ? TOMLStringRenderer.render(text, preferring: .basic) : YAMLScalarRenderer.render(text, preferring: .doubleQuoted)
        case .integer(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .mapping(let pairs):
            if toml {
                return "{ " + pairs.map { Self.tomlKey($0.0) + " = " + TOMLStringRenderer.render($0.1, preferring: .basic) }.joined(separator: ", ") + " }"
            }
            return "{" + pairs.map { Self.yamlKey($0.0) + ": " + YAMLScalarRenderer.render($0.1, preferring: .doubleQuoted) }.joined(separator: ", ") + "}"
        }
    }

    /// ASCII letters, digits, `_` and `-` (on bytes: every version's front matter names each locale here).
    private static func isBareKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func tomlKey(_ key: String) -> String { isBareKey(key) ? key : TOMLStringRenderer.render(key, preferring: .basic) }

    /// Locale codes and field names are plain YAML keys; anything else is quoted. `no`, `yes`, `on`… would be
    /// read as booleans by YAML 1.1 parsers (Norwegian `no`!), so those are quoted too.
    private static func yamlKey(_ key: String) -> String {
        // A bare key is ASCII: its first character is a number when it is a digit.
        isBareKey(key) && key.utf8.first?.isASCIIDigit == false && !ambiguousYAMLKeys.contains(key.lowercased())
            ? key : YAMLScalarRenderer.render(key, preferring: .doubleQuoted)
    }

    private static let ambiguousYAMLKeys: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
}
