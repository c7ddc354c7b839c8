import Catalog
import Core
import Foundation
import Workspace
#if canImport(Glibc)
import Glibc
#endif

/// What the last `tolk build` read and wrote, in `.tolk/build-state`, so the next one does only what changed.
///
/// Inputs are compared by content digest (64-bit FNV-1a of the bytes); the stat data recorded next to
/// each digest only says when the digest must be computed again, as git's index does: a file touched
/// but not changed costs one read and rebuilds nothing. Each output records the digest of everything it
/// was made from (its content file, the catalogs along its locale's chain, the site strings it uses,
/// the URLs of the pages it links to and of its other language versions) and its own stat data, so an
/// output deleted or edited by hand is written again. What reading a catalog reported (refused
/// translations above all) is kept too, so a build that reuses a version made from it says the same.
package struct BuildState: Sendable, Equatable {
    struct Input: Equatable, Sendable {
        var stamp: FileStamp
        var digest: UInt64
    }

    /// A translatable content file as extracted last time: what later runs need without extracting it again.
    struct Page: Equatable, Sendable {
        var digest: UInt64
        var sourceSlug: String
        /// Destinations of its links that may name other pages (resolved on every run).
        var destinations: [String]
    }

    /// One content file's output in one locale.
    struct Output: Equatable, Sendable {
        /// Digest of the content file and the catalogs along the chain: the page's translations.
        var translationKey: UInt64
        /// Digest of everything the written bytes depend on.
        var outputKey: UInt64
        var written: Bool
        var percent: Int
        var slug: String
        var translatedUnits: Int
        var fallbackUnits: Int
        var sourceUnits: Int
        /// Units whose translation failed the checks: the findings of the catalogs along the chain
        /// (`BuildState.findings`) are reported again by every build that reuses the version.
        var refusedUnits = 0
        /// Path relative to the output folder; empty when not written.
        var path: String
        var stamp: FileStamp?
        /// The page's URL in this locale (empty for files that are not pages).
        var url: String = ""
        /// The page's tags (`SiteBuilder.tagsKey`) in this locale, in the source's order: with the source
        /// locale's, they tie each localized tag to its source text (the preview's tag pages).
        var tags = TagList()
    }

    /// Whose outputs a run of records holds: one locale's versions of the content files, or the files
    /// copied as they are (images, data) into one tree.
    enum OutputGroup: Hashable, Sendable {
        case locale(String)
        case copiedFiles(tree: String)

        /// The spelling in the state file: the locale, or `*files:` and the tree (no locale starts with `*`).
        var stateKey: String {
            switch self {
            case .locale(let locale): return locale
            case .copiedFiles(let tree): return Self.copiedFilesPrefix + tree
            }
        }

        init(stateKey: String) {
            self = stateKey.hasPrefix(Self.copiedFilesPrefix) ? .copiedFiles(tree: String(stateKey.dropFirst(Self.copiedFilesPrefix.count))) : .locale(stateKey)
        }

        private static let copiedFilesPrefix = "*files:"
    }

    static let header = "tolk-build-state 4"

    var fingerprint: UInt64 = 0
    var inputs: [String: Input] = [:]
    var pages: [String: Page] = [:]
    /// Group (a locale, or a tree's copied files) → content path → output.
    var outputs: [OutputGroup: [String: Output]] = [:]
    /// Locale → content path → what reading the file's catalog in that locale reported, for the
    /// catalogs that reported something.
    var findings: [String: [String: CatalogFindings]] = [:]
    /// The keys of each run of records in the order the state file held them (sorted, as `save`
    /// wrote them): a save whose runs have the same keys writes them in that order without sorting
    /// them again. Not part of the state's value (`==` leaves it out).
    var keyOrder = KeyOrder()

    struct KeyOrder: Sendable {
        var inputs: [String] = []
        var pages: [String] = []
        var outputs: [OutputGroup: [String]] = [:]
    }

    package static func == (lhs: BuildState, rhs: BuildState) -> Bool {
        lhs.fingerprint == rhs.fingerprint && lhs.inputs == rhs.inputs && lhs.pages == rhs.pages && lhs.outputs == rhs.outputs
            && lhs.findings == rhs.findings
    }

    static func location(in project: Project) -> URL {
        project.root.appendingPathComponent(".tolk").appendingPathComponent("build-state")
    }

    /// The saved state when it was written by this version with the same settings; else an empty one.
    static func load(from url: URL, fingerprint: UInt64) -> BuildState {
        var state = BuildState()
        state.fingerprint = fingerprint
        guard let bytes = try? FileTree.readIfPresent(url) else { return state }
        return bytes.withUnsafeBufferPointer { buffer in parse(buffer, fingerprint: fingerprint) } ?? state
    }

    /// Reads the tab-separated records straight from the bytes. The records come in runs (inputs,
    /// pages, then each locale's outputs, as `save` writes them); the runs are parsed on all cores and
    /// joined, since a no-op build spends a good part of its time here.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, fingerprint: UInt64) -> BuildState? {
        var state = BuildState()
        state.fingerprint = fingerprint
        // The first two lines are the header and the fingerprint.
        let lines = tabSeparatedLines(in: bytes)
        guard lines.count >= 2 else { return nil }
        let header = TabSeparatedRecord(bytes: bytes, line: lines[0])
        guard header.fields.count == 1, header.text(0) == Self.header else { return nil }
        let second = TabSeparatedRecord(bytes: bytes, line: lines[1])
        guard second.fields.count == 2, second.text(0) == "fingerprint", second.hex(1) == fingerprint else { return nil }
        // Runs of records of one kind (and, for outputs, one locale).
        var runs: [Range<Int>] = []
        var runStart = 2
        func key(_ line: Range<Int>) -> ArraySlice<UInt8> {
            let record = bytes[line]
            guard record.first == UInt8(ascii: "o") || record.first == UInt8(ascii: "f") else { return ArraySlice(record.prefix(1)) }
            // "out\t<locale>\t…", "find\t<locale>\t…": the kind and the locale.
            let afterKind = record.firstIndex(of: 0x09).map { record.index(after: $0) } ?? record.endIndex
            let afterLocale = record[afterKind...].firstIndex(of: 0x09) ?? record.endIndex
            return ArraySlice(record[record.startIndex..<afterLocale])
        }
        for index in 3..<max(3, lines.count + 1) where index == lines.count || key(lines[index]) != key(lines[index - 1]) {
            if index > runStart { runs.append(runStart..<index) }
            runStart = index
        }
        nonisolated(unsafe) let shared = bytes
        let lineRanges = lines
        let parsed = runs.parallelMap { run -> BuildState? in
            var part = BuildState()
            // A run's records go to one dictionary: made at the run's size, not grown a dozen times.
            var order: [String] = []
            order.reserveCapacity(run.count)
            for index in run {
                guard add(TabSeparatedRecord(bytes: shared, line: lineRanges[index]), to: &part, expecting: run.count, order: &order) else { return nil }
            }
            if let group = part.outputs.keys.first { part.keyOrder.outputs[group] = order } else if !part.inputs.isEmpty { part.keyOrder.inputs = order } else { part.keyOrder.pages = order }
            return part
        }
        for part in parsed {
            guard let part else { return nil }
            // The first part of a kind is taken as it is: merging it into an empty dictionary would hash every key again.
            if state.inputs.isEmpty { state.inputs = part.inputs } else { state.inputs.merge(part.inputs) { $1 } }
            if state.pages.isEmpty { state.pages = part.pages } else { state.pages.merge(part.pages) { $1 } }
            state.keyOrder.inputs += part.keyOrder.inputs
            state.keyOrder.pages += part.keyOrder.pages
            for (group, order) in part.keyOrder.outputs { state.keyOrder.outputs[group, default: []] += order }
            for (locale, outputs) in part.outputs {
                if state.outputs[locale] == nil { state.outputs[locale] = outputs } else { state.outputs[locale]!.merge(outputs) { $1 } }
            }
            for (locale, findings) in part.findings {
                if state.findings[locale] == nil { state.findings[locale] = findings } else { state.findings[locale]!.merge(findings) { $1 } }
            }
        }
        return state
    }

    /// Adds a record of the state file to `state`, and its key (an input's, page's or output's) to
    /// `order`; false when it is malformed (the whole state is then ignored).
    /// - Parameter count: how many records of its kind (and locale) are coming, to size the dictionary they go to.
    private static func add(_ record: TabSeparatedRecord, to state: inout BuildState, expecting count: Int, order: inout [String]) -> Bool {
        guard let kind = record.fields.first.flatMap({ $0.isEmpty ? nil : record.bytes[$0.lowerBound] }) else { return true }
        switch (kind, record.fields.count) {
        case (UInt8(ascii: "i"), 6):
            guard let size = record.number(2), let modified = record.number(3), let inode = record.hex(4), let digest = record.hex(5) else { return false }
            if state.inputs.isEmpty { state.inputs.reserveCapacity(count) }
            let path = record.text(1)
            state.inputs[path] = Input(stamp: FileStamp(size: size, modified: modified, inode: inode), digest: digest)
            order.append(path)
        case (UInt8(ascii: "p"), 5):
            guard let digest = record.hex(2) else { return false }
            if state.pages.isEmpty { state.pages.reserveCapacity(count) }
            // Split on bytes: U+001F is one byte, and a `String`'s split compares `Character`s.
            let destinations = record.field(4).split(separator: 0x1F).map { String(decoding: $0, as: UTF8.self) }
            let path = record.text(1)
            state.pages[path] = Page(digest: digest, sourceSlug: record.text(3), destinations: destinations)
            order.append(path)
        case (UInt8(ascii: "o"), 18):
            guard let translationKey = record.hex(3), let outputKey = record.hex(4), let percent = record.number(6),
                  let translated = record.number(8), let fallback = record.number(9), let source = record.number(10), let refused = record.number(17) else { return false }
            var stamp: FileStamp?
            if let size = record.number(12), let modified = record.number(13), let inode = record.hex(14) {
                stamp = FileStamp(size: size, modified: modified, inode: inode)
            }
            let path = record.text(2)
            order.append(path)
            state.outputs[OutputGroup(stateKey: record.text(1)), default: Dictionary(minimumCapacity: count)][path] = Output(
                translationKey: translationKey, outputKey: outputKey, written: record.field(5).first == UInt8(ascii: "1"), percent: Int(percent),
                slug: record.text(7), translatedUnits: Int(translated), fallbackUnits: Int(fallback), sourceUnits: Int(source),
                refusedUnits: Int(refused), path: record.text(11), stamp: stamp, url: record.text(15), tags: TagList(stored: record.text(16)))
        case (UInt8(ascii: "f"), 4):
            state.findings[record.text(1), default: [:]][record.text(2)] = CatalogFindings(stored: record.text(3))
        default:
            return false
        }
        return true
    }

    private init(fingerprint: UInt64) { self.fingerprint = fingerprint }
    init() {}

    /// Writes the state atomically. Values with a tab or line break cannot be stored: such a record is
    /// left out, and the next build redoes that work. Records are sorted by their paths' bytes, so the
    /// same state gives the same file. The runs of records (inputs, pages, each group's outputs,
    /// findings) are sorted and written out on all cores, then written to the file in that order.
    /// - Parameter hint: the key order of the state this one was made from (`keyOrder`), which the
    ///   runs that have the same keys are written in.
    func save(to url: URL, inOrderOf hint: KeyOrder = KeyOrder()) throws {
        enum Run: Sendable {
            case inputs, pages, findings
            case outputs(group: String, [String: Output])
        }
        let groups = outputs.map { ($0.key.stateKey, $0.value) }.sorted(by: { $0.0.precedesByBytes($1.0) })
        let runs: [Run] = [.inputs, .pages] + groups.map { .outputs(group: $0.0, $0.1) } + [.findings]
        let parts = runs.parallelMap { run -> [UInt8] in
            var out = TabSeparatedWriter()
            switch run {
            case .inputs:
                out.bytes.reserveCapacity(inputs.count * 90)
                inputs.forEachInByteOrderOfKeys(following: hint.inputs) { Self.write($0, $1, to: &out) }
            case .pages:
                pages.forEachInByteOrderOfKeys(following: hint.pages) { Self.write($0, $1, to: &out) }
            case .outputs(let group, let files):
                out.bytes.reserveCapacity(files.count * 150)
                files.forEachInByteOrderOfKeys(following: hint.outputs[OutputGroup(stateKey: group)] ?? []) { Self.write($0, $1, of: group, to: &out) }
            case .findings:
                for (locale, files) in findings.inByteOrderOfKeys {
                    for (path, found) in files.inByteOrderOfKeys {
                        out.begin("find")
                        out.text(locale)
                        out.text(path)
                        out.text(found.stored, separatorAllowed: true)
                        out.end()
                    }
                }
            }
            return out.bytes
        }
        let head = Array((Self.header + "\nfingerprint\t" + String(fingerprint, radix: 16) + "\n").utf8)
        try FileTree.writeAtomically(parts: [head] + parts, toPath: url.path)
    }

    private static func write(_ path: String, _ input: Input, to out: inout TabSeparatedWriter) {
        out.begin("in")
        out.text(path)
        out.decimal(input.stamp.size)
        out.decimal(input.stamp.modified)
        out.hex(input.stamp.inode)
        out.hex(input.digest)
        out.end()
    }

    private static func write(_ path: String, _ page: Page, to out: inout TabSeparatedWriter) {
        out.begin("page")
        out.text(path)
        out.hex(page.digest)
        out.text(page.sourceSlug)
        out.list(page.destinations)
        out.end()
    }

    private static func write(_ path: String, _ output: Output, of group: String, to out: inout TabSeparatedWriter) {
        out.begin("out")
        out.text(group)
        out.text(path)
        out.hex(output.translationKey)
        out.hex(output.outputKey)
        out.decimal(Int64(output.written ? 1 : 0))
        out.decimal(Int64(output.percent))
        out.text(output.slug)
        out.decimal(Int64(output.translatedUnits))
        out.decimal(Int64(output.fallbackUnits))
        out.decimal(Int64(output.sourceUnits))
        out.text(output.path)
        if let stamp = output.stamp {
            out.decimal(stamp.size)
            out.decimal(stamp.modified)
            out.hex(stamp.inode)
        } else {
            out.text("")
            out.text("")
            out.text("")
        }
        out.text(output.url)
        out.text(output.tags.stored, separatorAllowed: true)
        out.decimal(Int64(output.refusedUnits))
        out.end()
    }
}

/// A page's tags in one locale, in the source's order.
///
/// Kept in the form the state file stores (each tag followed by U+001F) and split only when asked:
/// a no-op build reads 50,000 of these and needs none.
struct TagList: Equatable, Sendable {
    /// Each tag followed by U+001F.
    private(set) var stored: String

    init() { stored = "" }

    init(_ tags: [String]) { stored = tags.map { $0 + "\u{1F}" }.joined() }

    /// From the state file's field.
    init(stored: String) { self.stored = stored }

    var tags: [String] {
        stored.split(separator: "\u{1F}", omittingEmptySubsequences: false).dropLast().map(String.init)
    }
}
