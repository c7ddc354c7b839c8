@testable import Catalog
import Testing

/// The header's `Name: value` fields are read as bytes; they must be what splitting the text into
/// `Character` lines finds (the reading before), CR LF (one `Character`) included.
@Suite struct POHeaderFieldsTests {
    static func byCharacters(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[colon...].dropFirst().trimmingWhitespace())
        }
    }

    @Test(arguments: [
        "Project-Id-Version: tolk sample\nLanguage: ru\nPlural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\nContent-Type: text/plain; charset=UTF-8\n",
        "Language: de",
        "Language:de\n\n\nX-Generator:  Poedit 3.4 \t\n",
        "no colon here\nLanguage-Team: Русский <ru@li.org>\n: empty name\nLast-Translator: Zoë Müller\n",
        "Language: fr\r\nX-Crlf: one line with the one before\r\nX-After: lf\n",
        "\r\n\n\rLanguage: ar\r\r\n",
        "",
        "\n",
        "Content-Transfer-Encoding: 8bit\nX-Emoji: 👩🏽‍💻 and ع\n",
    ])
    func bytesReadWhatCharactersRead(header: String) {
        let fields = POReader.headerFields(of: header)
        let expected = Self.byCharacters(header)
        #expect(fields.map(\.name) == expected.map(\.name))
        #expect(fields.map(\.value) == expected.map(\.value))
    }
}
