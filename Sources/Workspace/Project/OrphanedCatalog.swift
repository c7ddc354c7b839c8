import Catalog
import Foundation

/// A locale's catalog whose content file no longer exists: the file was renamed, moved or deleted.
///
/// It is kept, and reported by `sync`, `status` and `check` as a warning (a deleted post is no error
/// a CI should fail on), until `tolk sync --purge-obsolete` removes it once its translations are
/// safe: taken by another catalog or kept in the locale's `TranslationMemoryFile`. Until then its
/// translations are handed to a new catalog with the same messages (`OrphanedTranslations`) and
/// learned by translation memory.
public struct OrphanedCatalog: Sendable {
    public var locale: String
    /// Relative to the locale's folder (`posts/old.po`).
    public var catalogPath: String
    /// Relative to the project root (`locales/ru/posts/old.po`).
    public var catalogFile: String
    /// The content file it was made for, relative to the project root (`content/posts/old.md`), as its
    /// references name it; `content/posts/old.*` when it has none.
    public var formerSource: String
    public var catalog: Catalog
    /// What reading it found; a catalog with errors is never removed.
    public var diagnostics: [Diagnostic]

    /// Active entries with a translation (translated or needing review): what removing it would lose.
    public var translationCount: Int {
        catalog.entries.count { !$0.isObsolete && !$0.isHeader && $0.translations.contains { !$0.isEmpty } }
    }

    /// The warning `sync`, `status` and `check` give for it.
    public func warning(memoryFile: String) -> Diagnostic {
        let count = translationCount
        guard count > 0 else {
            return Diagnostic(.warning, file: catalogFile, "its content file \(formerSource) no longer exists; it has no translations",
                              hint: "tolk sync --purge-obsolete removes it")
        }
        return Diagnostic(.warning, file: catalogFile,
                          "its content file \(formerSource) no longer exists; \(count == 1 ? "1 translation" : "\(count) translations") would be lost with it",
                          hint: "tolk sync --purge-obsolete removes it once its translations are taken by another catalog or kept in \(memoryFile)")
    }
}

extension Project {
    /// Paths relative to a locale's folder of the catalogs that live content files have.
    func liveCatalogPaths() throws -> Set<String> {
        Set(try sourceFiles().translatable.map(\.catalogPath))
    }

    /// The catalogs of `locales` whose content file no longer exists, in locale then path order.
    /// Only `.po` files count; hidden files (the translation memory file) are not catalogs.
    public func orphanedCatalogs(locales: [String]) throws -> [OrphanedCatalog] {
        try orphanedCatalogs(locales: locales, live: liveCatalogPaths())
    }

    package func orphanedCatalogs(locales: [String], live: Set<String>) throws -> [OrphanedCatalog] {
        var orphans: [OrphanedCatalog] = []
        for locale in locales {
            let folder = catalogsFolder.appendingPathComponent(locale)
            guard FileManager.default.fileExists(atPath: folder.path) else { continue }
            for path in try FileTree.files(under: folder) where path.hasSuffix(".po") && !live.contains(path) {
                let url = folder.appendingPathComponent(path)
                let display = displayPath(url)
                let read = POReader(path: display).read(try FileTree.read(url))
                orphans.append(OrphanedCatalog(locale: locale, catalogPath: path, catalogFile: display,
                                               formerSource: formerSource(of: read.catalog, catalogPath: path),
                                               catalog: read.catalog, diagnostics: read.diagnostics))
            }
        }
        return orphans
    }

    /// Templates (`locales/templates/…pot`) whose content file no longer exists, as catalog paths.
    package func orphanedTemplates(live: Set<String>) throws -> [String] {
        guard FileManager.default.fileExists(atPath: templatesFolder.path) else { return [] }
        return try FileTree.files(under: templatesFolder).filter { $0.hasSuffix(".pot") && !live.contains(String($0.dropLast())) }.map { String($0.dropLast()) }
    }

    /// The content file a catalog's references name (`content/posts/old.md:12` → `content/posts/old.md`).
    private func formerSource(of catalog: Catalog, catalogPath: String) -> String {
        let stem = configuration.contentPath + "/" + catalogPath.dropLast(".po".count)
        for entry in catalog.entries {
            for reference in entry.references {
                var path = Substring(reference)
                if let colon = path.lastIndex(of: ":"), path[path.index(after: colon)...].allSatisfy(\.isNumber) { path = path[..<colon] }
                if path.hasPrefix(stem + ".") { return String(path) }
            }
        }
        return stem + ".*"
    }
}
