import Core

/// Where a translation stands.
///
/// Transitions: a new source message starts `untranslated`; a translator's work makes it `translated`;
/// a change of the source (matched to the old entry by similarity) makes it `needsReview` with the old
/// translation and the previous source kept; a source that disappears makes the entry `obsolete`
/// (kept until `--purge-obsolete`, revived if the source comes back). In PO, `needsReview` is the
/// `fuzzy` flag and `obsolete` is the `#~` prefix.
public enum EntryStatus: String, Sendable, CaseIterable, Codable {
    case untranslated
    case translated
    case needsReview = "needs-review"
    case obsolete
}

/// One message of a catalog with its translation: the content of one PO entry.
public struct CatalogEntry: Equatable, Sendable {
    /// `# ` comments: the translator's own notes. tolk never writes these, always keeps them.
    public var translatorComments: [String] = []
    /// `#.` comments: notes from the extractor (unit kind, notes from the author).
    public var extractedComments: [String] = []
    /// `#:` references, `path:line` or `path`.
    public var references: [String] = []
    /// `#,` flags in order, `fuzzy` among them when the entry needs review.
    public var flags: [String] = []
    public var previousContext: String?
    public var previousID: String?
    public var previousIDPlural: String?
    public var context: String?
    public var id: String
    public var idPlural: String?
    /// `msgstr`, or `msgstr[0…n-1]` for a plural entry. Empty strings mean "not translated".
    public var translations: [String]
    public var isObsolete = false

    public init(context: String? = nil, id: String, idPlural: String? = nil, translations: [String]? = nil) {
        self.context = context
        self.id = id
        self.idPlural = idPlural
        self.translations = translations ?? [""]
    }

    /// Every field equal byte for byte, as a PO file would show it (`==` compares strings by Unicode
    /// canonical equivalence, under which two entries written differently can be equal).
    public func hasSameBytes(as other: CatalogEntry) -> Bool {
        func same(_ lhs: String?, _ rhs: String?) -> Bool {
            switch (lhs, rhs) {
            case (nil, nil): true
            case let (left?, right?): left.hasSameUTF8Bytes(as: right)
            default: false
            }
        }
        func same(_ lhs: [String], _ rhs: [String]) -> Bool {
            lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.hasSameUTF8Bytes(as: $1) }
        }
        return isObsolete == other.isObsolete && same(id, other.id) && same(translations, other.translations)
            && same(context, other.context) && same(idPlural, other.idPlural) && same(flags, other.flags)
            && same(references, other.references) && same(translatorComments, other.translatorComments)
            && same(extractedComments, other.extractedComments) && same(previousContext, other.previousContext)
            && same(previousID, other.previousID) && same(previousIDPlural, other.previousIDPlural)
    }

    /// What identifies an entry in a catalog: context and text, compared byte for byte as gettext does
    /// (not by Unicode canonical equivalence, which is also much slower to hash).
    public struct Key: Hashable, Sendable {
        public var context: String?
        public var id: String
        public init(context: String?, id: String) { self.context = context; self.id = id }

        public static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.id.hasSameUTF8Bytes(as: rhs.id) && (lhs.context == nil) == (rhs.context == nil)
                && (lhs.context ?? "").hasSameUTF8Bytes(as: rhs.context ?? "")
        }

        public func hash(into hasher: inout Hasher) {
            Self.hashBytes(id, into: &hasher)
            if let context { hasher.combine(true); Self.hashBytes(context, into: &hasher) } else { hasher.combine(false) }
        }

        /// Hashes the length and at most the first and last 48 bytes: paragraphs are long, and two texts
        /// that agree there and in length are rare enough that equality sorts them out.
        static func hashBytes(_ text: String, into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { bytes in
                hasher.combine(bytes.count)
                let raw = UnsafeRawBufferPointer(bytes)
                if raw.count <= 96 {
                    hasher.combine(bytes: raw)
                } else {
                    hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[..<48]))
                    hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[(raw.count - 48)...]))
                }
            }
        }
    }

    public var key: Key { Key(context: context, id: id) }

    public var isTranslated: Bool { !translations.isEmpty && translations.allSatisfy { !$0.isEmpty } }

    public var isFuzzy: Bool {
        get { flags.contains("fuzzy") }
        set {
            if newValue, !isFuzzy { flags.insert("fuzzy", at: 0) }
            if !newValue { flags.removeAll { $0 == "fuzzy" } }
        }
    }

    public var status: EntryStatus {
        if isObsolete { return .obsolete }
        if !isTranslated { return translations.contains(where: { !$0.isEmpty }) && isFuzzy ? .needsReview : .untranslated }
        return isFuzzy ? .needsReview : .translated
    }

    /// The translator-comment line that marks a translation as reviewed (approved). A comment, not a
    /// flag, because gettext's tools (msgcat, msgmerge) drop flags they do not know but keep comments,
    /// so the state survives any PO tool. XLIFF carries it as `state="reviewed"`.
    public static let reviewedMarker = "tolk: reviewed"

    /// A translation someone other than its translator approved. Only a translated entry can be
    /// reviewed: a source change (needs review) or a new translation clears it.
    public var isReviewed: Bool {
        get { status == .translated && translatorComments.contains(Self.reviewedMarker) }
        set {
            translatorComments.removeAll { $0 == Self.reviewedMarker }
            if newValue && status == .translated { translatorComments.append(Self.reviewedMarker) }
        }
    }

    /// True for the header entry (`msgid ""` with no context).
    public var isHeader: Bool { id.isEmpty && context == nil && !isObsolete }
}

/// A message's text as a set member or dictionary key, compared and hashed by its bytes like
/// `CatalogEntry.Key` (Swift's own `String` hashing normalizes Unicode first, which is slow).
public struct MessageText: Hashable, Sendable {
    public let text: String
    public init(_ text: String) { self.text = text }
    public static func == (lhs: MessageText, rhs: MessageText) -> Bool { lhs.text.hasSameUTF8Bytes(as: rhs.text) }
    public func hash(into hasher: inout Hasher) { CatalogEntry.Key.hashBytes(text, into: &hasher) }
}
