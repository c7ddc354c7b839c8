import Foundation
import Testing

/// Issue 21: `tolk build`, `status` and `check` keep the translations they judged clean in
/// `.tolk/verdicts` and do not judge them again. On the sample site: what they report with the cache
/// is what they report without it, and a translation edited after its verdict is judged anew.
@Suite struct VerdictCacheSiteTests {
    static let catalog = TolkRunner.brokenRussianCatalog
    static let verdicts = ".tolk/verdicts"

    func exists(_ site: TolkRunner, _ path: String) -> Bool {
        FileManager.default.fileExists(atPath: site.root.appendingPathComponent(path).path)
    }

    func removeCaches(_ site: TolkRunner) {
        for file in [Self.verdicts, ".tolk/status-cache"] { try? FileManager.default.removeItem(at: site.root.appendingPathComponent(file)) }
    }

    @Test func aTranslationBrokenAfterItWasJudgedCleanIsRefusedEverywhere() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        let first = try site.run("build")
        #expect(first.status == 0 && !first.stderr.contains("not shipped"), "\(first.stderr)")
        #expect(exists(site, Self.verdicts), "the build keeps its verdicts")
        #expect(try site.run("check", "ru").status == 0)

        // Its clean verdict is for the translation as it was: edited, it is judged again, and refused.
        var po = try site.read(Self.catalog)
        #expect(po.contains("без аргумента `{count}` —"))
        po = po.replacingOccurrences(of: "без аргумента `{count}` —", with: "без аргумента {count}` —")
        try site.write(po, to: Self.catalog)
        let build = try site.run("build")
        #expect(build.stderr.contains("lacks code span `{count}` of the source") && build.stderr.contains("not shipped"), "\(build.stderr)")
        let check = try site.run("check", "ru")
        #expect(check.status != 0 && check.stderr.contains("error: the translation lacks code span `{count}` of the source"), "\(check.stderr)")
        let status = try site.run("status", "--fail-on", "errors")
        #expect(status.status != 0, "\(status.stdout)\(status.stderr)")
    }

    @Test func statusAndCheckReportTheSameWithTheCacheAsWithout() throws {
        let site = try TolkRunner.sampleSiteWithBrokenRussianTranslations()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        #expect(try site.run("build").stderr.contains("not shipped"))
        #expect(exists(site, Self.verdicts))
        // With the build's verdicts (and no status cache), then with none at all.
        try? FileManager.default.removeItem(at: site.root.appendingPathComponent(".tolk/status-cache"))
        let withVerdicts = try site.run("status", "--format", "json")
        let checkWithVerdicts = try site.run("check")
        removeCaches(site)
        let withoutVerdicts = try site.run("status", "--format", "json")
        removeCaches(site)
        let checkWithout = try site.run("check")
        #expect(withVerdicts.stdout == withoutVerdicts.stdout)
        #expect(withVerdicts.stdout.contains("\"errors\""), "\(withVerdicts.stdout.prefix(400))")
        #expect(checkWithVerdicts.stderr == checkWithout.stderr && checkWithVerdicts.status == checkWithout.status && checkWithout.status != 0)
        #expect(checkWithout.stderr.contains("lacks reference label [checks]"), "\(checkWithout.stderr)")
    }
}
