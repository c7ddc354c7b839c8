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

    /// True when the dotted key path matches: `*` stands for one key, `**` for any number of keys.
    public func matches(_ keyPath: String) -> Bool {
        Self.match(parts[...], keyPath.split(separator: ".")[...])
    }

    private static func match(_ pattern: ArraySlice<Substring>, _ keys: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return keys.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            return (0...keys.count).contains { match(rest, keys.dropFirst($0)) }
        }
        guard let key = keys.first, first == "*" || first == key else { return false }
        return match(pattern.dropFirst(), keys.dropFirst())
    }
}
