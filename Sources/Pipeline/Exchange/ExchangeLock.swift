import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An advisory `flock` on `.tolk/lock`, held while an import reads and rewrites catalogs, so two imports
/// (or an import started twice by a script) cannot interleave their writes. The kernel drops the lock
/// when the process ends, so a crash never leaves it behind.
final class ExchangeLock {
    private let descriptor: Int32

    init(project: Project) throws {
        let folder = project.root.appendingPathComponent(".tolk")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let ignore = folder.appendingPathComponent(".gitignore")
        if !FileManager.default.fileExists(atPath: ignore.path) { try? Data("*\n".utf8).write(to: ignore) }
        let path = folder.appendingPathComponent("lock").path
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ExchangeError.cannotLock(path, reason: String(cString: strerror(errno))) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw busy ? ExchangeError.importInProgress(path) : ExchangeError.cannotLock(path, reason: reason)
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
