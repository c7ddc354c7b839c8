/// Checks that a translation keeps the source's protected inline pieces: code spans (byte for byte),
/// link and image destinations, and HTML tags. A CAT tool shows these as text in this version of the
/// exchange (no `<ph>`), so a translator can change them by mistake; the merge would then publish a
/// broken command, a dead link or unbalanced HTML.
enum InlineStructureCheck {
    struct Problem: Equatable {
        var message: String
        var hint: String
    }

    static func problem(source: String, translations: [String]) -> Problem? {
        let expected = protectedPieces(of: source)
        for translation in translations where !translation.isEmpty {
            let found = protectedPieces(of: translation)
            guard found != expected else { continue }
            let missing = expected.filter { !found.contains($0) }
            let extra = found.filter { !expected.contains($0) }
            if let piece = missing.first {
                return Problem(message: "the translation lacks \(piece) of the source", hint: "keep code spans, link destinations and HTML tags as in the source")
            }
            if let piece = extra.first {
                return Problem(message: "the translation has \(piece), which the source does not", hint: "keep code spans, link destinations and HTML tags as in the source")
            }
            return Problem(message: "the translation repeats or drops a code span, link destination or HTML tag of the source", hint: "keep each exactly as often as the source has it")
        }
        return nil
    }

    /// Code spans, `](destination)` and `<tag…>`/`</tag>` names, sorted so that the order may change.
    static func protectedPieces(of text: String) -> [String] {
        var pieces: [String] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "`" {
                var run = 0
                while index + run < scalars.count, scalars[index + run] == "`" { run += 1 }
                // Find the closing run of the same length.
                var probe = index + run
                var closed: Int?
                while probe < scalars.count {
                    if scalars[probe] == "`" {
                        var length = 0
                        while probe + length < scalars.count, scalars[probe + length] == "`" { length += 1 }
                        if length == run { closed = probe; break }
                        probe += length
                    } else { probe += 1 }
                }
                if let closed {
                    var span = String.UnicodeScalarView()
                    span.append(contentsOf: scalars[index...(closed + run - 1)])
                    pieces.append("code span " + String(span))
                    index = closed + run
                    continue
                }
                index += run
                continue
            }
            if scalar == "]", index + 1 < scalars.count, scalars[index + 1] == "(" {
                var end = index + 2
                var depth = 1
                while end < scalars.count {
                    if scalars[end] == "(" { depth += 1 }
                    if scalars[end] == ")" { depth -= 1; if depth == 0 { break } }
                    end += 1
                }
                if end < scalars.count {
                    var destination = String.UnicodeScalarView()
                    destination.append(contentsOf: scalars[(index + 2)..<end])
                    // The destination without a title: titles are prose.
                    let target = String(destination).split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
                    pieces.append("link destination (\(target))")
                    index = end + 1
                    continue
                }
            }
            if scalar == "<", index + 1 < scalars.count, scalars[index + 1] == "/" || scalars[index + 1].properties.isAlphabetic && scalars[index + 1].isASCII {
                var end = index + 1
                while end < scalars.count, scalars[end] == "/" || (scalars[end].isASCII && (scalars[end].properties.isAlphabetic || ("0"..."9").contains(scalars[end]))) { end += 1 }
                if end < scalars.count, scalars[end] == ">" || scalars[end] == " " || scalars[end] == "\n" {
                    var name = String.UnicodeScalarView()
                    name.append(contentsOf: scalars[index..<end])
                    pieces.append("HTML tag " + String(name) + ">")
                    index = end
                    continue
                }
            }
            index += 1
        }
        return pieces.sorted()
    }
}
