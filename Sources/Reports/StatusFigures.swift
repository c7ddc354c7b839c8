import Catalog
import LocaleData

/// Counts of messages and source words by status, for a catalog, a locale, or anything summed.
public struct StatusCounts: Equatable, Sendable, Codable {
    public var translatedMessages = 0
    public var needsReviewMessages = 0
    public var untranslatedMessages = 0
    public var obsoleteMessages = 0
    public var translatedWords = 0
    public var needsReviewWords = 0
    public var untranslatedWords = 0

    public init() {}

    public var totalMessages: Int { translatedMessages + needsReviewMessages + untranslatedMessages }
    public var totalWords: Int { translatedWords + needsReviewWords + untranslatedWords }
    /// Share of source words translated and not waiting for review, 0…100.
    public var percentByWords: Double { totalWords == 0 ? 100 : 100 * Double(translatedWords) / Double(totalWords) }
    public var percentByMessages: Double { totalMessages == 0 ? 100 : 100 * Double(translatedMessages) / Double(totalMessages) }

    public static func + (lhs: StatusCounts, rhs: StatusCounts) -> StatusCounts {
        var sum = lhs
        sum.translatedMessages += rhs.translatedMessages
        sum.needsReviewMessages += rhs.needsReviewMessages
        sum.untranslatedMessages += rhs.untranslatedMessages
        sum.obsoleteMessages += rhs.obsoleteMessages
        sum.translatedWords += rhs.translatedWords
        sum.needsReviewWords += rhs.needsReviewWords
        sum.untranslatedWords += rhs.untranslatedWords
        return sum
    }
}

/// Status of one locale: totals and one row per catalog.
public struct LocaleStatus: Sendable {
    public var locale: String
    public var total = StatusCounts()
    public var catalogs: [(path: String, counts: StatusCounts)] = []

    public init(locale: String) { self.locale = locale }
}

/// Computes status figures. Words are counted in the source text with ICU word breaking for the
/// source locale, so every locale is measured against the same yardstick. A needs-review entry
/// never counts as done.
public struct StatusCalculator {
    private let words: WordCounter

    public init(sourceLocale: String) throws(ICUError) {
        words = try WordCounter(locale: sourceLocale)
    }

    public func counts(for catalog: Catalog) -> StatusCounts {
        var counts = StatusCounts()
        for entry in catalog.entries {
            let wordCount = entry.status == .obsolete ? 0 : words.count(entry.id)
            switch entry.status {
            case .translated:
                counts.translatedMessages += 1
                counts.translatedWords += wordCount
            case .needsReview:
                counts.needsReviewMessages += 1
                counts.needsReviewWords += wordCount
            case .untranslated:
                counts.untranslatedMessages += 1
                counts.untranslatedWords += wordCount
            case .obsolete:
                counts.obsoleteMessages += 1
            }
        }
        return counts
    }
}
