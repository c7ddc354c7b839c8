import Testing
@testable import LocaleData

/// Translated site strings checked against their English source and the target's CLDR categories.
@Suite struct MessageFormatValidatorTests {
    let comments = "{count, plural, =0 {No comments yet} one {# comment} other {# comments}}"
    let reading = "{minutes, plural, one {# minute read} other {# minutes read}}"
    let place = "{place, selectordinal, one {#st place} two {#nd place} few {#rd place} other {#th place}}"
    let greeting = "{gender, select, female {She replied} male {He replied} other {They replied}}"

    func problems(_ translation: String, _ source: String, _ locale: String) throws -> [MessageFormatProblem] {
        try MessageFormatValidator.problems(in: translation, source: source, locale: locale)
    }

    func byteOffset(of needle: String, in text: String) throws -> Int {
        let range = try #require(text.range(of: needle))
        return text.utf8.distance(from: text.startIndex, to: range.lowerBound)
    }

    // MARK: Good translations pass

    @Test func completeTranslationsPass() throws {
        #expect(try problems("{count, plural, =0 {Комментариев пока нет} one {# комментарий} few {# комментария} many {# комментариев} other {# комментария}}", comments, "ru").isEmpty)
        #expect(try problems("{minutes, plural, one {# minuta czytania} few {# minuty czytania} many {# minut czytania} other {# minuty czytania}}", reading, "pl").isEmpty)
        #expect(try problems("{minutes, plural, zero {لا دقائق} one {دقيقة واحدة} two {دقيقتان} few {# دقائق} many {# دقيقة} other {# دقيقة}}", reading, "ar").isEmpty)
        #expect(try problems("{minutes, plural, other {#分で読めます}}", reading, "ja").isEmpty)
        #expect(try problems("{minutes, plural, zero {# munud} one {# munud} two {# funud} few {# munud} many {# munud} other {# munud}}", reading, "cy").isEmpty)
        #expect(try problems("{minutes, plural, one {# Minute Lesezeit} other {# Minuten Lesezeit}}", reading, "de").isEmpty)
        #expect(try problems("{place, selectordinal, one {#re place} other {#e place}}", place, "fr").isEmpty)
        #expect(try problems(place, place, "en").isEmpty)
        #expect(try problems("{gender, select, female {Sie hat geantwortet} male {Er hat geantwortet} other {Sie haben geantwortet}}", greeting, "de").isEmpty)
        #expect(try problems("Опубликовано {date}", "Published on {date}", "ru").isEmpty)
    }

    @Test func exactValuesAreAlwaysAllowed() throws {
        #expect(try problems("{count, plural, =0 {Noch keine Kommentare} =1 {Ein Kommentar} one {# Kommentar} other {# Kommentare}}", comments, "de").isEmpty)
        #expect(try problems("{place, selectordinal, =1 {le premier} one {#re} other {#e}}", place, "fr").isEmpty)
    }

    // MARK: One test per problem kind

    @Test func missingPluralCategory() throws {
        let russian = "{count, plural, =0 {Комментариев пока нет} one {# комментарий} many {# комментариев} other {# комментария}}"
        let found = try problems(russian, comments, "ru")
        #expect(found.map(\.kind) == [.missingPluralCategory(argument: "count", category: .few)])
        #expect(found[0].offset == 0)
        #expect(found[0].message == "plural {count} has no 'few' branch")
        #expect(found[0].hint == "add a 'few' branch: Russian needs one, few, many, other")

        // Polish has a `many` for 5–21, which a translator copying the English shape forgets.
        let polish = "Czas czytania: {minutes, plural, one {# minuta} few {# minuty} other {# minut}}"
        let polishProblems = try problems(polish, reading, "pl")
        #expect(polishProblems.map(\.kind) == [.missingPluralCategory(argument: "minutes", category: .many)])
        #expect(polishProblems[0].offset == (try byteOffset(of: "{minutes", in: polish)))
        #expect(polishProblems[0].hint == "add a 'many' branch: Polish needs one, few, many, other")

        // Arabic: every missing category is reported, not just the first.
        let arabic = "{minutes, plural, one {دقيقة واحدة} other {# دقيقة}}"
        #expect(try problems(arabic, reading, "ar").map(\.kind) == [.zero, .two, .few, .many].map {
            .missingPluralCategory(argument: "minutes", category: $0)
        })
        // Welsh, written in the English shape, lacks four of its six categories.
        let welsh = try problems("{minutes, plural, one {# munud} other {# munud}}", reading, "cy")
        #expect(welsh.map(\.kind) == [.zero, .two, .few, .many].map { .missingPluralCategory(argument: "minutes", category: $0) })
        #expect(welsh.last?.hint == "add a 'many' branch: Welsh needs zero, one, two, few, many, other")
    }

    @Test func missingOtherIsReportedOnceNotAgainAsICUSyntax() throws {
        let found = try problems("{minutes, plural, one {# Minute Lesezeit}}", reading, "de")
        #expect(found.map(\.kind) == [.missingPluralCategory(argument: "minutes", category: .other)])
        #expect(found[0].hint == "add an 'other' branch: German needs one, other")
    }

    @Test func unknownPluralCategory() throws {
        let german = "{minutes, plural, one {# Minute} few {# Minuten} other {# Minuten}}"
        let found = try problems(german, reading, "de")
        #expect(found.map(\.kind) == [.unknownPluralCategory(argument: "minutes", selector: "few")])
        #expect(found[0].offset == (try byteOffset(of: "few", in: german)))
        #expect(found[0].message == "plural {minutes} has a 'few' branch, but German has no 'few' category")
        #expect(found[0].hint == "remove it or use German's categories: one, other; =N is always allowed for an exact number")

        // Japanese has only `other`; the offset counts UTF-8 bytes, not characters.
        let japanese = "読了時間: {minutes, plural, one {#分} other {#分}}"
        let japaneseProblems = try problems(japanese, reading, "ja")
        #expect(japaneseProblems.map(\.kind) == [.unknownPluralCategory(argument: "minutes", selector: "one")])
        #expect(japaneseProblems[0].offset == (try byteOffset(of: "one", in: japanese)))
        #expect(japaneseProblems[0].offset == 32)
    }

    @Test func missingOrdinalCategory() throws {
        let found = try problems("{place, selectordinal, one {#st place} two {#nd place} other {#th place}}", place, "en")
        #expect(found.map(\.kind) == [.missingOrdinalCategory(argument: "place", category: .few)])
        #expect(found[0].message == "selectordinal {place} has no 'few' branch")
        #expect(found[0].hint == "add a 'few' branch: English ordinals need one, two, few, other")
    }

    @Test func unknownOrdinalCategory() throws {
        // French ordinals are one (1er) and other; English's `two` and `few` do not exist there.
        let french = "{place, selectordinal, one {#re place} two {#e place} few {#e place} other {#e place}}"
        let found = try problems(french, place, "fr")
        #expect(found.map(\.kind) == [.unknownOrdinalCategory(argument: "place", selector: "two"),
                                      .unknownOrdinalCategory(argument: "place", selector: "few")])
        #expect(found[0].message == "selectordinal {place} has a 'two' branch, but French ordinals have no 'two' category")
        #expect(found[0].hint == "remove it or use the categories of French ordinals: one, other; =N is always allowed for an exact number")
        // Ordinal and cardinal categories differ: `one` is an ordinal category of French but German ordinals have only `other`.
        #expect(try problems("{place, selectordinal, one {#.} other {#.}}", place, "de").map(\.kind)
                == [.unknownOrdinalCategory(argument: "place", selector: "one")])
    }

    @Test func selectWithoutOther() throws {
        let found = try problems("{gender, select, female {Sie hat geantwortet} male {Er hat geantwortet}}", greeting, "de")
        #expect(found.map(\.kind) == [.selectWithoutOther(argument: "gender")])
        #expect(found[0].message == "select {gender} has no 'other' branch")
        #expect(found[0].hint.hasPrefix("add an 'other' branch"))
    }

    @Test func missingArgument() throws {
        let found = try problems("Опубликовано", "Published on {date}", "ru")
        #expect(found.map(\.kind) == [.missingArgument("date")])
        #expect(found[0].offset == 0)
        #expect(found[0].message == "the source's {date} is missing")

        // A nested argument: the problem points at the plural it belonged to.
        let source = "{count, plural, one {# comment by {author}} other {# comments by {author}}}"
        let russian = "Всего: {count, plural, one {# комментарий} few {# комментария} many {# комментариев} other {# комментария}}"
        let nested = try problems(russian, source, "ru")
        #expect(nested.map(\.kind) == [.missingArgument("author")])
        #expect(nested[0].offset == (try byteOffset(of: "{count", in: russian)))
        #expect(nested[0].hint == "add {author} inside {count}, as in the source: the site puts its value there")
    }

    @Test func addedArgument() throws {
        let found = try problems("Weiterlesen: {title}", "Read more", "de")
        #expect(found.map(\.kind) == [.addedArgument("title")])
        #expect(found[0].offset == 13)
        #expect(found[0].hint == "remove it, or quote literal braces as '{' and '}': the source has no arguments")
        #expect(try problems("Schlagwörter: {tags} ({count})", "Tagged with {tags}", "de").map(\.hint)
                == ["remove it: the site fills in only {tags}"])
    }

    @Test func renamedArgument() throws {
        let russian = "Опубликовано {дата}"
        let found = try problems(russian, "Published on {date}", "ru")
        #expect(found.map(\.kind) == [.renamedArgument(from: "date", to: "дата")])
        #expect(found[0].offset == 25, "13 characters of Cyrillic and a space are 25 bytes")
        #expect(found[0].message == "{дата} should be {date}: argument names stay as in the source")
        #expect(found[0].hint == "rename {дата} back to {date}")

        // Nested: the author inside a plural branch.
        let source = "{count, plural, one {# comment by {author}} other {# comments by {author}}}"
        let polish = "{count, plural, one {# komentarz od {autor}} few {# komentarze od {autor}} many {# komentarzy od {autor}} other {# komentarza od {autor}}}"
        let nested = try problems(polish, source, "pl")
        #expect(nested.map(\.kind) == [.renamedArgument(from: "author", to: "autor")])
        #expect(nested[0].offset == (try byteOffset(of: "{autor}", in: polish)))
    }

    @Test func argumentKindChanged() throws {
        let japanese = "{minutes, select, other {#分で読めます}}"
        let found = try problems(japanese, reading, "ja")
        #expect(found.map(\.kind) == [.argumentKindChanged(argument: "minutes", source: .plural, translation: .select)])
        #expect(found[0].message == "{minutes} is a select here but a plural in the source")
        #expect(found[0].hint == "write it as the source does: {minutes, plural, …}")

        let plain = try problems("{minutes}分で読めます", reading, "ja")
        #expect(plain.map(\.kind) == [.argumentKindChanged(argument: "minutes", source: .plural, translation: .simple)])
        #expect(plain[0].message == "{minutes} is a plain argument here but a plural in the source")

        let date = try problems("Veröffentlicht am {date, select, other {?}}", "Published on {date, date, long}", "de")
        #expect(date.map(\.hint) == ["write it as the source does: {date, date, long}"])
    }

    @Test func syntaxErrorFromOurParser() throws {
        let russian = "Опубликовано {date"
        let found = try problems(russian, "Published on {date}", "ru")
        #expect(found.count == 1)
        guard case .syntax(let reason) = found[0].kind else { Issue.record("expected a syntax problem"); return }
        #expect(reason == "expected ',' or '}' after argument name 'date'")
        #expect(found[0].offset == russian.utf8.count, "the parser stops at the end, where the '}' is missing")
        #expect(found[0].message.hasPrefix("ICU MessageFormat syntax: "))
    }

    @Test func syntaxErrorFromICU() throws {
        // tolk's parser takes any word as a type; ICU knows only number, date, time, spellout, ordinal, duration.
        let found = try problems("Veröffentlicht am {date, datum}", "Published on {date, date}", "de")
        #expect(found.count == 1)
        guard case .syntax(let reason) = found[0].kind else { Issue.record("expected a syntax problem, got \(found)"); return }
        #expect(reason == "ICU rejects it: an argument type or style ICU does not know (U_ILLEGAL_ARGUMENT_ERROR)")
    }

    // MARK: Every problem at once

    @Test func everyProblemIsReportedInOffsetOrder() throws {
        let source = "{count, plural, one {# comment by {author} on {date}} other {# comments by {author} on {date}}}"
        let russian = "{count, plural, one {# комментарий от {автор}} many {# комментариев от {автор}} other {# комментария от {автор}} two {}}"
        let found = try problems(russian, source, "ru")
        #expect(found.map(\.kind) == [
            .missingPluralCategory(argument: "count", category: .few),
            .missingArgument("date"),
            .renamedArgument(from: "author", to: "автор"),
            .unknownPluralCategory(argument: "count", selector: "two"),
        ])
        #expect(found.map(\.offset) == found.map(\.offset).sorted())
    }
}
