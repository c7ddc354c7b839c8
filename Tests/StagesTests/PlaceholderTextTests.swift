import Catalog
import Extractor
@testable import MachineTranslation
import Testing
@testable import Workspace

/// What a machine-translation engine is sent for a message, and which of its answers come back as a
/// translation: every protected piece exactly once, pairs in order, no markup of the engine's own.
@Suite struct PlaceholderTextTests {
    func text(_ message: String, _ style: PlaceholderText.Style = .xml, dialect: (any MarkdownDialect)? = nil) throws -> PlaceholderText {
        try #require(PlaceholderText(message, spans: InlineCodeScanners.markdown(message, dialect: dialect), style: style))
    }

    @Test func codeSpansLinksAndHTMLBecomePlaceholdersAndComeBackByteForByte() throws {
        let message = "Run `tolk sync` before you [read the guide](/guide \"Guide\") or press <kbd>Ctrl</kbd> & wait."
        let xml = try text(message)
        // A link's title is prose: it is sent between the destination's two pieces.
        #expect(xml.sent == "Run <x1/> before you <g2>read the guide</g2>Guide<x3/> or press <g4>Ctrl</g4> &amp; wait.")
        let answer = "Ejecuta <x1/> antes de <g2>leer la guía</g2>Guía<x3/> o pulsa <g4>Ctrl</g4> &amp; espera."
        #expect(try xml.restore(answer).get() == "Ejecuta `tolk sync` antes de [leer la guía](/guide \"Guía\") o pulsa <kbd>Ctrl</kbd> & espera.")

        let tokens = try text(message, .tokens)
        #expect(tokens.sent == "Run [[1]] before you [[2]]read the guide[[/2]]Guide[[3]] or press [[4]]Ctrl[[/4]] & wait.")
        #expect(try tokens.restore("Ejecuta [[1]] antes de [[2]]leer la guía[[/2]]Guía[[3]] o pulsa [[4]]Ctrl[[/4]] & espera.").get()
                == "Ejecuta `tolk sync` antes de [leer la guía](/guide \"Guía\") o pulsa <kbd>Ctrl</kbd> & espera.")
    }

    @Test func placeholdersMayMoveAndEnginesMaySpaceTagsAsXMLWritersDo() throws {
        let message = "Call `a` then `b`."
        let xml = try text(message)
        #expect(try xml.restore("Llama <x2 /> después de <x1/>.").get() == "Llama `b` después de `a`.")
    }

    @Test func theSourcesWhitespaceAtBothEndsIsNotSentAndIsPutBack() throws {
        let xml = try text("  Hello `x` world\n")
        #expect(xml.sent == "Hello <x1/> world")
        #expect(try xml.restore("Hola <x1/> mundo   ").get() == "  Hola `x` mundo\n")
    }

    @Test func entitiesInTheAnswerAreDecoded() throws {
        let xml = try text("Fish & chips <b>now</b>")
        #expect(try xml.restore("Pescado &amp; patatas &#x27;ya&#39; <g1>ahora</g1>").get() == "Pescado & patatas 'ya' <b>ahora</b>")
    }

    @Test func aHugoShortcodeIsOnePlaceholder() throws {
        let message = "See {{< ref \"posts/a.md\" >}} for more."
        let xml = try text(message, dialect: HugoDialect())
        #expect(xml.sent == "See <x1/> for more.")
        #expect(try xml.restore("Mira <x1/> para más.").get() == "Mira {{< ref \"posts/a.md\" >}} para más.")
    }

    @Test(arguments: [
        ("Ejecuta <g2>leer</g2>.", PlaceholderProblem.dropped("1", display: "`tolk sync`")),
        ("Ejecuta <x1/> <x1/> <g2>leer</g2>.", .duplicated("1", display: "`tolk sync`")),
        ("Ejecuta <x7/> <g2>leer</g2>.", .invented("7")),
        ("Ejecuta <x1/> </g2>leer<g2>.", .brokenPair("2", display: "[…](/guide)")),
        ("Ejecuta <x1/> <g2>leer.", .brokenPair("2", display: "[…](/guide)")),
        ("Ejecuta <x1/> <g2>leer</g2> <script>alert(1)</script>", .foreignMarkup("<script>")),
        ("Ejecuta <x1/> <g2>leer</g2> <img src=x onerror=alert(1)>", .foreignMarkup("<img src=x onerror=alert(1)>")),
        ("   ", .empty),
    ])
    func aBrokenAnswerIsRefusedNamingThePlaceholder(answer: String, problem: PlaceholderProblem) throws {
        let xml = try text("Run `tolk sync` to [read](/guide).")
        #expect(xml.restore(answer) == .failure(problem))
    }

    @Test func tokenAnswersAreCheckedTheSameWay() throws {
        let tokens = try text("Run `a` and `b`.", .tokens)
        #expect(tokens.restore("Ejecuta [[1]] y.") == .failure(.dropped("2", display: "`b`")))
        #expect(tokens.restore("Ejecuta [[1]] y [[1]] [[2]].") == .failure(.duplicated("1", display: "`a`")))
        #expect(tokens.restore("Ejecuta [[1]] y [[3]] [[2]].") == .failure(.invented("3")))
    }

    @Test func anEnormousAnswerIsRefused() throws {
        let xml = try text("Short `x`.")
        let answer = String(repeating: "a", count: 10_000) + " <x1/>"
        guard case .failure(.tooLong) = xml.restore(answer) else { Issue.record("accepted an answer 1,000 times the source"); return }
    }

    @Test func aMessageWithoutMarkupIsSentAsEscapedText() throws {
        let xml = try text("a < b > c")
        #expect(xml.sent == "a &lt; b &gt; c")
        #expect(try xml.restore("a &lt; b &gt; c").get() == "a < b > c")
        #expect(xml.restore("a < b > c") == .failure(.foreignMarkup("<b>")))
    }

    @Test func icuArgumentsAndPluralNumbersArePlaceholders() throws {
        let form = "{count} files in # folders, '#' literal"
        let spans = MachineTranslator.merged(MachineTranslator.poundSpans(form), InlineCodeScanners.messageFormat(form))
        let xml = try #require(PlaceholderText(form, spans: spans, style: .xml))
        #expect(xml.sent == "<x1/> files in <x2/> folders, <x3/> literal")
        #expect(try xml.restore("<x1/> archivos en <x2/> carpetas, <x3/> literal").get() == "{count} archivos en # carpetas, '#' literal")
    }
}
