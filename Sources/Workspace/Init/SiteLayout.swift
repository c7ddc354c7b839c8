import Foundation

/// Where an existing site keeps its Markdown, as `tolk init` finds it from the site generator's own
/// configuration file: Hugo's `content/`, Jekyll's `_posts/`, MkDocs's `docs/` (or its `docs_dir`),
/// Docusaurus's `docs/`.
public struct SiteLayout: Sendable, Equatable {
    public enum Generator: String, Sendable, CaseIterable {
        case hugo = "Hugo", jekyll = "Jekyll", mkdocs = "MkDocs", docusaurus = "Docusaurus"
    }

    /// The generator recognised, or nil for a plain folder of Markdown.
    public var generator: Generator?
    /// The file that gave the generator away (`hugo.toml`).
    public var marker: String?
    /// `paths.content`: the folder of pages, relative to the root.
    public var contentPath: String
    /// `paths.output`: where `tolk build` writes the localized trees.
    public var outputPath: String
    /// What was found and what it means for the user, one sentence each, for the comment above `paths:`.
    public var notes: [String]

    /// Looks at the files in `root` (no file is parsed beyond MkDocs's one `docs_dir:` line).
    public static func detect(in root: URL) -> SiteLayout {
        func exists(_ path: String, folder: Bool = false) -> Bool {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory) && isDirectory.boolValue == folder
        }
        let hasHugoFolders = ["layouts", "themes", "archetypes"].contains { exists($0, folder: true) }
        if let marker = ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml"].first(where: { exists($0) })
            ?? (hasHugoFolders ? ["config.yaml", "config.yml"].first(where: { exists($0) }) : nil) {
            return SiteLayout(generator: .hugo, marker: marker, contentPath: "content", outputPath: "localized", notes: [
                "Found \(marker): a Hugo site, whose pages are under content/ (if contentDir says otherwise, change paths.content).",
                "Hugo writes its own site to public/, so tolk build writes the translated pages to localized/<locale>/, and the languages (each contentDir pointing there) and menus to config/_default/languages.toml, which Hugo merges with your config.",
            ])
        }
        if let marker = ["_config.yml", "_config.yaml"].first(where: { exists($0) }) {
            let posts = exists("_posts", folder: true)
            return SiteLayout(generator: .jekyll, marker: marker, contentPath: posts ? "_posts" : "content", outputPath: "public", notes: [
                "Found \(marker): a Jekyll site." + (posts ? " Its posts, _posts/, are the content: tolk reads one folder, and it cannot be the site root (the catalogs and the output would lie inside it)." : " No _posts/ folder: set paths.content to the folder of pages to translate."),
            ])
        }
        if let marker = ["mkdocs.yml", "mkdocs.yaml"].first(where: { exists($0) }) {
            let docs = docsFolder(inMkDocsConfiguration: root.appendingPathComponent(marker)) ?? "docs"
            return SiteLayout(generator: .mkdocs, marker: marker, contentPath: docs, outputPath: "public", notes: [
                "Found \(marker): an MkDocs site, whose pages are under \(docs)/ (its docs_dir).",
            ])
        }
        if let marker = ["docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs"].first(where: { exists($0) }) {
            return SiteLayout(generator: .docusaurus, marker: marker, contentPath: "docs", outputPath: "public", notes: [
                "Found \(marker): a Docusaurus site, whose docs are under docs/ (its blog/ is a folder of its own: set paths.content to translate that one instead).",
            ])
        }
        let content = exists("content", folder: true) || !exists("docs", folder: true) ? "content" : "docs"
        return SiteLayout(generator: nil, marker: nil, contentPath: content, outputPath: "public", notes: [
            exists(content, folder: true)
                ? "No site generator's configuration found (Hugo, Jekyll, MkDocs, Docusaurus); the pages are taken to be the Markdown under \(content)/."
                : "No site generator's configuration and no content/ folder found: set paths.content to the folder of Markdown pages.",
        ])
    }

    /// `docs_dir: site-docs` in `mkdocs.yml`, read as a plain top-level line (the file may use tags
    /// such as `!!python/name:` that a YAML reader without MkDocs would refuse).
    private static func docsFolder(inMkDocsConfiguration url: URL) -> String? {
        guard let bytes = try? FileTree.readIfPresent(url) else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) where line.hasPrefix("docs_dir:") {
            var value = line.dropFirst("docs_dir:".count)
            if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
            let folder = value.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'")).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let safe = !folder.isEmpty && !folder.hasPrefix("/") && !folder.split(separator: "/").contains("..") && folder != "."
            return safe ? folder : nil
        }
        return nil
    }
}
