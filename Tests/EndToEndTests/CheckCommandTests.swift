import Foundation
import Testing

/// `tolk check` on the sample site: clean as shipped, and each broken translation reported at its
/// `file:line:column` with exit status 1.
@Suite struct CheckCommandTests {
    let siteCatalog = "locales/ru/site.po"

    @Test func theSampleSitePasses() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let result = try site.run("check")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout == "56 catalogs checked, 0 errors\n")
    }

    @Test func aRenamedArgumentInARussianSiteStringFails() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try site.write(try site.read(siteCatalog).replacingOccurrences(of: "Опубликовано {date}", with: "Опубликовано {дата}"), to: siteCatalog)
        let result = try site.run("check")
        #expect(result.status == 1)
        let position = try site.position(of: "{дата}", in: siteCatalog)
        #expect(result.stderr.contains("\(siteCatalog):\(position): error: {дата} should be {date}: argument names stay as in the source (rename {дата} back to {date})\n"),
                "\(result.stderr)")
        #expect(result.stdout.hasSuffix("56 catalogs checked, 1 error\n"))
    }

    /// A plural with an `=0` branch stays a whole ICU string in msgstr; the translator dropped Russian's `few`.
    @Test func aWholeICUPluralWithoutFewFails() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try site.addCommentsCount(russian: "{count, plural, =0 {Комментариев пока нет} one {# комментарий} many {# комментариев} other {# комментария}}")
        let result = try site.run("check")
        #expect(result.status == 1)
        let position = try site.position(of: "{count, plural, =0 {Комм", in: siteCatalog)
        #expect(result.stderr.contains("\(siteCatalog):\(position): error: plural {count} has no 'few' branch (add a 'few' branch: Russian needs one, few, many, other)\n"),
                "\(result.stderr)")

        // With the branch back, the site passes.
        try site.write(try site.read(siteCatalog).replacingOccurrences(of: "one {# комментарий} many", with: "one {# комментарий} few {# комментария} many"), to: siteCatalog)
        let fixed = try site.run("check")
        #expect(fixed.status == 0, "\(fixed.stderr)")
    }

    @Test func pluralEntryWithTooManyFormsFails() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let catalog = "locales/de/site.po"
        // tolk keeps plurals as whole ICU messages; a catalog edited with another tool may hold gettext forms.
        let whole = "msgid \"{count, plural, one {# post} other {# posts}}\"\nmsgstr \"{count, plural, one {# Beitrag} other {# Beiträge}}\"\n"
        #expect(try site.read(catalog).contains(whole))
        try site.write(try site.read(catalog).replacingOccurrences(of: whole, with: "msgid \"# post\"\nmsgid_plural \"# posts\"\nmsgstr[0] \"# Beitrag\"\nmsgstr[1] \"# Beiträge\"\nmsgstr[2] \"# Beiträgen\"\n"), to: catalog)
        let result = try site.run("check", "de")
        #expect(result.status == 1)
        let line = try site.position(of: "msgstr[0] \"# Beitrag\"", in: catalog)
        #expect(result.stderr.contains("\(catalog):\(line): error: 3 plural forms, but German has 2 (nplurals=2: one, other) (remove msgstr[2]: tolk uses only the first 2)"),
                "\(result.stderr)")
        #expect(result.stdout.hasSuffix("14 catalogs checked, 1 error\n"))
    }

    @Test func onlyTheNamedLocalesAreChecked() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try site.write(try site.read(siteCatalog).replacingOccurrences(of: "Опубликовано {date}", with: "Опубликовано {дата}"), to: siteCatalog)
        let result = try site.run("check", "de", "ja")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "28 catalogs checked, 0 errors\n")
    }

    @Test func anUnknownLocaleIsBadUsage() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let result = try site.run("check", "pl")
        #expect(result.status == 2)
        #expect(result.stderr.contains("'pl' is not a target locale of this site (targets: ru, de, ar, ja)"))
    }

    /// Every command that works on a target's catalogs takes another spelling of a target (`RU`,
    /// `pt_BR`) as the site spells it, and says the same thing of a name that is no target.
    @Test func aLocaleNameIsResolvedAlikeByEveryCommand() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let export = try site.run("export", "RU", "--format", "po", "--output", "ru.po")
        #expect(export.status == 0, "\(export.stderr)")
        #expect(try site.read("ru.po").contains("\"Language: ru\\n\""))
        #expect(try site.run("status", "--locale", "Ru").stdout.contains("ru"))
        #expect(try site.run("check", "RU").status == 0)
        for command in [["check", "en"], ["export", "en", "--output", "en.po"], ["status", "--locale", "en"], ["translate", "en", "--engine", "command"]] {
            let result = try site.run(command)
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr.contains("error: 'en' is not a target locale of this site (targets: ru, de, ar, ja); it is the source locale, which has no catalogs"),
                    "\(command): \(result.stderr)")
        }
    }

    @Test func aCatalogThatDoesNotParseFails() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let catalog = "locales/ja/posts/dates-and-numbers.po"
        let broken = try site.read(catalog) + "\nmsgid \"unterminated\nmsgstr \"\"\n"
        try site.write(broken, to: catalog)
        let result = try site.run("check", "ja")
        #expect(result.status == 1)
        let line = broken.count { $0 == "\n" } - 1
        #expect(result.stderr.contains("\(catalog):\(line):"), "\(result.stderr)")
        #expect(result.stdout.hasSuffix("14 catalogs checked, 1 error\n"))
    }
}

extension TolkRunner {
    /// `line:column` (1-based, column in bytes) of the first occurrence of `needle` in the file at `path`.
    func position(of needle: String, in path: String) throws -> String {
        let text = try read(path)
        let range = try #require(text.range(of: needle), "\(needle) is not in \(path)")
        let before = text[..<range.lowerBound]
        let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        return "\(before.count { $0 == "\n" } + 1):\(text[lineStart..<range.lowerBound].utf8.count + 1)"
    }

    /// Adds a site string that stays a whole ICU message (it has an `=0` branch), syncs, and gives it
    /// `russian` as its Russian translation.
    func addCommentsCount(russian: String) throws {
        let strings = "content/site.yaml"
        try write(try read(strings) + "  comments_count: \"{count, plural, =0 {No comments yet} one {# comment} other {# comments}}\"\n", to: strings)
        let sync = try run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        let catalog = "locales/ru/site.po"
        var blocks = try read(catalog).components(separatedBy: "\n\n")
        let index = try #require(blocks.firstIndex { $0.contains("msgctxt \"strings.comments_count\"") })
        #expect(blocks[index].hasSuffix("msgstr \"\"") || blocks[index].hasSuffix("msgstr \"\"\n"))
        blocks[index] = blocks[index].replacingOccurrences(of: "msgstr \"\"", with: "msgstr \"\(russian)\"", options: .backwards,
                                                           range: blocks[index].range(of: "msgstr \"\"", options: .backwards))
        try write(blocks.joined(separator: "\n\n"), to: catalog)
    }
}
