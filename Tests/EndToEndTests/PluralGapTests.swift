import Foundation
import Testing

/// Issue 15, finding 2: `sync` invented plural forms. A Russian entry with only msgstr[0] and [1] got a
/// msgstr[2] copied from [1], not fuzzy, `check` was clean and the build wrote "5 минуты чтения". A
/// missing form is now a gap: empty, reported, not counted translated, and the build falls back.
@Suite struct PluralGapTests {
    @Test func f2_syncNeverInventsAPluralForm() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let catalog = "locales/ru/site.po"
        try site.write(try site.read(catalog).replacingOccurrences(of: "msgstr[2] \"# минут чтения\"\n", with: ""), to: catalog)
        #expect(try site.run("sync").status == 0)
        let synced = try site.read(catalog)
        #expect(synced.contains("msgstr[0] \"# минута чтения\"\nmsgstr[1] \"# минуты чтения\"\nmsgstr[2] \"\"\n"), "the missing form is empty, not a copy")

        let check = try site.run("check", "ru")
        let line = try site.line(of: "msgstr[2] \"\"", in: catalog)
        #expect(check.stderr.contains("\(catalog):\(line):1: warning: msgstr[2] (many) is empty while other forms are translated: the entry is not translated, and ships in the source language (translate the many form)"),
                "\(check.stderr)")
        let status = try site.run("status", "--format", "json")
        #expect(status.stdout.contains("\"catalog\": \"locales/ru/site.po\"") && status.stdout.contains("\"missingPluralForms\": 1, \"done\": 15}"),
                "the gap is counted, and the entry is not done: \(status.stdout.prefix(900))")

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
