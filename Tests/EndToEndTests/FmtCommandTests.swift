import Foundation
import Testing
import TestSupport

/// `tolk fmt` puts catalogs touched by other tools back in canonical form, and `--check` gates CI.
@Suite struct FmtCommandTests {
    let catalog = "locales/ru/posts/why-plural-rules-are-hard.po"

    /// Re-wraps a catalog at 50 columns with CRLF line endings, as another editor might save it.
    func saveWithAnotherTool(_ site: TolkRunner) throws {
        let msgcat = try ProcessRunner.run(try ExternalTool.path("msgcat"), ["--width=50", "-o", site.root.appendingPathComponent(catalog).path,
                                                                             site.root.appendingPathComponent(catalog).path])
        #expect(msgcat.status == 0, "\(msgcat.stderrText)")
        try site.write(try site.read(catalog).replacingOccurrences(of: "\n", with: "\r\n"), to: catalog)
    }

    @Test func checkListsWhatAnotherToolRewrappedAndFmtRestoresIt() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let original = try site.read(catalog)
        #expect(try site.run("fmt", "--check").status == 0)

        try saveWithAnotherTool(site)
        #expect(try site.read(catalog) != original)
        let check = try site.run("fmt", "--check")
        #expect(check.status == 1)
        #expect(check.stdout.contains("not canonical: \(catalog)"))
        #expect(check.stdout.contains("70 catalogs checked, 1 not in canonical form"))
        #expect(try site.read(catalog) != original, "--check writes nothing")

        let format = try site.run("fmt")
        #expect(format.status == 0, "\(format.stderr)")
        #expect(format.stdout.contains("reformatted: \(catalog)"))
        #expect(try site.read(catalog) == original)
        #expect(try site.run("fmt", "--check").status == 0)
    }

    @Test func aCatalogWithErrorsIsReportedAndLeftAlone() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let broken = try site.read(catalog).replacingOccurrences(of: "msgstr \"", with: "msgstr \"\\q", options: [], range: nil)
        try site.write(broken, to: catalog)
        let result = try site.run("fmt", catalog)
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(catalog):"))
        #expect(result.stderr.contains("error:"))
        #expect(try site.read(catalog) == broken)
    }
}
