import Foundation
import LocaleData
import Testing
@testable import Reports

/// A small report with names in several scripts, to render in every format.
enum SampleReport {
    static func counts(done: Int, review: Int = 0, untranslated: Int, errors: Int = 0, warnings: Int = 0, gaps: Int = 0) -> StatusCounts {
        var counts = StatusCounts()
        counts.translatedMessages = done + gaps
        counts.doneMessages = done
        counts.missingPluralFormMessages = gaps
        counts.needsReviewMessages = review
        counts.untranslatedMessages = untranslated
        counts.translatedWords = 10 * (done + gaps)
        counts.doneWords = 10 * done
        counts.needsReviewWords = 10 * review
        counts.untranslatedWords = 10 * untranslated
        counts.errors = errors
        counts.warnings = warnings
        return counts
    }

    static func locale(_ code: String, _ counts: StatusCounts, work: WorkList = WorkList(), section: String = "posts") -> LocaleStatus {
        var status = LocaleStatus(locale: code)
        status.total = counts
        status.pluralCategories = (try? GettextPluralForms(locale: code).categories) ?? []
        status.files = [FileStatus(catalogPath: "\(section)/a.po", catalogFile: "locales/\(code)/\(section)/a.po", sourceFile: "content/\(section)/a.md",
                                   section: StatusSection(id: section, kind: .pages), catalogExists: true, counts: counts)]
        status.work = work
        return status
    }

    static var report: StatusReport {
        StatusReport(sourceLocale: "en", locales: [
            locale("ru", counts(done: 10, untranslated: 0)),
            locale("ja", counts(done: 3, review: 1, untranslated: 6)),
            locale("ar", counts(done: 1, untranslated: 8, errors: 2, gaps: 1)),
            locale("de", counts(done: 5, untranslated: 5, warnings: 1)),
        ], workItemLimit: 10)
    }
}

@Suite struct TerminalWidthTests {
    @Test func wideCombiningAndRightToLeftTextAreMeasuredAsTerminalsShowThem() {
        #expect(TerminalWidth.columns(of: "abc") == 3)
        #expect(TerminalWidth.columns(of: "日本語 (ja)") == 11)
        #expect(TerminalWidth.columns(of: "中文") == 4)
        #expect(TerminalWidth.columns(of: "e\u{301}") == 1)                 // e + combining acute
        #expect(TerminalWidth.columns(of: "العربية") == 7)
        #expect(TerminalWidth.columns(of: "مَرْحَبًا") == 5)                 // harakat take no column
        #expect(TerminalWidth.columns(of: "한국어") == 6)
        #expect(TerminalWidth.columns(of: "\u{1100}\u{1161}\u{11A8}") == 2)  // conjoining jamo: one syllable
        #expect(TerminalWidth.columns(of: "ＡＢ") == 4)                      // fullwidth forms
        #expect(TerminalWidth.columns(of: "👍") == 2)
        #expect(TerminalWidth.columns(of: "a\u{200B}b") == 2)               // zero-width space
        #expect(TerminalWidth.columns(of: "") == 0)
    }
}

@Suite struct StatusTableTests {
    /// Every row's cells start at the same terminal column as the header's, whatever the script.
    @Test func columnsStayAlignedWithCJKArabicAndCombiningNames() throws {
        let reader = try ReaderConventions(locale: "en")
        var report = SampleReport.report
        report.locales.append(SampleReport.locale("zh-Hant", SampleReport.counts(done: 2, untranslated: 2)))
        report.locales.append(SampleReport.locale("vi", SampleReport.counts(done: 2, untranslated: 2)))   // Tiếng Việt: combining or precomposed
        let text = StatusTable(reader: reader).render(report, breakdown: .sections)
        let lines = text.split(separator: "\n").map(String.init)
        let tableLines = Array(lines.prefix(report.locales.count + 1))
        #expect(text.contains("العربية"))
        #expect(text.contains("繁體"))
        // The "Messages" column ends at the same display column on every line.
        let header = tableLines[0]
        let messagesEnd = TerminalWidth.columns(of: String(header[..<header.range(of: "Messages")!.upperBound]))
        for line in tableLines.dropFirst() {
            let cells = line.split(separator: "  ", omittingEmptySubsequences: true)
            let label = String(cells[0])
            let labelEnd = TerminalWidth.columns(of: String(line[..<line.range(of: label)!.upperBound]))
            let firstNumber = line[line.range(of: label)!.upperBound...].firstIndex { $0 != " " }!
            let numberEnd = line[firstNumber...].firstIndex(of: " ")!
            #expect(TerminalWidth.columns(of: String(line[..<numberEnd])) == messagesEnd, "\(line)")
            #expect(labelEnd <= messagesEnd)
        }
    }

    @Test func rowsAreSortedByTheReadersNamesWithICUCollation() throws {
        let english = StatusTable(reader: try ReaderConventions(locale: "en")).render(SampleReport.report)
        let codes = english.split(separator: "\n").dropFirst().prefix(4).map { line in line.split(separator: "(").last!.prefix(while: { $0 != ")" }) }
        #expect(codes == ["ar", "de", "ja", "ru"])   // Arabic, German, Japanese, Russian
        let russian = StatusTable(reader: try ReaderConventions(locale: "ru")).render(SampleReport.report)
        let russianCodes = russian.split(separator: "\n").dropFirst().prefix(4).map { line in line.split(separator: "(").last!.prefix(while: { $0 != ")" }) }
        #expect(russianCodes == ["ar", "de", "ru", "ja"])   // арабский, немецкий, русский, японский
        #expect(russian.contains("немецкий · Deutsch (de)"))
    }

    @Test func occasionalColumnsAppearOnlyWhenSomeRowHasOne() throws {
        let reader = try ReaderConventions(locale: "en")
        let text = StatusTable(reader: reader).render(SampleReport.report)
        #expect(text.contains("Plural gaps") && text.contains("Errors") && text.contains("Warnings"))
        #expect(!text.contains("Obsolete"))
        #expect(text.hasSuffix("No obsolete entries.\n"))
        let clean = StatusReport(sourceLocale: "en", locales: [SampleReport.locale("ru", SampleReport.counts(done: 1, untranslated: 0))])
        let cleanText = StatusTable(reader: reader).render(clean)
        #expect(!cleanText.contains("Errors"))
        #expect(cleanText.hasSuffix("No obsolete entries, plural gaps, errors or warnings.\n"))
    }

    @Test func colourOnlyWhenAskedAndNeverInWidths() throws {
        let reader = try ReaderConventions(locale: "en")
        let plain = StatusTable(reader: reader, colors: false).render(SampleReport.report)
        let colored = StatusTable(reader: reader, colors: true).render(SampleReport.report)
        #expect(!plain.contains("\u{1B}"))
        #expect(colored.contains("\u{1B}[32m"))   // Russian, complete: green
        #expect(colored.contains("\u{1B}[31m"))   // Arabic errors: red
        let stripped = colored.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plain)
    }

    @Test func controlCharactersInFileNamesCannotReachTheTerminal() throws {
        var report = SampleReport.report
        report.locales[0].files[0].catalogFile = "locales/ru/\u{1B}[2Jevil\nname.po"
        let text = StatusTable(reader: try ReaderConventions(locale: "en")).render(report, breakdown: .files(locales: ["ru"]))
        #expect(!text.contains("\u{1B}[2J"))
        #expect(text.contains("\u{FFFD}[2Jevil\u{FFFD}name.po"))
    }

    @Test func barsShowEighthsAndRoundDown() {
        #expect(TextBar.render(Share(done: 0, total: 10), width: 12) == "░░░░░░░░░░░░")
        #expect(TextBar.render(Share(done: 10, total: 10), width: 12) == "████████████")
        #expect(TextBar.render(Share(done: 453, total: 1000), width: 12) == "█████▍░░░░░░")
        #expect(TextBar.render(Share(done: 999, total: 1000), width: 10) == "█████████▉")
    }
}

@Suite struct ReaderConventionsTests {
    @Test func namesNumbersAndPercentagesFollowTheReader() throws {
        let english = try ReaderConventions(locale: "en")
        #expect(english.label(for: "ru") == "Russian · русский (ru)")
        #expect(english.label(for: "en") == "English (en)")
        #expect(english.number(5895) == "5,895")
        #expect(english.percent(Share(done: 453, total: 1000)) == "45.3%")
        #expect(english.percent(Share(done: 9999, total: 10000)) == "99.9%")
        #expect(english.wholePercent(Share(done: 999, total: 1000)) == "99%")
        let german = try ReaderConventions(locale: "de")
        #expect(german.number(5895) == "5.895")
        #expect(german.percent(Share(done: 453, total: 1000)) == "45,3\u{A0}%")
        #expect(german.readerName(of: "ja") == "Japanisch")
        let arabic = try ReaderConventions(locale: "ar")
        #expect(arabic.isRightToLeft)
        #expect(arabic.number(12) == "١٢")
    }

    @Test func readerLocaleComesFromTheOptionThenPOSIXVariablesThenTheSource() throws {
        #expect(try ReaderLocale.resolve(requested: "de", environment: ["LANG": "fr_FR.UTF-8"], sourceLocale: "en") == "de")
        #expect(try ReaderLocale.resolve(requested: nil, environment: ["LANG": "fr_FR.UTF-8"], sourceLocale: "en") == "fr-FR")
        #expect(try ReaderLocale.resolve(requested: nil, environment: ["LC_ALL": "pt_BR.UTF-8@x", "LANG": "fr_FR"], sourceLocale: "en") == "pt-BR")
        #expect(try ReaderLocale.resolve(requested: nil, environment: ["LC_MESSAGES": "ja_JP", "LANG": "fr_FR"], sourceLocale: "en") == "ja-JP")
        #expect(try ReaderLocale.resolve(requested: nil, environment: ["LANG": "C.UTF-8"], sourceLocale: "en") == "en")
        #expect(try ReaderLocale.resolve(requested: nil, environment: ["LC_ALL": "POSIX", "LANG": "fr_FR"], sourceLocale: "ru") == "ru")
        #expect(try ReaderLocale.resolve(requested: nil, environment: [:], sourceLocale: "en") == "en")
        #expect(try ReaderLocale.resolve(requested: nil, environment: ["LANG": "xx_YY"], sourceLocale: "en") == "en")
    }

    @Test func anUnknownReaderLocaleIsAnErrorThatSaysWhatToUse() {
        #expect(throws: ReaderLocaleError.unknown("klingon")) { try ReaderLocale.resolve(requested: "klingon", environment: [:], sourceLocale: "en") }
        #expect(ReaderLocaleError.unknown("qq").description.contains("BCP 47"))
    }
}

@Suite struct StatusJSONTests {
    @Test func outputIsValidJSONWithTheDocumentedKeysInOrder() throws {
        let text = StatusJSON(reader: try ReaderConventions(locale: "en")).render(SampleReport.report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "tolk-status/1")
        let locales = try #require(object["locales"] as? [[String: Any]])
        #expect(locales.map { $0["locale"] as? String } == ["ru", "ja", "ar", "de"])   // the project's order, not sorted
        let arabic = locales[2]
        #expect(arabic["direction"] as? String == "rtl")
        #expect(arabic["pluralForms"] as? [String] == ["zero", "one", "two", "few", "many", "other"])
        let messages = try #require(arabic["messages"] as? [String: Int])
        #expect(messages == ["total": 10, "translated": 2, "needsReview": 0, "untranslated": 8, "obsolete": 0, "missingPluralForms": 1, "done": 1])
        #expect((arabic["percentDone"] as? [String: Double])?["words"] == 10)
        #expect(arabic["errors"] as? Int == 2)
        #expect(text.range(of: "\"schema\"")!.lowerBound < text.range(of: "\"sourceLocale\"")!.lowerBound)
        #expect(text.range(of: "\"messages\"")!.lowerBound < text.range(of: "\"words\"")!.lowerBound)
        let files = try #require(arabic["files"] as? [[String: Any]])
        #expect(files.first?["catalog"] as? String == "locales/ar/posts/a.po")
    }

    @Test func stringsAreEscaped() throws {
        var report = SampleReport.report
        report.locales[0].files[0].catalogFile = "quote\" backslash\\ newline\n tab\t bell\u{7}"
        let text = StatusJSON(reader: try ReaderConventions(locale: "en")).render(report)
        #expect(text.contains(#""quote\" backslash\\ newline\n tab\t bell\u0007""#))
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    }
}

@Suite struct StatusMarkdownTests {
    @Test func aTableForPullRequestsWithEscapedCells() throws {
        var report = SampleReport.report
        report.locales[0].files[0].section = StatusSection(id: "a|b_<x>", kind: .pages)
        let text = StatusMarkdown(reader: try ReaderConventions(locale: "en")).render(report)
        #expect(text.hasPrefix("### Translation status\n\n| Locale | Done (words) |"))
        #expect(text.contains("| Arabic · العربية (ar) | `"))
        #expect(text.contains("a\\|b\\_&lt;x&gt;/"))
        #expect(text.contains("<details><summary>By section</summary>"))
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| ") }
        let header = rows[0].filter { $0 == "|" }.count
        for row in rows.prefix(5) { #expect(row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == header, "\(row)") }
    }
}

@Suite struct StatusBadgeTests {
    @Test func badgeFitsItsTextAndIsColouredByShare() {
        let badge = StatusBadge().render(label: "ru", value: "87%", share: Share(done: 87, total: 100))
        #expect(badge.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(badge.contains("fill=\"#a4a61d\""))   // 75–89%: yellowgreen
        #expect(badge.contains("aria-label=\"ru: 87%\""))
        #expect(StatusBadge.boxWidth("ru") == 22)
        #expect(StatusBadge.boxWidth("100%") == 43)
        #expect(StatusBadge.boxWidth("日本語") == 43)
        #expect(StatusBadge.boxWidth("WWWW") > StatusBadge.boxWidth("iiii"))
        #expect(CompletionBand(Share(done: 100, total: 100)).badgeColor == "#4c1")
        #expect(CompletionBand(Share(done: 999, total: 1000)).badgeColor == "#97ca00")
        #expect(CompletionBand(Share(done: 0, total: 1)).badgeColor == "#e05d44")
    }

    @Test func labelsAreEscaped() {
        let badge = StatusBadge().render(label: "<&\">", value: "1%", share: Share(done: 1, total: 100))
        #expect(badge.contains("&lt;&amp;&quot;&gt;"))
        #expect(!badge.contains("<&"))
    }
}

@Suite struct StatusGatesTests {
    @Test func thresholdsForEveryLocaleAndForOne() throws {
        var gates = StatusGates()
        try gates.addThreshold("50")
        try gates.addThreshold("ja=25%")
        try gates.validate(locales: ["ru", "ja", "ar", "de"])
        let failures = gates.failures(in: SampleReport.report)
        #expect(failures.map(\.description) == ["ar: 10% of words done, below 50%"])
        gates.failOn = .errors
        #expect(gates.failures(in: SampleReport.report).map(\.description)
                == ["ar: 10% of words done, below 50%; 2 errors in its catalogs (tolk check ar shows them)"])
        gates.failOn = .warnings
        #expect(gates.failures(in: SampleReport.report).map(\.locale) == ["ar", "de"])
    }

    @Test func badThresholdsAreUsageErrors() {
        var gates = StatusGates()
        #expect(throws: StatusGateError.notAPercentage("lots")) { try gates.addThreshold("lots") }
        #expect(throws: StatusGateError.notAPercentage("=5")) { try gates.addThreshold("=5") }
        #expect(throws: StatusGateError.outOfRange("ru=120")) { try gates.addThreshold("ru=120") }
        #expect(throws: StatusGateError.notAPercentage("nan")) { try gates.addThreshold("nan") }
        try? gates.addThreshold("xx=5")
        #expect(throws: StatusGateError.unknownLocale("xx", known: ["ru"])) { try gates.validate(locales: ["ru"]) }
    }
}

@Suite struct WordDiffTests {
    @Test func insertedAndRemovedWordsAreMarked() {
        #expect(WordDiff.changes(from: "For years our list", to: "For many years our list")
                == [.same("For "), .added("many "), .same("years our list")])
        #expect(WordDiff.changes(from: "at least eleven people", to: "at least twelve people")
                == [.same("at least "), .removed("eleven"), .added("twelve"), .same(" people")])
        #expect(WordDiff.changes(from: "", to: "new") == [.added("new")])
    }

    @Test func tokensJoinBackToTheText() {
        let text = "  two  words\tand\nlines "
        #expect(WordDiff.tokens(text).joined() == text)
    }
}
