import Foundation
import Testing

/// `tolk import` checks the Markdown of each translation against its source, in XLIFF and in PO:
/// footnote references, emphasis that pairs up, and the whitespace at both ends. A failing unit is
/// reported at its `<target>` (PO: its `msgstr`) and its entry keeps what it had. A translation that
/// is the source unchanged comes in with a warning.
@Suite struct ImportMarkdownChecksTests {
    static let notImported = "tolk import: some entries were not imported (see above)\n"

    func catalogSnapshot(_ site: TolkRunner) throws -> [String: Data] {
        var snapshot: [String: Data] = [:]
        for case let url as URL in FileManager.default.enumerator(at: site.root.appendingPathComponent("locales"), includingPropertiesForKeys: nil)! where url.pathExtension == "po" {
            snapshot[url.path] = try Data(contentsOf: url)
        }
        return snapshot
    }

    /// Exports `locale` (every entry) in `format` to `file`; returns the file's text.
    func export(_ site: TolkRunner, _ locale: String, format: String, to file: String, only: String = "all") throws -> String {
        let result = try site.run("export", locale, "--format", format, "--only", only, "--output", file)
        #expect(result.status == 0, "\(result.stderr)")
        return try site.read(file)
    }

    /// The XLIFF 2.0 unit whose `<source>` starts with `sourceStart`: its id, and where its `<target>`
    /// and the target's content are in `xliff`.
    func xliffUnit(startingWith sourceStart: String, in xliff: String) throws -> (id: String, target: Range<String.Index>, content: Range<String.Index>) {
        let source = try #require(xliff.range(of: "<source>" + sourceStart))
        let unitStart = try #require(xliff.range(of: "<unit id=\"", options: .backwards, range: xliff.startIndex..<source.lowerBound))
        let id = String(xliff[unitStart.upperBound...].prefix { $0 != "\"" })
        let target = try #require(xliff.range(of: "<target>", range: source.upperBound..<xliff.endIndex))
        let end = try #require(xliff.range(of: "</target>", range: target.upperBound..<xliff.endIndex))
        return (id, target.lowerBound..<end.upperBound, target.upperBound..<end.lowerBound)
    }

    /// `line:1` of the `msgstr` of the PO entry whose msgid holds `msgidText`, and the range of that
    /// msgstr (up to the blank line after it).
    func poMsgstr(after msgidText: String, in po: String) throws -> (position: String, range: Range<String.Index>) {
        let msgid = try #require(po.range(of: msgidText))
        let msgstr = try #require(po.range(of: "\nmsgstr", range: msgid.upperBound..<po.endIndex))
        let end = po.range(of: "\n\n", range: msgstr.upperBound..<po.endIndex)?.lowerBound ?? po.endIndex
        let line = po[..<msgstr.upperBound].count { $0 == "\n" } + 1
        return ("\(line):1", po.index(after: msgstr.lowerBound)..<end)
    }

    // MARK: Footnote references

    @Test func aTargetWithAFootnoteReferenceTheSourceLacksIsRejected() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let before = try catalogSnapshot(site)
        var xliff = try export(site, "ru", format: "xliff", to: "ru.xlf")
        // The translator keeps the locked [^1] and types a second reference as text.
        let unit = try xliffUnit(startingWith: "Placeholder mismatches were", in: xliff)
        xliff.replaceSubrange(unit.content, with: xliff[unit.content].replacingOccurrences(of: "реальный вред.", with: "реальный вред.[^2]"))
        try site.write(xliff, to: "ru.xlf")

        let result = try site.run("import", "ru.xlf")
        #expect(result.status == 1)
        #expect(result.stderr == "ru.xlf:\(XLIFFInlineCodeTests.position(of: unit.target.lowerBound, in: xliff)): error: unit \(unit.id): "
                + "the translation has footnote reference [^2], which the source does not (use the source's footnote references only: each points to a note of the page; the unit was not imported)\n"
                + Self.notImported)
        #expect(result.stdout.contains("Updated 0 entries in ru"), "\(result.stdout)")
        #expect(try catalogSnapshot(site) == before)
    }

    @Test func aPOTranslationThatDropsAFootnoteReferenceIsRejected() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let before = try catalogSnapshot(site)
        var po = try export(site, "ru", format: "po", to: "ru.po")
        let msgstr = try poMsgstr(after: "\"Placeholder mismatches were", in: po)
        #expect(po[msgstr.range].contains("продакшене.[^1]"))
        po.replaceSubrange(msgstr.range, with: po[msgstr.range].replacingOccurrences(of: "продакшене.[^1]", with: "продакшене."))
        try site.write(po, to: "ru.po")

        let result = try site.run("import", "ru.po")
        #expect(result.status == 1)
        #expect(result.stderr == "ru.po:\(msgstr.position): error: the translation lacks footnote reference [^1] of the source "
                + "(put it back: a footnote reference may move in a translation, not disappear; the entry was not imported)\n" + Self.notImported)
        #expect(try catalogSnapshot(site) == before)
    }

    // MARK: Emphasis

    @Test func aTargetWhoseStrongEmphasisDoesNotCloseIsRejected() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let before = try catalogSnapshot(site)
        var xliff = try export(site, "ru", format: "xliff", to: "ru.xlf")
        let unit = try xliffUnit(startingWith: "**Validate plural categories**", in: xliff)
        xliff.replaceSubrange(unit.content, with: xliff[unit.content].replacingOccurrences(of: "числа**", with: "числа*"))
        try site.write(xliff, to: "ru.xlf")

        let result = try site.run("import", "ru.xlf")
        #expect(result.status == 1)
        #expect(result.stderr == "ru.xlf:\(XLIFFInlineCodeTests.position(of: unit.target.lowerBound, in: xliff)): error: unit \(unit.id): "
                + "the translation does not pair emphasis as the source does: emphasis (*…*, _…_) 0 in the source, 1 in the translation, "
                + "strong emphasis (**…**, __…__) 1 in the source, 0 in the translation "
                + "(close each *, _, **, __ and ~~ that opens, as the source does; spans may move, not appear or disappear; the unit was not imported)\n"
                + Self.notImported)
        #expect(try catalogSnapshot(site) == before)
    }

    /// The source has no emphasis, and the translation an asterisk that opens none: cmark-gfm would
    /// print it. (`snake_case`, `2 * 3` and asterisks in code, URLs or HTML never count: see
    /// `TranslationChecksTests`.)
    @Test func aPOTranslationWithAnUnpairedAsteriskIsRejected() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let before = try catalogSnapshot(site)
        var po = try export(site, "ru", format: "po", to: "ru.po")
        let msgstr = try poMsgstr(after: "msgid \"Read more\"", in: po)
        #expect(po[msgstr.range] == "msgstr \"Читать дальше\"")
        po.replaceSubrange(msgstr.range, with: "msgstr \"*Читать дальше\"")
        try site.write(po, to: "ru.po")

        let result = try site.run("import", "ru.po")
        #expect(result.status == 1)
        #expect(result.stderr == "ru.po:\(msgstr.position): error: the translation has an unpaired * that the page would show as text "
                + "(close the emphasis it opens, or write \\* for a literal *; the entry was not imported)\n" + Self.notImported)
        #expect(try catalogSnapshot(site) == before)
    }

    // MARK: Whitespace at the ends

    @Test func aTargetWithATrailingSpaceTheSourceLacksIsRejected() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let before = try catalogSnapshot(site)
        var xliff = try export(site, "ru", format: "xliff", to: "ru.xlf")
        let unit = try xliffUnit(startingWith: "Read more</source>", in: xliff)
        #expect(xliff[unit.content] == "Читать дальше")
        xliff.replaceSubrange(unit.content, with: "Читать дальше ")
        try site.write(xliff, to: "ru.xlf")

        let result = try site.run("import", "ru.xlf")
        #expect(result.status == 1)
        #expect(result.stderr == "ru.xlf:\(XLIFFInlineCodeTests.position(of: unit.target.lowerBound, in: xliff)): error: unit \(unit.id): "
                + "the translation ends with \" \", the source with no whitespace "
                + "(end it as the source does: whitespace at the ends of a message is layout, not part of the translation; the unit was not imported)\n"
                + Self.notImported)
        #expect(try catalogSnapshot(site) == before)
    }

    /// What a PO editor does when the translator presses Enter at the end: `msgfmt -c` rejects it too.
    @Test func aPOTranslationEndingInANewlineIsRejected() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let before = try catalogSnapshot(site)
        var po = try export(site, "ru", format: "po", to: "ru.po")
        let msgstr = try poMsgstr(after: "msgid \"Read more\"", in: po)
        po.replaceSubrange(msgstr.range, with: "msgstr \"Читать дальше\\n\"")
        try site.write(po, to: "ru.po")

        let result = try site.run("import", "ru.po")
        #expect(result.status == 1)
        #expect(result.stderr == "ru.po:\(msgstr.position): error: the translation ends with \"\\n\", the source with no whitespace "
                + "(end it as the source does: whitespace at the ends of a message is layout, not part of the translation; the entry was not imported)\n"
                + Self.notImported)
        #expect(try catalogSnapshot(site) == before)
    }

    @Test func aTargetThatDropsTheSourcesLeadingSpacesIsRejected() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        // A site string whose value starts with two spaces (a template puts it after a label).
        try site.write(try site.read("content/site.yaml") + "  byline_suffix: \"  by the Field Notes team\"\n", to: "content/site.yaml")
        #expect(try site.run("sync").status == 0)
        let before = try catalogSnapshot(site)
        var xliff = try export(site, "ru", format: "xliff", to: "ru.xlf", only: "untranslated")
        let source = try #require(xliff.range(of: "<source>  by the Field Notes team</source>"))
        xliff.insert(contentsOf: "\n        <target>от команды Field Notes</target>", at: source.upperBound)
        xliff = xliff.replacingOccurrences(of: "<segment state=\"initial\">\n        <source>  by the", with: "<segment state=\"translated\">\n        <source>  by the")
        let unit = try xliffUnit(startingWith: "  by the Field Notes team", in: xliff)
        try site.write(xliff, to: "ru.xlf")

        let result = try site.run("import", "ru.xlf")
        #expect(result.status == 1)
        #expect(result.stderr == "ru.xlf:\(XLIFFInlineCodeTests.position(of: unit.target.lowerBound, in: xliff)): error: unit \(unit.id): "
                + "the translation starts with no whitespace, the source with \"  \" "
                + "(start it as the source does: whitespace at the ends of a message is layout, not part of the translation; the unit was not imported)\n"
                + Self.notImported)
        #expect(try catalogSnapshot(site) == before)
    }

    // MARK: The source unchanged

    /// A CAT tool's "copy source to target" left in: imported, with a warning, and exit status 0.
    @Test func aTargetSameAsTheSourceIsImportedWithAWarning() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        var xliff = try export(site, "de", format: "xliff", to: "de.xlf", only: "needs-work")
        let untranslated = "<segment state=\"initial\">\n        <source>CI Gates for Translation Files</source>"
        #expect(xliff.contains(untranslated))
        xliff = xliff.replacingOccurrences(of: untranslated, with: "<segment state=\"translated\">\n        <source>CI Gates for Translation Files</source>\n        <target>CI Gates for Translation Files</target>")
        let unit = try xliffUnit(startingWith: "CI Gates for Translation Files", in: xliff)
        try site.write(xliff, to: "de.xlf")

        let result = try site.run("import", "de.xlf")
        #expect(result.status == 0, "a warning is no failure")
        #expect(result.stderr == "de.xlf:\(XLIFFInlineCodeTests.position(of: unit.target.lowerBound, in: xliff)): warning: unit \(unit.id): "
                + "the translation is the same as the source (imported as it is; if the text is not the same in German, translate it)\n")
        #expect(result.stdout.hasPrefix("Updated 1 entries in de"), "\(result.stdout)")
        #expect(try site.read("locales/de/posts/ci-gates-for-translations.po").contains("msgid \"CI Gates for Translation Files\"\nmsgstr \"CI Gates for Translation Files\"\n"))

        // Imported again, the catalog already has it: nothing changes and nothing is said.
        let again = try site.run("import", "de.xlf")
        #expect(again.status == 0 && again.stderr.isEmpty, "\(again.stderr)")
    }

    @Test func aPOTranslationSameAsTheSourceIsImportedWithAWarning() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        var po = try export(site, "de", format: "po", to: "de.po", only: "untranslated")
        let msgstr = try poMsgstr(after: "msgid \"CI Gates for Translation Files\"", in: po)
        #expect(po[msgstr.range] == "msgstr \"\"")
        po.replaceSubrange(msgstr.range, with: "msgstr \"CI Gates for Translation Files\"")
        try site.write(po, to: "de.po")

        let result = try site.run("import", "de.po")
        #expect(result.status == 0)
        #expect(result.stderr == "de.po:\(msgstr.position): warning: the translation is the same as the source (imported as it is; if the text is not the same in German, translate it)\n")
        #expect(try site.read("locales/de/posts/ci-gates-for-translations.po").contains("msgid \"CI Gates for Translation Files\"\nmsgstr \"CI Gates for Translation Files\"\n"))
    }

    // MARK: Unedited exports

    /// Every locale's catalogs, exported in each format and imported back unedited, pass every check.
    ///
    /// The sample site has messages repeated across files that are translated in one catalog and not
    /// in another (de, ar, ja: tags, a table header). An export holds such a message once, with the
    /// translation, and import applies it to every catalog that has the message, so the first round
    /// fills those repeats in (a copy the same as its source says so, with a warning). From then on an
    /// unedited round trip changes no byte and says nothing.
    @Test func uneditedExportsOfEveryLocaleImportWithoutErrorAndChangeNoByte() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let locales = ["ru", "de", "ar", "ja"]
        for locale in locales {
            _ = try export(site, locale, format: "xliff", to: "\(locale)-first.xlf")
            let first = try site.run("import", "\(locale)-first.xlf")
            #expect(first.status == 0, "\(locale): \(first.stderr)")
            #expect(!first.stderr.contains(": error: "), "\(locale): \(first.stderr)")
        }
        let settled = try catalogSnapshot(site)
        for locale in locales {
            for (format, file) in [("xliff", "\(locale).xlf"), ("xliff12", "\(locale)-12.xlf"), ("po", "\(locale).po")] {
                _ = try export(site, locale, format: format, to: file)
                let result = try site.run("import", file)
                #expect(result.status == 0, "\(file): \(result.stderr)")
                #expect(result.stderr.isEmpty, "\(file): \(result.stderr)")
                #expect(result.stdout.hasPrefix("Updated 0 entries in \(locale)"), "\(file): \(result.stdout)")
            }
        }
        #expect(try catalogSnapshot(site) == settled)
    }
}
