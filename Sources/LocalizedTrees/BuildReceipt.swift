import Catalog
import Core
import Foundation
import Workspace
#if canImport(Glibc)
import Glibc
#endif

/// What the next `tolk build` will say if it finds every file as the last one left it, in
/// `.tolk/build-receipt`: such a build says it without loading the build state or planning anything
/// (a no-op of 5,000 posts in 10 locales plans 110,000 outputs).
///
/// The last build leaves one when it knows what a build that changes nothing says: its own report when
/// it changed nothing itself; otherwise only when it reported no finding, and then its figures with
/// every file unchanged (see `Run.makeReceipt`). A receipt holds the stat data of everything a build
/// compares: the configuration, the build state, the record of trees a killed build was patching, every
/// content file, every catalog along the locales' chains, and every output. Its key is the build's
/// settings (the build state's fingerprint), the locales asked for and `--strict`. Any difference — a
/// file touched, added or removed, an output edited or deleted, a tree missing, a leftover of a killed
/// build — and the build runs in full; a run in full removes the receipt before it does anything. A
/// build that collects pages for the preview, or a site with a generator's wiring (whose files every
/// build reads), never replays one.
struct BuildReceipt {
    static let header = "tolk-build-receipt 1"

    var key: UInt64
    /// Digest of the paths of the project's files and the content folder's files, in their order
    /// (relative to the project root). The catalogs' paths follow from them and the settings (the key).
    var listedPaths: UInt64
    /// The project's files, the content folder's files, then the catalogs.
    var inputStamps: [FileStamp?]
    /// Outputs compared by the full run, relative to the output folder, with their stat data.
    var outputPaths: [String]
    var outputStamps: [FileStamp?]
    /// The written locales' trees (relative to the output folder) and whether each existed.
    var trees: [(tree: String, exists: Bool)]
    var report: SiteBuilder.Report

    static func location(in project: Project) -> URL { project.stateFolder.appendingPathComponent("build-receipt") }

    /// The files every build reads besides the content and the catalogs, relative to the root: the
    /// configuration, the build state and the record of unfinished trees (absent, normally).
    static func projectFiles(in project: Project) -> [String] {
        [Configuration.fileName] + [BuildState.location(in: project), TreePatch.unfinishedList(in: project)].map { ".tolk/" + $0.lastPathComponent }
    }

    static func digest(ofPaths paths: [String]) -> UInt64 {
        var hash = StableHash()
        for path in paths { hash.add(path); hash.add(byte: 0) }
        return hash.value
    }

    /// Removes the receipt; a build that may change anything calls this before it does.
    static func remove(in project: Project) throws {
        let path = location(in: project).path
        guard unlink(path) == 0 || errno == ENOENT else {
            throw ProjectError.unwritable(path: path, reason: String(cString: strerror(errno)))
        }
    }

    func save(in project: Project) throws {
        try ToolFolder.prepare(in: project)
        var out = Encoder()
        out.bytes += Array((Self.header + "\n").utf8)
        out.number(key)
        out.number(listedPaths)
        out.stamps(inputStamps)
        out.texts(outputPaths)
        out.stamps(outputStamps)
        out.number(UInt64(trees.count))
        for (tree, exists) in trees { out.text(tree); out.number(exists ? 1 : 0) }
        out.report(report)
        try FileTree.writeAtomically(out.bytes, to: Self.location(in: project))
    }

    /// The receipt on disk, or nil when there is none or it cannot be read whole (it is then ignored).
    static func load(in project: Project) -> BuildReceipt? {
        guard let bytes = try? FileTree.readIfPresent(location(in: project)) else { return nil }
        var input = Decoder(bytes: bytes)
        guard input.line() == header, let key = input.number(), let listedPaths = input.number(), let inputStamps = input.stamps(),
              let outputPaths = input.texts(), let outputStamps = input.stamps(), outputStamps.count == outputPaths.count,
              let treeCount = input.count() else { return nil }
        var trees: [(String, Bool)] = []
        for _ in 0..<treeCount {
            guard let tree = input.text(), let exists = input.number(), exists <= 1 else { return nil }
            trees.append((tree, exists == 1))
        }
        guard let report = input.report(), input.isAtEnd else { return nil }
        return BuildReceipt(key: key, listedPaths: listedPaths, inputStamps: inputStamps, outputPaths: outputPaths, outputStamps: outputStamps,
                            trees: trees, report: report)
    }

    /// The report to give again when every file the receipt names is as it was; nil when anything differs.
    /// `listed`: the project's files and the content folder's; `catalogs`: the catalogs' paths, asked for
    /// only when the listed files are as they were. A build after an edit finds a content file changed
    /// (one of a blog's 5,000, before its 50,000 catalogs), so a receipt that no longer holds costs little.
    func replay(in project: Project, key: UInt64, listed: [String], catalogs: () -> [String]) -> SiteBuilder.Report? {
        guard key == self.key, Self.digest(ofPaths: listed) == listedPaths, listed.count <= inputStamps.count else { return nil }
        let root = project.root.path + "/"
        guard FileStamp.of(paths: listed, under: root).elementsEqual(inputStamps[..<listed.count]) else { return nil }
        let catalogPaths = catalogs()
        guard FileStamp.of(paths: catalogPaths, under: root).elementsEqual(inputStamps[listed.count...]) else { return nil }
        let outputRoot = project.outputFolder.path + "/"
        guard FileStamp.of(paths: outputPaths, under: outputRoot) == outputStamps else { return nil }
        for (tree, exists) in trees {
            var status = stat()
            let isFolder = stat(outputRoot + tree, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
            guard isFolder == exists else { return nil }
        }
        // A killed build's staging or retired tree is swept by a build in full.
        for folder in [project.outputFolder, project.outputFolder.deletingLastPathComponent()] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            if names.contains(where: TreeSwap.isStagingOrRetired) { return nil }
        }
        return report
    }
}

// MARK: Encoding

extension BuildReceipt {
    /// Little-endian numbers, and texts as a byte count and their UTF-8.
    struct Encoder {
        var bytes: [UInt8] = []

        mutating func number(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        mutating func number(_ value: Int) { number(UInt64(bitPattern: Int64(value))) }
        mutating func text(_ value: String) { number(UInt64(value.utf8.count)); bytes += value.utf8 }
        mutating func texts(_ values: [String]) { number(values.count); for value in values { text(value) } }

        mutating func stamps(_ stamps: [FileStamp?]) {
            number(UInt64(stamps.count))
            for stamp in stamps {
                // A missing file is a size of -2 (a real stamp's size is never negative; -1 marks one
                // that changed while it was read, which matches no file).
                number(Int(stamp?.size ?? -2))
                number(Int(stamp?.modified ?? 0))
                number(stamp?.inode ?? 0)
            }
        }

        mutating func diagnostic(_ diagnostic: Diagnostic) {
            number(diagnostic.severity == .error ? 1 : 0)
            text(diagnostic.file)
            number(diagnostic.line)
            number(diagnostic.column)
            text(diagnostic.message)
            number(diagnostic.hint == nil ? 0 : 1)
            if let hint = diagnostic.hint { text(hint) }
        }

        mutating func notes(_ notes: [SiteBuilder.PageNote]) {
            number(notes.count)
            for note in notes { text(note.path); number(note.percent) }
        }

        mutating func report(_ report: SiteBuilder.Report) {
            number(report.locales.count)
            for locale in report.locales {
                text(locale.locale)
                for value in [locale.isPseudo ? 1 : 0, locale.pages, locale.units, locale.translatedUnits, locale.fallbackUnits, locale.sourceUnits,
                              locale.filesWritten, locale.filesUnchanged, locale.filesRemoved] { number(value) }
                notes(locale.omitted)
                notes(locale.incomplete)
                number(locale.fallbacks.count)
                for fallback in locale.fallbacks { text(fallback.place); text(fallback.from) }
            }
            number(report.diagnostics.count)
            for item in report.diagnostics { diagnostic(item) }
            number(report.bytesWritten)
            number(report.pagesTranslated)
            texts(report.wiringWritten)
            texts(report.wiringRemoved)
            number(report.wiringUnchanged)
        }
    }

    /// Reads what `Encoder` wrote; every read is bounds-checked and answers nil past the end.
    struct Decoder {
        let bytes: [UInt8]
        var position = 0

        var isAtEnd: Bool { position == bytes.count }

        mutating func line() -> String? {
            guard let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            defer { position = end + 1 }
            return String(decoding: bytes[position..<end], as: UTF8.self)
        }

        mutating func number() -> UInt64? {
            guard bytes.count - position >= 8 else { return nil }
            defer { position += 8 }
            return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: UInt64.self)) }
        }

        mutating func integer() -> Int? { number().map { Int(Int64(bitPattern: $0)) } }

        /// A count of items that each take at least one byte: never more than the bytes left.
        mutating func count() -> Int? {
            guard let value = number(), value <= UInt64(bytes.count - position) else { return nil }
            return Int(value)
        }

        mutating func text() -> String? {
            guard let length = count() else { return nil }
            defer { position += length }
            return String(decoding: bytes[position..<position + length], as: UTF8.self)
        }

        mutating func stamps() -> [FileStamp?]? {
            guard let count = count() else { return nil }
            var stamps: [FileStamp?] = []
            stamps.reserveCapacity(count)
            for _ in 0..<count {
                guard let size = integer(), let modified = integer(), let inode = number() else { return nil }
                stamps.append(size == -2 ? nil : FileStamp(size: Int64(size), modified: Int64(modified), inode: inode))
            }
            return stamps
        }

        mutating func diagnostic() -> Diagnostic? {
            guard let severity = number(), severity <= 1, let file = text(), let line = integer(), let column = integer(),
                  let message = text(), let hasHint = number(), hasHint <= 1 else { return nil }
            var hint: String?
            if hasHint == 1 { guard let text = text() else { return nil }; hint = text }
            return Diagnostic(severity == 1 ? .error : .warning, file: file, line: line, column: column, message, hint: hint)
        }

        mutating func notes() -> [SiteBuilder.PageNote]? {
            guard let count = count() else { return nil }
            var notes: [SiteBuilder.PageNote] = []
            for _ in 0..<count {
                guard let path = text(), let percent = integer() else { return nil }
                notes.append(SiteBuilder.PageNote(path: path, percent: percent))
            }
            return notes
        }

        mutating func texts() -> [String]? {
            guard let count = count() else { return nil }
            var texts: [String] = []
            texts.reserveCapacity(count)
            for _ in 0..<count { guard let text = text() else { return nil }; texts.append(text) }
            return texts
        }

        mutating func report() -> SiteBuilder.Report? {
            var report = SiteBuilder.Report()
            guard let localeCount = count() else { return nil }
            for _ in 0..<localeCount {
                guard let name = text() else { return nil }
                var locale = SiteBuilder.LocaleReport(locale: name)
                var values: [Int] = []
                for _ in 0..<9 { guard let value = integer() else { return nil }; values.append(value) }
                locale.isPseudo = values[0] == 1
                (locale.pages, locale.units, locale.translatedUnits, locale.fallbackUnits, locale.sourceUnits) = (values[1], values[2], values[3], values[4], values[5])
                (locale.filesWritten, locale.filesUnchanged, locale.filesRemoved) = (values[6], values[7], values[8])
                guard let omitted = notes(), let incomplete = notes(), let fallbackCount = count() else { return nil }
                (locale.omitted, locale.incomplete) = (omitted, incomplete)
                for _ in 0..<fallbackCount {
                    guard let place = text(), let from = text() else { return nil }
                    locale.fallbacks.append((place, from))
                }
                report.locales.append(locale)
            }
            guard let diagnosticCount = count() else { return nil }
            for _ in 0..<diagnosticCount { guard let item = diagnostic() else { return nil }; report.diagnostics.append(item) }
            guard let bytesWritten = integer(), let pagesTranslated = integer(), let written = texts(), let removed = texts(),
                  let unchanged = integer() else { return nil }
            (report.bytesWritten, report.pagesTranslated, report.wiringWritten, report.wiringRemoved, report.wiringUnchanged) =
                (bytesWritten, pagesTranslated, written, removed, unchanged)
            return report
        }
    }
}
