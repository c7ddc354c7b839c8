import Catalog

/// A kind of source file that yields translation units: Markdown pages, the navigation menu, UI strings.
public protocol ContentSource: Sendable {
    /// Extracts the units of one file. `path` is relative to the content folder and used in diagnostics.
    func extract(path: String, bytes: [UInt8]) -> (document: ExtractedDocument, diagnostics: [Diagnostic])
}

/// Key patterns such as `title`, `hero.title`, `strings.*`, `tags`: a `*` matches one key; sequence
/// indices are ignored (`tags` matches every tag).
public struct KeyPattern: Hashable, Sendable, CustomStringConvertible {
    let parts: [Substring]
    public let description: String

    public init(_ pattern: String) {
        description = pattern
        parts = pattern.split(separator: ".")
    }

    public func matches(_ keyPath: String) -> Bool {
        let keys = keyPath.split(separator: ".")
        if parts.last == "**" { return keys.count >= parts.count - 1 && zip(parts.dropLast(), keys).allSatisfy { $0 == "*" || $0 == $1 } }
        guard keys.count == parts.count else { return false }
        return zip(parts, keys).allSatisfy { $0 == "*" || $0 == $1 }
    }
}
