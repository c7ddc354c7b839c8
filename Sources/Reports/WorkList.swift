import Catalog
import LocaleData

/// One thing a translator or maintainer has to do in a locale: an error or warning to fix, a
/// translation to review, a plural form to add, a message to translate. Carries what the HTML report
/// shows: where it is (catalog line, source references) and the texts involved.
public struct WorkItem: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case error
        case warning
        case needsReview = "needs-review"
        case missingPluralForms = "missing-plural-forms"
        case untranslated
    }

    public var kind: Kind
    /// The catalog, relative to the project root (`locales/ru/posts/hello.po`).
    public var catalogFile: String
    /// 1-based line and column in the catalog; 0 when the item is about the whole file.
    public var line: Int
    public var column: Int
    /// The entry's `#:` references into the content (`content/posts/hello.md:12`).
    public var references: [String]
    public var context: String?
    /// The source text (`msgid`) and, for a plural entry, its plural (`msgid_plural`); empty for a
    /// finding about the whole file.
    public var source: String
    public var sourcePlural: String?
    /// The source the translation was made for (`#| msgid`), for an entry that needs review.
    public var previousSource: String?
    public var previousContext: String?
    /// The translation as it is (`msgstr`, or each `msgstr[n]`).
    public var translations: [String]
    /// For a plural gap: the categories without a form.
    public var missingCategories: [PluralCategory]
    /// For an error or warning: what is wrong and what to do.
    public var message: String?

    public init(kind: Kind, catalogFile: String, line: Int = 0, column: Int = 0, references: [String] = [], context: String? = nil,
                source: String = "", sourcePlural: String? = nil, previousSource: String? = nil, previousContext: String? = nil,
                translations: [String] = [], missingCategories: [PluralCategory] = [], message: String? = nil) {
        self.kind = kind
        self.catalogFile = catalogFile
        self.line = line
        self.column = column
        self.references = references
        self.context = context
        self.source = source
        self.sourcePlural = sourcePlural
        self.previousSource = previousSource
        self.previousContext = previousContext
        self.translations = translations
        self.missingCategories = missingCategories
        self.message = message
    }

    /// The item for an entry in a catalog.
    public init(kind: Kind, entry: CatalogEntry, catalogFile: String, line: Int, column: Int = 0,
                missingCategories: [PluralCategory] = [], message: String? = nil) {
        self.init(kind: kind, catalogFile: catalogFile, line: line, column: column, references: entry.references, context: entry.context,
                  source: entry.id, sourcePlural: entry.idPlural, previousSource: entry.previousID, previousContext: entry.previousContext,
                  translations: entry.translations, missingCategories: missingCategories, message: message)
    }

    /// The item for a diagnostic: about an entry when one is given, else about the whole file.
    public init(_ diagnostic: Diagnostic, entry: CatalogEntry? = nil) {
        let kind: Kind = diagnostic.severity == .error ? .error : .warning
        let message = diagnostic.message + (diagnostic.hint.map { " (\($0))" } ?? "")
        if let entry {
            self.init(kind: kind, entry: entry, catalogFile: diagnostic.file, line: diagnostic.line, column: diagnostic.column, message: message)
        } else {
            self.init(kind: kind, catalogFile: diagnostic.file, line: diagnostic.line, column: diagnostic.column, message: message)
        }
    }
}

/// The work items of one locale, by kind, at most a limit of each, in catalog path order then file
/// order. The figures say how many there are in all; `hiddenCount(of:in:)` how many did not fit.
public struct WorkList: Equatable, Sendable {
    public private(set) var items: [WorkItem.Kind: [WorkItem]] = [:]

    public init() {}

    public init(items: [WorkItem.Kind: [WorkItem]]) { self.items = items }

    public subscript(kind: WorkItem.Kind) -> [WorkItem] { items[kind] ?? [] }

    public var isEmpty: Bool { items.values.allSatisfy(\.isEmpty) }

    /// How many items of `kind` the figures count: errors and warnings are findings, the others messages.
    public static func total(of kind: WorkItem.Kind, in counts: StatusCounts) -> Int {
        switch kind {
        case .error: counts.errors
        case .warning: counts.warnings
        case .needsReview: counts.needsReviewMessages
        case .missingPluralForms: counts.missingPluralFormMessages
        case .untranslated: counts.untranslatedMessages
        }
    }

    /// Items of `kind` the figures count but the list does not show.
    public func hiddenCount(of kind: WorkItem.Kind, in counts: StatusCounts) -> Int {
        max(0, Self.total(of: kind, in: counts) - self[kind].count)
    }
}
