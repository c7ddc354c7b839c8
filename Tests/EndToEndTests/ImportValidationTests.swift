import Foundation
import Testing

/// `tolk import` rejects site-string translations that `tolk check` would reject, names where they are
/// in the imported file, and leaves the catalogs' translations as they were.
@Suite struct ImportValidationTests {
    let siteCatalog = "locales/ru/site.po"
    let complete = "{count, plural, =0 {Комментариев пока нет} one {# комментарий} few {# комментария} many {# комментариев} other {# комментария}}"

    @Test func aBrokenPluralIsRejectedAtItsPositionAndTheOldTranslationKept() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try site.addCommentsCount(russian: complete)
        #expect(try site.run("check", "ru").status == 0)
        #expect(try site.run("fmt").status == 0, "canonical, as import writes it")
        let before = try site.read(siteCatalog)

        #expect(try site.run("export", "ru", "--output", "ru.po").status == 0)
        // The translator drops the `few` branch and translates an argument name.
        let exported = try site.read("ru.po")
        let broken = exported
            .replacingOccurrences(of: "few {# \"\n\"комментария} ", with: "")
            .replacingOccurrences(of: "few {# комментария} ", with: "")
            .replacingOccurrences(of: "Опубликовано {date}", with: "Опубликовано {дата}")
            .replacingOccurrences(of: "Читать дальше", with: "Читать далее")
        #expect(broken.contains("many {# комментариев}") && !broken.contains("few {# комментария}") && !broken.contains("few {# \"\n\"комментария}"))
        try site.write(broken, to: "ru.po")

        let result = try site.run("import", "ru.po")
        #expect(result.status == 1)
        let plural = try site.position(of: "{count, plural, =0 {Комм", in: "ru.po")
        #expect(result.stderr.contains("ru.po:\(plural): error: plural {count} has no 'few' branch (add a 'few' branch: Russian needs one, few, many, other; the entry was not imported)\n"),
                "\(result.stderr)")
        let renamed = try site.position(of: "{дата}", in: "ru.po")
        #expect(result.stderr.contains("ru.po:\(renamed): error: {дата} should be {date}: argument names stay as in the source (rename {дата} back to {date}; the entry was not imported)\n"))
        #expect(result.stdout.contains("Updated 1 entries in ru"), "the sound entry in the same file is imported")

        let after = try site.read(siteCatalog)
        #expect(after.contains("Читать далее"))
        #expect(after.replacingOccurrences(of: "Читать далее", with: "Читать дальше") == before, "the rejected entries keep their old translations")
    }

    @Test func aPluralEntryWithMissingFormsIsRejectedAtItsLine() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let before = try site.read(siteCatalog)
        #expect(try site.run("export", "ru", "--output", "ru.po").status == 0)
        // tolk keeps plurals as whole ICU messages; a PO file from another tool may still hold gettext forms.
        try site.write(try site.read("ru.po") + "\nmsgctxt \"strings.posts_count\"\nmsgid \"# post\"\nmsgid_plural \"# posts\"\nmsgstr[0] \"# запись\"\nmsgstr[1] \"# записи\"\n",
                       to: "ru.po")
        let result = try site.run("import", "ru.po")
        #expect(result.status == 1)
        let line = try site.position(of: "msgstr[0] \"# запись\"", in: "ru.po")
        #expect(result.stderr.contains("ru.po:\(line): error: 2 plural forms, but Russian has 3 (nplurals=3: one, few, many) (add msgstr[2]: one form each for one, few, many; the entry was not imported)"),
                "\(result.stderr)")
        #expect(try site.read(siteCatalog) == before)
    }
}
