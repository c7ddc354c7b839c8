import Core
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
    /// The name of a `readdir` entry.
    package static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
        withUnsafeBytes(of: entry.pointee.d_name) { raw in String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self) }
    }

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
                let name = name(of: entry)
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

    /// Creates `path` and its missing parents; a failure is a write error naming the folder.
    ///
    /// `mkdir` first, the parents only when it says one is missing: a build or a preview creates a
    /// folder for nearly every page it writes, and Foundation's `createDirectory` stats each component
    /// of the path first.
    public static func createFolder(_ path: String) throws {
        if let error = makeFolder(path, depth: 0) {
            throw ProjectError.unwritable(path: path, reason: "cannot create the folder: \(String(cString: strerror(error)))")
        }
    }

    /// nil when `path` is a folder now; else the `errno` that stopped it. At most 256 levels.
    private static func makeFolder(_ path: String, depth: Int) -> Int32? {
        if mkdir(path, 0o777) == 0 { return nil }
        var error = errno
        if error == ENOENT, depth < 256 {
            var parent = path
            while parent.utf8.last == UInt8(ascii: "/") { parent.removeLast() }
            guard let slash = parent.utf8.lastIndex(of: UInt8(ascii: "/")) else { return error }
            parent = String(parent[..<slash])
            if !parent.isEmpty {
                if let failed = makeFolder(parent, depth: depth + 1) { return failed }
                if mkdir(path, 0o777) == 0 { return nil }
                error = errno
            }
        }
        // Made meanwhile by another thread, or there before: fine when it is a folder.
        var status = stat()
        if error == EEXIST, stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { return nil }
        return error
    }

    /// A file-system error in words (`Permission denied`), not Foundation's `NSCocoaErrorDomain Code=513`.
    public static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        switch error.code {
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return String(cString: strerror(EACCES))
        case NSFileWriteOutOfSpaceError: return String(cString: strerror(ENOSPC))
        case NSFileWriteVolumeReadOnlyError: return String(cString: strerror(EROFS))
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return String(cString: strerror(ENOENT))
        default: return error.localizedDescription
        }
    }

    /// Opens `path` for reading when it is a regular file, with its size; nil when it does not exist.
    /// Opens without blocking, so a FIFO or a device named by mistake is refused instead of waiting forever.
    package static func openRegularFile(_ path: String) throws -> (descriptor: Int32, size: Int)? {
        try openRegularFileWithStatus(path).map { ($0.descriptor, Int($0.status.st_size)) }
    }

    /// The same, with what `fstat` said of the file.
    private static func openRegularFileWithStatus(_ path: String) throws -> (descriptor: Int32, status: stat)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw ProjectError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw ProjectError.unreadable(path: path, reason: reason)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw ProjectError.unreadable(path: path, reason: status.st_mode & S_IFMT == S_IFDIR ? "a folder, not a file" : "not a regular file")
        }
        // O_NONBLOCK stays: it has no effect on a regular file (open(2)), and clearing it cost two calls per file.
        return (descriptor, status)
    }

    /// The file's bytes; nil when it does not exist.
    public static func readIfPresent(_ url: URL) throws -> [UInt8]? { try readIfPresent(atPath: url.path) }

    public static func readIfPresent(atPath path: String) throws -> [UInt8]? {
        guard let (descriptor, size) = try openRegularFile(path) else { return nil }
        defer { close(descriptor) }
        return try readWhole(descriptor, size: size, path: path)
    }

    /// The file's bytes with its stamp as it was opened and as it is once read (`fstat`: no path is
    /// looked up). They differ when the file was written to meanwhile: then the bytes may be of
    /// neither version. nil when the file does not exist.
    package static func readIfPresentStamped(atPath path: String) throws -> (bytes: [UInt8], opened: FileStamp, read: FileStamp?)? {
        guard let (descriptor, status) = try openRegularFileWithStatus(path) else { return nil }
        defer { close(descriptor) }
        let bytes = try readWhole(descriptor, size: Int(status.st_size), path: path)
        return (bytes, FileStamp(status), FileStamp.of(descriptor: descriptor))
    }

    /// The rest of the file open at `descriptor`, `size` bytes as `fstat` said, or more when it grew since.
    private static func readWhole(_ descriptor: Int32, size: Int, path: String) throws -> [UInt8] {
        // One byte more than the size, so the read that finds the end needs no second buffer; read
        // into uninitialized storage (zeroing it first was a pass over every byte for nothing).
        var bytes = try read(descriptor, upTo: size + 1, expected: size, path: path)
        if bytes.count == size + 1 {   // the file grew since fstat: the rest too
            var filled = bytes.count
            repeat {
                bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count)))
                let start = filled
                filled += try bytes.withUnsafeMutableBytes { buffer in
                    try fill(UnsafeMutableRawBufferPointer(rebasing: buffer[start...]), from: descriptor, path: path)
                }
            } while filled == bytes.count
            bytes.removeSubrange(filled...)
        }
        return bytes
    }

    /// The file's first bytes, at least `limit` of them when it has that many (for a reader that
    /// needs only a file's head, such as a page's front matter), and whether they are the whole
    /// file; nil when it does not exist.
    public static func readIfPresent(atPath path: String, upTo limit: Int) throws -> (bytes: [UInt8], isWhole: Bool)? {
        guard let (descriptor, size) = try openRegularFile(path) else { return nil }
        defer { close(descriptor) }
        // One byte more than asked for: a buffer the file fills is not the whole file.
        let count = min(size, limit) + 1
        var bytes = try read(descriptor, upTo: count, expected: size, path: path)
        let isWhole = bytes.count < count
        if !isWhole { bytes.removeLast() }
        return (bytes, isWhole)
    }

    /// The descriptor's next bytes, up to `count` of them (fewer when the file ends before); `expected`
    /// as `fill` takes it.
    private static func read(_ descriptor: Int32, upTo count: Int, expected: Int, path: String) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = try fill(UnsafeMutableRawBufferPointer(buffer), from: descriptor, expected: expected, path: path)
        }
    }

    /// Reads into `buffer` until it is full or the file ends; returns how many bytes it read.
    /// - Parameter expected: how many bytes the file has (as `fstat` said): a read that gives less than
    ///   asked once that many are in is at the end, and the 0 that would say so is not asked for. (A
    ///   read may give less than asked before the end too: at most about 2 GB are read at a time.)
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer, from descriptor: Int32, expected: Int? = nil, path: String) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let asked = buffer.count - filled
            let count = Glibc.read(descriptor, buffer.baseAddress! + filled, asked)
            if count < 0 {
                if errno == EINTR { continue }
                throw ProjectError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            filled += count
            if count < asked, let expected, filled >= expected { break }
        }
        return filled
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

    public static func writeAtomically(_ bytes: [UInt8], toPath path: String) throws { try writeAtomically(parts: [bytes], toPath: path) }

    /// The same for a file made of `parts`, written one after the other (not joined in memory first).
    public static func writeAtomically(parts: [[UInt8]], toPath path: String) throws {
        let temporary = try writeTemporary(parts: parts, besides: path)
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ProjectError.unwritable(path: path, reason: "cannot replace the file: \(reason)")
        }
    }

    /// Writes a new file at `url`, whole or not at all, unless one is already there (then returns false
    /// and leaves it as it was): the temporary file is hard-linked to the name, which fails rather than
    /// replace, so a file created meanwhile by someone else is never overwritten.
    public static func writeNew(_ bytes: [UInt8], to url: URL) throws -> Bool {
        let path = url.path
        let temporary = try writeTemporary(bytes, besides: path)
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw ProjectError.unwritable(path: path, reason: String(cString: strerror(errno)))
        }
        return true
    }

    /// Writes `bytes` to a new temporary file in the folder of `path` (creating it), named
    /// `.NAME.tolk-PID-RANDOM` so that a killed process's leftovers can be recognised and swept;
    /// returns its path. Nothing is left behind when writing fails.
    package static func writeTemporary(_ bytes: [UInt8], besides path: String) throws -> String {
        try writeTemporary(parts: [bytes], besides: path)
    }

    /// The same for a file made of `parts`, written one after the other.
    package static func writeTemporary(parts: [[UInt8]], besides path: String) throws -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = folder + "/.\(name).tolk-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if descriptor < 0 && errno == ENOENT {
            try createFolder(folder)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else { throw ProjectError.unwritable(path: path, reason: "cannot create a file in \(folder): \(String(cString: strerror(errno)))") }
        for bytes in parts {
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
        }
        guard close(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ProjectError.unwritable(path: path, reason: reason)
        }
        return temporary
    }
}

/// Files written all or nothing: each is staged as a temporary file beside its destination, and
/// `commit` renames them all into place. When staging any of them fails (a full disk, a read-only
/// folder), the staged ones are removed and no destination changes. An import uses this, so it
/// applies a translator's file whole or not at all.
public final class StagedWrites {
    private var staged: [(temporary: String, destination: String)] = []

    public init() {}

    public var count: Int { staged.count }

    /// Stages `bytes` for `url`; on failure, discards everything staged so far and rethrows.
    public func stage(_ bytes: [UInt8], to url: URL) throws {
        do {
            staged.append((try FileTree.writeTemporary(bytes, besides: url.path), url.path))
        } catch {
            discard()
            throw error
        }
    }

    /// Stages a file for each of `items`, made and written on every core (`file` gives its bytes and
    /// destination), staged in the order of `items`. On any failure everything staged so far, these
    /// too, is discarded, and the first failure in that order is thrown.
    package func stage<Item: Sendable>(_ items: [Item], inParallel file: @Sendable (Item) -> (bytes: [UInt8], url: URL)) throws {
        let written = items.parallelMap { item in
            let (bytes, url) = file(item)
            return Result { (temporary: try FileTree.writeTemporary(bytes, besides: url.path), destination: url.path) }
        }
        var failure: (any Error)?
        for outcome in written {
            switch outcome {
            case .success(let pair): staged.append(pair)   // so that a failure later in the list removes it too
            case .failure(let error): failure = failure ?? error
            }
        }
        if let failure {
            discard()
            throw failure
        }
    }

    /// Renames every staged file over its destination. Renames within a folder do not fail for lack
    /// of space; one that fails for another reason is reported, and the rest are still removed.
    public func commit() throws {
        var failure: (any Error)?
        for (temporary, destination) in staged where failure == nil {
            if rename(temporary, destination) != 0 {
                failure = ProjectError.unwritable(path: destination, reason: "cannot replace the file: \(String(cString: strerror(errno)))")
            }
        }
        let remaining = failure == nil ? [] : staged
        staged = []
        for (temporary, _) in remaining { unlink(temporary) }
        if let failure { throw failure }
    }

    /// Removes every staged file; no destination changes.
    public func discard() {
        for (temporary, _) in staged { unlink(temporary) }
        staged = []
    }

    deinit { discard() }
}
