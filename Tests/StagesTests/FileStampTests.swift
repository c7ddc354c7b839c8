import Foundation
import Testing
@testable import Workspace

/// `FileStamp.of(paths:under:)` (each folder opened once, its files stat'ed by name) gives what
/// `FileStamp.of(path:)` gives for each path: in order, nil for what is missing, through symbolic links.
@Suite struct FileStampTests {
    @Test func stampsByFolderAreTheStampsByPath() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-stamps-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let manager = FileManager.default
        for folder in ["content/posts", "locales/ru/posts", "locales/de", "контент/статьи"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        var paths: [String] = []
        // More files in one folder than one task stats (1,024), so that the folder is split.
        for number in 0..<1_100 { paths.append("content/posts/post-\(number).md") }
        paths += ["locales/ru/posts/a.po", "locales/de/b.po", "контент/статьи/почему.md", "top.md", "content/posts"]
        for (number, path) in paths.enumerated() where path != "content/posts" {
            try Data(String(repeating: "x", count: number % 17).utf8).write(to: root.appendingPathComponent(path))
        }
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("linked").path, withDestinationPath: root.appendingPathComponent("locales/ru").path)
        paths += ["linked/posts/a.po", "missing.md", "locales/fr/posts/a.po", "content/posts/missing.md", "locales/ru/posts/a.po"]
        let base = root.path + "/"
        let byFolder = FileStamp.of(paths: paths, under: base)
        let byPath = paths.map { FileStamp.of(path: base + $0) }
        #expect(byFolder == byPath)
        #expect(byFolder.filter { $0 == nil }.count == 3)
        #expect(byFolder[paths.firstIndex(of: "linked/posts/a.po")!] == byFolder[paths.firstIndex(of: "locales/ru/posts/a.po")!])
        #expect(byFolder[paths.firstIndex(of: "content/posts/post-16.md")!]?.size == 16)
        #expect(FileStamp.of(paths: [], under: base).isEmpty)
    }
}
