import Catalog

/// The scalars of a page's front matter, or of a YAML data file, by path: for readers that need the
/// values rather than their byte spans (the HTML preview reads the pages, navigation and site
/// strings `tolk build` wrote). YAML and TOML go through the same hostile-input scanners as
/// extraction, so the same limits hold.
///
/// ```swift
/// let page = ScalarValues.readPage(Array("---\ntitle: Hi\ntags: [a, b]\n---\nBody\n".utf8), path: "a.md")
/// page.values.string("title")   // "Hi"
/// page.values.list("tags")      // ["a", "b"]
/// page.bodyStart                // offset of "Body"
/// ```
public struct ScalarValues: Sendable, Equatable {
    /// Every scalar by its full path (`title`, `tags[1]`, `alternates.ru`), and the paths in document order.
    public private(set) var scalars: [String: String] = [:]
    public private(set) var paths: [String] = []

    public init() {}

    /// A single value (`title`); nil when absent or not a scalar.
    public func string(_ key: String) -> String? { scalars[key] }

    /// The items of a list (`tags[0]`, `tags[1]` …) in order; a single value counts as a one-item list.
    public func list(_ key: String) -> [String] {
        if let single = scalars[key] { return [single] }
        var items: [String] = []
        while let item = scalars["\(key)[\(items.count)]"] { items.append(item) }
        return items
    }

    /// The entries of a mapping of scalars (`alternates.en`, `alternates.ru` …) in document order.
    public func mapping(_ key: String) -> [(key: String, value: String)] {
        let prefix = key + "."
        return paths.compactMap { path in
            guard path.hasPrefix(prefix) else { return nil }
            let name = String(path.dropFirst(prefix.count))
            guard !name.contains("."), !name.contains("["), let value = scalars[path] else { return nil }
            return (name, value)
        }
    }

    mutating func add(path: String, value: String) {
        if scalars.updateValue(value, forKey: path) == nil { paths.append(path) }
    }

    public static func == (lhs: ScalarValues, rhs: ScalarValues) -> Bool {
        lhs.scalars == rhs.scalars && lhs.paths == rhs.paths
    }

    /// A Markdown page split into its front matter values and the offset where its body starts.
    public struct Page: Sendable {
        public var values: ScalarValues
        public var bodyStart: Int
        public var diagnostics: [Diagnostic]
    }

    /// Reads the `---` YAML or `+++` TOML front matter of `bytes`; a page without one has no values
    /// and its body starts at 0. A front matter the scanners refuse gives a diagnostic naming `path`.
    public static func readPage(_ bytes: [UInt8], path: String) -> Page {
        guard let located = FrontMatterLocator.locate(in: bytes) else { return Page(values: ScalarValues(), bodyStart: 0, diagnostics: []) }
        var values = ScalarValues()
        var diagnostics: [Diagnostic] = []
        let range = located.contentRange
        switch located.block.syntax {
        case .yaml:
            if let quick = YAMLQuickReader.values(bytes, start: range.lowerBound, end: range.upperBound) {
                for (path, value) in quick { values.add(path: path, value: value) }
                break
            }
            do {
                for scalar in try YAMLScalarLocator(bytes: bytes, start: range.lowerBound, end: range.upperBound, firstLine: located.contentFirstLine).scalars() {
                    values.add(path: scalar.path, value: scalar.value)
                }
            } catch {
                diagnostics.append(YAMLDiagnostics.diagnostic(for: error, file: path))
            }
        case .json:
            do {
                for scalar in try JSONScalarLocator(bytes: bytes, start: range.lowerBound, end: range.upperBound, firstLine: located.contentFirstLine).document().scalars {
                    values.add(path: scalar.path, value: scalar.value)
                }
            } catch {
                diagnostics.append(JSONDiagnostics.diagnostic(for: error, file: path))
            }
        case .toml:
            do {
                for scalar in try TOMLScalarLocator(bytes: bytes, start: range.lowerBound, end: range.upperBound, firstLine: located.contentFirstLine).scalars() {
                    values.add(path: scalar.path, value: scalar.value)
                }
            } catch {
                diagnostics.append(TOMLDiagnostics.diagnostic(for: error, file: path))
            }
        }
        return Page(values: values, bodyStart: located.block.span.upperBound, diagnostics: diagnostics)
    }

    /// Reads a whole YAML (or JSON) file: `menu[1].children[0].label`, `strings.read_more`.
    public static func readYAML(_ bytes: [UInt8], path: String) -> (values: ScalarValues, diagnostics: [Diagnostic]) {
        var values = ScalarValues()
        do {
            for scalar in try YAMLScalarLocator(bytes: bytes, start: 0, end: bytes.count, firstLine: 1).scalars() {
                values.add(path: scalar.path, value: scalar.value)
            }
            return (values, [])
        } catch {
            return (values, [YAMLDiagnostics.diagnostic(for: error, file: path)])
        }
    }
}
