import Foundation
@testable import Status
import TestSupport
import Testing
@testable import Workspace

/// tolk's message counts must agree exactly with `msgfmt --statistics` on the same catalogs.
@Suite struct StatusAgreesWithMsgfmtTests {
    static let sampleSite = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func sampleSiteCountsMatchMsgfmt() throws {
        let project = try Project(root: Self.sampleSite)
        let (statuses, diagnostics) = try StatusCollector(project: project).run()
        #expect(diagnostics.isEmpty)
        #expect(statuses.map(\.locale) == ["ru", "de", "ar", "ja"])
        for status in statuses {
            var translated = 0, fuzzy = 0, untranslated = 0
            for (path, _) in status.catalogs {
                let figures = try msgfmtStatistics(project.catalogURL(locale: status.locale, catalogPath: path))
                translated += figures.translated
                fuzzy += figures.fuzzy
                untranslated += figures.untranslated
            }
            #expect(status.total.translatedMessages == translated, "\(status.locale)")
            #expect(status.total.needsReviewMessages == fuzzy, "\(status.locale)")
            #expect(status.total.untranslatedMessages == untranslated, "\(status.locale)")
        }
        // The sample site's shape: Russian complete, German with entries needing review.
        #expect(statuses[0].total.percentByMessages == 100)
        #expect(statuses[1].total.needsReviewMessages > 0)
    }

    private func msgfmtStatistics(_ url: URL) throws -> (translated: Int, fuzzy: Int, untranslated: Int) {
        let text = try ProcessRunner.run(try ExternalTool.path("msgfmt"), ["--statistics", "-o", "/dev/null", url.path],
                                         environment: ["LC_ALL": "C"]).stderrText
        func number(before word: String) -> Int {
            guard let range = text.range(of: " \(word)") else { return 0 }
            return Int(text[..<range.lowerBound].split(whereSeparator: { !$0.isNumber }).last ?? "") ?? 0
        }
        return (number(before: "translated"), number(before: "fuzzy"), number(before: "untranslated"))
    }
}
