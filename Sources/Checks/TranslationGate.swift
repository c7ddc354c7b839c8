import Core
import Extractor
import Catalog
import LocaleData

/// The one set of checks a translation passes wherever it enters or leaves the catalogs: `import`
/// (before a catalog takes it), `check` and `status` (on what the catalogs hold, however it got
/// there: Poedit, Weblate, a text editor) and `build` (which never ships a translation that fails:
/// it falls back along the locale's chain). What it runs:
///
/// - `CatalogCheck`: plural entries with the wrong number of forms or with gaps, and ICU
///   MessageFormat in the catalogs of formats whose messages are MessageFormat;
/// - `TranslationChecks`: the Markdown structure of each form against its source (code spans, link
///   destinations, reference labels, HTML tags, footnote references, emphasis, whitespace at the ends).
///
/// Only translated and needs-review entries are judged: an empty msgstr is work not done yet.
///
/// ```swift
/// let gate = TranslationGate(check: try CatalogCheck(locale: "de"), isMessageFormat: false)
/// gate.diagnostics(for: POReader(path: "locales/de/posts/a.po").read(bytes), file: "locales/de/posts/a.po")
/// // locales/de/posts/a.po:41:1: error: the translation lacks reference label [docs] of the source (…)
/// ```
package struct TranslationGate {
    /// Changes whenever a check is added or changed, for caches of findings (`tolk status`'s):
    /// what was found clean before may not be now. Includes `CatalogCheck.rulesVersion`.
    package static let rulesVersion = "\(CatalogCheck.rulesVersion).2"

    let check: CatalogCheck
    let isMessageFormat: Bool
    /// The site generator's syntax in the messages (Hugo shortcodes), kept byte for byte.
    let dialect: (any MarkdownDialect)?
    /// The locale's plural categories in gettext's order, by name (each plural form is checked against its source).
    private let categories: [String]
    /// The translations already judged clean (`VerdictCache`), and the key maker for this dialect and locale.
    private let verdicts: (ledger: VerdictLedger, context: VerdictCache.Context)?

    /// - Parameter verdicts: the task's ledger of the verdict cache; without one, every translation is judged.
    package init(check: CatalogCheck, isMessageFormat: Bool, dialect: (any MarkdownDialect)? = nil, verdicts: VerdictLedger? = nil) {
        self.check = check
        self.isMessageFormat = isMessageFormat
        self.dialect = dialect
        let categories = check.pluralForms.categories.map(\.rawValue)
        self.categories = categories
        self.verdicts = verdicts.map { ($0, $0.context(dialect: dialect, categories: categories)) }
    }

    /// The reader's own diagnostics (parse errors) followed by the findings about each entry, in file order.
    func diagnostics(for read: POReader.Result, file: String) -> [Diagnostic] {
        var diagnostics = read.diagnostics
        for (index, entry) in read.catalog.entries.enumerated() where !entry.isHeader {
            diagnostics += problems(of: entry, at: index, in: read, file: file)
        }
        return diagnostics
    }

    /// The findings about `read.catalog.entries[index]`, at their positions in `file`.
    /// - Parameter memo: the source texts' markup read by earlier calls (the same entry in other locales).
    package func problems(of entry: CatalogEntry, at index: Int, in read: POReader.Result, file: String, memo: SourceMarkupMemo? = nil) -> [Diagnostic] {
        judgement(of: entry, at: index, in: read, file: file, memo: memo).problems
    }

    /// The findings about `read.catalog.entries[index]` (as `problems(of:at:in:file:memo:)` gives them)
    /// and, for a translated or needs-review entry, whether the build may ship its translation: no check
    /// finds an error in it (a plural gap is a warning in the reports, and the entry is not translated,
    /// so the build does not use it). Its Markdown structure is judged once for both.
    package func judgement(of entry: CatalogEntry, at index: Int, in read: POReader.Result, file: String,
                           memo: SourceMarkupMemo? = nil) -> (problems: [Diagnostic], mayShip: Bool) {
        var diagnostics = check.problems(of: entry, at: index, in: read, file: file, messageFormat: isMessageFormat)
        guard entry.status == .translated || entry.status == .needsReview else { return (diagnostics, false) }
        // The catalog check's errors are a wrong number of plural forms and MessageFormat problems (plural gaps are warnings).
        let passesCatalogCheck = !diagnostics.contains { $0.severity == .error }
        let structure = structureProblems(of: entry, memo: memo)
        let lines = read.locations.indices.contains(index) ? read.locations[index].translationLines : []
        // A needs-review entry's translation is of an older source: that its markup differs from the new
        // one is expected (the author edited a code span) and is what the review is for, so a warning;
        // it still is not shipped.
        let severity: Diagnostic.Severity = entry.status == .needsReview ? .warning : .error
        for problem in structure {
            let line = lines.indices.contains(problem.translation) ? lines[problem.translation] : (lines.first ?? 0)
            diagnostics.append(Diagnostic(severity, file: file, line: line, column: line > 0 ? 1 : 0, problem.message, hint: problem.hint))
        }
        return (diagnostics, passesCatalogCheck && structure.isEmpty)
    }

    /// The Markdown structure problems of the entry's translations against its source.
    func structureProblems(of entry: CatalogEntry, memo: SourceMarkupMemo? = nil) -> [TranslationChecks.Problem] {
        structureProblems(source: entry.id, sourcePlural: entry.idPlural, translations: entry.translations, memo: memo)
    }

    /// What a reader that hands source texts over as bytes digests them under
    /// (`VerdictCache.Context.sourceDigestKey`); nil when the gate keeps no verdicts.
    package var sourceDigestKey: SipHash128.Digest? { verdicts?.context.sourceDigestKey }

    /// The key a reader of catalogs for this gate digests msgids under (`POReader.scan`'s
    /// `digestKey`): the verdicts' own, so that each msgid is hashed once for both.
    package var scanDigestKey: (UInt64, UInt64) { sourceDigestKey.map { ($0.low, $0.high) } ?? POReader.textDigestKey }

    /// The Markdown structure problems of a singular translation against its source, both as UTF-8
    /// bytes (`POReader.scan`'s): a translation the verdict cache knows clean costs no `String`.
    /// - Parameter sourceDigest: the source's digest under `sourceDigestKey` (unused when that is nil).
    /// - Returns: also the translation as a `String` when judging it made one (nil when the verdict
    ///   cache knew it), for a caller that needs it too (a build's translated page) not to decode it again.
    package func structureProblems(source: [UInt8], sourceDigest: SipHash128.Digest, translation: [UInt8],
                                   memo: SourceMarkupMemo? = nil) -> (problems: [TranslationChecks.Problem], translation: String?) {
        // The key is the one `structureProblems(source:sourcePlural:translations:memo:)` makes of the
        // same texts, made here from the bytes.
        var decoded: String?
        let problems = judgedOnce(key: { $0.key(sourceDigest: sourceDigest, translation: translation) }) {
            let text = String(decoding: translation, as: UTF8.self)
            decoded = text
            return TranslationChecks.problems(source: String(decoding: source, as: UTF8.self), sourcePlural: nil,
                                              categories: categories, translations: [text], dialect: dialect, memo: memo)
        }
        return (problems, decoded)
    }

    /// The Markdown structure problems of `translations` (one per plural form) against their source,
    /// also for a translation that is not an entry yet (one arriving in an import). A translation the
    /// verdict cache knows clean is not judged again; one found clean is added to it.
    package func structureProblems(source: String, sourcePlural: String?, translations: [String], memo: SourceMarkupMemo? = nil) -> [TranslationChecks.Problem] {
        judgedOnce(key: { $0.key(source: source, sourcePlural: sourcePlural, translations: translations) }) {
            TranslationChecks.problems(source: source, sourcePlural: sourcePlural,
                                       categories: categories, translations: translations, dialect: dialect, memo: memo)
        }
    }

    /// `judge`'s problems, unless the verdict cache knows the translation clean under the key `key`
    /// makes (then none, and `judge` is not run); a translation judged clean is recorded under it.
    /// The key is made once, for the lookup and the record; without verdicts, `judge` alone decides.
    private func judgedOnce(key: (VerdictCache.Context) -> VerdictCache.Key, _ judge: () -> [TranslationChecks.Problem]) -> [TranslationChecks.Problem] {
        guard let verdicts else { return judge() }
        let key = key(verdicts.context)
        if verdicts.ledger.isClean(key) { return [] }
        let problems = judge()
        if problems.isEmpty { verdicts.ledger.recordClean(key) }
        return problems
    }
}
