import Catalog
import Extractor
import LocaleData

/// Finds the translation of a unit along a locale's fallback chain (`pt-BR` → `pt` → source text).
struct TranslationLookup {
    struct Layer {
        var locale: String
        var entries: [CatalogEntry.Key: CatalogEntry]
        var pluralForms: GettextPluralForms
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

    func lookUp(_ unit: TranslationUnit) -> Found {
        for layer in layers {
            guard let entry = layer.entries[unit.key] else { continue }
            let usable = entry.status == .translated || (includeNeedsReview && entry.status == .needsReview && entry.isTranslated)
            guard usable else { continue }
            if let plural = unit.plural {
                var forms: [PluralCategory: String] = [:]
                for (category, text) in zip(layer.pluralForms.categories, entry.translations) { forms[category] = text }
                return .translated(PluralMessage(argument: plural.argument, forms: forms).pattern, locale: layer.locale)
            }
            return .translated(entry.translations[0], locale: layer.locale)
        }
        return .source
    }

    /// The replacement for merge: nil keeps the source bytes when the translation equals the source.
    static func replacement(_ translation: String, for unit: TranslationUnit) -> String? {
        translation == (unit.sourceValue ?? unit.text) ? nil : translation
    }
}
