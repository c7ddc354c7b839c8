import Exchange
import Foundation
import Testing

/// PO and XLIFF imports are one algorithm (`ImportSession`) that differs only in reading: what one
/// format's import does with a translation, the other's does too.
@Suite struct ImportSessionTests {
    let siteCatalog = "locales/ru/site.po"

    /// The PO path compared entries with `==`, which Swift's String answers by canonical equivalence:
    /// a translation that changed only from NFC to NFD was reported up to date and never written.
    @Test(arguments: ["po", "xliff"])
    func aTranslationThatDiffersOnlyInNormalizationIsWritten(format: String) throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let name = "ru." + (format == "po" ? "po" : "xlf")
        #expect(try site.run("export", "ru", "--format", format, "--only", "all", "--output", name).status == 0)
        let composed = "Перейти к основному содержимому", decomposed = composed.decomposedStringWithCanonicalMapping
        #expect(composed == decomposed && Array(composed.utf8) != Array(decomposed.utf8), "equal as Strings, not as bytes")
        let exported = try site.read(name)
        #expect(exported.contains(composed))
        // Replace the bytes, not the String: Swift's replacingOccurrences would see them as the same.
        let bytes = Array(exported.utf8), old = Array(composed.utf8), new = Array(decomposed.utf8)
        var edited: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index...].starts(with: old) { edited += new; index += old.count } else { edited.append(bytes[index]); index += 1 }
        }
        try Data(edited).write(to: site.root.appendingPathComponent(name))
        let result = try site.run("import", name)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Updated 1 entries in ru"), "\(result.stdout)")
        let catalog = try Data(contentsOf: site.root.appendingPathComponent(siteCatalog))
        #expect(catalog.range(of: Data(new)) != nil && catalog.range(of: Data(old)) == nil)
    }

    /// A PO export made before the author changed a message: its translation was left unmatched (the
    /// msgid is no longer in any catalog); now, as in XLIFF, it reaches the entry whose previous source
    /// it is, as needs review.
    @Test(arguments: ["po", "xliff"])
    func aTranslationOfTheSourceBeforeItChangedComesInAsNeedsReview(format: String) throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let name = "ru." + (format == "po" ? "po" : "xlf")
        #expect(try site.run("export", "ru", "--format", format, "--only", "all", "--output", name).status == 0)
        try site.write(try site.read(name).replacingOccurrences(of: "Полевые заметки", with: "Полевые записки"), to: name)
        try site.write(try site.read("content/site.yaml").replacingOccurrences(of: "title: \"Field Notes\"", with: "title: \"Field Notes Journal\""),
                       to: "content/site.yaml")
        #expect(try site.run("sync").status == 0)
        let result = try site.run("import", name)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("ru.unmatched.po").path), "nothing left unmatched")
        let catalog = try site.read(siteCatalog)
        #expect(catalog.contains("#, fuzzy\n#| msgid \"Field Notes\"\nmsgctxt \"title\"\nmsgid \"Field Notes Journal\"\nmsgstr \"Полевые записки\"\n"), "\(catalog.prefix(900))")
    }
}
