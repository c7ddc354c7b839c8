import Catalog
import Foundation
import LocaleData
import Merger
import Workspace
import Yams

/// What a site generator needs besides the localized pages to build a multilingual site: its language
/// configuration, menus per language, UI strings in its own format. Made by `tolk build` after the
/// trees, from the configuration and the localized navigation and site-strings files, which then are
/// not published as pages. A new generator's wiring is one type here and one case in `SiteGenerator.wiring`.
protocol GeneratorWiring {
    /// The files to write, relative to the project root, and what could not be expressed in them.
    func files(for input: WiringInput) -> (files: [WiredFile], diagnostics: [Diagnostic])
    /// Folders where this wiring writes one file per locale (`i18n/`): a file of tolk's there whose
    /// locale the site no longer has is removed.
    var perLocaleFolders: [String] { get }
}

/// One file of the wiring: written only when its bytes change, never over a file tolk did not write.
struct WiredFile: Equatable {
    var path: String
    var bytes: [UInt8]
    /// A file inside tolk's own output (a section page of a locale's tree): tolk's whatever it holds.
    var isInTolksOutput = false
}

/// The site's real locales (pseudo-locales are a test of the site, not a language for readers), source first.
struct WiringInput {
    struct Locale {
        var locale: String
        var isSource: Bool
        /// The locale's localized tree, relative to the project root (`localized/ru`).
        var tree: String
        /// The localized site-strings file, parsed (nil when the site has none).
        var site: Node?
        /// The localized navigation file, parsed, its lists in the build's order.
        var navigation: Node?
        /// The locale's UI strings from a file in the generator's own format (a Hugo site's `i18n/en.toml`),
        /// id and ICU message, besides those under `strings:` of the site-strings file.
        var uiStrings: [UIString] = []
        /// Each message of the navigation file: its source text and its text in this locale, in file order.
        var navigationMessages: [(source: String, text: String)] = []
        /// A navigation URL as a reader of this locale follows it: a page's URL in the locale, a path of
        /// the site under the locale's prefix, anything else (another site, a fragment) as written.
        var localizedURL: (String) -> String
    }

    struct UIString {
        var key: String
        var message: String
        var line: Int
    }

    var locales: [Locale]
    /// The site's own UI strings file in the generator's format (`i18n/en.toml`), the source locale's:
    /// never written by the wiring.
    var sitesOwnUIStringsFile: String?
    /// The top-level folders of the content that hold pages but no `_index.md` of their own (Hugo's sections).
    var sectionsWithoutIndex: [String] = []
    /// The site-strings and navigation files, relative to the project root, for messages.
    var siteFile: String
    var navigationFile: String
}

/// Writes a wiring's files: each starts with `marker` so that tolk knows it as its own; a file at that
/// path without it is the site's own and is left as it is, with an error that says what to do.
extension WiringInput {
    /// The locale's name in its own language, capitalized as a menu item (`Русский`, `Deutsch`, `日本語`).
    static func nativeName(_ locale: String) -> String {
        let name = LocaleInfo.displayName(locale, in: locale)
        guard let first = name.first else { return locale }
        return first.uppercased() + name.dropFirst()
    }
}

struct WiringWriter {
    static let marker = WiringMarker.line

    var root: URL

    struct Outcome {
        var written: [String] = []
        var unchanged = 0
        var removed: [String] = []
        var diagnostics: [Diagnostic] = []
    }

    func write(_ files: [WiredFile], perLocaleFolders: [String]) throws -> Outcome {
        var outcome = Outcome()
        for file in files {
            let url = root.appendingPathComponent(file.path)
            let existing = try FileTree.readIfPresent(url)
            if let existing, !file.isInTolksOutput, !Self.isTolks(existing) {
                outcome.diagnostics.append(Diagnostic(.error, file: file.path, line: 1,
                    "exists and was not written by tolk, so tolk build leaves it as it is and the site's wiring is incomplete",
                    hint: "move what you need from it into your own config (tolk writes this file from tolk.yaml and the catalogs), remove it, and build again"))
                continue
            }
            if try FileTree.writeIfChanged(file.bytes, to: url, existing: .some(existing)) { outcome.written.append(file.path) } else { outcome.unchanged += 1 }
        }
        let kept = Set(files.map(\.path))
        for folder in perLocaleFolders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = folder + "/" + name
                guard !kept.contains(path), let bytes = try FileTree.readIfPresent(root.appendingPathComponent(path)), Self.isTolks(bytes) else { continue }
                try FileManager.default.removeItem(at: root.appendingPathComponent(path))
                outcome.removed.append(path)
            }
        }
        return outcome
    }

    static func isTolks(_ bytes: [UInt8]) -> Bool { WiringMarker.isPresent(in: bytes) }
}

/// A TOML text built line by line, with strings quoted as TOML basic strings.
struct TOMLText {
    private(set) var text = ""

    mutating func line(_ line: String = "") { text += line + "\n" }

    mutating func set(_ key: String, _ value: String) { line(Self.key(key) + " = " + Self.string(value)) }
    mutating func set(_ key: String, number: Int) { line(Self.key(key) + " = " + String(number)) }

    /// A bare key when it can be one, else a quoted one.
    static func key(_ key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
        return bare ? key : string(key)
    }

    static func string(_ value: String) -> String { TOMLStringRenderer.render(value, preferring: .basic) }
}

extension SiteGenerator {
    /// The files besides the localized trees that the generator needs for a multilingual site (nil: none).
    func wiring(_ configuration: Configuration) -> (any GeneratorWiring)? {
        switch self {
        case .hugo: HugoWiring(settings: configuration.hugoSite ?? HugoSiteSettings(), sourceLocale: configuration.sourceLocale)
        case .jekyll:
            JekyllWiring(settings: configuration.jekyllSite ?? JekyllSiteSettings(), tolkPaths: configuration.pathsJekyllMustNotPublish)
        case .mkdocs: MkDocsWiring(settings: configuration.mkdocsSite ?? MkDocsSiteSettings(), layout: configuration.build.layout,
                                   outputPath: configuration.outputPath, pseudoLocales: configuration.build.pseudoLocales,
                                   alternatesField: configuration.build.fields.alternates)
        case .plain, .docusaurus, .astro: nil
        }
    }
}
