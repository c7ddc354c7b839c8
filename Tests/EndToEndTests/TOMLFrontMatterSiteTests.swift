import Foundation
import Testing

/// A Hugo post with TOML (`+++`) front matter goes through sync and build like a YAML one.
@Suite(.serialized) struct TOMLFrontMatterSiteTests {
    @Test func tomlPostIsTranslatedAndGetsItsReadingTimeInTheRootTable() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let post = """
        +++
        title = "Counting in TOML" # shown in the list
        reading_minutes = 5
        tags = ['counting']

        [params]
        author = "Ann"
        +++

        A short post.

        """
        try site.write(post, to: "content/posts/toml-post.md")
        let sync = try site.run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(!sync.stderr.contains("toml-post"), "no diagnostics for the TOML post")
        #expect(try site.read("locales/templates/posts/toml-post.pot").contains("#. front matter: title\n#: content/posts/toml-post.md:2\nmsgctxt \"title\"\nmsgid \"Counting in TOML\"\n"))

        let catalog = try site.read("locales/ru/posts/toml-post.po")
            .replacingOccurrences(of: "msgid \"Counting in TOML\"\nmsgstr \"\"", with: "msgid \"Counting in TOML\"\nmsgstr \"Считаем в \\\"TOML\\\"\"")
            .replacingOccurrences(of: "msgid \"counting\"\nmsgstr \"\"", with: "msgid \"counting\"\nmsgstr \"мн. ч.'\"")
        try site.write(catalog, to: "locales/ru/posts/toml-post.po")
        let build = try site.run("build", "--locale", "ru")
        #expect(build.status == 0, "\(build.stderr)")
        // The title stays a basic string, the tag switches from literal to basic (it holds a '), and the
        // fields tolk adds (reading time, lang, …, alternates as an inline table) go after the root table's last key:
        // below [params] they would be params.reading_time.
        #expect(try site.read("public/ru/posts/toml-post.md") == """
        +++
        title = "Считаем в \\"TOML\\"" # shown in the list
        reading_minutes = 5
        tags = ["мн. ч.'"]
        reading_time = "5 минут чтения"
        lang = "ru"
        dir = "ltr"
        translationKey = "posts/toml-post"
        translated = 57
        alternates = { en = "/en/posts/toml-post/", ru = "/ru/posts/toml-post/", x-default = "/en/posts/toml-post/" }

        [params]
        author = "Ann"
        +++

        A short post.

        """)
    }
}
