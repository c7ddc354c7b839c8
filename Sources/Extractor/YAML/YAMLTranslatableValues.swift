import Catalog

/// Sorts the values that translatable keys hold in a YAML document (front matter, navigation, site
/// strings) into messages and findings, so that no value is left out in silence.
///
/// - A string whose bytes were found is a message.
/// - Typed data is not a message, and not reported: `42`, `3.5`, `true`, `yes`, `null`, `~`,
///   `2024-05-01`, `!!int 3` read the same in every language, and Hugo (go-yaml) and Jekyll (Psych)
///   read them as numbers, booleans, nulls and dates, which a translation must not turn into strings.
///   Quoted (`"2024"`) or tagged `!!str`, the same text is a string and a message.
/// - A value with a tag YAML does not define (`!icon star`), or a string whose bytes tolk could not
///   find, is reported as a warning at its line: it stays in the source language in every locale.
/// - An alias (`*t`) is not a value of its own: it follows its anchor, which is the message.
///
/// ```swift
/// let selected = YAMLTranslatableValues.select(document, file: "posts/a.md") { $0 == "title" }
/// selected.scalars      // the strings to extract
/// selected.diagnostics  // "title has the tag !icon, …", at the value's line
/// ```
enum YAMLTranslatableValues {
    static func select(_ document: YAMLScalarLocator.Document, file: String,
                       isTranslatable: (String) -> Bool) -> (scalars: [YAMLScalarLocator.Scalar], diagnostics: [Diagnostic]) {
        var scalars: [YAMLScalarLocator.Scalar] = []
        var diagnostics: [Diagnostic] = []
        for scalar in document.scalars where isTranslatable(scalar.keyPath) && !scalar.value.isEmpty {
            switch scalar.kind {
            case .string:
                scalars.append(scalar)
            case .data:
                continue
            case .unknownTag(let tag):
                diagnostics.append(unknownTag(tag, path: scalar.path, file: file, line: scalar.line, column: scalar.column))
            }
        }
        for value in document.unlocated where isTranslatable(value.keyPath) && !value.value.isEmpty {
            switch value.kind {
            case .string:
                diagnostics.append(Diagnostic(.warning, file: file, line: value.line, column: value.column,
                                            "\(value.path) is not extracted: \(value.reason)",
                                            hint: "it stays in the source language in every locale; write the value on one line, or in double quotes"))
            case .data:
                continue
            case .unknownTag(let tag):
                diagnostics.append(unknownTag(tag, path: value.path, file: file, line: value.line, column: value.column))
            }
        }
        return (scalars, diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
    }

    private static func unknownTag(_ tag: String, path: String, file: String, line: Int, column: Int) -> Diagnostic {
        Diagnostic(.warning, file: file, line: line, column: column,
                   "\(path) is not extracted: its tag \(tag) is not one of YAML's, so tolk cannot tell whether it is text",
                   hint: "it stays in the source language in every locale; write it as !!str, or without the tag, to translate it")
    }
}
