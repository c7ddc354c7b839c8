import Extractor

/// Machine-made "translations" that look foreign and keep every piece of markup: Latin letters get
/// accents, words grow by about 30 % (as German or Finnish text does), and the whole message is
/// wrapped in `⟦…⟧` so a truncated or hard-coded string shows at a glance. Links, code, HTML,
/// entities and placeholders are left byte for byte (see `InlineMarkup`).
///
/// ```swift
/// PseudoTranslator().translate("Read [the guide](/guide).")   // "⟦Ŕéáď [ţĥé ĝûíďé](/guide).⟧" with longer words
/// ```
public struct PseudoTranslator: Sendable {
    /// How much longer each word gets (0.3 = 30 %).
    public var expansion: Double
    /// Whether to wrap the message in `⟦ ⟧`.
    public var bracketed: Bool
    /// The site generator's syntax to keep as well (Hugo shortcodes); nil for plain CommonMark.
    public var dialect: (any MarkdownDialect)?

    public init(expansion: Double = 0.3, bracketed: Bool = true, dialect: (any MarkdownDialect)? = nil) {
        self.expansion = expansion
        self.bracketed = bracketed
        self.dialect = dialect
    }

    public func translate(_ message: String) -> String {
        let markup = InlineMarkup(message, dialect: dialect)
        var body = markup.rewritingText { accentWords(in: $0) }
        guard bracketed else { return body }
        // A heading's own id at its end (`# Setup {#setup}`, in a dialect that protects it) must stay last.
        if case .markup(let range, .shortcode)? = markup.segments.last, markup.bytes[range].starts(with: [UInt8(ascii: "{"), UInt8(ascii: "#")]) {
            let id = String(decoding: markup.bytes[range], as: UTF8.self)
            var text = String(body.dropLast(id.count))
            var gap = ""
            while text.last == " " { gap += " "; text.removeLast() }
            if !text.isEmpty { return wrappedInBrackets(text) + gap + id }
            body = text + gap + id
        }
        return wrappedInBrackets(body)
    }

    private func wrappedInBrackets(_ body: String) -> String {
        // GFM links a bare URL only after a space (not after `⟦`) and runs it up to the next space
        // (`⟧` included): keep the brackets a space away from a URL at either end.
        let words = body.split(whereSeparator: { $0 == " " || $0 == "\n" })
        let opening = words.first.map(Self.looksLikeURL) == true ? "⟦ " : "⟦"
        let closing = words.last.map(Self.looksLikeURL) == true ? " ⟧" : "⟧"
        return opening + body + closing
    }

    private static func looksLikeURL(_ word: Substring) -> Bool {
        word.contains("www.") || word.contains("://") || word.contains("@")
    }

    /// Accents the letters of every ASCII word and lengthens it with a tail of its own vowels.
    /// Only letters are added, so emphasis delimiters next to a word keep their flanking.
    func accentWords(in text: Substring) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count * 2)
        var word: [Unicode.Scalar] = []
        func flush() {
            guard !word.isEmpty else { return }
            for scalar in word { output.unicodeScalars.append(Self.accented[scalar] ?? scalar) }
            let extra = Int((Double(word.count) * expansion).rounded(.up))
            let vowels = word.filter { "aeiouAEIOU".unicodeScalars.contains($0) }
            let tail = vowels.isEmpty ? word : vowels
            for index in 0..<extra { output.unicodeScalars.append(Self.accented[tail[index % tail.count]] ?? tail[index % tail.count]) }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic {
                word.append(scalar)
            } else {
                flush()
                output.unicodeScalars.append(scalar)
            }
        }
        flush()
        return output
    }

    private static let accented: [Unicode.Scalar: Unicode.Scalar] = {
        let plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
        let fancy = "áƀçďéƒĝĥíĵķĺɱñóƥʠŕšţúṽŵẋýžÁƁÇĎÉƑĜĤÍĴĶĹṀÑÓƤǪŔŠŢÚṼŴẊÝŽ"
        return Dictionary(uniqueKeysWithValues: zip(plain.unicodeScalars, fancy.unicodeScalars))
    }()
}
