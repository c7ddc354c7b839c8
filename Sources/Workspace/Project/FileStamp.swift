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
        return FileStamp(size: Int64(status.st_size),
                         modified: Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec),
                         inode: UInt64(status.st_ino))
    }
}
