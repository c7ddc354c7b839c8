import Catalog
import LocaleData
import Workspace
import Yams

/// Jekyll's wiring, for the plugin-free multilingual layout that works everywhere Jekyll runs (GitHub
/// Pages' safe mode included): each locale's pages are ordinary pages under tolk's tree, each with its
/// `permalink`, `lang` and `alternates` in front matter; per locale `_data/<locale>/navigation.yml` and
/// `_data/<locale>/site.yml` (layouts read `site.data[page.lang]`); and `_config.tolk.yml`, given to
/// Jekyll after the site's own config (`--config _config.yml,_config.tolk.yml`), with the languages and
/// an `exclude` list that keeps tolk's own files and the pseudo-locale trees out of the site.
struct JekyllWiring: GeneratorWiring {
    var settings: JekyllSiteSettings
    /// What the site must not publish: the content folder, the catalogs, tolk.yaml, tolk's state, the preview, pseudo trees.
    var tolkPaths: [String]

    static let configFile = "_config.tolk.yml"
    var perLocaleFolders: [String] { [] }

    func files(for input: WiringInput) -> (files: [WiredFile], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var files = [WiredFile(path: Self.configFile, bytes: Array(config(input).utf8))]
        for locale in input.locales {
            if let navigation = locale.navigation {
                files.append(WiredFile(path: "_data/\(locale.locale)/navigation.yml",
                                       bytes: Array(yaml(localizingURLs(in: navigation, locale), from: input.navigationFile, locale: locale.locale).utf8)))
            }
            if let site = locale.site {
                files.append(WiredFile(path: "_data/\(locale.locale)/site.yml",
                                       bytes: Array(yaml(strings(in: site, locale: locale.locale, siteFile: input.siteFile, diagnostics: &diagnostics), from: input.siteFile, locale: locale.locale).utf8)))
            }
        }
        return (files, diagnostics)
    }

    private func config(_ input: WiringInput) -> String {
        var text = WiringWriter.marker + " from tolk.yaml: build the site with jekyll build --config _config.yml,\(Self.configFile)\n"
        text += "# tolk replaces this file at every build (it never replaces a file without the line above).\n"
        var exclude = settings.exclude
        for path in tolkPaths where !exclude.contains(path) { exclude.append(path) }
        text += "# The site's own exclude list (this file's replaces it), then what tolk keeps out of the site.\n"
        text += "exclude:\n" + exclude.map { "  - " + Self.quoted($0) + "\n" }.joined()
        text += "default_language: " + Self.quoted(input.locales.first?.locale ?? "") + "\n"
        text += "languages:\n"
        for locale in input.locales {
            text += "  - code: \(Self.quoted(locale.locale))\n    name: \(Self.quoted(WiringInput.nativeName(locale.locale)))\n"
            text += "    dir: \(LocaleInfo.isRightToLeft(locale.locale) ? "rtl" : "ltr")\n"
        }
        return text
    }

    /// The navigation with each `url` as a reader of the locale follows it.
    private func localizingURLs(in node: Node, _ locale: WiringInput.Locale) -> Node {
        switch node {
        case .mapping(var mapping):
            for (key, value) in mapping {
                if key.string == "url", let url = value.scalar?.string {
                    mapping[key] = Node(locale.localizedURL(url), Tag(.str), .doubleQuoted)
                } else {
                    mapping[key] = localizingURLs(in: value, locale)
                }
            }
            return .mapping(mapping)
        case .sequence(var sequence):
            for index in sequence.indices { sequence[index] = localizingURLs(in: sequence[index], locale) }
            return .sequence(sequence)
        case .scalar, .alias:
            return node
        }
    }

    /// The site strings with each UI string under `strings:` as Liquid can use it: a plural message becomes
    /// its CLDR forms (`one`, `few`, `other`…, `#` the number), others their text with `{name}` placeholders.
    private func strings(in site: Node, locale: String, siteFile: String, diagnostics: inout [Diagnostic]) -> Node {
        guard case .mapping(var mapping) = site, let strings = mapping[HugoWiring.stringsKey] else { return site }
        let categories = (try? PluralRules(locale: locale).categories) ?? [.other]
        func convert(_ node: Node, path: String) -> Node {
            switch node {
            case .mapping(var inner):
                for (key, value) in inner { inner[key] = convert(value, path: path + "." + (key.string ?? "")) }
                return .mapping(inner)
            case .scalar(let scalar):
                do {
                    let message = try GoI18nMessage(icu: scalar.string, categories: categories, placeholders: .icuBraces)
                    guard message.isPlural else { return Node(message.forms.first?.text ?? "", Tag(.str), .doubleQuoted) }
                    return .mapping(Node.Mapping(message.forms.map { (Node($0.category), Node($0.text, Tag(.str), .doubleQuoted)) }))
                } catch {
                    diagnostics.append(Diagnostic(.warning, file: siteFile, line: node.mark?.line ?? 0,
                        "\(path) (\(locale)): \(error); written to _data/\(locale)/site.yml as the ICU message it is",
                        hint: "write the message with {arguments} and at most one plural"))
                    return node
                }
            case .sequence, .alias:
                return node
            }
        }
        mapping[HugoWiring.stringsKey] = convert(strings, path: HugoWiring.stringsKey)
        return .mapping(mapping)
    }

    private func yaml(_ node: Node, from source: String, locale: String) -> String {
        let body = (try? Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true)) ?? ""
        return WiringWriter.marker + " from \(source) and its \(locale) catalog: translate there, not here.\n"
            + "# tolk replaces this file at every build (it never replaces a file without the line above).\n" + body
    }

    /// A YAML double-quoted string: TOML basic strings use a subset of its escapes.
    static func quoted(_ text: String) -> String { TOMLText.string(text) }
}
