import Foundation
import Testing
@testable import Extractor

/// No MDX compiler can run here, so the golden pseudo pages of the MDX fixture sites
/// (`Tests/EndToEndTests/Fixtures/*-site.golden`, which `MDXSiteTests` proves are what `tolk build`
/// writes) are compared with their sources structurally: the sequence of JSX tags (names, attribute
/// names, every value that is not translated), expressions, import/export lines and `:::` fences must
/// be identical, read once by tolk's own scanner and once by the simple reader below, which shares no
/// code with it. And the pseudo text must be there: the comparison would pass on an untranslated page.
@Suite struct MDXStructureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("EndToEndTests/Fixtures")

    static let pages: [(source: String, pseudo: String, mdx: Bool)] = [
        ("docusaurus-site/docs/install.mdx", "docusaurus-site.golden/install.en-XA.mdx", true),
        ("docusaurus-site/docs/care.md", "docusaurus-site.golden/care.en-XA.md", false),
        ("starlight-site/src/content/docs/guides/start.mdx", "starlight-site.golden/start.en-XA.mdx", true),
    ]

    static func body(_ path: String) throws -> [UInt8] {
        let text = try String(contentsOf: fixtures.appendingPathComponent(path), encoding: .utf8)
        guard text.hasPrefix("---\n"), let close = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex) else {
            return Array(text.utf8)
        }
        return Array(text[close.upperBound...].utf8)
    }

    @Test(arguments: pages.map(\.source))
    func thePseudoPageHasTheSourcesStructureByBothReaders(_ source: String) throws {
        guard let page = Self.pages.first(where: { $0.source == source }) else { return }
        let original = try Self.body(page.source), pseudo = try Self.body(page.pseudo)
        let ownOriginal = Self.tolkStructure(original, mdx: page.mdx), ownPseudo = Self.tolkStructure(pseudo, mdx: page.mdx)
        let simpleOriginal = SimpleMDXReader.structure(original, mdx: page.mdx), simplePseudo = SimpleMDXReader.structure(pseudo, mdx: page.mdx)
        #expect(ownPseudo == ownOriginal)
        #expect(simplePseudo == simpleOriginal)
        // The two readers agree with each other, and found something to compare.
        #expect(ownOriginal == simpleOriginal)
        #expect(ownOriginal.count >= (page.mdx ? 15 : 4), "\(ownOriginal)")
        // Translated: the pseudo text is there, and no prose line of the source is left as it was.
        let pseudoText = String(decoding: pseudo, as: UTF8.self)
        #expect(pseudoText.components(separatedBy: "⟦").count >= 5)
        for line in ["Unplug the lamp", "Never use water", "Fill the kettle", "Your kettle is covered", "Did you know?", "macOS\"", "Cordless"] {
            #expect(!pseudoText.contains(line), "\(line)")
        }
    }

    @Test func theReadersSeeAChangedTagOrExpression() throws {
        let original = try Self.body(Self.pages[0].source)
        let text = String(decoding: original, as: UTF8.self)
        for (from, to) in [("value=\"linux\"", "value=\"Linux\""), ("{version}", "{versions}"), ("</Highlight>", "</Highlite>"),
                           ("import wiring", "import wires"), ("::::info", ":::info"), ("<details>", "<detail>")] {
            let changed = Array(text.replacingOccurrences(of: from, with: to).utf8)
            #expect(Self.tolkStructure(changed, mdx: true) != Self.tolkStructure(original, mdx: true), "\(from)")
            #expect(SimpleMDXReader.structure(changed, mdx: true) != SimpleMDXReader.structure(original, mdx: true), "\(from)")
        }
    }

    /// The structure as tolk reads it: the dialect's survey (fences, ESM, tags, expressions), each tag
    /// taken apart by `JSXSyntax`.
    static func tolkStructure(_ bytes: [UInt8], mdx: Bool) -> [String] {
        let dialect = MDXDialect(mdx: mdx)
        let lineStarts = LineIndex.lineStarts(of: bytes)
        let codeRanges = CMarkParser.structure(of: bytes).blocks.filter { $0.kind == .codeBlock }.compactMap { block -> Range<Int>? in
            guard block.startLine >= 1, block.endLine <= lineStarts.count else { return nil }
            return lineStarts[block.startLine - 1]..<(block.endLine < lineStarts.count ? lineStarts[block.endLine] : bytes.count)
        }
        let survey = dialect.survey(bytes: bytes, body: 0..<bytes.count, codeRanges: codeRanges, lineStarts: lineStarts)
        var items: [String] = []
        for range in survey.syntaxRanges {
            let text = String(decoding: bytes[range], as: UTF8.self)
            if case .complete(let tag)? = JSXSyntax.tag(in: bytes, at: range.lowerBound), tag.range == range {
                items.append(describe(tag, in: bytes, translatable: dialect.translatableAttributes))
            } else if let fence = AdmonitionFence.read(bytes, line: range) {
                items.append("fence \(fence.colons) \(fence.name ?? "/")")
            } else if text.hasPrefix("import") || text.hasPrefix("export") {
                items += text.split(separator: "\n").map { "esm " + $0.trimmingCharacters(in: .whitespaces) }
            } else {
                items.append("expression " + text)
            }
        }
        return items
    }

    static func describe(_ tag: JSXTag, in bytes: [UInt8], translatable: Set<String>) -> String {
        var parts = [tag.kind == .closing ? "/" + tag.name : tag.name]
        for attribute in tag.attributes {
            switch attribute.value {
            case .string(let range, _) where translatable.contains(attribute.name): parts.append(attribute.name + "=…")
            case .string(let range, _), .expression(let range): parts.append(attribute.name + "=" + String(decoding: bytes[range], as: UTF8.self))
            case .none: parts.append(attribute.name)
            }
        }
        if tag.kind == .selfClosing { parts.append("/") }
        return "tag " + parts.joined(separator: " ")
    }
}

/// A reader of MDX structure written for this test alone, as simply as the fixtures allow: fenced
/// code skipped by its fence lines, code spans by their backticks, tags and expressions found by a
/// character walk with a brace counter and quote skipping.
enum SimpleMDXReader {
    static let translatable: Set<String> = ["title", "label", "description", "alt", "caption", "summary", "placeholder", "aria-label"]

    static func structure(_ bytes: [UInt8], mdx: Bool) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        // Each item with where it starts (line, then character), to list them in the page's order.
        var items: [(line: Int, column: Int, text: String)] = []
        var inFence = false
        var inESM = false
        var previousBlank = true
        var prose: [Character] = []   // the lines left for tags and expressions, others emptied
        for (number, line) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            defer { prose.append("\n") }
            if trimmed.hasPrefix("```") { inFence.toggle(); previousBlank = false; continue }
            if inFence { continue }
            if trimmed.isEmpty { inESM = false; previousBlank = true; continue }
            if mdx, inESM || (previousBlank && (line.hasPrefix("import ") || line.hasPrefix("export "))) {
                inESM = true
                items.append((number, 0, "esm " + trimmed))
                previousBlank = false
                continue
            }
            previousBlank = false
            if trimmed.hasPrefix(":::") {
                let colons = trimmed.prefix { $0 == ":" }.count
                let name = trimmed.dropFirst(colons).prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
                items.append((number, 0, "fence \(colons) \(name.isEmpty ? "/" : String(name))"))
                continue
            }
            prose += Array(line)
        }
        if mdx {
            var lineOf: [Int] = [], line = 0
            for character in prose { lineOf.append(line); if character == "\n" { line += 1 } }
            var index = 0
            while index < prose.count {
                let character = prose[index]
                if character == "`" {
                    var run = 0
                    while index + run < prose.count, prose[index + run] == "`" { run += 1 }
                    var probe = index + run, closed: Int?
                    while probe < prose.count, closed == nil {
                        var length = 0
                        while probe + length < prose.count, prose[probe + length] == "`" { length += 1 }
                        if length == run { closed = probe + length } else { probe += max(length, 1) }
                    }
                    index = closed ?? index + run
                    continue
                }
                if character == "\\" { index += 2; continue }
                if character == "{" {
                    let end = braceEnd(prose, from: index)
                    items.append((lineOf[index], index, "expression " + String(prose[index..<end])))
                    index = end
                    continue
                }
                if character == "<", index + 1 < prose.count, prose[index + 1].isLetter || prose[index + 1] == "/" || prose[index + 1] == ">",
                   let (item, end) = tag(prose, from: index) {
                    items.append((lineOf[index], index, item))
                    index = end
                    continue
                }
                index += 1
            }
        }
        return items.sorted { ($0.line, $0.column) < ($1.line, $1.column) }.map(\.text)
    }

    /// Just after the `}` matching the `{` at `start` (strings skipped).
    private static func braceEnd(_ characters: [Character], from start: Int) -> Int {
        var depth = 0, index = start
        while index < characters.count {
            let character = characters[index]
            if character == "\"" || character == "'" || character == "`" {
                index += 1
                while index < characters.count, characters[index] != character { index += characters[index] == "\\" ? 2 : 1 }
            } else if character == "{" {
                depth += 1
            } else if character == "}" {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            index += 1
        }
        return characters.count
    }

    /// A tag at `start`: its description (as `MDXStructureTests.describe` words it) and its end.
    private static func tag(_ characters: [Character], from start: Int) -> (String, Int)? {
        var index = start + 1
        var closing = false
        if characters[index] == "/" { closing = true; index += 1 }
        var name = ""
        while index < characters.count, characters[index].isLetter || characters[index].isNumber || ".:-_".contains(characters[index]) {
            name.append(characters[index]); index += 1
        }
        var parts = [closing ? "/" + name : name]
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace { index += 1; continue }
            if character == ">" { return ("tag " + parts.joined(separator: " "), index + 1) }
            if character == "/", index + 1 < characters.count, characters[index + 1] == ">" {
                parts.append("/")
                return ("tag " + parts.joined(separator: " "), index + 2)
            }
            if character == "{" {
                let end = braceEnd(characters, from: index)
                parts.append("=" + String(characters[index..<end]))
                index = end
                continue
            }
            var attribute = ""
            while index < characters.count, !characters[index].isWhitespace, characters[index] != "=", characters[index] != ">", characters[index] != "/" {
                attribute.append(characters[index]); index += 1
            }
            guard !attribute.isEmpty else { return nil }
            guard index < characters.count, characters[index] == "=" else { parts.append(attribute); continue }
            index += 1
            guard index < characters.count else { return nil }
            let quote = characters[index]
            if quote == "\"" || quote == "'" {
                guard let close = characters[(index + 1)...].firstIndex(of: quote) else { return nil }
                parts.append(translatable.contains(attribute) ? attribute + "=…" : attribute + "=" + String(characters[index...close]))
                index = close + 1
            } else if quote == "{" {
                let end = braceEnd(characters, from: index)
                parts.append(attribute + "=" + String(characters[index..<end]))
                index = end
            } else {
                return nil
            }
        }
        return nil
    }
}
