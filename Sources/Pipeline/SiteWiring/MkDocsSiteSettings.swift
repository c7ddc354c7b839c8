import Catalog
import Foundation
import Yams

/// What tolk reads of a MkDocs site's own `mkdocs.yml` (or `mkdocs.yaml`) to write `mkdocs.tolk.yml`, which
/// inherits it: `site_url` (absolute alternates), the `nav` titles (to translate), and the lists that
/// MkDocs's `INHERIT` replaces instead of merging (`plugins`, `hooks`), so that the generated file can
/// list the site's own entries again next to tolk's. Tags such as `!ENV` or `!!python/name:` are kept as written.
public struct MkDocsSiteSettings: Equatable, Sendable {
    /// A `nav` title with its line in the config file.
    public struct NavTitle: Equatable, Sendable {
        public var title: String
        public var line: Int
    }

    /// The config file read, relative to the root (`mkdocs.yml`), and whether the site has one.
    public var file = "mkdocs.yml"
    public var found = false
    public var siteURL: String?
    public var navTitles: [NavTitle] = []
    /// The site's plugins, each as the YAML of one list entry (`search`, `{blog: {…}}`); nil when it lists none.
    public var plugins: [String]?
    /// The line of an `i18n` plugin the site configures itself (tolk's replaces it), 0 when it has none.
    public var i18nPluginLine = 0
    public var hooks: [String] = []
    public var excludeDocs: String?
    public var themeName: String?
    /// The theme's `direction` when the site sets it (material then ignores the language's own direction).
    public var themeDirection: String?
    public var useDirectoryURLs = true

    static let configNames = ["mkdocs.yml", "mkdocs.yaml"]

    /// Reads the site's config file; one that cannot be parsed is a warning, and its settings unknown.
    public static func read(root: URL) -> (settings: MkDocsSiteSettings, diagnostics: [Diagnostic]) {
        var settings = MkDocsSiteSettings()
        guard let name = configNames.first(where: { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }) else {
            return (settings, [Diagnostic(.warning, file: "mkdocs.yml", "not found, so tolk writes no mkdocs.tolk.yml (it inherits mkdocs.yml)",
                                          hint: "keep tolk.yaml beside the site's mkdocs.yml")])
        }
        settings.file = name
        settings.found = true
        let bytes: [UInt8]
        do {
            guard let read = try FileTree.readIfPresent(root.appendingPathComponent(name)) else { return (settings, []) }
            bytes = read
        } catch {
            return (settings, [Diagnostic(.error, file: name, "cannot be read (\(error))", hint: "tolk reads it to write mkdocs.tolk.yml")])
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: String(decoding: bytes, as: UTF8.self))
        } catch {
            return (settings, [Diagnostic(.error, file: name, line: (error as? YamlError).map(Configuration.line(of:)) ?? 0, "YAML: \(error)",
                                          hint: "fix it so that MkDocs can read it too; tolk reads site_url, nav and plugins from it")])
        }
        guard case .mapping(let mapping)? = node else {
            return (settings, [Diagnostic(.error, file: name, line: 1, "is not a YAML mapping of MkDocs settings", hint: "MkDocs cannot read it either")])
        }
        var diagnostics: [Diagnostic] = []
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "site_url": settings.siteURL = value.scalar?.string
            case "nav": settings.navTitles = Self.titles(in: value, depth: 0)
            case "plugins": settings.readPlugins(value, file: name, diagnostics: &diagnostics)
            case "hooks": settings.hooks = value.sequence?.compactMap { $0.scalar?.string } ?? []
            case "exclude_docs": settings.excludeDocs = value.scalar?.string
            case "use_directory_urls": settings.useDirectoryURLs = value.scalar?.string.lowercased() != "false"
            case "theme":
                if let theme = value.scalar?.string {
                    settings.themeName = theme
                } else if case .mapping(let theme) = value {
                    settings.themeName = theme["name"]?.scalar?.string
                    settings.themeDirection = theme["direction"]?.scalar.flatMap { $0.string.isEmpty ? nil : $0.string }
                }
            default: break
            }
        }
        return (settings, diagnostics)
    }

    /// The titles of `nav` entries (`- Setup: guide/setup.md`, `- Guide: [...]`), depth first; a bare
    /// `- guide/setup.md` takes the page's own title, which its catalog translates. Nesting is bounded.
    static func titles(in node: Node, depth: Int) -> [NavTitle] {
        guard depth < 32, case .sequence(let items) = node else { return [] }
        var titles: [NavTitle] = []
        for item in items {
            guard case .mapping(let entry) = item else { continue }
            for (key, value) in entry {
                guard let title = key.string else { continue }
                titles.append(NavTitle(title: title, line: key.mark?.line ?? 0))
                titles += Self.titles(in: value, depth: depth + 1)
            }
        }
        return titles
    }

    /// `plugins` as MkDocs reads it: a list of names and one-key mappings, or a mapping of name to settings.
    private mutating func readPlugins(_ node: Node, file: String, diagnostics: inout [Diagnostic]) {
        var entries: [Node] = []
        switch node {
        case .sequence(let list): entries = Array(list)
        case .mapping(let mapping): entries = mapping.map { Node.mapping(Node.Mapping([($0.key, $0.value)])) }
        default: return
        }
        var kept: [String] = []
        for entry in entries {
            let name = entry.scalar?.string ?? entry.mapping?.first?.key.string ?? ""
            if name == "i18n" {
                i18nPluginLine = entry.mark?.line ?? 0
                continue
            }
            guard let yaml = try? Yams.serialize(node: entry, allowUnicode: true) else {
                diagnostics.append(Diagnostic(.warning, file: file, line: entry.mark?.line ?? 0,
                    "the plugin entry cannot be written again, so mkdocs.tolk.yml leaves it out", hint: "write it as a name or a one-key mapping"))
                continue
            }
            kept.append(yaml)
        }
        plugins = kept
    }
}
