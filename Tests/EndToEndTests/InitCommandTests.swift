import Foundation
import Testing

/// Issue 15, finding 6, with the real CLI: configuration that used to be accepted is refused at its
/// line, a site without `tolk.yaml` is not built as English, and `tolk init` writes the file.
@Suite struct InitCommandTests {
    /// A Russian site with no `tolk.yaml`: one post whose reading time is 21 minutes ("21 минута" in
    /// Russian, "21 минуты" by English rules).
    static func russianSiteWithoutConfiguration() throws -> TolkRunner {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content/posts"), withIntermediateDirectories: true)
        let site = TolkRunner(root: root)
        try site.write("""
            ---
            title: Долгий день
            reading_minutes: 21
            ---
            Это был долгий день. Мы шли по дороге, и она была пустой. Я думал о том, что всё это только начало.
            Он сказал, что не знает, как быть дальше, но мы всё же решили идти. Из окна было видно море, и его
            шум был слышен даже ночью. Она ответила, что это не так уж и важно, и мы снова пошли к морю.

            """, to: "content/posts/day.md")
        return site
    }

    @Test func f6_noConfigurationIsNotSilentlyEnglish() throws {
        let site = try Self.russianSiteWithoutConfiguration()
        defer { site.remove() }
        for command in ["sync", "build", "status", "check", "export"] {
            let result = try site.run(command == "export" ? ["export", "en"] : [command])
            #expect(result.status == 2, "tolk \(command) ran without tolk.yaml: \(result.stdout)")
            #expect(result.stderr.hasPrefix("tolk.yaml: error: not found in "), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("run tolk init --source LANG"), "\(command): \(result.stderr)")
        }
        for folder in ["locales", "public", ".tolk"] {
            #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent(folder).path), "\(folder) was written")
        }

        let initialized = try site.run("init", "--locales", "en,de")
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(initialized.stderr.contains("tolk init: note: the source language 'ru' is a GUESS from the text (Cyrillic letters"), "\(initialized.stderr)")
        let config = try site.read("tolk.yaml")
        #expect(config.contains("\nsource: ru\n") && config.contains("\nlocales: [en, de]\n"), "\(config)")
        #expect(config.contains("# GUESSED by tolk init"))
        let sync = try site.run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("locales/en/posts/day.po").path))
    }

    @Test func f6_initInAnEmptyFolderSaysWhatItNeeds() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let site = TolkRunner(root: root)
        defer { site.remove() }
        let status = try site.run("status")
        #expect(status.status == 2 && status.stderr.hasPrefix("tolk.yaml: error: not found in "), "\(status.stderr)")
        let guessed = try site.run("init")
        #expect(guessed.status == 2)
        #expect(guessed.stderr.hasPrefix("tolk init: error: cannot guess the source language: no Markdown under content/; nothing was written (name it: tolk init --source LANG)"), "\(guessed.stderr)")
        let named = try site.run("init", "--source", "de")
        #expect(named.status == 0, "\(named.stderr)")
        let again = try site.run("init", "--source", "de")
        #expect(again.status == 2 && again.stderr.contains("tolk.yaml already exists; nothing was written"), "\(again.stderr)")
    }

    @Test func f6_duplicateLocaleStopsTheBuildAtItsLine() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let line = try site.line(of: "locales:", in: "tolk.yaml")
        try site.write(try site.read("tolk.yaml").replacingOccurrences(of: "locales: [ru, de, ar, ja]", with: "locales: [ru, de, ar, ja, ru]"), to: "tolk.yaml")
        let build = try site.run("build")
        #expect(build.status == 2)
        #expect(build.stderr.hasPrefix("tolk.yaml:\(line):27: error: 'ru' is listed twice in locales (first at tolk.yaml:\(line):11)"), "\(build.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("public").path))
    }

    @Test func f6_sourceLocaleAmongTargetsStopsSync() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let line = try site.line(of: "locales:", in: "tolk.yaml")
        try site.write(try site.read("tolk.yaml").replacingOccurrences(of: "locales: [ru, de, ar, ja]", with: "locales: [ru, de, ar, ja, en]"), to: "tolk.yaml")
        let sync = try site.run("sync")
        #expect(sync.status == 2)
        #expect(sync.stderr.hasPrefix("tolk.yaml:\(line):27: error: 'en' is the source locale (source: en on line \(line - 1)) and cannot also be a target"), "\(sync.stderr)")
    }
}
