import Catalog
import Core
import Foundation
import LocaleData
import Sync
import Workspace

/// `tolk check`: reads every catalog of the chosen locales and runs the `TranslationGate` on it: parse
/// errors, plural entries with the wrong number of forms or with gaps, the Markdown structure of
/// every translation against its source and, in the site strings' catalog (ICU MessageFormat), every
/// problem `MessageFormatValidator` finds.
///
/// Page and navigation catalogs are not MessageFormat: a paragraph about ICU may well show
/// `{count, plural, one {…} other {…}}` in a code span, and its Russian translation keeps it as it is.
/// Catalogs are read in parallel; the findings come back in locale, then path order. Catalogs whose
/// content file no longer exists (`OrphanedCatalog`) are reported last, as warnings.
public struct ProjectChecker {
    public let project: Project

    public init(project: Project) { self.project = project }

    public struct Report: Sendable {
        public var catalogsChecked = 0
        public var diagnostics: [Diagnostic] = []
        public var errors: Int { diagnostics.count { $0.severity == .error } }
        public var warnings: Int { diagnostics.count { $0.severity == .warning } }
    }

    /// Checks the catalogs of `locales` (every target locale when empty). A locale that is not a
    /// target throws `UnknownLocaleError`; a catalog that does not exist yet is skipped.
    public func run(locales requested: [String] = []) throws -> Report {
        let targets = project.targetLocales
        let named = try requested.map { name throws(UnknownLocaleError) in try self.project.targetLocale(named: name) }
        let locales = named.isEmpty ? targets : targets.filter { named.contains($0) }
        var checks: [String: CatalogCheck] = [:]
        for locale in locales { checks[locale] = try CatalogCheck(locale: locale) }

        struct Job: Sendable { var url: URL; var check: CatalogCheck; var format: any ContentFormat }
        let project = self.project
        let files = try project.sourceFiles().translatable
        let jobs = locales.flatMap { locale in
            files.map { file in Job(url: project.catalogURL(locale: locale, catalogPath: file.catalogPath), check: checks[locale]!, format: file.format) }
        }
        let verdicts = VerdictCache(project: project, recordsUse: named.isEmpty)
        // nil: no catalog for that file yet (sync has not run since it was added).
        let results = jobs.parallelMap { job -> Result<[Diagnostic]?, any Error> in
            Result {
                guard let bytes = try FileTree.readIfPresent(job.url) else { return nil }
                let path = project.displayPath(job.url)
                let gate = TranslationGate(check: job.check, isMessageFormat: job.format.isMessageFormat, dialect: job.format.markdownDialect,
                                           verdicts: VerdictLedger(verdicts))
                return gate.diagnostics(for: POReader(path: path).read(bytes), file: path)
            }
        }
        // Every catalog was judged: the verdicts of translations no catalog holds any more go.
        try? verdicts.save(in: project, dropsUnused: named.isEmpty)   // a cache that cannot be written only costs speed
        var report = Report()
        for result in results {
            guard let diagnostics = try result.get() else { continue }
            report.diagnostics += diagnostics
            report.catalogsChecked += 1
        }
        // A deleted or renamed post leaves its catalogs behind: a warning, not an error, so a CI gated on
        // errors does not fail because a post was deleted.
        for orphan in try project.orphanedCatalogs(locales: locales) {
            report.diagnostics.append(orphan.warning(memoryFile: project.displayPath(TranslationMemoryFile.url(in: project, locale: orphan.locale))))
        }
        return report
    }
}
