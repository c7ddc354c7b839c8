@testable import Catalog
import Testing

/// The XLIFF reader and its tokenizer on small documents: what they accept and how it reads back.
@Suite struct XLIFFReaderTests {
    func document(_ body: String) -> [UInt8] {
        Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">
        <file id="f1" original="posts/a.md">\(body)</file>
        </xliff>
        """.utf8)
    }

    @Test func referencesCDATAAndCommentsReadAsTheirText() throws {
        let read = XLIFFReader(path: "t.xlf").read(document("""
        <unit id="u1"><!-- a comment --><segment state="translated"><source>a &lt; b &amp; &#x2014; &#8212;</source><target><![CDATA[a < b]]> &amp; c<cp hex="0001"/></target></segment></unit>
        """))
        #expect(read.diagnostics.isEmpty)
        #expect(read.units.first?.source == "a < b & — —")
        #expect(read.units.first?.target == "a < b & c\u{1}")
        #expect(read.units.first?.state == .translated)
        #expect(read.targetLanguage == "ru")
    }

    @Test func aCRLFInsideATargetReadsAsLFButAnEscapedCRStays() throws {
        let read = XLIFFReader(path: "t.xlf").read(document("<unit id=\"u1\"><segment state=\"translated\"><source>a</source><target>x\r\ny&#13;z</target></segment></unit>"))
        #expect(read.units.first?.target == "x\ny\rz")
    }

    @Test func writerOutputReadsBackToTheSameUnits() throws {
        var singular = XLIFFUnit(id: XLIFFUnit.id(context: "k", source: "Read <b>more</b> & \"so\""), context: "k", source: "Read <b>more</b> & \"so\"", target: "Читать\r\nдальше\u{1}", state: .needsReview)
        singular.previousSource = "Read on"
        singular.references = ["content/site.yaml:10"]
        singular.original = "site.yaml"
        let plural = XLIFFUnit(id: XLIFFUnit.id(context: nil, source: "# post"), context: nil, source: "# post", sourcePlural: "# posts", target: nil,
                               pluralForms: [.init(category: "one", target: "# запись"), .init(category: "few", target: "# записи"), .init(category: "many", target: "# записей")], state: .reviewed)
        let text = XLIFFWriter(version: .v2_0, sourceLanguage: "en", targetLanguage: "ru").write([(original: "site.yaml", units: [singular, plural])])
        let read = XLIFFReader(path: "t.xlf").read(Array(text.utf8))
        #expect(read.diagnostics.isEmpty)
        #expect(read.units.count == 2)
        #expect(read.units.first?.target == singular.target)
        #expect(read.units.first?.source == singular.source)
        #expect(read.units.first?.state == .needsReview)
        #expect(read.units.first?.previousSource == "Read on")
        #expect(read.units.first?.context == "k")
        #expect(read.units.last?.pluralForms?.map(\.target) == ["# запись", "# записи", "# записей"])
        #expect(read.units.last?.state == .reviewed)
        #expect(read.units.last?.sourcePlural == "# posts")
    }

    /// Arabic's forms start with `zero`, whose source is the msgid_plural: the msgid is the `one` form's.
    @Test func aPluralGroupsSourceIsItsOneFormsSourceWhateverComesFirst() throws {
        let forms = ["zero", "one", "two", "few", "many", "other"].map { XLIFFUnit.PluralForm(category: $0, target: "ar-\($0)") }
        let plural = XLIFFUnit(id: XLIFFUnit.id(context: "k", source: "# post"), context: "k", source: "# post", sourcePlural: "# posts", target: nil,
                               pluralForms: forms, state: .translated)
        let text = XLIFFWriter(version: .v2_0, sourceLanguage: "en", targetLanguage: "ar").write([(original: "site.yaml", units: [plural])])
        #expect(text.contains("<unit id=\"\(plural.id).zero\" name=\"zero\">"))
        let unit = try #require(XLIFFReader(path: "t.xlf").read(Array(text.utf8)).units.first)
        #expect(unit.source == "# post")
        #expect(unit.sourcePlural == "# posts")
        #expect(XLIFFUnit.idDescribes(unit.id, context: unit.context, source: unit.source), "so import matches it by its text")
    }

    @Test func unitIDsAreStableAndTellContextFromNoContext() {
        #expect(XLIFFUnit.id(context: nil, source: "Home") == XLIFFUnit.id(context: nil, source: "Home"))
        #expect(XLIFFUnit.id(context: "", source: "Home") != XLIFFUnit.id(context: nil, source: "Home"))
        #expect(XLIFFUnit.id(context: nil, source: "").count == 17)
        #expect(XLIFFUnit.id(context: nil, source: "") == "ucbf29ce484222325", "FNV-1a offset basis for no bytes")
    }

    @Test func anInlineElementTolkDoesNotKnowSkipsOnlyThatUnit() {
        let read = XLIFFReader(path: "t.xlf").read(document("""
        <unit id="u1"><segment state="translated"><source>a</source><target>b<foo id="1"/></target></segment></unit>
        <unit id="u2"><segment state="translated"><source>c</source><target>d</target></segment></unit>
        """))
        #expect(read.units.map(\.id) == ["u2"])
        #expect(read.diagnostics.map(\.description) == ["t.xlf:3:106: error: unit u1: inline element <foo> in the target (tolk reads <ph>, <pc>, <sc>/<ec>, <mrk> and <cp>; remove the element, keep its text; the unit was not imported)"])
    }

    // MARK: Inline codes

    /// A 2.0 source with a code span, a link and a footnote, as tolk writes it.
    let codedSource = #"Run <ph id="1" equiv="`tolk sync`" disp="`tolk sync`"/> after <pc id="2" equivStart="[" equivEnd="](/guide)" dispStart="[" dispEnd="](/guide)">the guide</pc>.<ph id="3" equiv="[^1]"/>"#

    func codedUnit(target: String) -> [UInt8] {
        document("<unit id=\"u1\"><segment state=\"translated\"><source>\(codedSource)</source><target>\(target)</target></segment></unit>")
    }

    @Test func inlineCodesReadBackAsTheMarkdownTheyStandForInTheTargetsOrder() {
        let read = XLIFFReader(path: "t.xlf").read(codedUnit(target: #"<ph id="3"/>Сначала <pc id="2">руководство</pc>, потом <ph id="1"/>."#))
        #expect(read.diagnostics.isEmpty)
        #expect(read.units.first?.source == "Run `tolk sync` after [the guide](/guide).[^1]")
        #expect(read.units.first?.target == "[^1]Сначала [руководство](/guide), потом `tolk sync`.")
    }

    @Test func aTargetMaySpellAPairedCodeAsStartAndEndCodes() {
        let read = XLIFFReader(path: "t.xlf").read(codedUnit(target: #"<sc id="2"/>Руководство<ec startRef="2"/>: <ph id="1"/><ph id="3"/>"#))
        #expect(read.diagnostics.isEmpty)
        #expect(read.units.first?.target == "[Руководство](/guide): `tolk sync`[^1]")
    }

    @Test func xliff12CodesCarryTheirOriginalAsContent() {
        let read = XLIFFReader(path: "t.xlf").read(Array("""
        <xliff version="1.2"><file original="a.md" target-language="ru"><body>
        <trans-unit id="u1"><source>Run <ph id="1" ctype="x-tolk-code-span">`a &lt; b`</ph> or <bpt id="2" ctype="link">[</bpt>read<ept id="2">](/r)</ept>.</source>
        <target state="translated"><bpt id="2">[</bpt>Прочтите<ept id="2">](/r)</ept> или <x id="1"/>.</target></trans-unit>
        </body></file></xliff>
        """.utf8))
        #expect(read.diagnostics.isEmpty)
        #expect(read.units.first?.source == "Run `a < b` or [read](/r).")
        #expect(read.units.first?.target == "[Прочтите](/r) или `a < b`.")
    }

    /// Each way a target can get its codes wrong, with the diagnostic it gets: at the offending element,
    /// or at the `<target>` for a code that is missing.
    @Test(arguments: [
        (#"<ph id="1"/> и <pc id="2">руководство</pc>."#,
         "t.xlf:3:279: error: unit u1: the target lacks inline code 3 ([^1]) of the source (put it back: codes may move in a translation, not disappear; the unit was not imported)"),
        (#"<ph id="1"/> и <ph id="1"/> <pc id="2">руководство</pc>.<ph id="3"/>"#,
         "t.xlf:3:302: error: unit u1: inline code 1 (`tolk sync`) appears twice in the target (each code of the source appears once in the translation; the unit was not imported)"),
        (#"<ph id="1"/> <pc id="2">руководство</pc><ph id="3"/><ph id="9"/>"#,
         "t.xlf:3:339: error: unit u1: inline code 9 is not in the source (use only the source's codes: tolk restores each from the source; the unit was not imported)"),
        (#"<ph id="1"/> <ph id="2"/><ph id="3"/>"#,
         "t.xlf:3:300: error: unit u1: inline code 2 ([…](/guide)) is a paired code (<pc>) in the source, not <ph> (keep each code as the source has it; the unit was not imported)"),
        (#"<ph id="1"/> <ec startRef="2"/>руководство<sc id="2"/><ph id="3"/>"#,
         "t.xlf:3:300: error: unit u1: inline code 2 ([…](/guide)) ends before it starts in the target (open a paired code before closing it; the unit was not imported)"),
    ])
    func aTargetWhoseCodesAreNotTheSourcesIsRejected(target: String, diagnostic: String) {
        let read = XLIFFReader(path: "t.xlf").read(codedUnit(target: target))
        #expect(read.units.isEmpty)
        #expect(read.diagnostics.map(\.description) == [diagnostic])
    }

    @Test func aPluralFormWithBrokenCodesRejectsItsWholeGroupOnce() {
        let read = XLIFFReader(path: "t.xlf").read(document("""
        <group id="g" name="plural">
        <unit id="g.one" name="one"><segment state="translated"><source><ph id="1" equiv="{n}"/> post</source><target><ph id="1"/> запись</target></segment></unit>
        <unit id="g.few" name="few"><segment state="translated"><source><ph id="1" equiv="{n}"/> posts</source><target>записи</target></segment></unit>
        </group>
        """))
        #expect(read.units.isEmpty)
        #expect(read.diagnostics.count == 1)
        #expect(read.diagnostics.first?.message == "unit g.few: the target lacks inline code 1 ({n}) of the source")
    }

    @Test func writerCodesReadBackToTheSameMarkdown() throws {
        // A stand-in scanner: each code span is a standalone code, `[`…`](/x)` a pair.
        let scanner: XLIFFInlineScanner = { text in
            var spans: [XLIFFInlineSpan] = []
            let bytes = Array(text.utf8)
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "`"), let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "`")) {
                    spans.append(.standalone(index..<(close + 1), .codeSpan)); index = close + 1; continue
                }
                if bytes[index] == UInt8(ascii: "["), let close = bytes[index...].firstIndex(of: UInt8(ascii: "]")), Array(bytes[close...].prefix(5)) == Array("](/x)".utf8) {
                    spans.append(.paired(start: index..<(index + 1), end: close..<(close + 5), .link)); index = close + 5; continue
                }
                index += 1
            }
            return spans
        }
        let unit = XLIFFUnit(id: "u1", context: nil, source: "Use `a<b` & [this](/x).", target: "[Это](/x) — `a<b`.", state: .translated)
        for version in XLIFFVersion.allCases {
            let text = XLIFFWriter(version: version, sourceLanguage: "en", targetLanguage: "ru").write([XLIFFWriter.File(original: "a.md", units: [unit], inlineCodes: scanner)])
            #expect(text.contains(version == .v2_0 ? #"<ph id="1""# : #"<ph id="1" ctype="x-tolk-code-span">`a&lt;b`</ph>"#), "\(text)")
            let read = XLIFFReader(path: "t.xlf").read(Array(text.utf8))
            #expect(read.diagnostics.isEmpty)
            #expect(read.units.first?.source == unit.source)
            #expect(read.units.first?.target == unit.target)
        }
    }
}
