import Catalog
import LocaleData
import Workspace
import Yams

/// MkDocs's wiring for the mkdocs-static-i18n plugin: `mkdocs.tolk.yml`, which `INHERIT`s the site's own
/// `mkdocs.yml` (never edited) and sets `docs_dir` to tolk's output and the `i18n` plugin over it: the
/// `folder` structure for tolk's `folders` layout (`public/fr/…`), `suffix` for `page.fr.md`; one
/// language per real locale (native name, the source one the default, built at the site's root),
/// its `site_name`/`site_description`/`copyright` (`title`, `description`, `copyright`) and
/// `admonition_translations` (`admonitions:`) from the site-strings file, and `nav_translations` from
/// the navigation file's messages. And `mkdocs_tolk_hooks.py`, a hook that writes each page's
/// hreflang links from the `alternates` tolk puts in its front matter (no theme of MkDocs writes them).
/// The user builds with `mkdocs build -f mkdocs.tolk.yml`.
struct MkDocsWiring: GeneratorWiring {
    var settings: MkDocsSiteSettings
    var layout: BuildSettings.Layout
    var outputPath: String
    var pseudoLocales: [String]
    /// The front matter field that holds a page's alternates (`build.fields.alternates`; empty: none).
    var alternatesField = "alternates"

    static let configFile = "mkdocs.tolk.yml"
    static let hooksFile = "mkdocs_tolk_hooks.py"
    var perLocaleFolders: [String] { [] }

    func files(for input: WiringInput) -> (files: [WiredFile], diagnostics: [Diagnostic]) {
        guard settings.found else { return ([], []) }
        var diagnostics = checkSettings(input)
        let config: String
        do {
            config = try Yams.serialize(node: configuration(input, diagnostics: &diagnostics), width: -1, allowUnicode: true)
        } catch {
            diagnostics.append(Diagnostic(.error, file: Self.configFile, "cannot be written as YAML (\(error))", hint: "report this as a bug of tolk"))
            return ([], diagnostics)
        }
        let header = WiringWriter.marker + " from \(settings.file), tolk.yaml, \(input.siteFile) and \(input.navigationFile) with their catalogs:\n"
            + "# change those, not this file. tolk replaces it at every build (it never replaces a file without the line above).\n"
            + "# Build the multilingual site with: mkdocs build -f \(Self.configFile)\n"
        return ([WiredFile(path: Self.configFile, bytes: Array((header + config).utf8)),
                 WiredFile(path: Self.hooksFile, bytes: Array(hooks.utf8))], diagnostics)
    }

    /// What tolk cannot do for the site, said once per build.
    private func checkSettings(_ input: WiringInput) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if let place = settings.i18nPlugin {
            diagnostics.append(Diagnostic(.warning, file: place.file, line: place.line,
                "configures the i18n plugin, and so does tolk's \(Self.configFile); tolk's replaces it there",
                hint: "remove it from \(place.file): tolk writes the languages from tolk.yaml and the catalogs"))
        }
        if alternatesField.isEmpty {
            diagnostics.append(Diagnostic(.warning, file: "tolk.yaml",
                "build.fields.alternates is empty, so the pages carry no alternates and \(Self.hooksFile) writes no hreflang links",
                hint: "remove build.fields.alternates from tolk.yaml, or name the field"))
        }
        if !settings.useDirectoryURLs {
            diagnostics.append(Diagnostic(.warning, file: settings.file,
                "use_directory_urls is false, so MkDocs's URLs end in .html and differ from the alternates tolk writes",
                hint: "set build.url and build.source_url in tolk.yaml to the pages' .html URLs, or remove use_directory_urls"))
        }
        // A nav title is translated through the navigation file: one that is not there stays in the source language.
        if input.locales.contains(where: { !$0.isSource }) {
            let known = Set(input.locales.first(where: \.isSource)?.navigationMessages.map(\.source) ?? [])
            for title in settings.navTitles where !known.contains(title.title) {
                diagnostics.append(Diagnostic(.warning, file: title.place.file, line: title.place.line,
                    "the nav title '\(title.title)' is not a message of \(input.navigationFile), so every language shows it as it is",
                    hint: "add `- title: \(title.title)` to \(input.navigationFile) and run tolk sync"))
            }
        }
        return diagnostics
    }

    private func configuration(_ input: WiringInput, diagnostics: inout [Diagnostic]) -> Node {
        var pairs: [(Node, Node)] = [
            (Self.key("INHERIT"), Self.string(settings.file)),
            (Self.key("docs_dir"), Self.string(outputPath)),
        ]
        // The pseudo-locales' pages are a test of the site: built by tolk, never published by MkDocs.
        let excluded = pseudoLocales.map { layout == .folders ? "/\($0)/" : "*.\($0).*" }
        if !excluded.isEmpty {
            let own = settings.excludeDocs.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" } ?? ""
            pairs.append((Self.key("exclude_docs"), Self.string(own + excluded.joined(separator: "\n") + "\n")))
        }
        // INHERIT replaces lists: the site's own hooks and plugins are listed again beside tolk's.
        pairs.append((Self.key("hooks"), .sequence(Node.Sequence((settings.hooks + [Self.hooksFile]).map(Self.string)))))
        var plugins: [Node] = []
        for entry in settings.plugins ?? ["search"] {
            if let node = try? Yams.compose(yaml: entry) {
                plugins.append(node)
            } else {
                diagnostics.append(Diagnostic(.warning, file: settings.file, "the plugin entry \(entry.prefix(80)) could not be written into \(Self.configFile), so it does not run there",
                                              hint: "write it as a name or a one-key mapping"))
            }
        }
        plugins.append(.mapping(Node.Mapping([(Self.key("i18n"), i18n(input))])))
        pairs.append((Self.key("plugins"), .sequence(Node.Sequence(plugins))))
        return .mapping(Node.Mapping(pairs))
    }

    private func i18n(_ input: WiringInput) -> Node {
        var languages: [Node] = []
        for locale in input.locales {
            var fields: [(Node, Node)] = [
                (Self.key("locale"), Self.string(locale.locale)),
                (Self.key("name"), Self.string(WiringInput.nativeName(locale.locale))),
                (Self.key("default"), Self.bool(locale.isSource)),
                (Self.key("build"), Self.bool(true)),
            ]
            for (key, setting) in [("title", "site_name"), ("description", "site_description"), ("copyright", "copyright")] {
                if let value = locale.site?[key]?.scalar?.string { fields.append((Self.key(setting), Self.string(value))) }
            }
            if case .mapping(let titles)? = locale.site?[Self.admonitionsKey] {
                let pairs = titles.compactMap { key, value in
                    key.string.flatMap { type in value.scalar.map { (Self.string(type), Self.string($0.string)) } }
                }
                if !pairs.isEmpty { fields.append((Self.key("admonition_translations"), .mapping(Node.Mapping(pairs)))) }
            }
            // Material takes the direction from the language unless the site fixes one for all.
            if settings.themeDirection != nil {
                let direction = LocaleInfo.isRightToLeft(locale.locale) ? "rtl" : "ltr"
                fields.append((Self.key("theme"), .mapping(Node.Mapping([(Self.key("direction"), Self.string(direction))]))))
            }
            var seen = Set<String>()
            var translations: [(Node, Node)] = []
            for message in locale.navigationMessages where message.source != message.text && seen.insert(message.source).inserted {
                translations.append((Self.string(message.source), Self.string(message.text)))
            }
            if !locale.isSource, !translations.isEmpty {
                fields.append((Self.key("nav_translations"), .mapping(Node.Mapping(translations))))
            }
            languages.append(.mapping(Node.Mapping(fields)))
        }
        return .mapping(Node.Mapping([
            (Self.key("docs_structure"), Self.string(layout == .folders ? "folder" : "suffix")),
            (Self.key("languages"), .sequence(Node.Sequence(languages))),
        ]))
    }

    /// The site-strings key whose mapping gives the default titles of admonitions by type (`note: Remarque`).
    static let admonitionsKey = "admonitions"

    /// Strings double-quoted: PyYAML reads YAML 1.1, where a plain `no` or `on` is a boolean.
    private static func string(_ value: String) -> Node { .scalar(Node.Scalar(value, Tag(.str), .doubleQuoted)) }
    private static func key(_ value: String) -> Node { .scalar(Node.Scalar(value, Tag(.str), .plain)) }
    private static func bool(_ value: Bool) -> Node { .scalar(Node.Scalar(value ? "true" : "false", Tag(.bool), .plain)) }

    /// The hook MkDocs runs for each page: tolk's alternates (front matter) as `<link rel="alternate" hreflang>` in
    /// `<head>`. The field's name is letters, digits, `_` and `-` only (`build.fields` checks it), safe in a Python string.
    var hooks: String { """
        \(WiringWriter.marker) for mkdocs.tolk.yml: each page's hreflang links, from the alternates tolk writes
        # into its front matter. tolk replaces this file at every build (it never replaces a file without the line above).
        import html


        def on_post_page(output, page, config):
            alternates = page.meta.get("\(alternatesField)")
            if not isinstance(alternates, dict) or "</head>" not in output:
                return output
            links = "".join(
                f'<link rel="alternate" hreflang="{html.escape(str(lang))}" href="{html.escape(str(url))}">'
                for lang, url in alternates.items()
            )
            return output.replace("</head>", links + "</head>", 1)

        """
    }
}
