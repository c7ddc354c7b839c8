import LocaleData
@testable import LocalizedTrees
import Testing

/// The site's ICU messages as go-i18n texts for Hugo's `i18n/<lang>.toml`.
@Suite struct GoI18nMessageTests {
    let russian: [PluralCategory] = [.one, .few, .many, .other]

    @Test func aPluralBecomesOneFormPerCLDRCategoryOfTheLanguage() throws {
        let message = try GoI18nMessage(icu: "{minutes, plural, one {# минута} few {# минуты} many {# минут} other {# минуты}}", categories: russian)
        #expect(message.forms == [.init(category: "one", text: "{{ .Count }} минута"), .init(category: "few", text: "{{ .Count }} минуты"),
                                  .init(category: "many", text: "{{ .Count }} минут"), .init(category: "other", text: "{{ .Count }} минуты")])
        #expect(message.isPlural)
    }

    @Test func aCategoryTheMessageLacksTakesItsOtherForm() throws {
        let message = try GoI18nMessage(icu: "{n, plural, one {# post} other {# posts}}", categories: russian)
        #expect(message.forms.map(\.text) == ["{{ .Count }} post", "{{ .Count }} posts", "{{ .Count }} posts", "{{ .Count }} posts"])
        let japanese = try GoI18nMessage(icu: "{n, plural, other {#件}}", categories: [.other])
        #expect(japanese.forms == [.init(category: "other", text: "{{ .Count }}件")])
    }

    @Test func textAroundThePluralAndItsArgumentNameGoIntoEveryForm() throws {
        let message = try GoI18nMessage(icu: "Read in {minutes, plural, one {{minutes} minute} other {# minutes}}, by {author}.", categories: [.one, .other])
        #expect(message.forms == [.init(category: "one", text: "Read in {{ .Count }} minute, by {{ .author }}."),
                                  .init(category: "other", text: "Read in {{ .Count }} minutes, by {{ .author }}.")])
    }

    @Test func aSimpleMessageHasOneForm() throws {
        let message = try GoI18nMessage(icu: "Published on {date}", categories: russian)
        #expect(message.forms == [.init(category: "other", text: "Published on {{ .date }}")])
        #expect(!message.isPlural)
        // ICU quoting is resolved; a literal {{ is printed, not opened as a template action.
        #expect(try GoI18nMessage(icu: "It''s '{{' here", categories: []).forms.first?.text == "It's {{ \"{{\" }} here")
    }

    @Test func exactValueBranchesAreLeftOutAndSaidSo() throws {
        let message = try GoI18nMessage(icu: "{n, plural, =0 {no posts} one {# post} other {# posts}}", categories: [.one, .other])
        #expect(message.droppedBranches == ["=0"])
        #expect(message.forms.map(\.category) == ["one", "other"])
    }

    @Test func whatGoI18nCannotExpressIsAnErrorNamingIt() {
        #expect(throws: GoI18nMessage.Problem.unsupported("a select ({gender, select, …})")) {
            try GoI18nMessage(icu: "{gender, select, female {she} other {they}}", categories: [.other])
        }
        #expect(throws: GoI18nMessage.Problem.unsupported("a plural offset (offset:1)")) {
            try GoI18nMessage(icu: "{n, plural, offset:1 one {#} other {#}}", categories: [.other])
        }
        #expect(throws: GoI18nMessage.Problem.unsupported("two plural arguments in one message")) {
            try GoI18nMessage(icu: "{a, plural, other {#}} {b, plural, other {#}}", categories: [.other])
        }
        #expect(throws: (any Error).self) { try GoI18nMessage(icu: "{unclosed", categories: [.other]) }
    }
}
