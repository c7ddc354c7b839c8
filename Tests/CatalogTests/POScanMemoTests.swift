import Catalog
import Testing

/// `POReader.scan` with a memo (the same content file's catalog in the locale before) must hand over
/// exactly what it hands over without one: the memo only spares hashing a msgid it has seen at the
/// same position, byte for byte, under the same key.
@Suite struct POScanMemoTests {
    static func catalog(_ entries: [(context: String?, id: String, translation: String)]) -> [UInt8] {
        var text = "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
        for entry in entries {
            text += "\n#: content/posts/a.md:3\n"
            if let context = entry.context { text += "msgctxt \"\(context)\"\n" }
            text += "msgid \"\(entry.id)\"\nmsgstr \"\(entry.translation)\"\n"
        }
        return Array(text.utf8)
    }

    /// A msgid as handed over, and its digest's and its key digest's words.
    struct Seen: Equatable {
        var id: [UInt8]
        var digest: [UInt64]
    }

    static func scan(_ bytes: [UInt8], key: (UInt64, UInt64), memo: POReader.ScanMemo?) -> (seen: [Seen], diagnostics: [String]) {
        var seen: [Seen] = []
        let diagnostics = POReader(path: "locales/de/posts/a.po", skipsComments: true).scan(bytes, digestKey: key, memo: memo) { entry in
            seen.append(Seen(id: entry.id, digest: [entry.idDigest.low, entry.idDigest.high, entry.keyDigest.low, entry.keyDigest.high]))
        }
        return (seen, (diagnostics ?? []).map(\.description))
    }

    @Test func theMemoChangesNothingHandedOver() {
        let ru = Self.catalog([("title", "Why plural rules are hard", "Почему правила трудны"), (nil, "Read the `guide`.", "Прочтите `guide`."),
                               (nil, "tags", "теги"), (nil, "Short", "Кратко")])
        let de = Self.catalog([("title", "Why plural rules are hard", "Warum Pluralregeln schwer sind"), (nil, "Read the `guide`.", "Lies den `guide`."),
                               (nil, "tags", "Schlagwörter"), (nil, "Short", "Kurz")])
        // Another catalog: msgids one byte longer or shorter, one of the same length with another byte,
        // a duplicate, one more at the end.
        let fr = Self.catalog([("title", "Why plural rules are hard!", "Pourquoi"), (nil, "Read the `guide`", "Lisez le `guide`."),
                               (nil, "tagz", "étiquettes"), (nil, "tagz", "encore"), (nil, "Short", "Court"), (nil, "Extra", "En plus")])
        let key: (UInt64, UInt64) = (0x1234, 0x5678)
        let memo = POReader.ScanMemo()
        for bytes in [ru, de, fr, de, ru] {
            let withMemo = Self.scan(bytes, key: key, memo: memo)
            let without = Self.scan(bytes, key: key, memo: nil)
            #expect(withMemo.seen == without.seen)
            #expect(withMemo.diagnostics == without.diagnostics)
        }
        #expect(Self.scan(fr, key: key, memo: nil).diagnostics.count == 1, "the duplicate")
        // Under another key, the digests are that key's, not the memo's.
        let otherKey: (UInt64, UInt64) = (0x9999, 0x5678)
        #expect(Self.scan(de, key: otherKey, memo: memo).seen == Self.scan(de, key: otherKey, memo: nil).seen)
        #expect(Self.scan(de, key: otherKey, memo: nil).seen != Self.scan(de, key: key, memo: nil).seen)
    }

    /// What `scan` hands over of an entry's key and place is what `read` and `keyDigest(of:)` give:
    /// the build looks units up by the key digest, and reports a refused translation at its msgstr line.
    @Test func keyDigestsAndTranslationLinesAreReadsOwn() {
        let text = """
        msgid ""
        msgstr "Content-Type: text/plain; charset=UTF-8\\n"

        #: content/posts/a.md:3
        msgctxt "title"
        msgid "Why plural rules are hard"
        msgstr "Почему правила трудны"

        #, fuzzy
        #| msgid "Read the guide."
        msgid "Read the `guide`."
        msgstr ""
        "Прочтите "
        "`guide`."

        msgctxt ""
        msgid "tags"
        msgstr "теги"

        msgid "tags"
        msgstr ""

        #~ msgid "Gone"
        #~ msgstr "Ушло"

        """
        let key: (UInt64, UInt64) = (0xFEED, 0xBEEF)
        let read = POReader(path: "a.po").read(Array(text.utf8))
        #expect(read.diagnostics.isEmpty)
        var seen: [(key: [UInt64], line: Int)] = []
        _ = POReader(path: "a.po", skipsComments: true).scan(Array(text.utf8), digestKey: key) { entry in
            seen.append(([entry.keyDigest.low, entry.keyDigest.high], entry.translationLine))
        }
        let entries = read.catalog.entries.enumerated().filter { !$0.element.isHeader }
        #expect(seen.count == entries.count && seen.count == 5)
        for ((index, entry), scanned) in zip(entries, seen) {
            let digest = POReader.keyDigest(of: entry.key, digestKey: key)
            #expect(scanned.key == [digest.low, digest.high], "\(entry.id)")
            #expect(scanned.line == read.locations[index].translationLines.first, "\(entry.id)")
        }
        // The empty context, no context, and another key tell the keys apart.
        #expect(Set(seen.map(\.key)).count == 5)
        #expect(POReader.keyDigest(of: CatalogEntry.Key(context: nil, id: "tags"), digestKey: key)
                != POReader.keyDigest(of: CatalogEntry.Key(context: nil, id: "tags"), digestKey: (0xFEED, 0xBEEE)))
    }
}
