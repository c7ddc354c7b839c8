/// What `tolk adopt` did with each page of an already translated site: which units it paired with the
/// source's, how sure it is, and what it could not pair and why. `AdoptionReport.json` writes it for
/// scripts (schema `tolk-adopt/1`), `textLines` for people.
public struct AdoptionReport: Sendable {
    public static let schema = "tolk-adopt/1"

    public var locale = ""
    /// The folder the translated pages were read from, as the user named it.
    public var from = ""
    /// How source and translated pages were paired (`mirror`, `suffix`, `key translationKey`).
    public var pairing = ""
    public var dryRun = false
    public var pages: [Page] = []
    /// Translated files no source page claims (a page deleted from the source, a misspelt name).
    public var strayTranslations: [String] = []
    public var catalogsWritten = 0
    /// In a dry run, paired units whose message the catalogs do not have yet (never synced, or the
    /// source changed since): counted as adopt would adopt them after the sync it runs first.
    public var notYetInCatalogs = 0

    public init() {}

    public struct Page: Sendable {
        public enum Status: String, Sendable {
            /// Every unit of the source page found its counterpart.
            case fullyPaired = "fully paired"
            /// Some did; `findings` say which did not and why.
            case partlyPaired = "partly paired"
            /// No translated page, or none of its units could be paired with confidence.
            case notPaired = "not paired"
        }

        /// The content file (`posts/a.md`), its catalog (`locales/ru/posts/a.po`) and the translated page, if any.
        public var source: String
        public var catalog: String
        public var translation: String?
        public var status = Status.notPaired
        /// Units of the source page.
        public var units = 0
        /// Paired units written as translated, as needs review, and paired units whose text is the
        /// source's (the page fell back to the source there: no translation).
        public var translated = 0
        public var needsReview = 0
        public var sameAsSource = 0
        /// Paired units a catalog entry already translated kept (no `--overwrite`), and ones a check refused.
        public var keptExisting = 0
        public var rejected = 0
        /// Source units left without a translation because nothing in the translated page pairs with them.
        public var unpaired = 0
        /// Units of the translated page that pair with no source unit.
        public var extraInTranslation = 0
        /// Why the translated page is judged older than the source, when it is.
        public var older: String?
        /// Each in words: "the source has 2 paragraphs more after 'Setup' (lines 14–18)".
        public var findings: [String] = []

        public init(source: String, catalog: String, translation: String?) {
            self.source = source
            self.catalog = catalog
            self.translation = translation
        }
    }

    public var totals: (translated: Int, needsReview: Int, fully: Int, partly: Int, not: Int) {
        pages.reduce(into: (0, 0, 0, 0, 0)) { sums, page in
            sums.translated += page.translated
            sums.needsReview += page.needsReview
            switch page.status {
            case .fullyPaired: sums.fully += 1
            case .partlyPaired: sums.partly += 1
            case .notPaired: sums.not += 1
            }
        }
    }

    /// One line per page, its findings indented below it, then a summary. `verbose` lists fully
    /// paired pages too (by default only the pages that need a look).
    public func textLines(verbose: Bool) -> [String] {
        var lines: [String] = []
        for page in pages where verbose || page.status != .fullyPaired || !page.findings.isEmpty {
            var line = page.source + (page.translation.map { " ← \($0)" } ?? "") + ": " + page.status.rawValue
            if page.translation != nil {
                var parts = ["\(page.translated) translated"]
                if page.needsReview > 0 { parts.append("\(page.needsReview) need review") }
                if page.sameAsSource > 0 { parts.append("\(page.sameAsSource) same as the source") }
                if page.unpaired > 0 { parts.append("\(page.unpaired) unpaired") }
                if page.keptExisting > 0 { parts.append("\(page.keptExisting) kept as the catalog had them") }
                if page.rejected > 0 { parts.append("\(page.rejected) refused by the checks") }
                line += " (\(page.units) units: " + parts.joined(separator: ", ") + ")"
            }
            lines.append(line)
            for finding in page.findings { lines.append("  - " + finding) }
        }
        for stray in strayTranslations { lines.append("\(stray): no source page pairs with it (not adopted)") }
        if notYetInCatalogs > 0 {
            lines.append("\(notYetInCatalogs) of these messages are not in the catalogs yet: tolk adopt syncs before it adopts, a dry run does not")
        }
        let totals = totals
        let verb = dryRun ? "Would adopt" : "Adopted"
        lines.append("\(verb) \(totals.translated + totals.needsReview) translations into \(locale) (\(totals.needsReview) needing review) from \(pages.count) pages: "
            + "\(totals.fully) fully paired, \(totals.partly) partly paired, \(totals.not) not paired; "
            + (dryRun ? "nothing written (--dry-run)." : "\(catalogsWritten) catalogs written."))
        return lines
    }

    /// The report as JSON, one object per page on a line of its own.
    ///
    /// ```json
    /// {
    ///   "schema": "tolk-adopt/1", "locale": "ru", "from": "public/ru", "pairing": "mirror", "dryRun": false,
    ///   "totals": {"pages": 12, "fullyPaired": 11, "partlyPaired": 1, "notPaired": 0, "translated": 370, "needsReview": 4, "catalogsWritten": 14},
    ///   "pages": [{"source": "content/posts/a.md", "catalog": "locales/ru/posts/a.po", "translation": "public/ru/posts/a.md",
    ///              "status": "partly paired", "units": 24, "translated": 20, …, "older": null, "findings": ["…"]}],
    ///   "strayTranslations": []
    /// }
    /// ```
    public func json() -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("schema", Self.schema)
        json.field("locale", locale)
        json.field("from", from)
        json.field("pairing", pairing)
        json.field("dryRun", dryRun)
        let totals = totals
        json.key("totals")
        json.beginObject(inline: true)
        json.field("pages", pages.count)
        json.field("fullyPaired", totals.fully)
        json.field("partlyPaired", totals.partly)
        json.field("notPaired", totals.not)
        json.field("translated", totals.translated)
        json.field("needsReview", totals.needsReview)
        json.field("catalogsWritten", catalogsWritten)
        json.field("notYetInCatalogs", notYetInCatalogs)
        json.endObject()
        json.key("pages")
        json.beginArray()
        for page in pages {
            json.beginObject(inline: true)
            json.field("source", page.source)
            json.field("catalog", page.catalog)
            json.field("translation", page.translation)
            json.field("status", page.status.rawValue)
            json.field("units", page.units)
            json.field("translated", page.translated)
            json.field("needsReview", page.needsReview)
            json.field("sameAsSource", page.sameAsSource)
            json.field("unpaired", page.unpaired)
            json.field("extraInTranslation", page.extraInTranslation)
            json.field("keptExisting", page.keptExisting)
            json.field("rejected", page.rejected)
            json.field("older", page.older)
            json.key("findings")
            json.beginArray()
            for finding in page.findings { json.value(finding) }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.key("strayTranslations")
        json.beginArray(inline: true)
        for stray in strayTranslations { json.value(stray) }
        json.endArray()
        json.endObject()
        return json.text
    }
}
