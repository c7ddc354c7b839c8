import Catalog
import FuzzSupport

/// Fuzzes the PO reader and its writer.
///
/// Whatever the bytes, reading them must not crash, and what was read, written by `POWriter` and read
/// again, must:
/// 1. read without errors (the writer only writes what the reader accepts);
/// 2. write to the same bytes again (the writer's output is a fixed point, as msgcat's is);
/// 3. hold the same entries: contexts, texts, translations, previous strings, comments, obsolete and
///    needs-review states, byte for byte, less what the writer drops on purpose, as gettext does (an
///    obsolete entry without a translation, a `fuzzy` flag on an empty translation), and in the
///    writer's order (active entries, then obsolete ones).
@_cdecl("FuzzPOReader_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    Fuzz.run(argc, argv) { bytes in
        let first = POReader(path: "fuzz.po").read(bytes)
        let written = POWriter().encoded(first.catalog)
        let second = POReader(path: "written.po").read(written)
        let errors = second.diagnostics.filter { $0.severity == .error }
        Fuzz.expect(errors.isEmpty, "the writer's output does not read back: \(errors.map(\.description)) in \(Fuzz.show(written))")
        let rewritten = POWriter().encoded(second.catalog)
        let at = Fuzz.firstDifference(written, rewritten)
        Fuzz.expect(rewritten == written, "writing what the writer wrote changes it at byte \(at): \(Fuzz.show(written[min(at, written.count)...])) became \(Fuzz.show(rewritten[min(at, rewritten.count)...]))")

        // The writer puts the active entries first, then the obsolete ones, each in order (gettext's layout).
        let entries = first.catalog.entries.filter { !$0.isObsolete } + first.catalog.entries.filter { $0.isObsolete }
        let expected = entries.filter(POWrittenEntry.isWritten).map(POWrittenEntry.init)
        let actual = second.catalog.entries.map(POWrittenEntry.init)
        Fuzz.expect(expected.count == actual.count, "\(expected.count) entries written, \(actual.count) read back from \(Fuzz.show(written))")
        for (index, (before, after)) in zip(expected, actual).enumerated() {
            Fuzz.expect(before == after, "entry \(index + 1) read back differently:\n  \(before)\n  \(after)\nfrom \(Fuzz.show(written))")
        }
    }
}

/// What a PO file must carry through a write and a read, compared by UTF-8 bytes (Swift's `==` on
/// strings is canonical equivalence, under which `é` and `e\u{301}` are equal).
struct POWrittenEntry: Equatable, CustomStringConvertible {
    var fields: [[UInt8]?]
    var translations: [[UInt8]]
    var comments: [[UInt8]]
    var isObsolete: Bool
    var needsReview: Bool

    /// The writer leaves out an obsolete entry whose translation is empty (gettext's rule).
    static func isWritten(_ entry: CatalogEntry) -> Bool {
        !entry.isObsolete || !(entry.translations.first?.isEmpty ?? true)
    }

    init(_ entry: CatalogEntry) {
        fields = [entry.context, entry.id, entry.idPlural, entry.previousContext, entry.previousID, entry.previousIDPlural].map { $0.map { Array($0.utf8) } }
        translations = entry.translations.map { Array($0.utf8) }
        // A translator comment of several lines is written as one `#` line each.
        comments = entry.translatorComments.flatMap { $0.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init) }
            + [[0]] + entry.extractedComments.map { Array($0.utf8) }
        isObsolete = entry.isObsolete
        // `fuzzy` is written only on an entry whose first translation is not empty (gettext's rule).
        needsReview = entry.isFuzzy && !(entry.translations.first?.isEmpty ?? true)
    }

    var description: String {
        let show = { (bytes: [UInt8]?) in bytes.map { String(decoding: $0, as: UTF8.self).debugDescription } ?? "nil" }
        return "fields \(fields.map(show)) translations \(translations.map(show)) comments \(comments.map(show)) obsolete \(isObsolete) needs review \(needsReview)"
    }
}
