import Catalog
import Checks
import Extractor
import LocaleData

/// Finds the translation of a unit along a locale's fallback chain (`pt-BR` → `pt` → source text).
/// A translation the `TranslationGate` refuses is passed over as if it were not there.
struct TranslationLookup {
    struct Layer {
        var locale: String
        var entries: [CatalogEntry.Key: CatalogEntry]
        /// Entries whose translation fails the checks: never shipped.
        var refused: Set<CatalogEntry.Key> = []
    }

    let layers: [Layer]
    let includeNeedsReview: Bool

    init(layers: [Layer], includeNeedsReview: Bool = false) {
        self.layers = layers
        self.includeNeedsReview = includeNeedsReview
    }

    enum Found {
        /// Text to write in place of the unit, and the locale it came from.
        case translated(String, locale: String)
        /// No locale in the chain has a shippable translation: the source text stays.
        case source
    }

    /// The unit's translation, and whether a translation the checks refused was passed over on the way.
    func lookUp(_ unit: TranslationUnit) -> (found: Found, passedOverRefused: Bool) {
        var passedOver = false
        for layer in layers {
            guard let entry = layer.entries[unit.key] else { continue }
            guard Self.isShippable(entry, includeNeedsReview: includeNeedsReview) else { continue }
            if layer.refused.contains(unit.key) { passedOver = true; continue }
            return (.translated(entry.translations[0], locale: layer.locale), passedOver)
        }
        return (.source, passedOver)
    }

    /// Whether the build would ship the entry's translation, checks aside: translated, or needing
    /// review when the build is told to ship those too.
    static func isShippable(_ entry: CatalogEntry, includeNeedsReview: Bool) -> Bool {
        entry.status == .translated || (includeNeedsReview && entry.status == .needsReview && entry.isTranslated)
    }

    /// The replacement for merge: nil keeps the source bytes when the translation equals the source.
    static func replacement(_ translation: String, for unit: TranslationUnit) -> String? {
        translation == (unit.sourceValue ?? unit.text) ? nil : translation
    }
}
