import Foundation
import Testing

/// Issue 21: a page version that passed over a translation the checks refuse was never reused, so a
/// build with nothing changed translated that page again, every time, to print the same warnings.
/// Now the version is reused like any other, and the catalog's findings, kept in the build state,
/// are printed again: the same warnings (errors with `--strict`, and the same exit status), and no
/// page translated.
@Suite struct RefusedTranslationsNoOpBuildTests {
    static let catalog = TolkRunner.brokenRussianCatalog

    /// The sample site with two Russian translations broken in the catalog (`ChecksAtEveryGateTests`'s).
    func siteWithRefusedTranslations() throws -> TolkRunner { try TolkRunner.sampleSiteWithBrokenRussianTranslations() }

    /// The steps `TOLK_PROFILE=1` prints, and the build's own lines.
    func profiled(_ site: TolkRunner, _ arguments: String...) throws -> TolkRunner.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["TOLK_PROFILE"] = "1"
        return try site.run(Array(arguments), environment: environment)
    }

    func warnings(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("  ") }
    }

    @Test func aBuildWithNothingChangedPrintsTheSameRefusalsAndTranslatesNoPage() throws {
        let site = try siteWithRefusedTranslations()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        let first = try site.run("build")
        #expect(first.status == 0, "\(first.stderr)")
        let refusals = warnings(first.stderr)
        #expect(refusals.count >= 2 && refusals.allSatisfy { $0.hasPrefix(Self.catalog + ":") && $0.contains(": warning: ") && $0.contains("; not shipped") },
                "\(first.stderr)")

        let second = try profiled(site, "build")
        #expect(second.status == 0)
        #expect(warnings(second.stderr) == refusals, "the same warnings, in the same order")
        #expect(second.stdout.contains("(0 files translated, 0.0 MB written)"), "\(second.stdout)")
        #expect(second.stderr.contains("translate + summarize"), "TOLK_PROFILE=1 prints the steps")

        let strict = try site.run("build", "--strict")
        #expect(strict.status == 1)
        #expect(warnings(strict.stderr) == refusals.map { $0.replacingOccurrences(of: ": warning: ", with: ": error: ") } + ["tolk build: finished with errors (see above)"],
                "\(strict.stderr)")
        #expect(strict.stdout.contains("(0 files translated"), "\(strict.stdout)")

        let third = try site.run("build")
        #expect(third.status == 0 && warnings(third.stderr) == refusals, "\(third.stderr)")
    }

    @Test func fixingTheCatalogEndsTheWarningsAndTheNextNoOpBuildIsSilent() throws {
        let site = try siteWithRefusedTranslations()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        #expect(try site.run("build").stderr.contains("not shipped"))
        var po = try site.read(Self.catalog)
        po = po.replacingOccurrences(of: "\"проверкам переводов][проверки], который", with: "\"проверкам переводов][checks], который")
            .replacingOccurrences(of: "без аргумента {count}` —", with: "без аргумента `{count}` —")
        try site.write(po, to: Self.catalog)
        let fixed = try site.run("build")
        #expect(fixed.status == 0)
        #expect(!fixed.stderr.contains("not shipped"), "\(fixed.stderr)")
        #expect(fixed.stdout.contains("(1 files translated") || fixed.stdout.contains("(1 file translated"), "\(fixed.stdout)")
        let again = try site.run("build")
        #expect(again.stderr.isEmpty, "\(again.stderr)")
        #expect(again.stdout.contains("(0 files translated"), "\(again.stdout)")
    }

    @Test func aPageTranslatedAgainForAnotherLocaleStillReportsTheReusedVersionsCatalog() throws {
        let site = try siteWithRefusedTranslations()
        defer { site.remove() }
        #expect(try site.run("sync").status == 0)
        let first = try site.run("build")
        let refusals = warnings(first.stderr)
        // The German catalog of the same page changes: that page is translated again in de only;
        // the Russian version is reused, and its catalog's refusals are still printed.
        let german = "locales/de/posts/ci-gates-for-translations.po"
        try site.write(try site.read(german) + "\n", to: german)
        let second = try site.run("build")
        #expect(second.status == 0)
        #expect(warnings(second.stderr) == refusals, "\(second.stderr)")
        #expect(second.stdout.contains("(1 files translated") || second.stdout.contains("(1 file translated"), "\(second.stdout)")
    }
}
