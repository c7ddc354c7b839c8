import LocaleData

/// The status as JSON for scripts and CI, schema `tolk-status/1`: a change that removes or renames a
/// key, or changes what one means, bumps the number; new keys may appear within a version.
///
/// Locales come in the project's order (`locales:` in tolk.yaml), sections in `StatusSection` order,
/// files in path order, keys in the documented order. Numbers are plain JSON numbers; only the names
/// (`readerName`) depend on the reader's locale. Percentages are rounded *down* to hundredths.
///
/// ```json
/// {
///   "schema": "tolk-status/1",
///   "sourceLocale": "en",
///   "readerLocale": "en",
///   "locales": [
///     {
///       "locale": "ru", "name": "русский", "readerName": "Russian", "direction": "ltr",
///       "pluralForms": ["one", "few", "many"],
///       "messages": {"total": 359, "translated": 359, "needsReview": 0, "untranslated": 0, "obsolete": 0, "missingPluralForms": 0, "done": 359},
///       "words": {"total": 5895, "translated": 5895, "needsReview": 0, "untranslated": 0, "done": 5895},
///       "percentDone": {"words": 100.0, "messages": 100.0},
///       "errors": 0, "warnings": 0,
///       "sections": [{"section": "posts", "kind": "pages", "files": 12, …figures}],
///       "files": [{"catalog": "locales/ru/posts/a.po", "source": "content/posts/a.md", "section": "posts", "catalogExists": true, …figures}],
///       "orphanedCatalogs": [{"catalog": "locales/ru/posts/old.po", "formerSource": "content/posts/old.md", "translations": 38}]
///     }
///   ]
/// }
/// ```
public struct StatusJSON {
    public static let schema = "tolk-status/1"

    public let reader: ReaderConventions
    /// Whether each locale lists its catalogs (`files`); sections and totals are always there.
    public var includesFiles = true

    public init(reader: ReaderConventions, includesFiles: Bool = true) {
        self.reader = reader
        self.includesFiles = includesFiles
    }

    public func render(_ report: StatusReport) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("schema", Self.schema)
        json.field("sourceLocale", report.sourceLocale)
        json.field("readerLocale", reader.locale)
        json.key("locales")
        json.beginArray()
        for status in report.locales {
            json.beginObject()
            json.field("locale", status.locale)
            json.field("name", reader.ownName(of: status.locale))
            json.field("readerName", reader.readerName(of: status.locale))
            json.field("direction", LocaleInfo.isRightToLeft(status.locale) ? "rtl" : "ltr")
            json.key("pluralForms")
            json.beginArray(inline: true)
            for category in status.pluralCategories { json.value(category.rawValue) }
            json.endArray()
            Self.writeFigures(status.total, into: &json, inline: true)
            json.key("sections")
            json.beginArray()
            for section in status.sections {
                json.beginObject(inline: true)
                json.field("section", section.section.id)
                json.field("kind", section.section.kind.rawValue)
                json.field("files", section.fileCount)
                Self.writeFigures(section.counts, into: &json, inline: true)
                json.endObject()
            }
            json.endArray()
            if includesFiles {
                json.key("files")
                json.beginArray()
                for file in status.files {
                    json.beginObject(inline: true)
                    json.field("catalog", file.catalogFile)
                    json.field("source", file.sourceFile)
                    json.field("section", file.section.id)
                    json.field("catalogExists", file.catalogExists)
                    Self.writeFigures(file.counts, into: &json, inline: true)
                    json.endObject()
                }
                json.endArray()
            }
            json.key("orphanedCatalogs")
            json.beginArray()
            for orphan in status.orphanedCatalogs {
                json.beginObject(inline: true)
                json.field("catalog", orphan.catalogFile)
                json.field("formerSource", orphan.formerSource)
                json.field("translations", orphan.translations)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.text
    }

    /// The figures every level shares: `messages`, `words`, `percentDone`, `errors`, `warnings`.
    static func writeFigures(_ counts: StatusCounts, into json: inout JSONWriter, inline: Bool) {
        json.key("messages")
        json.beginObject(inline: inline)
        json.field("total", counts.totalMessages)
        json.field("translated", counts.translatedMessages)
        json.field("needsReview", counts.needsReviewMessages)
        json.field("untranslated", counts.untranslatedMessages)
        json.field("obsolete", counts.obsoleteMessages)
        json.field("missingPluralForms", counts.missingPluralFormMessages)
        json.field("done", counts.doneMessages)
        json.endObject()
        json.key("words")
        json.beginObject(inline: inline)
        json.field("total", counts.totalWords)
        json.field("translated", counts.translatedWords)
        json.field("needsReview", counts.needsReviewWords)
        json.field("untranslated", counts.untranslatedWords)
        json.field("done", counts.doneWords)
        json.endObject()
        json.key("percentDone")
        json.beginObject(inline: inline)
        json.field("words", counts.wordShare.percentToHundredths)
        json.field("messages", counts.messageShare.percentToHundredths)
        json.endObject()
        json.field("errors", counts.errors)
        json.field("warnings", counts.warnings)
    }
}
