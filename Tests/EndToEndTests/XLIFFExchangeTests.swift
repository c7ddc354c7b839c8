import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `tolk export --format xliff|xliff12` and `tolk import` of XLIFF: schema validity, byte-exact round
/// trips, state handling, Translate Toolkit interoperability and refusal of malformed or hostile files.
@Suite struct XLIFFExchangeTests {
    static let fixtures = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/XLIFF")
    /// OASIS's schema in `shared/` beside the project (or where `TOLK_SHARED` points).
    static let schema: String = {
        let relative = "schemas/xliff-2.0/xliff_core_2.0.xsd"
        var candidates = [TolkRunner.packageRoot.deletingLastPathComponent().appendingPathComponent("shared").path, "/work/shared"]
        if let shared = ProcessInfo.processInfo.environment["TOLK_SHARED"] { candidates.insert(shared, at: 0) }
        let found = candidates.map { $0 + "/" + relative }.first { FileManager.default.fileExists(atPath: $0) }
        if found == nil { Issue.record("\(relative) not found in shared/ beside the project (set TOLK_SHARED to the shared folder)") }
        return found ?? relative
    }()

    /// Runs a real client of tolk's files (xmllint, xliff2po, po2xliff) and gives its status and its
    /// output and error output, one after the other. Each comes from a Debian package `make test`
    /// installs: a missing one throws `ExternalTool.Missing`, which fails the test, never skips it.
    static func runTool(_ name: String, _ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let result = try ProcessRunner.run(try ExternalTool.path(name), arguments, in: folder)
        return (result.status, result.stdoutText + result.stderrText)
    }

    func catalogSnapshot(_ site: TolkRunner) throws -> [String: Data] {
        var snapshot: [String: Data] = [:]
        let folder = site.root.appendingPathComponent("locales")
        for case let url as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)! where url.pathExtension == "po" {
            snapshot[url.path] = try Data(contentsOf: url)
        }
        return snapshot
    }

    @Test func theXLIFF20ExportValidatesAgainstTheOASISSchema() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("export", "ru", "--only", "all", "--output", "ru.xlf").status == 0)
        let result = try Self.runTool("xmllint", ["--noout", "--schema", Self.schema, "ru.xlf"], in: site.root)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("ru.xlf validates"))
    }

    @Test(arguments: ["xliff", "xliff12"])
    func exportThenImportWithoutEditsChangesNoByte(format: String) throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let before = try catalogSnapshot(site)
        #expect(try site.run("export", "ru", "--format", format, "--only", "all", "--output", "ru.xlf").status == 0)
        let result = try site.run("import", "ru.xlf")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Updated 0 entries in ru"), "\(result.stdout)")
        #expect(try catalogSnapshot(site) == before)
    }

    @Test func aTranslatedUnitIsAppliedAndAReviewedOneMarked() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("export", "ru", "--only", "all", "--output", "ru.xlf").status == 0)
        let exported = try site.read("ru.xlf")
        #expect(exported.contains("<target>Читать дальше</target>"))
        try site.write(exported.replacingOccurrences(of: "<segment state=\"translated\">\n        <source>Read more</source>\n        <target>Читать дальше</target>",
                                                     with: "<segment state=\"reviewed\">\n        <source>Read more</source>\n        <target>Читать далее</target>"), to: "ru.xlf")
        let result = try site.run("import", "ru.xlf")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Updated 1 entries in ru"), "\(result.stdout)")
        #expect(try site.read("locales/ru/site.po").contains("# tolk: reviewed\n#. UI string: strings.read_more\n#: content/site.yaml:10\nmsgctxt \"strings.read_more\"\nmsgid \"Read more\"\nmsgstr \"Читать далее\""))
    }

    @Test func aUnitWhoseSourceChangedSinceExportComesInAsNeedsReview() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("export", "ru", "--only", "all", "--output", "ru.xlf").status == 0)
        // As if the source was "Read on" when exported and is "Read more" now.
        let exported = try site.read("ru.xlf")
        try site.write(exported.replacingOccurrences(of: "<source>Read more</source>\n        <target>Читать дальше</target>",
                                                     with: "<source>Read on</source>\n        <target>Читать далее</target>"), to: "ru.xlf")
        let result = try site.run("import", "ru.xlf")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try site.read("locales/ru/site.po").contains("#, fuzzy\n#| msgid \"Read on\"\nmsgctxt \"strings.read_more\"\nmsgid \"Read more\"\nmsgstr \"Читать далее\""))
    }

    /// One fixture per way a file can be malformed or hostile; each must stop the import with exactly
    /// this diagnostic and exit status 2, changing no catalog.
    @Test(arguments: [
        ("doctype-with-entities.xlf", "doctype-with-entities.xlf:2:1: error: DOCTYPE declarations are not allowed (remove the <!DOCTYPE …> line: exchange files need no DTD, and tolk never expands declared entities; nothing was imported)"),
        ("invalid-utf8.xlf", "invalid-utf8.xlf:3:108: error: invalid UTF-8 at byte offset 242 (save the file as UTF-8; nothing was imported)"),
        ("mismatched-end-tag.xlf", "mismatched-end-tag.xlf:3:112: error: expected </target>, found </segment> (<target> opened at 3:98; nothing was imported)"),
        ("nested-too-deep.xlf", "nested-too-deep.xlf:4:869: error: elements nested deeper than 64 levels (an exchange file needs a handful; this file is malformed or hostile; nothing was imported)"),
        ("original-absolute.xlf", "original-absolute.xlf:3:3: error: file original=\"/etc/passwd\" is outside the project (originals are content paths relative to the project, without '..'; nothing was imported)"),
        ("original-escapes-project.xlf", "original-escapes-project.xlf:3:3: error: file original=\"../../etc/passwd\" is outside the project (originals are content paths relative to the project, without '..'; nothing was imported)"),
        ("unclosed-segment.xlf", "unclosed-segment.xlf:6:5: error: expected </segment>, found </unit> (<segment> opened at 5:7; nothing was imported)"),
        ("undeclared-entity.xlf", "undeclared-entity.xlf:3:106: error: unknown entity &nbsp; (only &lt; &gt; &amp; &quot; &apos; and numeric references such as &#x2014; are allowed; nothing was imported)"),
    ])
    func aMalformedOrHostileFileIsRefused(fixture: String, diagnostic: String) throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let before = try catalogSnapshot(site)
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(fixture), to: site.root.appendingPathComponent(fixture))
        let result = try site.run("import", fixture)
        #expect(result.status == 2)
        #expect(result.stderr == diagnostic + "\n")
        #expect(try catalogSnapshot(site) == before)
    }

    @Test func aSecondImportGivesUpAfterTOLK_LOCK_WAITAndNamesTheHolder() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("export", "ru", "--only", "all", "--output", "ru.xlf").status == 0)
        try FileManager.default.createDirectory(at: site.root.appendingPathComponent(".tolk"), withIntermediateDirectories: true)
        let descriptor = open(site.root.appendingPathComponent(".tolk/lock").path, O_CREAT | O_RDWR, 0o644)
        defer { close(descriptor) }
        #expect(flock(descriptor, LOCK_EX) == 0)
        let record = "pid 77: tolk import\n"
        _ = pwrite(descriptor, record, record.utf8.count, 0)
        var environment = ProcessInfo.processInfo.environment
        environment["TOLK_LOCK_WAIT"] = "1"
        let result = try site.run(["import", "ru.xlf"], environment: environment)
        #expect(result.status == 2)
        #expect(result.stderr == "tolk import: waiting for pid 77: tolk import to finish with this project (.tolk/lock)…\n"
                + ".tolk/lock: error: the project is locked by pid 77: tolk import and stayed locked for 1 s (run this command again when it has finished)\n",
                "\(result.stderr)")
        environment["TOLK_LOCK_WAIT"] = "0"
        #expect(try site.run(["import", "ru.xlf"], environment: environment).stderr.hasSuffix("error: the project is locked by pid 77: tolk import (run this command again when it has finished)\n"))
    }

    @Test func translateToolkitReadsTheXLIFF12ExportAndItsPOToXLIFFImportsCleanly() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("export", "ru", "--format", "xliff12", "--only", "all", "--output", "ru.xlf").status == 0)
        let converted = try Self.runTool("xliff2po", ["ru.xlf", "from-xliff.po"], in: site.root)
        #expect(converted.status == 0, "\(converted.output)")
        let exported = try site.read("ru.xlf")
        let units = exported.components(separatedBy: "<trans-unit ").count - 1
        let po = try site.read("from-xliff.po")
        let entries = po.components(separatedBy: "\nmsgid \"").count - 2  // less the header's
        // xliff2po (3.8) makes one PO entry per <trans-unit>: a plural group's forms become separate entries.
        #expect(entries == units, "one PO entry per trans-unit")

        // The other way: tolk's PO export through po2xliff comes back into the catalogs unchanged.
        let before = try catalogSnapshot(site)
        #expect(try site.run("export", "ru", "--format", "po", "--output", "ru.po").status == 0)
        let toXLIFF = try Self.runTool("po2xliff", ["ru.po", "from-po.xlf"], in: site.root)
        #expect(toXLIFF.status == 0, "\(toXLIFF.output)")
        let result = try site.run("import", "from-po.xlf", "--locale", "ru")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(try catalogSnapshot(site) == before)
    }
}
