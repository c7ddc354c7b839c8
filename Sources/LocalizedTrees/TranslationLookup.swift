import Catalog
import Checks
import Core
import Extractor
import LocaleData
import Reports

/// Finds the translation of a unit along a locale's fallback chain (`pt-BR` → `pt` → source text).
/// A translation the `TranslationGate` refuses is passed over as if it were not there.
///
/// Entries are found by their key's digest (`POReader.keyDigest`), so that a catalog read from its
/// bytes needs no `String` for its msgids: the units' digests are made once per page.
struct TranslationLookup {
    /// One catalog's translations the build would ship, checks aside.
    struct Layer {
        var locale: String
        /// By key digest: the translation, and whether the checks refuse it (it is then never shipped).
        var entries: [SipHash128.Digest: (translation: String, refused: Bool)]
    }

    let layers: [Layer]
    /// Each unit's key digest, in the page's order.
    let unitKeys: [SipHash128.Digest]

    init(layers: [Layer], unitKeys: [SipHash128.Digest]) {
        self.layers = layers
        self.unitKeys = unitKeys
    }

    enum Found {
        /// Text to write in place of the unit, and the locale it came from.
        case translated(String, locale: String)
        /// No locale in the chain has a shippable translation: the source text stays.
        case source
    }

    /// The translation of the page's unit at `index`, and whether a translation the checks refused was passed over on the way.
    func lookUp(unitAt index: Int) -> (found: Found, passedOverRefused: Bool) {
        var passedOver = false
        for layer in layers {
            guard let entry = layer.entries[unitKeys[index]] else { continue }
            if entry.refused { passedOver = true; continue }
            return (.translated(entry.translation, locale: layer.locale), passedOver)
        }
        return (.source, passedOver)
    }

    /// Whether the build would ship the entry's translation, checks aside: translated, or needing
    /// review when the build is told to ship those too.
    static func isShippable(_ entry: CatalogEntry, includeNeedsReview: Bool) -> Bool {
        entry.status == .translated || (includeNeedsReview && entry.status == .needsReview && entry.isTranslated)
    }

    /// `isShippable` of a singular entry counted as `status` (`POReader.scan`'s): one that needs
    /// review has its translation, or it would count as untranslated.
    static func isShippable(_ status: CountedStatus, includeNeedsReview: Bool) -> Bool {
        status == .translated || (includeNeedsReview && status == .needsReview)
    }

    /// The replacement for merge: nil keeps the source bytes when the translation equals the source.
    static func replacement(_ translation: String, for unit: TranslationUnit) -> String? {
        translation == (unit.sourceValue ?? unit.text) ? nil : translation
    }
}
