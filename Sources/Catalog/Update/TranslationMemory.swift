/// Translations a locale already has elsewhere in the project, used to pre-fill new entries: a
/// paragraph moved from one post to another, boilerplate repeated in a new post, a navigation label
/// that is also a heading.
///
/// It learns only from translated entries that need no review (active or obsolete: an obsolete
/// entry is often a paragraph that moved), and only for the texts it is asked to look for, so it
/// stays small. A new entry is filled:
///
/// - as **translated** when an entry with the same context and text is translated elsewhere: it is
///   the same message (export already treats repeats as one message);
/// - as **needs review** (`#, fuzzy`) when the same text is translated under another context (a
///   post title that is also a heading); the other context is shown as `#| msgctxt` and the text as
///   `#| msgid`, so the translator sees where the suggestion came from.
///
/// Among several candidates the first in project path order wins, so the result does not depend on
/// the order in which files were processed.
public struct TranslationMemory: Sendable {
    public struct Candidate: Sendable, Equatable {
        public var context: String?
        public var translations: [String]
        public var isPlural: Bool
    }

    /// Texts to learn, nil for every text.
    public let wanted: Set<MessageText>?
    private(set) var candidates: [MessageText: [Candidate]] = [:]

    public init(wanted: Set<MessageText>?) { self.wanted = wanted }

    public var isEmpty: Bool { candidates.isEmpty }

    /// Learns the translations of `catalog` whose text is wanted.
    public mutating func learn(from catalog: Catalog) {
        for entry in catalog.entries where entry.isTranslated && !entry.isFuzzy {
            let text = MessageText(entry.id)
            if let wanted, !wanted.contains(text) { continue }
            let candidate = Candidate(context: entry.context, translations: entry.translations, isPlural: entry.idPlural != nil)
            if candidates[text, default: []].contains(candidate) { continue }
            candidates[text, default: []].append(candidate)
        }
    }

    /// Adds what `other` learned after what this memory learned (call in path order).
    public mutating func append(_ other: TranslationMemory) {
        for (text, more) in other.candidates {
            for candidate in more where !(candidates[text]?.contains(candidate) ?? false) { candidates[text, default: []].append(candidate) }
        }
    }

    public struct Filled: Equatable, Sendable {
        public init() {}
        public var translated = 0
        public var needsReview = 0
    }

    /// Fills the untranslated entries of `catalog` that the memory has a translation for.
    public func fill(_ catalog: inout Catalog) -> Filled {
        var filled = Filled()
        guard !candidates.isEmpty else { return filled }
        for index in catalog.entries.indices {
            let entry = catalog.entries[index]
            guard !entry.isObsolete, entry.status == .untranslated, let found = candidates[MessageText(entry.id)] else { continue }
            let fitting = found.filter { $0.isPlural == (entry.idPlural != nil) && $0.translations.count == entry.translations.count }
            if let same = fitting.first(where: { $0.context == entry.context }) {
                catalog.entries[index].translations = same.translations
                filled.translated += 1
            } else if let other = fitting.first {
                catalog.entries[index].translations = other.translations
                catalog.entries[index].isFuzzy = true
                catalog.entries[index].previousContext = other.context
                catalog.entries[index].previousID = entry.id
                filled.needsReview += 1
            }
        }
        return filled
    }
}
