import Catalog
import Core
import Extractor
import Foundation

/// What the translation checks read from a source text, worked out once per text and reused for each
/// translation of it: a page's catalog is checked in every locale (`tolk status`, `tolk build`), and
/// each check used to scan the source again for each one. The translation's side is still read every
/// time; only its source's side is remembered.
///
/// One memo serves one task and one dialect (a content file's): it is a plain class, not shared
/// between threads. Without a memo the checks work as before, reading both sides each time.
///
/// ```swift
/// let memo = SourceMarkupMemo(dialect: file.format.markdownDialect)
/// for locale in locales { gate.problems(of: entry, at: index, in: read, file: path, memo: memo) }
/// ```
package final class SourceMarkupMemo {
    let dialectName: String?
    private var pieces: [MessageText: [String]] = [:]
    private var footnotes: [MessageText: [String]] = [:]
    private var emphasis: [MessageText: (counts: InlineEmphasis, hasICUBranches: Bool)] = [:]

    package init(dialect: (any MarkdownDialect)?) {
        dialectName = dialect?.name
    }

    /// Whether the memo was made for `dialect` (a memo read with another would give the other's pieces).
    func serves(_ dialect: (any MarkdownDialect)?) -> Bool { dialect?.name == dialectName }

    func protectedPieces(of source: String, dialect: (any MarkdownDialect)?) -> [String] {
        let key = MessageText(source)
        if let known = pieces[key] { return known }
        let found = InlineStructureCheck.protectedPieces(of: source, dialect: dialect)
        pieces[key] = found
        return found
    }

    func footnoteReferences(in source: String) -> [String] {
        let key = MessageText(source)
        if let known = footnotes[key] { return known }
        let found = TranslationChecks.footnoteReferences(in: source)
        footnotes[key] = found
        return found
    }

    /// The source's emphasis, and whether it has ICU `plural`/`select` branches (which exempt it from the count).
    func emphasis(of source: String) -> (counts: InlineEmphasis, hasICUBranches: Bool) {
        let key = MessageText(source)
        if let known = emphasis[key] { return known }
        let found = (InlineEmphasis(source), TranslationChecks.hasICUBranches(source))
        emphasis[key] = found
        return found
    }
}

/// A translation with its plain-CommonMark inline markup (`InlineMarkup` without a dialect), scanned
/// at most once, by the first check that reads it: the structure check's reference labels, the
/// footnote references and the emphasis count all read the same scan.
final class ScannedText {
    let text: String
    private(set) lazy var plainMarkup = InlineMarkup(text)

    init(_ text: String) { self.text = text }
}
