import Catalog
import Extractor
import LocaleData
import Foundation
import Yams

/// What `tolk.yaml` says, with the conventions filled in for whatever it leaves out.
public struct Configuration: Sendable {
    /// The project's name (`project: field-notes`): written into every export, so that an import of a
    /// file exported from another project is refused. Nil: exports carry no name and nothing is checked.
    public var projectName: String?
    public var sourceLocale = "en"
    /// Target locales; nil means "the folders under the catalogs folder".
    public var targetLocales: [String]?
    /// Extra fallbacks tried before the source text (`pt-BR: [pt]`).
    public var fallbacks: [String: [String]] = [:]
    public var contentPath = "content"
    public var catalogsPath = "locales"
    public var outputPath = "public"
    /// Where `tolk build --html` writes the HTML preview of every locale.
    public var previewPath = "preview"
    public var frontMatterKeys: [KeyPattern] = ["title", "summary", "description", "tags"].map(KeyPattern.init)
    public var navigationFile = "navigation.yaml"
    public var navigationKeys: [KeyPattern] = [KeyPattern("**.label"), KeyPattern("**.title")]
    /// Navigation lists (`menu.children`) that `tolk build` orders by their localized labels, with the locale's collation.
    public var navigationSortedLists: [KeyPattern] = []
    public var siteFile = "site.yaml"
    public var siteKeys: [KeyPattern] = [KeyPattern("**")]
    public var siteExcludedKeys: [KeyPattern] = ["base_url", "**.url", "default_language", "language", "author.name", "**.email"].map(KeyPattern.init)
    public var readingTime = ReadingTime()
    public var referenceStyle = "full"
    /// The order of entries in catalogs and templates.
    public var catalogOrder = CatalogOrder.source
    public var build = BuildSettings()
    public var preview = PreviewSettings()
    /// `site_generator:`; nil when `tolk.yaml` does not say, and `load(root:)` then detects it.
    public var siteGenerator: SiteGenerator?
    /// `hugo: {shortcodes: …}` over `HugoDialect.defaultShortcodes`: what of each shortcode is prose.
    public var hugoShortcodes = HugoDialect.defaultShortcodes
    /// `jekyll: {include_parameters: […]}`: the include parameters whose quoted values are messages.
    public var jekyllIncludeParameters: [String] = []
    /// `mdx: {translatable_attributes: […]}`: the JSX string attributes that are messages.
    public var mdxTranslatableAttributes = MDXDialect.defaultTranslatableAttributes
    /// `machine_translation:`: the engines `tolk translate` may use.
    public var machineTranslation = MachineTranslationSettings()

    /// What tolk read of a Hugo site's own config (nil for other generators), and what it could not read.
    public var hugoSite: HugoSiteSettings?
    /// A Hugo site's own UI strings file (`i18n/en.toml`), relative to the root: the source of its UI strings.
    public var hugoI18nSource: String?
    /// What tolk read of a Jekyll site's `_config.yml` (nil for other generators).
    public var jekyllSite: JekyllSiteSettings?
    /// What tolk read of a MkDocs site's own `mkdocs.yml` (nil for other generators).
    public var mkdocsSite: MkDocsSiteSettings?
    public var generatorSettingsDiagnostics: [Diagnostic] = []
    /// The site's absolute root URL, from the generator's config (Hugo's `baseURL`): makes `alternates` absolute.
    public var siteBaseURL: String?

    /// The Markdown dialect of the site's pages; nil for plain CommonMark.
    public var markdownDialect: (any MarkdownDialect)? { (siteGenerator ?? .plain).dialect(self) }

    public enum CatalogOrder: String, Sendable, CaseIterable {
        /// The order of the units in the content file: stable across runs, and a translator reads a post top to bottom.
        case source
        /// By source text with the source language's ICU collation (then by context): easy to scan for a word.
        case collated
    }

    /// How posts get a localized reading time in their front matter.
    public struct ReadingTime: Sendable {
        /// Front matter key holding the minutes (an integer).
        public var minutesKey = "reading_minutes"
        /// Key of the ICU plural message in the site strings file.
        public var messageKey = "strings.reading_time"
        /// Front matter key the localized string is written to.
        public var outputKey = "reading_time"
    }

    public init() {}

    public static let fileName = "tolk.yaml"

    /// Reads `tolk.yaml` from `root`. A site without one is refused, not read with the conventions: they
    /// say the content is English, and a Russian site would be built by English rules ("21 минуты")
    /// without a word; `tolk init` writes a `tolk.yaml` that names the source language.
    public static func load(root: URL) throws(ConfigurationError) -> Configuration {
        let url = root.appendingPathComponent(fileName)
        let read: [UInt8]?
        do {
            read = try FileTree.readIfPresent(url)
        } catch {
            // Present but unreadable (a folder, no permission) is an error, never the defaults: a sync
            // on the wrong settings would rewrite every catalog.
            throw ConfigurationError(file: fileName, line: 0, message: "cannot read the configuration (\(Self.reason(error)))",
                                     hint: "tolk.yaml must be a readable file")
        }
        guard let bytes = read else {
            throw ConfigurationError(file: fileName, line: 0, message: "not found in \(root.standardizedFileURL.path), so tolk does not know the language the content is written in",
                                     hint: "run tolk init --source LANG, or tolk init to have it guessed from the text; or pass --root DIR")
        }
        var configuration = try parse(bytes, file: fileName)
        if configuration.siteGenerator == nil { configuration.siteGenerator = SiteGenerator.detected(root: root) }
        if configuration.siteGenerator == .hugo { configuration.readHugoSettings(root: root) }
        if configuration.siteGenerator == .jekyll { configuration.readJekyllSettings(root: root) }
        if configuration.siteGenerator == .mkdocs { configuration.readMkDocsSettings(root: root) }
        return configuration
    }

    /// The generator serves the source locale's pages at the site's root: its URL pattern is the targets'
    /// without `{locale}/`, unless `build.source_url` says otherwise.
    mutating func placeSourceLocaleAtTheRoot() {
        if build.sourceURL == nil { build.sourceURL = build.url.replacingOccurrences(of: "{locale}/", with: "") }
    }

    /// Takes from a Hugo site's config what tolk's settings leave open: the source locale's URLs follow
    /// `defaultContentLanguageInSubdir` (at the root unless it is true), and `baseURL` makes alternates absolute.
    mutating func readHugoSettings(root: URL) {
        let (settings, diagnostics) = HugoSiteSettings.read(root: root)
        hugoSite = settings
        generatorSettingsDiagnostics = diagnostics
        build.lowercasesLocaleInURLs = true
        // The site's own file, not the one tolk writes for the source locale from the site-strings file.
        hugoI18nSource = ["toml", "yaml", "yml"].map { "i18n/\(sourceLocale).\($0)" }.first { path in
            guard let bytes = (try? FileTree.readIfPresent(root.appendingPathComponent(path))) ?? nil else { return false }
            return !WiringMarker.isPresent(in: bytes)
        }
        if !settings.defaultContentLanguageInSubdir { placeSourceLocaleAtTheRoot() }
        if let base = settings.baseURL, base.hasPrefix("https://") || base.hasPrefix("http://") { siteBaseURL = base }
    }

    /// Takes from a Jekyll site's `_config.yml` what tolk's settings leave open: the source locale's pages at
    /// the root, each page's URL written as its `permalink` (so Jekyll serves it where `alternates` say), the
    /// text direction as `direction` (Jekyll's `page.dir` is the page's folder), and `url` + `baseurl` making
    /// alternates absolute.
    mutating func readJekyllSettings(root: URL) {
        let (settings, diagnostics) = JekyllSiteSettings.read(root: root)
        jekyllSite = settings
        generatorSettingsDiagnostics = diagnostics
        placeSourceLocaleAtTheRoot()
        if build.fields.url.isEmpty { build.fields.url = "permalink" }
        // Jekyll's `page.dir` is the page's folder, whatever the front matter says.
        if build.fields.dir == "dir" { build.fields.dir = "direction" }
        siteBaseURL = settings.siteRoot
    }

    /// The paths of tolk's own files and folders, and of the pseudo-locale trees, which a Jekyll site
    /// (publishing every folder it does not exclude) must leave out; the content folder too, unless it is
    /// the site's `collections_dir`.
    package var pathsJekyllMustNotPublish: [String] {
        var paths = [catalogsPath, Self.fileName, ".tolk", previewPath]
        if contentPath != jekyllSite?.collectionsDirectory { paths.insert(contentPath, at: 0) }
        for locale in build.pseudoLocales {
            paths.append(build.layout == .folders ? outputPath + "/" + locale : outputPath + "/**/*." + locale + ".*")
        }
        return paths
    }

    /// Takes from a MkDocs site's `mkdocs.yml` what tolk's settings leave open: MkDocs names a page by its file (a `slug` changes
    /// nothing, so URLs use the file name), mkdocs-static-i18n builds
    /// the default language at the site's root, so the source locale's URLs have no `{locale}/`; `site_url`
    /// makes alternates absolute.
    mutating func readMkDocsSettings(root: URL) {
        let (settings, diagnostics) = MkDocsSiteSettings.read(root: root)
        mkdocsSite = settings
        generatorSettingsDiagnostics = diagnostics
        build.urlsFollowFileNames = true
        placeSourceLocaleAtTheRoot()
        if let base = settings.siteURL, base.hasPrefix("https://") || base.hasPrefix("http://") { siteBaseURL = base }
    }

    /// Parses the bytes of a `tolk.yaml`: UTF-8 is checked first, so a bad byte is reported at its line.
    public static func parse(_ bytes: [UInt8], file: String) throws(ConfigurationError) -> Configuration {
        var line = 1, lineStart = 0, index = 0
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var consumed = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
                index = consumed
                if scalar == "\n" { line += 1; lineStart = index }
            case .emptyInput: break loop
            case .error:
                throw ConfigurationError(file: file, line: line, message: "not valid UTF-8 (column \(index - lineStart + 1))",
                                         hint: "save tolk.yaml as UTF-8")
            }
        }
        return try parse(String(decoding: bytes, as: UTF8.self), file: file)
    }

    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> Configuration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            throw duplicateKeyError(duplicates, mark: context.mark.line, text: text, file: file)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: Self.line(of: error), message: "YAML syntax: \(error)")
        } catch {
            throw ConfigurationError(file: file, line: 0, message: "\(error)")
        }
        var config = Configuration()
        guard let root else { return config }
        guard let mapping = root.mapping else {
            throw ConfigurationError(file: file, line: root.mark?.line ?? 1, message: "expected a mapping of settings (source:, locales:, …)")
        }
        var reading = SettingsReading(file: file, sourceLocale: config.sourceLocale)
        for (keyNode, value) in mapping {
            try config.read(keyNode.string ?? "", value, line: keyNode.mark?.line ?? 0, &reading)
        }
        try config.checkFolders(file: file, lines: reading.pathLines)
        reading.locales.sourceLocale = config.sourceLocale
        try reading.locales.run()
        return config
    }

    /// What reading one `tolk.yaml` gathers besides the settings: where each path is set, for the
    /// folder checks, and every locale mentioned, for the locale checks, which run once all are read.
    private struct SettingsReading {
        let reader: NodeReader
        var pathLines: [String: Int] = [:]
        var locales: LocaleSettingsCheck

        init(file: String, sourceLocale: String) {
            reader = NodeReader(file: file)
            locales = LocaleSettingsCheck(file: file, sourceLocale: sourceLocale)
        }

        var file: String { reader.file }
    }

    /// Reads one top-level setting into the configuration.
    private mutating func read(_ key: String, _ value: Node, line: Int, _ reading: inout SettingsReading) throws(ConfigurationError) {
        let reader = reading.reader
        switch key {
        case "project": projectName = try Self.projectName(value, reader)
        case "source":
            sourceLocale = try reader.string(value, key)
            reading.locales.source = LocaleMention(code: sourceLocale, setting: key, node: value)
        case "locales":
            let targets = try reader.locales(value, key)
            targetLocales = targets.map(\.code)
            reading.locales.targets = targets
        case "fallbacks", "fallback":
            guard let chains = value.mapping else { throw reader.error(value, "'\(key)' must map a locale to a list of locales, e.g. pt-BR: [pt]") }
            for (localeNode, chainNode) in chains {
                let locale = LocaleMention(code: localeNode.string ?? "", setting: key, node: localeNode)
                let chain = try reader.locales(chainNode, "\(key).\(locale.code)")
                fallbacks[locale.code] = chain.map(\.code)
                reading.locales.fallbacks.append((locale, chain))
            }
        case "paths": try readPaths(value, line: line, &reading)
        case "front_matter":
            for (name, setting) in try reader.mapping(value, key) {
                guard name.string == "translate" else { throw reader.error(name, "unknown setting 'front_matter.\(name.string ?? "")'; expected translate") }
                frontMatterKeys = try reader.strings(setting, "front_matter.translate").map(KeyPattern.init)
            }
        case "navigation", "site": try readStringsFile(key, value, reader)
        case "reading_time": try readReadingTime(value, reader)
        case "catalogs": try readCatalogSettings(value, reader)
        case "build":
            build = try BuildSettings.parse(value, file: reading.file, minimums: &reading.locales.minimums, pseudoLocales: &reading.locales.pseudoLocales)
        case "preview": try readPreviewSettings(value, reader)
        case "site_generator":
            let name = try reader.string(value, key)
            guard let generator = SiteGenerator(rawValue: name) else {
                throw ConfigurationError(file: reading.file, line: value.mark?.line ?? line, column: value.mark?.column ?? 0,
                                         message: "unknown site_generator '\(name)'",
                                         hint: "expected one of \(SiteGenerator.allCases.map(\.rawValue).joined(separator: ", ")); leave it out to detect it from the project's files")
            }
            siteGenerator = generator
        case "hugo", "jekyll", "mdx": try readDialectSettings(key, value, reader)
        case "machine_translation":
            machineTranslation = try MachineTranslationSettings.parse(value, file: reading.file)
        default:
            throw ConfigurationError(file: reading.file, line: line, message: "unknown setting '\(key)'",
                                     hint: "settings are project, source, locales, fallbacks, paths, front_matter, navigation, site, reading_time, catalogs, build, preview, site_generator, hugo, jekyll, mdx, machine_translation")
        }
    }

    private static func projectName(_ value: Node, _ reader: NodeReader) throws(ConfigurationError) -> String {
        let name = try reader.string(value, "project")
        guard name.count <= 100, name.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control && $0 != "\"" }),
              name.trimmingCharacters(in: .whitespaces) == name else {
            throw reader.error(value, "'project' must be a name on one line, without quotes, at most 100 characters, e.g. field-notes")
        }
        return name
    }

    /// `paths:` — content, catalogs, output and preview folders, each relative to the project root.
    private mutating func readPaths(_ value: Node, line: Int, _ reading: inout SettingsReading) throws(ConfigurationError) {
        let reader = reading.reader
        for (name, path) in try reader.mapping(value, "paths") {
            let setting = name.string ?? ""
            let folder = try reader.relativePath(path, "paths.\(setting)")
            reading.pathLines[setting] = name.mark?.line ?? line
            switch setting {
            case "content": contentPath = folder
            case "catalogs": catalogsPath = folder
            case "output": outputPath = folder
            case "preview": previewPath = folder
            default: throw reader.error(name, "unknown setting 'paths.\(setting)'; expected content, catalogs, output or preview")
            }
        }
    }

    /// `navigation:` or `site:` — a strings file, the keys translated in it, and (navigation) the lists
    /// kept sorted or (site) the keys left out.
    private mutating func readStringsFile(_ key: String, _ value: Node, _ reader: NodeReader) throws(ConfigurationError) {
        for (name, setting) in try reader.mapping(value, key) {
            switch name.string ?? "" {
            case "file":
                let path = try reader.relativePath(setting, "\(key).file")
                if key == "navigation" { navigationFile = path } else { siteFile = path }
            case "translate":
                let keys = try reader.strings(setting, "\(key).translate").map(KeyPattern.init)
                if key == "navigation" { navigationKeys = keys } else { siteKeys = keys }
            case "sort" where key == "navigation":
                navigationSortedLists = try reader.strings(setting, "navigation.sort").map(KeyPattern.init)
            case "exclude" where key == "site":
                siteExcludedKeys = try reader.strings(setting, "site.exclude").map(KeyPattern.init)
            default:
                throw reader.error(name, "unknown setting '\(key).\(name.string ?? "")'")
            }
        }
    }

    private mutating func readReadingTime(_ value: Node, _ reader: NodeReader) throws(ConfigurationError) {
        for (name, setting) in try reader.mapping(value, "reading_time") {
            switch name.string ?? "" {
            case "minutes": readingTime.minutesKey = try reader.string(setting, "reading_time.minutes")
            case "message": readingTime.messageKey = try reader.string(setting, "reading_time.message")
            case "field": readingTime.outputKey = try reader.string(setting, "reading_time.field")
            default: throw reader.error(name, "unknown setting 'reading_time.\(name.string ?? "")'; expected minutes, message or field")
            }
        }
    }

    private mutating func readCatalogSettings(_ value: Node, _ reader: NodeReader) throws(ConfigurationError) {
        for (name, setting) in try reader.mapping(value, "catalogs") {
            switch name.string ?? "" {
            case "references":
                let style = try reader.string(setting, "catalogs.references")
                guard ["full", "file", "never"].contains(style) else { throw reader.error(setting, "catalogs.references must be full, file or never") }
                referenceStyle = style
            case "sort":
                let order = try reader.string(setting, "catalogs.sort")
                guard let parsed = CatalogOrder(rawValue: order) else { throw reader.error(setting, "catalogs.sort must be source or collated") }
                catalogOrder = parsed
            default:
                throw reader.error(name, "unknown setting 'catalogs.\(name.string ?? "")'; expected references or sort")
            }
        }
    }

    private mutating func readPreviewSettings(_ value: Node, _ reader: NodeReader) throws(ConfigurationError) {
        for (name, setting) in try reader.mapping(value, "preview") {
            switch name.string ?? "" {
            case "tags": preview.tagsKey = try reader.string(setting, "preview.tags")
            case "strings":
                for (roleNode, keyNode) in try reader.mapping(setting, "preview.strings") {
                    guard let role = PreviewSettings.Role(rawValue: roleNode.string ?? "") else {
                        throw reader.error(roleNode, "unknown preview string '\(roleNode.string ?? "")'; expected one of \(PreviewSettings.Role.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    preview.strings[role] = try reader.string(keyNode, "preview.strings.\(role.rawValue)")
                }
            default: throw reader.error(name, "unknown setting 'preview.\(name.string ?? "")'; expected tags or strings")
            }
        }
    }

    /// `hugo:`, `jekyll:` and `mdx:` — what the generator's dialect translates beyond plain Markdown.
    private mutating func readDialectSettings(_ key: String, _ value: Node, _ reader: NodeReader) throws(ConfigurationError) {
        let expected = ["hugo": "shortcodes", "jekyll": "include_parameters", "mdx": "translatable_attributes"][key] ?? ""
        for (name, setting) in try reader.mapping(value, key) {
            guard name.string == expected else { throw reader.error(name, "unknown setting '\(key).\(name.string ?? "")'; expected \(expected)") }
            switch key {
            case "hugo":
                for (shortcode, what) in try reader.mapping(setting, "hugo.shortcodes") {
                    hugoShortcodes[shortcode.string ?? ""] = try Self.hugoTranslatable(what, shortcode: shortcode.string ?? "", file: reader.file)
                }
            case "jekyll": jekyllIncludeParameters = try reader.strings(setting, "jekyll.include_parameters")
            default: mdxTranslatableAttributes = try reader.strings(setting, "mdx.translatable_attributes")
            }
        }
    }

    /// The folders tolk replaces whole (the build's output and the preview) must each be a folder of
    /// their own: not the project root, and neither inside nor around the content, the catalogs,
    /// `.tolk/` or each other — or a build would delete catalogs or write into the sources.
    func checkFolders(file: String, lines: [String: Int]) throws(ConfigurationError) {
        func components(_ path: String) -> [Substring] { path.split(separator: "/").filter { $0 != "." } }
        let others = [("content", contentPath), ("catalogs", catalogsPath), ("state folder", ".tolk")]
        for (name, path, others) in [("output", outputPath, others), ("preview", previewPath, others + [("output", outputPath)])] {
            let replaced = components(path)
            let line = lines[name] ?? 0
            guard !replaced.isEmpty else {
                throw ConfigurationError(file: file, line: line, message: "paths.\(name) (\(path)) is the project folder itself",
                                         hint: "tolk replaces that folder whole; choose a folder of its own, e.g. \(name == "output" ? "public" : "preview")")
            }
            for (otherName, otherPath) in others {
                let other = components(otherPath)
                guard replaced.starts(with: other) || other.starts(with: replaced) else { continue }
                let setting = otherName == "state folder" ? "tolk's state folder" : "paths.\(otherName)"
                throw ConfigurationError(file: file, line: line, message: "paths.\(name) (\(path)) overlaps \(setting) (\(otherPath))",
                                         hint: "tolk replaces the \(name) folder whole on every build\(name == "preview" ? " --html" : ""); choose a folder of its own, e.g. \(name == "output" ? "public" : "preview")")
            }
        }
    }

    /// A key given twice in one mapping: YAML forbids it, and one of the two values would be lost
    /// unseen. Yams reports where the mapping starts; the lines of both keys are found in the text.
    private static func duplicateKeyError(_ duplicates: [String], mark: Int, text: String, file: String) -> ConfigurationError {
        let key = duplicates.first ?? ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line -> Int? in
            let trimmed = line.drop { $0 == " " || $0 == "-" }
            return trimmed.hasPrefix(key + ":") || trimmed.hasPrefix("\"\(key)\":") || trimmed.hasPrefix("'\(key)':") ? index + 1 : nil
        }
        guard lines.count >= 2 else {
            return ConfigurationError(file: file, line: mark, message: "'\(key)' is set twice in one mapping", hint: "keep one of the two")
        }
        return ConfigurationError(file: file, line: lines[1], message: "'\(key)' is set twice in one mapping (first on line \(lines[0]))", hint: "keep one of the two")
    }

    /// One entry of `hugo.shortcodes`: `inner` (its inner content is prose), `none` (nothing is), or a
    /// list of what is: `inner` and named parameters (`[inner, title]`, `[caption, alt]`).
    private static func hugoTranslatable(_ node: Node, shortcode: String, file: String) throws(ConfigurationError) -> HugoDialect.Translatable {
        let setting = "hugo.shortcodes.\(shortcode)"
        let invalid = ConfigurationError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0,
                                         message: "'\(setting)' must be inner, none, or a list of inner and parameter names",
                                         hint: "e.g. notice: inner, or figure: [caption, alt]")
        if let word = node.scalar?.string {
            switch word {
            case "inner": return HugoDialect.Translatable(inner: true)
            case "none": return HugoDialect.Translatable(inner: false)
            default: throw invalid
            }
        }
        guard let items = node.sequence else { throw invalid }
        var names: [String] = []
        for item in items {
            guard let name = item.scalar?.string, !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "=" || $0 == "\"" }) else {
                throw ConfigurationError(file: file, line: item.mark?.line ?? 0, column: item.mark?.column ?? 0,
                                         message: "'\(setting)' lists something that is not a parameter name", hint: invalid.hint)
            }
            names.append(name)
        }
        return HugoDialect.Translatable(inner: names.contains("inner"), parameters: names.filter { $0 != "inner" })
    }

    private static func reason(_ error: any Error) -> String {
        if case ProjectError.unreadable(_, let reason) = error { return reason }
        return "\(error)"
    }

    package static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 0
        }
    }
}

/// `tolk.yaml` could not be used.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the error is about the whole file.
    public var line: Int
    /// 1-based, in Unicode scalars as YAML counts them; 0 when only the line is known.
    public var column: Int
    public var message: String
    public var hint: String?

    public init(file: String, line: Int, column: Int = 0, message: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    /// `tolk.yaml:3:12: error: message (hint)`, the form editors and CI annotate.
    public var description: String {
        let position = line > 0 ? ":\(line)" + (column > 0 ? ":\(column)" : "") : ""
        return "\(file)\(position): error: \(message)" + (hint.map { " (\($0))" } ?? "")
    }
}

private struct NodeReader {
    let file: String

    func error(_ node: Node, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: node.mark?.line ?? 0, message: message)
    }

    func string(_ node: Node, _ key: String) throws(ConfigurationError) -> String {
        guard let value = node.scalar?.string, !value.isEmpty else { throw error(node, "'\(key)' must be a single value") }
        return value
    }

    func strings(_ node: Node, _ key: String) throws(ConfigurationError) -> [String] {
        if let scalar = node.scalar { return [scalar.string] }
        guard let sequence = node.sequence else { throw error(node, "'\(key)' must be a list, e.g. [ru, de]") }
        var values: [String] = []
        for item in sequence {
            guard let value = item.scalar?.string else { throw error(item, "'\(key)' must list plain values") }
            values.append(value)
        }
        return values
    }

    /// A list of locale codes (or one code), each with where it is written.
    func locales(_ node: Node, _ key: String) throws(ConfigurationError) -> [LocaleMention] {
        if let scalar = node.scalar { return [LocaleMention(code: scalar.string, setting: key, node: node)] }
        guard let sequence = node.sequence else { throw error(node, "'\(key)' must be a list, e.g. [ru, de]") }
        var mentions: [LocaleMention] = []
        for item in sequence {
            guard let value = item.scalar?.string else { throw error(item, "'\(key)' must list plain values") }
            mentions.append(LocaleMention(code: value, setting: key, node: item))
        }
        return mentions
    }

    func mapping(_ node: Node, _ key: String) throws(ConfigurationError) -> Node.Mapping {
        guard let mapping = node.mapping else { throw error(node, "'\(key)' must be a mapping of settings") }
        return mapping
    }

    /// A folder or file inside the project: relative, with no `..` that could leave it.
    func relativePath(_ node: Node, _ key: String) throws(ConfigurationError) -> String {
        let value = try string(node, key)
        if value.hasPrefix("/") || value.split(separator: "/").contains("..") {
            throw error(node, "'\(key)' must be a path inside the project (relative, without ..)")
        }
        return value
    }
}
