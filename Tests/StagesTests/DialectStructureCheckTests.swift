@testable import Checks
@testable import Extractor
import Testing

/// The structure check names a dialect's syntax in the dialect's words (issue 17): a Hugo shortcode
/// as a shortcode, a Goldmark attribute list as an attribute list, with a hint that says why.
@Suite struct DialectStructureCheckTests {
    @Test func aDroppedAttributeListIsNamedAsOne() throws {
        let problem = try #require(InlineStructureCheck.problem(source: "Replacing the wick {#wick .step}",
                                                                translations: ["Changer la mèche"], dialect: HugoDialect()))
        #expect(problem.message == "the translation lacks attribute list {#wick .step} of the source")
        #expect(problem.hint.hasPrefix("keep every shortcode call and attribute list byte for byte"))
    }

    @Test func anAddedShortcodeIsNamedAsOne() throws {
        let problem = try #require(InlineStructureCheck.problem(source: "Read the notes.",
                                                                translations: [#"Lisez {{< ref "notes.md" >}}."#], dialect: HugoDialect()))
        #expect(problem.message == #"the translation has shortcode {{< ref "notes.md" >}}, which the source does not"#)
    }

    @Test func withoutADialectBracesAreText() {
        #expect(InlineStructureCheck.problem(source: "Replacing the wick {#wick}", translations: ["Changer la mèche"]) == nil)
    }
}
