import Foundation

/// One Hugo shortcode call as written: `{{< figure src="/a.png" caption="A cat" >}}`,
/// `{{% notice warning %}}`, `{{< /notice >}}`, `{{< youtube id />}}` or the escaped `{{</* x */>}}`
/// (which Hugo prints literally). Only the lexical shape is read; what a shortcode does is Hugo's.
///
/// ```swift
/// let call = ShortcodeCall.read(Array(#"{{< figure caption="Cat" >}}"#.utf8), at: 0)
/// // .call(name: "figure", parameters: [caption = "Cat"], …)
/// ```
public struct ShortcodeCall: Sendable, Equatable {
    /// `{{< >}}`: inner content is passed as it is; `{{% %}}`: inner content is rendered as Markdown.
    public enum Delimiter: Sendable, Equatable {
        case angle, percent
        /// The byte before `}}` that ends a call (`>` or `%`).
        var closing: UInt8 { self == .angle ? UInt8(ascii: ">") : UInt8(ascii: "%") }
    }

    public struct Parameter: Sendable, Equatable {
        /// The name of a named parameter (`caption`); nil for a positional one.
        public var name: String?
        /// The value as written, quotes included.
        public var value: Range<Int>
        public var quoting: Quoting
    }

    public enum Quoting: Sendable, Equatable {
        /// `"…"`, where `\"` stands for a quote.
        case quoted
        /// `` `…` ``: raw, may span lines, holds no backtick.
        case raw
        /// A bare word.
        case bare
    }

    public enum Reading: Sendable, Equatable {
        case call(ShortcodeCall)
        /// `{{<` with no `>}}` to end it (before the next call or the lookahead).
        case unclosed(name: String)
    }

    public var range: Range<Int>
    public var delimiter: Delimiter
    public var name: String
    /// `{{< /notice >}}`.
    public var isClosing: Bool
    /// `{{< name />}}`: a call with no inner content, whatever the shortcode could take.
    public var isSelfClosing: Bool
    /// `{{</* … */>}}`: printed by Hugo as written; never opens or closes anything.
    public var isEscaped: Bool
    public var parameters: [Parameter]

    /// How far a call is looked for. A real call, multi-line parameters included, is far shorter;
    /// the bound keeps scanning linear on a page of unclosed `{{<`.
    static let lookahead = 4096

    /// Whether `{{<` or `{{%` starts at `index`.
    public static func opens(_ bytes: [UInt8], at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index] == UInt8(ascii: "{") && bytes[index + 1] == UInt8(ascii: "{")
            && (bytes[index + 2] == UInt8(ascii: "<") || bytes[index + 2] == UInt8(ascii: "%"))
    }

    /// Reads the call starting at `index`, or nil when no `{{<` / `{{%` starts there.
    public static func read(_ bytes: [UInt8], at index: Int) -> Reading? {
        guard opens(bytes, at: index) else { return nil }
        let delimiter: Delimiter = bytes[index + 2] == UInt8(ascii: "<") ? .angle : .percent
        let horizon = min(bytes.count, index + lookahead)
        var position = index + 3
        // `{{</* … */>}}`
        if position + 1 < horizon, bytes[position] == UInt8(ascii: "/"), bytes[position + 1] == UInt8(ascii: "*") {
            let terminator: [UInt8] = [UInt8(ascii: "*"), UInt8(ascii: "/"), delimiter.closing, UInt8(ascii: "}"), UInt8(ascii: "}")]
            var probe = position + 2
            while probe + terminator.count <= horizon {
                if bytes[probe..<probe + terminator.count].elementsEqual(terminator) {
                    return .call(ShortcodeCall(range: index..<probe + terminator.count, delimiter: delimiter, name: "",
                                               isClosing: false, isSelfClosing: false, isEscaped: true, parameters: []))
                }
                probe += 1
            }
            return .unclosed(name: "/*")
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        func closes(at probe: Int) -> Bool {
            probe + 2 < bytes.count && bytes[probe] == delimiter.closing
                && bytes[probe + 1] == UInt8(ascii: "}") && bytes[probe + 2] == UInt8(ascii: "}")
        }
        func selfCloses(at probe: Int) -> Bool { probe < horizon && bytes[probe] == UInt8(ascii: "/") && closes(at: probe + 1) }
        func skipSpace() { while position < horizon, isSpace(bytes[position]) { position += 1 } }

        skipSpace()
        var isClosing = false
        if position < horizon, bytes[position] == UInt8(ascii: "/"), !selfCloses(at: position) { isClosing = true; position += 1; skipSpace() }
        let nameStart = position
        while position < horizon, !isSpace(bytes[position]), !closes(at: position), !selfCloses(at: position),
              bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "`") {
            position += 1
        }
        let name = String(decoding: bytes[nameStart..<position], as: UTF8.self)
        var parameters: [Parameter] = []
        while true {
            skipSpace()
            guard position < horizon else { return .unclosed(name: name) }
            if closes(at: position) {
                return .call(ShortcodeCall(range: index..<position + 3, delimiter: delimiter, name: name, isClosing: isClosing,
                                           isSelfClosing: false, isEscaped: false, parameters: parameters))
            }
            if selfCloses(at: position) {
                return .call(ShortcodeCall(range: index..<position + 4, delimiter: delimiter, name: name, isClosing: isClosing,
                                           isSelfClosing: true, isEscaped: false, parameters: parameters))
            }
            // Another call before this one ends: this one is not closed.
            if opens(bytes, at: position) { return .unclosed(name: name) }
            var parameterName: String?
            if bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "`") {
                let wordStart = position
                while position < horizon, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: "="), !closes(at: position), !selfCloses(at: position) {
                    position += 1
                }
                guard position < horizon, bytes[position] == UInt8(ascii: "=") else {
                    parameters.append(Parameter(name: nil, value: wordStart..<position, quoting: .bare))
                    continue
                }
                parameterName = String(decoding: bytes[wordStart..<position], as: UTF8.self)
                position += 1
            }
            guard position < horizon else { return .unclosed(name: name) }
            let valueStart = position
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                while position < horizon, bytes[position] != UInt8(ascii: "\"") {
                    if bytes[position] == UInt8(ascii: "\\") { position += 1 }
                    position += 1
                }
                guard position < horizon else { return .unclosed(name: name) }
                position += 1
                parameters.append(Parameter(name: parameterName, value: valueStart..<position, quoting: .quoted))
            case UInt8(ascii: "`"):
                position += 1
                while position < horizon, bytes[position] != UInt8(ascii: "`") { position += 1 }
                guard position < horizon else { return .unclosed(name: name) }
                position += 1
                parameters.append(Parameter(name: parameterName, value: valueStart..<position, quoting: .raw))
            default:
                while position < horizon, !isSpace(bytes[position]), !closes(at: position), !selfCloses(at: position) { position += 1 }
                parameters.append(Parameter(name: parameterName, value: valueStart..<position, quoting: .bare))
            }
        }
    }

    /// The text of a quoted or raw value, as Hugo passes it to the shortcode.
    public static func text(of parameter: Parameter, in bytes: [UInt8]) -> String {
        let value = bytes[parameter.value]
        switch parameter.quoting {
        case .bare: return String(decoding: value, as: UTF8.self)
        case .raw: return String(decoding: value.dropFirst().dropLast(), as: UTF8.self)
        case .quoted: return String(decoding: value.dropFirst().dropLast(), as: UTF8.self).replacingOccurrences(of: "\\\"", with: "\"")
        }
    }

    /// A translation written back as a parameter value: raw (backticks) when the source was and the
    /// text holds no backtick, else quoted with `"` escaped as `\"`. Line breaks become spaces.
    public static func render(_ text: String, raw: Bool) -> String {
        let oneLine = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        if raw, !oneLine.contains("`") { return "`" + oneLine + "`" }
        return "\"" + oneLine.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
