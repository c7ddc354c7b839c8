import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The project's one lock: an advisory `flock` on `.tolk/lock`, held by every command that writes
/// catalogs or output trees (sync, import, build, fmt) for as long as it runs, so two of them never
/// interleave their reads and writes (a sync during an import would write back catalogs the import
/// had just changed, without its translations). The kernel drops the lock when the process ends, so a
/// crash or `kill -9` never leaves it behind.
///
/// A command that finds the lock taken waits for it, saying once who holds it: scripts and hooks that
/// start two commands at once are serialised instead of failing. After `timeout` it gives up with
/// exit status 2. The holder's pid and command are written into the lock file, for that message.
///
/// The stages that write take a `ProjectLock` as an argument, so none can run without holding it.
public final class ProjectLock {
    private let descriptor: Int32
    /// Set when the previous holder ended without releasing the lock (killed): its temporary files were swept.
    public private(set) var sweptStrayFiles = 0

    /// Takes the lock of `project` for `command` (`"tolk sync"`), waiting at most `timeout` seconds;
    /// `notice` is called once if it has to wait, with a sentence naming the holder.
    public init(project: Project, command: String, timeout: TimeInterval = 300, notice: ((String) -> Void)? = nil) throws(ProjectLockError) {
        let folder = project.stateFolder
        let path = folder.appendingPathComponent("lock").path
        let display = project.displayPath(URL(fileURLWithPath: path))
        do {
            try ToolFolder.prepare(in: project)
        } catch {
            throw .cannotLock(display, reason: "\(error)")
        }
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotLock(display, reason: String(cString: strerror(errno))) }
        let deadline = Date().addingTimeInterval(timeout)
        var noticed = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .cannotLock(display, reason: reason)
            }
            let holder = Self.holder(descriptor)
            guard Date() < deadline else {
                close(descriptor)
                throw .busy(display, holder: holder, seconds: Int(timeout.rounded()))
            }
            if !noticed {
                noticed = true
                notice?("waiting for \(holder ?? "another tolk command") to finish with this project (\(display))…")
            }
            usleep(50_000)
        }
        // A holder that ended without emptying the file was killed mid-write: sweep its temporary files.
        if let previous = Self.holder(descriptor), !previous.isEmpty {
            sweptStrayFiles = StrayFiles.sweep(in: [project.catalogsFolder, project.outputFolder, project.previewFolder, folder])
        }
        let record = "pid \(getpid()): \(command)\n"
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, record, record.utf8.count, 0)
    }

    /// The holder's record (`pid 1234: tolk sync`), or nil when the file is empty.
    private static func holder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

public enum ProjectLockError: Error, CustomStringConvertible {
    case busy(String, holder: String?, seconds: Int)
    case cannotLock(String, reason: String)

    public var description: String {
        switch self {
        case .busy(let path, let holder, let seconds):
            return "\(path): error: the project is locked by \(holder ?? "another tolk command")\(seconds > 0 ? " and stayed locked for \(seconds) s" : "") (run this command again when it has finished)"
        case .cannotLock(let path, let reason):
            return "\(path): error: cannot take the project lock: \(reason) (check that the folder is writable)"
        }
    }
}

/// Temporary files that `FileTree.writeAtomically` leaves when its process is killed between creating
/// and renaming them (`.name.tolk-PID-RANDOM`): removed when their process is gone.
package enum StrayFiles {
    /// Removes such files under `folders` (recursively) whose process no longer runs; returns how many.
    static func sweep(in folders: [URL]) -> Int {
        var removed = 0
        var seen = Set<String>()
        for folder in folders {
            let base = folder.standardizedFileURL.path
            guard seen.insert(base).inserted else { continue }
            removed += sweep(base, depth: 0)
        }
        return removed
    }

    private static func sweep(_ path: String, depth: Int) -> Int {
        guard depth < 64, let directory = opendir(path) else { return 0 }
        defer { closedir(directory) }
        var removed = 0
        var subfolders: [String] = []
        while let entry = readdir(directory) {
            let name = FileTree.name(of: entry)
            guard name != ".", name != ".." else { continue }
            let full = path + "/" + name
            if entry.pointee.d_type == UInt8(DT_DIR) {
                subfolders.append(full)
            } else if let pid = temporaryFileOwner(name), !isRunning(pid), unlink(full) == 0 {
                removed += 1
            }
        }
        for folder in subfolders { removed += sweep(folder, depth: depth + 1) }
        return removed
    }

    /// The pid in a name of the form `.anything.tolk-PID-DIGITS`, or nil.
    static func temporaryFileOwner(_ name: String) -> Int32? {
        guard name.hasPrefix("."), let marker = name.range(of: ".tolk-", options: .backwards) else { return nil }
        let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        return Int32(parts[0])
    }

    /// Whether process `pid` exists (this one, or one we may not signal, counts).
    package static func isRunning(_ pid: Int32) -> Bool {
        pid == getpid() || kill(pid, 0) == 0 || errno == EPERM
    }
}
