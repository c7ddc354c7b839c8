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
        // A path in the folder of the one before it (a listing's order) joins its chunk without a
        // `String` for its folder or a lookup: comparing the bytes is enough.
        var previous: (path: String, folderLength: Int, chunk: Int)?
        for (index, path) in paths.enumerated() {
            let folderLength = Self.folderLength(of: path)
            if let (previousPath, previousLength, chunk) = previous, previousLength == folderLength, chunks[chunk].positions.count < 1_024,
               Self.haveSamePrefix(path, previousPath, length: folderLength) {
                chunks[chunk].positions.append(index)
                continue
            }
            let folder = String(decoding: path.utf8.prefix(folderLength), as: UTF8.self)
            let chunk: Int
            if let known = chunkOfFolder[folder], chunks[known].positions.count < 1_024 {
                chunk = known
                chunks[chunk].positions.append(index)
            } else {
                chunk = chunks.count
                chunkOfFolder[folder] = chunk
                chunks.append((folder, [index]))
            }
            previous = (path, folderLength, chunk)
        }
        let stamped = chunks.parallelMap { chunk -> [FileStamp?] in
            let descriptor = open(root + chunk.folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            defer { if descriptor >= 0 { close(descriptor) } }
            let nameStart = chunk.folder.utf8.count
            // Each name is copied into one buffer with its terminating NUL: no `String` and no C string made per file.
            var name = [CChar](repeating: 0, count: 256)
            return chunk.positions.map { index in
                guard descriptor >= 0 else { return of(path: root + paths[index]) }
                var status = stat()
                var path = paths[index]
                let found = path.withUTF8 { bytes -> Bool in
                    let count = bytes.count - nameStart
                    if name.count <= count { name = [CChar](repeating: 0, count: count + 1) }
                    return name.withUnsafeMutableBufferPointer { buffer in
                        bytes.baseAddress.map { _ = memcpy(buffer.baseAddress!, $0 + nameStart, count) }
                        buffer[count] = 0
                        return fstatat(descriptor, buffer.baseAddress!, &status, 0) == 0
                    }
                }
                return found ? FileStamp(status) : nil
            }
        }
        var stamps = [FileStamp?](repeating: nil, count: paths.count)
        for (chunk, chunkStamps) in zip(chunks, stamped) {
            for (index, stamp) in zip(chunk.positions, chunkStamps) { stamps[index] = stamp }
        }
        return stamps
    }

    /// The bytes of `path` up to and including its last `/` (0 when it has none).
    private static func folderLength(of path: String) -> Int {
        var path = path
        return path.withUTF8 { bytes in (bytes.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1 }
    }

    /// Whether the first `length` bytes of both paths are the same (both have at least that many).
    private static func haveSamePrefix(_ first: String, _ second: String, length: Int) -> Bool {
        var first = first, second = second
        return first.withUTF8 { left in
            second.withUTF8 { right in
                left.count >= length && right.count >= length
                    && UnsafeBufferPointer(rebasing: left.prefix(length)).elementsHaveSameBytes(as: UnsafeBufferPointer(rebasing: right.prefix(length)))
            }
        }
    }
}
