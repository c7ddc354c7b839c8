import Catalog
import Foundation
import Workspace

/// Where a locale keeps the translations of the orphaned catalogs `tolk sync --purge-obsolete`
/// removed: `locales/<locale>/.translation-memory.po`.
///
/// It is a PO file, so any translator's tool (Poedit, msgcat, a CAT tool) reads it, and it lives next
/// to the catalogs, in git, not in `.tolk/`: `.tolk/` is local to one checkout, and a memory that a
/// fresh clone lacks would lose the very translations the purge promised to keep. The leading dot keeps
/// it out of every walk over the catalogs (it is no content file's catalog, so never an orphan).
/// Translation memory learns from it like from any catalog: a message whose text comes back is filled
/// again. Each entry keeps its state (fuzzy, the reviewed marker) and names, as a `#.` comment, the
/// catalog it was kept from. It is written atomically, and never when it could not be read completely.
package struct TranslationMemoryFile {
    static let name = ".translation-memory.po"

    package var catalog: Catalog
    /// The bytes on disk, nil when there is no file yet.
    let existingBytes: [UInt8]?
    let url: URL
    package let diagnostics: [Diagnostic]

    package static func url(in project: Project, locale: String) -> URL {
        project.catalogsFolder.appendingPathComponent(locale).appendingPathComponent(name)
    }

    /// The locale's memory file, empty when there is none.
    package static func load(in project: Project, locale: String) throws -> TranslationMemoryFile {
        let url = url(in: project, locale: locale)
        let bytes = try FileTree.readIfPresent(url)
        let read = bytes.map { POReader(path: project.displayPath(url)).read($0) }
        return TranslationMemoryFile(catalog: read?.catalog ?? Catalog(), existingBytes: bytes, url: url, diagnostics: read?.diagnostics ?? [])
    }

    /// Adds the `entries` of the catalog `source` (a display path); an entry the memory already has
    /// with the same translations is not added twice. Returns the entries it has with *other*
    /// translations: those are not added (one message, one entry in a PO file), and the caller must not
    /// drop their catalog.
    mutating func keep(_ entries: [CatalogEntry], from source: String) -> [CatalogEntry] {
        var known: [CatalogEntry.Key: CatalogEntry] = [:]
        for entry in catalog.entries where !entry.isHeader { known[entry.key] = entry }
        var conflicts: [CatalogEntry] = []
        var added: [CatalogEntry] = []
        for entry in entries {
            if let same = known[entry.key] {
                if same.translations != entry.translations || same.idPlural != entry.idPlural { conflicts.append(entry) }
                continue
            }
            var kept = entry
            kept.references = []
            kept.extractedComments = ["kept from \(source)"]
            known[entry.key] = kept
            added.append(kept)
        }
        if conflicts.isEmpty { catalog.entries += added }
        return conflicts
    }
}
