import CICU

/// Lists joined the way a locale writes them, with ICU's data:
/// `ListFormatting.and(["a", "b", "c"], locale: "en")` is "a, b, and c"; in `ru` "a, b и c", in `ja` "a、b、c".
public enum ListFormatting {
    public static func and(_ items: [String], locale: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        // One buffer for all items, so every pointer stays valid for the call.
        var buffer: [CChar] = []
        var offsets: [Int] = []
        var lengths: [Int32] = []
        for item in items {
            offsets.append(buffer.count)
            lengths.append(Int32(item.utf8.count))
            buffer.append(contentsOf: item.utf8.map { CChar(bitPattern: $0) })
        }
        buffer.append(0)
        let joined = try? ICU.string { out, capacity, status in
            buffer.withUnsafeBufferPointer { all in
                let pointers: [UnsafePointer<CChar>?] = offsets.map { all.baseAddress! + $0 }
                return tolk_list_format(LocaleInfo.icuID(locale), pointers, lengths, Int32(items.count), out, capacity, status)
            }
        }
        return joined ?? items.joined(separator: ", ")
    }
}
