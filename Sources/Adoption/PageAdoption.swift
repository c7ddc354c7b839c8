import Catalog
import Checks
import Exchange
import Extractor
import LocalizedTrees
import Reports
import Workspace

/// One source page and its translated page, both extracted the same way, turned into the translations
/// `tolk adopt` hands the import session, and the page's line of the report.
///
/// Keyed units (front matter values, navigation labels, site strings) pair by key, several values of
/// one key (a list of tags) in order. Body units pair through `BodyAlignment`. A translated text that
/// is its source unchanged is no translation (a built page falls back to the source where a unit is
/// untranslated), unless the source has no words (a number, a code span alone): that stays as it is
/// in any language, and is adopted. Links the build pointed at the locale's pages (`/ru/posts/a/`) are
/// written back as the source has them (`/posts/a/`).
struct PageAdoption {
    let configuration: Configuration
    let dialect: (any MarkdownDialect)?
    /// The translated page's path for diagnostics and the report.
    let translationPath: String
    let catalogPath: String

    struct Result {
        var incoming: [IncomingTranslation] = []
        var page: AdoptionReport.Page
        /// Lists `tolk build` sorts by their translations (tags): paired across pages by `SortedListPairing`.
        var sortedLists: [SortedList] = []
        /// Why every unit adopted from this page needs review (it is older than its source), if it does.
        var older: String?
        let catalogPath: String
        let translationPath: String
        private var entryOfKey: [CatalogEntry.Key: Int] = [:]

        init(page: AdoptionReport.Page, catalogPath: String = "", translationPath: String = "") {
            self.page = page
            self.catalogPath = catalogPath
            self.translationPath = translationPath
        }

        /// Adds the translation `text` (at `line` of the translated page) of `unit`: translated when the
        /// pairing is certain and the page not older than its source, else needs review. A text that is
        /// its source unchanged is no translation, unless the source has no words.
        mutating func add(_ unit: TranslationUnit, text: String, line: Int, certain: Bool) {
            if text == unit.text, TranslationChecks.hasWords(unit.text) {
                page.sameAsSource += 1
                return
            }
            if let existing = entryOfKey[unit.key] {
                // One message, one catalog entry: two different translations of it on the page cannot both be kept.
                if incoming[existing].translations != [text] {
                    incoming[existing].state = .needsReview
                    page.findings.append("\(unit.kind) \(AlignedUnit.excerptOf(unit.text)) appears more than once, translated differently (lines \(incoming[existing].line), \(line) of the translation): the first is adopted, needs review")
                }
                return
            }
            entryOfKey[unit.key] = incoming.count
            var translation = IncomingTranslation(context: unit.context, source: unit.text, sourcePlural: nil, translations: [text],
                                                  state: certain && older == nil ? .translated : .needsReview, line: line, column: 1)
            translation.catalogPath = catalogPath
            translation.file = translationPath
            incoming.append(translation)
        }
    }

    /// The values of one sorted list (`tags`) on a page, in both versions.
    struct SortedList: Sendable {
        var kind: String
        var sourceUnits: [TranslationUnit]
        var translations: [(text: String, line: Int)]
    }

    /// The front matter fields that say when a page was last changed, most specific first.
    static let dateFields = ["lastmod", "last_modified_at", "updated", "modified", "date"]

    func adopt(source: ExtractedDocument, translation: ExtractedDocument, into page: AdoptionReport.Page) -> Result {
        var result = Result(page: page, catalogPath: catalogPath, translationPath: translationPath)
        result.page.units = source.units.count
        if let (field, sourceDate, translatedDate) = Self.dates(source, translation), translatedDate < sourceDate {
            let older = "\(field) \(translatedDate) in the translation, \(sourceDate) in the source"
            result.older = older
            result.page.older = older
            result.page.findings.append("the translated page is older than the source (\(older)): every unit adopted from it needs review")
        }

        // Keyed units by key, in order; body units by alignment.
        var pairs: [(source: Int, translation: Int, certain: Bool)] = []
        var sourceKeyed: [String: [Int]] = [:], translatedKeyed: [String: [Int]] = [:], keyOrder: [String] = []
        var sourceBody: [AlignedUnit] = [], translatedBody: [AlignedUnit] = []
        for (index, unit) in source.units.enumerated() {
            if case .body = unit.role {
                sourceBody.append(AlignedUnit(index: index, unit: unit, dialect: dialect))
            } else {
                if sourceKeyed[unit.kind] == nil { keyOrder.append(unit.kind) }
                sourceKeyed[unit.kind, default: []].append(index)
            }
        }
        for (index, unit) in translation.units.enumerated() {
            if case .body = unit.role { translatedBody.append(AlignedUnit(index: index, unit: unit, dialect: dialect)) } else { translatedKeyed[unit.kind, default: []].append(index) }
        }
        Self.attachCode(&sourceBody, in: source)
        Self.attachCode(&translatedBody, in: translation)
        var extra = 0
        var pending = Set<Int>()
        for kind in keyOrder {
            let s = sourceKeyed[kind] ?? [], t = translatedKeyed[kind] ?? []
            if t.isEmpty {
                result.page.findings.append("\(kind) (line \(source.units[s[0]].line)): not in the translation; left untranslated")
            } else if s.count != t.count {
                result.page.findings.append("\(kind): \(s.count) values in the source, \(t.count) in the translation; left untranslated")
            } else if let key = source.units[s[0]].role.frontMatterKeyPath, configuration.build.sortedLists.contains(key) {
                // `tolk build` orders these lists by the translations, in the locale's collation: which
                // translation is whose is decided across pages (`SortedListPairing`).
                result.sortedLists.append(SortedList(kind: kind, sourceUnits: s.map { source.units[$0] },
                                                     translations: t.map { (translation.units[$0].text, translation.units[$0].line) }))
                pending.formUnion(s)
            } else {
                for (a, b) in zip(s, t) { pairs.append((a, b, true)) }
            }
        }
        for (kind, t) in translatedKeyed where sourceKeyed[kind] == nil { extra += t.count }

        let body = BodyAlignment.align(source: sourceBody, translation: translatedBody)
        result.page.findings += body.findings
        extra += body.extraInTranslation
        for pair in body.pairs {
            pairs.append((sourceBody[pair.source].index, translatedBody[pair.translation].index, pair.confidence == .certain))
        }
        pairs.sort { $0.source < $1.source }
        for pair in pairs {
            let unit = source.units[pair.source], translated = translation.units[pair.translation]
            var text = translated.text
            if case .body = unit.role { text = Self.restoringLinks(text, as: unit.text) }
            result.add(unit, text: text, line: translated.line, certain: pair.certain)
        }
        let paired = Set(pairs.map(\.source)).union(pending)
        result.page.unpaired = source.units.indices.filter { !paired.contains($0) }.count
        result.page.extraInTranslation = extra
        return result
    }

    /// The date a page says it was last changed, for both pages: the first field of `dateFields` both
    /// have, compared as written when both are ISO dates (`2025-03-04`, `2025-03-04T10:00:00Z`).
    static func dates(_ source: ExtractedDocument, _ translation: ExtractedDocument) -> (String, String, String)? {
        guard let a = source.frontMatter?.scalars, let b = translation.frontMatter?.scalars else { return nil }
        for field in dateFields {
            guard let sourceDate = a[field], let translatedDate = b[field] else { continue }
            guard isISODate(sourceDate), isISODate(translatedDate) else { return nil }
            return (field, sourceDate, translatedDate)
        }
        return nil
    }

    private static func isISODate(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(10))
        return bytes.count == 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
            && [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { bytes[$0] >= UInt8(ascii: "0") && bytes[$0] <= UInt8(ascii: "9") }
    }

    /// Gives each body unit the fenced code blocks between it and the next unit.
    static func attachCode(_ units: inout [AlignedUnit], in document: ExtractedDocument) {
        for position in units.indices {
            let start = document.units[units[position].index].span.upperBound
            let end = position + 1 < units.count ? document.units[units[position + 1].index].span.lowerBound : document.bytes.count
            guard start < end else { continue }
            units[position].codeAfter = AlignedUnit.fencedCodeBlocks(in: document.bytes[start..<end])
        }
    }

    /// The translated text with each internal link destination that the build localized put back as the
    /// source writes it. Destinations equal on both sides stay; the others pair in order, internal with
    /// internal. When they do not pair up (the translator added or removed a link), the text is left
    /// as it is and the checks report the difference.
    static func restoringLinks(_ translated: String, as source: String) -> String {
        let theirs = LinkRewriter.destinations(in: translated)
        guard !theirs.isEmpty else { return translated }
        var ours = LinkRewriter.destinations(in: source)
        var unmatched: [String] = []
        for destination in theirs {
            if let index = ours.firstIndex(of: destination) { ours.remove(at: index) } else { unmatched.append(destination) }
        }
        guard !unmatched.isEmpty, unmatched.count == ours.count else { return translated }
        var mapping: [String: String] = [:]
        for (their, our) in zip(unmatched, ours) {
            guard LinkRewriter.isInternal(their), LinkRewriter.isInternal(our) else { return translated }
            if let earlier = mapping[their], earlier != our { return translated }
            mapping[their] = our
        }
        return LinkRewriter.rewrite(translated) { mapping[$0] }
    }
}

extension AlignedUnit {
    static func excerptOf(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= 40 ? "'\(flat)'" : "'\(flat.prefix(37))…'"
    }
}
