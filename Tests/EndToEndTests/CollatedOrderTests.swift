import Foundation
import Testing

/// `tolk sync --sort collated` and `catalogs.sort: collated`: entries by text in the source language's collation.
@Suite(.serialized) struct CollatedOrderTests {
    static let post = """
        ---
        title: "Fruit"
        ---

        ## Zebra apples

        ## apple pie

        ## Ärmel aus Åland

        ## Banana bread

        """

    func msgids(_ catalog: String) -> [String] {
        catalog.split(separator: "\n").filter { $0.hasPrefix("msgid \"") && $0 != "msgid \"\"" }.map { String($0.dropFirst(7).dropLast()) }
    }

    @Test func englishCollationIgnoresCaseAndAccentsWhereBytesWouldNot() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try site.write(Self.post, to: "content/posts/fruit.md")
        #expect(try site.run("sync").status == 0)
        #expect(msgids(try site.read("locales/ru/posts/fruit.po")) == ["Fruit", "Zebra apples", "apple pie", "Ärmel aus Åland", "Banana bread"],
                "source order by default")
        let sorted = try site.run("sync", "--sort", "collated")
        #expect(sorted.status == 0, "\(sorted.stderr)")
        #expect(msgids(try site.read("locales/ru/posts/fruit.po")) == ["apple pie", "Ärmel aus Åland", "Banana bread", "Fruit", "Zebra apples"])
        #expect(msgids(try site.read("locales/templates/posts/fruit.pot")) == ["apple pie", "Ärmel aus Åland", "Banana bread", "Fruit", "Zebra apples"])
    }

    @Test func theConfiguredOrderIsKeptByEverySyncAndFollowsTheSourceLanguage() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        try site.write(Self.post, to: "content/posts/fruit.md")
        // A Swedish source: å, ä and ö come after z.
        let config = try site.read("tolk.yaml")
        try site.write(config.replacingOccurrences(of: "catalogs:\n", with: "catalogs:\n  sort: collated\n"), to: "tolk.yaml")
        #expect(try site.run("sync").status == 0)
        #expect(msgids(try site.read("locales/de/posts/fruit.po")) == ["apple pie", "Ärmel aus Åland", "Banana bread", "Fruit", "Zebra apples"])
        let again = try site.run("sync")
        #expect(again.stdout.contains("wrote 0 templates and 0 catalogs"), "\(again.stdout)")

        try site.write((try site.read("tolk.yaml")).replacingOccurrences(of: "source: en", with: "source: sv"), to: "tolk.yaml")
        #expect(try site.run("sync").status == 0)
        #expect(msgids(try site.read("locales/de/posts/fruit.po")) == ["apple pie", "Banana bread", "Fruit", "Zebra apples", "Ärmel aus Åland"])
    }

    @Test func anUnknownOrderIsAUsageError() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let result = try site.run("sync", "--sort", "alphabetical")
        #expect(result.status == 2 || result.status == 64, "\(result.status)")
        #expect(result.stderr.contains("source") && result.stderr.contains("collated"), "\(result.stderr)")
    }
}
