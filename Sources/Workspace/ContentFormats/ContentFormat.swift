import Catalog
import Extractor

/// What a content file is to the site, whatever format it is written in. The stages that treat files
/// differently ask this: the build writes a page with its fields, links and alternates, lays out the
/// navigation in each locale's order, and rebuilds every locale when the site strings change; status
/// shows each role as a section. A new format (an MDX page, a Hugo i18n file) takes one of these roles.
public enum ContentRole: Sendable, Equatable {
    case page, navigation, siteStrings
}

/// One kind of content file tolk translates: which files it claims, how they are extracted, and what
/// the other stages need to know of their messages. Adding a format is one type conforming to this and
/// one line in `ContentFormats.all`; nothing else switches on file kinds.
public protocol ContentFormat: Sendable {
    /// A name for messages and the README ("Markdown page").
    var name: String { get }
    var role: ContentRole { get }
    /// Whether the file at `path` (relative to the content folder, `/`-separated) is of this format.
    func claims(_ path: String, configuration: Configuration) -> Bool
    /// The extractor (and, through its units' renderings, the writer) of its files.
    func source(configuration: Configuration) -> any ContentSource
    /// How the protected pieces of its messages become XLIFF inline codes; nil: plain text.
    var inlineCodes: XLIFFInlineScanner? { get }
    /// Whether its messages are ICU MessageFormat, checked as such at every gate.
    var isMessageFormat: Bool { get }
    /// The site generator's syntax its messages may hold, protected at every gate (nil: none).
    var markdownDialect: (any MarkdownDialect)? { get }
}

extension ContentFormat {
    public var markdownDialect: (any MarkdownDialect)? { nil }
}

/// The formats tolk reads, in the order they are asked: the first that claims a file reads it, and a
/// file none claims is copied as it is.
public enum ContentFormats {
    /// The formats of a project: Markdown pages are read in its site generator's dialect.
    public static func all(for configuration: Configuration) -> [any ContentFormat] {
        [NavigationFile(), SiteStringsFile(), MDXPage(configuration: configuration), MarkdownPage(dialect: configuration.markdownDialect)]
    }

    public static func format(for path: String, configuration: Configuration) -> (any ContentFormat)? {
        all(for: configuration).first { $0.claims(path, configuration: configuration) }
    }
}

/// A Markdown page (`*.md`, `*.markdown`): YAML or TOML front matter, then a CommonMark/GFM body.
public struct MarkdownPage: ContentFormat {
    public let name = "Markdown page"
    public let role = ContentRole.page
    /// The site generator's syntax in its pages (Hugo shortcodes); nil for plain CommonMark.
    public let markdownDialect: (any MarkdownDialect)?
    public init(dialect: (any MarkdownDialect)? = nil) { markdownDialect = dialect }

    public func claims(_ path: String, configuration: Configuration) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".md") || lower.hasSuffix(".markdown")
    }

    public func source(configuration: Configuration) -> any ContentSource {
        MarkdownPageSource(translatableKeys: configuration.frontMatterKeys, dialect: markdownDialect)
    }

    /// Markdown's protected pieces, in the body and in front matter (which generators render as Markdown too).
    public var inlineCodes: XLIFFInlineScanner? {
        let dialect = markdownDialect
        return { InlineCodeScanners.markdown($0, dialect: dialect) }
    }
    public let isMessageFormat = false
}

/// An MDX page (`*.mdx`, Docusaurus, Astro Starlight…): front matter, then Markdown with JSX,
/// expressions, ESM and `:::` admonitions (`MDXDialect`), whatever the site generator.
public struct MDXPage: ContentFormat {
    public let name = "MDX page"
    public let role = ContentRole.page
    public let markdownDialect: (any MarkdownDialect)?
    public init(configuration: Configuration) {
        markdownDialect = MDXDialect(mdx: true, translatableAttributes: configuration.mdxTranslatableAttributes)
    }

    public func claims(_ path: String, configuration: Configuration) -> Bool { path.lowercased().hasSuffix(".mdx") }

    public func source(configuration: Configuration) -> any ContentSource {
        MarkdownPageSource(translatableKeys: configuration.frontMatterKeys, dialect: markdownDialect)
    }

    public var inlineCodes: XLIFFInlineScanner? {
        let dialect = markdownDialect
        return { InlineCodeScanners.markdown($0, dialect: dialect) }
    }
    public let isMessageFormat = false
}

/// The navigation menu (`navigation.file`, YAML): its labels are plain text, without context.
public struct NavigationFile: ContentFormat {
    public let name = "navigation file"
    public let role = ContentRole.navigation
    public init() {}

    public func claims(_ path: String, configuration: Configuration) -> Bool { path == configuration.navigationFile }

    public func source(configuration: Configuration) -> any ContentSource {
        YAMLStringsSource(role: .navigation, translatableKeys: configuration.navigationKeys, keyAsContext: false)
    }

    public var inlineCodes: XLIFFInlineScanner? { nil }
    public let isMessageFormat = false
}

/// The site's UI strings (`site.file`, YAML): ICU MessageFormat, each with its key as context.
public struct SiteStringsFile: ContentFormat {
    public let name = "site strings file"
    public let role = ContentRole.siteStrings
    public init() {}

    public func claims(_ path: String, configuration: Configuration) -> Bool { path == configuration.siteFile }

    public func source(configuration: Configuration) -> any ContentSource {
        YAMLStringsSource(role: .uiStrings, translatableKeys: configuration.siteKeys, excludedKeys: configuration.siteExcludedKeys, keyAsContext: true)
    }

    /// ICU arguments (`{count}`, `{date}`) are the protected pieces.
    public var inlineCodes: XLIFFInlineScanner? { InlineCodeScanners.messageFormat }
    public let isMessageFormat = true
}

/// A Hugo site's own UI strings (`i18n/<source>.toml` or `.yaml`, go-i18n's format): the site's UI
/// strings when it has them, read in place (they are outside the content folder) and turned into each
/// locale's `i18n/<locale>.toml` by the Hugo wiring. Found by `Configuration.readHugoSettings`, never
/// claimed from the content folder.
public struct HugoI18nFile: ContentFormat {
    public let name = "Hugo i18n file"
    public let role = ContentRole.siteStrings
    /// Its catalog in every locale folder (`locales/ru/i18n.po`).
    public static let catalogPath = "i18n.po"
    public init() {}
    public func claims(_ path: String, configuration: Configuration) -> Bool { false }
    public func source(configuration: Configuration) -> any ContentSource { GoI18nSource() }
    public var inlineCodes: XLIFFInlineScanner? { InlineCodeScanners.messageFormat }
    public let isMessageFormat = true
}
