import Foundation
import Synchronization
import Workspace
#if canImport(Glibc)
import Glibc
#endif

/// A live output tree changed in place, for a build that changes few of its files (`BuildPlanner.OutputPlan.patchable`):
/// relinking every unchanged file into a new tree would cost far more than the change.
///
/// - Each new file is written beside its destination under a temporary name; nothing in the tree
///   changes until every file of the build is written, so a build that fails leaves the tree as it was.
/// - `commit` renames them into place, then removes the files the build no longer writes, any other
///   file in the tree, and folders left empty: the tree ends as a swap would leave it. No reader sees
///   a half-written file, and a link never points at a page not yet there.
///   Unlike a swap, a reader may see some pages new and others old for the moment the renames take.
/// - The trees being patched are listed in `.tolk/unfinished-trees` until the patch is done. A build
///   killed in between leaves them listed, and the next build rebuilds them whole and swaps them in,
///   which sweeps its temporary files and the files it meant to remove.
package final class TreePatch: Sendable {
    package let live: URL
    private let staged = Mutex<[(temporary: String, destination: String)]>([])

    package init(live: URL) { self.live = live }

    /// Writes a new version of `path` (relative to the tree) beside it.
    package func write(_ bytes: [UInt8], to path: String) throws {
        let destination = live.path + "/" + path
        let temporary = try FileTree.writeTemporary(bytes, besides: destination)
        staged.withLock { $0.append((temporary, destination)) }
    }

    /// Puts every written file in place, then removes every file of the tree not in `expected` (paths
    /// relative to it: the files kept, written and copied) and the folders left empty, so the tree ends
    /// as a swap would leave it: the outputs of posts gone and files put there by hand disappear.
    package func commit(keeping expected: Set<String>) throws {
        let files = staged.withLock { files in defer { files = [] }; return files }
        for (index, file) in files.enumerated() where rename(file.temporary, file.destination) != 0 {
            let reason = String(cString: strerror(errno))
            for rest in files[index...] { unlink(rest.temporary) }
            throw ProjectError.unwritable(path: file.destination, reason: "cannot replace the file: \(reason)")
        }
        try removeAll(but: expected)
    }

    private func removeAll(but expected: Set<String>) throws {
        var folders: [String] = []   // each after its parent
        var pending = [""]
        while let relative = pending.popLast() {
            let absolute = relative.isEmpty ? live.path : live.path + "/" + relative
            guard let directory = opendir(absolute) else {
                if errno == ENOENT { continue }
                throw ProjectError.unreadable(path: absolute, reason: String(cString: strerror(errno)))
            }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = FileTree.name(of: entry)
                guard name != ".", name != ".." else { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                var isFolder = Int32(entry.pointee.d_type) == Int32(DT_DIR)
                if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                    var status = stat()
                    isFolder = lstat(live.path + "/" + path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
                }
                if isFolder {
                    folders.append(path)
                    pending.append(path)
                } else if !expected.contains(path), unlink(live.path + "/" + path) != 0, errno != ENOENT {
                    throw ProjectError.unwritable(path: live.path + "/" + path, reason: "cannot remove the file: \(String(cString: strerror(errno)))")
                }
            }
        }
        for folder in folders.reversed() { rmdir(live.path + "/" + folder) }   // only empty ones go
    }

    /// Removes every file written so far; the tree stays as it was.
    package func abandon() {
        let files = staged.withLock { files in defer { files = [] }; return files }
        for file in files { unlink(file.temporary) }
    }

    // MARK: Trees left unfinished

    static func unfinishedList(in project: Project) -> URL { project.root.appendingPathComponent(".tolk/unfinished-trees") }

    /// The trees (relative to the output folder, one per line) a killed build was patching.
    package static func unfinishedTrees(in project: Project) -> Set<String> {
        guard let bytes = try? FileTree.readIfPresent(unfinishedList(in: project)) else { return [] }
        return Set(String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init))
    }

    /// Records the trees being patched (each followed by a line break; the empty tree is the output folder itself), or clears the record.
    package static func recordUnfinished(_ trees: Set<String>, in project: Project) throws {
        let url = unfinishedList(in: project)
        if trees.isEmpty {
            guard unlink(url.path) == 0 || errno == ENOENT else {
                throw ProjectError.unwritable(path: url.path, reason: String(cString: strerror(errno)))
            }
            return
        }
        try ToolFolder.prepare(in: project)
        try FileTree.writeAtomically(Array(trees.sorted().map { $0 + "\n" }.joined().utf8), to: url)
    }
}
