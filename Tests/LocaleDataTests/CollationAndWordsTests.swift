import Testing
@testable import LocaleData
import TestSupport

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

/// `WordCounter` counts plain ASCII texts without ICU (`ASCIIWordCount`): its counts must be ICU's.
@Suite struct ASCIIWordCountTests {
    /// The pieces random texts are made of: every character class the ASCII rules tell apart, the
    /// joiners between letters and between digits, the wider characters they cover (`é`, `’`, `—`), and
    /// characters they leave to ICU (`«`, `ł`, a combining accent, NBSP, controls); `:`, which joins letters in Finnish and Swedish only.
    static let pieces = ["a", "Zq", "word", "x1", "7", "42", "3.14", "1,000", "e.g", "U.S.A.", "don't", "'", ".", ",", ";", " ", "  ",
                         "\t", "\n", "\r\n", "-", "—", "!", "?", "\"", "(", ")", "/", "#", "@", "&", "*", "+", "=", "[", "]", "{", "}",
                         "<", ">", "|", "~", "`", "^", "$", "%", "\\", "_", ":", "é", "Ünß", "ÿ", "×", "÷", "’", "‘", "“", "”", "–", "…", "«",
                         "ł", "\u{301}", "\u{A0}", "\u{7F}", "\u{1}"]

    @Test(arguments: ["en", "de", "fi", "sv", "ru", "ja", "zh", "ar", "pt-BR"])
    func randomTextsAreCountedAsICUCountsThem(locale: String) throws {
        let counter = try WordCounter(locale: locale)
        var random = SplitMix64(seed: 0x5EED_0000 + UInt64(locale.utf8.count))
        var countedAlone = 0
        for _ in 0..<4_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...14, using: &random) { text += Self.pieces.randomElement(using: &random)! }
            var utf8 = text
            let (fast, icu, alone) = utf8.withUTF8 { bytes in
                (counter.count(utf8: bytes), counter.countWithICU(utf8: bytes), ASCIIWordCount.count(bytes, colonJoinsLetters: locale == "fi" || locale == "sv") != nil)
            }
            if alone { countedAlone += 1 }
            #expect(fast == icu, "\(locale): \(text.debugDescription)")
        }
        // The comparison means something only when most texts take the ASCII path.
        #expect(countedAlone > 1_200)
    }

    @Test func proseCountsAsICUCountsIt() throws {
        let counter = try WordCounter(locale: "en")
        let texts = ["We shipped 3.5 releases in Q3 2025 (about 1,200 commits); e.g. v2.0.1 and v2.1.",
                     "It's the team's \"quiet\" week -- no on-call, no pages... right?",
                     "Run `make test` -- then open http://localhost:8080/docs/index.html#setup",
                     "[Read more](/posts/2026/why-we-moved.md) or see ![diagram](img/arch.png)."]
        for text in texts {
            var utf8 = text
            let icu = utf8.withUTF8 { counter.countWithICU(utf8: $0) }
            #expect(counter.count(text) == icu, "\(text)")
        }
        // The ASCII path takes these: none has a character it leaves to ICU.
        #expect(texts.filter { var text = $0; return text.withUTF8 { ASCIIWordCount.count($0, colonJoinsLetters: false) } != nil }.count == 4)
    }

    @Test func aColonJoinsLettersWhereTheLocaleSaysSo() throws {
        // Finnish writes a case ending after a colon: one word there, two in English.
        #expect(try WordCounter(locale: "fi").count("EU:n jäsen") == 2)
        #expect(try WordCounter(locale: "sv").count("EU:s") == 1)
        #expect(try WordCounter(locale: "en").count("EU:n member") == 3)
        #expect(try WordCounter(locale: "en").count("12:30") == 2)
    }

    @Test func thePOSIXLocaleIsCountedByICU() throws {
        // Its rules differ (`.` joins nothing): the ASCII path is not used there.
        let posix = try WordCounter(locale: "en-US-POSIX")
        var text = "see e.g. v1.2 and 3.14"
        let (icu, alone) = text.withUTF8 { (posix.countWithICU(utf8: $0), ASCIIWordCount.count($0, colonJoinsLetters: false)) }
        #expect(posix.count(text) == icu)
        #expect(alone != icu)   // the ASCII rules would have miscounted it
    }
}
