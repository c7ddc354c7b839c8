import Foundation

/// Jekyll's Markdown: CommonMark read with Liquid and kramdown's brace syntax. A Liquid tag or output
/// and a kramdown attribute list in prose are protected pieces of their message; a paragraph line made
/// only of them is no part of a message (`{% include note.html %}`, `{% if site.beta %}`, `{: .note}`
/// under a paragraph, `{:toc}` under its placeholder list); the content of `{% raw %}`,
/// `{% highlight %}`, `{% comment %}`, `{::comment}` and `{::nomarkdown}` is never prose; the text
/// between other block tags (`if`, `for`, `capture`) is. An include's quoted parameters named in
/// `includeParameters` are messages of their own.
///
/// ```swift
/// let jekyll = JekyllDialect(includeParameters: ["content"])
/// jekyll.protectedConstruct(in: Array("{{ site.baseurl }}/about".utf8), at: 0)   // 18
/// ```
public struct JekyllDialect: MarkdownDialect {
    public let name = "Jekyll"
    /// kramdown has definition lists (`Term` / `: Definition`).
    public let hasDefinitionLists = true
    public let openingBytes = [UInt8(ascii: "{")]
    /// The include parameters whose quoted values are text (`content`, `caption`); none by default, as
    /// every site names its own includes' parameters.
    public var includeParameters: [String]

    /// How many problems a page reports one by one.
    static let reportedProblems = 20

    public init(includeParameters: [String] = []) {
        self.includeParameters = includeParameters
    }

    public var checkingIdentity: String { name + " include parameters " + includeParameters.sorted().joined(separator: ",") }

    public func protectedConstruct(in bytes: [UInt8], at index: Int) -> Int? {
        switch LiquidTag.read(bytes, at: index) {
        case .construct(let tag):
            guard tag.kind == .tag, LiquidTag.opaqueBlocks.contains(tag.name) else { return tag.range.upperBound }
            // `{% raw %}{{ page.title }}{% endraw %}` is one piece, whatever it holds.
            return LiquidTag.blockEnd(of: tag.name, in: bytes, from: tag.range.upperBound, limit: bytes.count)?.range.upperBound ?? bytes.count
        case .unclosed: return bytes.count
        case nil: break
        }
        guard let markup = KramdownMarkup.read(bytes, at: index) else { return nil }
        if case .extensionStart(let name, false) = markup.kind, KramdownMarkup.opaqueExtensions.contains(name) {
            return KramdownMarkup.extensionEnd(of: name, in: bytes, from: markup.range.upperBound, limit: bytes.count)?.range.upperBound ?? bytes.count
        }
        return markup.range.upperBound
    }

    public func pieceName(_ construct: String) -> String {
        if construct.hasPrefix("{{") { return "Liquid output " + construct }
        if construct.hasPrefix("{%") { return "Liquid tag " + construct }
        return "kramdown markup " + construct
    }

    public let keepPiecesHint = "keep every Liquid tag, Liquid output and kramdown {: …} byte for byte: Jekyll runs them as written"

    public func survey(bytes: [UInt8], body: Range<Int>, codeRanges: [Range<Int>], lineStarts: [Int]) -> MarkdownDialectSurvey {
        var survey = MarkdownDialectSurvey()
        var includes: [LiquidTag] = []
        var code = CodeRangeCursor(codeRanges)
        var position = body.lowerBound
        // A page of broken syntax is reported by its first problems: each costs a line lookup, and the
        // author fixes the first ones first.
        var unreported: (first: Int, count: Int)?
        func problem(_ offset: Int, _ message: String, _ hint: String) {
            guard survey.problems.count < Self.reportedProblems else {
                unreported = (unreported?.first ?? offset, (unreported?.count ?? 0) + 1)
                return
            }
            survey.problems.append((offset, message, hint))
        }
        while position < body.upperBound {
            if let block = code.range(containing: position) { position = block.upperBound; continue }
            let byte = bytes[position]
            if byte == UInt8(ascii: "`") {
                position = LineIndex.codeSpanEnd(in: bytes, from: position, limit: body.upperBound, lookahead: LiquidTag.lookahead)
                continue
            }
            guard byte == UInt8(ascii: "{") else { position += 1; continue }
            switch LiquidTag.read(bytes, at: position) {
            case .unclosed(let kind, let name):
                if kind == .tag {
                    problem(position, "the Liquid tag {%\(name.isEmpty ? "" : " " + name) is not closed",
                            "end it with %}; Jekyll refuses the page until then, and tolk leaves the rest of its paragraph untranslated")
                } else {
                    problem(position, "the Liquid output {{ is not closed",
                            "end it with }} (or write {{ '{{' }} for literal braces); tolk leaves the rest of its paragraph untranslated")
                }
                position += 2
                continue
            case .construct(let tag):
                position = tag.range.upperBound
                let isOpaque = tag.kind == .tag && LiquidTag.opaqueBlocks.contains(tag.name)
                if !isOpaque { survey.syntaxRanges.append(tag.range) }
                if tag.kind != .tag {
                    continue
                } else if isOpaque {
                    // The whole block is one piece of syntax: a paragraph line inside it is never prose.
                    let inner = tag.range.upperBound
                    if let end = LiquidTag.blockEnd(of: tag.name, in: bytes, from: inner, limit: body.upperBound) {
                        survey.regions.append((inner..<end.range.lowerBound, false))
                        survey.syntaxRanges.append(tag.range.lowerBound..<end.range.upperBound)
                        position = end.range.upperBound
                    } else {
                        problem(tag.range.lowerBound, "{% \(tag.name) %} is not closed by {% end\(tag.name) %}",
                                "add {% end\(tag.name) %} where the \(tag.name == "highlight" ? "code" : tag.name == "comment" ? "comment" : "raw text") ends; until then tolk treats the rest of the page as code and translates none of it")
                        survey.regions.append((inner..<body.upperBound, false))
                        survey.syntaxRanges.append(tag.range.lowerBound..<body.upperBound)
                        position = body.upperBound
                    }
                } else if tag.name.hasPrefix("end"), LiquidTag.opaqueBlocks.contains(String(tag.name.dropFirst(3))) {
                    problem(tag.range.lowerBound, "{% \(tag.name) %} closes no {% \(tag.name.dropFirst(3)) %}",
                            "remove it, or add the opening tag above it")
                } else if tag.name == "include" || tag.name == "include_relative" {
                    includes.append(tag)
                }
                continue
            case nil:
                break
            }
            guard let markup = KramdownMarkup.read(bytes, at: position) else { position += 1; continue }
            position = markup.range.upperBound
            switch markup.kind {
            case .extensionStart(let name, false) where KramdownMarkup.opaqueExtensions.contains(name):
                if let end = KramdownMarkup.extensionEnd(of: name, in: bytes, from: markup.range.upperBound, limit: body.upperBound) {
                    survey.regions.append((markup.range.upperBound..<end.range.lowerBound, false))
                    survey.syntaxRanges.append(markup.range.lowerBound..<end.range.upperBound)
                    position = end.range.upperBound
                } else {
                    problem(markup.range.lowerBound, "{::\(name)} is not closed by {:/\(name)}",
                            "add {:/\(name)} where it ends; until then tolk treats the rest of the page as code and translates none of it")
                    survey.regions.append((markup.range.upperBound..<body.upperBound, false))
                    survey.syntaxRanges.append(markup.range.lowerBound..<body.upperBound)
                    position = body.upperBound
                }
            case .attributes where markup.isTableOfContents(in: bytes):
                survey.syntaxRanges.append(markup.range)
                // `* TOC` above `{:toc}` is a placeholder kramdown replaces with the contents: not a message.
                if let placeholder = Self.listItemLine(before: markup.range.lowerBound, in: bytes, lineStarts: lineStarts, body: body) {
                    survey.syntaxRanges.append(placeholder)
                }
            default:
                survey.syntaxRanges.append(markup.range)
            }
        }
        if let unreported {
            survey.problems.append((unreported.first, "\(unreported.count) more Liquid or kramdown problems on this page from here",
                                    "fix the ones above, then run tolk again"))
        }
        // Sorted and disjoint, as the survey's lookup needs (a `* TOC` line may hold a tag of its own).
        survey.syntaxRanges.sort { $0.lowerBound < $1.lowerBound }
        var disjoint: [Range<Int>] = []
        for range in survey.syntaxRanges {
            if let last = disjoint.last, range.lowerBound < last.upperBound {
                disjoint[disjoint.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                disjoint.append(range)
            }
        }
        survey.syntaxRanges = disjoint
        for tag in includes where survey.isProse(at: tag.range.lowerBound) && !includeParameters.isEmpty {
            let (file, parameters) = LiquidIncludeParameter.parameters(of: tag, in: bytes)
            for parameter in parameters where parameter.quoting != .bare && includeParameters.contains(parameter.name) {
                let text = parameter.text(in: bytes)
                guard MarkdownExtractor.hasTranslatableText(Array(text.utf8)) else { continue }
                let label = "\(tag.name) \(file) \(parameter.name)"
                survey.units.append(TranslationUnit(role: .body(label), text: text, context: label,
                                                    line: LineIndex.line(containing: parameter.value.lowerBound, in: lineStarts),
                                                    span: parameter.value, rendering: .liquidString(singleQuoted: parameter.quoting == .single)))
            }
        }
        return survey
    }

    /// The text of the list item line just above the line at `offset` (`* TOC`, `1. Contents`), if it is one.
    private static func listItemLine(before offset: Int, in bytes: [UInt8], lineStarts: [Int], body: Range<Int>) -> Range<Int>? {
        let line = LineIndex.line(containing: offset, in: lineStarts)
        guard line >= 2, lineStarts[line - 2] >= body.lowerBound else { return nil }
        let start = lineStarts[line - 2]
        var end = lineStarts[line - 1]
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        var position = start
        while position < end, bytes[position] == 0x20 { position += 1 }
        guard position < end else { return nil }
        if bytes[position] == UInt8(ascii: "*") || bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
            position += 1
        } else {
            let digits = position
            while position < end, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
            guard position > digits, position < end, bytes[position] == UInt8(ascii: ".") || bytes[position] == UInt8(ascii: ")") else { return nil }
            position += 1
        }
        guard position < end, bytes[position] == 0x20 || bytes[position] == 0x09 else { return nil }
        return start..<end
    }
}
