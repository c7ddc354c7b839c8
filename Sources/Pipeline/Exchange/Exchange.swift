import Catalog
import Foundation
import LocaleData

/// `tolk export` / `tolk import` for PO: one file per locale that a translator can take to Poedit,
/// OmegaT or Weblate and bring back.
///
/// Export writes every active entry of the locale's catalogs into one PO file; an entry with the same
/// context and text in several catalogs appears once, with all its references (PO forbids duplicates,
/// and a translator should translate a repeat once). Import applies each translated entry to every
/// catalog of the locale that has that context and text.
public struct Exchange {
    public let project: Project

    public init(project: Project) { self.project = project }

    public func export(locale: String) throws -> (text: String, entries: Int) {
        guard project.targetLocales.contains(locale) else { throw ExchangeError.unknownLocale(locale, known: project.targetLocales) }
        let files = try project.sourceFiles().translatable
        var merged: [CatalogEntry] = []
        var positions: [CatalogEntry.Key: Int] = [:]
        var header: Catalog?
        for file in files {
            guard let (catalog, diagnostics) = try project.readCatalog(at: project.catalogURL(locale: locale, catalogPath: file.catalogPath)) else { continue }
            if diagnostics.hasErrors { throw ExchangeError.brokenCatalog(diagnostics) }
            if header == nil { header = catalog }
            for entry in catalog.activeEntries {
                if let position = positions[entry.key] {
                    merged[position].references += entry.references
                    if !merged[position].isTranslated, entry.isTranslated {
                        // Prefer a catalog that has the translation, keeping every reference gathered so far.
                        let references = merged[position].references
                        merged[position] = entry
                        merged[position].references = references
                    }
                    continue
                }
                positions[entry.key] = merged.count
                merged.append(entry)
            }
        }
        var output = Catalog(entries: merged)
        output.headerFields = header?.headerFields ?? []
        output.setHeader("Language", locale)
        output.setHeader("Plural-Forms", try GettextPluralForms(locale: locale).header)
        return (POWriter().write(output), merged.count)
    }

    public struct ImportReport: Sendable {
        public var locale = ""
        public var updatedEntries = 0
        public var unchangedEntries = 0
        public var catalogsWritten = 0
        /// Entries no catalog of the locale knows: kept in `unmatchedFile`, never dropped.
        public var unmatched: [CatalogEntry] = []
        public var unmatchedFile: String?
        public var diagnostics: [Diagnostic] = []
    }

    /// Applies a translated exchange file, PO or XLIFF (told apart by content, not by extension), to the
    /// locale's catalogs under the project's import lock. With `dryRun`, reports without writing.
    public func importFile(from url: URL, locale requestedLocale: String?, dryRun: Bool) throws -> ImportReport {
        let lock = try ExchangeLock(project: project)
        defer { withExtendedLifetime(lock) {} }
        let inputPath = url.relativePath
        if let size = try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int, size > XLIFFReader.maximumFileSize {
            throw ExchangeError.fileTooLarge(inputPath, bytes: size, limit: XLIFFReader.maximumFileSize)
        }
        let bytes = try FileTree.read(url)
        guard XLIFFReader.looksLikeXML(bytes) else { return try importPO(bytes, from: url, locale: requestedLocale, dryRun: dryRun) }
        let read = XLIFFReader(path: inputPath).read(bytes)
        return try XLIFFImporter(project: project).importXLIFF(read, from: url, locale: requestedLocale, dryRun: dryRun)
    }

    /// Applies a translated PO file to the locale's catalogs. With `dryRun`, reports without writing.
    public func importPO(from url: URL, locale requestedLocale: String?, dryRun: Bool) throws -> ImportReport {
        try importPO(try FileTree.read(url), from: url, locale: requestedLocale, dryRun: dryRun)
    }

    func importPO(_ bytes: [UInt8], from url: URL, locale requestedLocale: String?, dryRun: Bool) throws -> ImportReport {
        var report = ImportReport()
        let inputPath = url.relativePath  // as the user named it, for diagnostics
        let read = POReader(path: inputPath).read(bytes)
        report.diagnostics += read.diagnostics
        guard let locale = requestedLocale ?? read.catalog.header("Language").flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw ExchangeError.noLocale(inputPath)
        }
        let normalizedLocale = locale.replacingOccurrences(of: "_", with: "-")
        guard project.targetLocales.contains(normalizedLocale) else { throw ExchangeError.unknownLocale(normalizedLocale, known: project.targetLocales) }
        report.locale = normalizedLocale
        let check = try CatalogCheck(locale: normalizedLocale)

        // Each translated entry of the file, with its index there (for positions in diagnostics).
        var byKey: [CatalogEntry.Key: (entry: CatalogEntry, index: Int)] = [:]
        var incoming: [CatalogEntry] = []
        for (index, entry) in read.catalog.entries.enumerated() where !entry.isObsolete && entry.translations.contains(where: { !$0.isEmpty }) {
            incoming.append(entry)
            if let problem = check.pluralFormCountProblem(of: entry) {
                let line = read.locations.indices.contains(index) ? read.locations[index].translationLines.first ?? read.locations[index].line : 0
                report.diagnostics.append(Diagnostic(.error, file: inputPath, line: line, column: line > 0 ? 1 : 0, problem.message,
                                                     hint: problem.hint + "; the entry was not imported"))
                continue
            }
            byKey[entry.key] = (entry, index)
        }
        // Site strings are ICU MessageFormat: an entry bound for the site strings' catalog must pass the
        // validator, or it is rejected and that catalog keeps what it had. Judged once per entry.
        var messageFormatVerdicts: [CatalogEntry.Key: Bool] = [:]
        func passesMessageFormatCheck(_ update: CatalogEntry, index: Int) -> Bool {
            if let verdict = messageFormatVerdicts[update.key] { return verdict }
            let problems = check.messageFormatProblems(of: update)
            for (translation, problem) in problems {
                let (line, column) = read.position(entry: index, translation: translation, utf8Offset: problem.offset)
                report.diagnostics.append(Diagnostic(.error, file: inputPath, line: line, column: column, problem.message,
                                                     hint: problem.hint + "; the entry was not imported"))
            }
            messageFormatVerdicts[update.key] = problems.isEmpty
            return problems.isEmpty
        }
        var matched = Set<CatalogEntry.Key>()
        for file in try project.sourceFiles().translatable {
            let catalogURL = project.catalogURL(locale: normalizedLocale, catalogPath: file.catalogPath)
            guard let found = try project.readCatalog(at: catalogURL) else { continue }
            if found.diagnostics.hasErrors {
                report.diagnostics += found.diagnostics
                continue
            }
            var catalog = found.catalog
            var changed = false
            for index in catalog.entries.indices where !catalog.entries[index].isObsolete {
                guard let (update, updateIndex) = byKey[catalog.entries[index].key] else { continue }
                matched.insert(update.key)
                if file.kind == .uiStrings, !passesMessageFormatCheck(update, index: updateIndex) { continue }
                var entry = catalog.entries[index]
                let before = entry
                entry.translations = update.translations
                entry.isFuzzy = update.isFuzzy
                if !update.isFuzzy {
                    entry.previousID = nil
                    entry.previousIDPlural = nil
                    entry.previousContext = nil
                }
                if !update.translatorComments.isEmpty { entry.translatorComments = update.translatorComments }
                if entry != before {
                    catalog.entries[index] = entry
                    changed = true
                    report.updatedEntries += 1
                } else {
                    report.unchangedEntries += 1
                }
            }
            if changed, let translator = read.catalog.header("Last-Translator"), !translator.isEmpty {
                catalog.setHeader("Last-Translator", translator)
            }
            if changed && !dryRun {
                try FileTree.writeAtomically(Array(project.poWriter.write(catalog).utf8), to: catalogURL)
                report.catalogsWritten += 1
            }
        }
        report.unmatched = incoming.filter { byKey[$0.key] != nil && !matched.contains($0.key) }
        if !report.unmatched.isEmpty && !dryRun {
            // Keep what we could not place, so no translator's work is lost.
            var leftovers = Catalog(entries: report.unmatched)
            leftovers.headerFields = read.catalog.headerFields
            let leftoverURL = url.deletingPathExtension().appendingPathExtension("unmatched.po")
            try FileTree.writeAtomically(Array(POWriter().write(leftovers).utf8), to: leftoverURL)
            report.unmatchedFile = leftoverURL.path
        }
        return report
    }

}

public enum ExchangeError: Error, CustomStringConvertible {
    case unknownLocale(String, known: [String])
    case noLocale(String)
    case brokenCatalog([Diagnostic])
    /// The exchange file cannot be read safely (malformed or hostile XML, a path out of the project).
    case unreadableFile([Diagnostic])
    case noTargetLanguage(String)
    case fileTooLarge(String, bytes: Int, limit: Int)
    case importInProgress(String)
    case cannotLock(String, reason: String)

    public var description: String {
        switch self {
        case .unknownLocale(let locale, let known):
            return "error: '\(locale)' is not a target locale of this site (targets: \(known.joined(separator: ", ")))"
        case .noLocale(let path):
            return "\(path): error: the file's header names no Language (pass --locale LOCALE)"
        case .brokenCatalog(let diagnostics), .unreadableFile(let diagnostics):
            return diagnostics.map(\.description).joined(separator: "\n")
        case .noTargetLanguage(let path):
            return "\(path): error: the file names no target language (trgLang in XLIFF 2.0, target-language in 1.2; pass --locale LOCALE)"
        case .fileTooLarge(let path, let bytes, let limit):
            return "\(path): error: the file is \(bytes) bytes, more than the limit of \(limit) bytes (split the export with --split DIR or --files GLOB)"
        case .importInProgress(let path):
            return "error: another tolk import holds \(path) (wait for it to finish, then run this one again)"
        case .cannotLock(let path, let reason):
            return "\(path): error: cannot take the import lock: \(reason) (check that .tolk/ is writable)"
        }
    }
}
