import Catalog
import Exchange
import Foundation
import LocaleData
import Sync
import Workspace
#if canImport(Glibc)
import Glibc
#endif

/// `tolk translate`: pre-fills a locale's catalogs by machine, behind the review gate.
///
/// 1. The entries to fill, one job per message (context and text) in the catalogs of the content files
///    `--files` matches: untranslated ones, or with `--only needs-review` the needs-review entries
///    whose translation is an earlier machine draft — a person's needs-review translation is never
///    replaced, nor is a translated or reviewed entry touched. A message repeated in several catalogs
///    is sent once and fills each untranslated copy.
/// 2. Translation memory first: a message translated elsewhere in the locale's catalogs (or kept in
///    its memory file) is filled from there and not sent.
/// 3. Every text left (each plural form; each category of an ICU plural message) becomes a
///    `PlaceholderText`, is looked up in the cache under `.tolk/`, and the rest is sent in batches,
///    at most `requests_in_flight` requests at once. Each answer is cached as it comes, so an
///    interrupted run resumes without paying twice.
/// 4. Each answer has its placeholders restored; one that lost, repeated or invented a placeholder
///    (or brought markup of its own) is reported at the catalog's `file:line` and not written.
/// 5. The rest goes through the import path (`ImportSession`) as needs review, with a translator
///    comment naming the engine: the same checks as `tolk import`, the same atomic writes.
public struct MachineTranslator {
    public enum Scope: String, Sendable, CaseIterable {
        case untranslated
        case needsReview = "needs-review"
    }

    public struct Options: Sendable {
        public var locale: String
        /// The engine's name in `machine_translation.engines`; nil: the configured default.
        public var engine: String?
        /// A shell pattern on content paths (`posts/*`).
        public var filesGlob: String?
        public var scope = Scope.untranslated
        public var dryRun = false

        public init(locale: String, engine: String? = nil, filesGlob: String? = nil, scope: Scope = .untranslated, dryRun: Bool = false) {
            self.locale = locale
            self.engine = engine
            self.filesGlob = filesGlob
            self.scope = scope
            self.dryRun = dryRun
        }
    }

    public struct Report: Sendable {
        public var engine = ""
        /// Messages picked to be filled.
        public var messages = 0
        public var fromMemory = 0
        /// Texts answered from the cache of an earlier run.
        public var fromCache = 0
        /// Texts and characters sent (with `--dry-run`: that would be sent).
        public var sentTexts = 0
        public var sentCharacters = 0
        /// Messages that now hold a machine draft (or a memory match).
        public var filled = 0
        /// Messages reported and left as they were.
        public var refused = 0
        /// Needs-review entries left alone because a person wrote their translation.
        public var keptPersonsTranslations = 0
        public var updatedEntries = 0
        public var catalogsWritten = 0
        public var diagnostics: [Diagnostic] = []
    }

    /// The translator comment on every machine draft; its prefix marks a draft `--only needs-review` may replace.
    public static let commentPrefix = "machine translation:"
    static func comment(engine: String) -> String { "\(commentPrefix) \(engine), needs review" }
    static let memoryComment = "from translation memory, needs review"

    public let project: Project
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    public var progress: (@Sendable (WorkProgress) -> Void)?

    public init(project: Project) { self.project = project }

    /// One message to fill: its entry, where it is, and the texts its translation is made from.
    struct Job {
        var entry: CatalogEntry
        var file: Project.SourceFile
        var catalogPath: String
        var line = 0
        enum Shape {
            case single
            /// gettext plural forms: form i is translated from `texts[formText[i]]`.
            case gettextPlural(formText: [Int])
            /// An ICU plural message rebuilt with the target locale's categories.
            case icuPlural(argument: String, categories: [PluralCategory], formText: [Int])
        }
        var shape = Shape.single
        var texts: [PlaceholderText] = []
        var answers: [String?] = []
        var refusal: String?
    }

    public func run(_ options: Options, holding lock: ProjectLock?) throws -> Report {
        let locale = try project.targetLocale(named: options.locale)
        let settings = project.configuration.machineTranslation
        let engineName = try Self.engineName(options.engine, settings: settings)
        guard let engineSettings = settings.engines[engineName] else { throw MachineTranslationError("no engine named '\(engineName)'") }
        var report = Report()
        report.engine = engineName
        let check = try CatalogCheck(locale: locale)

        // 1. The entries to fill: one job per message (context and text), at its first catalog in path order.
        let fills: @Sendable (CatalogEntry) -> Bool = { [scope = options.scope] entry in
            scope == .untranslated ? entry.status == .untranslated : entry.status == .needsReview && Self.isMachineDraft(entry)
        }
        var jobs: [Job] = []
        var picked = Set<CatalogEntry.Key>()
        for file in try project.sourceFiles().translatable {
            if let glob = options.filesGlob, !Self.matches(glob, file.path) { continue }
            let url = project.catalogURL(locale: locale, catalogPath: file.catalogPath)
            guard let bytes = try FileTree.readIfPresent(url) else { continue }
            let catalogPath = project.displayPath(url)
            let read = POReader(path: catalogPath).read(bytes)
            if read.diagnostics.hasErrors { throw ExchangeError.brokenCatalog(read.diagnostics) }
            for (position, entry) in read.catalog.entries.enumerated() where !entry.isHeader && !entry.isObsolete {
                if options.scope == .needsReview, entry.status == .needsReview, !Self.isMachineDraft(entry) { report.keptPersonsTranslations += 1 }
                guard fills(entry), picked.insert(entry.key).inserted else { continue }
                let location = read.locations.indices.contains(position) ? read.locations[position] : nil
                jobs.append(Job(entry: entry, file: file, catalogPath: catalogPath, line: location.map { $0.translationLines.first ?? $0.line } ?? 0))
            }
        }
        report.messages = jobs.count

        // 2. Translation memory.
        var incoming: [IncomingTranslation] = []
        let remembered = try fromMemory(jobs.map(\.entry), locale: locale)
        var pending: [Int] = []
        for index in jobs.indices {
            if let entry = remembered[jobs[index].entry.key] {
                // Needs review even when the memory's entry has the same context: nothing tolk translate
                // writes ships before a person has looked at it.
                incoming.append(makeIncoming(jobs[index], translations: entry.translations, state: .needsReview, comment: Self.memoryComment))
                report.fromMemory += 1
            } else {
                pending.append(index)
            }
        }

        // 3. Placeholders, the cache, and what is left to send.
        let style = engineSettings.placeholderStyle
        let targetCategories = try PluralRules(locale: locale).categories
        for index in pending { prepare(&jobs[index], style: style, check: check, targetCategories: targetCategories) }
        let cache = try TranslationCache(project: project, engine: engineName, source: project.configuration.sourceLocale, target: locale, readOnly: options.dryRun)
        var toSend: [String] = []
        var seen = Set<String>()
        for index in pending where jobs[index].refusal == nil {
            for text in jobs[index].texts where !seen.contains(text.sent) {
                seen.insert(text.sent)
                if cache.answer(for: text.sent) != nil { report.fromCache += 1 } else { toSend.append(text.sent) }
            }
        }
        report.sentTexts = toSend.count
        report.sentCharacters = toSend.reduce(0) { $0 + $1.count }
        if options.dryRun {
            for index in pending where jobs[index].refusal != nil { report.diagnostics.append(diagnostic(jobs[index], jobs[index].refusal!)); report.refused += 1 }
            return report
        }

        // 4. Send, restore, check.
        var failures: [String: String] = [:]
        if !toSend.isEmpty {
            let engine = try MachineTranslationEngines.make(engineSettings, run: settings, root: project.root, environment: environment)
            let codes = try Self.languageCodes(engineSettings, source: project.configuration.sourceLocale, target: locale)
            failures = send(toSend, engine: engine, from: codes.source, to: codes.target, locale: locale, inFlight: settings.requestsInFlight, cache: cache)
        }
        for index in pending {
            var job = jobs[index]
            if job.refusal == nil {
                var forms: [String] = []
                for text in job.texts {
                    guard let answer = cache.answer(for: text.sent) else {
                        job.refusal = "not translated: " + (failures[text.sent] ?? "the engine gave no answer")
                        break
                    }
                    switch text.restore(answer) {
                    case .success(let restored): forms.append(restored)
                    case .failure(let problem): job.refusal = "\(problem); the machine translation was not written"
                    }
                    if job.refusal != nil { break }
                }
                if job.refusal == nil { incoming.append(makeIncoming(job, translations: assemble(job, forms), state: .needsReview, comment: Self.comment(engine: engineName))) }
            }
            if let refusal = job.refusal {
                report.diagnostics.append(diagnostic(job, refusal))
                report.refused += 1
            }
        }

        // 5. The import path: checks, needs review, atomic writes.
        guard !incoming.isEmpty else { return report }
        let glob = options.filesGlob
        var session = ImportSession(project: project, locale: locale, check: check, inputPath: "tolk translate",
                                    inputURL: project.stateFolder.appendingPathComponent("translate"), dryRun: false, markReviewed: false,
                                    noun: "machine translation")
        session.fills = fills
        session.includesFile = { file in glob.map { Self.matches($0, file.path) } ?? true }
        let imported = try session.run(incoming, readDiagnostics: [])
        let rejected = imported.diagnostics.count { $0.severity == .error }
        report.diagnostics += imported.diagnostics
        report.refused += rejected
        report.filled = incoming.count - rejected
        report.updatedEntries = imported.updatedEntries
        report.catalogsWritten = imported.catalogsWritten
        report.diagnostics = relocated(report.diagnostics, jobs: jobs, locale: locale)
        return report
    }

    static func matches(_ glob: String, _ path: String) -> Bool { fnmatch(glob, path, 0) == 0 }

    /// A needs-review entry whose translation tolk translate wrote for an older source text (sync kept
    /// the old source as `#| msgid`): `--only needs-review` translates the current text. A person's
    /// needs-review translation has no such comment and is never replaced.
    static func isMachineDraft(_ entry: CatalogEntry) -> Bool {
        entry.previousID != nil && entry.translatorComments.contains { $0.hasPrefix(commentPrefix) || $0 == memoryComment }
    }

    static func engineName(_ requested: String?, settings: MachineTranslationSettings) throws -> String {
        if let requested {
            guard settings.engines[requested] != nil else {
                throw MachineTranslationError("no engine named '\(requested)' in machine_translation.engines of tolk.yaml",
                                              hint: settings.engines.isEmpty ? "add one: see README.md, \"tolk translate\"" : "defined: \(settings.engines.keys.sorted().joined(separator: ", "))")
            }
            return requested
        }
        if let configured = settings.defaultEngine { return configured }
        if settings.engines.count == 1, let only = settings.engines.keys.first { return only }
        throw MachineTranslationError(settings.engines.isEmpty ? "no machine-translation engine is configured" : "several engines are configured and none is the default",
                                      hint: settings.engines.isEmpty ? "add machine_translation.engines to tolk.yaml (see README.md, \"tolk translate\")"
                                                                     : "name one with --engine (\(settings.engines.keys.sorted().joined(separator: ", "))) or set machine_translation.engine")
    }

    /// The engine's codes for the source and target locales: its `languages:` setting, else the
    /// engine's own convention.
    static func languageCodes(_ settings: MachineTranslationSettings.Engine, source: String, target: String) throws -> (source: String, target: String) {
        func code(_ locale: String, isTarget: Bool) throws -> String {
            if let configured = settings.languages[locale] { return configured }
            switch settings.kind {
            case .apertium:
                let language = String(locale.split(separator: "-").first ?? "").lowercased()
                guard let iso3 = ApertiumEngine.isoCodes[language] ?? (language.count == 3 ? language : nil) else {
                    throw MachineTranslationError("no Apertium code for locale '\(locale)'",
                                                  hint: "name it in machine_translation.engines.\(settings.name).languages, e.g. {\(locale): xxx}")
                }
                return iso3
            case .deepl: return isTarget ? DeepLEngine.targetCode(locale) : DeepLEngine.sourceCode(locale)
            case .libretranslate: return String(locale.split(separator: "-").first ?? "")
            case .command, .openai: return locale
            }
        }
        return (try code(source, isTarget: false), try code(target, isTarget: true))
    }

    /// Diagnostics point at the lines of the catalogs as they were read; the drafts written since add
    /// comment and flag lines above the entries, so each is moved to its entry's line in the catalog
    /// as written, where the user will look.
    private func relocated(_ diagnostics: [Diagnostic], jobs: [Job], locale: String) -> [Diagnostic] {
        var keys: [String: [Int: CatalogEntry.Key]] = [:]
        for job in jobs { keys[job.catalogPath, default: [:]][job.line] = job.entry.key }
        var lines: [String: [CatalogEntry.Key: Int]] = [:]
        for file in Set(diagnostics.map(\.file)) {
            guard let bytes = try? FileTree.readIfPresent(project.root.appendingPathComponent(file)) else { continue }
            let read = POReader(path: file).read(bytes)
            var found: [CatalogEntry.Key: Int] = [:]
            for (position, entry) in read.catalog.entries.enumerated() where read.locations.indices.contains(position) && found[entry.key] == nil {
                found[entry.key] = read.locations[position].translationLines.first ?? read.locations[position].line
            }
            lines[file] = found
        }
        return diagnostics.map { diagnostic in
            var moved = diagnostic
            if let key = keys[diagnostic.file]?[diagnostic.line], let line = lines[diagnostic.file]?[key] { moved.line = line }
            return moved
        }
    }

    /// The memory's translations for the entries it has one for, keyed by entry: from every catalog of
    /// the locale and its memory file, as sync fills new entries (`TranslationMemory`).
    private func fromMemory(_ entries: [CatalogEntry], locale: String) throws -> [CatalogEntry.Key: CatalogEntry] {
        guard !entries.isEmpty else { return [:] }
        var memory = TranslationMemory(wanted: Set(entries.map { MessageText($0.id) }))
        for file in try project.sourceFiles().translatable {
            guard let found = try project.readCatalog(at: project.catalogURL(locale: locale, catalogPath: file.catalogPath)), !found.diagnostics.hasErrors else { continue }
            memory.learn(from: found.catalog)
        }
        if let memoryFile = try? TranslationMemoryFile.load(in: project, locale: locale), !memoryFile.diagnostics.hasErrors { memory.learn(from: memoryFile.catalog) }
        guard !memory.isEmpty else { return [:] }
        var blank = Catalog(entries: entries.map { entry in
            var empty = entry
            empty.translations = entry.translations.map { _ in "" }
            empty.isFuzzy = false
            empty.previousID = nil
            empty.previousContext = nil
            return empty
        })
        _ = memory.fill(&blank)
        var found: [CatalogEntry.Key: CatalogEntry] = [:]
        for entry in blank.entries where entry.translations.contains(where: { !$0.isEmpty }) { found[entry.key] = entry }
        return found
    }

    /// The texts a job's translation is made from, as placeholder texts; or why it is not sent.
    private func prepare(_ job: inout Job, style: PlaceholderText.Style, check: CatalogCheck, targetCategories: [PluralCategory]) {
        let entry = job.entry
        let isMessageFormat = job.file.format.isMessageFormat
        var sources: [String] = []
        if let plural = entry.idPlural {
            sources = [entry.id, plural]
            let categories = check.pluralForms.categories
            job.shape = .gettextPlural(formText: categories.map { $0 == .one ? 0 : 1 })
        } else if isMessageFormat, entry.id.contains("{"), let pattern = try? MessagePattern(entry.id),
                  pattern.parts.contains(where: { if case .argument(let argument) = $0, case .simple = argument.kind { false } else if case .argument = $0 { true } else { false } }) {
            guard let plural = PluralMessage(pattern: entry.id) else {
                job.refusal = "not sent: an ICU message with select, exact-value (=0) or several plural arguments is translated by hand"
                return
            }
            var formText: [Int] = []
            for category in targetCategories {
                let form = plural.forms[category] ?? (category == .one ? plural.singular : plural.plural)
                if let existing = sources.firstIndex(of: form) { formText.append(existing) } else { formText.append(sources.count); sources.append(form) }
            }
            job.shape = .icuPlural(argument: plural.argument, categories: targetCategories, formText: formText)
        } else {
            sources = [entry.id]
        }
        for source in sources {
            var spans = InlineCodeScanners.markdown(source, dialect: job.file.format.markdownDialect)
            if isMessageFormat {
                if case .icuPlural = job.shape {
                    guard let pattern = try? MessagePattern(source),
                          !pattern.parts.contains(where: { if case .argument(let argument) = $0, case .simple = argument.kind { false } else if case .argument = $0 { true } else { false } }) else {
                        job.refusal = "not sent: an ICU plural message with nested arguments is translated by hand"
                        return
                    }
                    spans = Self.merged(spans, Self.poundSpans(source))
                }
                spans = Self.merged(spans, InlineCodeScanners.messageFormat(source))
            }
            guard let text = PlaceholderText(source, spans: spans, style: style) else {
                job.refusal = "not sent: its markup could not be turned into placeholders (pieces that overlap, or a control character); translate it by hand"
                return
            }
            job.texts.append(text)
        }
    }

    /// `#` (the number) in the branch of an ICU plural, and `'#'` (a quoted, literal one): kept as they are.
    static func poundSpans(_ text: String) -> [XLIFFInlineSpan] {
        let bytes = Array(text.utf8)
        var spans: [XLIFFInlineSpan] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "'"), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "#"), bytes[index + 2] == UInt8(ascii: "'") {
                spans.append(.standalone(index..<(index + 3), .placeholder))
                index += 3
                continue
            }
            if bytes[index] == UInt8(ascii: "#") { spans.append(.standalone(index..<(index + 1), .placeholder)) }
            index += 1
        }
        return spans
    }

    /// `first`, plus the spans of `second` that overlap none of it, in order.
    static func merged(_ first: [XLIFFInlineSpan], _ second: [XLIFFInlineSpan]) -> [XLIFFInlineSpan] {
        func ranges(_ span: XLIFFInlineSpan) -> [Range<Int>] {
            switch span {
            case let .standalone(range, _): [range]
            case let .paired(start, end, _): [start, end]
            }
        }
        let taken = first.flatMap(ranges)
        let added = second.filter { span in !ranges(span).contains { range in taken.contains { $0.overlaps(range) } } }
        return (first + added).sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The entry's translations from the restored forms.
    private func assemble(_ job: Job, _ forms: [String]) -> [String] {
        switch job.shape {
        case .single: return [forms[0]]
        case .gettextPlural(let formText): return formText.map { forms[$0] }
        case .icuPlural(let argument, let categories, let formText):
            var byCategory: [PluralCategory: String] = [:]
            for (position, category) in categories.enumerated() { byCategory[category] = forms[formText[position]] }
            return [PluralMessage(argument: argument, forms: byCategory).pattern]
        }
    }

    private func makeIncoming(_ job: Job, translations: [String], state: IncomingTranslation.State, comment: String?) -> IncomingTranslation {
        var comments = job.entry.translatorComments.filter { !$0.hasPrefix(Self.commentPrefix) && $0 != Self.memoryComment && $0 != CatalogEntry.reviewedMarker }
        if let comment { comments.append(comment) }
        var incoming = IncomingTranslation(context: job.entry.context, source: job.entry.id, sourcePlural: job.entry.idPlural, translations: translations,
                                           state: state, translatorComments: comments, line: job.line, column: job.line > 0 ? 1 : 0)
        incoming.file = job.catalogPath
        incoming.madeForCurrentSource = true
        return incoming
    }

    private func diagnostic(_ job: Job, _ message: String) -> Diagnostic {
        Diagnostic(.error, file: job.catalogPath, line: job.line, column: job.line > 0 ? 1 : 0, message,
                   hint: "the message stays as it was; translate it by hand or run tolk translate again")
    }

    /// Sends `texts` in batches from a bounded number of worker threads; every answer goes into the
    /// cache as it arrives. Returns why the texts that got no answer failed.
    private func send(_ texts: [String], engine: any MachineTranslationEngine, from source: String, to target: String, locale: String,
                      inFlight: Int, cache: TranslationCache) -> [String: String] {
        let batches = stride(from: 0, to: texts.count, by: max(1, engine.batchSize)).map { Array(texts[$0..<min(texts.count, $0 + max(1, engine.batchSize))]) }
        let state = SendState(total: texts.count)
        let progress = self.progress
        let group = DispatchGroup()
        for _ in 0..<min(inFlight, batches.count) {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                while let batch = state.next(batches) {
                    if batch.isEmpty { continue }  // skipped after too many failures in a row
                    do {
                        let answers = try engine.translate(batch, from: source, to: target)
                        guard answers.count == batch.count else { throw MachineTranslationError("the engine answered \(answers.count) texts for \(batch.count)") }
                        for (text, answer) in zip(batch, answers) { cache.store(answer, for: text) }
                        state.succeeded(batch.count)
                    } catch {
                        state.failed(batch, because: "\(error)")
                    }
                    progress?(WorkProgress(phase: .sending, done: state.done, total: texts.count, locale: locale))
                }
            }
        }
        group.wait()
        return state.failures
    }
}

/// The work queue of `send`: the next batch, what failed and why. After `consecutiveFailureLimit`
/// failed requests in a row (a server gone, a key refused) no more are sent; the rest are reported.
private final class SendState: @unchecked Sendable {
    static let consecutiveFailureLimit = 5
    private let lock = NSLock()
    private var nextBatch = 0
    private var consecutiveFailures = 0
    private var lastFailure = ""
    private(set) var failures: [String: String] = [:]
    private(set) var done = 0
    let total: Int

    init(total: Int) { self.total = total }

    func next(_ batches: [[String]]) -> [String]? {
        lock.withLock {
            guard nextBatch < batches.count else { return nil }
            defer { nextBatch += 1 }
            if consecutiveFailures >= Self.consecutiveFailureLimit {
                for text in batches[nextBatch] { failures[text] = "not sent after \(consecutiveFailures) failed requests in a row (last: \(lastFailure))" }
                done += batches[nextBatch].count
                return []
            }
            return batches[nextBatch]
        }
    }

    func succeeded(_ count: Int) { lock.withLock { consecutiveFailures = 0; done += count } }

    func failed(_ batch: [String], because reason: String) {
        lock.withLock {
            consecutiveFailures += 1
            lastFailure = reason
            for text in batch { failures[text] = reason }
            done += batch.count
        }
    }
}
