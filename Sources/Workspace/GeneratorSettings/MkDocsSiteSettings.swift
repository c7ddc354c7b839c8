import Catalog
import Foundation
import Yams

/// What tolk reads of a MkDocs site's own `mkdocs.yml` (or `mkdocs.yaml`) to write `mkdocs.tolk.yml`, which
/// inherits it: `site_url` (absolute alternates), the `nav` titles (to translate), and the lists that
/// MkDocs's `INHERIT` replaces instead of merging (`plugins`, `hooks`), so that the generated file can
/// list the site's own entries again next to tolk's. Tags such as `!ENV` or `!!python/name:` are kept as written.
public struct MkDocsSiteSettings: Equatable, Sendable {
    /// Where a setting was read, for messages (`mkdocs.yml:12`).
    public struct Place: Equatable, Sendable {
        public var file: String
        public var line: Int
    }

    /// A `nav` title and where it is written.
    public struct NavTitle: Equatable, Sendable {
        public var title: String
        public var place: Place
    }

    /// The config file read, relative to the root (`mkdocs.yml`), and whether the site has one.
    public var file = "mkdocs.yml"
    public var found = false
    public var siteURL: String?
    public var navTitles: [NavTitle] = []
    /// The site's plugins, each as the YAML of one list entry (`search`, `{blog: {…}}`); nil when it lists none.
    public var plugins: [String]?
    /// Where the site configures an `i18n` plugin itself (tolk's replaces it).
    public var i18nPlugin: Place?
    public var hooks: [String] = []
    public var excludeDocs: String?
    public var themeName: String?
    /// The theme's `direction` when the site sets it (material then ignores the language's own direction).
    public var themeDirection: String?
    public var useDirectoryURLs = true

    package init() {}

    static let configNames = ["mkdocs.yml", "mkdocs.yaml"]

    /// How many `INHERIT` steps tolk follows from `mkdocs.yml` (MkDocs itself has no limit).
    static let inheritDepth = 8

    /// Reads the site's config file and the files it `INHERIT`s, as MkDocs merges them (the inheriting
    /// file's keys win; for the keys tolk reads, lists are replaced). A file that cannot be read or parsed
    /// is an error, and then `found` is false: tolk writes no `mkdocs.tolk.yml` rather than one that
    /// would drop the site's plugins.
    public static func read(root: URL) -> (settings: MkDocsSiteSettings, diagnostics: [Diagnostic]) {
        var settings = MkDocsSiteSettings()
        guard let name = configNames.first(where: { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }) else {
            return (settings, [Diagnostic(.warning, file: "mkdocs.yml", "not found, so tolk writes no mkdocs.tolk.yml (it inherits mkdocs.yml)",
                                          hint: "keep tolk.yaml beside the site's mkdocs.yml")])
        }
        settings.file = name
        var diagnostics: [Diagnostic] = []
        // The chain of files, the site's own first.
        var chain: [(file: String, mapping: Node.Mapping)] = []
        var next: String? = name
        while let file = next {
            guard let mapping = compose(file, root: root, diagnostics: &diagnostics) else { return (settings, diagnostics) }
            chain.append((file, mapping))
            next = nil
            guard let inherit = mapping["INHERIT"]?.scalar?.string else { break }
            let rootPath = root.standardizedFileURL.path + "/"
            let folder = (file as NSString).deletingLastPathComponent
            let parent = URL(fileURLWithPath: rootPath + (folder.isEmpty ? "" : folder + "/") + inherit).standardizedFileURL.path
            let line = mapping.keys.first { $0.string == "INHERIT" }?.mark?.line ?? 0
            guard parent.hasPrefix(rootPath) else {
                diagnostics.append(Diagnostic(.error, file: file, line: line, "INHERIT names \(inherit), outside the project, which tolk does not read",
                    hint: "keep the inherited config inside the project, or copy the settings tolk needs (plugins, hooks, nav, site_url) into \(name)"))
                return (settings, diagnostics)
            }
            guard chain.count <= inheritDepth else {
                diagnostics.append(Diagnostic(.error, file: file, line: line, "INHERIT goes more than \(inheritDepth) files deep (or in a circle)",
                    hint: "inherit from fewer files"))
                return (settings, diagnostics)
            }
            next = String(parent.dropFirst(rootPath.count))
        }
        for (file, mapping) in chain.reversed() { settings.apply(mapping, file: file, diagnostics: &diagnostics) }
        settings.found = true
        return (settings, diagnostics)
    }

    /// One config file as a mapping, or nil with an error.
    private static func compose(_ file: String, root: URL, diagnostics: inout [Diagnostic]) -> Node.Mapping? {
        let bytes: [UInt8]
        do {
            guard let read = try FileTree.readIfPresent(root.appendingPathComponent(file)) else {
                diagnostics.append(Diagnostic(.error, file: file, "not found (an INHERIT names it)", hint: "MkDocs cannot build the site either"))
                return nil
            }
            bytes = read
        } catch {
            diagnostics.append(Diagnostic(.error, file: file, "cannot be read (\(error))", hint: "tolk reads it to write mkdocs.tolk.yml"))
            return nil
        }
        do {
            guard case .mapping(let mapping)? = try Yams.compose(yaml: String(decoding: bytes, as: UTF8.self)) else {
                diagnostics.append(Diagnostic(.error, file: file, line: 1, "is not a YAML mapping of MkDocs settings, so tolk writes no mkdocs.tolk.yml",
                                              hint: "MkDocs cannot read it either"))
                return nil
            }
            return mapping
        } catch {
            diagnostics.append(Diagnostic(.error, file: file, line: (error as? YamlError).map(Configuration.line(of:)) ?? 0,
                "YAML: \(error); tolk writes no mkdocs.tolk.yml", hint: "fix it so that MkDocs can read it too; tolk reads site_url, nav and plugins from it"))
            return nil
        }
    }

    /// The keys tolk reads from one file of the chain, over what the files it inherits said.
    private mutating func apply(_ mapping: Node.Mapping, file: String, diagnostics: inout [Diagnostic]) {
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "site_url": siteURL = value.scalar?.string
            case "nav": navTitles = Self.titles(in: value, file: file, depth: 0)
            case "plugins": readPlugins(value, file: file, diagnostics: &diagnostics)
            case "hooks": hooks = value.sequence?.compactMap { $0.scalar?.string } ?? []
            case "exclude_docs": excludeDocs = value.scalar?.string
            case "use_directory_urls": useDirectoryURLs = value.scalar?.string.lowercased() != "false"
            case "theme":
                if let theme = value.scalar?.string {
                    themeName = theme
                } else if case .mapping(let theme) = value {
                    if let name = theme["name"]?.scalar?.string { themeName = name }
                    if let direction = theme["direction"]?.scalar?.string { themeDirection = direction.isEmpty ? nil : direction }
                }
            default: break
            }
        }
    }

    /// The titles of `nav` entries (`- Setup: guide/setup.md`, `- Guide: [...]`), depth first; a bare
    /// `- guide/setup.md` takes the page's own title, which its catalog translates. Nesting is bounded.
    package static func titles(in node: Node, file: String, depth: Int) -> [NavTitle] {
        guard depth < 32, case .sequence(let items) = node else { return [] }
        var titles: [NavTitle] = []
        for item in items {
            guard case .mapping(let entry) = item else { continue }
            for (key, value) in entry {
                guard let title = key.string else { continue }
                titles.append(NavTitle(title: title, place: Place(file: file, line: key.mark?.line ?? 0)))
                titles += Self.titles(in: value, file: file, depth: depth + 1)
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
        i18nPlugin = nil
        for entry in entries {
            let name = entry.scalar?.string ?? entry.mapping?.first?.key.string ?? ""
            if name == "i18n" {
                i18nPlugin = Place(file: file, line: (entry.mark ?? entry.mapping?.first?.key.mark)?.line ?? 0)
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
