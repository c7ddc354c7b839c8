/// Block sequences of a YAML file whose items can be put in another order by moving their bytes:
/// a navigation menu sorted by its localized labels.
///
/// An item is the lines from its `- ` to the next item's `- ` (comments between items go with the item
/// above); the last item ends with the line of its last scalar. A list is only offered when every item
/// starts on a line of its own with `- ` and the last one ends with a line break, so moving items
/// cannot change what the YAML means. A list that holds another list being ordered is not offered
/// (only the inner one moves).
public struct YAMLList: Sendable, Equatable {
    /// `menu[1].children`.
    public var path: String
    /// Each item's bytes, in file order; together they cover `region` without gaps.
    public var items: [Range<Int>]
    /// The span of each item's sort key scalar (`label`), when it has one.
    public var keySpans: [Range<Int>?]

    public var region: Range<Int> { (items.first?.lowerBound ?? 0)..<(items.last?.upperBound ?? 0) }
}

public enum YAMLListOrder {
    /// The block sequences of a YAML file whose key path (without indices: `menu.children`) matches one of `patterns`.
    public static func lists(in bytes: [UInt8], matching patterns: [KeyPattern], sortKey: String) -> [YAMLList] {
        guard !patterns.isEmpty, let scalars = try? YAMLScalarLocator(bytes: bytes, start: 0, end: bytes.count, firstLine: 1).scalars() else { return [] }
        struct Item { var start = Int.max; var end = 0; var key: Range<Int>? }
        var found: [String: [Int: Item]] = [:]
        for scalar in scalars {
            // Every sequence index on the scalar's path names an item of a list.
            var path = Substring(scalar.path)
            var searchFrom = path.startIndex
            while let open = path[searchFrom...].firstIndex(of: "[") {
                guard let close = path[open...].firstIndex(of: "]"), let index = Int(path[path.index(after: open)..<close]) else { break }
                let listPath = String(path[..<open])
                let keyPath = listPath.replacing(/\[\d+\]/, with: "")
                if patterns.contains(where: { $0.matches(keyPath) }) {
                    var item = found[listPath, default: [:]][index] ?? Item()
                    item.start = min(item.start, scalar.span.lowerBound)
                    item.end = max(item.end, scalar.span.upperBound)
                    let rest = path[path.index(after: close)...]
                    if rest == "." + sortKey[...] { item.key = scalar.span }
                    found[listPath, default: [:]][index] = item
                }
                searchFrom = path.index(after: close)
                path = path[...]
            }
        }
        var lists: [YAMLList] = []
        for (listPath, itemsByIndex) in found {
            let indices = itemsByIndex.keys.sorted()
            guard indices == Array(0..<indices.count), indices.count > 1 else { continue }
            var starts: [Int] = []
            var valid = true
            for index in indices {
                let first = itemsByIndex[index]!.start
                var lineStart = first
                while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
                // The item's line starts with its `- ` (then perhaps its first key): a block sequence item.
                let prefix = bytes[lineStart..<first].drop(while: { $0 == 0x20 })
                guard prefix.first == UInt8(ascii: "-"), prefix.dropFirst().first == 0x20 else { valid = false; break }
                starts.append(lineStart)
            }
            guard valid else { continue }
            var lastEnd = itemsByIndex[indices.last!]!.end
            while lastEnd < bytes.count, bytes[lastEnd] != 0x0A { lastEnd += 1 }
            guard lastEnd < bytes.count else { continue }   // no line break after the last item
            lastEnd += 1
            var items: [Range<Int>] = []
            for (position, start) in starts.enumerated() {
                let end = position + 1 < starts.count ? starts[position + 1] : lastEnd
                guard end > start else { valid = false; break }
                items.append(start..<end)
            }
            guard valid else { continue }
            lists.append(YAMLList(path: listPath, items: items, keySpans: indices.map { itemsByIndex[$0]!.key }))
        }
        // Keep the innermost lists: an outer list moving would carry the inner one's bytes along.
        lists = lists.filter { list in !lists.contains { other in other.path != list.path && other.path.hasPrefix(list.path + "[") } }
        return lists.sorted { $0.region.lowerBound < $1.region.lowerBound }
    }

    /// The document with `list`'s items in `order` (indices into `list.items`), its units' spans moved along.
    public static func reordering(_ document: ExtractedDocument, _ list: YAMLList, to order: [Int]) -> ExtractedDocument {
        precondition(order.sorted() == Array(list.items.indices), "order is a permutation of the items")
        var moved = document
        var bytes = Array(document.bytes[..<list.region.lowerBound])
        var shift: [(range: Range<Int>, delta: Int)] = []
        for index in order {
            let item = list.items[index]
            shift.append((item, bytes.count - item.lowerBound))
            bytes += document.bytes[item]
        }
        bytes += document.bytes[list.region.upperBound...]
        moved.bytes = bytes
        for unitIndex in moved.units.indices {
            let span = moved.units[unitIndex].span
            if let (_, delta) = shift.first(where: { $0.range.contains(span.lowerBound) }) {
                moved.units[unitIndex].span = (span.lowerBound + delta)..<(span.upperBound + delta)
            }
        }
        return moved
    }
}
