@testable import Checks
import Foundation
import Reports
@testable import Status
import Testing
@testable import Workspace

/// The status's cache (`.tolk/status-cache`) on its own: it may make `tolk status` faster, never
/// different, so a file it cannot vouch for — another fingerprint, another format, a damaged line —
/// reads as empty, never as half a cache.
@Suite struct StatusCacheTests {
    func makeSite() throws -> TemporaryProject { try TemporaryProject("status-cache") }

    func cacheText(_ site: TemporaryProject) throws -> String {
        String(decoding: try Data(contentsOf: StatusCache.location(in: site.project)), as: UTF8.self)
    }

    func writeCache(_ text: String, in site: TemporaryProject) throws { try Data(text.utf8).write(to: StatusCache.location(in: site.project)) }

    /// Every one of the twelve figures different, so that a swapped column shows.
    static let counts: StatusCounts = {
        var counts = StatusCounts()
        (counts.translatedMessages, counts.needsReviewMessages, counts.untranslatedMessages, counts.obsoleteMessages) = (41, 7, 12, 3)
        (counts.missingPluralFormMessages, counts.doneMessages, counts.translatedWords, counts.needsReviewWords) = (2, 39, 1_204, 96)
        (counts.untranslatedWords, counts.doneWords, counts.errors, counts.warnings) = (310, 1_150, 1, 5)
        return counts
    }()

    static let fingerprint = StatusCache.fingerprint(sourceLocale: "en", siteGenerator: .hugo)

    static func sampleCache() -> StatusCache {
        var cache = StatusCache(fingerprint: fingerprint)
        cache.records["ru/posts/first-post.po"] = .init(stamp: .init(size: 18_442, modified: 1_733_410_000_123_456_789, inode: 917_504), counts: counts)
        var other = StatusCounts()
        other.untranslatedMessages = 60
        other.untranslatedWords = 1_610
        cache.records["de/posts/first-post.po"] = .init(stamp: .init(size: 402, modified: 1_733_410_000_000_000_000, inode: 917_611), counts: other)
        return cache
    }

    @Test func whatIsSavedLoadsBackWithEveryFigureInItsPlace() throws {
        let site = try makeSite()
        defer { site.remove() }
        let saved = Self.sampleCache()
        try saved.save(in: site.project)
        let loaded = StatusCache.load(from: site.project, fingerprint: Self.fingerprint)
        #expect(loaded.records == saved.records)
        #expect(loaded.records["ru/posts/first-post.po"]?.counts.doneWords == 1_150)
        // Sorted by key, so that two saves of the same figures write the same bytes.
        let lines = try cacheText(site).split(separator: "\n")
        #expect(lines.first == Substring(StatusCache.header))
        #expect(lines.dropFirst(2).map { $0.prefix(while: { $0 != "\t" }) } == ["de/posts/first-post.po", "ru/posts/first-post.po"])
    }

    @Test func stampsAtTheEndsOfTheirRangesComeBack() throws {
        let site = try makeSite()
        defer { site.remove() }
        var cache = StatusCache(fingerprint: Self.fingerprint)
        cache.records["ru/posts/a.po"] = .init(stamp: .init(size: Int64.max, modified: -1_000_000_007, inode: UInt64.max), counts: Self.counts)
        cache.records["ja/posts/a.po"] = .init(stamp: .init(size: 0, modified: Int64.min + 1, inode: 0), counts: StatusCounts())
        try cache.save(in: site.project)
        #expect(StatusCache.load(from: site.project, fingerprint: Self.fingerprint).records == cache.records)
        // One more than the largest inode: not a stamp the file could hold, so nothing is trusted.
        try writeCache(try cacheText(site).replacingOccurrences(of: "\(UInt64.max)", with: "18446744073709551616"), in: site)
        #expect(StatusCache.load(from: site.project, fingerprint: Self.fingerprint).records.isEmpty)
    }

    @Test func theToolFolderIgnoresItselfInGit() throws {
        let site = try makeSite()
        defer { site.remove() }
        try Self.sampleCache().save(in: site.project)
        let ignore = try String(contentsOf: site.project.stateFolder.appendingPathComponent(".gitignore"), encoding: .utf8)
        #expect(ignore.split(separator: "\n").contains("*"))
    }

    /// The figures depend on ICU, the source locale, the checks, the word rules and the generator's
    /// syntax: a cache made under any other set of them is not used.
    @Test func aCacheMadeUnderAnotherFingerprintIsNotUsed() throws {
        let site = try makeSite()
        defer { site.remove() }
        try Self.sampleCache().save(in: site.project)
        for other in [StatusCache.fingerprint(sourceLocale: "ru", siteGenerator: .hugo),
                      StatusCache.fingerprint(sourceLocale: "en", siteGenerator: .jekyll),
                      StatusCache.fingerprint(sourceLocale: "en", siteGenerator: .plain)] {
            #expect(other != Self.fingerprint)
            #expect(StatusCache.load(from: site.project, fingerprint: other).records.isEmpty)
        }
        #expect(Self.fingerprint.contains("checks \(TranslationGate.rulesVersion)"))
    }

    /// Ways a cache file gets damaged (an interrupted copy, an older tolk, a hand edit), each made from a good file.
    enum Damage: String, CaseIterable, Sendable {
        case anotherFormatsHeader, aLineWithAFieldMissing, aFigureThatIsNotANumber, aSizeThatIsNotANumber, aTruncatedFile, onlyTheHeader

        func apply(to text: String) -> String {
            switch self {
            case .anotherFormatsHeader: text.replacingOccurrences(of: StatusCache.header, with: "tolk-status-cache 0")
            case .aLineWithAFieldMissing: text.replacingOccurrences(of: "\t5\n", with: "\n")
            case .aFigureThatIsNotANumber: text.replacingOccurrences(of: "\t1204\t", with: "\tmany\t")
            case .aSizeThatIsNotANumber: text.replacingOccurrences(of: "\t18442\t", with: "\t-\t")
            case .aTruncatedFile: String(text.prefix(text.count - 9))
            case .onlyTheHeader: StatusCache.header + "\n"
            }
        }
    }

    @Test(arguments: Damage.allCases)
    func aDamagedCacheReadsAsEmptyNeverAsHalf(damage: Damage) throws {
        let site = try makeSite()
        defer { site.remove() }
        try Self.sampleCache().save(in: site.project)
        let good = try cacheText(site)
        let damaged = damage.apply(to: good)
        #expect(damaged != good, "the damage changed nothing: the test would prove nothing")
        try writeCache(damaged, in: site)
        #expect(StatusCache.load(from: site.project, fingerprint: Self.fingerprint).records.isEmpty)
    }

    @Test func noCacheFileIsAnEmptyCache() throws {
        let site = try makeSite()
        defer { site.remove() }
        #expect(StatusCache.load(from: site.project, fingerprint: Self.fingerprint).records.isEmpty)
    }

    /// A tab or a line break in a catalog's path would break the line format: such a catalog is not
    /// recorded (it is read every time), and the others still are.
    @Test func aPathWithATabOrLineBreakIsNotRecorded() throws {
        let site = try makeSite()
        defer { site.remove() }
        var cache = Self.sampleCache()
        let record = try #require(cache.records["ru/posts/first-post.po"])
        cache.records["ru/posts/odd\tname.po"] = record
        cache.records["ru/posts/odd\nname.po"] = record
        try cache.save(in: site.project)
        let loaded = StatusCache.load(from: site.project, fingerprint: Self.fingerprint)
        #expect(Set(loaded.records.keys) == ["de/posts/first-post.po", "ru/posts/first-post.po"])
    }
}
