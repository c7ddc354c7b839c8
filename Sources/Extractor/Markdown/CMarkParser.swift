import CMarkGFM
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Serializes the part of a cmark-gfm parse that touches its process-wide state.
private let parseLock = Mutex<Void>(())

/// cmark-gfm's core extensions, registered once per process. Registration appends to a global list
/// without synchronisation (a check-then-append), so parallel parses must never run it concurrently:
/// a Swift global is initialised exactly once, whichever thread asks first.
private let coreExtensionsRegistered: Bool = {
    cmark_gfm_core_extensions_ensure_registered()
    return true
}()

/// The one place tolk talks to cmark-gfm: parses Markdown and returns the block structure as Swift
/// values (no C pointer leaves this file). Walks with cmark's iterator, not recursion, so deeply
/// nested input cannot exhaust the stack.
struct CMarkParser {
    /// A block node and what merge needs to know about it.
    struct Block {
        enum Kind: Equatable {
            case paragraph, heading(level: Int), tableCell(row: Int, column: Int, isHeader: Bool)
            case htmlBlock(literal: String)
            case codeBlock
            case other
        }
        var kind: Kind
        /// A leaf block (paragraph, heading, code, HTML, thematic break, table): its lines are its own.
        var isLeaf = false
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
        /// How many block quotes contain this block.
        var quoteDepth: Int
        /// True when the block is the first paragraph of a task list item.
        var isTaskItemText: Bool
        /// Identifier of the top-level-or-nested sibling group, for author directives.
        var parentID: Int
        var nodeID: Int
        var ancestorIDs: [Int]
    }

    /// The GFM extensions tolk parses with: tables, ~~strikethrough~~, task lists and bare-URL autolinks.
    private static let extensionNames = ["table", "strikethrough", "tasklist", "autolink"]

    /// True when none of the extensions can read anything in `markdown`, so that a parse without them
    /// makes the same nodes: no `~` (strikethrough), no `|` (tables), no task-list box (`[ ]`, `[x]`,
    /// `[X]`), and nothing the autolink extension starts from — `@` (e-mail addresses), `://` (URLs),
    /// `www.`, `mailto:` or `xmpp:`, in any case. Most messages that hold `*` or `_` qualify.
    static func extensionsCannotMatter(_ markdown: [UInt8]) -> Bool {
        for (index, byte) in markdown.enumerated() {
            switch byte {
            case UInt8(ascii: "~"), UInt8(ascii: "|"), UInt8(ascii: "@"): return false
            case UInt8(ascii: ":"): if markdown.hasASCII("://", at: index, ignoringCase: true) { return false }
            case UInt8(ascii: "["): if markdown.hasASCII("[ ]", at: index, ignoringCase: true) || markdown.hasASCII("[x]", at: index, ignoringCase: true) { return false }
            case UInt8(ascii: "w"), UInt8(ascii: "W"): if markdown.hasASCII("www.", at: index, ignoringCase: true) { return false }
            case UInt8(ascii: "m"), UInt8(ascii: "M"): if markdown.hasASCII("mailto:", at: index, ignoringCase: true) { return false }
            case UInt8(ascii: "x"), UInt8(ascii: "X"): if markdown.hasASCII("xmpp:", at: index, ignoringCase: true) { return false }
            default: continue
            }
        }
        return true
    }

    /// Parses `markdown` and hands the document to `body`; the tree is freed afterwards.
    /// - Parameter withExtensions: false only where `extensionsCannotMatter(markdown)`: a parse without
    ///   extensions adds and removes no special characters, so it runs outside the lock.
    private static func withDocument<Result>(_ markdown: [UInt8], options: Int32, withExtensions: Bool = true,
                                             _ body: (_ document: OpaquePointer, _ extensions: UnsafeMutablePointer<cmark_llist>?) -> Result?) -> Result? {
        guard coreExtensionsRegistered, let parser = cmark_parser_new(options) else { return nil }
        defer { cmark_parser_free(parser) }
        if withExtensions {
            for name in extensionNames {
                if let syntaxExtension = cmark_find_syntax_extension(name) {
                    cmark_parser_attach_syntax_extension(parser, syntaxExtension)
                }
            }
        }
        markdown.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        // cmark-gfm keeps the inline parser's table of special characters in a global that every
        // parse with extensions sets and clears as it finishes (github/cmark-gfm#176): such parses
        // must not overlap there. A parse without extensions writes nothing there; what it reads may
        // change under it only for the extensions' characters, which its text does not hold.
        nonisolated(unsafe) var finished: OpaquePointer?
        if withExtensions { parseLock.withLock { _ in finished = cmark_parser_finish(parser) } } else { finished = cmark_parser_finish(parser) }
        guard let document = finished else { return nil }
        defer { cmark_node_free(document) }
        return body(document, cmark_parser_get_syntax_extensions(parser))
    }

    /// cmark-gfm's HTML for `markdown`, with the same extensions extraction uses. Raw HTML is kept
    /// (`unsafe`) so that structure checks see it.
    static func html(of markdown: [UInt8], keepRawHTML: Bool) -> String {
        String(decoding: htmlBytes(of: markdown, keepRawHTML: keepRawHTML), as: UTF8.self)
    }

    /// The same as UTF-8 bytes, as cmark-gfm wrote them (for a caller that works on bytes and makes one `String` at the end).
    static func htmlBytes(of markdown: [UInt8], keepRawHTML: Bool) -> [UInt8] {
        let options = CMARK_OPT_FOOTNOTES | (keepRawHTML ? CMARK_OPT_UNSAFE : 0)
        return withDocument(markdown, options: options) { document, extensions in
            guard let rendered = cmark_render_html(document, options, extensions) else { return [] }
            defer { free(rendered) }
            return rendered.withMemoryRebound(to: UInt8.self, capacity: 1) { Array(UnsafeBufferPointer(start: $0, count: strlen(rendered))) }
        } ?? []
    }

    /// An emphasis, strong emphasis or strikethrough node of a parse, with the byte that opened it
    /// (`*`, `_` or `~`), read at the node's source position.
    struct EmphasisNode: Equatable {
        enum Kind: Equatable { case emphasis, strong, strikethrough }
        var kind: Kind
        var delimiter: UInt8
    }

    /// Every emphasis, strong and strikethrough node of `markdown`, in document order, including those
    /// in image descriptions (which the HTML renderer flattens to text).
    static func emphasisNodes(of markdown: [UInt8]) -> [EmphasisNode] {
        emphasisNodes(of: markdown, withExtensions: !extensionsCannotMatter(markdown))
    }

    /// The same, with or without the extensions (tests compare the two).
    static func emphasisNodes(of markdown: [UInt8], withExtensions: Bool) -> [EmphasisNode] {
        let lineStarts = LineIndex.lineStarts(of: markdown)
        return withDocument(markdown, options: CMARK_OPT_FOOTNOTES, withExtensions: withExtensions) { document, _ in
            guard let iterator = cmark_iter_new(document) else { return [] }
            defer { cmark_iter_free(iterator) }
            var nodes: [EmphasisNode] = []
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                let kind: EmphasisNode.Kind
                if type == CMARK_NODE_EMPH {
                    kind = .emphasis
                } else if type == CMARK_NODE_STRONG {
                    kind = .strong
                } else if (Int(type.rawValue) & Int(CMARK_NODE_TYPE_MASK)) == Int(CMARK_NODE_TYPE_INLINE),
                          cmark_node_get_type_string(node).map({ String(cString: $0) }) == "strikethrough" {
                    kind = .strikethrough
                } else {
                    continue
                }
                // Inline source positions are 1-based lines and byte columns of the opening delimiter.
                let line = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
                var delimiter: UInt8 = kind == .strikethrough ? UInt8(ascii: "~") : 0
                if lineStarts.indices.contains(line - 1), column > 0 {
                    let offset = lineStarts[line - 1] + column - 1
                    if markdown.indices.contains(offset) { delimiter = markdown[offset] }
                }
                nodes.append(EmphasisNode(kind: kind, delimiter: delimiter))
            }
            return nodes
        } ?? []
    }

    /// How deep blocks may nest (lists, list items, quotes, footnotes) and still be extracted. Real pages
    /// nest a handful of levels; the blocks of a deeper subtree are kept in the source language and
    /// reported, so hostile input costs time and memory linear in its size, never quadratic.
    static let maximumNestingDepth = 100

    /// The block structure of `markdown`; `tooDeepLine` is the first line of a subtree nested deeper
    /// than `maximumNestingDepth`, whose blocks are left out.
    struct Structure {
        var blocks: [Block] = []
        var tooDeepLine: Int?
    }

    static func blocks(of markdown: [UInt8]) -> [Block] { structure(of: markdown).blocks }

    static func structure(of markdown: [UInt8]) -> Structure {
        withDocument(markdown, options: CMARK_OPT_FOOTNOTES) { document, _ in walk(document) } ?? Structure()
    }

    private static func walk(_ document: OpaquePointer) -> Structure {
        var structure = Structure()
        /// How many containers are open around the current node (the document counts as one).
        var depth = 0

        var ids: [OpaquePointer: Int] = [:]
        func id(_ node: OpaquePointer?) -> Int {
            guard let node else { return 0 }
            if let existing = ids[node] { return existing }
            let next = ids.count + 1
            ids[node] = next
            return next
        }
        var quoteDepth = 0
        var rowIndex = 0
        var cellIndex = 0
        var ancestors: [Int] = []
        guard let iterator = cmark_iter_new(document) else { return structure }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let typeName = cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
            let isInline = (Int(type.rawValue) & Int(CMARK_NODE_TYPE_MASK)) == Int(CMARK_NODE_TYPE_INLINE)
            if isInline { continue }
            if event == CMARK_EVENT_EXIT {
                if depth <= maximumNestingDepth {
                    if type == CMARK_NODE_BLOCK_QUOTE { quoteDepth -= 1 }
                    if !ancestors.isEmpty { ancestors.removeLast() }
                }
                depth -= 1
                continue
            }
            // ENTER
            let hasChildren = !(type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_THEMATIC_BREAK)
            // Leaf blocks have no EXIT event in cmark's iterator.
            if hasChildren { depth += 1 }
            if depth > maximumNestingDepth || (!hasChildren && depth >= maximumNestingDepth) {
                if structure.tooDeepLine == nil { structure.tooDeepLine = Int(cmark_node_get_start_line(node)) }
                continue
            }
            let nodeID = id(node)
            let parentID = id(cmark_node_parent(node))
            var kind = Block.Kind.other
            switch type {
            case CMARK_NODE_PARAGRAPH:
                kind = .paragraph
            case CMARK_NODE_HEADING:
                kind = .heading(level: Int(cmark_node_get_heading_level(node)))
            case CMARK_NODE_HTML_BLOCK:
                kind = .htmlBlock(literal: cmark_node_get_literal(node).map { String(cString: $0) } ?? "")
            case CMARK_NODE_CODE_BLOCK:
                kind = .codeBlock
            default:
                switch typeName {
                case "table": rowIndex = 0
                case "table_header", "table_row":
                    rowIndex += 1
                    cellIndex = 0
                case "table_cell":
                    cellIndex += 1
                    let rowType = cmark_node_get_type_string(cmark_node_parent(node)).map { String(cString: $0) } ?? ""
                    kind = .tableCell(row: rowIndex, column: cellIndex, isHeader: rowType == "table_header")
                default: break
                }
            }
            var isTaskText = false
            if kind == .paragraph, let parent = cmark_node_parent(node),
               cmark_node_get_type_string(parent).map({ String(cString: $0) }) == "tasklist",
               cmark_node_first_child(parent) == node {
                isTaskText = true
            }
            let isLeaf = !hasChildren || type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || typeName == "table"
            structure.blocks.append(Block(
                kind: kind, isLeaf: isLeaf,
                startLine: Int(cmark_node_get_start_line(node)), startColumn: Int(cmark_node_get_start_column(node)),
                endLine: Int(cmark_node_get_end_line(node)), endColumn: Int(cmark_node_get_end_column(node)),
                quoteDepth: quoteDepth, isTaskItemText: isTaskText, parentID: parentID, nodeID: nodeID, ancestorIDs: ancestors))
            if type == CMARK_NODE_BLOCK_QUOTE { quoteDepth += 1 }
            if hasChildren { ancestors.append(nodeID) }
        }
        return structure
    }
}
