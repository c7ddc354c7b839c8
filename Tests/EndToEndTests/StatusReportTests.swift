import Foundation
import Testing
import TestSupport

/// `tolk status` through the binary on the sample site: golden files for every text format, the gates,
/// the reader's locale, the HTML report's safety, and agreement with `msgfmt --statistics`.
///
/// Golden files live in Fixtures/status/. Record them again with `TOLK_RECORD_GOLDENS=1 swift test
/// --filter StatusReportTests` (the run fails, so a recording is never mistaken for a pass) and review
/// the diff.
@Suite(.serialized) struct StatusReportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/status")

    // MARK: Golden files

    @Test func tableGolden() throws {
        try expectGolden("table.txt", arguments: ["status"])
    }

    @Test func tableBySectionForAGermanReaderGolden() throws {
        try expectGolden("table-by-section.de.txt", arguments: ["status", "--by", "section", "--reader-locale", "de"])
    }

    @Test func jsonGolden() throws {
        try expectGolden("status.json", arguments: ["status", "--format", "json"])
    }

    @Test func markdownGolden() throws {
        try expectGolden("status.md", arguments: ["status", "--format", "markdown"])
    }

    @Test func badgeGoldens() throws {
        try expectGolden("badge-ru.svg", arguments: ["status", "--format", "svg", "--locale", "ru"])
        try expectGolden("badge-de.svg", arguments: ["status", "--format", "svg", "--locale", "de"])
        try expectGolden("badge-all.svg", arguments: ["status", "--format", "svg"])
    }

    /// `-o` writes the same bytes as standard output would get, and nothing goes to standard output.
    @Test func outputFileHoldsTheReport() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let result = try runStatus(site, ["status", "--format", "json", "-o", "reports/status.json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try site.read("reports/status.json") == golden("status.json"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("reports").path)
        #expect(leftovers == ["status.json"], "no temporary file is left behind")
    }

    // MARK: Reader's locale

    @Test func readerLocaleComesFromLANGWhenNotGiven() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let russian = try runStatus(site, ["status"], environment: ["LANG": "ru_RU.UTF-8"])
        #expect(russian.status == 0, "\(russian.stderr)")
        let rows = russian.stdout.split(separator: "\n").dropFirst().prefix(4).map { String($0.prefix(while: { $0 != " " })) }
        #expect(rows == ["арабский", "немецкий", "русский", "японский"])   // Russian names in Russian collation order
        #expect(russian.stdout.contains("1\u{A0}580/5\u{A0}938"))           // Russian digit grouping
        let option = try runStatus(site, ["status", "--reader-locale", "en"], environment: ["LANG": "ru_RU.UTF-8"])
        #expect(option.stdout == (try golden("table.txt")))
        let unknown = try runStatus(site, ["status", "--reader-locale", "tlh-Qaak"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--reader-locale 'tlh-Qaak' is not a locale ICU has data for"))
    }

    // MARK: Colour

    /// Colour on a terminal (a pseudo-terminal from `script`), not with NO_COLOR, not into a pipe.
    @Test func colourOnlyOnATerminalWithoutNoColor() throws {
        let script = try ExternalTool.path("script")
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        func onTerminal(_ environment: [String: String]) throws -> String {
            try ProcessRunner.run(script, ["-qec", "'\(TolkRunner.executable.path)' status --locale ru --root '\(site.root.path)'", "/dev/null"],
                                  environment: ["PATH": "/usr/bin:/bin", "TERM": "xterm"].merging(environment) { _, new in new }).stdoutText
        }
        let colored = try onTerminal([:])
        #expect(colored.contains("\u{1B}[32m100%\u{1B}[0m"), "\(colored)")
        #expect(!(try onTerminal(["NO_COLOR": "1"])).contains("\u{1B}["))
        #expect(!(try onTerminal(["TERM": "dumb"])).contains("\u{1B}["))
        #expect(!(try runStatus(site, ["status"])).stdout.contains("\u{1B}["), "a pipe gets no colour")
        #expect((try runStatus(site, ["status", "--color", "always"])).stdout.contains("\u{1B}[32m"))
    }

    // MARK: Gates

    @Test func failUnderForEveryLocaleAndForOne() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let result = try runStatus(site, ["status", "--fail-under", "50", "--fail-under", "de=45"])
        #expect(result.status == 1)
        #expect(result.stderr == "ar: 26.6% of words done, below 50%\nja: 27.2% of words done, below 50%\n")
        let passing = try runStatus(site, ["status", "--fail-under", "25", "--fail-on", "errors"])
        #expect(passing.status == 0, "\(passing.stderr)")
    }

    @Test func badGateValuesAreUsageErrors() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let notANumber = try runStatus(site, ["status", "--fail-under", "most"])
        #expect(notANumber.status == 2)
        #expect(notANumber.stderr.contains("--fail-under 'most' is not a percentage"))
        let unknown = try runStatus(site, ["status", "--fail-under", "fr=90"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("'fr', which is not a target locale (targets: ru, de, ar, ja)"))
        let onWhat = try runStatus(site, ["status", "--fail-on", "typos"])
        #expect(onWhat.status == 2)
        let twoBadges = try runStatus(site, ["status", "--format", "svg", "--locale", "ru", "--locale", "de"])
        #expect(twoBadges.status == 2)
        let notATarget = try runStatus(site, ["status", "--locale", "fr"])
        #expect(notATarget.status == 2)
        #expect(notATarget.stderr.contains("'fr' is not a target locale"))
    }

    /// A Russian site string whose plural lost its `few` branch: an error in the figures; the run fails
    /// only with `--fail-on`.
    @Test func failOnErrorsNamesTheLocale() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let catalog = "locales/ru/site.po"
        let broken = try site.read(catalog).replacingOccurrences(of: "Опубликовано {date}", with: "Опубликовано {дата}")
        try site.write(broken, to: catalog)
        let report = try runStatus(site, ["status"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("Errors"))
        #expect(report.stdout.hasSuffix("No obsolete entries, plural gaps or warnings.\n"))
        let gated = try runStatus(site, ["status", "--fail-on", "errors"])
        #expect(gated.status == 1)
        #expect(gated.stderr == "ru: 1 error in its catalogs (tolk check ru shows them)\n")
    }

    /// A catalog not created yet is counted from its template, with a warning that says to sync.
    @Test func failOnWarningsCatchesAMissingCatalog() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("locales/ja/posts/translation-memory.po"))
        let report = try runStatus(site, ["status", "--format", "json"])
        #expect(report.status == 0)
        #expect(report.stderr.contains("locales/ja/posts/translation-memory.po: warning: no catalog for ja yet; its messages are counted as untranslated (run tolk sync to create it)"))
        let json = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any]
        let japanese = try #require((json?["locales"] as? [[String: Any]])?.first { $0["locale"] as? String == "ja" })
        #expect(japanese["warnings"] as? Int == 1)
        #expect((japanese["messages"] as? [String: Int])?["total"] == 374, "the template's messages still count")
        let file = try #require((japanese["files"] as? [[String: Any]])?.first { ($0["catalog"] as? String)?.hasSuffix("translation-memory.po") == true })
        #expect(file["catalogExists"] as? Bool == false)
        let gated = try runStatus(site, ["status", "--fail-on", "warnings"])
        #expect(gated.status == 1)
        #expect(gated.stderr.hasSuffix("ja: 1 warning (see tolk status --format html)\n"))
    }

    /// A Russian plural whose `many` form is empty: translated for msgfmt, a plural gap, and not done.
    /// (tolk keeps plurals whole; the gettext entry stands for a catalog edited with another tool.)
    @Test func aPluralGapIsCountedAndKeepsTheLocaleFromDone() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let catalog = "locales/ru/site.po"
        try site.replaceEntry(context: "strings.reading_time", in: catalog,
                              with: "msgid \"# minute read\"\nmsgid_plural \"# minutes read\"\nmsgstr[0] \"# минута чтения\"\nmsgstr[1] \"# минуты чтения\"\nmsgstr[2] \"\"\n")
        let result = try runStatus(site, ["status"])
        #expect(result.status == 0, "\(result.stderr)")
        let russian = try #require(result.stdout.split(separator: "\n").first { $0.contains("(ru)") })
        let cells = russian.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(Array(cells.prefix(10)) == ["Russian · русский (ru)", "374", "374", "0", "0", "1", "1", "5,936/5,938", "99.9%", "99.7%"], "a gap, and its warning")
        #expect(result.stdout.contains("Plural gaps"))
        let html = try runStatus(site, ["status", "--format", "html"])
        #expect(html.stdout.contains("Translation (many)</span><p>missing</p>"))
    }

    // MARK: HTML

    @Test func htmlReportIsSelfContainedEscapedAndRightToLeftWhereItShouldBe() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        // A hostile translator: markup and an attribute-breaking quote in an untranslated msgid's catalog.
        let catalog = "locales/de/posts/right-to-left-layout.po"
        let hostile = "\n#, fuzzy\nmsgid \"<script>alert('x')</script>\\\" onmouseover=\\\"alert(1)\"\nmsgstr \"<img src=x onerror=alert(2)>\"\n"
        try site.write(try site.read(catalog) + hostile, to: catalog)
        let result = try runStatus(site, ["status", "--format", "html", "-o", "status.html"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try site.read("status.html")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onmouseover=&quot;alert(1)"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.contains("<p lang=\"ar\" dir=\"rtl\">"))
        #expect(html.contains("<span lang=\"ar\" dir=\"auto\">العربية</span>"))
        #expect(html.contains("<del>eleven</del>"))
        #expect(html.contains("<ins>twelve</ins>"))
        #expect(html.contains("<code class=\"ref\">content/posts/writing-for-translators.md:12</code>"))
        for external in ["<link", "src=\"", "@import", "url(", "href=\"http"] { #expect(!html.contains(external), "\(external)") }
    }

    @Test func htmlListsAreLimitedAndSayHowManyAreLeftOut() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let result = try runStatus(site, ["status", "--format", "html", "--max-items", "3", "--locale", "ar"])
        #expect(result.status == 0, "\(result.stderr)")
        let start = try #require(result.stdout.range(of: "<details class=\"work untranslated\">"))
        let end = try #require(result.stdout[start.upperBound...].range(of: "</details>"))
        let list = result.stdout[start.lowerBound..<end.lowerBound]
        #expect(list.components(separatedBy: "<li class=\"item\">").count - 1 == 3)
        #expect(result.stdout.contains("And 259 more: this report lists at most 3 of each kind per locale"))
        #expect(!result.stdout.contains("id=\"locale-de\""))
    }

    // MARK: Agreement with msgfmt

    /// Every catalog of the sample site, then the same catalogs mutated at random (entries marked fuzzy,
    /// translations cleared, entries made obsolete, plural entries with some forms empty or missing
    /// added): tolk's per-catalog figures in the JSON must be msgfmt's, message for message.
    @Test func perCatalogFiguresAgreeWithMsgfmt() throws {
        let msgfmt = try ExternalTool.path("msgfmt")
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let untouched = try compareWithMsgfmt(site, msgfmt: msgfmt)
        #expect(untouched.catalogs == 56)
        #expect(untouched.mismatches.isEmpty, "\(untouched.mismatches)")

        var random = SplitMix(seed: 2026)
        for locale in ["ru", "de", "ar", "ja"] {
            let folder = site.root.appendingPathComponent("locales/\(locale)")
            let catalogs = FileManager.default.enumerator(atPath: folder.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".po") }.sorted()
            for path in catalogs {
                let relative = "locales/\(locale)/\(path)"
                try site.write(CatalogMutator.mutate(try site.read(relative), random: &random), to: relative)
            }
        }
        let mutated = try compareWithMsgfmt(site, msgfmt: msgfmt)
        #expect(mutated.catalogs == 56)
        #expect(mutated.mismatches.isEmpty, "\(mutated.mismatches)")
        // The mutations did reach every kind of entry that makes counting hard.
        #expect(mutated.totals.fuzzy > 20)
        #expect(mutated.totals.obsolete > 20)
        #expect(mutated.totals.missingPluralForms > 10)
        #expect(mutated.totals.untranslated > untouched.totals.untranslated)
        print("msgfmt agreement: \(untouched.catalogs) sample catalogs (\(untouched.totals.messages) messages) and \(mutated.catalogs) mutated ones "
              + "(\(mutated.totals.messages) messages: \(mutated.totals.fuzzy) fuzzy, \(mutated.totals.untranslated) untranslated, "
              + "\(mutated.totals.obsolete) obsolete, \(mutated.totals.missingPluralForms) plural gaps)")
    }

    // MARK: Helpers

    struct Agreement {
        var catalogs = 0
        var mismatches: [String] = []
        var totals = (messages: 0, fuzzy: 0, obsolete: 0, missingPluralForms: 0, untranslated: 0)
    }

    /// Runs `tolk status --format json` and msgfmt on every catalog the JSON lists.
    func compareWithMsgfmt(_ site: TolkRunner, msgfmt: String) throws -> Agreement {
        let result = try runStatus(site, ["status", "--format", "json"])
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        var agreement = Agreement()
        for locale in json["locales"] as? [[String: Any]] ?? [] {
            for file in locale["files"] as? [[String: Any]] ?? [] {
                let catalog = try #require(file["catalog"] as? String)
                let messages = try #require(file["messages"] as? [String: Int])
                let statistics = try msgfmtStatistics(msgfmt, site.root.appendingPathComponent(catalog))
                let ours = [messages["translated"] ?? -1, messages["needsReview"] ?? -1, messages["untranslated"] ?? -1]
                if ours != statistics { agreement.mismatches.append("\(catalog): tolk \(ours), msgfmt \(statistics)") }
                agreement.catalogs += 1
                agreement.totals.messages += messages["total"] ?? 0
                agreement.totals.fuzzy += messages["needsReview"] ?? 0
                agreement.totals.obsolete += messages["obsolete"] ?? 0
                agreement.totals.missingPluralForms += messages["missingPluralForms"] ?? 0
                agreement.totals.untranslated += messages["untranslated"] ?? 0
            }
        }
        return agreement
    }

    /// [translated, fuzzy, untranslated] from `msgfmt --statistics`.
    func msgfmtStatistics(_ msgfmt: String, _ file: URL) throws -> [Int] {
        let text = try ProcessRunner.run(msgfmt, ["--statistics", "-o", "/dev/null", file.path], environment: ["LC_ALL": "C"]).stderrText
        var figures = [0, 0, 0]
        for clause in text.split(whereSeparator: { $0 == "," || $0 == "\n" }) {
            let words = clause.split(separator: " ")
            guard words.count >= 2, let number = Int(words[0]) else { continue }
            if let index = ["translated", "fuzzy", "untranslated"].firstIndex(of: String(words[1])) { figures[index] = number }
        }
        return figures
    }

    /// Runs tolk with a known environment: no locale variables (the reader is the source locale) and no
    /// NO_COLOR, unless `environment` says otherwise.
    /// The second status reads no unchanged catalog (.tolk/status-cache) and says the same; an edited
    /// catalog is read again.
    @Test func cachedFiguresAreTheSameAndAnEditIsSeen() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let first = try runStatus(site, ["status", "--format", "json"])
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent(".tolk/status-cache").path))
        let cache = try site.read(".tolk/status-cache")
        #expect(cache.split(separator: "\n").count == 2 + 4 * 14, "one record per catalog of the 4 locales")
        #expect(try runStatus(site, ["status", "--format", "json"]).stdout == first.stdout)
        #expect(try runStatus(site, ["status"]).stdout == (try golden("table.txt")))
        // A translator empties a Russian translation: the next status sees it.
        let catalog = try site.read("locales/ru/navigation.po")
        try site.write(catalog.replacingOccurrences(of: "msgstr \"Главная\"", with: "msgstr \"\""), to: "locales/ru/navigation.po")
        let after = try runStatus(site, ["status"])
        #expect(after.stdout.contains("(ru)       374         373       0          1  5,937/5,938"), "\(after.stdout)")
    }

    func runStatus(_ site: TolkRunner, _ arguments: [String], environment: [String: String] = [:]) throws -> TolkRunner.Result {
        var base = ProcessInfo.processInfo.environment.filter { key, _ in !key.hasPrefix("LC_") && key != "LANG" && key != "NO_COLOR" && key != "LANGUAGE" }
        base.merge(environment) { _, new in new }
        return try site.run(arguments, environment: base)
    }

    func golden(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: Self.fixtures.appendingPathComponent(name)), as: UTF8.self)
    }

    func expectGolden(_ name: String, arguments: [String]) throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let result = try runStatus(site, arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        if ProcessInfo.processInfo.environment["TOLK_RECORD_GOLDENS"] != nil {
            try FileManager.default.createDirectory(at: Self.fixtures, withIntermediateDirectories: true)
            try Data(result.stdout.utf8).write(to: Self.fixtures.appendingPathComponent(name))
            Issue.record("recorded Fixtures/status/\(name); review the diff and run again without TOLK_RECORD_GOLDENS")
            return
        }
        let expected = try golden(name)
        #expect(result.stdout == expected, "\(name) differs from its golden file; if the change is meant, record again with TOLK_RECORD_GOLDENS=1")
    }
}

/// Mutates a real PO catalog at random: marks entries fuzzy, clears translations (single forms of a
/// plural too), turns entries obsolete, and appends plural entries with some forms empty or missing.
enum CatalogMutator {
    static func mutate(_ text: String, random: inout SplitMix) -> String {
        var blocks = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        let forms = pluralFormCount(in: blocks.first ?? "")
        for index in blocks.indices.dropFirst() {
            var lines = blocks[index].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard lines.contains(where: { $0.hasPrefix("msgid ") }) else { continue }
            if random.chance(0.25) { lines = clearingTranslations(lines, random: &random) }
            if random.chance(0.25), !lines.contains(where: { $0.hasPrefix("#,") }) {
                lines.insert("#, fuzzy", at: lines.firstIndex { !$0.hasPrefix("#") } ?? 0)
            }
            if random.chance(0.15) {
                lines = lines.filter { !$0.hasPrefix("#|") }.map { $0.hasPrefix("#") ? $0 : "#~ " + $0 }
            }
            blocks[index] = lines.joined(separator: "\n")
        }
        for number in 0..<4 {
            var lines = random.chance(0.4) ? ["#, fuzzy"] : []
            lines += ["msgid \"Added item \(number)\"", "msgid_plural \"Added items \(number)\""]
            let count = random.chance(0.2) ? max(1, forms - 1) : forms
            for form in 0..<count { lines.append("msgstr[\(form)] \"\(random.chance(0.6) ? "form \(form)" : "")\"") }
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// Empties a msgstr (with its continuation lines), or each msgstr[n] at random.
    static func clearingTranslations(_ lines: [String], random: inout SplitMix) -> [String] {
        var result: [String] = []
        var skippingContinuation = false
        for line in lines {
            if line.hasPrefix("msgstr") {
                let clear = !line.hasPrefix("msgstr[") || random.chance(0.5)
                if clear {
                    result.append(String(line.prefix { $0 != " " }) + " \"\"")
                    skippingContinuation = true
                    continue
                }
                skippingContinuation = false
            } else if skippingContinuation && line.hasPrefix("\"") {
                continue
            } else {
                skippingContinuation = false
            }
            result.append(line)
        }
        return result
    }

    static func pluralFormCount(in header: String) -> Int {
        guard let range = header.range(of: "nplurals=") else { return 2 }
        return Int(header[range.upperBound...].prefix { $0.isNumber }) ?? 2
    }
}

/// SplitMix64: the same mutations on every run.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func chance(_ probability: Double) -> Bool {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53) < probability
    }
}
