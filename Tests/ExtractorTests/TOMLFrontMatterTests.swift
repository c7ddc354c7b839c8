import Foundation
import TestSupport
import Testing
@testable import Extractor
@testable import Merger

/// TOML (`+++`) front matter: every value located with its key path and bytes, translatable strings
/// extracted as units, translations merged back in the source's string form, and bad TOML reported
/// at its line and column.
@Suite struct TOMLFrontMatterTests {
    static let translatableKeys = ["title", "summary", "tags", "hero.title", "params.social.title", "params.seo.description", "resources.title"]
    let source = MarkdownPageSource(translatableKeys: Self.translatableKeys.map(KeyPattern.init))

    /// The scalars of a file's `+++` block.
    func scalars(_ bytes: [UInt8]) throws -> [TOMLScalarLocator.Scalar] {
        let frontMatter = try #require(FrontMatterLocator.locate(in: bytes))
        return try TOMLScalarLocator(bytes: bytes, start: frontMatter.contentRange.lowerBound, end: frontMatter.contentRange.upperBound,
                                     firstLine: frontMatter.contentFirstLine).scalars()
    }

    func text(_ bytes: [UInt8], _ span: Range<Int>) -> String {
        String(decoding: bytes[span], as: UTF8.self)
    }

    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    // MARK: Locating

    @Test func locatesEveryValueWithItsPathLineAndExactBytes() throws {
        let bytes = try fixtureBytes("hugo-post.toml.md")
        let found = try scalars(bytes)
        let summary = found.map { scalar in
            let style = scalar.style.map { "\($0)" } ?? "-"
            return "\(scalar.line) \(scalar.path) (\(scalar.keyPath)) \(style)\(scalar.isTopLevel ? " top" : "") = \(scalar.value)"
        }
        #expect(summary == [
            #"3 title (title) basic top = Plural Rules in "Practice""#,
            "4 slug (slug) literal top = plural-rules-in-practice",
            "5 date (date) - top = 2024-05-01T09:30:00+02:00",
            "6 publishDate (publishDate) - top = 2024-05-01 08:00:00Z",
            "7 lastmod (lastmod) - top = 2024-05-03",
            "8 draft (draft) - top = false",
            "9 weight (weight) - top = 10",
            "10 views (views) - top = 1_024",
            "11 rating (rating) - top = 4.5",
            "12 reading_minutes (reading_minutes) - top = 7",
            "13 summary (summary) multilineBasic top = Why one, few and many are not enough,\nand what CLDR says instead.",
            "17 tags[0] (tags) basic = plurals",
            "18 tags[1] (tags) basic = icu",
            "20 tags[2] (tags) literal = cldr",
            "22 categories[0] (categories) basic = guides",
            #"23 path_pattern (path_pattern) literal top = C:\content\posts\*.md"#,
            "24 hero.title (hero.title) basic = Counting in «many» languages",
            "25 og:image (og:image) basic top = /img/plurals.png",
            "29 params.author (params.author) basic = Ann Example",
            "30 params.credits (params.credits) multilineBasic = Photo by Jo Doe.",
            "33 params.social.title (params.social.title) basic = Share this post",
            "33 params.social.tag (params.social.tag) literal = plurals",
            "36 params.seo.description (params.seo.description) literal = Plural categories, explained with examples",
            "39 resources[0].src (resources.src) basic = images/hero.jpg",
            "40 resources[0].title (resources.title) basic = Hero image",
            "42 resources[0].params.credits (resources.params.credits) basic = Jo Doe",
            "45 resources[1].src (resources.src) basic = images/chart.svg",
            "46 resources[1].title (resources.title) literal = Plural categories by language",
        ])
        // Each span is the whole token as written, quotes and escapes included.
        #expect(found.map { text(bytes, $0.span) }.prefix(5) == [
            #""Plural Rules in \"Practice\"""#, "'plural-rules-in-practice'", "2024-05-01T09:30:00+02:00", "2024-05-01 08:00:00Z", "2024-05-03",
        ])
        #expect(text(bytes, found[10].span) == "\"\"\"\nWhy one, few and many are not enough,\nand what CLDR says instead.\"\"\"")
        #expect(text(bytes, found[19].span) == "\"\"\"\\\n  Photo by \\\n  Jo Doe.\"\"\"")
        #expect(text(bytes, found[15].span) == #"'C:\content\posts\*.md'"#)
    }

    @Test func extractsConfiguredStringsAsUnitsAndTopLevelValuesForTheBuild() throws {
        let bytes = try fixtureBytes("hugo-post.toml.md")
        let (document, diagnostics) = source.extract(path: "posts/hugo-post.md", bytes: bytes)
        #expect(diagnostics.isEmpty)
        #expect(document.units.map { "\($0.line) \($0.kind) | \($0.context ?? "-") | \($0.text)" } == [
            #"3 front matter: title | title | Plural Rules in "Practice""#,
            "13 front matter: summary | summary | Why one, few and many are not enough,\nand what CLDR says instead.",
            "17 front matter: tags | tags | plurals",
            "18 front matter: tags | tags | icu",
            "20 front matter: tags | tags | cldr",
            "24 front matter: hero.title | hero.title | Counting in «many» languages",
            "33 front matter: params.social.title | params.social.title | Share this post",
            "36 front matter: params.seo.description | params.seo.description | Plural categories, explained with examples",
            "40 front matter: resources.title | resources.title | Hero image",
            "46 front matter: resources.title | resources.title | Plural categories by language",
            "49 heading 1 | - | Plural Rules in Practice",
            "51 paragraph | - | English has two plural forms; Arabic has six.",
        ])
        #expect(document.units.prefix(3).map(\.rendering) == [.toml(.basic), .toml(.multilineBasic), .toml(.basic)])
        let block = try #require(document.frontMatter)
        #expect(block.syntax == .toml)
        #expect(block.scalars["reading_minutes"] == "7")
        #expect(block.scalars["date"] == "2024-05-01T09:30:00+02:00")
        #expect(block.scalars["og:image"] == "/img/plurals.png")
        #expect(block.scalars["author"] == nil, "params.author is not top-level")
        #expect(block.scalars["tags"] == nil, "array elements are not top-level scalars")
        #expect(try text(bytes, #require(block.scalarSpans["weight"])) == "10")
        #expect(try text(bytes, #require(block.scalarSpans["slug"])) == "'plural-rules-in-practice'")
        // A key added to the root table goes after its last key, not under [[resources]] at the closing fence.
        let offset = try #require(block.newFieldOffset)
        #expect(text(bytes, 0..<offset).hasSuffix("\"og:image\" = \"/img/plurals.png\"\n"))
        #expect(text(bytes, offset..<bytes.count).hasPrefix("\n# Theme parameters\n[params]\n"))
    }

    @Test func documentationExampleHolds() throws {
        let bytes = Array("+++\ntitle = \"Hello\"\n[params]\nauthor = 'Ann'\n+++\n".utf8)
        let found = try TOMLScalarLocator(bytes: bytes, start: 4, end: 44, firstLine: 2).scalars()
        #expect(found.map { "\($0.path) \($0.value) \($0.style.map { "\($0)" } ?? "-") \($0.line) \($0.span)" }
                == ["title Hello basic 2 12..<19", "params.author Ann literal 4 38..<43"])
    }

    @Test func frontMatterWithoutTablesAddsFieldsAtTheClosingFence() {
        let (document, diagnostics) = source.extract(path: "p.md", bytes: Array("+++\ntitle = \"T\"\nreading_minutes = 3\n+++\nBody.\n".utf8))
        #expect(diagnostics.isEmpty)
        #expect(document.frontMatter?.newFieldOffset == nil)
        #expect(document.frontMatter?.scalars == ["title": "T", "reading_minutes": "3"])
    }

    @Test func arraysOfTablesNestedArraysAndInlineTablesGetIndexedPaths() throws {
        let toml = """
        +++
        "odd key" = 'x'
        site."google.com".id = "g"
        matrix = [ ["a", "b"], [ ], [["c"]], ]
        links = [ { title = "Home", url = "/" }, { title = "About", nested = { label = "L" } } ]
        [[menu.main]]
          name = "Blog"
        [[menu.main]]
          name = "About"
          [[menu.main.children]]
            name = "Team"
        [[menu.main]]
          name = "Contact"
          [[menu.main.children]]
            name = "Form"
        +++

        """
        let found = try scalars(Array(toml.utf8))
        #expect(found.map { "\($0.path) (\($0.keyPath)) = \($0.value)" } == [
            "odd key (odd key) = x",
            "site.google.com.id (site.google.com.id) = g",
            "matrix[0][0] (matrix) = a",
            "matrix[0][1] (matrix) = b",
            "matrix[2][0][0] (matrix) = c",
            "links[0].title (links.title) = Home",
            "links[0].url (links.url) = /",
            "links[1].title (links.title) = About",
            "links[1].nested.label (links.nested.label) = L",
            "menu.main[0].name (menu.main.name) = Blog",
            "menu.main[1].name (menu.main.name) = About",
            "menu.main[1].children[0].name (menu.main.children.name) = Team",
            "menu.main[2].name (menu.main.name) = Contact",
            "menu.main[2].children[0].name (menu.main.children.name) = Form",
        ])
        #expect(found.map(\.isTopLevel) == [true] + Array(repeating: false, count: 13))
    }

    @Test func escapesAndMultiLineFormsReadAsTOMLSays() throws {
        let toml = #"""
        +++
        escapes = "tab\t quote\" backslash\\ \b\f\r\n \u00E9 \U0001F600"
        empty = ""
        literal = '\no "escapes"'
        lines = """
        Roses are red\
            and "quoted" ""twice"" \t
          Violets"""
        quoted = """"quoted""""
        raw = '''
        It's a \path
        '''
        raw_quotes = ''''one' ''it''s'''''
        +++

        """#
        let found = try scalars(Array(toml.utf8))
        #expect(found.map(\.value) == [
            "tab\t quote\" backslash\\ \u{08}\u{0C}\r\n é 😀",
            "",
            #"\no "escapes""#,
            "Roses are redand \"quoted\" \"\"twice\"\" \t\n  Violets",
            "\"quoted\"",
            "It's a \\path\n",
            "'one' ''it''s''",
        ])
        #expect(found.map { $0.style } == [.basic, .basic, .literal, .multilineBasic, .multilineBasic, .multilineLiteral, .multilineLiteral])
    }

    @Test func numbersBooleansAndDatesAreReadAsWritten() throws {
        let values = ["+99", "-17", "0", "1_000", "0xDEAD_beef", "0o755", "0b1101", "3.1415", "-0.01", "5e+22", "1e06", "-2E-2",
                      "6.626e-34", "224_617.445_991", "inf", "-inf", "+nan", "true", "false", "1979-05-27T07:32:00Z",
                      "1979-05-27T00:32:00.999999-07:00", "1979-05-27 07:32:00", "1979-05-27t07:32:00z", "1979-05-27", "07:32:00", "00:32:00.5"]
        let toml = "+++\n" + values.enumerated().map { "v\($0.offset) = \($0.element) # comment" }.joined(separator: "\n") + "\n+++\n"
        let found = try scalars(Array(toml.utf8))
        #expect(found.map(\.value) == values)
        #expect(found.allSatisfy { !$0.isString && $0.isTopLevel })
    }

    // MARK: Merging

    @Test(arguments: [false, true])
    func identityMergeIsByteIdentical(crlf: Bool) throws {
        let lf = try fixtureBytes("hugo-post.toml.md")
        let bytes = crlf ? Self.crlf(lf) : lf
        let (document, diagnostics) = source.extract(path: "p.md", bytes: bytes)
        #expect(diagnostics.isEmpty)
        #expect(document.units.count == 12)
        // Every unit replaced by its own text, rendered: the same bytes, CRLF inside multi-line strings included.
        #expect(SpanMerger.merge(document, replacements: document.units.map(\.text)) == bytes)
        #expect(SpanMerger.merge(document, replacements: document.units.map { _ in nil }) == bytes)
    }

    @Test func crlfFrontMatterReadsLikeLF() throws {
        let lf = try fixtureBytes("hugo-post.toml.md")
        let fromLF = try scalars(lf)
        let fromCRLF = try scalars(Self.crlf(lf))
        #expect(fromCRLF.map(\.value) == fromLF.map(\.value))
        #expect(fromCRLF.map(\.line) == fromLF.map(\.line))
        #expect(fromCRLF.map(\.path) == fromLF.map(\.path))
    }

    /// A translation holding `"`, `'`, `\`, a line break and non-ASCII text merges into front matter that
    /// reads back with exactly the translated values, every other byte as it was.
    @Test(arguments: [false, true])
    func translationWithQuotesBackslashesAndLineBreaksReadsBack(crlf: Bool) throws {
        let lf = try fixtureBytes("hugo-post.toml.md")
        let bytes = crlf ? Self.crlf(lf) : lf
        let (document, _) = source.extract(path: "p.md", bytes: bytes)
        let frontMatterUnits = document.units.indices.filter { if case .toml = document.units[$0].rendering { true } else { false } }
        let translations = document.units.indices.map { index -> String? in
            frontMatterUnits.contains(index) ? "«\(index)» Ёлка \"в\" 'кавычках' C:\\путь\\\nвторая строка" : nil
        }
        let merged = SpanMerger.merge(document, replacements: translations)
        let before = try scalars(bytes)
        let after = try scalars(merged)
        var translationAt: [Int: String] = [:]
        for index in frontMatterUnits { translationAt[document.units[index].span.lowerBound] = translations[index] }
        #expect(after.count == before.count)
        for (old, new) in zip(before, after) {
            #expect(new.path == old.path)
            // Each translated value has as many line breaks as the one it replaces: no line moves.
            #expect(new.line == old.line)
            if let translation = translationAt[old.span.lowerBound] {
                #expect(new.value == translation)
            } else {
                #expect(new.value == old.value)
                #expect(text(merged, new.span) == text(bytes, old.span))
            }
        }
        // Outside the translated values, the bytes are the source's: the gaps between scalars are equal.
        func gaps(_ bytes: [UInt8], _ scalars: [TOMLScalarLocator.Scalar]) -> [ArraySlice<UInt8>] {
            var cursor = 0
            var result: [ArraySlice<UInt8>] = []
            for scalar in scalars {
                result.append(bytes[cursor..<scalar.span.lowerBound])
                cursor = scalar.span.upperBound
            }
            return result + [bytes[cursor...]]
        }
        #expect(gaps(merged, after) == gaps(bytes, before))
        // The source's form where the translation fits it, a basic string where a literal cannot hold it.
        let newline = crlf ? "\r\n" : "\n"
        let mergedText = String(decoding: merged, as: UTF8.self)
        #expect(mergedText.contains(#"title = "«0» Ёлка \"в\" 'кавычках' C:\\путь\\\nвторая строка""# + newline))
        #expect(mergedText.contains("summary = \"\"\"" + newline + #"«1» Ёлка "в" 'кавычках' C:\\путь\\"# + newline + "вторая строка\"\"\"" + newline))
        #expect(mergedText.contains(#"description = "«7» Ёлка \"в\" 'кавычках' C:\\путь\\\nвторая строка""# + newline))
        #expect(!crlf || !merged.indices.dropFirst().contains { merged[$0] == 0x0A && merged[$0 - 1] != 0x0D }, "no bare LF in a CRLF file")
    }

    @Test func rendererKeepsTheSourceFormWhenTheValueFitsIt() {
        let cases: [(String, TOMLStringStyle, String)] = [
            ("Hallo", .basic, #""Hallo""#),
            ("say \"hi\" \\ now\n\t\u{7F}\u{01}", .basic, #""say \"hi\" \\ now\n\t\u007F\u0001""#),
            ("Привет, мир", .basic, "\"Привет, мир\""),
            (#"C:\Users\*"#, .literal, #"'C:\Users\*'"#),
            ("tab\there", .literal, "'tab\there'"),
            ("it's", .literal, #""it's""#),
            ("two\nlines", .literal, #""two\nlines""#),
            ("one\ntwo \"q\" \"\"\"x\"", .multilineBasic, "\"\"\"\none\ntwo \"q\" \\\"\\\"\"x\\\"\"\"\""),
            ("back\\slash\n", .multilineBasic, "\"\"\"\nback\\\\slash\n\"\"\""),
            ("It's\nraw \\", .multilineLiteral, "'''\nIt's\nraw \\'''"),
            ("ends with '", .multilineLiteral, "\"\"\"\nends with '\"\"\""),
            ("has ''' inside", .multilineLiteral, "\"\"\"\nhas ''' inside\"\"\""),
            ("bell \u{07}", .multilineLiteral, "\"\"\"\nbell \\u0007\"\"\""),
        ]
        for (value, style, expected) in cases {
            let rendered = TOMLStringRenderer.render(value, preferring: style)
            #expect(rendered == expected, "\(style)")
            // And it reads back as the value.
            let bytes = Array("+++\nk = \(rendered)\n+++\n".utf8)
            #expect((try? scalars(bytes))?.first?.value == value, "\(style): \(rendered)")
        }
        #expect(TOMLStringRenderer.render("a\nb", preferring: .multilineLiteral, lineEnding: "\r\n") == "'''\r\na\r\nb'''")
    }

    // MARK: Errors

    struct Malformed: CustomTestStringConvertible, Sendable {
        var name: String
        var toml: String
        var expected: String
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(name: "unterminated string", toml: "title = \"Hello\nsummary = 'ok'\n",
                  expected: #"bad.md:2:9: error: TOML: unterminated string: expected '"' before the end of the line"#),
        Malformed(name: "unterminated literal string", toml: "slug = 'hello\n",
                  expected: #"bad.md:2:8: error: TOML: unterminated string: expected "'" before the end of the line"#),
        Malformed(name: "unterminated multi-line string", toml: "summary = \"\"\"\nOne\nTwo\n",
                  expected: #"bad.md:2:11: error: TOML: unterminated multi-line string: expected '"""'"#),
        Malformed(name: "missing equals", toml: "title = \"A\"\nsummary \"B\"\n",
                  expected: #"bad.md:3:9: error: TOML: expected '=' after the key 'summary', found '"'"#),
        Malformed(name: "bad escape", toml: "title = \"Hello \\q\"\n",
                  expected: #"bad.md:2:16: error: TOML: invalid escape '\q': expected \b, \t, \n, \f, \r, \", \\, \uXXXX or \UXXXXXXXX"#),
        Malformed(name: "bad unicode escape", toml: "title = \"é \\u12G4\"\n",
                  expected: #"bad.md:2:12: error: TOML: invalid escape '\u12G4': expected 4 hex digits after '\u'"#),
        Malformed(name: "surrogate escape", toml: "title = \"\\uD800\"\n",
                  expected: #"bad.md:2:10: error: TOML: invalid escape '\uD800': not a Unicode scalar value (surrogates and values above 10FFFF are not allowed)"#),
        Malformed(name: "nesting over the cap", toml: "deep = " + String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + "\n",
                  expected: "bad.md:2:72: error: TOML: arrays and inline tables nested more than 64 deep"),
        Malformed(name: "unquoted string", toml: "title = Hello world\n",
                  expected: "bad.md:2:9: error: TOML: expected a value (a quoted string, number, boolean, date, array or inline table), found 'Hello'"),
        Malformed(name: "missing value", toml: "title =\n",
                  expected: "bad.md:2:8: error: TOML: expected a value (a quoted string, number, boolean, date, array or inline table), found the end of the line"),
        Malformed(name: "invalid date", toml: "date = 2024-13-01\n",
                  expected: "bad.md:2:8: error: TOML: expected a value (a quoted string, number, boolean, date, array or inline table), found '2024-13-01'"),
        Malformed(name: "leading zero", toml: "weight = 010\n",
                  expected: "bad.md:2:10: error: TOML: expected a value (a quoted string, number, boolean, date, array or inline table), found '010'"),
        Malformed(name: "text after the value", toml: "title = \"A\" \"B\"\n",
                  expected: #"bad.md:2:13: error: TOML: expected a line break or a comment after the value, found '"'"#),
        Malformed(name: "array without comma", toml: "tags = [\n  \"a\"\n  \"b\"\n]\n",
                  expected: #"bad.md:4:3: error: TOML: expected ',' or ']' after an array element, found '"'"#),
        Malformed(name: "unterminated array", toml: "tags = [\"a\",\n",
                  expected: "bad.md:2:8: error: TOML: unterminated array: expected ']'"),
        Malformed(name: "inline table over two lines", toml: "hero = { title = \"A\",\n  image = \"b\" }\n",
                  expected: "bad.md:2:22: error: TOML: expected a key, found the end of the line (an inline table stays on one line)"),
        Malformed(name: "inline table trailing comma", toml: "hero = { title = \"A\", }\n",
                  expected: "bad.md:2:23: error: TOML: expected a key after ',', found '}' (an inline table takes no trailing comma)"),
        Malformed(name: "unclosed table header", toml: "[params\nauthor = \"A\"\n",
                  expected: "bad.md:2:8: error: TOML: expected ']' to close the table header, found the end of the line"),
        Malformed(name: "bad key", toml: "title = \"A\"\n= \"B\"\n",
                  expected: "bad.md:3:1: error: TOML: expected a key (letters, digits, '_' and '-', or a quoted key), found '='"),
        Malformed(name: "duplicate key", toml: "title = \"A\"\ntitle = \"B\"\n",
                  expected: "bad.md:3:1: error: TOML: the key 'title' is defined twice (first on line 2)"),
        Malformed(name: "table defined twice", toml: "[params]\na = 1\n[params]\nb = 2\n",
                  expected: "bad.md:4:1: error: TOML: table [params] is defined twice (first on line 2)"),
        Malformed(name: "value used as a table", toml: "hero = \"A\"\n[hero]\n",
                  expected: "bad.md:3:2: error: TOML: 'hero' already has a value (line 2) and cannot be a table"),
        Malformed(name: "inline table extended", toml: "hero = { title = \"A\" }\nhero.image = \"b\"\n",
                  expected: "bad.md:3:1: error: TOML: 'hero' already has a value (line 2) and cannot hold 'hero.image'"),
        Malformed(name: "control character", toml: "title = \"A\u{07}B\"\n",
                  expected: #"bad.md:2:11: error: TOML: control character U+0007 must be escaped in a string"#),
        Malformed(name: "bare carriage return", toml: "title = \"A\"\r\r\n",
                  expected: "bad.md:2:12: error: TOML: expected a line feed after a carriage return"),
        Malformed(name: "too many closing quotes", toml: "s = \"\"\"a\"\"\"\"\"\"\n",
                  expected: #"bad.md:2:9: error: TOML: expected '"""' to end the string, found 6 quotes in a row"#),
    ]

    @Test(arguments: malformed)
    func malformedFrontMatterIsAnErrorAtItsLineAndColumn(_ example: Malformed) {
        let bytes = Array(("+++\n" + example.toml + "+++\n\nBody text.\n").utf8)
        let (document, diagnostics) = source.extract(path: "bad.md", bytes: bytes)
        #expect(diagnostics.map(\.description) == [example.expected + " (fix the TOML; nothing in this block was extracted)"])
        #expect(document.units.map(\.text) == ["Body text."], "the body is still extracted")
    }

    @Test func nestingUpToTheCapIsRead() throws {
        let toml = "+++\ndeep = " + String(repeating: "[", count: 64) + "\"x\"" + String(repeating: "]", count: 64) + "\n"
            + "inline = " + String(repeating: "{ a = ", count: 64) + "1" + String(repeating: " }", count: 64) + "\n+++\n"
        let found = try scalars(Array(toml.utf8))
        #expect(found.first?.path == "deep" + String(repeating: "[0]", count: 64))
        #expect(found.last?.keyPath == "inline" + String(repeating: ".a", count: 64))
    }

    @Test func moreThanTheMaximumNumberOfValuesIsRefused() {
        let toml = "+++\nv = [" + String(repeating: "1,", count: TOMLScalarLocator.maximumScalars + 1) + "]\n+++\n"
        let (_, diagnostics) = source.extract(path: "big.md", bytes: Array(toml.utf8))
        #expect(diagnostics.map(\.description) == ["big.md:1: error: TOML: refused: more than 200000 values (simplify the TOML)"])
    }

    @Test func longKeyPathsTimesManyElementsAreRefused() {
        let key = String(repeating: "k", count: 4000)
        let toml = "+++\n\(key) = [" + String(repeating: "1,", count: 5000) + "]\n+++\n"
        let (_, diagnostics) = source.extract(path: "big.md", bytes: Array(toml.utf8))
        #expect(diagnostics.map(\.description) == ["big.md:1: error: TOML: refused: key paths of more than 32 MiB in all (simplify the TOML)"])
        let tooLong = "+++\n" + String(repeating: "k", count: 4097) + " = 1\n+++\n"
        #expect(source.extract(path: "key.md", bytes: Array(tooLong.utf8)).diagnostics.map(\.description)
                == ["key.md:2:1: error: TOML: a key path longer than 4096 bytes (fix the TOML; nothing in this block was extracted)"])
    }

    /// Hostile input: every truncation and thousands of byte mutations of the fixture end in scalars or a
    /// failure, never a crash; a syntax failure always points inside the front matter.
    @Test func truncatedAndMutatedFrontMatterNeverCrashes() throws {
        let bytes = try fixtureBytes("hugo-post.toml.md")
        let frontMatter = try #require(FrontMatterLocator.locate(in: bytes))
        let range = frontMatter.contentRange
        func check(_ bytes: [UInt8], end: Int) {
            do {
                _ = try TOMLScalarLocator(bytes: bytes, start: range.lowerBound, end: end, firstLine: 2).scalars()
            } catch .syntax(let line, let column, _) {
                #expect(line >= 2 && line <= 2 + bytes[range].count { $0 == 0x0A } && column >= 1)
            } catch {}
        }
        for cut in range { check(bytes, end: cut) }
        var generator = SplitMix64(seed: 42)
        let alphabet = Array("\"'\\[]{}=,.#\n\r\t +-_:0123456789eEtTZuUxé".utf8)
        for _ in 0..<3000 {
            var mutated = bytes
            for _ in 0..<Int(generator.next() % 4 + 1) {
                let index = range.lowerBound + Int(generator.next() % UInt64(range.count))
                mutated[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            check(mutated, end: range.upperBound)
        }
    }
}
