import Catalog
import Extractor
import Foundation

/// A site on disk: its configuration, its content files and where each one's catalogs live.
public struct Project: Sendable {
    public let root: URL
    public let configuration: Configuration

    public init(root: URL) throws(ConfigurationError) {
        self.root = root.standardizedFileURL
        configuration = try Configuration.load(root: root)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: contentFolder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigurationError(file: configuration.contentPath, line: 0, message: "no content folder",
                                     hint: "run tolk in the site's root, pass --root DIR, or set paths.content in tolk.yaml")
        }
        if configuration.targetLocales == nil { try checkCatalogFolders() }
    }

    public var contentFolder: URL { root.appendingPathComponent(configuration.contentPath) }
    public var catalogsFolder: URL { root.appendingPathComponent(configuration.catalogsPath) }
    public var outputFolder: URL { root.appendingPathComponent(configuration.outputPath) }
    public var templatesFolder: URL { catalogsFolder.appendingPathComponent("templates") }
    public var previewFolder: URL { root.appendingPathComponent(configuration.previewPath) }
    /// `.tolk/`: the lock, caches and build state, local to a checkout.
    public var stateFolder: URL { root.appendingPathComponent(".tolk") }

    /// The target locales: from the configuration, else the folders under the catalogs folder.
    public var targetLocales: [String] {
        configuration.targetLocales ?? catalogFolderLocales.filter { LocaleCode.problem($0) == nil }
    }

    /// The folders under the catalogs folder whose names have the shape of a locale code, sorted.
    private var catalogFolderLocales: [String] {
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: catalogsFolder.path)) ?? []
        return folders.filter { name in
            var isDirectory: ObjCBool = false
            return name != "templates" && !name.hasPrefix(".") && LocaleCode.canonical(name) != nil
                && FileManager.default.fileExists(atPath: catalogsFolder.appendingPathComponent(name).path, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }

    /// Targets taken from the catalog folders follow the rules of `locales:` in `tolk.yaml`: the
    /// source's own folder, one locale in two spellings (`ru`, `RU`) and a code not written as BCP 47
    /// writes it (`pt_BR`) are errors, not targets to sync.
    private func checkCatalogFolders() throws(ConfigurationError) {
        var seen: [String: String] = [:]
        let folder = configuration.catalogsPath
        for name in catalogFolderLocales where LocaleCode.isKnownLanguage(LocaleCode.canonical(name) ?? name) {
            let key = LocaleCode.key(name)
            if key == LocaleCode.key(configuration.sourceLocale) {
                throw ConfigurationError(file: "\(folder)/\(name)", line: 0, message: "a catalog folder for the source locale '\(configuration.sourceLocale)'; the targets are taken from the folders under \(folder)/ because tolk.yaml has no locales:",
                                         hint: "list the targets in tolk.yaml (locales: [...]), remove the folder, or set source: to the language the content is written in")
            }
            if let first = seen[key] {
                throw ConfigurationError(file: "\(folder)/\(name)", line: 0, message: "\(folder)/\(name) and \(folder)/\(first) are one locale",
                                         hint: "keep one folder, named \(LocaleCode.canonical(name) ?? first)")
            }
            seen[key] = name
            if let problem = LocaleCode.problem(name) {
                throw ConfigurationError(file: "\(folder)/\(name)", line: 0, message: problem.message, hint: "rename the folder, or list the targets in tolk.yaml (locales: [...])")
            }
        }
    }

    /// The chain a locale's missing translations fall back along, ending before the source text:
    /// configured fallbacks, then the language without its region (`pt-BR` → `pt`) when it is a target.
    public func fallbackChain(for locale: String) -> [String] {
        var chain = [locale]
        for next in configuration.fallbacks[locale] ?? [] where !chain.contains(next) { chain.append(next) }
        if let dash = locale.firstIndex(of: "-") {
            let language = String(locale[..<dash])
            if targetLocales.contains(language), !chain.contains(language) { chain.append(language) }
        }
        return chain
    }

    // MARK: Content files

    public struct SourceFile: Sendable {
        /// Relative to the content folder, `/`-separated.
        public var path: String
        /// The format that claimed it (see `ContentFormats`).
        public var format: any ContentFormat
        public var role: ContentRole { format.role }
        /// The catalog path relative to a locale folder (`posts/hello.po`).
        public var catalogPath: String
        /// Relative to the project root (`content/posts/hello.md`; `i18n/en.toml` for a Hugo site's own UI strings): for reading it and for messages.
        public var rootPath: String
    }

    /// Every translatable file under the content folder, in path order, and the other files (copied as
    /// they are). A page's translation by file name (`a.ru.md` beside `a.md`, for a target locale) is
    /// neither.
    public func sourceFiles() throws -> (translatable: [SourceFile], other: [String]) {
        var translatable: [SourceFile] = []
        var other: [String] = []
        var catalogPaths: [String: String] = [:]
        let paths = try FileTree.files(under: contentFolder)
        let present = Set(paths)
        let targets = targetLocales
        for path in paths {
            // Hugo's translation by file name: `a.ru.md` beside `a.md` is the ru version of that page
            // (what `tolk adopt --layout suffix` reads), not a page of its own to translate, nor a file
            // to copy into the trees: the build writes each locale's version of `a.md` itself.
            if let locale = Self.localeSuffix(of: path, among: targets), present.contains(Self.removingLocaleSuffix(locale, from: path)) {
                continue
            }
            guard let format = ContentFormats.format(for: path, configuration: configuration) else { other.append(path); continue }
            let catalogPath = Self.catalogPath(for: path)
            if let clash = catalogPaths[catalogPath] {
                throw ProjectError.catalogPathClash(first: clash, second: path, catalog: catalogPath)
            }
            catalogPaths[catalogPath] = path
            translatable.append(SourceFile(path: path, format: format, catalogPath: catalogPath, rootPath: configuration.contentPath + "/" + path))
        }
        // A Hugo site's own UI strings (`i18n/en.toml`) live beside the content, not in it.
        if let stringsFile = configuration.hugoI18nSource {
            let catalogPath = HugoI18nFile.catalogPath
            if let clash = catalogPaths[catalogPath] {
                throw ProjectError.catalogPathClash(first: clash, second: stringsFile, catalog: catalogPath)
            }
            translatable.append(SourceFile(path: stringsFile, format: HugoI18nFile(), catalogPath: catalogPath, rootPath: stringsFile))
        }
        return (translatable, other)
    }

    /// The locale in a file name of the suffix layout (`posts/a.ru.md` → `ru`), when it is one of `locales`.
    package static func localeSuffix(of path: String, among locales: [String]) -> String? {
        // On bytes (every content path of every build passes here; `/` and `.` are ASCII): the file
        // name, and in it the part between its last two dots.
        let bytes = path.utf8
        let name = bytes[(bytes.lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex)...]
        guard let lastDot = name.lastIndex(of: UInt8(ascii: ".")), let dotBefore = name[..<lastDot].lastIndex(of: UInt8(ascii: ".")) else { return nil }
        let candidate = String(decoding: name[name.index(after: dotBefore)..<lastDot], as: UTF8.self)
        let key = LocaleCode.key(candidate)
        return locales.first { LocaleCode.key($0) == key }.map { _ in candidate }
    }

    /// `posts/a.ru.md` without its `ru` → `posts/a.md`.
    static func removingLocaleSuffix(_ locale: String, from path: String) -> String {
        guard let dot = path.lastIndex(of: ".") else { return path }
        let stem = path[..<dot]
        guard stem.hasSuffix("." + locale) else { return path }
        return String(stem.dropLast(locale.count + 1)) + path[dot...]
    }

    package static func catalogPath(for contentPath: String) -> String {
        guard let dot = contentPath.lastIndex(of: "."), !contentPath[dot...].contains("/") else { return contentPath + ".po" }
        return contentPath[..<dot] + ".po"
    }

    /// Reads and extracts one content file.
    public func extract(_ file: SourceFile) throws -> (document: ExtractedDocument, diagnostics: [Diagnostic]) {
        let bytes = try FileTree.read(root.appendingPathComponent(file.rootPath))
        var (document, diagnostics) = file.format.source(configuration: configuration).extract(path: file.path, bytes: bytes)
        let folder = file.rootPath.dropLast(file.path.count)
        for index in diagnostics.indices { diagnostics[index].file = folder + diagnostics[index].file }
        document.path = file.path
        return (document, diagnostics)
    }

    // MARK: Catalogs

    public func catalogURL(locale: String, catalogPath: String) -> URL {
        catalogsFolder.appendingPathComponent(locale).appendingPathComponent(catalogPath)
    }

    public func templateURL(catalogPath: String) -> URL {
        templatesFolder.appendingPathComponent(catalogPath + "t")
    }

    /// Path relative to the project root, for messages.
    public func displayPath(_ url: URL) -> String {
        let full = url.standardizedFileURL.path
        let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return full.hasPrefix(base) ? String(full.dropFirst(base.count)) : full
    }

    /// Reads a catalog; nil when the file does not exist.
    public func readCatalog(at url: URL) throws -> (catalog: Catalog, diagnostics: [Diagnostic])? {
        guard let bytes = try FileTree.readIfPresent(url) else { return nil }
        let result = POReader(path: displayPath(url)).read(bytes)
        return (result.catalog, result.diagnostics)
    }

    public var poWriter: POWriter {
        POWriter(referenceStyle: POWriter.ReferenceStyle(rawValue: configuration.referenceStyle) ?? .full)
    }
}

public enum ProjectError: Error, CustomStringConvertible {
    case catalogPathClash(first: String, second: String, catalog: String)
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case pathEscapesProject(String)

    public var description: String {
        switch self {
        case .catalogPathClash(_, let second, _): return "\(second): error: \(message)"
        case .unreadable(let path, _), .unwritable(let path, _), .pathEscapesProject(let path): return "\(path): error: \(message)"
        }
    }

    /// What went wrong, without the path: for a diagnostic that names the file itself.
    public var message: String {
        switch self {
        case .catalogPathClash(let first, _, let catalog):
            return "shares its catalog \(catalog) with \(first) (rename one of them)"
        case .unreadable(_, let reason):
            return "cannot read (\(reason)); check that it exists and that its permissions let you read it"
        case .unwritable(_, let reason):
            return "cannot write (\(reason)); check the folder's permissions and the free disk space"
        case .pathEscapesProject:
            return "path leaves the project folder"
        }
    }

    /// The message of any error for a diagnostic that already names the file.
    package static func message(of error: any Error) -> String {
        if let error = error as? ProjectError { return error.message }
        return "\(error)"
    }
}
