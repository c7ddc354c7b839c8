import Catalog
import LocaleData
import Workspace
import Yams

/// Hugo's wiring: `config/_default/languages.toml` (Hugo merges it with the site's own `hugo.toml`),
/// with each locale's code, native name, direction, weight, content folder (tolk's tree), title and
/// params from the site-strings file, and its menus from the navigation file; and `i18n/<locale>.toml`
/// in go-i18n's format from the site strings under `strings:`, plurals as CLDR categories.
struct HugoWiring: GeneratorWiring {
    var settings: HugoSiteSettings
    var sourceLocale: String

    static let languagesFile = "config/_default/languages.toml"
    var perLocaleFolders: [String] { ["i18n"] }

    func files(for input: WiringInput) -> (files: [WiredFile], diagnostics: [Diagnostic]) {
        var diagnostics = checkSettings()
        var files = [WiredFile(path: Self.languagesFile, bytes: Array(languages(input, diagnostics: &diagnostics).utf8))]
        files += sectionPages(input)
        for locale in input.locales {
            // The site's own i18n file is the source language's: tolk writes the other languages'.
            if locale.isSource, input.sitesOwnUIStringsFile != nil { continue }
            var strings = Self.strings(in: locale.site, file: input.siteFile)
            let own = locale.uiStrings.map { (key: $0.key, message: $0.message, file: input.sitesOwnUIStringsFile ?? input.siteFile, line: $0.line) }
            strings = strings.filter { string in !own.contains { $0.key == string.key } } + own
            guard !strings.isEmpty else { continue }
            files.append(WiredFile(path: "i18n/\(locale.locale).toml",
                                   bytes: Array(i18n(strings, locale: locale.locale, sources: Array(Set(strings.map(\.file))).sorted(), diagnostics: &diagnostics).utf8)))
        }
        return (files, diagnostics)
    }

    /// A section's list page takes its title from its `_index.md`; without one Hugo titles it after the
    /// folder ("Posts") in every language. For a section the navigation links to (`url: /posts/`), each
    /// locale's tree gets an `_index.md` whose title is that menu item's label in the locale.
    private func sectionPages(_ input: WiringInput) -> [WiredFile] {
        var files: [WiredFile] = []
        for locale in input.locales {
            var labels: [String: String] = [:]
            func visit(_ node: Node) {
                switch node {
                case .mapping(let mapping):
                    if let url = mapping["url"]?.scalar?.string, let label = (mapping["label"] ?? mapping["name"])?.scalar?.string {
                        let path = url.split(separator: "/").joined(separator: "/")
                        if labels[path] == nil { labels[path] = label }
                    }
                    for (_, value) in mapping { visit(value) }
                case .sequence(let list): list.forEach(visit)
                case .scalar, .alias: break
                }
            }
            if let navigation = locale.navigation { visit(navigation) }
            for section in input.sectionsWithoutIndex {
                guard let title = labels[section] else { continue }
                let text = "---\ntitle: \(TOMLText.string(title))\nlang: \(TOMLText.string(locale.locale))\n---\n"
                files.append(WiredFile(path: "\(locale.tree)/\(section)/_index.md", bytes: Array(text.utf8), isInTolksOutput: true))
            }
        }
        return files
    }

    /// The site-strings key whose values are UI strings (Hugo's `i18n`); the others become the language's params.
    static let stringsKey = "strings"

    /// What must agree between the site's Hugo config and tolk.yaml for the wiring to work.
    private func checkSettings() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let configFile = settings.files.first ?? "hugo.toml"
        if let language = settings.defaultContentLanguage, language.lowercased() != sourceLocale.lowercased() {
            let place = settings.defaultContentLanguagePlace
            diagnostics.append(Diagnostic(.error, file: place?.file ?? configFile, line: place?.line ?? 0,
                "defaultContentLanguage is '\(language)', but tolk.yaml says the content is written in '\(sourceLocale)'",
                hint: "set defaultContentLanguage = \"\(sourceLocale)\": Hugo's default language is the one tolk builds from content/"))
        } else if settings.defaultContentLanguage == nil, sourceLocale.lowercased() != "en" {
            diagnostics.append(Diagnostic(.error, file: configFile,
                "Hugo's defaultContentLanguage is 'en' (its default), but tolk.yaml says the content is written in '\(sourceLocale)'",
                hint: "add defaultContentLanguage = \"\(sourceLocale)\" to \(configFile)"))
        }
        for place in settings.languagesDefined {
            diagnostics.append(Diagnostic(.warning, file: place.file, line: place.line,
                "defines languages, and so does tolk's \(Self.languagesFile); Hugo merges the two and tolk's values win",
                hint: "remove languages from \(place.file): tolk writes them from tolk.yaml and the catalogs"))
        }
        return diagnostics
    }

    private func languages(_ input: WiringInput, diagnostics: inout [Diagnostic]) -> String {
        var toml = TOMLText()
        toml.line(WiringWriter.marker + " from tolk.yaml, \(input.siteFile) and \(input.navigationFile) with their catalogs:")
        toml.line("# change those, not this file. tolk replaces it at every build (it never replaces a file without the line above).")
        for (index, locale) in input.locales.enumerated() {
            let key = TOMLText.key(locale.locale)
            toml.line()
            toml.line("[\(key)]")
            toml.set("languageCode", locale.locale)
            toml.set("languageName", WiringInput.nativeName(locale.locale))
            toml.set("languageDirection", LocaleInfo.isRightToLeft(locale.locale) ? "rtl" : "ltr")
            toml.set("weight", number: index + 1)
            toml.set("contentDir", locale.tree)
            if let title = locale.site?["title"]?.scalar?.string { toml.set("title", title) }
            if case .mapping(let site)? = locale.site {
                var params = site
                params["title"] = nil
                params[Self.stringsKey] = nil
                if !params.isEmpty {
                    writeTable(params, header: "\(key).params", into: &toml, place: input.siteFile, diagnostics: &diagnostics)
                }
            }
            if case .mapping(let navigation)? = locale.navigation {
                for (menuKey, items) in navigation {
                    guard let name = menuKey.string, case .sequence(let list) = items else { continue }
                    let menu = name == "menu" ? "main" : name
                    writeMenu(Array(list), header: "\(key).menus.\(TOMLText.key(menu))", idPrefix: menu, parent: nil, locale: locale, into: &toml)
                }
            }
        }
        return toml.text
    }

    /// A mapping as a TOML table: its scalars and lists of scalars under `[header]`, then its mappings as sub-tables.
    private func writeTable(_ mapping: Node.Mapping, header: String, into toml: inout TOMLText, place: String, diagnostics: inout [Diagnostic]) {
        toml.line()
        toml.line("[\(header)]")
        var tables: [(String, Node.Mapping)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            switch value {
            case .scalar(let scalar): toml.set(key, scalar.string)
            case .mapping(let inner): tables.append((key, inner))
            case .sequence(let list):
                let scalars = list.compactMap { $0.scalar?.string }
                if scalars.count == list.count {
                    toml.line(TOMLText.key(key) + " = [" + scalars.map(TOMLText.string).joined(separator: ", ") + "]")
                } else {
                    diagnostics.append(Diagnostic(.warning, file: place, line: (keyNode.mark?.line ?? 0),
                        "\(key): a list of tables has no place in Hugo's language params; left out of \(Self.languagesFile)",
                        hint: "keep lists of tables in Hugo's data/ folder, or make it a list of strings"))
                }
            case .alias: break
            }
        }
        for (key, inner) in tables { writeTable(inner, header: header + "." + TOMLText.key(key), into: &toml, place: place, diagnostics: &diagnostics) }
    }

    /// Navigation items as Hugo menu entries: `label` the name, `url` localized, list order the weight,
    /// children linked to their parent by an identifier made of their positions (`main-2-1`).
    private func writeMenu(_ items: [Node], header: String, idPrefix: String, parent: String?, locale: WiringInput.Locale, into toml: inout TOMLText) {
        for (index, item) in items.enumerated() {
            guard case .mapping(let fields) = item else { continue }
            let identifier = "\(idPrefix)-\(index + 1)"
            toml.line()
            toml.line("[[\(header)]]")
            toml.set("identifier", identifier)
            if let label = (fields["label"] ?? fields["name"])?.scalar?.string { toml.set("name", label) }
            if let title = fields["title"]?.scalar?.string { toml.set("title", title) }
            if let url = fields["url"]?.scalar?.string { toml.set("url", locale.localizedURL(url)) }
            toml.set("weight", number: index + 1)
            if let parent { toml.set("parent", parent) }
            let params = fields.filter { key, value in
                !["label", "name", "title", "url", "children"].contains(key.string ?? "") && value.scalar != nil
            }
            if !params.isEmpty {
                toml.line("[\(header).params]")
                for (key, value) in params { if let key = key.string, let value = value.scalar?.string { toml.set(key, value) } }
            }
            if case .sequence(let children)? = fields["children"] {
                writeMenu(Array(children), header: header, idPrefix: identifier, parent: identifier, locale: locale, into: &toml)
            }
        }
    }

    /// The UI strings under `strings:` of the site-strings file (nested keys joined with dots), with their lines.
    static func strings(in site: Node?, file: String) -> [(key: String, message: String, file: String, line: Int)] {
        var found: [(key: String, message: String, file: String, line: Int)] = []
        func visit(_ node: Node, path: [String]) {
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping { if let key = key.string { visit(value, path: path + [key]) } }
            case .scalar(let scalar):
                found.append((path.joined(separator: "."), scalar.string, file, node.mark?.line ?? 0))
            case .sequence, .alias:
                break
            }
        }
        if let strings = site?[stringsKey], case .mapping = strings { visit(strings, path: []) }
        return found
    }

    /// go-i18n's file for one locale: each UI string, a plural as its CLDR forms.
    private func i18n(_ strings: [(key: String, message: String, file: String, line: Int)], locale: String, sources: [String], diagnostics: inout [Diagnostic]) -> String {
        let categories = (try? PluralRules(locale: locale).categories) ?? [.other]
        var toml = TOMLText()
        toml.line(WiringWriter.marker + " from \(sources.joined(separator: " and ")) and the \(locale) catalogs: translate there, not here.")
        toml.line("# tolk replaces this file at every build (it never replaces a file without the line above).")
        for string in strings {
            do {
                let message = try GoI18nMessage(icu: string.message, categories: categories)
                toml.line()
                toml.line("[\(TOMLText.key(string.key))]")
                for form in message.forms { toml.set(form.category, form.text) }
                if !message.droppedBranches.isEmpty {
                    diagnostics.append(Diagnostic(.warning, file: string.file, line: string.line,
                        "\(string.key) (\(locale)): go-i18n chooses a plural form by category only, so the branches \(message.droppedBranches.joined(separator: ", ")) are left out of i18n/\(locale).toml",
                        hint: "Hugo shows the category's form instead (one, other…)"))
                }
            } catch {
                diagnostics.append(Diagnostic(.warning, file: string.file, line: string.line,
                    "\(string.key) (\(locale)): \(error); left out of i18n/\(locale).toml, so Hugo shows the default language's text",
                    hint: "write the message with {arguments} and at most one plural"))
            }
        }
        return toml.text
    }
}
