import Extractor
import Foundation

/// The generator a site's Markdown is written for, which decides its dialect: `site_generator:` in
/// `tolk.yaml`, or else what the project root shows (`hugo.toml`, or a `config.toml` with Hugo keys; `mkdocs.yml`).
/// A new dialect is a folder under `Sources/Extractor/Dialects/` and one case here.
public enum SiteGenerator: String, Sendable, CaseIterable {
    /// Plain CommonMark (with GFM tables, task lists, footnotes): no dialect.
    case plain
    case hugo
    /// Jekyll: Liquid tags and kramdown attribute lists.
    case jekyll
    /// MkDocs (`mkdocs.yml`): Python-Markdown with mkdocs-material's extensions.
    case mkdocs
    /// Docusaurus and Astro Starlight: `.md` pages have `:::` admonitions (`.mdx` pages are MDX anywhere).
    case docusaurus, astro

    /// The dialect its Markdown pages are read in, with the project's settings for it.
    package func dialect(_ configuration: Configuration) -> (any MarkdownDialect)? {
        switch self {
        case .plain: nil
        case .hugo: HugoDialect(shortcodes: configuration.hugoShortcodes)
        case .jekyll: JekyllDialect(includeParameters: configuration.jekyllIncludeParameters)
        case .mkdocs: MkDocsDialect()
        case .docusaurus, .astro: MDXDialect(mdx: false, translatableAttributes: configuration.mdxTranslatableAttributes)
        }
    }

    /// Whether the build's page URL (`build.fields.url`) is written into the page at `path`: Jekyll gives a
    /// collection's documents (`_posts/…`, `_docs/…`) the URL its collection's `permalink` makes.
    package func takesURL(ofPage path: String) -> Bool {
        self != .jekyll || !path.split(separator: "/").contains { $0.hasPrefix("_") }
    }

    /// Whether the generator resolves a relative link (`guide/setup.md`) inside the tree it builds, so that
    /// in a locale's tree it already names that locale's page and the build leaves it as written (MkDocs).
    package var resolvesRelativeLinksInEachTree: Bool { self == .mkdocs }

    /// What the files at the project root say: Hugo's own config file, or a generic one with keys only
    /// Hugo reads; `mkdocs.yml`; `docusaurus.config.*`; `astro.config.*`; else Jekyll's `_config.yml`. Anything else is plain.
    package static func detected(root: URL) -> SiteGenerator {
        let manager = FileManager.default
        func exists(_ name: String) -> Bool { manager.fileExists(atPath: root.appendingPathComponent(name).path) }
        if ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"].contains(where: exists) { return .hugo }
        if ["mkdocs.yml", "mkdocs.yaml"].contains(where: exists) { return .mkdocs }
        let scripts = ["js", "mjs", "cjs", "ts", "mts", "cts"]
        if scripts.contains(where: { exists("docusaurus.config.\($0)") }) { return .docusaurus }
        if scripts.contains(where: { exists("astro.config.\($0)") }) { return .astro }
        let hugoKeys = ["baseURL", "languageCode", "contentDir", "defaultContentLanguage", "publishDir", "theme"]
        for name in ["config.toml", "config.yaml", "config.yml", "config.json"] where exists(name) {
            guard let text = try? String(contentsOf: root.appendingPathComponent(name), encoding: .utf8) else { continue }
            // `baseURL` is Hugo's spelling; Jekyll and others write `baseurl` / `base_url`.
            if hugoKeys.contains(where: { text.contains($0) }) { return .hugo }
        }
        // Jekyll's config file, asked after Hugo's: a root with both is read as Hugo.
        if ["_config.yml", "_config.yaml", "_config.toml"].contains(where: exists) { return .jekyll }
        return .plain
    }
}
