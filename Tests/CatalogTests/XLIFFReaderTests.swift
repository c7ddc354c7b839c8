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

    @Test func unitIDsAreStableAndTellContextFromNoContext() {
        #expect(XLIFFUnit.id(context: nil, source: "Home") == XLIFFUnit.id(context: nil, source: "Home"))
        #expect(XLIFFUnit.id(context: "", source: "Home") != XLIFFUnit.id(context: nil, source: "Home"))
        #expect(XLIFFUnit.id(context: nil, source: "").count == 17)
        #expect(XLIFFUnit.id(context: nil, source: "") == "ucbf29ce484222325", "FNV-1a offset basis for no bytes")
    }

    @Test func anInlineElementTolkDidNotWriteSkipsOnlyThatUnit() {
        let read = XLIFFReader(path: "t.xlf").read(document("""
        <unit id="u1"><segment state="translated"><source>a</source><target>b<ph id="1"/></target></segment></unit>
        <unit id="u2"><segment state="translated"><source>c</source><target>d</target></segment></unit>
        """))
        #expect(read.units.map(\.id) == ["u2"])
        #expect(read.diagnostics.map(\.description) == ["t.xlf:3:97: error: unit u1: inline element <ph> in <target> at 3:106: tolk's units have no inline codes (remove the element, keep its text) (the unit was not imported)"])
    }
}
