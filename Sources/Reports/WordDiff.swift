/// A word-by-word comparison of an old and a new source text, so a reviewer sees what the author
/// changed in a paragraph rather than rereading both. Words and the spaces between them are the units;
/// the longest common subsequence of them is kept, the rest is removed or added.
///
/// ```swift
/// WordDiff.changes(from: "For years our list", to: "For many years our list")
/// // [.same("For "), .added("many "), .same("years our list")]
/// ```
enum WordDiff {
    enum Change: Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// Above this many token pairs the texts are shown as wholly replaced: the comparison table would
    /// cost more than it tells (two unrelated 700-word texts).
    static let maximumPairs = 500_000

    static func changes(from old: String, to new: String) -> [Change] {
        let before = tokens(old), after = tokens(new)
        guard before.count * after.count <= maximumPairs else {
            var whole: [Change] = []
            if !old.isEmpty { whole.append(.removed(old)) }
            if !new.isEmpty { whole.append(.added(new)) }
            return whole
        }
        // lengths[i][j]: the longest common subsequence of before[i...] and after[j...].
        let columns = after.count + 1
        var lengths = [Int32](repeating: 0, count: (before.count + 1) * columns)
        for i in stride(from: before.count - 1, through: 0, by: -1) {
            for j in stride(from: after.count - 1, through: 0, by: -1) {
                lengths[i * columns + j] = before[i] == after[j]
                    ? lengths[(i + 1) * columns + j + 1] + 1
                    : max(lengths[(i + 1) * columns + j], lengths[i * columns + j + 1])
            }
        }
        var changes: [Change] = []
        func append(_ change: Change) {
            // Runs of the same kind are merged, so the HTML has one <del> per removed phrase.
            switch (changes.last, change) {
            case (.same(let a)?, .same(let b)): changes[changes.count - 1] = .same(a + b)
            case (.removed(let a)?, .removed(let b)): changes[changes.count - 1] = .removed(a + b)
            case (.added(let a)?, .added(let b)): changes[changes.count - 1] = .added(a + b)
            default: changes.append(change)
            }
        }
        var i = 0, j = 0
        while i < before.count || j < after.count {
            if i < before.count, j < after.count, before[i] == after[j] {
                append(.same(before[i])); i += 1; j += 1
            } else if i < before.count, j == after.count || lengths[(i + 1) * columns + j] >= lengths[i * columns + j + 1] {
                // Removals before additions: a replaced word reads "<del>old</del><ins>new</ins>".
                append(.removed(before[i])); i += 1
            } else {
                append(.added(after[j])); j += 1
            }
        }
        return changes
    }

    /// Words and runs of white space, in order; joined they give the text back.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var currentIsSpace = false
        for character in text {
            let isSpace = character.isWhitespace
            if !current.isEmpty && isSpace != currentIsSpace {
                tokens.append(current)
                current = ""
            }
            current.append(character)
            currentIsSpace = isSpace
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}
