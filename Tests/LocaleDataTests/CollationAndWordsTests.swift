import Testing
@testable import LocaleData

@Suite struct CollatorTests {
    @Test func swedishSortsRingAndUmlautsAfterZ() throws {
        let swedish = try Collator(locale: "sv")
        #expect(swedish.sorted(["ö", "z", "å", "a", "ä"]) == ["a", "z", "å", "ä", "ö"])
    }

    @Test func germanSortsUmlautsWithTheirBaseLetter() throws {
        let german = try Collator(locale: "de")
        #expect(german.sorted(["Zebra", "Äpfel", "Apfel", "Ofen", "Öl"]) == ["Apfel", "Äpfel", "Ofen", "Öl", "Zebra"])
    }

    @Test func sortIsStableForEqualKeys() throws {
        let english = try Collator(locale: "en")
        let items = [("b", 1), ("a", 2), ("b", 3)]
        #expect(english.sorted(items, by: \.0).map(\.1) == [2, 1, 3])
    }
}

@Suite struct WordCounterTests {
    @Test func englishCountsWordsNotPunctuation() throws {
        let counter = try WordCounter(locale: "en")
        #expect(counter.count("Hello, world — it's 2026!") == 4)
        #expect(counter.count("") == 0)
    }

    @Test func japaneseIsSegmentedWithoutSpaces() throws {
        let counter = try WordCounter(locale: "ja")
        // 私 / は / 日本語 / を / 勉強 / し / て / い / ます: ICU's dictionary finds several words, not one.
        let count = counter.count("私は日本語を勉強しています。")
        #expect(count >= 5 && count <= 10)
    }
}

@Suite struct MessageFormatTests {
    /// A text argument was copied with `strdup` but passed with its whole UTF-8 length: with a NUL
    /// inside, ICU read past the copy. Now every byte is copied, the NUL and what follows it included.
    @Test func aTextArgumentWithANULIsFormattedWhole() throws {
        let tag = "C\u{0}C++ «über»"
        #expect(try MessageFormat.format("Posts tagged “{tag}”", locale: "en", arguments: ["tag": .text(tag)]) == "Posts tagged “\(tag)”")
        let long = String(repeating: "\u{0}", count: 300) + "end"
        #expect(try MessageFormat.format("{tag}", locale: "en", arguments: ["tag": .text(long)]) == long)
    }

    @Test func russianReadingTimeUsesInflectedWords() throws {
        let pattern = "{minutes, plural, one {# минута} few {# минуты} many {# минут} other {# минуты}}"
        let format = { (n: Double) in try MessageFormat.format(pattern, locale: "ru", arguments: ["minutes": .number(n)]) }
        #expect(try format(1) == "1 минута")
        #expect(try format(3) == "3 минуты")
        #expect(try format(5) == "5 минут")
        #expect(try format(21) == "21 минута")
    }

    @Test func syntaxErrorsHaveAnOffset() {
        #expect(MessageFormat.syntaxErrorOffset(in: "{minutes, plural, one {# minute} other {# minutes}}") == nil)
        #expect(MessageFormat.syntaxErrorOffset(in: "{minutes, plural, one {# minute}") != nil)
    }

    @Test func patternNamesItsArguments() throws {
        let pattern = try MessagePattern("Hi {name}, {count, plural, one {# post} other {# posts by {author}}}")
        #expect(pattern.argumentNames == ["name", "count", "author"])
        #expect(throws: MessageFormatError.self) { try MessagePattern("{count, plural, one {x}}") }
    }

    @Test func pluralMessageSplitsIntoFormsAndReassembles() throws {
        let plural = try #require(PluralMessage(pattern: "Read in {minutes, plural, one {# minute} other {# minutes}}."))
        #expect(plural.argument == "minutes")
        #expect(plural.singular == "Read in # minute.")
        #expect(plural.plural == "Read in # minutes.")
        let russian = PluralMessage(argument: "minutes", forms: [.one: "# минута", .few: "# минуты", .many: "# минут"])
        #expect(russian.pattern == "{minutes, plural, one {# минута} few {# минуты} many {# минут} other {# минут}}")
        #expect(try MessageFormat.format(russian.pattern, locale: "ru", arguments: ["minutes": .number(12)]) == "12 минут")
        #expect(PluralMessage(pattern: "{n, plural, =0 {none} other {#}}") == nil)
    }
}

@Suite struct LocaleInfoTests {
    @Test func namesAndDirection() {
        #expect(LocaleInfo.displayName("ru", in: "ru") == "русский")
        #expect(LocaleInfo.displayName("ja", in: "en") == "Japanese")
        #expect(LocaleInfo.isRightToLeft("ar"))
        #expect(!LocaleInfo.isRightToLeft("ru"))
        #expect(LocaleInfo.availableLocales.contains("pt-BR"))
    }
}
