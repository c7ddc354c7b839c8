import Reports

/// HTML as it is written: UTF-8 bytes appended in order, text escaped on the way in (as
/// `ReportEscaping.html` escapes it). A preview page is put together here piece by piece and written
/// as it stands: on a site of 5,000 posts in 11 locales, making each of its 55,000 pages as `String`s
/// (interpolated, joined, validated again from cmark-gfm's bytes, copied out as UTF-8) cost more
/// than a tenth of `build --html`.
struct HTMLBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Markup, as it is.
    mutating func markup(_ text: StaticString) { text.withUTF8Buffer { bytes.append(contentsOf: $0) } }
    mutating func markup(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func markup(_ other: [UInt8]) { bytes.append(contentsOf: other) }
    mutating func markup(_ other: ArraySlice<UInt8>) { bytes.append(contentsOf: other) }
    mutating func markup(_ other: HTMLBytes) { bytes.append(contentsOf: other.bytes) }

    /// Text, or an attribute's value, escaped.
    mutating func text(_ text: String) { ReportEscaping.appendHTML(text, to: &bytes) }
}
