import Testing
import Foundation
@testable import Extractor

@Test func dumpUnits() throws {
    guard let path = ProcessInfo.processInfo.environment["TOLK_DUMP"] else { return }
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    let source = MarkdownPageSource(translatableKeys: [KeyPattern("title"), KeyPattern("summary"), KeyPattern("tags")])
    let (document, diagnostics) = source.extract(path: path, bytes: bytes)
    for unit in document.units {
        print("[\(unit.line)] \(unit.kind) ctx=\(unit.context ?? "-") :: \(unit.text) || span=\(String(decoding: bytes[unit.span], as: UTF8.self).debugDescription)")
    }
    print(diagnostics)
}
