import Catalog
import Foundation
import LocaleData
import Workspace
#if canImport(Glibc)
import Glibc
#endif

/// `tolk export` / `tolk import` for PO: one file per locale that a translator can take to Poedit,
/// OmegaT or Weblate and bring back.
///
/// Export writes the entries of an `ExportPlan` (every active entry by default) into one PO file, or
/// one per content file; an entry with the same context and text in several catalogs appears once,
/// with all its references (PO forbids duplicates, and a translator should translate a repeat once).
/// Import applies each translated entry to every catalog of the locale that has that context and text.
public struct Exchange {
    public let project: Project

    public init(project: Project) { self.project = project }

    /// One PO file holding the plan's entries of the files at `fileIndices` (every file by default),
    /// with the header of the first catalog (or, for one file, its own) and the locale's `Language`
    /// and `Plural-Forms`. A message in several files is there once, with all its references: the plan
    /// merged it, as PO forbids duplicates. The entries are moved out of the plan, not copied: a PO
    /// export of a whole locale holds them once.
    public func poDocument(_ plan: inout ExportPlan, fileIndices: [Int]? = nil) throws -> [UInt8] {
        let indices = fileIndices ?? Array(plan.files.indices)
        let header = fileIndices?.count == 1 ? plan.files[indices[0]].header : plan.files.first?.header
        var entries: [CatalogEntry] = []
        entries.reserveCapacity(indices.reduce(0) { $0 + plan.files[$1].entries.count })
        for index in indices {
            entries += plan.files[index].entries
            plan.files[index].entries = []
        }
        var output = Catalog(entries: entries)
        entries = []
        output.headerFields = header?.headerFields ?? []
        output.setHeader("Language", plan.locale)
        output.setHeader("Plural-Forms", try GettextPluralForms(locale: plan.locale).header)
        if let name = project.configuration.projectName { output.setHeader(Self.projectHeader, name) }
        return POWriter().encoded(output)
    }

    /// A file that says it holds another language than the one asked for (`--locale ru` on a file whose
    /// header or trgLang says de) is refused: its translations would land in the wrong catalogs. A
    /// region or script alone may differ (`ru` and `ru_RU` are one language to a translator's tool).
    static func checkDeclaredLanguage(_ declared: String, requested: String, file: String, line: Int, what: String) throws {
        func language(_ code: String) -> String {
            String(code.replacingOccurrences(of: "_", with: "-").split(separator: "-").first ?? "").lowercased()
        }
        guard language(declared) == language(requested) else {
            throw ExchangeError.languageMismatch(file, line: line, declared: declared, requested: requested, what: what)
        }
    }

    /// The PO header field naming the project a file was exported from.
    static let projectHeader = "X-Tolk-Project"

    /// A file exported from another project (its `X-Tolk-Project`, `tolk:project` or `product-name`
    /// names another project than `project:` in tolk.yaml) is refused: messages the two projects share
    /// would take the other project's translations. A file without a name (or a project without one)
    /// is not checked: a translator's tool may drop the field.
    static func checkDeclaredProject(_ declared: String?, ours: String?, file: String, line: Int) throws {
        guard let declared, let ours, !declared.isEmpty, declared != ours else { return }
        throw ExchangeError.otherProject(file, line: line, declared: declared, ours: ours)
    }

    /// Why the first bytes of an exchange file cannot be UTF-8 PO or XLIFF, or nil: a UTF-16 or UTF-32
    /// file (with or without its byte order mark), or a UTF-8 byte order mark written twice.
    static func encodingProblem(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "the file is UTF-32, not UTF-8" }
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return "the file is UTF-16, not UTF-8" }
        if bytes.count >= 4, (bytes[0] == 0 && bytes[1] != 0 && bytes[2] == 0) || (bytes[0] != 0 && bytes[1] == 0 && bytes[3] == 0) {
            return "the file is UTF-16 without a byte order mark, not UTF-8"
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF]) { return "the file starts with two UTF-8 byte order marks" }
        return nil
    }

    /// The line of a PO header field (`"Language: ru\n"`), or 1.
    static func lineOfHeaderField(_ name: String, in bytes: [UInt8]) -> Int {
        let needle = Array("\"\(name):".utf8)
        guard let start = bytes.indices.first(where: { bytes[$0...].starts(with: needle) }) else { return 1 }
        return POReader.lineNumber(ofByte: start, in: bytes)
    }

    public struct ImportReport: Sendable {
        public var locale = ""
        public var updatedEntries = 0
        public var unchangedEntries = 0
        public var catalogsWritten = 0
        /// Entries that were not reviewed before and are now (`state="reviewed"` or `--reviewed`).
        public var markedReviewed = 0
        /// Entries no catalog of the locale knows: kept in `unmatchedFile`, never dropped.
        public var unmatched: [CatalogEntry] = []
        public var unmatchedFile: String?
        public var diagnostics: [Diagnostic] = []
        /// Entries that kept the translation they had (`tolk adopt` without `--overwrite`).
        public var keptExisting = 0
        /// What became of each incoming translation, by its index (nil: no catalog has the message).
        package var outcomes: [IncomingOutcome?] = []
    }

    /// What an import did with one incoming translation.
    package enum IncomingOutcome: Equatable {
        /// Written into its entry (or already there, the same).
        case applied
        /// The entry had another translation and keeps it.
        case keptExisting
        /// A check refused it (reported at its position).
        case rejected
        /// No catalog has its message.
        case unmatched
    }

    /// Applies a translated exchange file, PO or XLIFF (told apart by content, not by extension), to the
    /// locale's catalogs under the project's import lock. With `dryRun`, reports without writing. With
    /// `markReviewed` (`tolk import --reviewed`: the file comes back from a reviewer), every translation
    /// accepted as translated comes in reviewed; one that still needs review stays so.
    public func importFile(from url: URL, locale requestedLocale: String?, dryRun: Bool, markReviewed: Bool = false,
                           holding lock: ProjectLock) throws -> ImportReport {
        let inputPath = url.relativePath
        if let size = try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int, size > XLIFFReader.maximumFileSize {
            throw ExchangeError.fileTooLarge(inputPath, bytes: size, limit: XLIFFReader.maximumFileSize)
        }
        let input = try ChunkedFile(path: url.path)
        let first = try input.next()
        if let problem = Self.encodingProblem(first) {
            throw ExchangeError.unreadableFile([Diagnostic(.error, file: inputPath, line: 1, column: 1, problem, hint: "save it as UTF-8 (without a byte order mark) and import it again")])
        }
        guard XLIFFReader.looksLikeXML(first) else {
            return try importPO(first + input.rest(), from: url, locale: requestedLocale, dryRun: dryRun, markReviewed: markReviewed)
        }
        // XLIFF is streamed, in pieces read on every core: memory holds the units read and a round of
        // the file, never all of it. The file is opened again only when it must be read a second time.
        var opened: (first: [UInt8], rest: ChunkedFile)? = (first, input)
        let read = XLIFFReader(path: inputPath).read(opening: {
            guard let (first, input) = opened else {
                let input = try ChunkedFile(path: url.path)
                return { try input.next() }
            }
            opened = nil
            var pending: [UInt8]? = first
            return {
                if let chunk = pending { pending = nil; return chunk }
                return try input.next()
            }
        })
        return try XLIFFImportSource.importFile(read, from: url, locale: requestedLocale, project: project, dryRun: dryRun, markReviewed: markReviewed)
    }

    /// Reads a translated PO file into the translations an `ImportSession` applies: every active entry
    /// with a translation; fuzzy is needs review, tolk's reviewed marker is reviewed. The file's
    /// `Last-Translator` goes into every catalog that changes; unmatched entries are kept as they were.
    func importPO(_ bytes: [UInt8], from url: URL, locale requestedLocale: String?, dryRun: Bool, markReviewed: Bool = false) throws -> ImportReport {
        let inputPath = url.relativePath  // as the user named it, for diagnostics
        let read = POReader(path: inputPath).read(bytes)
        // A file that could not be read at all (not UTF-8, broken header) says so, not "no Language".
        if read.diagnostics.hasErrors && read.catalog.entries.isEmpty { throw ExchangeError.unreadableFile(read.diagnostics) }
        guard let locale = requestedLocale ?? read.catalog.header("Language").flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw ExchangeError.noLocale(inputPath)
        }
        if let requestedLocale, let declared = read.catalog.header("Language"), !declared.isEmpty {
            try Self.checkDeclaredLanguage(declared, requested: requestedLocale, file: inputPath, line: Self.lineOfHeaderField("Language", in: bytes), what: "its Language header")
        }
        try Self.checkDeclaredProject(read.catalog.header(Self.projectHeader), ours: project.configuration.projectName,
                                      file: inputPath, line: Self.lineOfHeaderField(Self.projectHeader, in: bytes))
        let normalizedLocale = try project.targetLocale(named: locale)
        let check = try CatalogCheck(locale: normalizedLocale)

        /// The line of the entry's `msgstr[form]` (its first msgstr, or the entry, when there is none).
        func msgstrLine(_ index: Int, _ form: Int) -> Int {
            guard read.locations.indices.contains(index) else { return 0 }
            let lines = read.locations[index].translationLines
            return lines.indices.contains(form) ? lines[form] : lines.first ?? read.locations[index].line
        }
        var incoming: [IncomingTranslation] = []
        var fileIndices: [Int] = []
        for (index, entry) in read.catalog.entries.enumerated() where !entry.isObsolete && entry.translations.contains(where: { !$0.isEmpty }) {
            let line = msgstrLine(index, 0)
            incoming.append(IncomingTranslation(
                context: entry.context, source: entry.id, sourcePlural: entry.idPlural, translations: entry.translations,
                state: entry.isFuzzy ? .needsReview : entry.isReviewed ? .reviewed : .translated, previousSource: entry.previousID,
                translatorComments: entry.translatorComments, line: line, column: line > 0 ? 1 : 0,
                formPositions: entry.translations.indices.map { form in let line = msgstrLine(index, form); return (line, line > 0 ? 1 : 0) },
                unmatchedEntry: entry, refusal: check.pluralFormCountProblem(of: entry)))
            fileIndices.append(index)
        }
        var session = ImportSession(project: project, locale: normalizedLocale, check: check, inputPath: inputPath, inputURL: url, dryRun: dryRun,
                                    markReviewed: markReviewed, noun: "entry", unmatchedHeader: read.catalog.headerFields)
        session.positionInTranslation = { incoming, translation, offset in
            read.position(entry: fileIndices[incoming], translation: translation, utf8Offset: offset)
        }
        if let translator = read.catalog.header("Last-Translator"), !translator.isEmpty {
            session.catalogHeaderUpdates = [("Last-Translator", translator)]
        }
        return try session.run(incoming, readDiagnostics: read.diagnostics)
    }
}

/// A file read a chunk at a time (the exchange file an import streams).
final class ChunkedFile {
    private let descriptor: Int32
    private let path: String
    static let chunkSize = 1 << 20

    init(path: String) throws {
        self.path = path
        guard let (descriptor, _) = try FileTree.openRegularFile(path) else { throw ProjectError.unreadable(path: path, reason: "no such file") }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The next bytes of the file, at most `chunkSize`; none at its end.
    func next() throws -> [UInt8] {
        // Read straight into the array's storage: no zeroing of a megabyte the read overwrites.
        try [UInt8](unsafeUninitializedCapacity: Self.chunkSize) { buffer, initialized in
            while true {
                let count = Glibc.read(descriptor, buffer.baseAddress!, buffer.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw ProjectError.unreadable(path: path, reason: String(cString: strerror(errno)))
                }
                initialized = count
                return
            }
        }
    }

    /// Everything from here to the end.
    func rest() throws -> [UInt8] {
        var bytes: [UInt8] = []
        while true {
            let chunk = try next()
            if chunk.isEmpty { return bytes }
            bytes += chunk
        }
    }
}

public enum ExchangeError: Error, CustomStringConvertible {
    case noLocale(String)
    case brokenCatalog([Diagnostic])
    /// The exchange file cannot be read safely (malformed or hostile XML, a path out of the project).
    case unreadableFile([Diagnostic])
    case noTargetLanguage(String)
    case languageMismatch(String, line: Int, declared: String, requested: String, what: String)
    case otherProject(String, line: Int, declared: String, ours: String)
    case fileTooLarge(String, bytes: Int, limit: Int)
    case cannotWrite(String, reason: String)
    /// Two messages whose XLIFF unit ids are equal (a collision of the 64-bit hash).
    case unitIDCollision(String, first: CatalogEntry.Key, firstFile: String, second: CatalogEntry.Key, secondFile: String)

    public var description: String {
        switch self {
        case .noLocale(let path):
            return "\(path): error: the file's header names no Language (pass --locale LOCALE)"
        case .brokenCatalog(let diagnostics), .unreadableFile(let diagnostics):
            return diagnostics.map(\.description).joined(separator: "\n")
        case .languageMismatch(let path, let line, let declared, let requested, let what):
            return "\(path):\(line): error: the file is in '\(declared)' (\(what)), not '\(requested)'; nothing was imported "
                + "(import it into its own locale, or fix the file's language if it really holds \(requested) translations)"
        case .otherProject(let path, let line, let declared, let ours):
            return "\(path):\(line): error: the file was exported from project '\(declared)', not '\(ours)' (project: in tolk.yaml); nothing was imported "
                + "(import it into its own project; if this project was renamed, change the name in the file)"
        case .noTargetLanguage(let path):
            return "\(path): error: the file names no target language (trgLang in XLIFF 2.0, target-language in 1.2; pass --locale LOCALE)"
        case .fileTooLarge(let path, let bytes, let limit):
            return "\(path): error: the file is \(bytes) bytes, more than the limit of \(limit) bytes (split the export with --split DIR or --files GLOB)"
        case .cannotWrite(let path, let reason):
            return "\(path): error: cannot write (\(reason))"
        case .unitIDCollision(let id, let first, let firstFile, let second, let secondFile):
            func describe(_ key: CatalogEntry.Key) -> String {
                let text = key.id.count > 60 ? String(key.id.prefix(57)) + "…" : key.id
                return (key.context.map { "msgctxt \"\($0)\" " } ?? "") + "\"\(text)\""
            }
            return "error: unit id \(id) stands for two messages, \(describe(first)) in \(firstFile) and \(describe(second)) in \(secondFile): "
                + "their 64-bit hashes collide, so an XLIFF file could not tell them apart (change one character in either message, or export with --format po)"
        }
    }
}
