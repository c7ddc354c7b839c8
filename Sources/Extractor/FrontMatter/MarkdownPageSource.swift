import Catalog

/// A Markdown page: front matter fields named in the configuration, then the Markdown body.
public struct MarkdownPageSource: ContentSource {
    /// Front matter keys whose values are translated (`title`, `summary`, `tags`, `hero.title`).
    public var translatableKeys: [KeyPattern]
    /// The site generator's syntax in the body (Hugo shortcodes); nil for plain CommonMark.
    public var dialect: (any MarkdownDialect)?

    public init(translatableKeys: [KeyPattern], dialect: (any MarkdownDialect)? = nil) {
        self.translatableKeys = translatableKeys
        self.dialect = dialect
    }

    public func extract(path: String, bytes: [UInt8]) -> (document: ExtractedDocument, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var units: [TranslationUnit] = []
        var bodyStart = 0
        let frontMatter = FrontMatterLocator.locate(in: bytes)
        var block: FrontMatterBlock?
        if let frontMatter {
            bodyStart = frontMatter.block.span.upperBound
            block = frontMatter.block
            if frontMatter.block.syntax == .yaml {
                let locator = YAMLScalarLocator(bytes: bytes, start: frontMatter.contentRange.lowerBound,
                                                end: frontMatter.contentRange.upperBound, firstLine: frontMatter.contentFirstLine)
                do {
                    let yaml = try locator.document()
                    var scalars: [String: String] = [:]
                    for scalar in yaml.scalars where !scalar.path.contains(".") && !scalar.path.contains("[") {
                        scalars[scalar.keyPath] = scalar.value
                        block?.scalarSpans[scalar.keyPath] = scalar.span
                    }
                    let translatable = YAMLTranslatableValues.select(yaml, file: path) { keyPath in translatableKeys.contains { $0.matches(keyPath) } }
                    diagnostics += translatable.diagnostics
                    for scalar in translatable.scalars {
                        units.append(TranslationUnit(role: .frontMatter(keyPath: scalar.keyPath), text: scalar.value, context: scalar.keyPath,
                                                     line: scalar.line, span: scalar.span, rendering: .yaml(scalar.style)))
                    }
                    block?.scalars = scalars
                } catch {
                    diagnostics.append(YAMLDiagnostics.diagnostic(for: error, file: path))
                }
            } else if frontMatter.block.syntax == .json {
                let locator = JSONScalarLocator(bytes: bytes, start: frontMatter.contentRange.lowerBound,
                                                end: frontMatter.contentRange.upperBound, firstLine: frontMatter.contentFirstLine)
                do {
                    let json = try locator.document()
                    var scalars: [String: String] = [:]
                    for scalar in json.scalars {
                        if scalar.isTopLevel {
                            scalars[scalar.keyPath] = scalar.value
                            block?.scalarSpans[scalar.keyPath] = scalar.span
                        }
                        guard scalar.isString, !scalar.value.isEmpty, translatableKeys.contains(where: { $0.matches(scalar.keyPath) }) else { continue }
                        units.append(TranslationUnit(role: .frontMatter(keyPath: scalar.keyPath), text: scalar.value, context: scalar.keyPath,
                                                     line: scalar.line, span: scalar.span, rendering: .json))
                    }
                    block?.scalars = scalars
                    block?.newFieldOffset = json.lastMemberEnd ?? json.objectStart + 1
                    block?.jsonMemberIndent = json.memberIndent
                    block?.jsonHasMembers = json.lastMemberEnd != nil
                } catch {
                    diagnostics.append(JSONDiagnostics.diagnostic(for: error, file: path))
                }
            } else {
                let locator = TOMLScalarLocator(bytes: bytes, start: frontMatter.contentRange.lowerBound,
                                                end: frontMatter.contentRange.upperBound, firstLine: frontMatter.contentFirstLine)
                do {
                    let toml = try locator.document()
                    var scalars: [String: String] = [:]
                    for scalar in toml.scalars {
                        if scalar.isTopLevel {
                            scalars[scalar.keyPath] = scalar.value
                            block?.scalarSpans[scalar.keyPath] = scalar.span
                        }
                        guard let style = scalar.style, translatableKeys.contains(where: { $0.matches(scalar.keyPath) }) else { continue }
                        guard !scalar.value.isEmpty else { continue }
                        units.append(TranslationUnit(role: .frontMatter(keyPath: scalar.keyPath), text: scalar.value, context: scalar.keyPath,
                                                     line: scalar.line, span: scalar.span, rendering: .toml(style)))
                    }
                    block?.scalars = scalars
                    block?.newFieldOffset = toml.rootTableEnd
                } catch {
                    diagnostics.append(TOMLDiagnostics.diagnostic(for: error, file: path))
                }
            }
        }
        if let bad = UTF8Validation.firstInvalidOffset(in: bytes, range: bodyStart..<bytes.count) {
            let (line, column) = UTF8Validation.position(of: bad, in: bytes)
            diagnostics.append(Diagnostic(.warning, file: path, line: line, column: column, "the page is not valid UTF-8 here",
                                          hint: "translators see the bad bytes as \u{FFFD}; save the page as UTF-8"))
        }
        let body = MarkdownExtractor(bytes: bytes, bodyStart: bodyStart, dialect: dialect).extract()
        units += body.units
        for problem in body.dialectProblems {
            let (line, column) = UTF8Validation.position(of: problem.offset, in: bytes)
            diagnostics.append(Diagnostic(.warning, file: path, line: line, column: column, problem.message, hint: problem.hint))
        }
        if let line = body.tooDeepLine {
            diagnostics.append(Diagnostic(.warning, file: path, line: line,
                                          "blocks nested more than \(CMarkParser.maximumNestingDepth) levels deep (lists, quotes) are not extracted",
                                          hint: "they stay in the source language in every locale; flatten the nesting to translate them"))
        }
        var document = ExtractedDocument(path: path, bytes: bytes, units: units, frontMatter: block)
        document.linkDefinitionDestinations = body.definitionDestinations
        return (document, diagnostics)
    }
}

enum YAMLDiagnostics {
    static func diagnostic(for failure: YAMLScalarLocator.Failure, file: String) -> Diagnostic {
        switch failure {
        case .syntax(let line, let column, let message):
            return Diagnostic(.error, file: file, line: line, column: column, "YAML: \(message)", hint: "fix the YAML; nothing in this block was extracted")
        case .tooComplex(let reason):
            return Diagnostic(.error, file: file, line: 1, "YAML refused: \(reason)", hint: "simplify the YAML")
        }
    }
}

enum JSONDiagnostics {
    static func diagnostic(for failure: JSONScalarLocator.Failure, file: String) -> Diagnostic {
        switch failure {
        case .syntax(let line, let column, let message):
            return Diagnostic(.error, file: file, line: line, column: column, "JSON front matter: \(message)",
                              hint: "fix the JSON object at the top of the page (Hugo reads it the same way)")
        case .tooComplex(let reason):
            return Diagnostic(.error, file: file, line: 1, "JSON front matter refused: \(reason)", hint: "simplify the front matter")
        }
    }
}

/// Finds `---` YAML or `+++` TOML front matter at the very start of a file (after an optional BOM), or
/// Hugo's JSON front matter: an object opening the file (`{` then a `"key"`), up to its closing brace.
enum FrontMatterLocator {
    struct Located {
        var block: FrontMatterBlock
        var contentRange: Range<Int>
        var contentFirstLine: Int
    }

    static func locate(in bytes: [UInt8]) -> Located? {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        if let json = jsonObject(in: bytes, from: start) { return json }
        let fences: [(String, FrontMatterBlock.Syntax, [String])] = [("---", .yaml, ["---", "..."]), ("+++", .toml, ["+++"])]
        for (opening, syntax, closings) in fences {
            guard let firstLineEnd = lineEnd(bytes, from: start),
                  trimmedLine(bytes, start, firstLineEnd) == opening else { continue }
            let lineEnding: [UInt8] = firstLineEnd > start && bytes[firstLineEnd - 1] == 0x0D ? [0x0D, 0x0A] : [0x0A]
            let contentStart = min(firstLineEnd + 1, bytes.count)
            var lineStart = contentStart
            while lineStart < bytes.count {
                let end = lineEnd(bytes, from: lineStart) ?? bytes.count
                if closings.contains(trimmedLine(bytes, lineStart, end)) {
                    let blockEnd = min(end + 1, bytes.count)
                    let block = FrontMatterBlock(syntax: syntax, span: 0..<blockEnd, closingFenceOffset: lineStart, scalars: [:], lineEnding: lineEnding)
                    return Located(block: block, contentRange: contentStart..<lineStart, contentFirstLine: 2)
                }
                lineStart = end + 1
            }
            return nil
        }
        return nil
    }

    /// A JSON object front matter: `{` at `start`, a `"key"` or `}` as its next non-blank byte (so a
    /// page opening with a `{{< shortcode >}}` is not one), the matching `}` found outside strings, and
    /// nothing but blanks after it on its line. The block ends with that line.
    private static func jsonObject(in bytes: [UInt8], from start: Int) -> Located? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { return nil }
        var probe = start + 1
        while probe < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[probe]) { probe += 1 }
        guard probe < bytes.count, bytes[probe] == UInt8(ascii: "\"") || bytes[probe] == UInt8(ascii: "}") else { return nil }
        var depth = 0, position = start, inString = false
        while position < bytes.count {
            let byte = bytes[position]
            if inString {
                if byte == UInt8(ascii: "\\") { position += 2; continue }
                if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { break }
            }
            position += 1
        }
        guard position < bytes.count else { return nil }
        let objectEnd = position + 1
        let end = lineEnd(bytes, from: objectEnd) ?? bytes.count
        guard trimmedLine(bytes, objectEnd, end).isEmpty else { return nil }
        let firstLineEnd = lineEnd(bytes, from: start) ?? bytes.count
        let lineEnding: [UInt8] = firstLineEnd > start && firstLineEnd < bytes.count && bytes[firstLineEnd - 1] == 0x0D ? [0x0D, 0x0A] : [0x0A]
        let blockEnd = min(end + 1, bytes.count)
        let block = FrontMatterBlock(syntax: .json, span: 0..<blockEnd, closingFenceOffset: position, scalars: [:], lineEnding: lineEnding)
        return Located(block: block, contentRange: start..<objectEnd, contentFirstLine: 1)
    }

    /// Index of the `\n` ending the line that starts at `start` (or the end of the bytes).
    private static func lineEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
    }

    private static func trimmedLine(_ bytes: [UInt8], _ start: Int, _ end: Int) -> String {
        var upper = end
        while upper > start, bytes[upper - 1] == 0x0D || bytes[upper - 1] == 0x20 { upper -= 1 }
        return String(decoding: bytes[start..<upper], as: UTF8.self)
    }
}
