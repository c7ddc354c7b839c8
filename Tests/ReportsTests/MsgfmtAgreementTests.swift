import Catalog
import Foundation
import LocaleData
import Testing
import TestSupport
@testable import Reports

/// Random catalogs (fuzzy, plural with any forms empty, too few forms, obsolete, previous sources,
/// contexts, multi-line strings) for locales of 1, 2, 3 and 6 plural forms: tolk's message counts must
/// be msgfmt's, catalog by catalog.
@Suite struct MsgfmtAgreementTests {
    @Test(arguments: ["ja", "de", "ru", "ar"])
    func generatedCatalogsCountAsMsgfmtCountsThem(locale: String) throws {
        let calculator = try StatusCalculator(locale: locale)
        var random = SeededRandom(seed: 0x5EED + UInt64(locale.unicodeScalars.first!.value))
        for catalogNumber in 0..<12 {
            let text = GeneratedCatalog.text(locale: locale, pluralForms: calculator.pluralForms, entries: 40, random: &random)
            let read = POReader(path: "generated.po").read(Array(text.utf8))
            #expect(read.diagnostics.isEmpty, "\(locale) #\(catalogNumber): \(read.diagnostics)")
            let counts = calculator.counts(for: read.catalog) { _ in 1 }
            let msgfmt = try MsgfmtStatistics.of(poText: text)
            #expect(counts.translatedMessages == msgfmt.translated, "\(locale) #\(catalogNumber)\n\(text)")
            #expect(counts.needsReviewMessages == msgfmt.fuzzy, "\(locale) #\(catalogNumber)")
            #expect(counts.untranslatedMessages == msgfmt.untranslated, "\(locale) #\(catalogNumber)")
        }
    }
}

/// A PO catalog of random entries for a locale, with a correct header for its plural forms.
enum GeneratedCatalog {
    static func text(locale: String, pluralForms: GettextPluralForms, entries: Int, random: inout SeededRandom) -> String {
        var text = """
            msgid ""
            msgstr ""
            "Language: \(locale)\\n"
            "Content-Type: text/plain; charset=UTF-8\\n"
            "Plural-Forms: \(pluralForms.header)\\n"


            """
        func string(_ value: String) -> String {
            // Long strings are split over lines the way gettext writes them.
            guard value.count > 30 else { return "\"\(value)\"" }
            let middle = value.index(value.startIndex, offsetBy: value.count / 2)
            return "\"\"\n\"\(value[..<middle])\"\n\"\(value[middle...])\""
        }
        for number in 0..<entries {
            let obsolete = random.chance(0.15)
            let fuzzy = random.chance(0.3)
            let plural = random.chance(0.4)
            let prefix = obsolete ? "#~ " : ""
            var lines: [String] = []
            if fuzzy { lines.append("#, fuzzy") }
            if fuzzy && random.chance(0.5) { lines.append("#\(obsolete ? "~" : "")| msgid \"old text \(number)\"") }
            if random.chance(0.3) { lines.append(prefix + "msgctxt \"context \(number % 3)\"") }
            let source = random.chance(0.3) ? "A longer source text number \(number), long enough to be split" : "Message \(number)"
            lines.append(prefix + "msgid " + string(source).replacingOccurrences(of: "\n", with: "\n" + prefix))
            if plural {
                lines.append(prefix + "msgid_plural \"Messages \(number)\"")
                let forms = random.chance(0.15) ? max(1, pluralForms.count - 1) : pluralForms.count
                for index in 0..<forms {
                    let filled = random.chance(0.6)
                    lines.append(prefix + "msgstr[\(index)] \"\(filled ? "form \(index) of \(number)" : "")\"")
                }
            } else {
                let filled = random.chance(0.6)
                let translation = filled ? string("Перевод \(number)" + (random.chance(0.3) ? ", и ещё немного текста для второй строки" : "")) : "\"\""
                lines.append(prefix + "msgstr " + translation.replacingOccurrences(of: "\n", with: "\n" + prefix))
            }
            text += lines.joined(separator: "\n") + "\n\n"
        }
        return text
    }
}

/// SplitMix64: the same catalogs on every run and every machine.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ probability: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < probability }
}
