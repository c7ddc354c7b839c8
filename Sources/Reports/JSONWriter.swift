/// Writes JSON as it goes, keys in the order they are written, indented two spaces; a container opened
/// `inline` is written on one line (a report writes each catalog's figures as one line, so a site with
/// 50,000 catalogs gives a file people can grep and diff). Streaming keeps a large report from being
/// built twice in memory, once as a tree and once as text.
struct JSONWriter {
    private(set) var text = ""
    private struct Container {
        var closer: Character
        var inline: Bool
        var count = 0
    }
    private var stack: [Container] = []
    private var afterKey = false

    init() {}

    mutating func beginObject(inline: Bool = false) { open("{", closer: "}", inline: inline) }
    mutating func endObject() { close() }
    mutating func beginArray(inline: Bool = false) { open("[", closer: "]", inline: inline) }
    mutating func endArray() { close() }

    mutating func key(_ name: String) {
        separate()
        writeString(name)
        text += ": "
        afterKey = true
    }

    mutating func value(_ string: String) { separate(); writeString(string) }
    mutating func value(_ string: String?) { if let string { value(string) } else { separate(); text += "null" } }
    mutating func value(_ number: Int) { separate(); text += String(number) }
    mutating func value(_ flag: Bool) { separate(); text += flag ? "true" : "false" }
    /// Finite numbers as Swift prints them (the shortest text that reads back the same), else null.
    mutating func value(_ number: Double) { separate(); text += number.isFinite ? "\(number)" : "null" }

    /// `"name": value` in one call.
    mutating func field(_ name: String, _ string: String) { key(name); value(string) }
    mutating func field(_ name: String, _ string: String?) { key(name); value(string) }
    mutating func field(_ name: String, _ number: Int) { key(name); value(number) }
    mutating func field(_ name: String, _ number: Double) { key(name); value(number) }
    mutating func field(_ name: String, _ flag: Bool) { key(name); value(flag) }

    private mutating func open(_ opener: Character, closer: Character, inline: Bool) {
        separate()
        text.append(opener)
        stack.append(Container(closer: closer, inline: inline || (stack.last?.inline ?? false)))
    }

    private mutating func close() {
        guard let container = stack.popLast() else { return }
        if container.count > 0 && !container.inline { newline() }
        text.append(container.closer)
        if stack.isEmpty { text += "\n" }
    }

    /// The comma and line break (or space) before the next value, unless it follows its key.
    private mutating func separate() {
        if afterKey { afterKey = false; return }
        guard !stack.isEmpty else { return }
        if stack[stack.count - 1].count > 0 { text += "," }
        if stack[stack.count - 1].inline {
            if stack[stack.count - 1].count > 0 { text += " " }
        } else {
            newline()
        }
        stack[stack.count - 1].count += 1
    }

    private mutating func newline() {
        text += "\n" + String(repeating: "  ", count: stack.count)
    }

    private mutating func writeString(_ string: String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
