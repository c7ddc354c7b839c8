import Foundation
@testable import Extractor
@testable import Preview
import Testing

/// A right-to-left locale's preview gives every block `dir="auto"`, so a paragraph that fell back to
/// the source language reads left to right. The tags are found on bytes in one pass: the result must
/// be what replacing each tag with Foundation gave, on cmark-gfm's own HTML.
@Suite struct PreviewDirectionTests {
    /// What the preview did before: one Foundation replacement per tag.
    static func byFoundation(_ html: String) -> String {
        var result = html
        for tag in ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "dt", "dd"] {
            result = result.replacingOccurrences(of: "<\(tag)>", with: "<\(tag) dir=\"auto\">")
        }
        return result.replacingOccurrences(of: "<td align=", with: "<td dir=\"auto\" align=").replacingOccurrences(of: "<th align=", with: "<th dir=\"auto\" align=")
    }

    static let pages = [
        """
        # عنوان المقال

        فقرة بالعربية مع `code` و[رابط](/ar/posts/other/) و**خط عريض**.

        An English paragraph that fell back to the source.

        > اقتباس
        >
        > - بند أول
        > - item two

        | العمود | Column |
        |:--|--:|
        | خلية | cell |

        1. <p>raw html kept as written</p>
        2. <pre>pre</pre> <thead>x</thead> <li class="x">item</li> <blockquote cite="y">q</blockquote>

        ###### h6 <dd>dd</dd> <dt>dt</dt>

        ```
        <p> in code stays escaped
        ```
        """,
        "",
        "Plain text, no block tags at all: <span>inline</span>",
        "<p>already html</p><p></p><td align=\"left\"><th align=\"right\"><td><th><tbody>",
    ]

    /// `directionByContent` on the text's bytes, read back as text.
    static func marked(_ html: String) -> String {
        String(decoding: PreviewHTML.directionByContent(Array(html.utf8)), as: UTF8.self)
    }

    @Test(arguments: pages)
    func bytesGiveWhatFoundationGave(markdown: String) {
        let html = MarkdownHTML.render(Array(markdown.utf8))
        #expect(Self.marked(html) == Self.byFoundation(html))
        #expect(Self.marked(markdown) == Self.byFoundation(markdown))
    }

    @Test func everyBlockOfARealPageTakesItsDirectionFromItsText() {
        let html = MarkdownHTML.render(Array(Self.pages[0].utf8))
        let marked = Self.marked(html)
        #expect(marked.contains("<h1 dir=\"auto\">") && marked.contains("<p dir=\"auto\">") && marked.contains("<li dir=\"auto\">"))
        #expect(marked.contains("<blockquote dir=\"auto\">") && marked.contains("<td dir=\"auto\" align=\"left\">"))
        #expect(!marked.contains("<p>") && !marked.contains("<li>"))
    }
}
