/// Pairs the values of lists whose order the translation does not keep (`tolk build` sorts `tags` by
/// their translations in the locale's collation) across every page of the site.
///
/// On one page, `[workflow, tooling]` against `[инструменты, рабочий процесс]` says nothing about which
/// is whose. Across pages it does: a tag's translation must be in the translated list of every page
/// that has the tag. Each source value starts with the values common to all its pages' translated
/// lists; a value left with one candidate takes it, and that candidate is then no other value's on
/// those pages (a list holds distinct translations); repeated until nothing changes. A value that
/// keeps several candidates, or none (translated differently on two pages), stays unpaired: the pairing
/// is never guessed. A list whose values would not get distinct translations is left whole.
enum SortedListPairing {
    /// One list of one page: the source values and the translated values (same count).
    struct List {
        var key: String
        var sources: [String]
        var translations: [String]
    }

    /// For each list, the translation of each source value, or nil where it cannot be told.
    static func solve(_ lists: [List]) -> [[String?]] {
        struct Value: Hashable { var key: String; var text: String }
        var candidates: [Value: Set<String>] = [:]
        var listsOfValue: [Value: [Int]] = [:]
        for (index, list) in lists.enumerated() {
            let translated = Set(list.translations)
            for text in list.sources {
                let value = Value(key: list.key, text: text)
                candidates[value] = candidates[value].map { $0.intersection(translated) } ?? translated
                listsOfValue[value, default: []].append(index)
            }
        }
        var changed = true
        var rounds = 0
        while changed && rounds < 10_000 {
            changed = false
            rounds += 1
            for list in lists {
                let values = list.sources.map { Value(key: list.key, text: $0) }
                // A value with one candidate holds it: the others of this list cannot.
                for value in values {
                    guard let only = candidates[value], only.count == 1, let taken = only.first else { continue }
                    for other in values where other != value && candidates[other]?.contains(taken) == true {
                        candidates[other]!.remove(taken)
                        changed = true
                    }
                }
                // A translation only one value of the list can have is that value's.
                for translation in Set(list.translations) {
                    let holders = values.filter { candidates[$0]?.contains(translation) == true }
                    if holders.count == 1, candidates[holders[0]]!.count > 1 {
                        candidates[holders[0]] = [translation]
                        changed = true
                    }
                }
            }
        }
        return lists.map { list in
            let answer: [String?] = list.sources.map { text in
                guard let set = candidates[Value(key: list.key, text: text)], set.count == 1 else { return nil }
                return set.first
            }
            let found = answer.compactMap { $0 }
            return Set(found).count == found.count ? answer : answer.map { _ in nil }
        }
    }
}
