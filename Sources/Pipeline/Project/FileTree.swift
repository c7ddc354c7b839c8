import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// File-system chores: listing a tree, reading, and writing atomically (temp file + rename), so a
/// crash or a full disk leaves the old file, never half of a new one.
public enum FileTree {
    /// Regular files under `folder`, relative and `/`-separated, sorted; hidden files and symbolic
    /// links that point outside the folder are skipped. Walks with `readdir`, using the entry type it
    /// reports, so listing 50,000 files costs no `stat` per file.
    public static func files(under folder: URL) throws -> [String] {
        let base = folder.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ProjectError.unreadable(path: folder.path, reason: "not a folder")
        }
        let resolvedBase = folder.standardizedFileURL.resolvingSymlinksInPath().path
        var paths: [String] = []
        var pending: [String] = [""]
        var visited = 0
        while let relative = pending.popLast() {
            visited += 1
            guard visited <= 1_000_000 else { throw ProjectError.unreadable(path: base, reason: "more than a million folders (a link loop?)") }
            let absolute = relative.isEmpty ? base : base + "/" + relative
            guard let directory = opendir(absolute) else {
                if errno == ENOENT, !relative.isEmpty { continue }  // removed while it was being listed
                // An unreadable folder is an error, never an empty one: a build would remove its pages.
                throw ProjectError.unreadable(path: absolute, reason: String(cString: strerror(errno)))
            }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                guard !name.hasPrefix(".") else { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) {
                    var status = stat()
                    guard lstat(base + "/" + path, &status) == 0 else {
                        if errno == ENOENT { continue }
                        throw ProjectError.unreadable(path: base + "/" + path, reason: String(cString: strerror(errno)))
                    }
                    type = status.st_mode & S_IFMT == S_IFDIR ? Int32(DT_DIR) : status.st_mode & S_IFMT == S_IFLNK ? Int32(DT_LNK) : status.st_mode & S_IFMT == S_IFREG ? Int32(DT_REG) : -1
                }
                switch type {
                case Int32(DT_DIR): pending.append(path)
                case Int32(DT_REG): paths.append(path)
                case Int32(DT_LNK):
                    // Only a link needs resolving: does it point inside the folder, at a file?
                    let resolved = URL(fileURLWithPath: base + "/" + path).resolvingSymlinksInPath().path
                    var status = stat()
                    guard resolved.hasPrefix(resolvedBase + "/"), stat(resolved, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
                    paths.append(path)
                default: continue
                }
            }
        }
        return paths.sorted()
    }

    /// The file's bytes; nil when it does not exist.
    public static func readIfPresent(_ url: URL) throws -> [UInt8]? { try readIfPresent(atPath: url.path) }

    public static func readIfPresent(atPath path: String) throws -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw ProjectError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ProjectError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw ProjectError.unreadable(path: path, reason: "not a regular file") }
        // One byte more than the size, so the read that finds the end needs no second buffer.
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
            let count = bytes.withUnsafeMutableBytes { buffer in Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ProjectError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    public static func read(_ url: URL) throws -> [UInt8] {
        guard let bytes = try readIfPresent(url) else { throw ProjectError.unreadable(path: url.path, reason: "no such file") }
        return bytes
    }

    /// Writes `bytes` unless the file already holds exactly them; returns whether it wrote. Pass the
    /// file's current bytes as `existing` when you have already read them.
    @discardableResult
    public static func writeIfChanged(_ bytes: [UInt8], to url: URL, existing: [UInt8]?? = .none) throws -> Bool {
        try writeIfChanged(bytes, toPath: url.path, existing: existing)
    }

    @discardableResult
    public static func writeIfChanged(_ bytes: [UInt8], toPath path: String, existing: [UInt8]?? = .none) throws -> Bool {
        let current = try existing ?? readIfPresent(atPath: path)
        if let current, current == bytes { return false }
        try writeAtomically(bytes, toPath: path)
        return true
    }

    /// Writes a temporary file next to `url` and renames it over `url`, creating missing folders: a
    /// crash or a full disk leaves the old file or the new one, never half of one. (No fsync: like
    /// git, tolk leaves durability to the file system, and every file it writes can be written again.)
    public static func writeAtomically(_ bytes: [UInt8], to url: URL) throws { try writeAtomically(bytes, toPath: url.path) }

    public static func writeAtomically(_ bytes: [UInt8], toPath path: String) throws {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = folder + "/.\(name).tolk-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if descriptor < 0 && errno == ENOENT {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else { throw ProjectError.unwritable(path: path, reason: "cannot create a file in \(folder): \(String(cString: strerror(errno)))") }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw ProjectError.unwritable(path: path, reason: reason)
            }
            written += count
        }
        guard close(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ProjectError.unwritable(path: path, reason: reason)
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ProjectError.unwritable(path: path, reason: "cannot replace the file: \(reason)")
        }
    }
}
