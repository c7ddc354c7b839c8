import Testing
@testable import Extractor
import LocaleData

/// A Hugo site's own go-i18n file read as UI strings: Go templates become ICU messages.
@Suite struct GoI18nSourceTests {
    @Test func aValueActionBecomesAnArgumentAndCountTheNumberInAPlural() throws {
        #expect(try GoTemplateText.icuMessage("Hello {{ .Name }}", inPluralOf: nil) == "Hello {Name}")
        #expect(try GoTemplateText.icuMessage("{{- .Count -}} posts", inPluralOf: "Count") == "# posts")
        #expect(try GoTemplateText.icuMessage("{{ .Count }} posts", inPluralOf: nil) == "{Count} posts")
    }

    @Test func literalSyntaxIsQuotedOnlyWhereICUWouldReadIt() throws {
        #expect(try GoTemplateText.icuMessage("It's {today} #1", inPluralOf: nil) == "It's '{'today'}' #1")
        #expect(try GoTemplateText.icuMessage("#1 of {{ .Count }}", inPluralOf: "Count") == "'#'1 of #")
        // An apostrophe before an argument, a brace or another apostrophe would start a quote: doubled.
        #expect(try GoTemplateText.icuMessage("'{{ .Name }}' and ''", inPluralOf: nil) == "''{Name}' and '''")
        let parts = try MessagePattern("''{Name}' and '''").parts
        #expect(parts.count == 3 && parts.first == .text("'") && parts.last == .text("' and ''"))
    }

    @Test func anActionThatIsMoreThanAValueIsRefused() {
        #expect(throws: GoTemplateText.Unsupported(action: "{{ if .Draft }}")) { try GoTemplateText.icuMessage("{{ if .Draft }}x{{ end }}", inPluralOf: nil) }
        #expect(throws: GoTemplateText.Unsupported(action: "{{ .N | upper }}")) { try GoTemplateText.icuMessage("{{ .N | upper }}", inPluralOf: nil) }
        #expect(throws: (GoTemplateText.Unsupported).self) { try GoTemplateText.icuMessage("open {{ .Name", inPluralOf: nil) }
    }

    @Test func yamlFilesAreReadLikeTOMLOnes() {
        let yaml = Array("home: Home\nreadingTime:\n  one: One minute\n  other: \"{{ .Count }} minutes\"\n".utf8)
        let (document, diagnostics) = GoI18nSource().extract(path: "i18n/en.yaml", bytes: yaml)
        #expect(diagnostics.isEmpty)
        #expect(document.units.map(\.text) == ["Home", "{Count, plural, one {One minute} other {# minutes}}"])
        #expect(document.units.map(\.context) == ["home", "readingTime"])
        #expect(document.units.last?.plural != nil)
    }

    @Test func pluralFormsWithoutOtherAreAnError() {
        let (document, diagnostics) = GoI18nSource().extract(path: "i18n/en.toml", bytes: Array("[x]\none = \"One\"\n".utf8))
        #expect(document.units.isEmpty)
        #expect(diagnostics.first?.message == "x: its plural forms have no 'other' form")
    }
}
