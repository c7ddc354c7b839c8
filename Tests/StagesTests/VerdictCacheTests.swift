import Catalog
import Core
@testable import Checks
@testable import Extractor
import Foundation
import LocaleData
import Testing
@testable import Workspace

/// The checks' verdict cache (`.tolk/verdicts`) on its own: a translation is judged clean from it only
/// under the very key it was judged under (rules, dialect settings, plural categories, source, plural,
/// every form), and a file it cannot vouch for reads as no cache at all.
@Suite struct VerdictCacheTests {
    func makeSite() throws -> TemporaryProject { try TemporaryProject("verdicts") }

    static let source = "Run `tolk sync` and read [the guide](/guide)."
    static let clean = "Запустите `tolk sync` и прочтите [руководство](/guide)."
    static let broken = "Запустите tolk sync` и прочтите [руководство](/guide)."

    /// A translated entry (no fuzzy flag, a translation).
    func entry(_ translation: String) -> CatalogEntry { CatalogEntry(id: Self.source, translations: [translation]) }

    /// Whether `gate` lets the build ship `entry`, asked as the build asks it.
    func ships(_ gate: TranslationGate, _ entry: CatalogEntry) -> Bool {
        gate.judgement(of: entry, at: 0, in: POReader(path: "t.po").read([]), file: "t.po").mayShip
    }

    @Test func everyInputOfTheChecksChangesTheKey() {
        let cache = VerdictCache.empty()
        let ru = cache.context(dialect: nil, categories: ["one", "few", "many", "other"])
        let base = ru.key(source: Self.source, sourcePlural: nil, translations: [Self.clean])
        #expect(ru.key(source: Self.source, sourcePlural: nil, translations: [Self.clean]) == base, "the same inputs, the same key")
        let others: [VerdictCache.Key] = [
            ru.key(source: Self.source + " ", sourcePlural: nil, translations: [Self.clean]),
            ru.key(source: Self.source, sourcePlural: Self.source, translations: [Self.clean]),
            ru.key(source: Self.source, sourcePlural: nil, translations: [Self.broken]),
            ru.key(source: Self.source, sourcePlural: nil, translations: [Self.clean, ""]),
            // The same bytes cut between two forms another way.
            ru.key(source: Self.source, sourcePlural: nil, translations: ["ab", "c"]),
            ru.key(source: Self.source, sourcePlural: nil, translations: ["a", "bc"]),
            cache.context(dialect: nil, categories: ["one", "other"]).key(source: Self.source, sourcePlural: nil, translations: [Self.clean]),
            cache.context(dialect: HugoDialect(), categories: ["one", "few", "many", "other"]).key(source: Self.source, sourcePlural: nil, translations: [Self.clean]),
            // A Hugo site that declares one more shortcode protects other pieces: other verdicts.
            cache.context(dialect: HugoDialect(shortcodes: HugoDialect.defaultShortcodes.merging(["quote": .init(inner: true)]) { $1 }),
                          categories: ["one", "few", "many", "other"]).key(source: Self.source, sourcePlural: nil, translations: [Self.clean]),
            cache.context(dialect: JekyllDialect(includeParameters: ["caption"]), categories: ["one", "few", "many", "other"])
                .key(source: Self.source, sourcePlural: nil, translations: [Self.clean]),
            cache.context(dialect: JekyllDialect(), categories: ["one", "few", "many", "other"]).key(source: Self.source, sourcePlural: nil, translations: [Self.clean]),
            // Another checkout's cache has another secret.
            VerdictCache.empty().context(dialect: nil, categories: ["one", "few", "many", "other"]).key(source: Self.source, sourcePlural: nil, translations: [Self.clean]),
        ]
        #expect(Set(others + [base]).count == others.count + 1, "every key differs")
    }

    /// `tolk status` looks translations up by their bytes (`POReader.scan`), the source by the digest
    /// the scan took of it: the key must be the one the strings give, or no translation judged by a
    /// build or an import would be found clean.
    @Test func aTranslationGivenAsBytesHasTheKeyOfItsString() {
        let context = VerdictCache.empty().context(dialect: HugoDialect(), categories: ["one", "few", "many", "other"])
        func digest(_ text: String) -> VerdictCache.Key { Array(text.utf8).withUnsafeBytes { context.sourceDigest($0) } }
        for (source, translation) in [(Self.source, Self.clean), (Self.source, Self.broken), ("", ""), ("Grüße, `x`", "Привет, `x`"), ("ab", "c"), ("a", "bc")] {
            #expect(context.key(sourceDigest: digest(source), translation: Array(translation.utf8))
                    == context.key(source: source, sourcePlural: nil, translations: [translation]), "\(source) → \(translation)")
        }
        #expect(context.key(sourceDigest: digest("ab"), translation: Array("c".utf8)) != context.key(sourceDigest: digest("a"), translation: Array("bc".utf8)))

        // The digest the scan takes of each msgid, under the context's key, is the one the key takes.
        let catalog = """
            msgid ""
            msgstr "Content-Type: text/plain; charset=UTF-8\\n"

            msgid "Grüße, `x`"
            msgstr "Привет, `x`"

            msgctxt "title"
            msgid ""
            "Run `tolk sync` "
            "and read [the guide](/guide)."
            msgstr ""

            """
        var digests: [VerdictCache.Key] = []
        let key = context.sourceDigestKey
        #expect(POReader(path: "t.po").scan(Array(catalog.utf8), digestKey: (key.low, key.high)) { digests.append($0.idDigest) } == [])
        #expect(digests == [digest("Grüße, `x`"), digest(Self.source)])
    }

    @Test func whatIsSavedLoadsBackUnderTheSameSecret() throws {
        let site = try makeSite()
        defer { site.remove() }
        let cache = VerdictCache.empty()
        let context = cache.context(dialect: nil, categories: ["other"])
        let keys = (0..<3_000).map { context.key(source: "Source \($0)", sourcePlural: nil, translations: ["Перевод \($0)"]) }
        do {
            let ledger = VerdictLedger(cache)
            for key in keys { ledger.recordClean(key) }
        }
        #expect(try cache.save(in: site.project, dropsUnused: false) == 3_000)
        let loaded = VerdictCache(project: site.project, recordsUse: true)
        #expect(loaded.count == 3_000)
        let reloaded = loaded.context(dialect: nil, categories: ["other"])
        #expect((0..<3_000).allSatisfy { loaded.contains(reloaded.key(source: "Source \($0)", sourcePlural: nil, translations: ["Перевод \($0)"])) })
        #expect(!loaded.contains(reloaded.key(source: "Source 3000", sourcePlural: nil, translations: ["Перевод 3000"])))

        // A run that used only some of them and judged every catalog keeps those only; one that did
        // not judge every catalog keeps them all.
        do {
            let ledger = VerdictLedger(loaded)
            for index in 0..<10 { #expect(ledger.isClean(keys[index])) }
        }
        let partial = VerdictCache(project: site.project, recordsUse: true)
        do {
            let ledger = VerdictLedger(partial)
            ledger.recordClean(reloaded.key(source: "New", sourcePlural: nil, translations: ["Новый"]))
        }
        #expect(try partial.save(in: site.project, dropsUnused: false) == 3_001)
        // Added into a copy of the old table (it had room): the old verdicts are all still there.
        let added = VerdictCache(project: site.project, recordsUse: false)
        #expect(added.count == 3_001)
        #expect(keys.allSatisfy(added.contains) && added.contains(reloaded.key(source: "New", sourcePlural: nil, translations: ["Новый"])))
        #expect(try loaded.save(in: site.project, dropsUnused: true) == 10)
        #expect(VerdictCache(project: site.project, recordsUse: true).count == 10)
    }

    @Test func nothingNewWritesNothing() throws {
        let site = try makeSite()
        defer { site.remove() }
        let cache = VerdictCache.empty()
        #expect(try cache.save(in: site.project, dropsUnused: false) == 0)
        #expect(!FileManager.default.fileExists(atPath: VerdictCache.location(in: site.project).path))
    }

    /// A file tolk did not write as it is now reads as no cache: every translation is judged again.
    @Test(arguments: ["header", "rules", "secret", "slots", "keys", "truncated"])
    func aFileItCannotVouchForIsNoCache(damage: String) throws {
        let site = try makeSite()
        defer { site.remove() }
        let cache = VerdictCache.empty()
        let context = cache.context(dialect: nil, categories: ["other"])
        do {
            let ledger = VerdictLedger(cache)
            for index in 0..<100 { ledger.recordClean(context.key(source: "S\(index)", sourcePlural: nil, translations: ["T\(index)"])) }
        }
        try cache.save(in: site.project, dropsUnused: false)
        #expect(VerdictCache(project: site.project, recordsUse: false).count == 100, "the file as written is read")
        var bytes = [UInt8](try Data(contentsOf: VerdictCache.location(in: site.project)))
        let newline = bytes.firstIndex(of: 0x0A)!
        let secondLine = bytes[(newline + 1)...].firstIndex(of: 0x0A)!
        var header = String(decoding: bytes[(newline + 1)..<secondLine], as: UTF8.self)
        let table = Array(bytes[(secondLine + 1)...])
        switch damage {
        case "header": bytes[0] = UInt8(ascii: "T")
        case "truncated": bytes.removeLast(16)
        default:
            header = switch damage {
            case "rules": header.replacingOccurrences(of: "checks \(TranslationGate.rulesVersion) ", with: "checks 0.1 ")
            case "secret": header.replacingOccurrences(of: "secret ", with: "secret x")
            case "slots": header.replacingOccurrences(of: "slots 1024", with: "slots 1000")
            // More keys than tolk ever puts in a table of that size.
            default: header.replacingOccurrences(of: "keys 000000000100", with: "keys 000000001000")
            }
            bytes = Array(VerdictCache.header.utf8) + [0x0A] + Array(header.utf8) + [0x0A] + table
        }
        try Data(bytes).write(to: VerdictCache.location(in: site.project))
        #expect(VerdictCache(project: site.project, recordsUse: false).count == 0)
        #expect(!VerdictCache(project: site.project, recordsUse: false).contains(context.key(source: "S1", sourcePlural: nil, translations: ["T1"])))
    }

    /// A table with every slot taken (no file tolk writes is more than two-thirds full) still answers
    /// every lookup: probing stops after a bounded number of slots.
    @Test func aFullTableAnswersEveryLookup() throws {
        let site = try makeSite()
        defer { site.remove() }
        let cache = VerdictCache.empty()
        let context = cache.context(dialect: nil, categories: ["other"])
        let kept = context.key(source: "S", sourcePlural: nil, translations: ["T"])
        do { VerdictLedger(cache).recordClean(kept) }
        try cache.save(in: site.project, dropsUnused: false)
        var bytes = [UInt8](try Data(contentsOf: VerdictCache.location(in: site.project)))
        let tableStart = bytes.count - 1024 * 16
        for index in tableStart..<bytes.count where bytes[index] == 0 { bytes[index] = 0x5A }
        try Data(bytes).write(to: VerdictCache.location(in: site.project))
        let full = VerdictCache(project: site.project, recordsUse: false)
        #expect(!full.contains(context.key(source: "S2", sourcePlural: nil, translations: ["T2"])))
        #expect(full.count == 1, "the header's count")
    }

    /// The gate asks the cache before judging: a key recorded clean is trusted (which is why the key
    /// must hold everything the checks read), and without it the same translation is refused.
    @Test func theGateTrustsTheCacheUnderTheExactKeyOnly() throws {
        let check = try CatalogCheck(locale: "ru")
        let cache = VerdictCache.empty()
        #expect(!ships(TranslationGate(check: check, isMessageFormat: false, verdicts: VerdictLedger(cache)), entry(Self.broken)))
        #expect(ships(TranslationGate(check: check, isMessageFormat: false, verdicts: VerdictLedger(cache)), entry(Self.clean)))

        // Planted by hand: the broken translation's key, as if it had been judged clean.
        let planted = VerdictCache.empty()
        let key = planted.context(dialect: nil, categories: check.pluralForms.categories.map(\.rawValue))
            .key(source: Self.source, sourcePlural: nil, translations: [Self.broken])
        let site = try makeSite()
        defer { site.remove() }
        do { VerdictLedger(planted).recordClean(key) }
        try planted.save(in: site.project, dropsUnused: false)
        let loaded = VerdictCache(project: site.project, recordsUse: true)
        #expect(ships(TranslationGate(check: check, isMessageFormat: false, verdicts: VerdictLedger(loaded)), entry(Self.broken)))
        // Under another dialect, or without the cache, it is judged, and refused.
        #expect(!ships(TranslationGate(check: check, isMessageFormat: false, dialect: HugoDialect(), verdicts: VerdictLedger(loaded)), entry(Self.broken)))
        #expect(!ships(TranslationGate(check: check, isMessageFormat: false), entry(Self.broken)))
    }
}
