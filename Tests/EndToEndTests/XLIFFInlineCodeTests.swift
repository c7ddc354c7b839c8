import Foundation
import Testing

/// Inline codes on the sample site: `tolk export` turns protected Markdown into `<ph>`/`<pc>` (1.2:
/// `<ph>`, `<bpt>`/`<ept>`), a translator may move them, and `tolk import` puts the Markdown back
/// from the source's codes, or rejects a target that drops, repeats or invents one.
@Suite struct XLIFFInlineCodeTests {
    /// One unit of tolk's XLIFF 2.0 export, as written: id, the source's and target's inline content.
    struct ExportedUnit {
        var id: String
        var source: String
        var target: String
        /// Where the target's content starts in the file (character offset).
        var targetRange: Range<String.Index>
        /// The source's codes in order: id, original (start) and, for a pair, end.
        var codes: [(id: String, start: String, end: String?)]
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&#10;", with: "\n").replacingOccurrences(of: "&#9;", with: "\t").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (0..<match.numberOfRanges).map { Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    /// The translated units of a 2.0 export, in file order.
    static func units(in xliff: String) -> [ExportedUnit] {
        let regex = try! NSRegularExpression(pattern: #"<unit id="(u[0-9a-f]{16})">\n(?:(?!</unit>).)*?<source>(.*?)</source>\n *<target>(.*?)</target>"#, options: [.dotMatchesLineSeparators])
        return regex.matches(in: xliff, range: NSRange(xliff.startIndex..., in: xliff)).map { match in
            let group = { (index: Int) in String(xliff[Range(match.range(at: index), in: xliff)!]) }
            let source = group(2)
            var codes: [(id: String, start: String, end: String?)] = []
            for code in matches(#"<ph id="(\d+)"[^>]* equiv="([^"]*)"/>|<pc id="(\d+)"[^>]* equivStart="([^"]*)" equivEnd="([^"]*)">"#, in: source) {
                if !code[1].isEmpty { codes.append((code[1], unescape(code[2]), nil)) } else { codes.append((code[3], unescape(code[4]), unescape(code[5]))) }
            }
            return ExportedUnit(id: group(1), source: source, target: group(3), targetRange: Range(match.range(at: 3), in: xliff)!, codes: codes)
        }
    }

    /// `line:column` of `index` in `text`, columns in Unicode scalars as tolk counts them.
    static func position(of index: String.Index, in text: String) -> String {
        let before = text[..<index]
        let line = before.filter { $0 == "\n" }.count + 1
        let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        return "\(line):\(text[lineStart..<index].unicodeScalars.count + 1)"
    }

    /// PO text with gettext's line wrapping undone, so a long msgstr can be searched whole.
    static func unwrapped(_ po: String) -> String { po.replacingOccurrences(of: "\"\n\"", with: "") }

    /// Exports ru (every entry) and returns the site and the file's text.
    func exportedSite(format: String = "xliff") throws -> (TolkRunner, String) {
        let site = try TolkRunner.sampleSiteCopy()
        let result = try site.run("export", "ru", "--format", format, "--only", "all", "--output", "ru.xlf")
        #expect(result.status == 0, "\(result.stderr)")
        return (site, try site.read("ru.xlf"))
    }

    /// The first unit with at least two standalone codes whose originals need no PO escape.
    func unitWithTwoPlaceholders(_ xliff: String) throws -> ExportedUnit {
        try #require(Self.units(in: xliff).first { unit in
            unit.codes.filter { $0.end == nil && !$0.start.contains("\"") && !$0.start.contains("\\") }.count >= 2 && unit.codes.allSatisfy { $0.end == nil }
        })
    }

    func catalogText(_ site: TolkRunner) throws -> String {
        var text = ""
        for case let url as URL in FileManager.default.enumerator(at: site.root.appendingPathComponent("locales/ru"), includingPropertiesForKeys: nil)! where url.pathExtension == "po" {
            text += try String(contentsOf: url, encoding: .utf8)
        }
        return Self.unwrapped(text)
    }

    @Test func theExportMarksProtectedMarkdownAsLockedInlineCodes() throws {
        let (site, xliff) = try exportedSite()
        defer { site.remove() }
        #expect(xliff.contains(#"<ph id="1" canCopy="no" canDelete="no" type="other" subType="tolk:code-span" disp="`locales/`" equiv="`locales/`"/>"#))
        #expect(xliff.contains(#"<pc id="1" canCopy="no" canDelete="no" type="link" subType="tolk:link" dispStart="[" dispEnd="][checks]" equivStart="[" equivEnd="][checks]">translation checks reference</pc>"#))
        #expect(xliff.contains(#"<pc id="1" canCopy="no" canDelete="no" type="fmt" subType="tolk:html" dispStart="&lt;kbd&gt;" dispEnd="&lt;/kbd&gt;" equivStart="&lt;kbd&gt;" equivEnd="&lt;/kbd&gt;">"#))
        #expect(xliff.contains(#"subType="tolk:placeholder" disp="{date}" equiv="{date}"/>"#), "site strings' ICU arguments")
        // Emphasis is prose, and a plural site string stays text for the translator to add branches.
        #expect(xliff.contains("<source>**Validate plural categories** against"))
        #expect(!xliff.contains("<ph id=\"1\" canCopy=\"no\" canDelete=\"no\" type=\"other\" subType=\"tolk:placeholder\" disp=\"{count"))
    }

    @Test func reorderedCodesImportAsTheMarkdownTheyStandFor() throws {
        let (site, xliff) = try exportedSite()
        defer { site.remove() }
        let placeholders = try unitWithTwoPlaceholders(xliff)
        let link = try #require(Self.units(in: xliff).first { unit in
            unit.codes.count == 1 && unit.codes[0].end != nil && unit.source.contains("subType=\"tolk:link\"") && !(unit.codes[0].start + unit.codes[0].end!).contains("\"")
        })
        // The translator puts the codes in reverse order, and moves the link to the front around other words.
        let reversed = placeholders.codes.reversed()
        let newPlaceholders = "ПЕРЕВОД " + reversed.map { "<ph id=\"\($0.id)\"/>" }.joined(separator: " и ")
        let newLink = "<pc id=\"\(link.codes[0].id)\">Ссылка</pc> впереди."
        var edited = xliff
        for (unit, target) in [(placeholders, newPlaceholders), (link, newLink)].sorted(by: { $0.0.targetRange.lowerBound > $1.0.targetRange.lowerBound }) {
            edited.replaceSubrange(unit.targetRange, with: target)
        }
        try site.write(edited, to: "ru.xlf")
        let result = try site.run("import", "ru.xlf")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Updated 2 entries in ru"), "\(result.stdout)")
        let catalogs = try catalogText(site)
        #expect(catalogs.contains("msgstr \"ПЕРЕВОД " + reversed.map(\.start).joined(separator: " и ") + "\"\n"), "\(reversed.map(\.start))")
        #expect(catalogs.contains("msgstr \"" + link.codes[0].start + "Ссылка" + link.codes[0].end! + " впереди.\"\n"))

        // And the same for XLIFF 1.2: ph, and bpt/ept, by id.
        let (site12, xliff12) = try exportedSite(format: "xliff12")
        defer { site12.remove() }
        let unit12 = try #require(Self.matches(#"<trans-unit id="u[0-9a-f]{16}"[^>]*>\n *<source>((?:(?!</source>).)*<bpt id="(\d+)"[^>]*>\[</bpt>(?:(?!</source>).)*?<ept id="\2">(\]\([^"<]*\))</ept>(?:(?!</source>).)*)</source>\n *<target state="translated">((?:(?!</target>).)*)</target>"#, in: xliff12).first)
        let newTarget = "<bpt id=\"\(unit12[2])\">[</bpt>Ссылка<ept id=\"\(unit12[2])\">\(unit12[3])</ept> одна."
        let phs = Self.matches(#"<ph id="(\d+)"[^>]*>([^<]*)</ph>"#, in: unit12[1])
        try site12.write(xliff12.replacingOccurrences(of: unit12[4] + "</target>", with: phs.map { "<ph id=\"\($0[1])\">\($0[2])</ph> " }.joined() + newTarget + "</target>"), to: "ru.xlf")
        let result12 = try site12.run("import", "ru.xlf")
        #expect(result12.status == 0, "\(result12.stderr)")
        #expect(try catalogText(site12).contains("msgstr \"" + phs.map { Self.unescape($0[2]) + " " }.joined() + "[Ссылка" + Self.unescape(unit12[3]) + " одна.\"\n"))
    }

    /// Each way a translator can break the codes: the unit is rejected at the offending element (or at
    /// its `<target>` for a missing code) with exactly this diagnostic, and its entry keeps what it had.
    @Test(arguments: ["missing", "duplicated", "unknown"])
    func aTargetThatBreaksTheCodesIsRejectedWithItsPosition(failure: String) throws {
        let (site, xliff) = try exportedSite()
        defer { site.remove() }
        let before = try catalogText(site)
        let unit = try unitWithTwoPlaceholders(xliff)
        let first = unit.codes[0], second = unit.codes[1]
        let newTarget: String, offending: String?, message: String
        switch failure {
        case "missing":
            newTarget = "Без второго кода: <ph id=\"\(first.id)\"/>"
            offending = nil
            message = "the target lacks inline code \(second.id) (\(second.start)) of the source (put it back: codes may move in a translation, not disappear; the unit was not imported)"
        case "duplicated":
            newTarget = "<ph id=\"\(first.id)\"/> и <ph id=\"\(second.id)\"/> и снова <ph id=\"\(first.id)\"/>"
            offending = "снова <ph"
            message = "inline code \(first.id) (\(first.start)) appears twice in the target (each code of the source appears once in the translation; the unit was not imported)"
        default:
            newTarget = "<ph id=\"\(first.id)\"/> и <ph id=\"\(second.id)\"/> и <ph id=\"99\"/>"
            offending = "<ph id=\"99\""
            message = "inline code 99 is not in the source (use only the source's codes: tolk restores each from the source; the unit was not imported)"
        }
        var edited = xliff
        edited.replaceSubrange(unit.targetRange, with: newTarget)
        let targetStart = edited.index(unit.targetRange.lowerBound, offsetBy: -"<target>".count)
        var at = targetStart
        if let offending {
            let found = try #require(edited.range(of: offending, range: targetStart..<edited.endIndex))
            at = offending.hasPrefix("снова") ? edited.index(found.lowerBound, offsetBy: "снова ".count) : found.lowerBound
        }
        try site.write(edited, to: "ru.xlf")
        let result = try site.run("import", "ru.xlf")
        #expect(result.status == 1)
        #expect(result.stderr == "ru.xlf:\(Self.position(of: at, in: edited)): error: unit \(unit.id): \(message)\ntolk import: some entries were not imported (see above)\n")
        #expect(result.stdout.contains("Updated 0 entries in ru"), "\(result.stdout)")
        #expect(try catalogText(site) == before)
    }

    /// A tool that flattens the codes into text hands back plain Markdown: the text check still
    /// catches a translation that lost a code span.
    @Test func aFlattenedTranslationThatDropsACodeSpanIsRejectedAtItsTarget() throws {
        let (site, xliff) = try exportedSite()
        defer { site.remove() }
        let unit = try unitWithTwoPlaceholders(xliff)
        let plainSource = unit.codes.reduce(unit.source) { text, code in
            text.replacingOccurrences(of: #"<ph id="\#(code.id)"[^>]*/>"#, with: code.start.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"), options: .regularExpression)
        }
        var edited = xliff
        edited.replaceSubrange(unit.targetRange, with: "Перевод без кода: " + unit.codes[0].start)
        edited = edited.replacingOccurrences(of: "<source>" + unit.source + "</source>", with: "<source>" + plainSource + "</source>")
        try site.write(edited, to: "ru.xlf")
        let at = try #require(edited.range(of: "<target>Перевод без кода"))
        let result = try site.run("import", "ru.xlf")
        #expect(result.status == 1)
        #expect(result.stderr.contains("ru.xlf:\(Self.position(of: at.lowerBound, in: edited)): error: unit \(unit.id): the translation lacks code span \(unit.codes[1].start) of the source"), "\(result.stderr)")
        #expect(result.stderr.contains("; the unit was not imported)\n"))
    }

    @Test func translateToolkitReadsTheXLIFF12CodesBackAsTheCatalogsMarkdown() throws {
        let (site, _) = try exportedSite(format: "xliff12")
        defer { site.remove() }
        let converted = try XLIFFExchangeTests.runTool("xliff2po", ["ru.xlf", "from-xliff.po"], in: site.root)
        #expect(converted.status == 0, "\(converted.output)")
        #expect(try site.run("export", "ru", "--format", "po", "--output", "ru.po").status == 0)
        func texts(_ po: String, _ keywords: [String]) -> Set<String> {
            Set(Self.matches(#"\n(?:"# + keywords.joined(separator: "|") + #") "((?:[^"\\]|\\.)*)""#, in: Self.unwrapped(po)).map { $0[1] }.filter { !$0.isEmpty })
        }
        let fromToolkit = texts(try site.read("from-xliff.po"), ["msgid"])
        let catalogs = texts(try site.read("ru.po"), ["msgid", "msgid_plural"])
        #expect(fromToolkit.count > 300)
        #expect(fromToolkit.subtracting(catalogs).isEmpty, "every source xliff2po reads is a message of the catalogs, markup included: \(fromToolkit.subtracting(catalogs).sorted().prefix(3))")
        #expect(fromToolkit.contains { $0.contains("`locales/`") } && fromToolkit.contains { $0.contains("][checks]") })
    }
}
