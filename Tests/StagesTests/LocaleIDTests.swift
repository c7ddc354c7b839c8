import Foundation
import Testing
@testable import Workspace

/// A locale a user names on the command line or in a file header, resolved against the site: the
/// source, a target or a build pseudo-locale, in the site's spelling; one error for every command.
@Suite struct LocaleIDTests {
    func site(_ config: String) throws -> (Project, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-locale-id-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
        try Data(config.utf8).write(to: root.appendingPathComponent("tolk.yaml"))
        return (try Project(root: root), root)
    }

    @Test func aNameIsResolvedToTheSitesSpellingAndRole() throws {
        let (project, root) = try site("source: en\nlocales: [ru, pt-BR]\nbuild:\n  pseudo_locales: [en-XA]\n")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(project.locale(named: "en") == LocaleID(code: "en", role: .source))
        #expect(project.locale(named: "RU") == LocaleID(code: "ru", role: .target))
        #expect(project.locale(named: "pt_br") == LocaleID(code: "pt-BR", role: .target))
        #expect(project.locale(named: "en-xa") == LocaleID(code: "en-XA", role: .pseudo))
        #expect(project.locale(named: "fr") == nil)
        #expect(try project.targetLocale(named: "PT-br") == "pt-BR")
    }

    @Test(arguments: [
        ("fr", "error: 'fr' is not a target locale of this site (targets: ru, pt-BR); add it to locales in tolk.yaml"),
        ("EN", "error: 'EN' is not a target locale of this site (targets: ru, pt-BR); it is the source locale, which has no catalogs"),
        ("en-XA", "error: 'en-XA' is not a target locale of this site (targets: ru, pt-BR); it is a pseudo-locale, which only tolk build writes"),
        ("../etc", "error: '../etc' is not a target locale of this site (targets: ru, pt-BR); add it to locales in tolk.yaml"),
    ])
    func aNameThatIsNoTargetGetsTheOneMessage(name: String, message: String) throws {
        let (project, root) = try site("source: en\nlocales: [ru, pt-BR]\nbuild:\n  pseudo_locales: [en-XA]\n")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: UnknownLocaleError.self) { try project.targetLocale(named: name) }
        do {
            _ = try project.targetLocale(named: name)
        } catch {
            #expect(error.description == message)
        }
    }
}
