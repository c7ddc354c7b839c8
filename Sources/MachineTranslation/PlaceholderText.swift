import Catalog
import Foundation
import Workspace

/// A message as a machine-translation engine sees it: its prose, with every piece the import checks
/// protect (code spans, link destinations, HTML tags, shortcodes, ICU arguments) replaced by a
/// numbered placeholder, and the way back.
///
/// The pieces are the ones `InlineCodeScanners` finds for XLIFF export, numbered the same way
/// (`XLIFFCodedText`): a standalone piece becomes one placeholder, a pair (a link's `[` … `](/url)`,
/// `<kbd>` … `</kbd>`) becomes an opening and a closing one around the text the engine translates.
/// Two forms, for what an engine keeps best:
///
/// - `xml`: `<x1/>` and `<g2>…</g2>`, with `&`, `<` and `>` of the prose escaped (DeepL with
///   `tag_handling=xml`, APy and LibreTranslate with HTML input, LLMs told to keep the tags);
/// - `tokens`: `[[1]]` and `[[2]]…[[/2]]` in plain text, for engines that mangle markup.
///
/// Whitespace at both ends of the message is not sent (engines trim it) and is put back as the source
/// had it. `restore(_:)` accepts an answer only when it holds each placeholder exactly once, pairs
/// opened before they close and nested, and no markup of its own; anything else is a
/// `PlaceholderProblem`, and the message is not written.
///
/// ```swift
/// let text = PlaceholderText("Run `tolk sync` [now](/guide).", spans: InlineCodeScanners.markdown(…), style: .xml)
/// text?.sent                              // "Run <x1/> <g2>now</g2>."
/// text?.restore("Ejecuta <x1/> <g2>ahora</g2>.")  // .success("Ejecuta `tolk sync` [ahora](/guide).")
/// ```
struct PlaceholderText: Sendable, Equatable {
    enum Style: String, Sendable, CaseIterable {
        case xml
        case tokens
    }

    let style: Style
    /// What the engine receives.
    let sent: String
    /// The protected pieces, numbered from 1 (`codes[n - 1]` is placeholder n).
    let codes: [XLIFFInlineCode]
    let leadingWhitespace: String
    let trailingWhitespace: String
    /// The bytes of the message's prose, to bound the answer's size.
    let sourceBytes: Int

    /// How many times longer than the source an answer may be before it is refused.
    static let maximumGrowth = 8
    static let minimumAllowance = 2_048

    /// Nil when the pieces cannot be made placeholders: spans that cross, or a piece with a control
    /// character. Such a message is not sent (and says so); a message without pieces is sent as text.
    init?(_ text: String, spans: [XLIFFInlineSpan], style: Style) {
        let trimmed = Self.splitWhitespace(text)
        self.style = style
        leadingWhitespace = trimmed.leading
        trailingWhitespace = trimmed.trailing
        sourceBytes = text.utf8.count
        let pieces: [XLIFFInlinePiece]
        if spans.isEmpty {
            pieces = [.text(text)]
            codes = []
        } else {
            guard let coded = XLIFFCodedText.make(source: text, sourceSpans: spans, target: nil, targetSpans: []) else { return nil }
            pieces = coded.source
            codes = coded.codes
        }
        var sent = ""
        for piece in pieces {
            switch piece {
            case .text(let prose):
                if style == .tokens, prose.contains("[[") { return nil }  // would read as a token coming back
                sent += style == .xml ? Self.escaped(prose) : prose
            case .placeholder(let code): sent += style == .xml ? "<x\(code.id)/>" : "[[\(code.id)]]"
            case .open(let code): sent += style == .xml ? "<g\(code.id)>" : "[[\(code.id)]]"
            case .close(let code): sent += style == .xml ? "</g\(code.id)>" : "[[/\(code.id)]]"
            }
        }
        // The ends were part of the first and last prose pieces; cut them from what is sent.
        var core = Substring(sent)
        core = core.dropFirst(trimmed.leading.count)
        core = core.dropLast(trimmed.trailing.count)
        self.sent = String(core)
    }

    /// The characters of the message at each end that engines drop (spaces, tabs, line breaks).
    private static func splitWhitespace(_ text: String) -> (leading: String, trailing: String) {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let leading = String(text.prefix(while: isSpace))
        guard leading.count < text.count else { return (leading, "") }
        var trailing = ""
        for character in text.reversed() {
            guard isSpace(character) else { break }
            trailing.insert(character, at: trailing.startIndex)
        }
        return (leading, trailing)
    }

    static func escaped(_ prose: String) -> String {
        var out = ""
        out.reserveCapacity(prose.utf8.count)
        for character in prose {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Characters an XML answer may carry escaped; a numeric reference is decoded too.
    private static let namedEntities: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]

    /// The message with the engine's translation of the prose and the source's pieces back in place.
    func restore(_ answer: String) -> Result<String, PlaceholderProblem> {
        let limit = max(Self.minimumAllowance, sourceBytes * Self.maximumGrowth)
        if answer.utf8.count > limit { return .failure(.tooLong(bytes: answer.utf8.count, limit: limit)) }
        if answer.allSatisfy({ $0.isWhitespace }) { return .failure(.empty) }
        let tokens: [Token]
        switch style {
        case .xml:
            switch Self.readXML(answer) {
            case .success(let read): tokens = read
            case .failure(let problem): return .failure(problem)
            }
        case .tokens: tokens = Self.readTokens(answer)
        }
        var seen = Set<String>()
        var opened: [String] = []
        var result = ""
        var closed = Set<String>()
        for token in tokens {
            switch token {
            case .text(let prose):
                result += prose
            case .standalone(let id):
                guard let code = code(id) else { return .failure(.invented(id)) }
                if code.isPaired { return .failure(.brokenPair(id, display: code.display)) }
                guard seen.insert(id).inserted else { return .failure(.duplicated(id, display: code.display)) }
                result += code.start
            case .open(let id):
                guard let code = code(id) else { return .failure(.invented(id)) }
                // In token form a pair opens with the same `[[n]]` as a standalone piece.
                if !code.isPaired { guard seen.insert(id).inserted else { return .failure(.duplicated(id, display: code.display)) }; result += code.start; continue }
                guard seen.insert(id).inserted else { return .failure(.duplicated(id, display: code.display)) }
                opened.append(id)
                result += code.start
            case .close(let id):
                guard let code = code(id) else { return .failure(.invented(id)) }
                guard code.isPaired, let end = code.end else { return .failure(.brokenPair(id, display: code.display)) }
                guard !closed.contains(id) else { return .failure(.duplicated(id, display: code.display)) }
                guard opened.last == id else { return .failure(.brokenPair(id, display: code.display)) }
                opened.removeLast()
                closed.insert(id)
                result += end
            }
        }
        if let open = opened.first, let code = code(open) { return .failure(.brokenPair(open, display: code.display)) }
        if let missing = codes.first(where: { !seen.contains($0.id) }) { return .failure(.dropped(missing.id, display: missing.display)) }
        // Engines trim or add whitespace at the ends; the source's is what the checks expect.
        let body = result.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty { return .failure(.empty) }
        return .success(leadingWhitespace + body + trailingWhitespace)
    }

    private func code(_ id: String) -> XLIFFInlineCode? {
        guard let number = Int(id), number >= 1, number <= codes.count else { return nil }
        return codes[number - 1]
    }

    private enum Token: Equatable {
        case text(String)
        case standalone(String)
        case open(String)
        case close(String)
    }

    /// Reads an XML-form answer: `<xN/>`, `<gN>`, `</gN>` (spaces before `/>` or `>` allowed, as XML
    /// writers add them), entities decoded. Any other tag is markup the source did not have.
    private static func readXML(_ answer: String) -> Result<[Token], PlaceholderProblem> {
        var tokens: [Token] = []
        var prose = ""
        let scalars = Array(answer.unicodeScalars)
        var index = 0
        func flush() { if !prose.isEmpty { tokens.append(.text(prose)); prose = "" } }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" {
                var end = index + 1
                while end < scalars.count, scalars[end] != ">", scalars[end] != "<", end - index < 200 { end += 1 }
                guard end < scalars.count, scalars[end] == ">" else {
                    return .failure(.foreignMarkup(String(String.UnicodeScalarView(scalars[index..<min(scalars.count, index + 40)]))))
                }
                let tag = String(String.UnicodeScalarView(scalars[(index + 1)..<end])).trimmingCharacters(in: .whitespaces)
                guard let token = placeholderTag(tag) else { return .failure(.foreignMarkup("<" + tag + ">")) }
                flush()
                tokens.append(token)
                index = end + 1
                continue
            }
            if scalar == "&", let semicolon = scalars[index...].prefix(12).firstIndex(of: ";") {
                let name = String(String.UnicodeScalarView(scalars[(index + 1)..<semicolon]))
                if let decoded = decodeEntity(name) {
                    prose += decoded
                    index = semicolon + 1
                    continue
                }
            }
            prose.unicodeScalars.append(scalar)
            index += 1
        }
        flush()
        return .success(tokens)
    }

    private static func placeholderTag(_ tag: String) -> Token? {
        var body = Substring(tag)
        var kind = "open"
        if body.hasPrefix("/") { kind = "close"; body = body.dropFirst() }
        if body.hasSuffix("/") { guard kind == "open" else { return nil }; kind = "standalone"; body = body.dropLast() }
        body = Substring(body.trimmingCharacters(in: .whitespaces))
        guard let letter = body.first, letter == "x" || letter == "g" else { return nil }
        let digits = body.dropFirst()
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let id = String(Int(digits) ?? 0)
        switch (letter, kind) {
        case ("x", "standalone"): return .standalone(id)
        case ("g", "open"): return .open(id)
        case ("g", "close"): return .close(id)
        default: return nil
        }
    }

    private static func decodeEntity(_ name: String) -> String? {
        if let named = namedEntities[name] { return named }
        guard name.hasPrefix("#") else { return nil }
        let number = name.dropFirst()
        let value = number.hasPrefix("x") || number.hasPrefix("X") ? UInt32(number.dropFirst(), radix: 16) : UInt32(number)
        guard let value, let scalar = Unicode.Scalar(value), value != 0 else { return nil }
        return String(Character(scalar))
    }

    /// Reads a token-form answer: `[[N]]` and `[[/N]]`; everything else is prose as it came.
    private static func readTokens(_ answer: String) -> [Token] {
        var tokens: [Token] = []
        var prose = ""
        var rest = Substring(answer)
        while let start = rest.range(of: "[[") {
            let after = rest[start.upperBound...]
            let closing = after.hasPrefix("/")
            let digits = (closing ? after.dropFirst() : after).prefix(while: { $0.isASCII && $0.isNumber })
            let tail = (closing ? after.dropFirst() : after).dropFirst(digits.count)
            guard !digits.isEmpty, digits.count <= 6, tail.hasPrefix("]]") else {
                prose += rest[..<start.upperBound]
                rest = after
                continue
            }
            prose += rest[..<start.lowerBound]
            if !prose.isEmpty { tokens.append(.text(prose)); prose = "" }
            let id = String(Int(digits) ?? 0)
            tokens.append(closing ? .close(id) : .open(id))
            rest = tail.dropFirst(2)
        }
        prose += rest
        if !prose.isEmpty { tokens.append(.text(prose)) }
        return tokens
    }
}

/// Why an engine's answer cannot be used: each names the placeholder and the source's piece it stood for.
enum PlaceholderProblem: Error, Equatable, CustomStringConvertible {
    case dropped(String, display: String)
    case duplicated(String, display: String)
    case invented(String)
    case brokenPair(String, display: String)
    case foreignMarkup(String)
    case empty
    case tooLong(bytes: Int, limit: Int)

    var description: String {
        switch self {
        case let .dropped(id, display): "the engine dropped placeholder \(id) (\(display))"
        case let .duplicated(id, display): "the engine repeated placeholder \(id) (\(display))"
        case let .invented(id): "the engine's answer has a placeholder \(id) that the source does not have"
        case let .brokenPair(id, display): "the engine's answer breaks the pair of placeholder \(id) (\(display)): opened and closed out of order, or not both"
        case let .foreignMarkup(tag): "the engine's answer has markup the source does not: \(tag.count > 60 ? String(tag.prefix(57)) + "…" : tag)"
        case .empty: "the engine's answer is empty"
        case let .tooLong(bytes, limit): "the engine's answer is \(bytes) bytes, more than the \(limit) allowed for this message"
        }
    }
}

extension MachineTranslationSettings.Engine {
    /// The placeholder form sent to the engine: its `placeholders:` setting, else XML tags, which
    /// every engine tolk speaks keeps (APy and LibreTranslate read HTML, DeepL has XML tag handling).
    var placeholderStyle: PlaceholderText.Style {
        placeholders.flatMap { PlaceholderText.Style(rawValue: $0.rawValue) } ?? .xml
    }
}
