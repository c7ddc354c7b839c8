import Catalog
import Extractor
import LocaleData
import Workspace

/// Turns a content file's units into its template catalog (`.pot`): one entry per distinct
/// context + text, in source order, with every place it occurs as a reference.
enum TemplateBuilder {
    /// With a `collator`, entries are sorted by text in its collation, then by context (`--sort collated`).
    static func template(for document: ExtractedDocument, contentPrefix: String, collator: Collator? = nil) -> Catalog {
        var entries: [CatalogEntry] = []
        var positions: [CatalogEntry.Key: Int] = [:]
        for unit in document.units {
            let reference = "\(contentPrefix)\(document.path):\(unit.line)"
            if let position = positions[unit.key] {
                // A repeat: one entry, one more place (gettext lists each place once).
                if !entries[position].references.contains(reference) { entries[position].references.append(reference) }
                continue
            }
            var entry = CatalogEntry(context: unit.context, id: unit.text)
            entry.extractedComments = [unit.kind]
            if let note = unit.note { entry.extractedComments.append("Note: \(note)") }
            if let plural = unit.plural {
                entry.extractedComments.append("ICU plural message: keep {\(plural.argument), plural, …} and write a branch for every plural category of your language; # is the number.")
            }
            entry.references = [reference]
            positions[unit.key] = entries.count
            entries.append(entry)
        }
        if let collator {
            entries = entries.enumerated().sorted { lhs, rhs in
                let order = collator.compare(lhs.element.id, rhs.element.id)
                if order != 0 { return order < 0 }
                let context = collator.compare(lhs.element.context ?? "", rhs.element.context ?? "")
                return context != 0 ? context < 0 : lhs.offset < rhs.offset
            }.map(\.element)
        }
        var catalog = Catalog(entries: entries)
        catalog.headerFields = Self.baseHeader(language: "")
        catalog.headerFlags = ["fuzzy"]
        return catalog
    }

    static func baseHeader(language: String) -> [(name: String, value: String)] {
        [("Project-Id-Version", "tolk"), ("Language", language), ("MIME-Version", "1.0"),
         ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit")]
    }
}
