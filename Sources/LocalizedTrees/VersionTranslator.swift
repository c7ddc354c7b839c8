import Catalog
import Checks
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
        var sourceWords: SourceWordCounter?
        func layer(_ member: String) throws -> TranslationLookup.Layer? {
            if let known = layers[member] { return known }
            var found: TranslationLookup.Layer?
            let url = project.catalogURL(locale: member, catalogPath: file.catalogPath)
            let stamp = FileStamp.of(path: url.path)
            if let bytes = try FileTree.readIfPresent(url) {
                let path = project.displayPath(url)
                let read = POReader(path: path, skipsComments: true).read(bytes)
                var diagnostics = read.diagnostics
                var entries: [CatalogEntry.Key: CatalogEntry] = [:]
                entries.reserveCapacity(read.catalog.entries.count)
                for entry in read.catalog.activeEntries { entries[entry.key] = entry }
                guard let check = checks[member] else { preconditionFailure("no checks for \(member), a member of a fallback chain") }
                let gate = TranslationGate(check: check, isMessageFormat: file.format.isMessageFormat, dialect: file.format.markdownDialect,
                                           verdicts: ledger)
                if sourceWords == nil { sourceWords = SourceWordCounter.forStatus(counter: wordCounter, dialect: file.format.markdownDialect) }
                let judged = judge(read, file: path, gate: gate, memo: sourceMarkup, words: sourceWords!,
                                   calculator: StatusCalculator(locale: member, pluralForms: check.pluralForms), diagnostics: &diagnostics)
                var figures: (String, StatusCache.Record)?
                if read.diagnostics.isEmpty, let stamp, FileStamp.of(path: url.path) == stamp {
                    figures = (member + "/" + file.catalogPath, StatusCache.Record(stamp: stamp, counts: judged.counts))
                }
                catalogs.append(CatalogReport(locale: member, catalog: path, diagnostics: diagnostics, readProblems: read.diagnostics.count, figures: figures))
                found = .init(locale: member, entries: entries, refused: judged.refused)
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
                source = .catalogs(TranslationLookup(layers: try chain.compactMap(layer), includeNeedsReview: includeNeedsReview))
            }
            versions[locale] = PageTranslator.version(of: document, unitWords: unitWords, locale: locale, source: source)
        }
        return Translated(document: document, versions: versions, catalogs: catalogs)
    }

    /// Judges every entry once, for two uses: the keys of the entries the build would ship but the
    /// checks refuse, each reported at its place in the catalog (as `tolk check` reports it) as a
    /// warning or, when strict, an error; and the catalog's figures as `tolk status` counts them
    /// (`StatusCollector`), which the build leaves in the status cache.
    private func judge(_ read: POReader.Result, file: String, gate: TranslationGate, memo: SourceMarkupMemo, words: SourceWordCounter,
                       calculator: StatusCalculator, diagnostics: inout [Diagnostic]) -> (refused: Set<CatalogEntry.Key>, counts: StatusCounts) {
        var refused: Set<CatalogEntry.Key> = []
        var counts = StatusCounts()
        for (index, entry) in read.catalog.entries.enumerated() where !entry.isHeader {
            counts.add(calculator.assess(entry, words: words.count))
            let judgement = gate.judgement(of: entry, at: index, in: read, file: file, memo: memo)
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
        return (refused, counts)
    }
}
