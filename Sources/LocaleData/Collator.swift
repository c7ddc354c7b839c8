import CICU

/// Compares and sorts strings the way readers of a locale expect (sv puts å ä ö after z; de does not).
///
/// ```swift
/// let swedish = try Collator(locale: "sv")
/// swedish.sorted(["ö", "z", "a"])   // ["a", "z", "ö"]
/// ```
public final class Collator: @unchecked Sendable {
    // @unchecked: ICU collators are thread-safe for comparison once built.
    public let locale: String
    private let handle: OpaquePointer

    public init(locale: String) throws(ICUError) {
        var status: Int32 = 0
        guard let handle = tolk_collator_open(LocaleInfo.icuID(locale), &status) else {
            throw ICUError(code: status > 0 ? status : 1)
        }
        self.handle = handle
        self.locale = locale
    }

    deinit { tolk_collator_close(handle) }

    public func compare(_ a: String, _ b: String) -> Int {
        var status: Int32 = 0
        return withUTF8Bytes(a) { aBytes, aLength in
            withUTF8Bytes(b) { bBytes, bLength in
                Int(tolk_collator_compare(handle, aBytes, aLength, bBytes, bLength, &status))
            }
        }
    }

    public func areInIncreasingOrder(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

    /// A stable sort of `items` by the collation order of `key`.
    public func sorted<Item>(_ items: [Item], by key: (Item) -> String) -> [Item] {
        items.enumerated().sorted { lhs, rhs in
            let order = compare(key(lhs.element), key(rhs.element))
            return order != 0 ? order < 0 : lhs.offset < rhs.offset
        }.map(\.element)
    }

    public func sorted(_ strings: [String]) -> [String] { sorted(strings, by: { $0 }) }
}
