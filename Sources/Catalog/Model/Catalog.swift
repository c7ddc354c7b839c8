/// A catalog: the header fields and entries of one PO file, in file order.
public struct Catalog: Equatable, Sendable {
    /// Header fields in order (`Language`, `Plural-Forms`, …); unknown fields are kept as they were.
    public var headerFields: [(name: String, value: String)] = []
    /// Comment lines of the header entry (translator comments such as a copyright line).
    public var headerComments: [String] = []
    public var headerFlags: [String] = []
    public var hasHeader = true
    /// The header's msgstr exactly as it was read. The writer uses it as long as it still says what
    /// `headerFields` say, so spacing, lines without a colon (msgcat's `#-#-#-#-#` markers) and a
    /// missing final newline survive a round trip; once a field changes, the header is written anew.
    public var headerText: String?
    public var entries: [CatalogEntry] = []

    public init(headerFields: [(name: String, value: String)] = [], entries: [CatalogEntry] = []) {
        self.headerFields = headerFields
        self.entries = entries
    }

    public func header(_ name: String) -> String? {
        headerFields.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public mutating func setHeader(_ name: String, _ value: String) {
        if let index = headerFields.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
            headerFields[index].value = value
        } else {
            headerFields.append((name, value))
        }
    }

    public var activeEntries: [CatalogEntry] { entries.filter { !$0.isObsolete } }

    public static func == (lhs: Catalog, rhs: Catalog) -> Bool {
        lhs.headerFields.map { "\($0.name)\u{0}\($0.value)" } == rhs.headerFields.map { "\($0.name)\u{0}\($0.value)" }
            && lhs.headerComments == rhs.headerComments && lhs.headerFlags == rhs.headerFlags
            && lhs.hasHeader == rhs.hasHeader && lhs.entries == rhs.entries
    }
}
