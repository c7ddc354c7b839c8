import Foundation
import Testing
import TestSupport
@testable import Catalog

/// The sample site's catalogs are in the form msgcat writes.
@Suite struct SampleCatalogsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sampleCatalogs() -> [URL] {
        let locales = root.appendingPathComponent("locales")
        let files = FileManager.default.enumerator(at: locales, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return files.filter { ["po", "pot"].contains($0.pathExtension) }.sorted { $0.path < $1.path }
    }

    @Test func msgcatLeavesEverySampleCatalogUnchanged() throws {
        _ = try ExternalTool.path("msgcat")
        let files = Self.sampleCatalogs()
        #expect(files.count >= 70)
        var changed: [String] = []
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            if let difference = GettextProcess.firstDifference(bytes, try GettextProcess.run("msgcat", [file.path])) {
                changed.append("\(file.lastPathComponent): \(difference)")
            }
        }
        #expect(changed.isEmpty, "msgcat rewrites \(changed.count) sample catalogs:\n\(changed.prefix(5).joined(separator: "\n"))")
    }

    @Test func everySampleCatalogReadsAndWritesBackByteForByte() throws {
        var changed: [String] = []
        for file in Self.sampleCatalogs() {
            let bytes = Array(try Data(contentsOf: file))
            let result = POReader(path: file.path).read(bytes)
            if let difference = GettextProcess.firstDifference(bytes, POWriter().encoded(result.catalog)) {
                changed.append("\(file.lastPathComponent): \(difference)")
            }
        }
        #expect(changed.isEmpty, "\(changed.count) sample catalogs are not in canonical form (run tolk fmt):\n\(changed.prefix(5).joined(separator: "\n"))")
    }
}

/// Real catalogs written by gettext read and write back byte for byte: every compiled catalog on
/// the machine (`/usr/share/locale/*/LC_MESSAGES/*.mo`), turned into PO by msgunfmt, goes through
/// `POReader` and `POWriter` and must come out as msgunfmt wrote it; msgcat must then leave tolk's
/// text unchanged.
///
/// A run checks a fixed sample of at least 1,000 files; `TOLK_FULL_CORPUS=1` checks them all.
/// Catalogs in another charset than UTF-8 are converted to UTF-8 on reading, so for them tolk's text
/// is compared with `msgconv --to-code=UTF-8` of msgunfmt's instead.
@Suite struct GettextCorpusTests {
    static let folders = ["/usr/share/locale", "/usr/share/locale-langpack", "/opt/swift/usr/share/locale"]
    static let sampleSize = 1_000

    static func compiledCatalogs() -> [String] {
        var files: [String] = []
        for folder in folders {
            guard let languages = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for language in languages {
                let messages = "\(folder)/\(language)/LC_MESSAGES"
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: messages) else { continue }
                files += names.filter { $0.hasSuffix(".mo") }.map { "\(messages)/\($0)" }
            }
        }
        return files.sorted()
    }

    /// A fixed, spread-out sample: the files whose path hashes lowest (FNV-1a), the same on every run.
    static func sample(_ files: [String], count: Int) -> [String] {
        guard files.count > count else { return files }
        func fnv1a(_ text: String) -> UInt64 {
            text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
        }
        return files.map { (fnv1a($0), $0) }.sorted { $0.0 < $1.0 }.prefix(count).map(\.1).sorted()
    }

    struct Tally {
        var files = 0
        var languages = Set<String>()
        var entries = 0
        var pluralEntries = 0
        var otherCharsets: [String: Int] = [:]
        /// Converted catalogs whose header differs from msgconv's.
        var convertedHeaderDifferences: [(path: String, problem: String)] = []
        var failures: [(path: String, problem: String)] = []
        /// Files whose entries came back byte for byte but whose header did not.
        var headerFailures: [(path: String, problem: String)] = []
        var mismatchedByMsgcat: [(path: String, problem: String)] = []
    }

    @Test func compiledCatalogsComeBackFromTolkAsMsgunfmtWroteThem() throws {
        _ = try ExternalTool.path("msgunfmt")
        _ = try ExternalTool.path("msgcat")
        let all = Self.compiledCatalogs()
        try #require(!all.isEmpty, "no compiled catalogs (.mo) under /usr/share/locale on this machine: the test needs some to read")
        let full = ProcessInfo.processInfo.environment["TOLK_FULL_CORPUS"] == "1"
        let files = full ? all : Self.sample(all, count: Self.sampleSize)

        let shared = SharedTally()
        let workers = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let memo = POWriter.WrapMemo()
            while let index = shared.nextIndex(below: files.count) {
                let outcome = Self.check(files[index], memo: memo)
                shared.add(outcome, for: files[index])
            }
        }
        let tally = shared.tally

        let charsets = tally.otherCharsets.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("""
            gettext corpus\(full ? "" : " (sample; TOLK_FULL_CORPUS=1 for all \(all.count))"): \(tally.files) files, \
            \(tally.languages.count) languages, \(tally.entries) entries, \(tally.pluralEntries) plural entries; \
            \(tally.otherCharsets.values.reduce(0, +)) files in other charsets converted and compared with msgconv (\(charsets)), \
            \(tally.convertedHeaderDifferences.count) of them with a different header; \
            \(tally.failures.count) with entries not byte-identical, \(tally.headerFailures.count) with a header not byte-identical, \
            \(tally.mismatchedByMsgcat.count) changed by msgcat
            """)
        if full { #expect(tally.files == all.count) } else { #expect(tally.files >= min(Self.sampleSize, all.count)) }
        func listing(_ problems: [(path: String, problem: String)]) -> String {
            problems.sorted { $0.path < $1.path }.prefix(8).map { "\($0.path): \($0.problem)" }.joined(separator: "\n")
        }
        let failureCount = tally.failures.count
        #expect(failureCount == 0, "catalogs whose entries differ after tolk read and wrote them:\n\(listing(tally.failures))")
        let changedByMsgcat = tally.mismatchedByMsgcat.count
        #expect(changedByMsgcat == 0, "msgcat changes tolk's text of these catalogs:\n\(listing(tally.mismatchedByMsgcat))")
        let headerFailureCount = tally.headerFailures.count
        #expect(headerFailureCount == 0, "catalogs whose header differs after tolk read and wrote it:\n\(listing(tally.headerFailures))")
        let convertedHeaderDifferences = tally.convertedHeaderDifferences.count
        #expect(convertedHeaderDifferences == 0, "converted catalogs whose header differs from msgconv's:\n\(listing(tally.convertedHeaderDifferences))")
    }

    /// The tally the worker threads share, behind a lock.
    final class SharedTally: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private(set) var tally = Tally()

        func nextIndex(below count: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < count else { return nil }
            next += 1
            return next - 1
        }

        func add(_ outcome: Outcome, for path: String) {
            lock.lock()
            defer { lock.unlock() }
            GettextCorpusTests.add(outcome, for: path, to: &tally)
        }
    }

    enum Outcome {
        case checked(entries: Int, pluralEntries: Int, problem: String?, headerProblem: String? = nil, msgcatProblem: String?, convertedFrom: String? = nil)
    }

    static func check(_ path: String, memo: POWriter.WrapMemo) -> Outcome {
        var po: [UInt8]
        do { po = try GettextProcess.run("msgunfmt", [path]) } catch { return .checked(entries: 0, pluralEntries: 0, problem: "msgunfmt: \(error)", msgcatProblem: nil) }
        let charset = Self.charset(of: po)
        let converted = charset.uppercased() != "UTF-8" && !po.allSatisfy({ $0 < 0x80 })
        let result = POReader(path: path).read(po)
        if converted {
            // What tolk writes is UTF-8: the reference is gettext's own conversion of msgunfmt's text.
            do { po = try GettextProcess.run("msgconv", ["--to-code=UTF-8"], input: po) } catch {
                return .checked(entries: 0, pluralEntries: 0, problem: "msgconv: \(error)", msgcatProblem: nil, convertedFrom: charset)
            }
        }
        let entries = result.catalog.entries.count
        let plurals = result.catalog.entries.count { $0.idPlural != nil }
        if let error = result.diagnostics.first(where: { $0.severity == .error }) {
            return .checked(entries: entries, pluralEntries: plurals, problem: "read: \(error)", msgcatProblem: nil)
        }
        let written = POWriter().encoded(result.catalog, memo: memo)
        var problem = GettextProcess.firstDifference(po, written)
        var headerProblem: String?
        // The header is the first entry; what follows its blank line is the entries.
        if problem != nil, let poBody = Self.afterHeader(po), let writtenBody = Self.afterHeader(written), poBody == writtenBody {
            headerProblem = problem
            problem = nil
        }
        let msgcatProblem: String?
        do { msgcatProblem = GettextProcess.firstDifference(written, try GettextProcess.run("msgcat", input: written)) } catch { msgcatProblem = "msgcat: \(error)" }
        return .checked(entries: entries, pluralEntries: plurals, problem: problem, headerProblem: headerProblem, msgcatProblem: msgcatProblem,
                        convertedFrom: converted ? charset : nil)
    }

    static func add(_ outcome: Outcome, for path: String, to tally: inout Tally) {
        tally.files += 1
        tally.languages.insert(URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent)
        switch outcome {
        case .checked(let entries, let pluralEntries, let problem, let headerProblem, let msgcatProblem, let convertedFrom):
            tally.entries += entries
            tally.pluralEntries += pluralEntries
            if let convertedFrom { tally.otherCharsets[convertedFrom, default: 0] += 1 }
            if let problem { tally.failures.append((path, problem)) }
            if let headerProblem {
                if convertedFrom != nil { tally.convertedHeaderDifferences.append((path, headerProblem)) } else { tally.headerFailures.append((path, headerProblem)) }
            }
            if let msgcatProblem { tally.mismatchedByMsgcat.append((path, msgcatProblem)) }
        }
    }

    /// The text after the first blank line (the entries after the header), or nil if the header is not first.
    static func afterHeader(_ po: [UInt8]) -> ArraySlice<UInt8>? {
        guard po.starts(with: Array("msgid \"\"\n".utf8)) || po.starts(with: Array("#".utf8)) else { return nil }
        var index = 1
        while index < po.count {
            if po[index] == 0x0A && po[index - 1] == 0x0A { return po[(index + 1)...] }
            index += 1
        }
        return po[po.count...]
    }

    /// The `charset=` of the header msgunfmt wrote, or `ASCII` without one.
    static func charset(of po: [UInt8]) -> String {
        let head = String(decoding: po.prefix(4096), as: UTF8.self)
        guard let range = head.range(of: "charset=") else { return "ASCII" }
        return String(head[range.upperBound...].prefix { !$0.isWhitespace && $0 != "\\" && $0 != "\"" })
    }
}
