import Catalog
import LocaleData

/// One translatable piece of a source file: what the translator sees (the message) and where it lives
/// in the file's bytes (the span that merge replaces).
public struct TranslationUnit: Equatable, Sendable {
    /// What the unit is in its file: the stages decide by this, and the translator reads it as the
    /// entry's extracted comment (`kind`).
    public var role: Role
    /// The role in words, as the translator's extracted comment shows it ("heading 2", "front matter: title").
    public var kind: String { role.description }
    /// The message text (msgid): inline Markdown as written, soft line breaks folded to spaces.
    public var text: String
    /// msgctxt: set where identical text may need different translations (see README, "Identity and context").
    public var context: String?
    /// 1-based line of the unit's start in the source file.
    public var line: Int
    /// The bytes of the source file this unit occupies; merge replaces exactly these.
    public var span: Range<Int>
    /// How a translation is written back into the span.
    public var rendering: Rendering
    /// For a message that is one ICU plural: its argument and forms. The message stays whole in the
    /// catalog; this tells the translator's note and the pseudo-locales what it is.
    public var plural: PluralMessage?
    /// A note for translators from the author (`<!-- tolk: note … -->`).
    public var note: String?
    /// The value exactly as the source file states it, where it differs from `text`.
    public var sourceValue: String?

    public enum Role: Equatable, Sendable, CustomStringConvertible {
        /// A front matter value, by its dotted key path (`title`, `hero.title`).
        case frontMatter(keyPath: String)
        /// A block of a Markdown body, named as the translator sees it ("paragraph", "heading 2",
        /// "list item", "table cell", "image alt", "html text").
        case body(String)
        /// A label of the navigation file, by its key path.
        case navigation(keyPath: String)
        /// A site string, by its path in the file (`strings.read_more`).
        case uiString(path: String)

        public var description: String {
            switch self {
            case .frontMatter(let keyPath): "front matter: \(keyPath)"
            case .body(let block): block
            case .navigation(let keyPath): "navigation: \(keyPath)"
            case .uiString(let path): "UI string: \(path)"
            }
        }

        /// The front matter value at `keyPath` when the unit is one, else nil.
        public var frontMatterKeyPath: String? {
            if case .frontMatter(let keyPath) = self { return keyPath }
            return nil
        }
    }

    public enum Rendering: Equatable, Sendable {
        /// Markdown inline text; a line break in the translation continues with `continuationPrefix`
        /// (the blockquote markers and list indentation of the unit's container).
        case markdown(continuationPrefix: [UInt8], lineEnding: [UInt8], block: MarkdownBlockRole)
        /// A YAML scalar, re-quoted only when the translation needs it.
        case yaml(YAMLScalarStyle)
        /// A TOML string in front matter, written in the source's form when the translation fits it.
        case toml(TOMLStringStyle)
        /// A Hugo shortcode's string parameter, its quotes included (see `ShortcodeCall.render`).
        case shortcodeParameter(raw: Bool)
        /// A JSON string in front matter, its quotes included (see `JSONStringRenderer`).
        case json
        /// A Liquid include's quoted parameter, its quotes included (see `LiquidIncludeParameter.render`).
        case liquidString(singleQuoted: Bool)
        /// A JSX string attribute's value, its quotes included: a quote of that kind in the translation
        /// is written as an entity (`&quot;`, `&#39;`), since JSX strings have no backslash escapes.
        case jsxAttribute(quote: UInt8)
    }

    public var key: CatalogEntry.Key { CatalogEntry.Key(context: context, id: text) }

    public init(role: Role, text: String, context: String? = nil, line: Int, span: Range<Int>, rendering: Rendering, plural: PluralMessage? = nil, note: String? = nil) {
        self.role = role
        self.text = text
        self.context = context
        self.line = line
        self.span = span
        self.rendering = rendering
        self.plural = plural
        self.note = note
    }
}

/// Which Markdown block a unit fills: decides what a translation may contain when it is written
/// back (line breaks, pipes, a leading `#`) so that it cannot change the page's structure.
public enum MarkdownBlockRole: Equatable, Sendable {
    case paragraph
    /// The text of a task item after its `[ ]` / `[x]`: its first line cannot open a block.
    case taskItemParagraph
    /// `# Title`: one line; a trailing ` #` would be read as a closing sequence.
    case atxHeading
    /// `Title` over `=====`: lines may break, none may look like an underline.
    case setextHeading
    /// A GFM table cell: one line, pipes escaped.
    case tableCell
    /// Text inside a raw HTML block: one line (HTML folds line breaks anyway).
    case htmlText
}

/// How a YAML scalar was written, so a translation can be written the same way when it can be.
public enum YAMLScalarStyle: Equatable, Sendable {
    case plain(inFlow: Bool)
    case singleQuoted
    case doubleQuoted
    /// `|` or `>` block scalar: the header as written (`|-`, `>`), and the indentation of its content.
    case block(header: String, indentation: Int)
}

/// How a TOML string was written: `"basic"`, `'literal'`, `"""multi-line basic"""`, `'''multi-line literal'''`.
public enum TOMLStringStyle: Equatable, Sendable {
    case basic, literal, multilineBasic, multilineLiteral
}

/// A source file with its units, ready to be turned into a catalog or merged with translations.
public struct ExtractedDocument: Sendable {
    /// Path relative to the content folder, with `/` separators (`posts/hello.md`).
    public var path: String
    public var bytes: [UInt8]
    public var units: [TranslationUnit]
    /// The front matter's byte range, including both `---` lines, when there is one.
    public var frontMatter: FrontMatterBlock?
    /// The destinations of link reference definitions (`[label]: /posts/a/`), which belong to no unit.
    public var linkDefinitionDestinations: [Range<Int>] = []

    public init(path: String, bytes: [UInt8], units: [TranslationUnit], frontMatter: FrontMatterBlock? = nil) {
        self.path = path
        self.bytes = bytes
        self.units = units
        self.frontMatter = frontMatter
    }
}

/// Where a page's front matter sits and what it says (parsed values, for fields such as reading time).
public struct FrontMatterBlock: Sendable {
    public enum Syntax: String, Sendable { case yaml, toml, json }
    public var syntax: Syntax
    /// The whole block including the opening and closing fences.
    public var span: Range<Int>
    /// Offset of the closing fence line: fields tolk adds are inserted here.
    public var closingFenceOffset: Int
    /// Top-level scalar values as strings (`reading_minutes` → "5").
    public var scalars: [String: String]
    /// Byte spans of the top-level scalar values, for replacing a field tolk manages.
    public var scalarSpans: [String: Range<Int>] = [:]
    public var lineEnding: [UInt8]
    /// Where a top-level field tolk adds goes when not at the closing fence: in TOML with `[table]`
    /// headers, after the root table's last key (below a header, a key would belong to that table).
    public var newFieldOffset: Int?
    /// JSON front matter: the indentation of the root object's members, and whether it has any (a
    /// member tolk adds then follows a comma).
    public var jsonMemberIndent: [UInt8] = [0x20, 0x20]
    public var jsonHasMembers = false
}
