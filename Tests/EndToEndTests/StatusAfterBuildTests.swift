import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 21: `tolk build` leaves the figures of every catalog it read in `.tolk/status-cache`, counted
/// as `tolk status` counts them, so a status after a build reads none of those catalogs again. The
/// figures must be the status's own: the same report as a status that reads every catalog.
@Suite struct StatusAfterBuildTests {
    /// The sample site with a refused translation (a code span dropped) in ru, next to its
    /// translated, needs-review and untranslated entries in ar, de and ja.
    func site() throws -> TolkRunner {
        let site = try TolkRunner.sampleSiteCopy()
        try site.translate("ru", "posts/ci-gates-for-translations") { _, text in
            text.contains("`") ? text.replacingOccurrences(of: "`", with: "") : nil
        }
        return site
    }

    @Test func aStatusAfterABuildReportsWhatAStatusReadingEveryCatalogReports() throws {
        let site = try site()
        defer { site.remove() }
        let cache = site.root.appendingPathComponent(".tolk/status-cache")
        let built = try site.run("build")
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stderr.contains("ci-gates-for-translations.po"), "the refused translation is reported")
        let cached = try String(contentsOf: cache, encoding: .utf8)
        #expect(cached.contains("\nru/posts/ci-gates-for-translations.po\t") && cached.contains("\nde/site.po\t"), "the build left the figures")
        let fromBuild = try site.run("status", "--format", "json")
        try FileManager.default.removeItem(at: cache)
        let fromCatalogs = try site.run("status", "--format", "json")
        #expect(fromBuild.status == fromCatalogs.status)
        #expect(fromBuild.stdout == fromCatalogs.stdout)
        #expect(fromCatalogs.stdout.contains("\"catalog\": \"locales/ru/posts/ci-gates-for-translations.po\"") && fromCatalogs.stdout.contains("\"errors\": 3"),
                "the refusals are counted")
        #expect(fromCatalogs.stdout.contains("\"needsReview\": 2"), "and the entries that need review")
        #expect(try String(contentsOf: cache, encoding: .utf8) == cached, "status records the same figures the build did")
    }

    @Test func aStatusAfterABuildReadsNoCatalogTheBuildRead() throws {
        let site = try site()
        defer { site.remove() }
        #expect(try site.run("build").status == 0)
        let expected = try site.run("status", "--format", "json").stdout
        // A catalog damaged in place with its stat data kept (size, modification time, inode): a status
        // that read it would report a parse error; one that trusts the build's figures does not.
        let path = site.root.appendingPathComponent("locales/de/site.po").path
        var before = stat()
        #expect(stat(path, &before) == 0)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.write(contentsOf: Data("msgxx".utf8))   // the header's `msgid ""` becomes an unknown keyword
        try handle.close()
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        #expect(try site.run("status", "--format", "json").stdout == expected)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent(".tolk/status-cache"))
        #expect(try site.run("status", "--format", "json").stdout != expected, "the damage shows once the catalog is read")
    }
}
