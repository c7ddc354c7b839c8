import Foundation
import Workspace
#if canImport(Glibc)
import Glibc
#endif

/// A locale's output tree rebuilt beside the live one and swapped in, so a build that is killed or
/// fails leaves the previous tree as it was, and readers never see a half-written one.
///
/// Outputs that did not change are hard links to the live tree's files (no copying; a file system
/// without hard links gets copies). The swap is one `renameat2(RENAME_EXCHANGE)` on Linux, atomic;
/// elsewhere two renames. The retired tree is removed afterwards.
package struct TreeSwap {
    package let live: URL
    let staging: URL

    package init(live: URL) {
        self.live = live
        let parent = live.deletingLastPathComponent()
        staging = parent.appendingPathComponent(".\(live.lastPathComponent).tolk-staging-\(getpid())")
    }

    /// Whether `name` is a staging or retired tree's (of this build or another).
    static func isStagingOrRetired(_ name: String) -> Bool {
        name.hasPrefix(".") && (name.contains(".tolk-staging-") || name.contains(".tolk-retired-"))
    }

    /// Removes staging and retired trees left by builds that were killed (their process is gone).
    package static func removeLeftovers(in folder: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where isStagingOrRetired(name) {
            guard let pid = Int32(name.split(separator: "-").last ?? ""), pid != getpid() else { continue }
            if !StrayFiles.isRunning(pid) { try? FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
        }
    }

    package func prepare() throws {
        try? FileManager.default.removeItem(at: staging)
        try FileTree.createFolder(staging.path)
    }

    /// Puts the live tree's `path` into the staging tree unchanged; false when the live file is gone.
    func keep(_ path: String) throws -> Bool {
        let from = live.path + "/" + path
        let to = stagingPath + "/" + path
        if link(from, to) == 0 { return true }
        if errno == ENOENT {
            if access(from, F_OK) != 0 { return false }
            try FileTree.createFolder((to as NSString).deletingLastPathComponent)
            if link(from, to) == 0 { return true }
        }
        // No hard links here (another file system, or not allowed): copy.
        guard let bytes = try FileTree.readIfPresent(atPath: from) else { return false }
        try FileTree.writeAtomically(bytes, toPath: to)
        return true
    }

    /// Writes a new file into the staging tree (no temporary file: nothing reads the staging tree until it is swapped in).
    package func write(_ bytes: [UInt8], to path: String) throws {
        let full = stagingPath + "/" + path
        var descriptor = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 && errno == ENOENT {
            try FileTree.createFolder((full as NSString).deletingLastPathComponent)
            descriptor = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else { throw ProjectError.unwritable(path: full, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ProjectError.unwritable(path: full, reason: String(cString: strerror(errno)))
            }
            written += count
        }
    }

    private var stagingPath: String { staging.path }

    /// The staging tree becomes the live tree.
    package func commit() throws {
        do {
            try swapIn()
        } catch let error as ProjectError {
            throw error
        } catch {
            throw ProjectError.unwritable(path: live.path, reason: "cannot put the new tree in place: \(FileTree.reason(error))")
        }
    }

    private func swapIn() throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: live.path) {
            if Self.exchange(staging.path, live.path) {
                try? manager.removeItem(at: staging)   // now holds the previous tree
                return
            }
            let retired = live.deletingLastPathComponent().appendingPathComponent(".\(live.lastPathComponent).tolk-retired-\(getpid())")
            try manager.moveItem(at: live, to: retired)
            try manager.moveItem(at: staging, to: live)
            try? manager.removeItem(at: retired)
        } else {
            try manager.createDirectory(at: live.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.moveItem(at: staging, to: live)
        }
    }

    package func abandon() { try? FileManager.default.removeItem(at: staging) }

    /// Atomically exchanges two paths with `renameat2(…, RENAME_EXCHANGE)` (Linux 3.15+, glibc 2.28+,
    /// looked up at run time since Swift's Glibc module does not declare it); false when unavailable.
    private static func exchange(_ a: String, _ b: String) -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = renameat2Symbol else { return false }
        let function = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 1 << 1
        return function(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
    }

    private nonisolated(unsafe) static let renameat2Symbol: UnsafeMutableRawPointer? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2")
}
