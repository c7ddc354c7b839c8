import Foundation
import TestSupport
import Testing
@testable import Extractor

/// Issue 21: the HTML preview reads the front matter of every built page with `YAMLQuickReader`
/// instead of libyaml when the text has the common shape. Whatever it accepts, it must read exactly
/// as `YAMLScalarLocator` (libyaml) does: the same paths, the same values byte for byte, in the same
/// order; whatever it is not sure of, it must leave to libyaml (nil).
@Suite struct YAMLQuickReaderTests {
    typealias Values = [(path: String, value: String)]

    static func quick(_ yaml: String) -> Values? {
        let bytes = Array(yaml.utf8)
        return YAMLQuickReader.values(bytes, start: 0, end: bytes.count)
    }

    /// What libyaml reads, as the preview used it (located scalars); nil when it refuses the text.
    static func libyaml(_ yaml: String) -> Values? {
        let bytes = Array(yaml.utf8)
        return (try? YAMLScalarLocator(bytes: bytes, start: 0, end: bytes.count, firstLine: 1).scalars())?.map { ($0.path, $0.value) }
    }

    static func same(_ lhs: Values, _ rhs: Values) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { Array($0.path.utf8) == Array($1.path.utf8) && Array($0.value.utf8) == Array($1.value.utf8) }
    }

    /// The front matter `tolk build` writes (a translated page of the benchmark's blog) and the shapes
    /// authors write by hand: the quick reader must take them, or the preview gains nothing.
    static let accepted = [
        """
        title: "10 things I leárned ábóut cities"
        summary: "The láke sháres \\"thát\\" pencil… — “the státión”."
        date: 2018-10-26
        tags:
          - áccessibility
          - ápi-design
        reading_minutes: 5
        draft: false
        reading_time: "5 min reád"
        translationKey: "posts/10-things"
        alternates: {en: "/en/posts/10-things/", pt-BR: "/pt-BR/posts/10-things/", x-default: "/en/posts/10-things/"}

        """,
        "title: Hello, world # a comment\ntags: [go, 'it''s', \"c#\"]\nweight: 10\r\nempty_list: []\nempty_map: {}\n",
        "# leading comment\n\ntitle: 'Quoted: with a colon'\ncategories:\n- one\n- two   \nparams:\n  author: Ann\n  mood: \"ok\"\n",
        "title: C# and F# notes\nurl: /guide/page/\nsummary: 50% of it, (mostly) [sic] {braces} work\n",
        "",
    ]

    /// Shapes the quick reader leaves to libyaml.
    static let leftToLibyaml = [
        "title: |\n  block\n", "title: >\n  folded\n", "title: &a x\nother: *a\n", "title: !!str 42\n", "title:\n", "title: a\n  continued\n",
        "title: \"two\n  lines\"\n", "title: a\ntitle: b\n", "title: \"\\u00e9\"\n", "title:\ttab\n", "key: a: b\n", "url: http://x\n",
        "list:\n  - a\n    b\n", "map:\n  a: 1\n    b: 2\n", "nested:\n  deeper:\n    x: 1\n", "- a\n- b\n", "\"quoted key\": x\n",
        "title: x\r\rmore: y\n", "title: [a,\n  b]\n", "title: [a, , b]\n", "title: [a, ]\n", "t: {a:1}\n", "t: \"a\"b\n", "? complex\n",
        "title: x \u{85}y\n", "title: -1\n", "%YAML 1.1\n---\ntitle: x\n", "title: @x\n", "title: `x`\n",
    ]

    @Test func takesTheCommonShapesAndReadsThemAsLibyaml() throws {
        for yaml in Self.accepted {
            let quick = try #require(Self.quick(yaml), "quick reader refused:\n\(yaml)")
            let libyaml = try #require(Self.libyaml(yaml), "libyaml refused:\n\(yaml)")
            #expect(Self.same(quick, libyaml), "\(yaml)\nquick: \(quick)\nlibyaml: \(libyaml)")
        }
        #expect(Self.quick(Self.accepted[0])?.map(\.path) == ["title", "summary", "date", "tags[0]", "tags[1]", "reading_minutes", "draft",
                                                             "reading_time", "translationKey", "alternates.en", "alternates.pt-BR", "alternates.x-default"])
    }

    @Test func leavesEverythingElseToLibyaml() {
        for yaml in Self.leftToLibyaml {
            #expect(Self.quick(yaml) == nil, "\(yaml.debugDescription) should be left to libyaml")
        }
    }

    /// The front matter of every page in the repository (fixtures of Hugo, Jekyll, MkDocs and plain
    /// sites, the sample site) and thousands of variants of it: bytes deleted, YAML syntax inserted,
    /// lines indented, doubled and swapped. Each text the quick reader accepts, libyaml must accept
    /// and read the same way.
    static let variantsPerText = Int(ProcessInfo.processInfo.environment["TOLK_YAML_VARIANTS"] ?? "") ?? 80

    @Test func agreesWithLibyamlOnEveryTextItAccepts() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var bases: [String] = []
        for folder in ["Tests", "content"] {
            let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path)
            while let path = enumerator?.nextObject() as? String {
                guard path.hasSuffix(".md") || path.hasSuffix(".mdx") || path.hasSuffix(".markdown") else { continue }
                let bytes = Array(try Data(contentsOf: root.appendingPathComponent(folder).appendingPathComponent(path)))
                guard let located = FrontMatterLocator.locate(in: bytes), located.block.syntax == .yaml else { continue }
                bases.append(String(decoding: bytes[located.contentRange], as: UTF8.self))
            }
        }
        bases += Self.accepted
        #expect(bases.count >= 60, "front matter found in \(bases.count) files")
        let insertions = [":", ": ", " #", "#", "\"", "'", "\\", "\\\"", "-", "- ", "  ", "\n", "\n  ", "\n- ", "[", "]", "{", "}", ",", ", ",
                          "&", "*", "!", "|", ">", "?", "%", "@", "`", "\t", "\r", "\r\n", "é", "\u{85}", "\u{2028}", "\u{FEFF}", "~", "''",
                          "\"\"", "\\u00e9", "\\n", "x: y\n", "title: again\n", "  sub: v\n", "[]", "{}", "\u{7F}", "\u{0}"]
        var generator = SplitMix64(seed: 21)
        var checked = 0, accepted = 0
        var mismatches: [String] = []
        for base in bases {
            var variants = [base]
            for _ in 0..<Self.variantsPerText {
                // One to three changes in a row.
                var mutated = Array(base.utf8)
                for _ in 0...(generator.next() % 3) {
                let lines = String(decoding: mutated, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                switch generator.next() % 5 {
                case 0 where !mutated.isEmpty:
                    let at = Int(generator.next() % UInt64(mutated.count))
                    mutated.removeSubrange(at..<min(mutated.count, at + 1 + Int(generator.next() % 3)))
                case 1, 2:
                    let at = Int(generator.next() % UInt64(mutated.count + 1))
                    mutated.insert(contentsOf: insertions[Int(generator.next() % UInt64(insertions.count))].utf8, at: at)
                case 3 where lines.count > 1:
                    var shuffled = lines
                    let a = Int(generator.next() % UInt64(lines.count)), b = Int(generator.next() % UInt64(lines.count))
                    shuffled.swapAt(a, b)
                    if generator.next() % 2 == 0 { shuffled.insert(shuffled[a], at: b) }
                    mutated = Array(shuffled.joined(separator: "\n").utf8)
                default:
                    var changed = lines
                    let at = Int(generator.next() % UInt64(max(1, lines.count)))
                    if changed.indices.contains(at) { changed[at] = generator.next() % 2 == 0 ? "  " + changed[at] : String(changed[at].drop { $0 == " " }) }
                    mutated = Array(changed.joined(separator: "\n").utf8)
                }
                }
                variants.append(String(decoding: mutated, as: UTF8.self))
            }
            for yaml in variants {
                checked += 1
                guard let quick = Self.quick(yaml) else { continue }
                accepted += 1
                guard let libyaml = Self.libyaml(yaml), Self.same(quick, libyaml) else {
                    if mismatches.count < 5 { mismatches.append("\(yaml.debugDescription)\n  quick: \(quick)\n  libyaml: \(Self.libyaml(yaml).map { "\($0)" } ?? "refused")") }
                    continue
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) texts read differently, e.g.:\n\(mismatches.joined(separator: "\n"))")
        // The comparison means something only when the quick reader takes a good share of the texts.
        #expect(accepted * 5 >= checked, "the quick reader accepted \(accepted) of \(checked) texts")
    }
}
