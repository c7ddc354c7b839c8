import Extractor
import LocalizedTrees

/// A unit of a source or translated page as the alignment sees it: its kind, the pieces a translator
/// keeps (anchors), how much prose it has, and the fenced code blocks that follow it.
struct AlignedUnit {
    /// Its index in the document's units.
    var index: Int
    /// The role in words ("paragraph", "heading 2", "list item", "front matter: title").
    var kind: String
    var text: String
    var line: Int
    /// What a translation keeps, sorted: code spans, link and image destinations (an internal one as
    /// `→` and its fragment, since the build points it at the locale's URL), autolinks and URLs,
    /// footnote references, HTML tag names and shortcode names.
    var anchors: [String]
    /// The numbers of its prose, sorted: weaker evidence (a translator may write "fourth" as "4"), so
    /// they favour a pairing but never forbid one.
    var numbers: [String]
    /// Characters of prose (outside the protected pieces): a translation's length follows its source's.
    var proseLength: Int
    /// The contents of the fenced code blocks between this unit and the next (they belong to no unit).
    var codeAfter: [String] = []

    var isHeading: Bool { kind.hasPrefix("heading") }

    /// "paragraph" → "paragraphs", for counts in findings.
    static func plural(_ kind: String, _ count: Int) -> String {
        count == 1 ? "1 \(kind)" : "\(count) \(kind)s"
    }

    /// The first words of the text, for findings: 'Setting up the build'.
    var excerpt: String { Self.excerptOf(text) }

    init(index: Int, unit: TranslationUnit, dialect: (any MarkdownDialect)?) {
        self.index = index
        kind = unit.kind
        text = unit.text
        line = unit.line
        (anchors, numbers, proseLength) = Self.anchors(of: unit.text, dialect: dialect)
    }

    static func anchors(of text: String, dialect: (any MarkdownDialect)?) -> (anchors: [String], numbers: [String], proseLength: Int) {
        let markup = InlineMarkup(text, dialect: dialect)
        var anchors: [String] = [], numbers: [String] = []
        var prose = 0
        for segment in markup.segments {
            switch segment {
            case .text(let range):
                let piece = String(decoding: markup.bytes[range], as: UTF8.self)
                prose += piece.count
                numbers += Self.numbers(in: piece)
            case .markup(let range, let kind):
                let piece = String(decoding: markup.bytes[range], as: UTF8.self)
                switch kind {
                case .codeSpan, .footnoteReference, .autolink, .bareURL: anchors.append(piece)
                case .linkDestination: break  // below, each destination without its title
                case .inlineHTML:
                    let name = piece.drop { $0 == "<" || $0 == "/" }.prefix { $0.isLetter || $0.isNumber }
                    if !name.isEmpty { anchors.append("<" + name.lowercased() + ">") }
                case .shortcode:
                    let name = piece.drop { !$0.isLetter }.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                    anchors.append("{{" + name + "}}")
                case .referenceLabel, .entity, .escape: break
                }
            }
        }
        for destination in LinkRewriter.destinations(in: markup) {
            anchors.append(LinkRewriter.isInternal(destination) ? "→" + (destination.firstIndex(of: "#").map { String(destination[$0...]) } ?? "") : destination)
        }
        return (anchors.sorted(), numbers.sorted(), prose)
    }

    /// Runs of decimal digits in prose, in any script's digits, as ASCII ("2024", "٣" → "3").
    private static func numbers(in text: String) -> [String] {
        var numbers: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            var digit: Int?
            if scalar.value < 0x80 {
                // Most text is ASCII: no Unicode property lookup for it.
                if scalar.value >= 0x30 && scalar.value <= 0x39 { digit = Int(scalar.value - 0x30) }
            } else if scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue {
                digit = Int(value)
            }
            if let digit {
                current.append(Character(String(digit)))
            } else if !current.isEmpty {
                numbers.append(current)
                current = ""
            }
        }
        if !current.isEmpty { numbers.append(current) }
        return numbers
    }

    /// How well two units' anchors agree: nil when neither has any (no evidence either way), else the
    /// Dice coefficient of the two multisets (1: the same pieces; 0: nothing in common).
    static func anchorAgreement(_ a: [String], _ b: [String]) -> Double? {
        if a.isEmpty && b.isEmpty { return nil }
        if a.isEmpty || b.isEmpty { return 0 }
        var i = 0, j = 0, common = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { common += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return 2 * Double(common) / Double(a.count + b.count)
    }

    /// The fenced code blocks (``` or ~~~) in the bytes between two units: their contents, each line
    /// without the container's indentation or quote markers, so a block in a list compares as the same.
    static func fencedCodeBlocks(in bytes: ArraySlice<UInt8>) -> [String] {
        // Most gaps are a blank line or a list marker: only one holding ``` or ~~~ is worth reading.
        var run = 0, previous: UInt8 = 0
        let hasFence = bytes.contains { byte in
            run = (byte == previous && (byte == UInt8(ascii: "`") || byte == UInt8(ascii: "~"))) ? run + 1 : 1
            previous = byte
            return run >= 3
        }
        guard hasFence else { return [] }
        var blocks: [String] = []
        var fence: (marker: Character, length: Int)?
        var content: [String] = []
        let text = String(decoding: bytes, as: UTF8.self)
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.drop { $0 == " " || $0 == "\t" || $0 == ">" }
            let marker = line.first
            let run = line.prefix { $0 == marker }.count
            if let open = fence {
                if marker == open.marker, run >= open.length, line.dropFirst(run).allSatisfy(\.isWhitespace) {
                    blocks.append(content.joined(separator: "\n"))
                    content = []
                    fence = nil
                } else {
                    content.append(String(line).trimmingTrailingWhitespace)
                }
            } else if let marker, marker == "`" || marker == "~", run >= 3 {
                fence = (marker, run)
            }
        }
        if fence != nil { blocks.append(content.joined(separator: "\n")) }
        return blocks
    }
}

extension String {
    fileprivate var trimmingTrailingWhitespace: String {
        var trimmed = Substring(self)
        while let last = trimmed.last, last.isWhitespace { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}

extension LinkRewriter {
    /// Whether a destination points inside the site (no scheme, not `//host`, not only a fragment):
    /// the build rewrites those per locale, so a translated page's may differ from the source's.
    static func isInternal(_ destination: String) -> Bool {
        !destination.isEmpty && !destination.hasPrefix("#") && !destination.hasPrefix("//") && !hasScheme(destination)
    }
}
