import Testing
@testable import Workspace

/// The order in which tolk writes its own files' records (`.tolk/build-state`, the caches): by the
/// keys' UTF-8 bytes, whatever order the dictionary holds them in, each key with its own value.
@Suite struct ByteOrderTests {
    @Test func entriesComeInTheByteOrderOfTheirKeysWithTheirValues() {
        var keys = ["posts/b.md", "posts/a.md", "posts/a", "posts/a/b.md", "posts/A.md", "posts/é.md", "posts/ё.md",
                    "posts/z.md", "", "posts/\u{1F600}.md", "posts/a.md.bak", "locales/ru/posts/a.po", "ru", "ru/", "r"]
        for number in 0..<500 { keys.append("locales/l\(number % 7)/posts/post-\(number * 7919 % 1000).po") }
        var dictionary: [String: Int] = [:]
        for (index, key) in keys.enumerated() where dictionary[key] == nil { dictionary[key] = index }
        let expected = dictionary.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let ordered = Array(dictionary.inByteOrderOfKeys)
        #expect(ordered.map(\.key) == expected)
        #expect(ordered.allSatisfy { dictionary[$0.key] == $0.value })
        #expect(Array([String: Int]().inByteOrderOfKeys).isEmpty)
    }
}
