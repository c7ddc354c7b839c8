import Foundation
import Testing

/// Issue 15, finding 2: `sync` invented plural forms. A Russian entry with only msgstr[0] and [1] got a
/// msgstr[2] copied from [1], not fuzzy, `check` was clean and the build wrote "5 минуты чтения".
///
/// tolk now keeps ICU plurals whole (finding 3), so its own catalogs hold no gettext forms; a catalog
/// from another tool or an earlier tolk still may. Its incomplete entry is reported by `check`, kept
/// by `sync` as it was (obsolete, beside the new whole message, untranslated) — no form is invented —
/// and the build falls back to the source.
@Suite struct PluralGapTests {
    @Test func f2_syncNeverInventsAPluralForm() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let catalog = "locales/ru/site.po"
        try site.replaceEntry(context: "strings.reading_time", in: catalog,
                              with: "msgid \"# minute read\"\nmsgid_plural \"# minutes read\"\nmsgstr[0] \"# минута чтения\"\nmsgstr[1] \"# минуты чтения\"\n")

        let check = try site.run("check", "ru")
        let line = try site.line(of: "msgstr[0] \"# минута чтения\"", in: catalog)
        #expect(check.stderr.contains("\(catalog):\(line):1: error: 2 plural forms, but Russian has 3 (nplurals=3: one, few, many)"), "\(check.stderr)")

        #expect(try site.run("sync").status == 0)
        let synced = try site.read(catalog)
        #expect(synced.contains("#~ msgctxt \"strings.reading_time\"\n#~ msgid \"# minute read\"\n#~ msgid_plural \"# minutes read\"\n#~ msgstr[0] \"# минута чтения\"\n#~ msgstr[1] \"# минуты чтения\"\n\n")
                || synced.hasSuffix("#~ msgstr[1] \"# минуты чтения\"\n"), "kept as it was, no form added: \(synced)")
        #expect(!synced.contains("msgstr[2]"))
        #expect(synced.contains("msgid \"{minutes, plural, one {# minute read} other {# minutes read}}\"\nmsgstr \"\"\n"), "the whole message is to translate")

        #expect(try site.run("build").status == 0)
        var readingTimes = 0
        for post in try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("public/ru/posts").path) {
            let text = try site.read("public/ru/posts/" + post)
            for line in text.split(separator: "\n") where line.hasPrefix("reading_time:") {
                readingTimes += 1
                #expect(!line.contains("чтения"), "the whole message falls back, no Russian form is used for a number it does not fit: \(line)")
            }
        }
        #expect(readingTimes == 12)
    }
}

extension TolkRunner {
    /// Replaces what follows `msgctxt "CONTEXT"` in the catalog at `path`, up to the blank line, with
    /// `body` (msgid and msgstr lines): an entry as another tool, or an earlier tolk, would write it.
    func replaceEntry(context: String, in path: String, with body: String) throws {
        var text = try read(path)
        let start = try #require(text.range(of: "msgctxt \"\(context)\"\n"), "no entry \(context) in \(path)")
        let end = try #require(text.range(of: "\n\n", range: start.upperBound..<text.endIndex))
        text.replaceSubrange(start.upperBound..<text.index(after: end.lowerBound), with: body)
        try write(text, to: path)
    }
}
