import Testing
@testable import LocaleData

@Suite struct PluralRulesTests {
    @Test func englishHasOneAndOther() throws {
        let rules = try PluralRules(locale: "en")
        #expect(rules.categories == [.one, .other])
        #expect(rules.category(for: 1) == .one)
        #expect(rules.category(for: 0) == .other)
        #expect(rules.category(for: 2) == .other)
    }

    @Test func russianInflectsByLastDigits() throws {
        let rules = try PluralRules(locale: "ru")
        #expect(rules.categories == [.one, .few, .many, .other])
        #expect([1, 21, 101].map(rules.category(for:)) == [.one, .one, .one])
        #expect([2, 3, 4, 22, 34].map(rules.category(for:)) == [.few, .few, .few, .few, .few])
        #expect([0, 5, 11, 12, 14, 111].map(rules.category(for:)) == [.many, .many, .many, .many, .many, .many])
        #expect(rules.category(for: 1.5) == .other)
    }

    @Test func arabicHasSixCategories() throws {
        let rules = try PluralRules(locale: "ar")
        #expect(rules.categories == [.zero, .one, .two, .few, .many, .other])
        #expect([0, 1, 2, 3, 11, 100].map(rules.category(for:)) == [.zero, .one, .two, .few, .many, .other])
    }

    @Test func japaneseMakesNoDistinction() throws {
        let rules = try PluralRules(locale: "ja")
        #expect(rules.categories == [.other])
        #expect(rules.category(for: 1) == .other)
    }

    @Test func ordinalRulesAreSeparate() throws {
        let english = try PluralRules(locale: "en", kind: .ordinal)
        #expect([1, 2, 3, 4, 11, 21].map(english.category(for:)) == [.one, .two, .few, .other, .other, .one])
    }
}

@Suite struct GettextPluralFormsTests {
    @Test func familiarHeaders() throws {
        #expect(try GettextPluralForms(locale: "en").header == "nplurals=2; plural=(n != 1);")
        #expect(try GettextPluralForms(locale: "ja").header == "nplurals=1; plural=0;")
        let russian = try GettextPluralForms(locale: "ru")
        #expect(russian.categories == [.one, .few, .many])
        let arabic = try GettextPluralForms(locale: "ar")
        #expect(arabic.categories == [.zero, .one, .two, .few, .many, .other])
    }

    /// For every locale ICU knows, the expression picks the form of ICU's category for each integer.
    @Test func everyICULocaleAgreesWithICUForIntegers() throws {
        var checked = 0
        for locale in Set(LocaleInfo.availableLocales.map { $0.split(separator: "-").first.map(String.init) ?? $0 }).sorted() {
            let rules = try PluralRules(locale: locale)
            let forms = GettextPluralForms(rules: rules)
            for n in 0...10_000 {
                let category = rules.category(for: n)
                let index = forms.index(for: n)
                #expect(forms.categories.indices.contains(index) && forms.categories[index] == category,
                        "\(locale): n=\(n) is \(category) in ICU but gettext picks form \(index) of \(forms.categories) via \(forms.expression)")
                if !(forms.categories.indices.contains(index) && forms.categories[index] == category) { break }
            }
            checked += 1
        }
        #expect(checked > 100)
    }
}
