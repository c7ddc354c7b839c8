import Foundation
import Testing

/// Golden files of the end-to-end suites: an output compared with the file that holds what it should
/// be, or recorded into it when `TOLK_RECORD_GOLDENS` is set (the test then fails, asking for a review
/// of the diff and a run without it).
enum GoldenFiles {
    /// Compares `text` with `folder/name` (`folder` relative to `Tests/EndToEndTests/Fixtures`).
    static func expect(_ text: String, folder: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = TolkRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures").appendingPathComponent(folder).appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["TOLK_RECORD_GOLDENS"] != nil {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
            Issue.record("recorded Fixtures/\(folder)/\(name); review the diff and run again without TOLK_RECORD_GOLDENS", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its golden file; if the change is meant, record again with TOLK_RECORD_GOLDENS=1", sourceLocation: sourceLocation)
    }
}
