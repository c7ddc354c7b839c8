import Foundation
@testable import Workspace

/// A project folder of its own under the temporary directory: the smallest `tolk.yaml` and an empty
/// content folder, for the tests of what tolk keeps in `.tolk/` (its caches).
struct TemporaryProject {
    let root: URL
    let project: Project

    /// - Parameter name: a word for the folder's name (`tolk-NAME-UUID`), to tell leftovers apart.
    init(_ name: String, config: String = "source: en\nlocales: [ru, de]\n") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content/posts"), withIntermediateDirectories: true)
        try Data(config.utf8).write(to: root.appendingPathComponent("tolk.yaml"))
        project = try Project(root: root)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
