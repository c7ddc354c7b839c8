import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file mapped read-only into memory: only the pages read are loaded, so a large table of which a
/// run probes a few slots costs what it probes, not its size. The mapping is private and never
/// written, and tolk replaces its own files by renaming a new one over them (the old mapping keeps
/// the old file), so the bytes do not change under a reader.
///
/// ```swift
/// if let file = try MappedFile(path: ".tolk/verdicts") { file.bytes.count }
/// ```
package final class MappedFile: @unchecked Sendable {
    // Unchecked: the mapping is read-only and never changes after `init`, so reading it from any
    // thread is safe; it is unmapped only when the last reference goes.
    package let bytes: UnsafeRawBufferPointer

    /// nil when there is no file at `path`; throws when it cannot be read or mapped.
    package init?(path: String) throws {
        guard let (descriptor, size) = try FileTree.openRegularFile(path) else { return nil }
        defer { close(descriptor) }
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw ProjectError.unreadable(path: path, reason: "cannot map the file: " + String(cString: strerror(errno)))
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let start = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: start), bytes.count) }
    }
}
