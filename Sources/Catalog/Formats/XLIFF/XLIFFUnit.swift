import Core

/// The XLIFF dialects tolk writes and reads.
public enum XLIFFVersion: String, Sendable, CaseIterable {
    case v2_0 = "2.0"
    case v1_2 = "1.2"
}

/// Where a unit stands, in tolk's terms; each dialect maps it to its own attributes (see `XLIFFWriter`).
public enum XLIFFUnitState: String, Sendable {
    case untranslated, translated, needsReview, reviewed
}

/// One catalog entry as an exchange file carries it: the neutral form between `CatalogEntry` and XML.
public struct XLIFFUnit: Equatable, Sendable {
    /// One plural form of a plural unit, named by its CLDR category.
    public struct PluralForm: Equatable, Sendable {
        public var category: String
        public var target: String?
        /// Where the form's target (or its unit, without one) starts in the file read; 0 when written.
        public var line = 0
        public var column = 0
        public init(category: String, target: String?) { self.category = category; self.target = target }
    }

    public var id: String
    public var context: String?
    public var source: String
    public var sourcePlural: String?
    /// The translation of a singular unit; nil when there is no `<target>`.
    public var target: String?
    /// Non-nil for a plural unit: one form per plural category of the target locale, in gettext's order.
    public var pluralForms: [PluralForm]?
    public var state: XLIFFUnitState
    public var references: [String] = []
    /// The extractor's notes (`#.` in PO).
    public var comments: [String] = []
    /// For a needs-review unit: the source the translation was made for.
    public var previousSource: String?
    /// The content file whose `<file>` holds the unit (its `original`).
    public var original: String = ""
    /// Where the unit's target (or the unit, without one) starts in the file read; 0 when written.
    public var line = 0
    public var column = 0

    public init(id: String, context: String?, source: String, sourcePlural: String? = nil, target: String?, pluralForms: [PluralForm]? = nil, state: XLIFFUnitState) {
        self.id = id
        self.context = context
        self.source = source
        self.sourcePlural = sourcePlural
        self.target = target
        self.pluralForms = pluralForms
        self.state = state
    }

    /// The stable id of the unit for an entry: `u` and 16 hex digits of the 64-bit FNV-1a hash of the
    /// UTF-8 bytes of the context, a U+0004 separator (gettext's own), and the msgid. Only context and
    /// msgid go in, so the id is the same in every export and on every machine, and it is an XML NMTOKEN.
    /// An entry without context hashes the msgid alone, so `ctx=""` and no context differ.
    public static func id(context: String?, source: String) -> String {
        let hex = String(idHash(context: context, source: source), radix: 16)
        return "u" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The 64-bit FNV-1a hash behind `id(context:source:)`.
    public static func idHash(context: String?, source: String) -> UInt64 {
        var hash = StableHash()
        if let context {
            hash.add(bytes: context.utf8)
            hash.add(byte: 0x04)
        }
        hash.add(bytes: source.utf8)
        return hash.value
    }

    /// True for an id of the form tolk writes (`u` and 16 lowercase hex digits) that is the hash of
    /// this context and source: the unit is exactly that message, and import matches it by its text.
    /// A unit whose source or context was edited in the file, or that another tool made, is not.
    public static func idDescribes(_ id: String, context: String?, source: String) -> Bool {
        id.utf8.count == 17 && id.utf8.first == UInt8(ascii: "u") && id == Self.id(context: context, source: source)
    }
}
