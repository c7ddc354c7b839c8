import Catalog
import Core
import Exchange
import Extractor
import Foundation
import Reports
import Sync
import Workspace

/// `tolk adopt LOCALE --from PATH`: the pages of a site that is already translated become catalog
/// entries of that locale.
///
/// Each source page is paired with its translated page (by mirrored path, by a locale suffix in the
/// file name, or by a front matter key), both are extracted the same way, their units are aligned
/// (`PageAdoption`, `BodyAlignment`), and what pairs goes through the one import path,
/// `ImportSession`, scoped to the page's own catalog: the same checks as any import, the all-or-nothing
/// write, and, unless `overwrite`, no entry that has a translation is changed. Before that, the
/// catalogs are brought up to date as `tolk sync` does (not with `dryRun`, which writes nothing).
/// Nothing outside the `from` folder is read: its files are listed without following a link that
/// leaves it.
public struct Adopter {
    public enum Pairing: Sendable, Equatable, CustomStringConvertible {
        /// `from` mirrors the content folder: `public/ru/posts/a.md` is the translation of `posts/a.md`.
        case mirror
        /// The translation sits beside its source, the locale before the extension: `posts/a.ru.md`.
        case suffix
        /// Pages anywhere under `from` pair with the source page whose front matter has the same value
        /// of this key (a source page without it counts as having its content path without extension,
        /// as `tolk build` writes `translationKey`).
        case frontMatterKey(String)

        public var description: String {
            switch self {
            case .mirror: "mirror"
            case .suffix: "suffix"
            case .frontMatterKey(let key): "key \(key)"
            }
        }
    }

    public let project: Project
    public let locale: String
    public let from: URL
    /// The folder as the user named it, for the report.
    public let fromDisplay: String
    public var pairing = Pairing.mirror
    public var dryRun = false
    public var overwrite = false

    /// A translated page larger than this is not read (a page of a site is far smaller).
    public static let maximumPageSize = 16 << 20

    public init(project: Project, locale: String, from: URL, fromDisplay: String) {
        self.project = project
        self.locale = locale
        self.from = from.standardizedFileURL
        self.fromDisplay = fromDisplay
    }

    public struct Outcome {
        public var report = AdoptionReport()
        public var diagnostics: [Diagnostic] = []
        /// The sync that ran first, when one did.
        public var sync: Synchronizer.Report?
    }

    public func run(holding lock: ProjectLock) throws -> Outcome {
        let locale = try project.targetLocale(named: self.locale)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: from.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw AdoptError.noFolder(fromDisplay)
        }
        var timer = StepTimer()
        var outcome = Outcome()
        outcome.report.locale = locale
        outcome.report.from = fromDisplay
        outcome.report.pairing = pairing.description
        outcome.report.dryRun = dryRun
        if !dryRun {
            let sync = try Synchronizer(project: project).run(holding: lock)
            outcome.diagnostics += sync.diagnostics
            outcome.sync = sync
            timer.lap("sync")
        }

        let translatedFiles = try FileTree.files(under: from)
        // In a suffix layout the translations may live in the content folder itself: `sourceFiles` leaves them out.
        let sources = try project.sourceFiles().translatable
        let (matches, strays, pairingDiagnostics) = try pair(sources, with: translatedFiles, locale: locale)
        outcome.diagnostics += pairingDiagnostics
        outcome.report.strayTranslations = strays.map { display($0) }
        timer.lap("pair pages")

        let site = self.project, folder = self.from
        let work = Array(zip(sources, matches))
        var pages = work.parallelMap { file, match -> (PageAdoption.Result, [Diagnostic]) in
            Self.adoptPage(file, translation: match, project: site, locale: locale, from: folder, display: { Self.display($0, from: folder, project: site) })
        }
        timer.lap("extract and align")
        Self.pairSortedLists(&pages)
        timer.lap("sorted lists")
        var incoming: [IncomingTranslation] = []
        var pageOfIncoming: [Int] = []
        for (index, (result, diagnostics)) in pages.enumerated() {
            outcome.diagnostics += diagnostics
            outcome.report.pages.append(result.page)
            incoming += result.incoming
            pageOfIncoming += Array(repeating: index, count: result.incoming.count)
        }

        var session = ImportSession(project: project, locale: locale, check: try CatalogCheck(locale: locale), inputPath: fromDisplay, inputURL: from,
                                    dryRun: dryRun, markReviewed: false, noun: "unit")
        session.writesUnmatchedFile = false
        session.keepsExistingTranslations = !overwrite
        let imported = try session.run(incoming, readDiagnostics: [])
        timer.lap("import")
        outcome.diagnostics += imported.diagnostics
        outcome.report.catalogsWritten = imported.catalogsWritten
        var noEntry = [Int](repeating: 0, count: outcome.report.pages.count)
        for (index, translation) in incoming.enumerated() {
            let page = pageOfIncoming[index]
            switch imported.outcomes[index] {
            case .applied:
                if translation.state == .needsReview { outcome.report.pages[page].needsReview += 1 } else { outcome.report.pages[page].translated += 1 }
            case .keptExisting: outcome.report.pages[page].keptExisting += 1
            case .rejected: outcome.report.pages[page].rejected += 1
            case .unmatched, nil:
                if dryRun {
                    // A dry run does not sync: the entry appears with the sync adopt runs first, new and untranslated.
                    outcome.report.notYetInCatalogs += 1
                    if translation.state == .needsReview { outcome.report.pages[page].needsReview += 1 } else { outcome.report.pages[page].translated += 1 }
                } else {
                    noEntry[page] += 1
                }
            }
        }
        for index in outcome.report.pages.indices {
            var page = outcome.report.pages[index]
            if noEntry[index] > 0 {
                page.findings.append("\(noEntry[index]) paired units have no entry in \(page.catalog) (the catalog could not be read or brought up to date: see the errors above)")
            }
            if page.keptExisting > 0 {
                page.findings.append("\(page.keptExisting) entries already had another translation and kept it (--overwrite replaces them)")
            }
            if page.rejected > 0 {
                page.findings.append("\(page.rejected) paired translations were refused by the checks (see the errors above)")
            }
            let paired = page.translated + page.needsReview + page.sameAsSource + page.keptExisting + page.rejected + noEntry[index]
            if page.translation == nil || (paired == 0 && page.units > 0) {
                page.status = .notPaired
            } else if page.unpaired == 0 && page.extraInTranslation == 0 && page.rejected == 0 {
                page.status = .fullyPaired
            } else {
                page.status = .partlyPaired
            }
            outcome.report.pages[index] = page
        }
        return outcome
    }

    /// Pairs the values of sorted lists (tags) across pages and adds them to their pages.
    private static func pairSortedLists(_ pages: inout [(PageAdoption.Result, [Diagnostic])]) {
        var lists: [SortedListPairing.List] = []
        var owners: [(page: Int, list: Int)] = []
        for (pageIndex, page) in pages.enumerated() {
            for (listIndex, list) in page.0.sortedLists.enumerated() {
                lists.append(SortedListPairing.List(key: list.kind, sources: list.sourceUnits.map(\.text), translations: list.translations.map(\.text)))
                owners.append((pageIndex, listIndex))
            }
        }
        guard !lists.isEmpty else { return }
        for (answer, owner) in zip(SortedListPairing.solve(lists), owners) {
            let list = pages[owner.page].0.sortedLists[owner.list]
            var unknown: [String] = []
            for (unit, translation) in zip(list.sourceUnits, answer) {
                guard let translation, let line = list.translations.first(where: { $0.text == translation })?.line else {
                    unknown.append("'\(unit.text)'")
                    pages[owner.page].0.page.unpaired += 1
                    continue
                }
                pages[owner.page].0.add(unit, text: translation, line: line, certain: true)
            }
            if !unknown.isEmpty {
                pages[owner.page].0.page.findings.append("\(list.kind): the translated list is in another order (the build sorts it), and the other pages do not tell which translation is \(unknown.joined(separator: ", "))'s: left untranslated")
            }
        }
    }

    /// Reads, extracts and aligns one page; a page without translation, or one that cannot be read, is
    /// reported as not paired.
    private static func adoptPage(_ file: Project.SourceFile, translation: String?, project: Project, locale: String, from: URL,
                                  display: (String) -> String) -> (PageAdoption.Result, [Diagnostic]) {
        let catalog = project.displayPath(project.catalogURL(locale: locale, catalogPath: file.catalogPath))
        var page = AdoptionReport.Page(source: file.rootPath, catalog: catalog, translation: translation.map(display))
        guard let translation else {
            page.findings.append("no translated page")
            return (PageAdoption.Result(page: page), [])
        }
        let translationPath = display(translation)
        do {
            let (source, sourceDiagnostics) = try project.extract(file)
            let url = from.appendingPathComponent(translation)
            if let size = try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int, size > maximumPageSize {
                page.findings.append("the translated page is \(size) bytes, more than \(maximumPageSize): not read")
                return (PageAdoption.Result(page: page), sourceDiagnostics)
            }
            let bytes = try FileTree.read(url)
            var (translated, diagnostics) = file.format.source(configuration: project.configuration).extract(path: file.path, bytes: bytes)
            for index in diagnostics.indices { diagnostics[index].file = translationPath }
            let adoption = PageAdoption(configuration: project.configuration, dialect: file.format.markdownDialect,
                                        translationPath: translationPath, catalogPath: file.catalogPath)
            return (adoption.adopt(source: source, translation: translated, into: page), sourceDiagnostics + diagnostics)
        } catch {
            page.findings.append("not read: \(ProjectError.message(of: error))")
            return (PageAdoption.Result(page: page), [Diagnostic(.error, file: translationPath, line: 0, column: 0, "cannot read the page: \(ProjectError.message(of: error))", hint: "check that it exists and can be read")])
        }
    }

    /// The translated file (relative to `from`) of each source file, nil where there is none; the
    /// translated files no source claims; and the problems found on the way (two pages with one key).
    private func pair(_ sources: [Project.SourceFile], with translated: [String], locale: String) throws -> ([String?], [String], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let available = Set(translated)
        var claimed = Set<String>()
        var matches: [String?] = []
        switch pairing {
        case .mirror:
            matches = sources.map { available.contains($0.path) ? $0.path : nil }
        case .suffix:
            matches = sources.map { file in
                let dot = file.path.lastIndex(of: ".").flatMap { file.path[$0...].contains("/") ? nil : $0 }
                let stem = dot.map { String(file.path[..<$0]) } ?? file.path, ext = dot.map { String(file.path[$0...]) } ?? ""
                return [locale, locale.lowercased()].map { stem + "." + $0 + ext }.first(where: available.contains)
            }
        case .frontMatterKey(let key):
            let configuration = project.configuration
            let candidates = translated.filter { ContentFormats.format(for: $0, configuration: configuration)?.role == .page }
            let from = self.from
            let keys = candidates.parallelMap { path -> (value: String, line: Int)? in
                guard let format = ContentFormats.format(for: path, configuration: configuration),
                      let bytes = try? FileTree.read(from.appendingPathComponent(path)), bytes.count <= Self.maximumPageSize,
                      let value = format.source(configuration: configuration).extract(path: path, bytes: bytes).document.frontMatter?.scalars[key] else { return nil }
                return (value, Self.line(ofKey: key, in: bytes))
            }
            var byKey: [String: String] = [:]
            var duplicated = Set<String>()
            for (path, found) in zip(candidates, keys) {
                guard let found, !found.value.isEmpty else { continue }
                let value = found.value
                if let first = byKey[value] {
                    duplicated.insert(value)
                    diagnostics.append(Diagnostic(.error, file: display(path), line: found.line, column: 1, "\(key) '\(value)' is also the key of \(display(first)): neither is adopted",
                                                  hint: "give each translated page its own \(key)"))
                } else {
                    byKey[value] = path
                }
            }
            let project = self.project
            let sourceKeys = sources.parallelMap { file -> String in
                let value = file.role == .page ? (try? project.extract(file))?.document.frontMatter?.scalars[key] : nil
                return value ?? (file.path.lastIndex(of: ".").map { String(file.path[..<$0]) } ?? file.path)
            }
            matches = sources.indices.map { index in
                sources[index].role == .page && !duplicated.contains(sourceKeys[index]) ? byKey[sourceKeys[index]] : nil
            }
            // Navigation and site strings have no front matter: they pair by path.
            for index in sources.indices where sources[index].role != .page && available.contains(sources[index].path) { matches[index] = sources[index].path }
            for value in duplicated { if let path = byKey[value] { claimed.insert(path) } }
        }
        for match in matches { if let match { claimed.insert(match) } }
        let strays = translated.filter { path in
            !claimed.contains(path) && ContentFormats.format(for: path, configuration: project.configuration) != nil
                && (pairing != .suffix || Project.localeSuffix(of: path, among: [locale]) != nil)
        }
        return (matches, strays, diagnostics)
    }

    /// The line of a page where its front matter sets `key` (`key:`, `key =`, `"key":`), or 0.
    static func line(ofKey key: String, in bytes: [UInt8]) -> Int {
        var line = 1
        var atLineStart = true
        let forms = ["\(key):", "\(key) =", "\(key)=", "\"\(key)\""].map { Array($0.utf8) }
        for index in bytes.indices {
            if atLineStart {
                var start = index
                while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
                if forms.contains(where: { bytes[start...].starts(with: $0) }) { return line }
            }
            atLineStart = bytes[index] == 0x0A
            if atLineStart { line += 1 }
        }
        return 0
    }

    private func display(_ path: String) -> String { Self.display(path, from: from, project: project) }

    /// A translated file's path as the user sees it: relative to the project when it is inside it.
    private static func display(_ path: String, from: URL, project: Project) -> String {
        project.displayPath(from.appendingPathComponent(path))
    }
}

public enum AdoptError: Error, CustomStringConvertible {
    case noFolder(String)

    public var description: String {
        switch self {
        case .noFolder(let path):
            return "\(path): error: no such folder (name the folder of the translated pages with --from, e.g. public/ru or content/de)"
        }
    }
}
