import LocaleData

/// Brings a locale's catalog up to date with a new template — the msgmerge step — without losing a
/// translation:
///
/// 1. An entry whose context and text are unchanged keeps its translation and status.
/// 2. An entry whose text changed only in whitespace (re-wrapped, re-indented) keeps its translation
///    and status too: nothing for a translator to review.
/// 3. An entry whose text changed is matched to the most similar old entry of the same catalog
///    (similarity ≥ `fuzzyThreshold`); it keeps that translation, marked needs review (`fuzzy`),
///    with the old source as `#| msgid` so the translator sees what changed.
/// 4. Old entries that match nothing become obsolete (`#~`), kept until `--purge-obsolete`; an
///    obsolete entry whose source returns is revived with its translation.
///
/// An ICU plural site string that an earlier tolk kept as gettext forms (`msgid`/`msgid_plural`,
/// one `msgstr[n]` per form) is kept whole now; its old translation is assembled into one ICU
/// message (`convertedGettextPlural`), so a sync after the upgrade loses nothing.
public struct CatalogUpdater {
    public var pluralForms: GettextPluralForms
    public var fuzzyThreshold = 0.6
    public var purgeObsolete = false

    public init(pluralForms: GettextPluralForms) {
        self.pluralForms = pluralForms
    }

    public struct Outcome: Equatable, Sendable {
        public init() {}
        public var added = 0
        public var kept = 0
        public var fuzzyMatched = 0
        public var obsoleted = 0

        public mutating func add(_ other: Outcome) {
            added += other.added
            kept += other.kept
            fuzzyMatched += other.fuzzyMatched
            obsoleted += other.obsoleted
        }
    }

    public func update(_ existing: Catalog?, to template: Catalog) -> (catalog: Catalog, outcome: Outcome) {
        var outcome = Outcome()
        let old = existing?.entries ?? []
        if old.isEmpty {
            // A new catalog: the template's entries, sharing their storage, with plural entries given a msgstr per form.
            var entries = template.entries
            for index in entries.indices where entries[index].idPlural != nil || entries[index].translations != [""] || entries[index].isFuzzy {
                entries[index] = fresh(entries[index])
            }
            outcome.added = entries.count
            var catalog = existing ?? Catalog()
            catalog.hasHeader = true
            catalog.entries = entries
            return (catalog, outcome)
        }
        var byKey: [CatalogEntry.Key: Int] = [:]
        byKey.reserveCapacity(old.count)
        for (index, entry) in old.enumerated() where byKey[entry.key].map({ old[$0].isObsolete }) ?? true {
            byKey[entry.key] = index
        }
        // Whitespace-normalized keys are built only when an exact lookup misses: most syncs never need them.
        var byNormalizedKey: [CatalogEntry.Key: Int]?
        // An earlier tolk's gettext plural entries by context (almost every catalog has none).
        var pluralsByContext: [String: Int] = [:]
        for (index, entry) in old.enumerated() where entry.idPlural != nil && !entry.isObsolete {
            if let context = entry.context, pluralsByContext[context] == nil { pluralsByContext[context] = index }
        }
        var used = Set<Int>()
        var result: [CatalogEntry?] = Array(repeating: nil, count: template.entries.count)
        var unmatched: [Int] = []

        for (position, templateEntry) in template.entries.enumerated() {
            var match = byKey[templateEntry.key]
            if match == nil, !old.isEmpty {
                if byNormalizedKey == nil {
                    var normalized: [CatalogEntry.Key: Int] = [:]
                    for (index, entry) in old.enumerated() {
                        let key = CatalogEntry.Key(context: entry.context, id: Self.normalizedWhitespace(entry.id))
                        if normalized[key] == nil { normalized[key] = index }
                    }
                    byNormalizedKey = normalized
                }
                match = byNormalizedKey![CatalogEntry.Key(context: templateEntry.context, id: Self.normalizedWhitespace(templateEntry.id))]
            }
            if let index = match, !used.contains(index) {
                used.insert(index)
                result[position] = carryOver(old[index], into: templateEntry, fuzzy: old[index].isFuzzy)
                outcome.kept += 1
            } else if templateEntry.idPlural == nil, let context = templateEntry.context, let index = pluralsByContext[context], !used.contains(index),
                      let converted = convertedGettextPlural(old[index], into: templateEntry) {
                used.insert(index)
                result[position] = converted
                if converted.isFuzzy { outcome.fuzzyMatched += 1 } else { outcome.kept += 1 }
            } else {
                unmatched.append(position)
            }
        }

        // Fuzzy matching: only the changed entries against the old entries nothing claimed.
        let candidates = unmatched.isEmpty ? [] : old.indices.filter { !used.contains($0) && old[$0].translations.contains { !$0.isEmpty } }
        let index = candidates.isEmpty ? nil : SimilarityIndex(texts: candidates.map { old[$0].id })
        for position in unmatched {
            let templateEntry = template.entries[position]
            if let match = index?.bestMatch(for: templateEntry.id, threshold: fuzzyThreshold, excluding: used, mapping: candidates) {
                used.insert(match)
                var entry = carryOver(old[match], into: templateEntry, fuzzy: true)
                entry.previousID = old[match].previousID ?? old[match].id
                entry.previousIDPlural = old[match].idPlural
                entry.previousContext = old[match].context != templateEntry.context ? old[match].context : nil
                result[position] = entry
                outcome.fuzzyMatched += 1
            } else {
                result[position] = fresh(templateEntry)
                outcome.added += 1
            }
        }

        var entries = result.compactMap { $0 }
        if !purgeObsolete {
            for (index, entry) in old.enumerated() where !used.contains(index) && entry.translations.contains(where: { !$0.isEmpty }) {
                var obsolete = entry
                if !entry.isObsolete { outcome.obsoleted += 1 }
                obsolete.isObsolete = true
                obsolete.references = []
                obsolete.extractedComments = []
                entries.append(obsolete)
            }
        }
        var catalog = existing ?? Catalog()
        catalog.hasHeader = true
        catalog.entries = entries
        return (catalog, outcome)
    }

    private func carryOver(_ old: CatalogEntry, into templateEntry: CatalogEntry, fuzzy: Bool) -> CatalogEntry {
        var entry = templateEntry
        entry.translatorComments = old.translatorComments
        entry.flags = templateEntry.flags
        for flag in old.flags where flag != "fuzzy" && !entry.flags.contains(flag) { entry.flags.append(flag) }
        entry.translations = fitted(old.translations, plural: templateEntry.idPlural != nil)
        entry.isFuzzy = fuzzy && entry.translations.contains { !$0.isEmpty }
        // A review approved the translation of the old source, not of the new one.
        if entry.isFuzzy { entry.translatorComments.removeAll { $0 == CatalogEntry.reviewedMarker } }
        if fuzzy && old.isFuzzy {
            entry.previousContext = old.previousContext
            entry.previousID = old.previousID
            entry.previousIDPlural = old.previousIDPlural
        }
        entry.isObsolete = false
        return entry
    }

    /// The translation of a gettext plural entry (one `msgstr[n]` per form) as the one ICU message the
    /// template entry now holds whole, or nil when it is not that message's forms or not every form
    /// is translated (the old entry then stays as obsolete, nothing lost).
    ///
    /// The result is needs review when the forms could not say everything: the source changed, or the
    /// locale has a category integers never reach (Russian `other`, for 1,5), which takes the text of
    /// the last form — a guess ("1,5 минут") a translator must confirm ("1,5 минуты").
    func convertedGettextPlural(_ old: CatalogEntry, into templateEntry: CatalogEntry) -> CatalogEntry? {
        guard let oldPlural = old.idPlural, let source = PluralMessage(pattern: templateEntry.id),
              old.translations.count == pluralForms.count, old.translations.allSatisfy({ !$0.isEmpty }) else { return nil }
        let sameSource = source.singular == old.id && source.plural == oldPlural
        var forms: [PluralCategory: String] = [:]
        for (category, text) in zip(pluralForms.categories, old.translations) { forms[category] = text }
        var entry = templateEntry
        entry.translatorComments = old.translatorComments
        for flag in old.flags where flag != "fuzzy" && !entry.flags.contains(flag) { entry.flags.append(flag) }
        entry.translations = [PluralMessage(argument: source.argument, forms: forms).pattern]
        let guessed = pluralForms.cardinalCategories.contains { forms[$0] == nil }
        entry.isFuzzy = old.isFuzzy || !sameSource || guessed
        if entry.isFuzzy {
            entry.translatorComments.removeAll { $0 == CatalogEntry.reviewedMarker }
            entry.previousID = old.previousID ?? old.id
            entry.previousIDPlural = old.previousIDPlural ?? oldPlural
        }
        entry.isObsolete = false
        return entry
    }

    private func fresh(_ templateEntry: CatalogEntry) -> CatalogEntry {
        var entry = templateEntry
        // Assigned only when different, so that a new catalog shares its strings and arrays with the template.
        let translations = fitted([], plural: templateEntry.idPlural != nil)
        if entry.translations != translations { entry.translations = translations }
        if entry.flags.contains("fuzzy") { entry.flags.removeAll { $0 == "fuzzy" } }
        return entry
    }

    /// A plural entry has exactly one msgstr per plural form of the locale; a singular one has one. A
    /// form the catalog lacks is empty: a gap that `check` and `status` report and the build falls back
    /// over, never a copy of another form ("5 минуты" would ship as translated).
    private func fitted(_ translations: [String], plural: Bool) -> [String] {
        let count = plural ? pluralForms.count : 1
        var fitted = Array(translations.prefix(count))
        while fitted.count < count { fitted.append("") }
        return fitted
    }

    /// Runs of whitespace (space, tab, line breaks) as one space, ends trimmed: "a\n  b " and "a b" are the same text.
    public static func normalizedWhitespace(_ text: String) -> String {
        let utf8 = text.utf8
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        // Most texts are already normal: check before building a new string.
        var previousWasSpace = true
        var isNormal = true
        for byte in utf8 {
            let space = isSpace(byte)
            if space && (previousWasSpace || byte != 0x20) { isNormal = false; break }
            previousWasSpace = space
        }
        if isNormal && !previousWasSpace || utf8.isEmpty { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var pendingSpace = false
        for byte in utf8 {
            if isSpace(byte) {
                pendingSpace = !bytes.isEmpty
            } else {
                if pendingSpace { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Finds the most similar earlier text by character-trigram overlap (Dice coefficient), looking only at
/// candidates that share at least one trigram — an inverted index, not an all-pairs scan.
struct SimilarityIndex {
    private var postings: [Int: [Int]] = [:]
    private var gramCounts: [Int] = []

    init(texts: [String]) {
        gramCounts.reserveCapacity(texts.count)
        for (index, text) in texts.enumerated() {
            let grams = Self.trigrams(text)
            gramCounts.append(grams.count)
            for gram in grams { postings[gram, default: []].append(index) }
        }
    }

    /// The old-entry index (through `mapping`) of the best candidate scoring at least `threshold`.
    func bestMatch(for text: String, threshold: Double, excluding used: Set<Int>, mapping: [Int]) -> Int? {
        let grams = Self.trigrams(text)
        guard !grams.isEmpty else { return nil }
        var shared: [Int: Int] = [:]
        for gram in grams { for candidate in postings[gram] ?? [] { shared[candidate, default: 0] += 1 } }
        var best: (index: Int, score: Double)?
        for (candidate, count) in shared where !used.contains(mapping[candidate]) {
            let score = 2 * Double(count) / Double(grams.count + gramCounts[candidate])
            if score >= threshold, score > (best?.score ?? 0) || (score == best?.score && candidate < best!.index) {
                best = (candidate, score)
            }
        }
        return best.map { mapping[$0.index] }
    }

    static func trigrams(_ text: String) -> Set<Int> {
        let scalars = Array(CatalogUpdater.normalizedWhitespace(text).lowercased().unicodeScalars.map(\.value))
        guard scalars.count >= 3 else { return scalars.isEmpty ? [] : [scalars.reduce(17) { $0 &* 31 &+ Int($1) }] }
        var grams = Set<Int>()
        grams.reserveCapacity(scalars.count)
        for index in 0..<(scalars.count - 2) {
            grams.insert(Int(scalars[index]) &* 1_000_003 &+ Int(scalars[index + 1]) &* 1_009 &+ Int(scalars[index + 2]))
        }
        return grams
    }
}
