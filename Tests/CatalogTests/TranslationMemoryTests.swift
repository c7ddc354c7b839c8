import Testing
@testable import Catalog

@Suite struct TranslationMemoryTests {
    func entry(_ context: String?, _ id: String, _ translation: String, fuzzy: Bool = false, obsolete: Bool = false) -> CatalogEntry {
        var entry = CatalogEntry(context: context, id: id, translations: [translation])
        entry.isFuzzy = fuzzy
        entry.isObsolete = obsolete
        return entry
    }

    @Test func sameContextFillsAsTranslatedOtherContextAsNeedsReview() {
        var memory = TranslationMemory(wanted: nil)
        memory.learn(from: Catalog(entries: [entry(nil, "Dates and numbers", "Даты и числа"), entry("tags", "tooling", "инструменты")]))
        var catalog = Catalog(entries: [entry("title", "Dates and numbers", ""), entry("tags", "tooling", ""), entry(nil, "New text", "")])
        let filled = memory.fill(&catalog)
        #expect(filled == { var f = TranslationMemory.Filled(); f.translated = 1; f.needsReview = 1; return f }())
        #expect(catalog.entries[0].status == .needsReview)
        #expect(catalog.entries[0].previousID == "Dates and numbers" && catalog.entries[0].previousContext == nil)
        #expect(catalog.entries[1].status == .translated && catalog.entries[1].translations == ["инструменты"])
        #expect(catalog.entries[2].status == .untranslated)
    }

    @Test func needsReviewTranslationsAreNotLearnedButObsoleteOnesAre() {
        var memory = TranslationMemory(wanted: nil)
        memory.learn(from: Catalog(entries: [entry(nil, "Unsure", "Неуверенно", fuzzy: true), entry(nil, "Moved away", "Уехало", obsolete: true)]))
        var catalog = Catalog(entries: [entry(nil, "Unsure", ""), entry(nil, "Moved away", "")])
        _ = memory.fill(&catalog)
        #expect(catalog.entries.map(\.status) == [.untranslated, .translated])
    }

    @Test func onlyWantedTextsAreLearnedAndTheFirstCatalogInPathOrderWins() {
        var first = TranslationMemory(wanted: [MessageText("Hello")])
        first.learn(from: Catalog(entries: [entry(nil, "Hello", "Привет"), entry(nil, "Other", "Другое")]))
        var second = TranslationMemory(wanted: [MessageText("Hello")])
        second.learn(from: Catalog(entries: [entry(nil, "Hello", "Здравствуйте")]))
        var merged = TranslationMemory(wanted: [MessageText("Hello")])
        merged.append(first)
        merged.append(second)
        var catalog = Catalog(entries: [entry(nil, "Hello", ""), entry(nil, "Other", "")])
        _ = merged.fill(&catalog)
        #expect(catalog.entries.map(\.translations) == [["Привет"], [""]])
    }

    @Test func aSingularTranslationNeverFillsAPluralEntry() {
        var memory = TranslationMemory(wanted: nil)
        memory.learn(from: Catalog(entries: [entry(nil, "# minutes", "# минут")]))
        var plural = CatalogEntry(id: "# minutes", idPlural: "# minutes", translations: ["", "", ""])
        plural.references = ["content/site.yaml:3"]
        var catalog = Catalog(entries: [plural])
        _ = memory.fill(&catalog)
        #expect(catalog.entries[0].status == .untranslated)
    }
}
