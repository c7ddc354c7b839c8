import Catalog
import Core
import LocaleData

/// Computes the status figures of a locale's catalogs: each entry counted the way `msgfmt --statistics`
/// counts it (see `CountedStatus`), weighed by its source words, and checked for a form for every
/// plural category the locale needs (gettext's `nplurals` for the locale, from ICU's CLDR rules).
/// A needs-review entry never counts as done.
///
/// ```swift
/// let calculator = try StatusCalculator(locale: "ru")
/// let words = try SourceWordCounter(sourceLocale: "en")
/// let counts = calculator.counts(for: catalog, words: words.count)
/// counts.percentByWords   // 87.5
/// ```
public struct StatusCalculator: Sendable {
    public let locale: String
    /// The gettext plural forms of the locale: `msgstr[n]` is the form of `pluralForms.categories[n]`.
    public let pluralForms: GettextPluralForms

    public init(locale: String) throws(ICUError) {
        self.init(locale: locale, pluralForms: try GettextPluralForms(locale: locale))
    }

    public init(locale: String, pluralForms: GettextPluralForms) {
        self.locale = locale
        self.pluralForms = pluralForms
    }

    /// Where `entry` stands; `words` counts the words of a source text.
    public func assess(_ entry: CatalogEntry, words: (String) -> Int) -> EntryAssessment {
        let status = CountedStatus(of: entry)
        return EntryAssessment(status: status, words: status == .obsolete ? 0 : words(entry.id),
                               missingPluralCategories: status == .translated || status == .needsReview ? missingPluralCategories(of: entry) : [])
    }

    /// The categories of a plural entry whose `msgstr[n]` is missing or empty (none for a singular entry).
    /// A form beyond the locale's number is not a gap but an error `tolk check` reports.
    public func missingPluralCategories(of entry: CatalogEntry) -> [PluralCategory] {
        guard entry.idPlural != nil else { return [] }
        return pluralForms.categories.enumerated().compactMap { index, category in
            entry.translations.indices.contains(index) && !entry.translations[index].isEmpty ? nil : category
        }
    }

    /// The figures of a whole catalog (no validation: errors and warnings stay 0).
    public func counts(for catalog: Catalog, words: (String) -> Int) -> StatusCounts {
        var counts = StatusCounts()
        for entry in catalog.entries where !entry.isHeader { counts.add(assess(entry, words: words)) }
        return counts
    }
}

/// Counts the words of source texts with ICU word breaking in the source language, each distinct text
/// once: a content file's messages are the same in every locale's catalog, so a status over ten locales
/// breaks each text once, not ten times.
///
/// Not thread-safe (ICU's break iterator keeps state): one counter per thread or task.
public final class SourceWordCounter {
    private let counter: WordCounter
    // Unchecked (for every property the counts touch): a counter serves one task at a time, and a
    // run-time check of each access cost as much as a lookup.
    @exclusivity(unchecked) private var known: [MessageText: Int] = [:]
    /// The same by the digest of the text's bytes (`POReader.EntryBytes.idDigest`), for `count(utf8:digest:)`.
    @exclusivity(unchecked) private var knownDigests: [SipHash128.Digest: Int] = [:]
    /// The texts met at each position of the catalogs counted so far, by `count(utf8:digest:at:)`.
    @exclusivity(unchecked) private var byPosition: [(digest: SipHash128.Digest, words: Int)] = []
    private let readableText: ((String) -> String)?

    /// - Parameter readableText: what of a message a reader reads, when that is not all of it (a Hugo
    ///   page's messages without their shortcode calls: `{{< ref "care.md" >}}` is no words to translate).
    public convenience init(sourceLocale: String, readableText: ((String) -> String)? = nil) throws(ICUError) {
        self.init(counter: try WordCounter(locale: sourceLocale), readableText: readableText)
    }

    /// Counts with `counter` (ICU's break iterator for the source locale is costly to make: a caller
    /// that counts many files' words lends one), which must not be used elsewhere meanwhile.
    public init(counter: WordCounter, readableText: ((String) -> String)? = nil) {
        self.counter = counter
        self.readableText = readableText
    }

    /// The words of the text at `position` among a catalog's entries (`POReader.scan`'s order), as
    /// `count(utf8:digest:)` counts them. The catalogs of one content file list the same messages in
    /// the same order in every locale: the text the last catalog had at that position is the first
    /// guess, and a right one costs no lookup.
    public func count(utf8 bytes: [UInt8], digest: SipHash128.Digest, at position: Int) -> Int {
        if position < byPosition.count, byPosition[position].digest == digest { return byPosition[position].words }
        let words = count(utf8: bytes, digest: digest)
        if position < byPosition.count {
            byPosition[position] = (digest, words)
        } else if position == byPosition.count {
            byPosition.append((digest, words))
        }
        return words
    }

    /// The words of a text given as UTF-8 bytes (`POReader.scan`'s), counted as `count` counts the
    /// string they spell; a text met before (in another locale's catalog) costs no `String`.
    /// - Parameter digest: the text's `POReader.EntryBytes.idDigest` (one digest per text, within the run).
    public func count(utf8 bytes: [UInt8], digest: SipHash128.Digest) -> Int {
        if let words = knownDigests[digest] { return words }
        // Not looked up by its text as well: a text the digests do not know is new to this counter.
        let words: Int
        let hasBraces = bytes.contains(UInt8(ascii: "{"))
        if readableText == nil, !hasBraces {
            // Read whole and no plural message: counted from the bytes, without a `String`.
            words = bytes.withUnsafeBufferPointer { counter.count(utf8: $0) }
        } else {
            words = uncounted(String(decoding: bytes, as: UTF8.self), mayHaveBraces: hasBraces)
        }
        knownDigests[digest] = words
        return words
    }

    /// The words of `text`; of an ICU plural message, the words of its `one` form (its `other` form
    /// when it has none), as a reader reads one of them — not the branch keywords and every form.
    public func count(_ text: String) -> Int {
        let key = MessageText(text)
        if let words = known[key] { return words }
        let words = uncounted(text, mayHaveBraces: text.utf8.contains(UInt8(ascii: "{")))
        known[key] = words
        return words
    }

    private func uncounted(_ text: String, mayHaveBraces: Bool) -> Int {
        let plural = mayHaveBraces ? PluralMessage(pattern: text) : nil
        let read = plural?.singular ?? text
        return counter.count(readableText?(read) ?? read)
    }
}
