import Foundation

/// `.tolk/`: tolk's caches and state, local to a checkout. It ignores itself in git (`.gitignore` of `*`).
package enum ToolFolder {
    package static func prepare(in project: Project) throws {
        let folder = project.stateFolder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let ignore = folder.appendingPathComponent(".gitignore")
        if (try? FileTree.readIfPresent(ignore)) == nil {
            try FileTree.writeAtomically(Array("# tolk's caches and build state: local to this checkout.\n*\n".utf8), to: ignore)
        }
    }
}
