import Catalog
import LocaleData

/// Counts of messages and source words by status, for a catalog, a section, a locale, or any sum.
///
/// Message counts agree with `msgfmt --statistics` on the same PO file: an entry whose first
/// `msgstr` is empty is untranslated, otherwise a `fuzzy` one needs review and the rest are translated;
/// obsolete (`#~`) entries and the header are not messages. What is *done* is stricter: translated, not
/// needing review, and, for a plural entry, with a form for every category the locale needs. A plural
/// entry with `msgstr[0]` filled and `msgstr[1]` empty is translated for msgfmt, a plural gap here and
/// not done (readers of the missing category would see nothing).
public struct StatusCounts: Equatable, Sendable {
    public var translatedMessages = 0
    public var needsReviewMessages = 0
    public var untranslatedMessages = 0
    public var obsoleteMessages = 0
    /// Plural messages (translated or needing review) without a form for every category the locale needs.
    public var missingPluralFormMessages = 0
    /// Translated messages that need no review and lack no plural form.
    public var doneMessages = 0

    /// Source words (ICU word breaking in the source language) of the messages in each state.
    public var translatedWords = 0
    public var needsReviewWords = 0
    public var untranslatedWords = 0
    public var doneWords = 0

    /// Validation findings: parse errors, `tolk check` problems, and the status's own warnings.
    public var errors = 0
    public var warnings = 0

    public init() {}

    public var totalMessages: Int { translatedMessages + needsReviewMessages + untranslatedMessages }
    public var totalWords: Int { translatedWords + needsReviewWords + untranslatedWords }

    /// Share of source words done, 0…100 (100 when there is nothing to translate).
    public var percentByWords: Double { Self.percent(doneWords, of: totalWords) }
    /// Share of messages done, 0…100.
    public var percentByMessages: Double { Self.percent(doneMessages, of: totalMessages) }

    public var wordShare: Share { Share(done: doneWords, total: totalWords) }
    public var messageShare: Share { Share(done: doneMessages, total: totalMessages) }

    static func percent(_ part: Int, of whole: Int) -> Double { whole == 0 ? 100 : 100 * Double(part) / Double(whole) }

    /// Counts each finding as an error or a warning (as `tolk status` counts a catalog's, and the build
    /// counts them for the figures it leaves in the status cache).
    public mutating func add(_ findings: [Diagnostic]) {
        for finding in findings {
            if finding.severity == .error { errors += 1 } else { warnings += 1 }
        }
    }

    public mutating func add(_ entry: EntryAssessment) {
        switch entry.status {
        case .translated:
            translatedMessages += 1
            translatedWords += entry.words
        case .needsReview:
            needsReviewMessages += 1
            needsReviewWords += entry.words
        case .untranslated:
            untranslatedMessages += 1
            untranslatedWords += entry.words
        case .obsolete:
            obsoleteMessages += 1
        }
        if !entry.missingPluralCategories.isEmpty { missingPluralFormMessages += 1 }
        if entry.isDone {
            doneMessages += 1
            doneWords += entry.words
        }
    }

    public static func + (lhs: StatusCounts, rhs: StatusCounts) -> StatusCounts {
        var sum = lhs
        sum += rhs
        return sum
    }

    public static func += (lhs: inout StatusCounts, rhs: StatusCounts) {
        lhs.translatedMessages += rhs.translatedMessages
        lhs.needsReviewMessages += rhs.needsReviewMessages
        lhs.untranslatedMessages += rhs.untranslatedMessages
        lhs.obsoleteMessages += rhs.obsoleteMessages
        lhs.missingPluralFormMessages += rhs.missingPluralFormMessages
        lhs.doneMessages += rhs.doneMessages
        lhs.translatedWords += rhs.translatedWords
        lhs.needsReviewWords += rhs.needsReviewWords
        lhs.untranslatedWords += rhs.untranslatedWords
        lhs.doneWords += rhs.doneWords
        lhs.errors += rhs.errors
        lhs.warnings += rhs.warnings
    }
}

/// A part done out of a whole, with the roundings reports show. Shares are rounded *down*, so a locale
/// one word short of complete shows 99.9%, never 100%.
public struct Share: Equatable, Sendable {
    public var done: Int
    public var total: Int

    public init(done: Int, total: Int) {
        self.done = done
        self.total = total
    }

    public var isComplete: Bool { done >= total }
    /// Exact percentage, 0…100; 100 for an empty whole.
    public var percent: Double { StatusCounts.percent(done, of: total) }
    /// Tenths of a percent, rounded down: 453 for 45.38%.
    public var permille: Int { total == 0 ? 1000 : done * 1000 / total }
    /// The percentage rounded down to two decimals (45.38), as JSON carries it.
    public var percentToHundredths: Double { Double(total == 0 ? 10_000 : done * 10_000 / total) / 100 }
    /// The fraction rounded down to tenths of a percent (0.453), for a percent formatter.
    public var fractionToPermille: Double { Double(permille) / 1000 }
}

/// How `msgfmt --statistics` counts an entry. Differs from `CatalogEntry.status` for plural entries
/// with some forms empty: msgfmt looks at `msgstr[0]` only.
public enum CountedStatus: String, Sendable, CaseIterable {
    case translated
    case needsReview = "needs-review"
    case untranslated
    case obsolete

    public init(of entry: CatalogEntry) {
        self.init(isObsolete: entry.isObsolete, firstTranslationIsEmpty: entry.translations.first?.isEmpty ?? true, isFuzzy: entry.isFuzzy)
    }

    /// The same from what decides it, for an entry read as bytes (`POReader.scan`'s).
    public init(isObsolete: Bool, firstTranslationIsEmpty: Bool, isFuzzy: @autoclosure () -> Bool) {
        if isObsolete { self = .obsolete }
        else if firstTranslationIsEmpty { self = .untranslated }
        else if isFuzzy() { self = .needsReview }
        else { self = .translated }
    }
}

/// One entry's place in the figures.
public struct EntryAssessment: Equatable, Sendable {
    public var status: CountedStatus
    /// Source words (0 for obsolete entries).
    public var words: Int
    /// Categories of a plural entry (translated or needing review) whose form is missing or empty.
    public var missingPluralCategories: [PluralCategory]
    public var isDone: Bool { status == .translated && missingPluralCategories.isEmpty }

    public init(status: CountedStatus, words: Int, missingPluralCategories: [PluralCategory]) {
        self.status = status
        self.words = words
        self.missingPluralCategories = missingPluralCategories
    }
}

/// A group of content files reported together: the first folder under the content folder (`posts`),
/// the pages at the top of the content folder, the navigation file, or the site strings file.
public struct StatusSection: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case pages
        case navigation
        case siteStrings = "site-strings"
    }

    /// The folder (`posts`), `.` for top-level pages, or the file's content path (`navigation.yaml`).
    public var id: String
    public var kind: Kind

    public init(id: String, kind: Kind) {
        self.id = id
        self.kind = kind
    }

    /// The section of a content file at `contentPath` (relative to the content folder).
    public static func of(contentPath: String, kind: Kind) -> StatusSection {
        guard kind == .pages else { return StatusSection(id: contentPath, kind: kind) }
        guard let slash = contentPath.firstIndex(of: "/") else { return StatusSection(id: ".", kind: .pages) }
        return StatusSection(id: String(contentPath[..<slash]), kind: .pages)
    }

    /// How a person reads it: `posts/`, `top-level pages`, `navigation.yaml`, `site.yaml`.
    public var title: String {
        switch kind {
        case .pages: id == "." ? "top-level pages" : id + "/"
        case .navigation, .siteStrings: id
        }
    }

    /// The canonical order: page folders by name (code point order), then top-level pages, navigation
    /// and site strings. Reports for people re-sort page folders with the reader's collation.
    public static func precedes(_ lhs: StatusSection, _ rhs: StatusSection) -> Bool {
        lhs.rank != rhs.rank ? lhs.rank < rhs.rank : lhs.id.unicodeScalars.lexicographicallyPrecedes(rhs.id.unicodeScalars)
    }

    var rank: Int {
        switch kind {
        case .pages: id == "." ? 1 : 0
        case .navigation: 2
        case .siteStrings: 3
        }
    }
}

/// The figures of one catalog of one locale.
public struct FileStatus: Sendable {
    /// The catalog relative to the locale's folder (`posts/hello.po`).
    public var catalogPath: String
    /// The catalog as the user finds it, relative to the project root (`locales/ru/posts/hello.po`).
    public var catalogFile: String
    /// The content file, relative to the project root (`content/posts/hello.md`).
    public var sourceFile: String
    public var section: StatusSection
    /// False when the locale has no catalog for the file yet; its template was counted instead.
    public var catalogExists: Bool
    public var counts: StatusCounts

    public init(catalogPath: String, catalogFile: String, sourceFile: String, section: StatusSection, catalogExists: Bool, counts: StatusCounts) {
        self.catalogPath = catalogPath
        self.catalogFile = catalogFile
        self.sourceFile = sourceFile
        self.section = section
        self.catalogExists = catalogExists
        self.counts = counts
    }
}

/// A catalog of one locale whose content file no longer exists (renamed, moved or deleted).
public struct OrphanedCatalogStatus: Equatable, Sendable {
    /// Relative to the project root (`locales/ru/posts/old.po`).
    public var catalogFile: String
    /// The content file it was made for (`content/posts/old.md`).
    public var formerSource: String
    /// Its entries with a translation (translated or needing review).
    public var translations: Int

    public init(catalogFile: String, formerSource: String, translations: Int) {
        self.catalogFile = catalogFile
        self.formerSource = formerSource
        self.translations = translations
    }
}

/// The figures of one section of one locale.
public struct SectionStatus: Sendable {
    public var section: StatusSection
    public var fileCount: Int
    public var counts: StatusCounts
}

/// Status of one locale: totals, one row per catalog, and (when asked for) the work still to do.
public struct LocaleStatus: Sendable {
    public var locale: String
    /// The categories of the locale's gettext plural forms, in `msgstr[n]` order.
    public var pluralCategories: [PluralCategory] = []
    public var total = StatusCounts()
    public var files: [FileStatus] = []
    /// What needs work, up to the collector's limit per kind.
    public var work = WorkList()
    /// Catalogs whose content file no longer exists, in path order. They are not in the figures.
    public var orphanedCatalogs: [OrphanedCatalogStatus] = []

    public init(locale: String) { self.locale = locale }

    /// `(catalog path, counts)` per catalog, in path order.
    public var catalogs: [(path: String, counts: StatusCounts)] { files.map { ($0.catalogPath, $0.counts) } }

    /// The files summed by section, page folders first, each group in `StatusSection` order.
    public var sections: [SectionStatus] {
        var order: [StatusSection] = []
        var sums: [StatusSection: SectionStatus] = [:]
        for file in files {
            if sums[file.section] == nil {
                order.append(file.section)
                sums[file.section] = SectionStatus(section: file.section, fileCount: 0, counts: StatusCounts())
            }
            sums[file.section]!.fileCount += 1
            sums[file.section]!.counts += file.counts
        }
        return order.sorted(by: StatusSection.precedes).map { sums[$0]! }
    }
}

/// A whole status report: the figures of each locale, in the project's locale order.
public struct StatusReport: Sendable {
    public var sourceLocale: String
    public var locales: [LocaleStatus]
    /// How many work items per locale and kind the collector kept (0: none were collected).
    public var workItemLimit: Int

    public init(sourceLocale: String, locales: [LocaleStatus], workItemLimit: Int = 0) {
        self.sourceLocale = sourceLocale
        self.locales = locales
        self.workItemLimit = workItemLimit
    }

    /// Every locale summed: the words and messages done across all of them.
    public var total: StatusCounts { locales.reduce(StatusCounts()) { $0 + $1.total } }

    /// Every section any locale has, in `StatusSection` order.
    public var sections: [StatusSection] {
        var seen = Set<StatusSection>()
        var result: [StatusSection] = []
        for locale in locales { for section in locale.sections.map(\.section) where seen.insert(section).inserted { result.append(section) } }
        return result.sorted(by: StatusSection.precedes)
    }
}
