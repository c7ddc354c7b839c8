import Catalog
import Foundation
import Yams

/// What tolk reads of a Jekyll site's `_config.yml`: its `url` and `baseurl` (absolute alternates), its
/// `exclude` list (kept in tolk's `_config.tolk.yml`, which replaces it) and its `collections_dir`.
public struct JekyllSiteSettings: Equatable, Sendable {
    public var url: String?
    public var baseURL: String?
    public var exclude: [String] = []
    public var collectionsDirectory: String?
    public var file: String?

    package init() {}

    static let configNames = ["_config.yml", "_config.yaml"]

    public static func read(root: URL) -> (settings: JekyllSiteSettings, diagnostics: [Diagnostic]) {
        var settings = JekyllSiteSettings()
        guard let name = configNames.first(where: { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }),
              let bytes = (try? FileTree.readIfPresent(root.appendingPathComponent(name))) ?? nil else { return (settings, []) }
        settings.file = name
        let node: Node?
        do { node = try Yams.compose(yaml: String(decoding: bytes, as: UTF8.self)) } catch {
            return (settings, [Diagnostic(.warning, file: name, "YAML: \(error)", hint: "tolk reads url, baseurl and exclude from this file; fix it so Jekyll can read it too")])
        }
        guard case .mapping(let mapping)? = node else { return (settings, []) }
        settings.url = mapping["url"]?.scalar?.string
        settings.baseURL = mapping["baseurl"]?.scalar?.string
        settings.collectionsDirectory = mapping["collections_dir"]?.scalar?.string
        if case .sequence(let list)? = mapping["exclude"] { settings.exclude = list.compactMap { $0.scalar?.string } }
        return (settings, [])
    }

    /// `url` + `baseurl`, the root every page's permalink is under; nil when neither is set.
    public var siteRoot: String? {
        let root = (url ?? "") + (baseURL ?? "")
        return root.isEmpty ? nil : root
    }
}
