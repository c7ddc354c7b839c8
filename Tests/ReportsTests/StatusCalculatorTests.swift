import Catalog
import Foundation
import LocaleData
import Testing
import TestSupport
@testable import Reports

/// How entries are counted: as `msgfmt --statistics` counts them (checked against msgfmt itself), with
/// plural gaps and "done" on top.
@Suite struct StatusCalculatorTests {
    static let russianHeader = """
        msgid ""
        msgstr ""
        "Language: ru\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Plural-Forms: nplurals=3; plural=(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2);\\n"


        """

    /// Each case: one entry, and how msgfmt counts it (translated, fuzzy, untranslated; obsolete: none).
    static let cases: [(name: String, entry: String, msgfmt: (Int, Int, Int), status: CountedStatus, gaps: [PluralCategory])] = [
        ("translated", "msgid \"a\"\nmsgstr \"б\"\n", (1, 0, 0), .translated, []),
        ("untranslated", "msgid \"a\"\nmsgstr \"\"\n", (0, 0, 1), .untranslated, []),
        ("fuzzy", "#, fuzzy\nmsgid \"a\"\nmsgstr \"б\"\n", (0, 1, 0), .needsReview, []),
        ("fuzzy without a translation", "#, fuzzy\nmsgid \"a\"\nmsgstr \"\"\n", (0, 0, 1), .untranslated, []),
        ("plural, every form", "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"x\"\nmsgstr[1] \"y\"\nmsgstr[2] \"z\"\n", (1, 0, 0), .translated, []),
        ("plural, a middle form empty", "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"x\"\nmsgstr[1] \"\"\nmsgstr[2] \"z\"\n", (1, 0, 0), .translated, [.few]),
        ("plural, the first form empty", "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"\"\nmsgstr[1] \"y\"\nmsgstr[2] \"z\"\n", (0, 0, 1), .untranslated, []),
        ("plural, too few forms", "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"x\"\nmsgstr[1] \"y\"\n", (1, 0, 0), .translated, [.many]),
        ("fuzzy plural, partly translated", "#, fuzzy\nmsgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"x\"\nmsgstr[1] \"\"\nmsgstr[2] \"\"\n", (0, 1, 0), .needsReview, [.few, .many]),
        ("fuzzy plural, first form empty", "#, fuzzy\nmsgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"\"\nmsgstr[1] \"y\"\nmsgstr[2] \"\"\n", (0, 0, 1), .untranslated, []),
        ("obsolete", "#~ msgid \"a\"\n#~ msgstr \"б\"\n", (0, 0, 0), .obsolete, []),
        ("obsolete fuzzy plural", "#, fuzzy\n#~ msgid \"a\"\n#~ msgid_plural \"as\"\n#~ msgstr[0] \"x\"\n#~ msgstr[1] \"\"\n#~ msgstr[2] \"\"\n", (0, 0, 0), .obsolete, []),
        ("context and previous source", "#, fuzzy\n#| msgid \"old\"\nmsgctxt \"title\"\nmsgid \"a\"\nmsgstr \"б\"\n", (0, 1, 0), .needsReview, []),
    ]

    @Test(arguments: cases.indices)
    func entryIsCountedAsMsgfmtCountsIt(_ index: Int) throws {
        let item = Self.cases[index]
        let read = POReader(path: "case.po").read(Array((Self.russianHeader + item.entry).utf8))
        #expect(read.diagnostics.isEmpty, "\(item.name): \(read.diagnostics)")
        let entry = try #require(read.catalog.entries.first, "\(item.name)")
        let calculator = try StatusCalculator(locale: "ru")
        let assessment = calculator.assess(entry) { _ in 1 }
        #expect(assessment.status == item.status, "\(item.name)")
        #expect(assessment.missingPluralCategories == item.gaps, "\(item.name)")
        #expect(assessment.isDone == (item.status == .translated && item.gaps.isEmpty), "\(item.name)")

        let counts = calculator.counts(for: read.catalog) { _ in 1 }
        #expect((counts.translatedMessages, counts.needsReviewMessages, counts.untranslatedMessages) == item.msgfmt, "\(item.name)")
        #expect(counts.obsoleteMessages == (item.status == .obsolete ? 1 : 0))

        // And msgfmt itself agrees with the table above.
        let statistics = try MsgfmtStatistics.of(poText: Self.russianHeader + item.entry)
        #expect((statistics.translated, statistics.fuzzy, statistics.untranslated) == item.msgfmt, "\(item.name): msgfmt says \(statistics)")
    }

    @Test func doneExcludesReviewAndPluralGapsInWordsAndMessages() throws {
        let text = Self.russianHeader + """
            msgid "one two three"
            msgstr "раз два три"

            #, fuzzy
            msgid "four five"
            msgstr "четыре пять"

            msgid "six"
            msgid_plural "sixes"
            msgstr[0] "шесть"
            msgstr[1] ""
            msgstr[2] "шестей"

            msgid "seven eight"
            msgstr ""

            """
        let catalog = POReader(path: "x.po").read(Array(text.utf8)).catalog
        let words = try SourceWordCounter(sourceLocale: "en")
        let counts = try StatusCalculator(locale: "ru").counts(for: catalog, words: words.count)
        #expect(counts.totalMessages == 4)
        #expect(counts.translatedMessages == 2)
        #expect(counts.missingPluralFormMessages == 1)
        #expect(counts.doneMessages == 1)
        #expect(counts.totalWords == 8)
        #expect(counts.doneWords == 3)
        #expect(counts.needsReviewWords == 2)
        #expect(counts.wordShare.permille == 375)
        #expect(counts.percentByMessages == 25)
    }

    @Test func japaneseHasOneFormSoAFilledPluralIsComplete() throws {
        let entry = CatalogEntry(id: "# post", idPlural: "# posts", translations: ["# 件"])
        #expect(try StatusCalculator(locale: "ja").missingPluralCategories(of: entry) == [])
        #expect(try StatusCalculator(locale: "ar").missingPluralCategories(of: entry) == [.one, .two, .few, .many, .other])
    }

    @Test func sharesRoundDownSoNearlyDoneIsNot100() {
        let share = Share(done: 9_999, total: 10_000)
        #expect(share.permille == 999)
        #expect(share.percentToHundredths == 99.99)
        #expect(!share.isComplete)
        #expect(Share(done: 0, total: 0).percent == 100)
        #expect(Share(done: 1, total: 3).percentToHundredths == 33.33)
    }

    @Test func wordsOfARepeatedTextAreCountedOnce() throws {
        let words = try SourceWordCounter(sourceLocale: "en")
        #expect(words.count("Hello, world") == 2)
        #expect(words.count("Hello, world") == 2)
        #expect(words.count("") == 0)
    }
}

/// `msgfmt --statistics` on PO text, read from its standard error ("2 translated messages, 1 fuzzy
/// translation, 3 untranslated messages."); a test that asks fails when msgfmt is not installed.
enum MsgfmtStatistics {
    struct Figures: Equatable, CustomStringConvertible {
        var translated = 0, fuzzy = 0, untranslated = 0
        var description: String { "\(translated) translated, \(fuzzy) fuzzy, \(untranslated) untranslated" }
    }

    static func of(poText: String) throws -> Figures {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-msgfmt-\(UUID().uuidString).po")
        try Data(poText.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try of(file: url)
    }

    static func of(file: URL) throws -> Figures {
        let output = try ProcessRunner.run(try ExternalTool.path("msgfmt"), ["--statistics", "-o", "/dev/null", file.path], environment: ["LC_ALL": "C"])
        return parse(output.stderrText)
    }

    static func parse(_ text: String) -> Figures {
        var figures = Figures()
        for clause in text.split(whereSeparator: { $0 == "," || $0 == "\n" }) {
            let words = clause.split(separator: " ")
            guard words.count >= 2, let number = Int(words[0]) else { continue }
            switch words[1] {
            case "translated": figures.translated = number
            case "fuzzy": figures.fuzzy = number
            case "untranslated": figures.untranslated = number
            default: break
            }
        }
        return figures
    }
}
