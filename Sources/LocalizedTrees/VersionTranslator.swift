import Catalog
import Checks
import Extractor
import Foundation
import LocaleData
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

        var findings: CatalogFindings { CatalogFindings(diagnostics, readProblems: readProblems, catalog: catalog) }
    }

    /// The file's versions in `locales`; `document` is the file as extracted in this run, if it was.
    /// - Parameter verdicts: the translations judged clean before; those this call finds clean are added.
    func translate(_ file: Project.SourceFile, locales: [String], document: ExtractedDocument?, verdicts: VerdictCache) throws -> Translated {
        var catalogs: [CatalogReport] = []
        let document = try document ?? project.extract(file).document
        let unitWords: [Int] = try wordCounters.with(sourceLocale) { counter in
            document.units.map { counter.count($0.text) }
        }
        var layers: [String: TranslationLookup.Layer?] = [:]
        // Each locale's catalog holds the same source texts: the checks read their markup once.
        let sourceMarkup = SourceMarkupMemo(dialect: file.format.markdownDialect)
        let ledger = VerdictLedger(verdicts)
        func layer(_ member: String) throws -> TranslationLookup.Layer? {
            if let known = layers[member] { return known }
            var found: TranslationLookup.Layer?
            let url = project.catalogURL(locale: member, catalogPath: file.catalogPath)
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
                let refused = refusedTranslations(in: read, file: path, gate: gate, memo: sourceMarkup, diagnostics: &diagnostics)
                catalogs.append(CatalogReport(locale: member, catalog: path, diagnostics: diagnostics, readProblems: read.diagnostics.count))
                found = .init(locale: member, entries: entries, refused: refused)
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

    /// The keys of the entries the build would ship but the checks refuse, each reported at its
    /// place in the catalog (as `tolk check` reports it), as a warning or, when strict, an error.
    private func refusedTranslations(in read: POReader.Result, file: String, gate: TranslationGate, memo: SourceMarkupMemo,
                                     diagnostics: inout [Diagnostic]) -> Set<CatalogEntry.Key> {
        var refused: Set<CatalogEntry.Key> = []
        for (index, entry) in read.catalog.entries.enumerated()
        where !entry.isHeader && !entry.isObsolete && TranslationLookup.isShippable(entry, includeNeedsReview: includeNeedsReview) && !gate.mayShip(entry, memo: memo) {
            refused.insert(entry.key)
            for problem in gate.problems(of: entry, at: index, in: read, file: file, memo: memo) {
                var refusal = problem
                refusal.severity = strictChecks ? .error : .warning
                refusal.message += CatalogFindings.refusalSuffix
                diagnostics.append(refusal)
            }
        }
        return refused
    }
}
