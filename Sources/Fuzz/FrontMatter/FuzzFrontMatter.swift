import Extractor
import FuzzSupport
import Merger

/// Fuzzes front matter (YAML between `---`, TOML between `+++`, a JSON object) of a Markdown page: tolk's YAML, JSON and
/// TOML scalar locators and the renderers that write a translation back.
///
/// Whatever the bytes, extraction must not crash, and:
/// 1. the identity merge gives back the page byte for byte;
/// 2. in a page that is valid UTF-8, every front matter value replaced by a translation — its own text, or text with what quoting
///    must handle (`: `, ` #`, quotes, backslashes, a line break, a leading `-`, a word YAML reads
///    as a boolean) — reads back as exactly that translation, with the same units before and after.
@_cdecl("FuzzFrontMatter_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    let keys = ["title", "summary", "description", "tags", "slug", "hero.*", "**.label"]
    let source = MarkdownPageSource(translatableKeys: keys.map(KeyPattern.init))
    return Fuzz.run(argc, argv) { bytes in
        let document = source.extract(path: "fuzz.md", bytes: bytes).document
        let identity = SpanMerger.merge(document, replacements: document.units.map { _ in nil })
        let at = Fuzz.firstDifference(bytes, identity)
        Fuzz.expect(identity == bytes, "identity merge differs at byte \(at): \(Fuzz.show(bytes[min(at, bytes.count)...])) became \(Fuzz.show(identity[min(at, identity.count)...]))")

        let frontMatter = document.units.indices.filter { document.units[$0].role.frontMatterKeyPath != nil }
        // Invalid UTF-8 in YAML front matter is read lossily (U+FFFD), and what follows it may be missed
        // (Tests/Fuzz/FrontMatter/crashes/yaml-invalid-utf8-drops-later-keys.md): only valid UTF-8 is translated here.
        guard !frontMatter.isEmpty, String(validating: bytes, as: UTF8.self) != nil else { return }
        // The same input always gets the same translations; which ones, the input's size decides.
        let probes = [nil, "Zwei: Punkte", "a #hash and 'single' \"double\"", "back\\slash\ttab", "first line\nsecond line",
                      "- dash", "yes", "Ölçü — 日本語 ✓", "'''triple''' \"\"\"quotes\"\"\"", "trailing space ", "[not, a, list]", "{x: 1}"]
        var replacements = [String?](repeating: nil, count: document.units.count)
        for (position, index) in frontMatter.enumerated() {
            let text = document.units[index].text
            // A translator keeps a value's final line break, as msgfmt --check requires: a block scalar
            // (`|`, `>`) ends with one.
            replacements[index] = probes[(bytes.count + position) % probes.count].map { text.hasSuffix("\n") ? $0 + "\n" : $0 } ?? text
        }
        let merged = SpanMerger.merge(document, replacements: replacements)
        let again = source.extract(path: "fuzz.md", bytes: merged).document
        let againFrontMatter = again.units.filter { $0.role.frontMatterKeyPath != nil }
        Fuzz.expect(againFrontMatter.count == frontMatter.count,
                    "\(frontMatter.count) front matter units before translation, \(againFrontMatter.count) after: \(frontMatter.map { "\(document.units[$0].context ?? "") \(document.units[$0].text.debugDescription)" }) became \(againFrontMatter.map { "\($0.context ?? "") \($0.text.debugDescription)" }) in \(Fuzz.show(merged))")
        for (unit, index) in zip(againFrontMatter, frontMatter) {
            let expected = replacements[index] ?? ""
            Fuzz.expect(unit.text.utf8.elementsEqual(expected.utf8) && unit.context == document.units[index].context,
                        "\(document.units[index].kind) translated as \(expected.debugDescription) reads back as \(unit.kind) \(unit.text.debugDescription) in \(Fuzz.show(merged))")
        }
    }
}
