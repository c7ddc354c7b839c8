import LocaleData
import Yams

/// The `build:` section of `tolk.yaml`: how `tolk build` lays out, gates and annotates localized pages.
public struct BuildSettings: Sendable, Equatable {
    /// `public/ru/posts/a.md` (folders, Hugo's "content dir per language") or `public/posts/a.ru.md`
    /// (suffix, Hugo's and Jekyll-polyglot's "translation by filename").
    public enum Layout: String, Sendable, CaseIterable { case folders, suffix }

    /// What happens to a page whose share translated is below `min_translated`.
    public enum BelowMinimum: String, Sendable, CaseIterable {
        /// The page is not written for that locale; links and alternates point to the source version.
        case omit
        /// The page is written with its fallbacks and the `incomplete` field set to true.
        case mark
    }

    public var layout = Layout.folders
    /// URL of a page in a locale: `{locale}`, `{dir}` (the content folder, `posts`) and `{slug}`
    /// (the localized `slug` field, else the file name without extension; empty for `index.md`/`_index.md`).
    public var url = "/{locale}/{dir}/{slug}/"
    /// URL pattern for the source locale's pages (Hugo serves the default language at the root: `/{dir}/{slug}/`).
    public var sourceURL: String?
    /// Percent of a page's words that must be translated (in the locale or along its fallback chain) for
    /// the page to ship in that locale; per locale overrides in `minTranslatedByLocale`.
    public var minTranslated = 0
    public var minTranslatedByLocale: [String: Int] = [:]
    public var belowMinimum = BelowMinimum.omit
    public var includeNeedsReview = false
    /// Style of the localized date written next to `date:`.
    public var dateStyle = LocaleDateFormatter.Style.long
    /// Front matter lists whose localized items are ordered with the locale's collation (`tags`).
    public var sortedLists: [String] = ["tags", "categories"]
    /// Locales made by machine from the source text, for testing layouts: `en-XA` (accented, 30% longer),
    /// `ar-XB` (right to left).
    public var pseudoLocales: [String] = []
    public var fields = Fields()
    /// Whether `{locale}` is written in lowercase in URLs, as Hugo does (`/pt-br/`): set for Hugo sites, not in tolk.yaml.
    public var lowercasesLocaleInURLs = false
    /// Whether `{slug}` is always the file name, as MkDocs names pages (a `slug` in front matter changes
    /// nothing there): set for MkDocs sites, not in tolk.yaml.
    public var urlsFollowFileNames = false

    /// Names of the front matter fields tolk writes into each localized page; an empty name leaves a field out.
    public struct Fields: Sendable, Equatable {
        public var lang = "lang"
        public var dir = "dir"
        public var translationKey = "translationKey"
        public var translated = "translated"
        public var alternates = "alternates"
        public var url = ""
        public var date = "date_display"
        public var incomplete = "translation_incomplete"

        static let settingNames = ["lang", "dir", "translation_key", "translated", "alternates", "url", "date", "incomplete"]
    }

    public init() {}

    public func minimum(for locale: String) -> Int { minTranslatedByLocale[locale] ?? minTranslated }

    public func urlPattern(isSource: Bool) -> String { isSource ? (sourceURL ?? url) : url }

    public static let pseudoLocaleNames = ["en-XA", "ar-XB"]

    static let settingNames = "layout, url, source_url, min_translated, below_min, include_needs_review, date_style, sort, pseudo_locales, fields"
}

extension BuildSettings {
    /// Reads the `build:` section; the per-locale minimums and the pseudo-locales are also handed back
    /// with where they are written, for the checks every locale of `tolk.yaml` goes through.
    package static func parse(_ node: Node, file: String, minimums: inout [LocaleMention], pseudoLocales: inout [LocaleMention]) throws(ConfigurationError) -> BuildSettings {
        var settings = BuildSettings()
        func fail(_ node: Node, _ message: String) -> ConfigurationError {
            ConfigurationError(file: file, line: node.mark?.line ?? 0, message: message)
        }
        func scalar(_ node: Node, _ key: String) throws(ConfigurationError) -> String {
            guard let value = node.scalar?.string, !value.isEmpty else { throw fail(node, "'build.\(key)' must be a single value") }
            return value
        }
        func percent(_ node: Node, _ key: String) throws(ConfigurationError) -> Int {
            let text = try scalar(node, key)
            guard let value = Int(text.hasSuffix("%") ? String(text.dropLast()) : text), (0...100).contains(value) else {
                throw fail(node, "'build.\(key)' must be a percentage from 0 to 100, got '\(text)'")
            }
            return value
        }
        func list(_ node: Node, _ key: String) throws(ConfigurationError) -> [String] {
            if let value = node.scalar?.string { return value.isEmpty ? [] : [value] }
            guard let sequence = node.sequence else { throw fail(node, "'build.\(key)' must be a list") }
            var values: [String] = []
            for item in sequence {
                guard let value = item.scalar?.string else { throw fail(item, "'build.\(key)' must list plain values") }
                values.append(value)
            }
            return values
        }
        guard let mapping = node.mapping else { throw fail(node, "'build' must be a mapping of settings (\(settingNames))") }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "layout":
                let text = try scalar(value, key)
                guard let layout = Layout(rawValue: text) else { throw fail(value, "build.layout must be folders or suffix, got '\(text)'") }
                settings.layout = layout
            case "url", "source_url":
                let pattern = try scalar(value, key)
                guard pattern.hasPrefix("/") || pattern.hasPrefix("http://") || pattern.hasPrefix("https://") else {
                    throw fail(value, "build.\(key) must start with / or http(s)://, e.g. /{locale}/{dir}/{slug}/")
                }
                if key == "url" {
                    guard pattern.contains("{locale}") else { throw fail(value, "build.url must contain {locale}, or every locale's pages would share one URL") }
                    settings.url = pattern
                } else {
                    settings.sourceURL = pattern
                }
            case "min_translated":
                if let perLocale = value.mapping {
                    for (localeNode, threshold) in perLocale {
                        let locale = localeNode.string ?? ""
                        if locale == "default" { settings.minTranslated = try percent(threshold, "min_translated.default") }
                        else {
                            settings.minTranslatedByLocale[locale] = try percent(threshold, "min_translated.\(locale)")
                            minimums.append(LocaleMention(code: locale, setting: "build.min_translated", node: localeNode))
                        }
                    }
                } else {
                    settings.minTranslated = try percent(value, key)
                }
            case "below_min":
                let text = try scalar(value, key)
                guard let choice = BelowMinimum(rawValue: text) else { throw fail(value, "build.below_min must be omit or mark, got '\(text)'") }
                settings.belowMinimum = choice
            case "include_needs_review":
                guard let flag = value.scalar.flatMap({ Bool.construct(from: $0) }) else { throw fail(value, "build.include_needs_review must be true or false") }
                settings.includeNeedsReview = flag
            case "date_style":
                let text = try scalar(value, key)
                guard let style = LocaleDateFormatter.Style(rawValue: text) else { throw fail(value, "build.date_style must be full, long, medium or short, got '\(text)'") }
                settings.dateStyle = style
            case "sort":
                settings.sortedLists = try list(value, key)
            case "pseudo_locales":
                let locales = try list(value, key)
                let items = value.sequence.map(Array.init) ?? [value]
                for (locale, item) in zip(locales, items) {
                    guard pseudoLocaleNames.contains(locale) else {
                        throw ConfigurationError(file: file, line: item.mark?.line ?? 0, column: item.mark?.column ?? 0,
                                                 message: "build.pseudo_locales: '\(locale)' is not a pseudo-locale tolk makes (use \(pseudoLocaleNames.joined(separator: " or ")))")
                    }
                    pseudoLocales.append(LocaleMention(code: locale, setting: "build.pseudo_locales", node: item))
                }
                settings.pseudoLocales = locales
            case "fields":
                guard let fields = value.mapping else { throw fail(value, "'build.fields' must map a field to the name your site generator uses, e.g. translation_key: translationKey") }
                for (nameNode, nameValue) in fields {
                    let name = nameNode.string ?? ""
                    let chosen = nameValue.scalar?.string ?? ""
                    guard nameValue.scalar != nil, chosen.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                        throw fail(nameValue, "build.fields.\(name) must be a plain field name (or \"\" to leave the field out)")
                    }
                    switch name {
                    case "lang": settings.fields.lang = chosen
                    case "dir": settings.fields.dir = chosen
                    case "translation_key": settings.fields.translationKey = chosen
                    case "translated": settings.fields.translated = chosen
                    case "alternates": settings.fields.alternates = chosen
                    case "url": settings.fields.url = chosen
                    case "date": settings.fields.date = chosen
                    case "incomplete": settings.fields.incomplete = chosen
                    default: throw fail(nameNode, "unknown field 'build.fields.\(name)'; expected \(Fields.settingNames.joined(separator: ", "))")
                    }
                }
            default:
                throw fail(keyNode, "unknown setting 'build.\(key)'; expected \(settingNames)")
            }
        }
        return settings
    }
}
