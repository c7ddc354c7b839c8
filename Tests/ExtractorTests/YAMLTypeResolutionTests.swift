import Testing
import Yams
@testable import Extractor

/// Issue 21: the YAML reader's quick type resolution (a first rule that settles most strings in one
/// try, and the same test without a regular expression for values) must give every scalar the type
/// Yams' default YAML 1.1 resolver gives it: a `yes` or `2024-05-01` read as a string would become a
/// message, a title read as a bool would ship untranslated.
@Suite struct YAMLTypeResolutionTests {
    static func defaultType(_ text: String) -> Yams.Tag.Name { Resolver.default.resolveTag(of: .scalar(.init(text))) }
    static func quickType(_ text: String) -> Yams.Tag.Name { YAMLScalarLocator.resolver.resolveTag(of: .scalar(.init(text))) }

    static let cases = [
        "", "~", "<<", "=", "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "y", "n", "yes\n", "null\r\n", "\n", "\u{0B}", "no\u{2028}", "NO\u{85}",
        "0", "-0", "+12", "0b101", "0o17", "017", "0x1F", "1_000", "190:20:30", "1.5", ".5", "-.inf", ".NaN", "1e10", "6.8523015e+5",
        "2024-05-01", "2024-5-1 10:00:00", "2001-12-14t21:59:43.10-05:00",
        "title", "Tags", "tag", "yesterday", "nothing", "Trueish", "off-grid", "On the road", "nulls", "ONE", "o", "t",
        "Hello, world", "_draft", "«Ciao»", "— a dash", "\u{2028}x", "Über", "日本語", "-", "+", ".", "-x", ".hidden", "<b>", "=x", "~x",
    ]

    @Test func theQuickRuleCompiledAndComesFirst() {
        #expect(YAMLScalarLocator.resolver.rules.map(\.tag) == [.str] + Resolver.default.rules.map(\.tag))
    }

    @Test(arguments: cases)
    func aListedScalarHasTheDefaultResolversType(text: String) {
        #expect(Self.quickType(text) == Self.defaultType(text))
        if YAMLScalarLocator.isPlainString(text) { #expect(Self.defaultType(text) == .str) }
    }

    @Test func generatedScalarsHaveTheDefaultResolversType() {
        // Short texts from the characters the rules turn on, deterministic (a fixed linear congruential sequence).
        let alphabet = Array("yesnotrufalONYESFLTNU01789-+._:eEbxoi~<=: \n\u{0B}\u{85}\u{2028}aZ")
        var seed: UInt64 = 21
        var mismatches: [String] = []
        for _ in 0..<4_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            var text = ""
            for index in 0..<Int(seed >> 61) + 1 { text.append(alphabet[Int((seed >> UInt64(8 + index * 6)) % UInt64(alphabet.count))]) }
            let expected = Self.defaultType(text)
            if Self.quickType(text) != expected || (YAMLScalarLocator.isPlainString(text) && expected != .str) { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test func frontMatterValuesKeepTheirKinds() throws {
        let yaml = "title: Yes we can\ndraft: yes\ndate: 2024-05-01\ncount: 0x1F\nnote: ~\ntags: [on, travel, '2024']\n"
        let scalars = try YAMLScalarLocator(bytes: Array(yaml.utf8), start: 0, end: yaml.utf8.count, firstLine: 1).scalars()
        #expect(scalars.map { "\($0.path)=\($0.kind)" } == [
            "title=string", "draft=data(\"bool\")", "date=data(\"timestamp\")", "count=data(\"int\")", "note=data(\"null\")",
            "tags[0]=data(\"bool\")", "tags[1]=string", "tags[2]=string",
        ])
    }
}
