@testable import LocalizedTrees
import TestSupport
import Testing
@testable import Workspace

/// Names read on bytes that used to be read as `Character`s: the same answers.
@Suite struct PathNameTests {
    @Test func localeSuffixes() {
        let locales = ["ru", "de", "pt-BR"]
        #expect(Project.localeSuffix(of: "posts/a.ru.md", among: locales) == "ru")
        #expect(Project.localeSuffix(of: "posts/a.RU.md", among: locales) == "RU")
        #expect(Project.localeSuffix(of: "a.pt-br.md", among: locales) == "pt-br")
        #expect(Project.localeSuffix(of: ".de.md", among: locales) == "de")
        #expect(Project.localeSuffix(of: "posts/a.md", among: locales) == nil)
        #expect(Project.localeSuffix(of: "posts.ru/a.md", among: locales) == nil, "a dot in a folder's name is not the file's")
        #expect(Project.localeSuffix(of: "posts/a.fr.md", among: locales) == nil)
        #expect(Project.localeSuffix(of: "posts/a..md", among: locales) == nil)
        #expect(Project.localeSuffix(of: "статьи/пост.ru.md", among: locales) == "ru")
    }

    /// The scheme test as it was written on `Character`s.
    static func hasSchemeByCharacters(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = text[..<colon]
        return scheme.first?.isLetter == true && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    @Test func schemesAsCharactersReadThem() {
        let pieces = ["a", "Z", "h", "ttps", "0", "9", "+", "-", ".", ":", "/", "#", "?", " ", "\r\n", "\r", "é", "e\u{301}", ":\u{301}", "\u{301}", "ß", "٣", "mailto", "ＡＢ"]
        var random = SplitMix64(seed: 79)
        for _ in 0..<20_000 {
            let text = (0..<Int(random.next() % 7)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(LinkRewriter.hasScheme(text) == Self.hasSchemeByCharacters(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(LinkRewriter.hasScheme("https://example.org"))
        #expect(!LinkRewriter.hasScheme("posts/a.md"))
        #expect(!LinkRewriter.hasScheme("1http://x"))
    }

    /// A page is found by its source URL's path, the scheme and host of an absolute URL set aside
    /// (found among the bytes of an ASCII URL, by Foundation in any other), and slashes at the ends ignored.
    @Test func pagesAreFoundByTheirSourceURLs() {
        let rewriter = LinkRewriter(pages: [("posts/a.md", "https://example.org/en/posts/a/"), ("posts/b.md", "/en/posts/b/"),
                                            ("posts/c.md", "https://example.org/en/posts/caf\u{E9}/"), ("posts/d.md", "https://example.org")])
        #expect(rewriter.target(of: "/en/posts/a/", in: "posts/x.md", sourceLocalePrefix: "en")?.path == "posts/a.md")
        #expect(rewriter.target(of: "/posts/a/#top", in: "posts/x.md", sourceLocalePrefix: "en").map { [$0.path, $0.suffix] } == ["posts/a.md", "#top"])
        #expect(rewriter.target(of: "/en/posts/b///", in: "posts/x.md", sourceLocalePrefix: "en")?.path == "posts/b.md")
        #expect(rewriter.target(of: "/en/posts/caf%C3%A9/", in: "posts/x.md", sourceLocalePrefix: "en")?.path == "posts/c.md")
        #expect(rewriter.target(of: "/", in: "posts/x.md", sourceLocalePrefix: nil)?.path == "posts/d.md", "a URL with no path is the site's root")
        #expect(rewriter.target(of: "/en/posts/z/", in: "posts/x.md", sourceLocalePrefix: "en") == nil)
    }
}
