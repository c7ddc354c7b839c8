import Catalog
import Checks
import Core
import Extractor
import Foundation
import LocaleData
import Reports
import Status
import Workspace

/// Translates one content file into some of its locales: real locales from the file's catalog in each
/// member of the locale's fallback chain, pseudo-locales by machine. Safe to use from several threads
/// at once: it holds only values and a pool of word counters.
struct VersionTranslator: Sendable {
    let project: Project
    let sourceLocale: String
    let pseudo: Set<String>
    let chains: [String: [String]]
    /// The checks of every locale on a fallback chain (deriving plural forms from ICU's rules is costly: once each).
    let checks: [String: CatalogCheck]
    let includeNeedsReview: Bool
    /// A refused translation is reported as an error rather than a warning.
    let strictChecks: Bool
    let wordCounters: LocalePool<WordCounter>

    struct Translated: Sendable {
        var document: ExtractedDocument
        /// locale → the file's version in it.
        var versions: [String: PageVersion]
        /// What each catalog read reported, in the order they were read.
        var catalogs: [CatalogReport]

        /// The catalogs' read problems and the translations the checks refused.
        var diagnostics: [Diagnostic] { catalogs.flatMap(\.diagnostics) }
    }

    /// What reading the file's catalog in one locale (a member of a chain) reported.
    struct CatalogReport: Sendable {
        var locale: String
        /// The catalog's display path.
        var catalog: String
        /// The reader's problems, then a diagnostic per problem of each refused translation.
        var diagnostics: [Diagnostic]
        var readProblems: Int
        /// The catalog's figures as `tolk status` counts them, under its status-cache key (`locale/catalogPath`);
        /// nil when reading it reported a problem or it changed while it was read.
        var figures: (key: String, record: StatusCache.Record)?

        var findings: CatalogFindings { CatalogFindings(diagnostics, readProblems: readProblems, catalog: catalog) }
    }

    /// The file's versions in `locales`; `document` is the file as extracted in this run, if it was.
    /// - Parameter verdicts: the translations judged clean before; those this call finds clean are added.
    func translate(_ file: Project.SourceFile, locales: [String], document: ExtractedDocument?, verdicts: VerdictCache) throws -> Translated {
        try wordCounters.with(sourceLocale) { counter in try translate(file, locales: locales, document: document, verdicts: verdicts, wordCounter: counter) }
    }

    /// `wordCounter`: the source locale's, this call's alone.
    private func translate(_ file: Project.SourceFile, locales: [String], document: ExtractedDocument?, verdicts: VerdictCache,
                           wordCounter: WordCounter) throws -> Translated {
        var catalogs: [CatalogReport] = []
        let document = try document ?? project.extract(file).document
        let unitWords = document.units.map { wordCounter.count($0.text) }
        var layers: [String: TranslationLookup.Layer?] = [:]
        // Each locale's catalog holds the same source texts: the checks read their markup once.
        let sourceMarkup = SourceMarkupMemo(dialect: file.format.markdownDialect)
        let ledger = VerdictLedger(verdicts)
        // And their msgids digested once.
        let scanMemo = POReader.ScanMemo()
        var sourceWords: SourceWordCounter?
        // The units' key digests, under the key the catalogs' entries are digested under (`POReader.keyDigest`).
        var unitKeys: [SipHash128.Digest] = []
        // Paths as strings: a URL per catalog costs more than reading it (and a stat call for each).
        let catalogsFolder = project.catalogsFolder.path + "/", displayedCatalogsFolder = project.displayPath(project.catalogsFolder) + "/"
        func layer(_ member: String) throws -> TranslationLookup.Layer? {
            if let known = layers[member] { return known }
            var found: TranslationLookup.Layer?
            // Stamped on the open file, as opened and once read: figures are kept only for bytes that did not change meanwhile.
            if let (bytes, opened, readStamp) = try FileTree.readIfPresentStamped(atPath: catalogsFolder + member + "/" + file.catalogPath) {
                let path = displayedCatalogsFolder + member + "/" + file.catalogPath
                guard let check = checks[member] else { preconditionFailure("no checks for \(member), a member of a fallback chain") }
                let gate = TranslationGate(check: check, isMessageFormat: file.format.isMessageFormat, dialect: file.format.markdownDialect,
                                           verdicts: ledger)
                if sourceWords == nil { sourceWords = SourceWordCounter.forStatus(counter: wordCounter, dialect: file.format.markdownDialect) }
                if unitKeys.isEmpty { unitKeys = document.units.map { POReader.keyDigest(of: $0.key, digestKey: gate.scanDigestKey) } }
                let reading = (file.format.isMessageFormat ? nil : scan(bytes, path: path, gate: gate, words: sourceWords!, memo: sourceMarkup, scanMemo: scanMemo))
                    ?? read(bytes, path: path, gate: gate, words: sourceWords!, memo: sourceMarkup,
                            calculator: StatusCalculator(locale: member, pluralForms: check.pluralForms))
                var figures: (String, StatusCache.Record)?
                if reading.readProblems == 0, readStamp == opened {
                    figures = (member + "/" + file.catalogPath, StatusCache.Record(stamp: opened, counts: reading.counts))
                }
                catalogs.append(CatalogReport(locale: member, catalog: path, diagnostics: reading.diagnostics, readProblems: reading.readProblems, figures: figures))
                found = .init(locale: member, entries: reading.entries)
            }
            layers[member] = .some(found)
            return found
        }
        var versions: [String: PageVersion] = [:]
        for locale in locales {
            let source: PageTranslator.Source
            if locale == sourceLocale {
                source = .sourceLocale
            } else if pseudo.contains(locale) {
                source = .pseudo(PseudoLocale(locale: locale, dialect: file.format.markdownDialect))
            } else {
                let chain = chains[locale] ?? []
                let layers = try chain.compactMap(layer)
                source = .catalogs(TranslationLookup(layers: layers, unitKeys: unitKeys))
            }
            versions[locale] = PageTranslator.version(of: document, unitWords: unitWords, locale: locale, source: source)
        }
        return Translated(document: document, versions: versions, catalogs: catalogs)
    }

    /// A catalog as the build uses it: its entries to look translations up in, and what judging them found.
    private struct CatalogReading {
        /// The translations the build would ship, checks aside (`TranslationLookup.Layer.entries`), and whether the checks refuse each.
        var entries: [SipHash128.Digest: (translation: String, refused: Bool)]
        /// The catalog's figures as `tolk status` counts them.
        var counts: StatusCounts
        /// The reader's problems, then a diagnostic per problem of each refused translation.
        var diagnostics: [Diagnostic]
        var readProblems: Int
    }

    /// The catalog read from its bytes as `tolk status` counts them (`StatusCollector.figures`), keeping
    /// each active entry's translation and refusing as `read` does, without the `String`s and entries
    /// `POReader.read` makes for the rest: most of a build's catalogs. Nil for a catalog with a plural
    /// entry or in another charset, which `read` takes.
    private func scan(_ bytes: [UInt8], path: String, gate: TranslationGate, words: SourceWordCounter, memo: SourceMarkupMemo,
                      scanMemo: POReader.ScanMemo) -> CatalogReading? {
        var entries: [SipHash128.Digest: (translation: String, refused: Bool)] = [:]
        entries.reserveCapacity(bytes.count / 256)
        var refusals: [Diagnostic] = []
        guard let figures = StatusCollector.figures(of: bytes, path: path, gate: gate, words: words, memo: memo, scanMemo: scanMemo, visit: { scanned, status, problems, decoded in
            guard TranslationLookup.isShippable(status, includeNeedsReview: includeNeedsReview) else { return }
            let translation = decoded ?? String(decoding: scanned.translations[scanned.translations.startIndex], as: UTF8.self)
            entries[scanned.keyDigest] = (translation, refused: !problems.isEmpty)
            let line = scanned.translationLine
            for problem in problems {
                refusals.append(Diagnostic(strictChecks ? .error : .warning, file: path, line: line, column: line > 0 ? 1 : 0,
                                           problem.message + CatalogFindings.refusalSuffix, hint: problem.hint))
            }
        }) else { return nil }
        return CatalogReading(entries: entries, counts: figures.counts, diagnostics: figures.diagnostics + refusals, readProblems: figures.diagnostics.count)
    }

    /// The catalog read whole (`POReader.read`), every entry judged once for two uses: the keys of the
    /// entries the build would ship but the checks refuse, each reported at its place in the catalog
    /// (as `tolk check` reports it) as a warning or, when strict, an error; and the catalog's figures
    /// as `tolk status` counts them (`StatusCollector`), which the build leaves in the status cache.
    private func read(_ bytes: [UInt8], path: String, gate: TranslationGate, words: SourceWordCounter, memo: SourceMarkupMemo,
                      calculator: StatusCalculator) -> CatalogReading {
        let read = POReader(path: path, skipsComments: true).read(bytes)
        var diagnostics = read.diagnostics
        var refused: Set<CatalogEntry.Key> = []
        var counts = StatusCounts()
        for (index, entry) in read.catalog.entries.enumerated() where !entry.isHeader {
            counts.add(calculator.assess(entry, words: words.count))
            let judgement = gate.judgement(of: entry, at: index, in: read, file: path, memo: memo)
            counts.add(judgement.problems)
            guard !entry.isObsolete, TranslationLookup.isShippable(entry, includeNeedsReview: includeNeedsReview), !judgement.mayShip else { continue }
            refused.insert(entry.key)
            for problem in judgement.problems {
                var refusal = problem
                refusal.severity = strictChecks ? .error : .warning
                refusal.message += CatalogFindings.refusalSuffix
                diagnostics.append(refusal)
            }
        }
        var entries: [SipHash128.Digest: (translation: String, refused: Bool)] = [:]
        entries.reserveCapacity(read.catalog.entries.count)
        for entry in read.catalog.activeEntries where TranslationLookup.isShippable(entry, includeNeedsReview: includeNeedsReview) {
            entries[POReader.keyDigest(of: entry.key, digestKey: gate.scanDigestKey)] = (entry.translations[0], refused: refused.contains(entry.key))
        }
        return CatalogReading(entries: entries, counts: counts, diagnostics: diagnostics, readProblems: read.diagnostics.count)
    }
}
