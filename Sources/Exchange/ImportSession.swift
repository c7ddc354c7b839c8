import Catalog
import Checks
import Core
import Extractor
import Foundation
import LocaleData
import Workspace

/// One translation an exchange file brings, whatever its format: what a reader's adapter
/// (`POImportSource`, `XLIFFImportSource`) hands the import session.
package struct IncomingTranslation: Sendable {
    package enum State { case needsReview, translated, reviewed }

    var context: String?
    /// The source text the file was made for (a PO msgid, an XLIFF `<source>`), and a plural's msgid_plural.
    var source: String
    var sourcePlural: String?
    /// One per plural form of the locale, in gettext order (one for a singular message).
    package var translations: [String]
    package var state: State
    /// The source the translation was made for before (an XLIFF previous-source note), if the file says.
    var previousSource: String?
    /// The translator's comments (PO `# …`), replacing the catalog's when there are any.
    var translatorComments: [String] = []
    /// The file diagnostics name when it is not the session's input (`tolk translate`: the catalog the
    /// message was read from; `tolk adopt`: the translated page).
    package var file: String?
    /// Made from the entry's current source (`tolk translate`'s drafts): an older source kept for the
    /// reviewer (`#| msgid`) no longer applies and is cleared.
    package var madeForCurrentSource = false
    /// An id by which the message is matched when its text does not match (an XLIFF unit id that is
    /// not tolk's hash of the unit's own text), and whether the text alone may match it (other tools'
    /// units without context).
    var matchingID: String?
    var matchesBySourceAlone = false
    /// Where diagnostics point: the translation (its first line) and each form's line and column.
    package var line: Int
    var column: Int
    var formPositions: [(line: Int, column: Int)] = []
    /// What diagnostics call it (`unit u3f…` in XLIFF; nil in PO, where the line says it).
    var name: String?
    var label: String { name.map { $0 + ": " } ?? "" }
    /// The file's references (`#:`) of the message, kept in the file of unmatched translations.
    var references: [String] = []
    /// The entry written to the file of unmatched translations when no catalog has the message: the
    /// file's own entry where it has one (PO), otherwise one made from the fields above.
    var unmatchedEntry: CatalogEntry?
    /// Why the reader already refuses it (a plural form missing or too many), reported in file order
    /// with the checks' findings.
    var refusal: (message: String, hint: String)?
    /// The one catalog (its path under a locale folder, `posts/a.po`) the translation is meant for, or nil
    /// for every catalog with the message. `tolk adopt` scopes each translation to its page: the same
    /// text may be translated differently on two pages.
    package var catalogPath: String?

    var key: CatalogEntry.Key { CatalogEntry.Key(context: context, id: source) }

    func position(ofForm form: Int) -> (line: Int, column: Int) {
        formPositions.indices.contains(form) ? formPositions[form] : (line, column)
    }
}

/// Applies the translations of one exchange file to a locale's catalogs: the one import algorithm, fed
/// by each format's adapter, which only reads.
///
/// Each translation passes the checks `tolk check` makes (plural forms, placeholders, Markdown
/// structure; ICU MessageFormat for site strings) before it is applied; a rejected one is reported at
/// its line and the catalogs keep what they had. A translation is matched to every active entry with
/// its context and text, or whose previous source (`#| msgid`) it is (the source changed since the
/// export: it comes in as needs review, with the exported text as the previous source, kept for the
/// translator to check and never dropped); then by the adapter's id, then by text alone. Every changed
/// catalog and the file of unmatched translations are staged and renamed into place together: an
/// import applies whole or not at all. An entry is written only when its bytes change (a translation
/// that differs only in Unicode normalization is a change).
package struct ImportSession {
    let project: Project
    let locale: String
    /// The locale's checks, which the reader's adapter built for its own (plural forms) and hands on.
    let check: CatalogCheck
    let inputPath: String
    let inputURL: URL
    let dryRun: Bool
    let markReviewed: Bool
    /// "entry" or "unit": what a rejected translation is called in "the … was not imported".
    let noun: String
    /// The exact position of a byte of a translation, when the format can give it (PO), for ICU errors.
    var positionInTranslation: ((_ incoming: Int, _ translation: Int, _ utf8Offset: Int) -> (line: Int, column: Int))?
    /// Which entries may change (`tolk translate`: only untranslated ones, or its own drafts); nil: any.
    /// A translation whose every match is left alone still counts as matched, not as unmatched.
    package var fills: ((CatalogEntry) -> Bool)?
    /// Which content files' catalogs may change (`tolk translate --files`); nil: all.
    package var includesFile: ((Project.SourceFile) -> Bool)?
    /// Header fields copied into every catalog that changed (PO's `Last-Translator`).
    var catalogHeaderUpdates: [(name: String, value: String)] = []
    /// The header of the file of unmatched translations.
    var unmatchedHeader: [(name: String, value: String)] = []
    /// Whether translations no catalog takes are written to `<input>.unmatched.po`. `tolk adopt` reports
    /// them per page instead: they stay in the translated page they came from.
    package var writesUnmatchedFile = true
    /// Whether an entry that already has a translation keeps it (`tolk adopt` without `--overwrite`).
    package var keepsExistingTranslations = false

    /// `incoming` is taken over: the session frees it on another thread when it is done (pass its last use).
    package func run(_ incoming: consuming [IncomingTranslation], readDiagnostics: [Diagnostic]) throws -> Exchange.ImportReport {
        let files = try project.sourceFiles().translatable.filter { includesFile?($0) ?? true }
        let batches = stride(from: 0, to: files.count, by: Self.batchSize).map { Array(files[$0..<min($0 + Self.batchSize, files.count)]) }
        // The first batch's catalogs are read while the incoming translations are indexed.
        let project = project, locale = locale
        let firstReads = batches.first.map { batch in Prefetch { Self.readCatalogs(batch, project: project, locale: locale) } }
        var pass = Pass(session: self, incoming: incoming, readDiagnostics: readDiagnostics, verdicts: VerdictCache(project: project, recordsUse: false))
        try apply(batches, firstReads: firstReads, in: &pass)
        let report = pass.report
        // Freed off this thread, which only has the report left to give.
        releaseInBackground(consume pass)
        return report
    }

    /// The session's work after the translations are indexed: the catalogs, batch by batch; the file
    /// of unmatched translations; the commit.
    private func apply(_ batches: [[Project.SourceFile]], firstReads: Prefetch<[CatalogRead]>?, in pass: inout Pass) throws {
        let staged = StagedWrites()
        // The next batch's catalogs are read while this one's are checked, changed and written.
        let project = project, locale = locale
        var nextReads = firstReads
        for (number, batch) in batches.enumerated() {
            let reads = nextReads!.value
            nextReads = batches.indices.contains(number + 1) ? Prefetch { [batch = batches[number + 1]] in Self.readCatalogs(batch, project: project, locale: locale) } : nil
            let matches = pass.checkAhead(batch, reads: reads)
            let proposals = pass.proposals(reads: reads, matches: matches)
            var changedCatalogs: [(catalog: Catalog, changes: [EntryChange], url: URL)] = []
            for (((file, read), matches), proposals) in zip(zip(zip(batch, reads), matches), proposals) {
                let (catalogURL, read) = try read.get()
                guard let found = read else { continue }
                if found.diagnostics.hasErrors { pass.report.diagnostics += found.diagnostics; continue }
                let changes = pass.applyTranslations(to: found.catalog, of: file, matches: matches, proposals: proposals)
                if !changes.isEmpty && !dryRun { changedCatalogs.append((found.catalog, changes, catalogURL)) }
            }
            // Changed, made and written in parallel, staged in file order.
            let writer = project.poWriter, headerUpdates = catalogHeaderUpdates
            try staged.stage(changedCatalogs, inParallel: { changed in
                var catalog = changed.catalog
                for change in changed.changes { catalog.entries[change.index] = change.entry }
                for (name, value) in headerUpdates { catalog.setHeader(name, value) }
                return (writer.encoded(catalog), changed.url)
            })
            pass.report.catalogsWritten += changedCatalogs.count
            // The batch's catalogs, old and new, are freed while the next batch is worked on.
            releaseInBackground((consume reads, consume matches, consume proposals, consume changedCatalogs))
        }

        pass.keepUnmatched()
        if !pass.report.unmatched.isEmpty && !dryRun && writesUnmatchedFile {
            // Keep what could not be placed, so no translator's work is lost.
            var leftovers = Catalog(entries: pass.report.unmatched)
            leftovers.headerFields = unmatchedHeader
            let leftoverURL = inputURL.deletingPathExtension().appendingPathExtension("unmatched.po")
            try staged.stage(Array(POWriter().write(leftovers).utf8), to: leftoverURL)
            pass.report.unmatchedFile = leftoverURL.path
        }
        try staged.commit()
        // What the checks found clean here, the next build or status need not judge again.
        if !dryRun { try? pass.verdicts.save(in: project, dropsUnused: false) }   // a cache that cannot be written only costs speed
    }

    /// Catalogs read at once: enough for both cores to stay busy, few enough that memory stays bounded on a site of any size.
    static let batchSize = 128

    /// An entry of a catalog that an import changes: its index and what it becomes.
    struct EntryChange: Sendable {
        var index: Int
        var entry: CatalogEntry
    }

    /// A file's catalog as read: its URL and what it holds (nil: no catalog yet), or why it could not be read.
    typealias CatalogRead = Result<(URL, (catalog: Catalog, diagnostics: [Diagnostic])?), any Error>

    /// The locale's catalog of each file, read in parallel.
    private static func readCatalogs(_ files: [Project.SourceFile], project: Project, locale: String) -> [CatalogRead] {
        files.parallelMap { file in
            Result {
                let url = project.catalogURL(locale: locale, catalogPath: file.catalogPath)
                return (url, try project.readCatalog(at: url))
            }
        }
    }

    /// The incoming translations by the ways a catalog entry may find its own (see `match`).
    private struct Index: Sendable {
        /// The translations the reader did not refuse, in file order.
        var accepted: [Int] = []
        var byKey: [CatalogEntry.Key: Int] = [:]
        var byID: [String: Int] = [:]
        var bySourceAlone: [MessageText: Int] = [:]
        /// Translations scoped to one catalog (`IncomingTranslation.catalogPath`), by catalog path.
        var byCatalog: [String: [CatalogEntry.Key: Int]] = [:]

        init(_ incoming: [IncomingTranslation]) {
            accepted.reserveCapacity(incoming.count)
            byKey.reserveCapacity(incoming.count)
            // By index: a translation is not copied to be looked at.
            for index in incoming.indices where incoming[index].refusal == nil {
                accepted.append(index)
                if let catalogPath = incoming[index].catalogPath {
                    byCatalog[catalogPath, default: [:]][incoming[index].key] = index
                    continue
                }
                byKey[incoming[index].key] = index
                if let id = incoming[index].matchingID { byID[id] = index }
                if incoming[index].matchesBySourceAlone { bySourceAlone[MessageText(incoming[index].source)] = index }
            }
        }

        /// The translation for `entry` of the catalog at `catalogPath`: one scoped to that catalog, else `ImportSession.match`'s.
        func translation(for entry: CatalogEntry, inCatalog catalogPath: String) -> Int? {
            byCatalog[catalogPath]?[entry.key] ?? ImportSession.match(entry, byKey: byKey, byID: byID, bySourceAlone: bySourceAlone)
        }
    }

    /// One import's progress through the catalogs: the report so far and what was judged of each translation.
    ///
    /// Each translation passes the checks once per dialect (a repeated message may land in a page and a
    /// menu) and once for MessageFormat, and is rejected where the file order first meets it; the checks
    /// of a batch of catalogs are worked out in parallel beforehand (`checkAhead`).
    private struct Pass {
        let session: ImportSession
        let incoming: [IncomingTranslation]
        let index: Index
        let categories: [String]
        var report = Exchange.ImportReport()
        /// Per incoming translation: whether an entry matched it.
        var matched: [Bool]
        /// A translation applied to several catalogs (a repeated message) is warned about once.
        var warnedSameAsSource = Set<Int>()
        var rejectedForm = Set<Int>()
        var messageFormatVerdicts: [Int: Bool] = [:]
        var structureVerdicts: StructureVerdicts
        /// The translations judged clean by earlier runs; this import's clean ones are added.
        let verdicts: VerdictCache
        /// The problems `checkAhead` found, by dialect slot and translation, until `applyTranslations`
        /// reports them where the file order meets the translation. Clean translations go straight into
        /// `structureVerdicts`: there is nothing to report of them.
        var checkedAhead: [Int: [Int: [TranslationChecks.Problem]]] = [:]

        init(session: ImportSession, incoming: [IncomingTranslation], readDiagnostics: [Diagnostic], verdicts: VerdictCache) {
            self.session = session
            self.verdicts = verdicts
            self.incoming = incoming
            index = Index(incoming)
            matched = Array(repeating: false, count: incoming.count)
            structureVerdicts = StructureVerdicts(translations: incoming.count)
            report.outcomes = Array(repeating: nil, count: incoming.count)
            categories = session.check.pluralForms.categories.map(\.rawValue)
            report.locale = session.locale
            report.diagnostics = readDiagnostics
            // What the reader already refuses (a plural form missing or too many), in file order.
            for index in incoming.indices {
                if let refusal = incoming[index].refusal { reject(index, at: (incoming[index].line, incoming[index].column), refusal.message, hint: refusal.hint) }
            }
        }

        mutating func reject(_ index: Int, at position: (line: Int, column: Int), _ message: String, hint: String) {
            let translation = incoming[index]
            report.diagnostics.append(Diagnostic(.error, file: translation.file ?? session.inputPath, line: position.line, column: position.column,
                                                 translation.label + message, hint: hint + "; the \(session.noun) was not imported"))
            report.outcomes[index] = .rejected
        }

        /// The entries of the catalog that the translations meant for it change (none: nothing to write).
        ///
        /// The structure checks every gate runs (import, check, status, build) are judged per catalog, as
        /// check and build judge them: a page in the site generator's dialect, navigation and site strings
        /// in none; and MessageFormat only for site strings.
        /// `matches`: the translation for each entry (`checkAhead` found them), in the catalog's order;
        /// `proposals`: what each would make of its entry (`proposals(reads:matches:)`).
        mutating func applyTranslations(to catalog: Catalog, of file: Project.SourceFile, matches: [Int?], proposals: [Proposal?]) -> [EntryChange] {
            var changes: [EntryChange] = []
            let dialect = file.format.markdownDialect
            let slot = structureVerdicts.slot(for: dialect)
            for (entryIndex, match) in matches.enumerated() {
                guard let index = match else { continue }
                let entry = catalog.entries[entryIndex]
                matched[index] = true
                if let fills = session.fills, !fills(entry) { continue }
                if session.keepsExistingTranslations, entry.translations.contains(where: { !$0.isEmpty }) {
                    // The entry stays as it is, its state too: the same text is no news, another is not wanted.
                    if entry.translations == incoming[index].translations {
                        report.outcomes[index] = .applied
                        report.unchangedEntries += 1
                    } else {
                        report.outcomes[index] = .keptExisting
                        report.keptExisting += 1
                    }
                    continue
                }
                if !Self.formsFit(incoming[index], entry) {
                    if rejectedForm.insert(index).inserted {
                        reject(index, at: (incoming[index].line, incoming[index].column), "a plural translation for a singular message", hint: "translate it as one text")
                    }
                    continue
                }
                if !passesStructureCheck(index, dialect: dialect, slot: slot) { continue }
                if file.format.isMessageFormat {
                    var translated = entry
                    translated.translations = incoming[index].translations
                    if !passesMessageFormatCheck(index, as: translated) { continue }
                }
                guard let proposal = proposals[entryIndex] else { continue }
                let updated = proposal.updated
                if updated.isReviewed && !entry.isReviewed { report.markedReviewed += 1 }
                if !warnedSameAsSource.contains(index), proposal.warnsSameAsSource {
                    warnedSameAsSource.insert(index)
                    report.diagnostics.append(Diagnostic(.warning, file: incoming[index].file ?? session.inputPath, line: incoming[index].line, column: incoming[index].column,
                                                         incoming[index].label + "the translation is the same as the source",
                                                         hint: TranslationChecks.sameAsSourceHint(session.check.validator.languageName)))
                }
                report.outcomes[index] = .applied
                if proposal.isUnchanged {
                    report.unchangedEntries += 1
                } else {
                    changes.append(EntryChange(index: entryIndex, entry: updated))
                    report.updatedEntries += 1
                }
            }
            return changes
        }

        /// The catalog translations are applied to: one read without errors (the others are reported, or
        /// stop the import, in `run`).
        static func usableCatalog(_ read: CatalogRead) -> Catalog? {
            guard case .success((_, let found?)) = read, !found.diagnostics.hasErrors else { return nil }
            return found.catalog
        }

        /// Whether a translation's forms fit the entry: as many as the entry has, or any number for a
        /// plural message; otherwise it is a plural translation for a singular message.
        static func formsFit(_ translation: IncomingTranslation, _ entry: CatalogEntry) -> Bool {
            translation.translations.count == entry.translations.count || entry.idPlural != nil
        }

        /// What a translation makes of the entry it matched, if it is applied: worked out for every
        /// match of a batch on all cores, before `applyTranslations` decides in file order which apply.
        struct Proposal: Sendable {
            /// The entry with the translation and its state.
            var updated: CatalogEntry
            /// Whether its bytes are the entry's own (then nothing is written).
            var isUnchanged: Bool
            /// Whether it newly reads the same as its source (a warning).
            var warnsSameAsSource: Bool
        }

        /// Per file, per entry, the proposal of its matched translation (nil where none, or where the
        /// translation's form count cannot fit the entry).
        func proposals(reads: [CatalogRead], matches: [[Int?]]) -> [[Proposal?]] {
            let incoming = incoming, categories = categories, markReviewed = session.markReviewed
            return Array(zip(reads, matches)).parallelMap { read, matches -> [Proposal?] in
                guard let catalog = Self.usableCatalog(read) else { return [] }
                return zip(catalog.entries, matches).map { entry, match -> Proposal? in
                    guard let index = match else { return nil }
                    let translation = incoming[index]
                    guard Self.formsFit(translation, entry) else { return nil }
                    var updated = entry
                    updated.translations = translation.translations
                    ImportSession.apply(translation, to: &updated, was: entry, markReviewed: markReviewed)
                    return Proposal(updated: updated, isUnchanged: updated.hasSameBytes(as: entry),
                                    warnsSameAsSource: TranslationChecks.warnsSameAsSource(updated, was: entry, categories: categories))
                }
            }
        }

        /// Site strings are ICU MessageFormat: a translation bound for their catalog must pass the
        /// validator, or it is rejected and that catalog keeps what it had.
        mutating func passesMessageFormatCheck(_ index: Int, as entry: CatalogEntry) -> Bool {
            if let verdict = messageFormatVerdicts[index] { return verdict }
            let problems = session.check.messageFormatProblems(of: entry)
            for (form, problem) in problems {
                let position = session.positionInTranslation?(index, form, problem.offset) ?? incoming[index].position(ofForm: form)
                reject(index, at: position, problem.message, hint: problem.hint)
            }
            messageFormatVerdicts[index] = problems.isEmpty
            return problems.isEmpty
        }

        /// `slot`: `structureVerdicts.slot(for: dialect)`.
        mutating func passesStructureCheck(_ index: Int, dialect: (any MarkdownDialect)?, slot: Int) -> Bool {
            switch structureVerdicts[slot, index] {
            case .clean: return true
            case .rejected: return false
            case .unjudged: break
            }
            let problems = checkedAhead[slot]?.removeValue(forKey: index)
                ?? Self.structureProblems(of: incoming[index], check: session.check, dialect: dialect, verdicts: verdicts)
            for problem in problems { reject(index, at: incoming[index].position(ofForm: problem.translation), problem.message, hint: problem.hint) }
            structureVerdicts[slot, index] = problems.isEmpty ? .clean : .rejected
            return problems.isEmpty
        }

        static func structureProblems(of translation: IncomingTranslation, check: CatalogCheck, dialect: (any MarkdownDialect)?,
                                      verdicts: VerdictCache) -> [TranslationChecks.Problem] {
            structureGate(check: check, dialect: dialect, verdicts: verdicts)
                .structureProblems(source: translation.source, sourcePlural: translation.sourcePlural, translations: translation.translations)
        }

        /// The gate an import's structure checks go through in `dialect`, with a verdict ledger of its
        /// own (a ledger belongs to one task): no MessageFormat, which `passesMessageFormatCheck` judges.
        static func structureGate(check: CatalogCheck, dialect: (any MarkdownDialect)?, verdicts: VerdictCache) -> TranslationGate {
            TranslationGate(check: check, isMessageFormat: false, dialect: dialect, verdicts: VerdictLedger(verdicts))
        }

        /// Works out in parallel the structure checks the batch's catalogs will ask for: those of every
        /// translation matched to an entry it may change, per dialect, that no earlier batch judged. The
        /// findings are reported by `applyTranslations`, in file order, exactly as if it had checked each itself.
        /// Returns, per file, the translation each entry of its catalog takes (nil for obsolete entries, the
        /// header, and entries without one; empty for a file without a readable catalog).
        mutating func checkAhead(_ files: [Project.SourceFile], reads: [CatalogRead]) -> [[Int?]] {
            checkedAhead.removeAll(keepingCapacity: true)
            struct Wanted: Hashable { var slot: Int; var index: Int }
            var wanted: [(index: Int, dialect: (any MarkdownDialect)?, slot: Int)] = []
            var seen = Set<Wanted>()
            // Each entry's translation, looked up on all cores.
            let index = index
            let matches = Array(zip(files, reads)).parallelMap { file, read -> [Int?] in
                guard let catalog = Self.usableCatalog(read) else { return [] }
                return catalog.entries.map { entry in
                    entry.isObsolete || entry.isHeader ? nil : index.translation(for: entry, inCatalog: file.catalogPath)
                }
            }
            for ((file, read), fileMatches) in zip(zip(files, reads), matches) {
                guard let catalog = Self.usableCatalog(read) else { continue }
                let dialect = file.format.markdownDialect
                let slot = structureVerdicts.slot(for: dialect)
                for (entryIndex, match) in fileMatches.enumerated() {
                    guard let index = match, structureVerdicts[slot, index] == .unjudged else { continue }
                    if let fills = session.fills, !fills(catalog.entries[entryIndex]) { continue }
                    if session.keepsExistingTranslations, catalog.entries[entryIndex].translations.contains(where: { !$0.isEmpty }) { continue }
                    if seen.insert(Wanted(slot: slot, index: index)).inserted { wanted.append((index, dialect, slot)) }
                }
            }
            // In runs, each with one gate per dialect (a gate's verdict ledger belongs to one task), so
            // that a gate and its ledger are not made anew for every translation.
            let check = session.check, incoming = incoming, verdicts = verdicts, allWanted = wanted
            let found = Array(stride(from: 0, to: allWanted.count, by: Self.checkRun)).parallelMap { start -> [[TranslationChecks.Problem]] in
                var gates: [Int: TranslationGate] = [:]
                return allWanted[start..<min(start + Self.checkRun, allWanted.count)].map { wanted in
                    let gate = gates[wanted.slot] ?? Self.structureGate(check: check, dialect: wanted.dialect, verdicts: verdicts)
                    gates[wanted.slot] = gate
                    return gate.structureProblems(source: incoming[wanted.index].source, sourcePlural: incoming[wanted.index].sourcePlural,
                                                  translations: incoming[wanted.index].translations)
                }
            }.joined()
            for (wanted, problems) in zip(wanted, found) {
                if problems.isEmpty {
                    structureVerdicts[wanted.slot, wanted.index] = .clean
                } else {
                    checkedAhead[wanted.slot, default: [:]][wanted.index] = problems
                }
            }
            return matches
        }

        /// Translations `checkAhead` judges in one task.
        static let checkRun = 128

        /// A translation no catalog took is kept for later, once it passes the checks a page would give it.
        mutating func keepUnmatched() {
            let dialect = session.project.configuration.markdownDialect
            let slot = structureVerdicts.slot(for: dialect)
            let unmatched = index.accepted.filter { !matched[$0] && passesStructureCheck($0, dialect: dialect, slot: slot) }
            report.unmatched = unmatched.map { index in
                let translation = incoming[index]
                if let entry = translation.unmatchedEntry { return entry }
                var entry = CatalogEntry(context: translation.context, id: translation.source, idPlural: translation.sourcePlural, translations: translation.translations)
                entry.isFuzzy = translation.state == .needsReview
                entry.references = translation.references
                entry.translatorComments = ["\(translation.name ?? "translation") of \(session.inputPath):\(translation.line)"]
                return entry
            }
            for index in unmatched { report.outcomes[index] = .unmatched }
        }
    }

    /// What the structure checks made of each incoming translation, per dialect (a page in the site
    /// generator's dialect, navigation and site strings in none): one byte per translation and dialect,
    /// looked up by a slot number per dialect, since every entry of every catalog asks.
    private struct StructureVerdicts {
        enum Verdict: UInt8 { case unjudged, clean, rejected }

        private let translations: Int
        private var slots: [String: Int] = [:]
        private var verdicts: [[Verdict]] = []

        init(translations: Int) { self.translations = translations }

        /// The slot of `dialect`'s verdicts (made on first use).
        mutating func slot(for dialect: (any MarkdownDialect)?) -> Int {
            let name = dialect?.name ?? ""
            if let slot = slots[name] { return slot }
            verdicts.append(Array(repeating: .unjudged, count: translations))
            slots[name] = verdicts.count - 1
            return verdicts.count - 1
        }

        subscript(slot: Int, translation: Int) -> Verdict {
            get { verdicts[slot][translation] }
            set { verdicts[slot][translation] = newValue }
        }
    }

    /// The translation meant for `entry`: the one with its context and text, or with its previous
    /// context and text (the source changed after export); then the one with the id of its current or
    /// previous text; then, for translations without context, the one with its text.
    static func match(_ entry: CatalogEntry, byKey: [CatalogEntry.Key: Int], byID: [String: Int], bySourceAlone: [MessageText: Int]) -> Int? {
        if let index = byKey[entry.key] { return index }
        if let previous = entry.previousID, let index = byKey[CatalogEntry.Key(context: entry.previousContext ?? entry.context, id: previous)] { return index }
        if !byID.isEmpty {
            if let index = byID[XLIFFUnit.id(context: entry.context, source: entry.id)] { return index }
            if let previous = entry.previousID, let index = byID[XLIFFUnit.id(context: entry.previousContext ?? entry.context, source: previous)] { return index }
        }
        return bySourceAlone.isEmpty ? nil : bySourceAlone[MessageText(entry.id)]
    }

    /// Sets the entry's state from the translation's. One made for another source text (the source
    /// changed since the export) comes in as needs review, with that text as the previous source.
    fileprivate static func apply(_ translation: IncomingTranslation, to entry: inout CatalogEntry, was old: CatalogEntry, markReviewed: Bool) {
        let comments = translation.translatorComments.filter { $0 != CatalogEntry.reviewedMarker }
        if !comments.isEmpty {
            // The state decides the reviewed marker, not the comments a tool carried back.
            entry.translatorComments = comments + (old.isReviewed ? [CatalogEntry.reviewedMarker] : [])
        }
        let sourceMatches = translation.source == entry.id || (translation.sourcePlural != nil && translation.source == entry.idPlural)
        let translationChanged = entry.translations != old.translations
        if !sourceMatches {
            if !entry.isFuzzy { entry.isFuzzy = true }
            entry.previousID = translation.source
            entry.previousContext = translation.context == entry.context ? nil : translation.context
            if entry.isReviewed { entry.isReviewed = false }
            return
        }
        switch translation.state {
        case .needsReview:
            if !entry.isFuzzy { entry.isFuzzy = true }
            if translation.madeForCurrentSource {
                entry.previousID = nil
                entry.previousIDPlural = nil
                entry.previousContext = nil
            }
            if entry.previousID == nil, let previous = translation.previousSource, previous != entry.id { entry.previousID = previous }
            if entry.isReviewed { entry.isReviewed = false }
        case .translated, .reviewed:
            if entry.isFuzzy { entry.isFuzzy = false }
            entry.previousID = nil
            entry.previousIDPlural = nil
            entry.previousContext = nil
            let reviewed = markReviewed || translation.state == .reviewed || (!translationChanged && old.isReviewed)
            if reviewed != entry.isReviewed { entry.isReviewed = reviewed }
        }
    }
}

extension IncomingTranslation {
    /// For the engines outside this module (`tolk translate`); inside it, the memberwise one.
    package init(context: String?, source: String, sourcePlural: String?, translations: [String], state: State,
                 previousSource: String? = nil, translatorComments: [String] = [], line: Int, column: Int) {
        self.context = context
        self.source = source
        self.sourcePlural = sourcePlural
        self.translations = translations
        self.state = state
        self.previousSource = previousSource
        self.translatorComments = translatorComments
        self.line = line
        self.column = column
    }
}

extension ImportSession {
    /// For the stages outside this module (`tolk translate`); inside it, the memberwise one.
    package init(project: Project, locale: String, check: CatalogCheck, inputPath: String, inputURL: URL,
                 dryRun: Bool, markReviewed: Bool, noun: String) {
        self.project = project
        self.locale = locale
        self.check = check
        self.inputPath = inputPath
        self.inputURL = inputURL
        self.dryRun = dryRun
        self.markReviewed = markReviewed
        self.noun = noun
    }
}
