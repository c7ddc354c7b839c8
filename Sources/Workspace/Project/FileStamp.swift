import Core
import Glibc

/// What `stat` says of a file that changes when its bytes may have: size, modification time in
/// nanoseconds and inode. The caches (sync, status) and the build state keep one per file they read
/// or wrote, and read the file again only when its stamp changed.
package struct FileStamp: Equatable, Sendable {
    package var size: Int64
    package var modified: Int64
    package var inode: UInt64

    package init(size: Int64, modified: Int64, inode: UInt64) {
        self.size = size
        self.modified = modified
        self.inode = inode
    }

    package static func of(path: String) -> FileStamp? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return FileStamp(status)
    }

    /// The stamp of the file open at `descriptor` (`fstat`: no path to look up).
    package static func of(descriptor: Int32) -> FileStamp? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        return FileStamp(status)
    }

    package init(_ status: stat) {
        self.init(size: Int64(status.st_size),
                  modified: Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec),
                  inode: UInt64(status.st_ino))
    }

    /// The stamps of `paths` (relative to `root`, which ends with `/`), in their order, as `of(path:)`
    /// gives them: each folder opened once and its files stat'ed by name (`fstatat`), on all cores.
    /// The kernel then looks up one name per file instead of every folder of its path again (a build
    /// stats 110,000 files, and the path lookups were half of that). A folder that cannot be opened
    /// has its files stat'ed by path.
    package static func of(paths: [String], under root: String) -> [FileStamp?] {
        // Positions by folder, in chunks (a site may keep every page in one folder), each chunk one task.
        var chunks: [(folder: String, positions: [Int])] = []
        var chunkOfFolder: [String: Int] = [:]
        for (index, path) in paths.enumerated() {
            let folder = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[...$0]) } ?? ""
            if let chunk = chunkOfFolder[folder], chunks[chunk].positions.count < 1_024 {
                chunks[chunk].positions.append(index)
            } else {
                chunkOfFolder[folder] = chunks.count
                chunks.append((folder, [index]))
            }
        }
        let stamped = chunks.parallelMap { chunk -> [FileStamp?] in
            let descriptor = open(root + chunk.folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            defer { if descriptor >= 0 { close(descriptor) } }
            let nameStart = chunk.folder.utf8.count
            return chunk.positions.map { index in
                guard descriptor >= 0 else { return of(path: root + paths[index]) }
                var status = stat()
                let name = String(Substring(paths[index].utf8.dropFirst(nameStart)))
                return fstatat(descriptor, name, &status, 0) == 0 ? FileStamp(status) : nil
            }
        }
        var stamps = [FileStamp?](repeating: nil, count: paths.count)
        for (chunk, chunkStamps) in zip(chunks, stamped) {
            for (index, stamp) in zip(chunk.positions, chunkStamps) { stamps[index] = stamp }
        }
        return stamps
    }
}
