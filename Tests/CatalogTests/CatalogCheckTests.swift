import Testing
@testable import Catalog

/// `CatalogCheck` on small Russian catalogs: what it reports, and the `line:column` it reports it at.
@Suite struct CatalogCheckTests {
    static let header = """
        msgid ""
        msgstr ""
        "Language: ru\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Plural-Forms: nplurals=3; plural=(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2);\\n"

        """

    func check(_ entries: String, messageFormat: Bool = true) throws -> [String] {
        let path = "locales/ru/site.po"
        let read = POReader(path: path).read(Array((Self.header + "\n" + entries).utf8))
        return try CatalogCheck(locale: "ru").diagnostics(for: read, file: path, messageFormat: messageFormat).map(\.description)
    }

    /// 1-based line and byte column of `needle` in the catalog `check` reads.
    func position(of needle: String, in entries: String) throws -> String {
        let text = Self.header + "\n" + entries
        let range = try #require(text.range(of: needle))
        let before = text[..<range.lowerBound]
        let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        return "\(before.count { $0 == "\n" } + 1):\(text[lineStart..<range.lowerBound].utf8.count + 1)"
    }

    /// A plural gap is a warning at the empty form, and the entry's other findings are still made: a
    /// needs-review entry with a gap still has its MessageFormat checked.
    @Test func aPluralGapIsWarnedAboutBesideTheEntrysOtherFindings() throws {
        let entries = """
            #, fuzzy
            msgctxt "strings.comments"
            msgid "{count} comment"
            msgid_plural "{count} comments"
            msgstr[0] "{число} комментарий"
            msgstr[1] "{count} комментария"
            msgstr[2] ""

            """
        let found = try check(entries)
        #expect(found.contains { $0.contains("warning: msgstr[2] (many) is empty while other forms are translated") }, "\(found)")
        #expect(found.contains { $0.contains("error:") && $0.contains("{число}") }, "\(found)")
    }

    @Test func aSoundCatalogHasNoFindings() throws {
        let entries = """
            msgctxt "strings.published_on"
            msgid "Published on {date}"
            msgstr "Опубликовано {date}"

            msgctxt "strings.reading_time"
            msgid "# minute read"
            msgid_plural "# minutes read"
            msgstr[0] "# минута чтения"
            msgstr[1] "# минуты чтения"
            msgstr[2] "# минут чтения"

            """
        #expect(try check(entries).isEmpty)
    }

    @Test func pluralEntryWithTheWrongNumberOfForms() throws {
        let entries = """
            msgctxt "strings.posts_count"
            msgid "# post"
            msgid_plural "# posts"
            msgstr[0] "# запись"
            msgstr[1] "# записей"

            """
        #expect(try check(entries, messageFormat: false) == [
            "locales/ru/site.po:\(try position(of: "msgstr[0]", in: entries)): error: 2 plural forms, but Russian has 3 (nplurals=3: one, few, many) "
                + "(add msgstr[2]: one form each for one, few, many)",
        ])
    }

    @Test func problemInsideAWrappedTranslationPointsAtItsLine() throws {
        let entries = """
            msgctxt "strings.comments_count"
            msgid "{count, plural, =0 {No comments yet} one {# comment} other {# comments}}"
            msgstr ""
            "{count, plural, =0 {Комментариев пока нет} one {# комментарий} many {# "
            "комментариев} other {# комментария от {автор}}}"

            """
        #expect(try check(entries) == [
            "locales/ru/site.po:\(try position(of: "{count, plural, =0 {Ком", in: entries)): error: plural {count} has no 'few' branch "
                + "(add a 'few' branch: Russian needs one, few, many, other)",
            "locales/ru/site.po:\(try position(of: "{автор}", in: entries)): error: {автор} is not in the source "
                + "(remove it: the site fills in only {count})",
        ])
    }

    @Test func eachPluralFormIsCheckedAsMessageFormat() throws {
        let entries = """
            msgctxt "strings.reading_time"
            msgid "# minute read"
            msgid_plural "# minutes read"
            msgstr[0] "# минута чтения"
            msgstr[1] "# минуты {чтения"
            msgstr[2] "# минут чтения"

            """
        let found = try check(entries)
        #expect(found.count == 1, "\(found)")
        // The parser stops at the end of the form, where a '}' is missing: the closing quote.
        #expect(found.first?.hasPrefix("locales/ru/site.po:\(try position(of: "\"\nmsgstr[2]", in: entries)): error: "
                                       + "ICU MessageFormat syntax: expected ',' or '}' after argument name 'чтения'") == true)
    }

    @Test func untranslatedEntriesAreNotChecked() throws {
        let entries = """
            msgctxt "strings.comments_count"
            msgid "{count, plural, =0 {No comments yet} one {# comment} other {# comments}}"
            msgstr ""

            msgctxt "strings.posts_count"
            msgid "# post"
            msgid_plural "# posts"
            msgstr[0] ""
            msgstr[1] ""

            """
        #expect(try check(entries).isEmpty)
    }

    @Test func needsReviewEntriesAreChecked() throws {
        let entries = """
            #, fuzzy
            msgctxt "strings.published_on"
            msgid "Published on {date}"
            msgstr "Опубликовано {дата}"

            """
        #expect(try check(entries) == [
            "locales/ru/site.po:\(try position(of: "{дата}", in: entries)): error: {дата} should be {date}: argument names stay as in the source (rename {дата} back to {date})",
        ])
    }

    /// A paragraph about ICU keeps its English example in a code span: not MessageFormat, not an error.
    @Test func pageCatalogsAreNotMessageFormat() throws {
        let entries = """
            msgid "In ICU you write `{count, plural, one {# file} other {# files}}` and let the library choose."
            msgstr "В ICU пишут `{count, plural, one {# file} other {# files}}`, а форму выбирает библиотека."

            """
        #expect(try check(entries, messageFormat: false).isEmpty)
        #expect(try check(entries, messageFormat: true).count == 2, "as a site string it would lack few and many")
    }
}
