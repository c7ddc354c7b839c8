import Testing
@testable import Catalog
import LocaleData

@Suite struct CatalogUpdaterTests {
    let updater = CatalogUpdater(pluralForms: try! GettextPluralForms(locale: "ru"))

    func translated(_ id: String, _ translation: String, context: String? = nil) -> CatalogEntry {
        CatalogEntry(context: context, id: id, translations: [translation])
    }

    @Test func unchangedSourceKeepsTranslationAndStatus() {
        let old = Catalog(entries: [translated("Hello world", "Привет, мир")])
        let (catalog, outcome) = updater.update(old, to: Catalog(entries: [CatalogEntry(id: "Hello world")]))
        #expect(catalog.entries.map(\.translations) == [["Привет, мир"]])
        #expect(catalog.entries[0].status == .translated)
        #expect(outcome.kept == 1)
    }

    @Test func changedSourceKeepsTranslationAsNeedsReviewWithPreviousSource() {
        let old = Catalog(entries: [translated("The parser reads every catalog before the build starts.", "Парсер читает каждый каталог до начала сборки.")])
        let new = Catalog(entries: [CatalogEntry(id: "The parser reads every catalog before each build starts.")])
        let (catalog, outcome) = updater.update(old, to: new)
        #expect(outcome.fuzzyMatched == 1)
        #expect(catalog.entries.count == 1)
        #expect(catalog.entries[0].status == .needsReview)
        #expect(catalog.entries[0].translations == ["Парсер читает каждый каталог до начала сборки."])
        #expect(catalog.entries[0].previousID == "The parser reads every catalog before the build starts.")
    }

    @Test func reviewedStateSurvivesUnchangedAndWhitespaceOnlySourcesButNotAnEdit() {
        var approved = translated("Sort with the reader's collation.", "Сортируйте по правилам читателя.")
        approved.isReviewed = true
        #expect(approved.translatorComments == ["tolk: reviewed"])
        var rewrapped = translated("A  wrapped\n  sentence.", "Предложение.")
        rewrapped.isReviewed = true
        let old = Catalog(entries: [approved, rewrapped])
        let (same, _) = updater.update(old, to: Catalog(entries: [CatalogEntry(id: "Sort with the reader's collation."), CatalogEntry(id: "A wrapped sentence.")]))
        #expect(same.entries.map(\.isReviewed) == [true, true])
        let (edited, _) = updater.update(old, to: Catalog(entries: [CatalogEntry(id: "Sort with each reader's collation.")]))
        #expect(edited.entries[0].status == .needsReview)
        #expect(!edited.entries[0].isReviewed && edited.entries[0].translatorComments.isEmpty)
    }

    @Test func onlyATranslatedEntryCanBeMarkedReviewed() {
        var empty = CatalogEntry(id: "Not yet")
        empty.isReviewed = true
        #expect(!empty.isReviewed && empty.translatorComments.isEmpty)
    }

    @Test func whitespaceOnlyChangeNeedsNoReview() {
        let old = Catalog(entries: [translated("A  wrapped\n  sentence.", "Предложение.")])
        let (catalog, _) = updater.update(old, to: Catalog(entries: [CatalogEntry(id: "A wrapped sentence.")]))
        #expect(catalog.entries[0].status == .translated)
        #expect(catalog.entries[0].id == "A wrapped sentence.")
    }

    @Test func removedSourceBecomesObsoleteAndReturnsWhenTheSourceDoes() {
        let old = Catalog(entries: [translated("Gone", "Ушло"), CatalogEntry(id: "Never translated")])
        let (catalog, outcome) = updater.update(old, to: Catalog(entries: [CatalogEntry(id: "Something unrelated entirely")]))
        #expect(outcome.obsoleted == 1)
        #expect(catalog.entries.filter(\.isObsolete).map(\.id) == ["Gone"])
        let (revived, _) = updater.update(catalog, to: Catalog(entries: [CatalogEntry(id: "Gone")]))
        #expect(revived.entries.map(\.status) == [.translated])
        var purging = updater
        purging.purgeObsolete = true
        #expect(purging.update(catalog, to: Catalog()).catalog.entries.isEmpty)
    }

    @Test func sameTextInAnotherContextIsAnotherEntry() {
        let old = Catalog(entries: [translated("Plurals", "Множественное число", context: "title")])
        let template = Catalog(entries: [CatalogEntry(context: "title", id: "Plurals"), CatalogEntry(context: "tags", id: "Plurals")])
        let (catalog, _) = updater.update(old, to: template)
        #expect(catalog.entries.map(\.status) == [.translated, .untranslated])
    }

    @Test func pluralEntriesGetOneFormPerRussianCategory() {
        let template = Catalog(entries: [CatalogEntry(id: "# minute", idPlural: "# minutes", translations: ["", ""])])
        let (catalog, _) = updater.update(nil, to: template)
        #expect(catalog.entries[0].translations.count == 3)
    }
}
