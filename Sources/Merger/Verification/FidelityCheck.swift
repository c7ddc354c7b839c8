import Extractor

/// Proves, for one source file, the promise merge makes: what the translator did not change does
/// not change, and what the translator changed cannot break the page. Three checks:
///
/// 1. **Identity**: merging translations equal to the source (what `tolk build` does for an
///    untranslated page) gives back the file byte for byte.
/// 2. **Rewrite**: writing every unit back from its message (soft breaks folded, containers
///    re-applied) renders to the same HTML, whitespace aside, and re-extracts to the same messages.
/// 3. **Pseudo**: a pseudo-translation of every unit (every word altered, markup kept) renders to
///    the same element structure (tags, link and image targets) and re-extracts to the pseudo messages.
public struct FidelityCheck: Sendable {
    public struct Report: Sendable {
        public var path: String
        public var units: Int
        /// Bytes that differ after the identity merge (0 is the promise).
        public var identityByteDifferences: Int
        /// Why the rewrite check failed, nil when it passed.
        public var rewriteProblem: String?
        /// Why the pseudo-translation check failed, nil when it passed.
        public var pseudoProblem: String?
        /// Time spent extracting and merging (identity check only).
        public var extractSeconds = 0.0
        public var mergeSeconds = 0.0

        public var passed: Bool { identityByteDifferences == 0 && rewriteProblem == nil && pseudoProblem == nil }
    }

    public let source: any ContentSource
    public let pseudo: PseudoTranslator

    public init(source: any ContentSource, pseudo: PseudoTranslator = PseudoTranslator()) {
        self.source = source
        self.pseudo = pseudo
    }

    /// Only the identity check: extraction plus a merge that keeps every unit, each timed.
    public func checkIdentity(path: String, bytes: [UInt8]) -> Report {
        let clock = ContinuousClock()
        let started = clock.now
        let document = source.extract(path: path, bytes: bytes).document
        let extracted = clock.now
        var report = identity(document)
        report.extractSeconds = Self.seconds(extracted - started)
        report.mergeSeconds = Self.seconds(clock.now - extracted)
        return report
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func identity(_ document: ExtractedDocument) -> Report {
        let merged = SpanMerger.merge(document, replacements: document.units.map { _ in nil })
        return Report(path: document.path, units: document.units.count,
                      identityByteDifferences: merged == document.bytes ? 0 : Self.differingBytes(merged, document.bytes))
    }

    /// All three checks.
    public func check(path: String, bytes: [UInt8]) -> Report {
        let document = source.extract(path: path, bytes: bytes).document
        var report = identity(document)

        let sourceHTML = Self.bodyHTML(of: document)
        let rewritten = document.units.map { $0.sourceValue ?? $0.text }
        report.rewriteProblem = verify(document, translations: rewritten) { merged in
            let mergedHTML = Self.bodyHTML(of: merged)
            let expected = MarkdownHTML.normalizedWhitespace(sourceHTML), actual = MarkdownHTML.normalizedWhitespace(mergedHTML)
            return expected == actual ? nil : "rendered HTML differs: " + Self.firstDifference(expected, actual)
        }
        let pseudoTexts = document.units.map { unit -> String in
            // A plural message's forms are ICU syntax, not Markdown: leave it to the catalog checks.
            unit.plural == nil ? pseudo.translate(unit.text) : (unit.sourceValue ?? unit.text)
        }
        report.pseudoProblem = verify(document, translations: pseudoTexts) { merged in
            let expected = MarkdownHTML.structure(of: sourceHTML), actual = MarkdownHTML.structure(of: Self.bodyHTML(of: merged))
            guard expected != actual else { return nil }
            let index = Self.firstMismatch(expected, actual)
            let around = { (tags: [String]) in tags[max(0, index - 2)..<min(tags.count, index + 3)].joined() }
            return "element structure differs at element \(index + 1): source \(around(expected)), translated \(around(actual))"
        }
        return report
    }

    /// Merges `translations`, re-extracts the result, and checks the messages came back; then runs `compare`.
    private func verify(_ document: ExtractedDocument, translations: [String],
                        compare: (ExtractedDocument) -> String?) -> String? {
        let merged = SpanMerger.merge(document, replacements: translations)
        let again = source.extract(path: document.path, bytes: merged).document
        guard again.units.count == document.units.count else {
            return "\(document.units.count) units before merge, \(again.units.count) after"
        }
        for (index, (unit, expected)) in zip(again.units, translations).enumerated() {
            let actual = unit.sourceValue ?? unit.text
            if actual != expected {
                return "unit \(index + 1) (\(document.units[index].kind), line \(document.units[index].line)) reads back as «\(actual)», not «\(expected)»"
            }
        }
        return compare(again)
    }

    private static func bodyHTML(of document: ExtractedDocument) -> String {
        let start = document.frontMatter?.span.upperBound ?? 0
        return MarkdownHTML.render(Array(document.bytes[start...]))
    }

    static func differingBytes(_ left: [UInt8], _ right: [UInt8]) -> Int {
        zip(left, right).reduce(abs(left.count - right.count)) { $0 + ($1.0 == $1.1 ? 0 : 1) }
    }

    private static func firstMismatch<Element: Equatable>(_ left: [Element], _ right: [Element]) -> Int {
        var index = 0
        while index < left.count, index < right.count, left[index] == right[index] { index += 1 }
        return index
    }

    private static func firstDifference(_ expected: String, _ actual: String) -> String {
        let left = Array(expected), right = Array(actual)
        let index = firstMismatch(left, right)
        let excerpt = { (characters: [Character]) in String(characters[max(0, index - 30)..<min(characters.count, index + 50)]) }
        return "source «\(excerpt(left))», merged «\(excerpt(right))»"
    }
}
