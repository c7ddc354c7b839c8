import Catalog
import Extractor
import LocaleData
import Merger

/// One content file's version in one locale, before it is written: what replaces each unit, and how
/// much of the page is really in that locale.
struct PageVersion: Sendable {
    /// One per unit: the text to write (nil keeps the source bytes).
    var replacements: [String?]
    /// The text each unit reads as in this locale (translation, fallback or source).
    var texts: [String]
    var translatedUnits = 0
    var fallbackUnits = 0
    var sourceUnits = 0
    /// Units whose translation (in the locale or along its chain) failed the checks and was not shipped.
    var refusedUnits = 0
    /// Words of the units whose text is in the locale (or along its fallback chain), and of all units.
    var translatedWords = 0
    var totalWords = 0
    /// The page's slug in this locale, when it has a `slug` field.
    var slug: String?
    /// Messages that fell back to another locale or to the source, for `--verbose`.
    var fellBack: [(line: Int, from: String)] = []

    /// Whole percent of words translated, rounded down (a page at 99.6% is not 100% done).
    var percentTranslated: Int {
        totalWords == 0 ? 100 : translatedWords * 100 / totalWords
    }
}

/// Computes `PageVersion`s: real locales through their catalogs' fallback chain, pseudo-locales by machine.
struct PageTranslator {
    enum Source {
        case catalogs(TranslationLookup)
        case pseudo(PseudoLocale)
        case sourceLocale
    }

    /// The front matter key whose value is the page's slug.
    static let slugKey = "slug"

    static func version(of document: ExtractedDocument, unitWords: [Int], locale: String, source: Source) -> PageVersion {
        var version = PageVersion(replacements: [], texts: [])
        version.replacements.reserveCapacity(document.units.count)
        version.texts.reserveCapacity(document.units.count)
        for (index, unit) in document.units.enumerated() {
            let sourceText = unit.sourceValue ?? unit.text
            let isSlug = unit.role == .frontMatter(keyPath: slugKey)
            let words = isSlug ? 0 : unitWords[index]
            version.totalWords += words
            switch source {
            case .sourceLocale:
                version.replacements.append(nil)
                version.texts.append(sourceText)
                version.translatedWords += words
            case .pseudo(let pseudo):
                let text = isSlug ? sourceText : pseudo.translate(sourceText, isPlural: unit.plural != nil)
                version.replacements.append(text == sourceText ? nil : text)
                version.texts.append(text)
                version.translatedUnits += 1
                version.translatedWords += words
            case .catalogs(let lookup):
                let (found, passedOverRefused) = lookup.lookUp(unitAt: index)
                if passedOverRefused { version.refusedUnits += 1 }
                switch found {
                case .translated(let text, let from):
                    if from == locale { version.translatedUnits += 1 } else {
                        version.fallbackUnits += 1
                        version.fellBack.append((unit.line, from))
                    }
                    version.translatedWords += words
                    version.replacements.append(TranslationLookup.replacement(text, for: unit))
                    version.texts.append(text)
                case .source:
                    version.sourceUnits += 1
                    version.fellBack.append((unit.line, "source"))
                    version.replacements.append(nil)
                    version.texts.append(sourceText)
                }
            }
            if isSlug { version.slug = OutputLayout.cleanSlug(version.texts[index]) }
        }
        if version.slug == nil, let slug = document.frontMatter?.scalars[slugKey] { version.slug = OutputLayout.cleanSlug(slug) }
        return version
    }
}

/// The machine-made locales: `en-XA` reads as accented, 30% longer English (text expansion and
/// hard-coded strings show at once); `ar-XB` wraps every message in right-to-left override marks so
/// the layout runs right to left with readable text (mirroring problems show at once).
struct PseudoLocale: Sendable {
    let locale: String
    let dialect: (any MarkdownDialect)?
    private let accented: PseudoTranslator

    init(locale: String, dialect: (any MarkdownDialect)? = nil) {
        self.locale = locale
        self.dialect = dialect
        accented = PseudoTranslator(dialect: dialect)
    }

    var isRightToLeft: Bool { locale == "ar-XB" }

    func translate(_ text: String, isPlural: Bool) -> String {
        if isPlural { return text }   // ICU syntax stays as written; its forms are shown in the source language.
        switch locale {
        case "ar-XB":
            // U+202E RIGHT-TO-LEFT OVERRIDE … U+202C POP DIRECTIONAL FORMATTING around the text of the message;
            // markup (links, code, placeholders) stays as it is.
            return InlineMarkup(text, dialect: dialect).rewritingText { piece in
                piece.allSatisfy({ $0 == " " }) ? String(piece) : "\u{202E}" + piece + "\u{202C}"
            }
        default:
            return accented.translate(text)
        }
    }
}
