/// A site generator's additions to Markdown (Hugo's shortcodes): syntax that is neither prose nor
/// CommonMark, which extraction must keep out of messages and every later stage must keep intact.
/// Plain CommonMark has no dialect (`nil` wherever one is taken), and is then read exactly as before.
///
/// A dialect answers two questions: inside a message, which bytes are its protected syntax (asked by
/// `InlineMarkup`, so pseudo-locales, XLIFF inline codes and the import checks all agree); and on a
/// whole page, which lines are only its syntax, which regions hold no prose, and which of its
/// parameters are messages of their own (`MarkdownDialectSurvey`).
public protocol MarkdownDialect: Sendable {
    /// The generator's name, for diagnostics ("Hugo").
    var name: String { get }
    /// The first bytes of the constructs `protectedConstruct` recognizes (`{` for Hugo; `<` and `{` for
    /// MDX): the scanner asks only where one of them stands.
    var openingBytes: [UInt8] { get }
    /// The end of the dialect's construct starting at `index` of a message, or nil when none starts there.
    /// An opened but unclosed construct ends at the end of the message: nothing of it is prose.
    func protectedConstruct(in bytes: [UInt8], at index: Int) -> Int?
    /// What the dialect finds on a page body: `bytes` is the whole file, `body` the Markdown after the
    /// front matter, `codeRanges` the code blocks (whose text is never the dialect's syntax).
    func survey(bytes: [UInt8], body: Range<Int>, codeRanges: [Range<Int>], lineStarts: [Int]) -> MarkdownDialectSurvey
    /// Whether its Markdown has definition lists (`Term` / `: Definition`), whose terms and definitions
    /// are then messages of their own rather than one paragraph (see `DefinitionListLines`).
    var hasDefinitionLists: Bool { get }
    /// How findings name one of its constructs, given as written ("shortcode {{< ref … >}}").
    func pieceName(_ construct: String) -> String
    /// What to tell a translator whose translation changed one of its constructs.
    var keepPiecesHint: String { get }
    /// The blocks it nests by indentation, each read as Markdown of its own; nil (the default) for none.
    func indentedContainers(bytes: [UInt8], body: Range<Int>, lineStarts: [Int]) -> IndentedContainerLayout?
    /// Whether a construct ending a message after a space belongs to the block rather than its text
    /// (MkDocs' `## Title { #id }`): a pseudo-locale's closing bracket then goes before it. Default false.
    var bindsTrailingSyntaxToBlock: Bool { get }
    /// The dialect and every setting that changes what it protects in a message, as one line: two
    /// dialects with the same identity find the same pieces in every text. Caches of what the checks
    /// found (`VerdictCache`) are keyed with it, so a changed setting is never judged by old verdicts.
    var checkingIdentity: String { get }
}

extension MarkdownDialect {
    public var hasDefinitionLists: Bool { false }
    public func pieceName(_ construct: String) -> String { "shortcode " + construct }
    public var keepPiecesHint: String { "keep every shortcode call byte for byte: Hugo runs it by its name and parameters" }
}

/// What CommonMark reads in place of a piece of a dialect's block syntax (see `MarkdownDialectSurvey.blockSyntax`).
public enum BlockStandIn: Sendable, Equatable {
    /// A blank line: ends a paragraph.
    case blank
    /// `***`: ends a paragraph and the lists around it (a closing `</Tabs>`, a `:::` fence).
    case thematicBreak
    /// `*`, an empty list item: what follows, indented past it, is its content, as the children of an
    /// opening `<TabItem>` are (MDX has no indented code, so `    Text` under a tag is a paragraph).
    case emptyListItem
}

/// A dialect's reading of one page body (see `MarkdownDialect.survey`).
public struct MarkdownDialectSurvey: Sendable {
    /// Every piece of the dialect's syntax outside code, sorted: a paragraph line made only of these is no
    /// part of a message (the `{{< notice >}}` line above the text it wraps).
    public var syntaxRanges: [Range<Int>] = []
    /// Regions whose content is, or is not, prose (the inner content of a paired shortcode); the
    /// innermost region around a block decides.
    public var regions: [(inner: Range<Int>, isProse: Bool)] = []
    /// Lines (or their ends) that are only the dialect's block syntax (MDX's `<Tabs>`, a `:::note` fence),
    /// and what CommonMark is handed in their place, so that it parts blocks as the generator's own
    /// parser does and reads the text between them as Markdown blocks. Offsets, line numbers and the
    /// page itself are unchanged: only the copy CommonMark parses differs.
    public var blockSyntax: [(range: Range<Int>, standIn: BlockStandIn)] = []
    /// Messages of the dialect's own (a figure's caption), to be dropped where they fall inside a unit.
    public var units: [TranslationUnit] = []
    /// Problems with the syntax, by byte offset in the file.
    public var problems: [(offset: Int, message: String, hint: String)] = []

    public init() {}

    /// Whether the text at `offset` may be translated: outside every region, or inside prose.
    func isProse(at offset: Int) -> Bool {
        var innermost: (inner: Range<Int>, isProse: Bool)?
        for region in regions where region.inner.contains(offset) {
            if let current = innermost, current.inner.count <= region.inner.count { continue }
            innermost = region
        }
        return innermost?.isProse ?? true
    }

    /// Whether every non-blank byte of `range` is the dialect's syntax (and there is at least one).
    func isOnlySyntax(_ range: Range<Int>, in bytes: [UInt8]) -> Bool {
        var position = range.lowerBound
        var sawSyntax = false
        while position < range.upperBound {
            let byte = bytes[position]
            if byte == 0x20 || byte == 0x09 { position += 1; continue }
            guard let covering = syntaxRange(containing: position) else { return false }
            sawSyntax = true
            position = covering.upperBound
        }
        return sawSyntax
    }

    private func syntaxRange(containing offset: Int) -> Range<Int>? {
        var low = 0, high = syntaxRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = syntaxRanges[middle]
            if range.contains(offset) { return range }
            if range.lowerBound > offset { high = middle - 1 } else { low = middle + 1 }
        }
        return nil
    }
}

// MARK: Indented containers (MkDocs admonitions and tabs)

/// Blocks a dialect nests by indentation where CommonMark sees an indented code block (MkDocs'
/// `!!! note` and `=== "Tab"`): each body is read as Markdown of its own, dedented, and every unit
/// found in it is mapped back to the file's bytes. Dialects without such blocks keep the default (nil),
/// and their pages are read exactly as before.
extension MarkdownDialect {
    public func indentedContainers(bytes: [UInt8], body: Range<Int>, lineStarts: [Int]) -> IndentedContainerLayout? { nil }
    public var bindsTrailingSyntaxToBlock: Bool { false }
}

/// How a page splits into separately read regions (see `MarkdownDialect.indentedContainers`).
public struct IndentedContainerLayout: Sendable {
    /// One Markdown document inside the page: the lines it owns (1-based) and how many leading bytes
    /// of each are the containers' indentation. Every other line reads as blank in it.
    public struct Region: Sendable {
        public var strips: [Int: Int] = [:]
        public init() {}
    }
    /// The top level first, then each container body; every body line belongs to exactly one region.
    public var regions: [Region] = []
    /// The dialect's own messages on the container lines (titles, labels), by offset in the file.
    public var units: [TranslationUnit] = []
    /// Problems with the containers, by byte offset in the file.
    public var problems: [(offset: Int, message: String, hint: String)] = []
    public init() {}
}
