import Extractor
import FuzzSupport
import Merger

/// Fuzzes Markdown extraction (cmark-gfm and tolk's inline scanners) and the span merge, in plain
/// CommonMark and in each site generator's dialect (Hugo, Jekyll, MkDocs, MDX).
///
/// Whatever the bytes and the dialect, extraction must not crash, and:
/// 1. every unit's span lies inside the file and overlaps no other (`SpanMerger` would drop
///    the translation of an overlapping unit without a word), and so does every link definition's
///    destination;
/// 2. the identity merge — every unit keeps its source text, as `tolk build` writes an untranslated
///    page and `tolk roundtrip --checks identity` checks — gives back the input byte for byte;
/// 3. a unit written on one line exactly as its message reads, rendered through `MarkdownLineSafety`
///    like any translation, is that same line: the escaping that keeps a translation from opening a
///    block never touches what was already there. (`MarkdownLineSafety` is asked directly: `SpanMerger`
///    keeps the source bytes of a unit replaced by its own message, which would hide a wrong escape.)
@_cdecl("FuzzMarkdown_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    let keys = ["title", "summary", "description", "tags", "slug"].map(KeyPattern.init)
    let dialects: [(any MarkdownDialect)?] = [nil, HugoDialect(), JekyllDialect(includeParameters: ["content", "caption"]), MkDocsDialect(), MDXDialect()]
    let sources = dialects.map { MarkdownPageSource(translatableKeys: keys, dialect: $0) }
    return Fuzz.run(argc, argv) { bytes in
      for source in sources {
        let document = source.extract(path: "fuzz.md", bytes: bytes).document
        // Units come in document order, except footnote definitions, which cmark-gfm moves to the end.
        var end = 0
        for (index, unit) in document.units.enumerated().sorted(by: { $0.element.span.lowerBound < $1.element.span.lowerBound }) {
            Fuzz.expect(unit.span.lowerBound >= end && unit.span.upperBound <= bytes.count,
                        "unit \(index + 1) (\(unit.kind), line \(unit.line)) spans \(unit.span), overlapping the unit before it (up to \(end)) or outside \(bytes.count) bytes")
            end = unit.span.upperBound
        }
        for range in document.linkDefinitionDestinations {
            Fuzz.expect(range.lowerBound >= 0 && range.upperBound <= bytes.count, "link destination \(range) outside \(bytes.count) bytes")
        }

        let identity = SpanMerger.merge(document, replacements: document.units.map { _ in nil })
        let at = Fuzz.firstDifference(bytes, identity)
        Fuzz.expect(identity == bytes, "identity merge differs at byte \(at): \(Fuzz.show(bytes[min(at, bytes.count)...])) became \(Fuzz.show(identity[min(at, identity.count)...]))")

        // In a dialect, a unit may start below lines of the generator's syntax that cmark reads as the
        // same paragraph (`*[CSS]: …`, `{{< notice >}}`) but the generator removes or expands first: its
        // first line then opens a block for the generator, and escaping it (`2\.`) is the safe writing.
        for unit in document.units where source.dialect == nil {
            guard case .markdown(_, _, let block) = unit.rendering, unit.plural == nil, !unit.text.contains(where: \.isNewline),
                  bytes[unit.span].elementsEqual(unit.text.utf8) else { continue }
            let written = MarkdownLineSafety.lines(of: unit.text, in: block)
            Fuzz.expect(written == [unit.text], "a unit written as its own message (\(unit.kind), line \(unit.line)) is rendered as \(written.map(\.debugDescription)), not \(unit.text.debugDescription)")
        }
      }
    }
}
