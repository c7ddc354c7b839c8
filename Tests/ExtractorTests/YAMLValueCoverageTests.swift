import Foundation
import Testing
import Yams
import Catalog
@testable import Extractor
@testable import Merger

/// Issue 15, finding 4: YAML values were skipped in silence (an anchored or tagged title, a
/// description folded over two lines, a title in a flow map) and the page shipped in English, while
/// `tags: [2024, true, null]` became messages whose "translation" turned numbers into strings. Every
/// value a translatable key holds is now a message (strings) or left as data (numbers, booleans,
/// nulls, dates) or reported at its line.
@Suite struct YAMLValueCoverageTests {
    static let keys = ["title", "linkTitle", "summary", "description", "tags", "hero.title", "params.subtitle", "params.count"]
    let source = MarkdownPageSource(translatableKeys: Self.keys.map(KeyPattern.init))

    func extract(_ page: String) -> (document: ExtractedDocument, diagnostics: [Diagnostic]) {
        source.extract(path: "posts/lycian-way.md", bytes: Array(page.utf8))
    }

    /// The front matter units as `keyPath = text`.
    func messages(_ page: String) -> [String] {
        extract(page).document.units.compactMap { unit in unit.role.frontMatterKeyPath.map { "\($0) = \(unit.text)" } }
    }

    /// Merges translations (by message text) and returns the page.
    func translate(_ page: String, _ translations: [String: String]) -> String {
        let document = extract(page).document
        return String(decoding: SpanMerger.merge(document, replacements: document.units.map { translations[$0.text] }), as: UTF8.self)
    }

    /// The page's front matter as Yams (libyaml, like go-yaml and Psych) reads it.
    func frontMatter(_ page: String) throws -> [String: Any] {
        let parts = page.components(separatedBy: "---\n")
        try #require(parts.count >= 3, "no front matter in \(page)")
        return try #require(try Yams.load(yaml: parts[1]) as? [String: Any], "front matter is not a mapping: \(parts[1])")
    }

    // MARK: Anchors and tags

    static let anchoredPage = """
    ---
    title: &title Walking the Lycian Way
    linkTitle: *title
    summary: !!str 2024 in review
    description: !<tag:yaml.org,2002:str> From Fethiye to Antalya
    params:
      subtitle: &sub !!str Fourteen days on foot
      count: !!int 14
    date: 2024-05-01
    ---
    Body.

    """

    @Test func f4_anchoredAndTaggedTitlesAreExtracted() throws {
        #expect(messages(Self.anchoredPage) == [
            "title = Walking the Lycian Way",
            "summary = 2024 in review",
            "description = From Fethiye to Antalya",
            "params.subtitle = Fourteen days on foot",
        ], "the alias (linkTitle) follows its anchor; !!int 14 is a number")
        #expect(extract(Self.anchoredPage).diagnostics.isEmpty)

        let translated = translate(Self.anchoredPage, [
            "Walking the Lycian Way": "По Ликийской тропе",
            "2024 in review": "Итоги: 2024",
            "From Fethiye to Antalya": "От Фетхие до Анталии",
            "Fourteen days on foot": "Четырнадцать дней пешком",
        ])
        #expect(translated.contains("title: &title По Ликийской тропе\nlinkTitle: *title\n"), "\(translated)")
        #expect(translated.contains("summary: !!str \"Итоги: 2024\"\n"), "the tag stays, the value is quoted for its ': '")
        #expect(translated.contains("description: !<tag:yaml.org,2002:str> От Фетхие до Анталии\n"))
        #expect(translated.contains("  subtitle: &sub !!str Четырнадцать дней пешком\n"))
        let values = try frontMatter(translated)
        #expect(values["title"] as? String == "По Ликийской тропе")
        #expect(values["linkTitle"] as? String == "По Ликийской тропе", "the alias follows the translated anchor")
        #expect((values["params"] as? [String: Any])?["count"] as? Int == 14)
    }

    @Test func f4_propertiesOnTheirOwnLineAndTaggedBlockScalars() throws {
        let page = """
        ---
        title: &title # the series title
          Walking the Lycian Way
        summary: !!str |
          Fourteen days.
          One coast.
        ---

        """
        #expect(messages(page) == ["title = Walking the Lycian Way", "summary = Fourteen days.\nOne coast.\n"])
        let translated = translate(page, ["Walking the Lycian Way": "Ликийская тропа", "Fourteen days.\nOne coast.\n": "Две недели.\nОдно побережье.\n"])
        let values = try frontMatter(translated)
        #expect(values["title"] as? String == "Ликийская тропа")
        #expect(values["summary"] as? String == "Две недели.\nОдно побережье.\n")
        #expect(translated.contains("title: &title # the series title\n"))
    }

    // MARK: Values over several lines

    static let foldedPage = """
    ---
    title: Walking the Lycian Way
    description: A long walk along the coast of Turkey,
      from Fethiye to Antalya,

      in fourteen days.
    summary: "A quoted summary
      over two lines"
    tags:
      - a tag folded
        over two lines
      - hiking
    draft: false
    ---
    Body.

    """

    @Test func f4_foldedDescriptionIsExtractedAndWrittenBack() throws {
        #expect(messages(Self.foldedPage) == [
            "title = Walking the Lycian Way",
            "description = A long walk along the coast of Turkey, from Fethiye to Antalya,\nin fourteen days.",
            "summary = A quoted summary over two lines",
            "tags = a tag folded over two lines",
            "tags = hiking",
        ])
        #expect(extract(Self.foldedPage).diagnostics.isEmpty)
        let translated = translate(Self.foldedPage, [
            "A long walk along the coast of Turkey, from Fethiye to Antalya,\nin fourteen days.": "Долгая прогулка вдоль побережья Турции: от Фетхие до Анталии за четырнадцать дней.",
            "A quoted summary over two lines": "Краткое содержание",
            "a tag folded over two lines": "метка",
        ])
        #expect(translated.contains("""
        description: "Долгая прогулка вдоль побережья Турции: от Фетхие до Анталии за четырнадцать дней."
        summary: "Краткое содержание"
        tags:
          - метка
          - hiking
        draft: false

        """), "each value is written on one line in place of all of its lines: \(translated)")
        let values = try frontMatter(translated)
        #expect(values["description"] as? String == "Долгая прогулка вдоль побережья Турции: от Фетхие до Анталии за четырнадцать дней.")
        #expect(values["tags"] as? [String] == ["метка", "hiking"])
        #expect(values["draft"] as? Bool == false)
    }

    /// Block scalars (`|`, `>`) were located before the finding was fixed: this keeps them so, anchored and tagged ones too (above).
    @Test func blockScalarsAreExtractedAndWrittenBack() throws {
        let page = """
        ---
        description: >
          Folded text
          over two lines.
        summary: |-
          Line one
          Line two
        title: Walking
        ---

        """
        #expect(messages(page) == ["description = Folded text over two lines.\n", "summary = Line one\nLine two", "title = Walking"])
        let translated = translate(page, ["Folded text over two lines.\n": "Сложенный текст.\n", "Line one\nLine two": "Строка 1\nСтрока 2"])
        let values = try frontMatter(translated)
        #expect(values["description"] as? String == "Сложенный текст.\n")
        #expect(values["summary"] as? String == "Строка 1\nСтрока 2")
        #expect(values["title"] as? String == "Walking")
    }

    // MARK: Flow collections

    static let flowPage = """
    ---
    title: Walking the Lycian Way
    hero: {title: Flow map title, image: /img/lycian.jpg}
    tags: [hiking, "turkey", 'coast', &first long walks]
    ---
    Body.

    """

    @Test func f4_flowMapTitleIsExtracted() throws {
        #expect(messages(Self.flowPage) == [
            "title = Walking the Lycian Way",
            "hero.title = Flow map title",
            "tags = hiking", "tags = turkey", "tags = coast", "tags = long walks",
        ])
        let translated = translate(Self.flowPage, [
            "Flow map title": "Заголовок: {карта}, [поток]",
            "hiking": "поход, пеший",
            "turkey": "Турция]",
            "coast": "берег}",
            "long walks": "долгие прогулки",
        ])
        #expect(translated.contains("hero: {title: \"Заголовок: {карта}, [поток]\", image: /img/lycian.jpg}\n"), "\(translated)")
        #expect(translated.contains("tags: [\"поход, пеший\", \"Турция]\", 'берег}', &first долгие прогулки]\n"), "\(translated)")
        let values = try frontMatter(translated)
        #expect((values["hero"] as? [String: Any])?["title"] as? String == "Заголовок: {карта}, [поток]")
        #expect((values["hero"] as? [String: Any])?["image"] as? String == "/img/lycian.jpg")
        #expect(values["tags"] as? [String] == ["поход, пеший", "Турция]", "берег}", "долгие прогулки"])
    }

    @Test func flowMapWithAColonInAPlainTranslationIsQuoted() {
        #expect(YAMLScalarRenderer.render("a:b", preferring: .plain(inFlow: true)) == "\"a:b\"")
        #expect(YAMLScalarRenderer.render("plain words", preferring: .plain(inFlow: true)) == "plain words")
    }

    /// A YAML parser reads code points, not characters: `: ` and ` #` followed by a combining mark
    /// still end a key or start a comment, and a flow indicator with one attached still ends a value.
    /// Each such translation is quoted, and reads back as itself.
    @Test func indicatorsWithACombiningMarkAttachedAreQuoted() throws {
        let cases: [(String, Bool)] = [("Ziel: \u{301}erreicht", false), ("eins #\u{301}zwei", false), ("a[\u{301}b", true),
                                       ("Zeile\u{2028}zwei", false), ("ende:", false), ("Fuß: groß", false)]
        for (text, inFlow) in cases {
            let rendered = YAMLScalarRenderer.render(text, preferring: .plain(inFlow: inFlow))
            #expect(rendered.hasPrefix("\"") || rendered.hasPrefix("'"), "\(rendered) is quoted")
            let document = inFlow ? "tags: [\(rendered)]\n" : "title: \(rendered)\n"
            let read = try Yams.load(yaml: document) as? [String: Any]
            let value = inFlow ? (read?["tags"] as? [String])?.first : read?["title"] as? String
            #expect(value.map { Array($0.unicodeScalars) } == Array(text.unicodeScalars), "\(document) reads back as the translation")
        }
        #expect(YAMLScalarRenderer.render("Ein Café", preferring: .plain(inFlow: false)) == "Ein Café", "plain text stays plain")
        #expect(YAMLScalarRenderer.render("Ein Café", preferring: .plain(inFlow: true)) == "Ein Café")
    }

    // MARK: Only strings are messages

    @Test func f4_numbersBoolsAndNullsAreNotMessages() {
        let page = """
        ---
        title: 2024
        summary: "2024"
        tags: [2024, true, null, ~, 3.5, yes, Off, 0x1F, 2024-05-01, "42", ! 7, hiking]
        description: !!float 1.5
        ---

        """
        #expect(messages(page) == ["summary = 2024", "tags = 42", "tags = 7", "tags = hiking"],
                "plain numbers, booleans (YAML 1.1 yes/off too, as go-yaml v2 and Psych read them), nulls and dates are data; quoted or `!`-tagged they are strings")
        #expect(extract(page).diagnostics.isEmpty, "data is not reported")

        let strings = YAMLStringsSource(role: .uiStrings, translatableKeys: ["params.*", "strings.*"].map(KeyPattern.init), keyAsContext: true)
        let site = "params:\n  one: \"1\"\n  two: 42\n  three: true\nstrings:\n  read_more: Read more\n  none: null\n"
        #expect(strings.extract(path: "site.yaml", bytes: Array(site.utf8)).document.units.map(\.text) == ["1", "Read more"])

        let toml = "+++\ntitle = 2024\nsummary = \"2024\"\ntags = [2024, true, 3.5, 2024-05-01, \"hiking\"]\n+++\n"
        #expect(messages(toml) == ["summary = 2024", "tags = hiking"], "TOML values are typed: only strings are messages")
    }

    // MARK: Reported, never skipped in silence

    @Test func f4_valuesTolkCannotWriteAreReported() {
        let page = """
        ---
        title: !icon Walking the Lycian Way
        draft: !flag yes
        tags: [hiking, !place Kaş]
        ---

        """
        #expect(messages(page) == ["tags = hiking"])
        #expect(extract(page).diagnostics.map(\.description) == [
            "posts/lycian-way.md:2:8: warning: title is not extracted: its tag !icon is not one of YAML's, so tolk cannot tell whether it is text (it stays in the source language in every locale; write it as !!str, or without the tag, to translate it)",
            "posts/lycian-way.md:4:16: warning: tags[1] is not extracted: its tag !place is not one of YAML's, so tolk cannot tell whether it is text (it stays in the source language in every locale; write it as !!str, or without the tag, to translate it)",
        ], "draft is not a translatable key: its tag is none of tolk's business")

        // A NEL (U+0085) line break: libyaml folds the lines at it, tolk's line scan does not see it, so
        // the value's bytes cannot be matched to what YAML reads.
        let nel = "---\ntitle: Walking\ndescription: A long walk\u{85}  along the coast\ndraft: false\n---\nBody.\n"
        #expect(messages(nel) == ["title = Walking"])
        #expect(extract(nel).diagnostics.map(\.description) == [
            "posts/lycian-way.md:3:14: warning: description is not extracted: tolk could not match this plain value, folded over several lines, to its bytes (it stays in the source language in every locale; write the value on one line, or in double quotes)",
        ])
    }

    // MARK: Hostile input

    @Test func deepFlowNestingAndOddPropertiesAreRefusedOrRead() {
        let deep = "---\ntitle: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n---\n"
        #expect(extract(deep).diagnostics.map(\.message) == ["YAML refused: flow collections nested more than 64 deep"])
        for odd in ["title: &a &b x", "title: !!str !!str x", "title: &", "title: !<", "title: *nowhere", "a: &x [*x]", "title: !!str", "title: &a\n", "tags: [&a, *a]"] {
            let page = "---\n\(odd)\n---\n"
            let result = extract(page)
            let identity = SpanMerger.merge(result.document, replacements: result.document.units.map { _ in nil })
            #expect(identity == Array(page.utf8), "\(odd)")
        }
    }
}
