import Foundation
import Testing
@testable import Workspace

/// Issue 15, finding 6: configuration accepted that should not be. `locales: [ru, ru]` built "3
/// locales", `[en, EN]` made two folders, `source: ru` with `locales: [ru, en]` made a Russian
/// catalog of the Russian source, an invalid code's error had no line, and with no `tolk.yaml` a
/// Russian site was built as English. Every locale written in `tolk.yaml` now follows one set of
/// rules, and breaking one is an error at the code's line and column.
@Suite struct LocaleSettingsTests {
    static func error(_ text: String) -> String? {
        do {
            _ = try Configuration.parse(text, file: "tolk.yaml")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func f6_duplicateLocaleIsAnErrorWithItsLine() {
        #expect(Self.error("source: en\nlocales: [ru, de, ru]\n")
                == "tolk.yaml:2:19: error: 'ru' is listed twice in locales (first at tolk.yaml:2:11) (list each locale once)")
        #expect(Self.error("source: en\nlocales:\n  - ru\n  - ru\n")?.hasPrefix("tolk.yaml:4:5: error: 'ru' is listed twice in locales (first at tolk.yaml:3:5)") == true)
    }

    @Test(arguments: [
        ("source: de\nlocales: [en, EN]\n", "tolk.yaml:2:15: error: 'EN' and 'en' (tolk.yaml:2:11) in locales are one locale (locale codes are compared ignoring case and _ or -; keep one, written en)"),
        ("source: de\nlocales: [pt_BR, pt-BR]\n", "tolk.yaml:2:18: error: 'pt-BR' and 'pt_BR' (tolk.yaml:2:11) in locales are one locale"),
        ("source: de\nlocales: [pt-br]\n", "tolk.yaml:2:11: error: 'pt-br' is written 'pt-BR' in BCP 47 (write 'pt-BR': the code names the catalog folder"),
        ("source: de\nlocales: [zh-hant]\n", "tolk.yaml:2:11: error: 'zh-hant' is written 'zh-Hant' in BCP 47"),
        ("source: RU\nlocales: [en]\n", "tolk.yaml:1:9: error: 'RU' is written 'ru' in BCP 47"),
    ])
    func f6_localesThatDifferOnlyInCaseAreOneLocale(text: String, expected: String) {
        let error = Self.error(text)
        #expect(error?.hasPrefix(expected) == true, "\(error ?? "no error")")
    }

    @Test func f6_sourceLocaleAmongTargetsIsAnError() {
        #expect(Self.error("source: ru\nlocales: [en, ru]\n")
                == "tolk.yaml:2:15: error: 'ru' is the source locale (source: ru on line 1) and cannot also be a target (remove it from locales, or set source: to the language the content is written in)")
        #expect(Self.error("locales: [ru, en]\n")?.hasPrefix("tolk.yaml:1:15: error: 'en' is the source locale (source: is not set, so the content is read as en)") == true)
    }

    @Test(arguments: [
        ("source: russian\n", "tolk.yaml:1:9: error: 'russian' is not a locale code (use BCP 47 codes such as ru, pt-BR, zh-Hant)"),
        ("source: en\nlocales: [ru, de_]\n", "tolk.yaml:2:15: error: 'de_' is not a locale code"),
        ("source: en\nlocales: [ru]\nfallbacks:\n  ru: [xx]\n", "tolk.yaml:4:8: error: 'xx': ICU has no CLDR data for the language 'xx'"),
        ("source: en\nlocales: [ru]\nfallbacks:\n  r-u: [ru]\n", "tolk.yaml:4:3: error: 'r-u' is not a locale code"),
        ("source: en\nlocales: [ru]\nbuild:\n  min_translated: {default: 50, ru_: 20}\n", "tolk.yaml:4:33: error: 'ru_' is not a locale code"),
        ("source: en\nbuild:\n  pseudo_locales: [en-XA, en-xa]\n", "tolk.yaml:3:27: error: build.pseudo_locales: 'en-xa' is not a pseudo-locale tolk makes"),
    ])
    func f6_invalidLocaleCodeNamesItsLine(text: String, expected: String) {
        let error = Self.error(text)
        #expect(error?.hasPrefix(expected) == true, "\(error ?? "no error")")
    }

    @Test(arguments: [
        ("source: en\nlocales: [pt-BR]\nfallbacks:\n  pt-BR: [pt, pt]\n", "tolk.yaml:4:15: error: 'pt' is listed twice in fallbacks.pt-BR"),
        ("source: en\nlocales: [pt-BR]\nfallbacks:\n  pt-BR: [pt-BR]\n", "tolk.yaml:4:11: error: 'pt-BR' falls back to itself"),
        ("source: en\nlocales: [pt-BR]\nfallbacks:\n  pt-BR: [pt, en]\n", "tolk.yaml:4:15: error: 'en' is the source locale (source: en on line 1); the source text always ends a fallback chain"),
        ("source: en\nlocales: [ru]\nbuild:\n  min_translated: {ru: 50, de: 20}\n", "tolk.yaml:4:28: error: build.min_translated: 'de' is not one of the locales (ru)"),
        ("source: en\nlocales: [ru]\nbuild:\n  pseudo_locales: [ar-XB, ar-XB]\n", "tolk.yaml:4:27: error: 'ar-XB' is listed twice in build.pseudo_locales"),
        ("source: en\nlocales: [ru, en-XA]\nbuild:\n  pseudo_locales: [en-XA]\n", "tolk.yaml:4:20: error: 'en-XA' is listed as a pseudo-locale and as a real locale"),
    ])
    func f6_everyLocaleListFollowsTheSameRules(text: String, expected: String) {
        let error = Self.error(text)
        #expect(error?.hasPrefix(expected) == true, "\(error ?? "no error")")
    }

    @Test func f6_theSampleSettingsStillRead() throws {
        let config = try Configuration.parse("source: en\nlocales: [ru, pt-BR, zh-Hant, es-419]\nfallbacks:\n  pt-BR: [pt]\nbuild:\n  min_translated: {default: 80, ru: 50, en-XA: 0}\n  pseudo_locales: [en-XA]\n", file: "tolk.yaml")
        #expect(config.targetLocales == ["ru", "pt-BR", "zh-Hant", "es-419"])
        #expect(LocaleCode.canonical("PT_br") == "pt-BR")
        #expect(LocaleCode.key("EN") == LocaleCode.key("en"))
    }

    @Test func f6_noConfigurationIsNotSilentlyEnglish() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-noconfig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            _ = try Project(root: root)
            Issue.record("a site without tolk.yaml was opened with the conventions (source: en)")
        } catch {
            #expect(error.description.hasPrefix("tolk.yaml: error: not found in "), "\(error.description)")
            #expect(error.description.contains("tolk init --source LANG"), "\(error.description)")
        }
    }

    @Test func f6_catalogFoldersFollowTheRulesOfLocales() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-folders-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for folder in ["content", "locales/ru", "locales/de"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try Data("source: ru\n".utf8).write(to: root.appendingPathComponent("tolk.yaml"))
        do {
            _ = try Project(root: root)
            Issue.record("locales/ru was taken as a target of a Russian source")
        } catch {
            #expect(error.description.hasPrefix("locales/ru: error: a catalog folder for the source locale 'ru'"), "\(error.description)")
        }
        try Data("source: en\n".utf8).write(to: root.appendingPathComponent("tolk.yaml"))
        #expect(try Project(root: root).targetLocales == ["de", "ru"])
    }
}
