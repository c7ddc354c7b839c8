/// The translations of a locale's orphaned catalogs (catalogs whose content file no longer exists),
/// handed to a new catalog that has the same messages: a renamed or moved post keeps its translations.
///
/// A message is the same when its context, text and plural text are the same, byte for byte. It is
/// handed over as it stood: translated stays translated, reviewed stays reviewed (the translator
/// comments come along), needs review stays needs review with its previous source. A rename is no
/// change to the text, so nothing is weakened on the way — unlike `TranslationMemory`, which knows
/// nothing of review and fills another context's translation as needs review.
///
/// Among several orphans that have a message, the one sharing the most messages with the new
/// catalog wins (the renamed file's old catalog, not a post that happens to share a tag); ties go to
/// the first in path order, so the result does not depend on the order files were processed in.
///
/// ```swift
/// let orphans = OrphanedTranslations(catalogs: [oldCatalog])
/// var catalog = updater.update(nil, to: template).catalog
/// let taken = orphans.handOver(into: &catalog)   // [0: 36]: 36 entries came from oldCatalog
/// ```
public struct OrphanedTranslations: Sendable {
    /// A message as an orphan and a new catalog must both have it.
    struct MessageKey: Hashable {
        var key: CatalogEntry.Key
        var plural: MessageText?
        init(_ entry: CatalogEntry) {
            key = entry.key
            plural = entry.idPlural.map(MessageText.init)
        }
    }

    /// For each message, the orphans (by index) holding a translation of it, in path order, with that entry.
    private var holders: [MessageKey: [(orphan: Int, entry: CatalogEntry)]] = [:]

    /// `catalogs` in path order. Only their active entries with a translation count (obsolete ones
    /// were already left behind once).
    public init(catalogs: [Catalog]) {
        for (index, catalog) in catalogs.enumerated() {
            for entry in catalog.entries where !entry.isObsolete && !entry.isHeader && entry.translations.contains(where: { !$0.isEmpty }) {
                let key = MessageKey(entry)
                if holders[key]?.contains(where: { $0.orphan == index }) ?? false { continue }
                holders[key, default: []].append((index, entry))
            }
        }
    }

    public var isEmpty: Bool { holders.isEmpty }

    /// Fills the untranslated entries of `catalog` that an orphan has translated; returns how many
    /// entries each orphan (by index) gave.
    public func handOver(into catalog: inout Catalog) -> [Int: Int] {
        guard !holders.isEmpty else { return [:] }
        var shared: [Int: Int] = [:]
        for entry in catalog.entries where !entry.isObsolete {
            for holder in holders[MessageKey(entry)] ?? [] { shared[holder.orphan, default: 0] += 1 }
        }
        var taken: [Int: Int] = [:]
        for index in catalog.entries.indices {
            let entry = catalog.entries[index]
            guard !entry.isObsolete, entry.status == .untranslated, let found = holders[MessageKey(entry)] else { continue }
            let fitting = found.filter { $0.entry.translations.count == entry.translations.count }
            guard let best = fitting.min(by: { (-shared[$0.orphan, default: 0], $0.orphan) < (-shared[$1.orphan, default: 0], $1.orphan) }) else { continue }
            var handed = entry
            handed.translations = best.entry.translations
            handed.translatorComments = best.entry.translatorComments
            for flag in best.entry.flags where !handed.flags.contains(flag) { handed.flags.append(flag) }
            handed.isFuzzy = best.entry.isFuzzy
            handed.previousContext = best.entry.previousContext
            handed.previousID = best.entry.previousID
            handed.previousIDPlural = best.entry.previousIDPlural
            catalog.entries[index] = handed
            taken[best.orphan, default: 0] += 1
        }
        return taken
    }
}
