import Foundation

/// File-system chores: listing a tree, reading, and writing atomically (temp file + rename), so a
/// crash or a full disk leaves the old file, never half of a new one.
public enum FileTree {
    /// Regular files under `folder`, relative and `/`-separated, sorted; hidden files and symbolic
    /// links that point outside the folder are skipped.
    public static func files(under folder: URL) throws -> [String] {
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().path
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey],
                                                              options: [.skipsHiddenFiles]) else {
            throw ProjectError.unreadable(path: folder.path, reason: "not a folder")
        }
        var paths: [String] = []
        for case let url as URL in enumerator {
            let resolved = url.resolvingSymlinksInPath().path
            guard resolved.hasPrefix(base + "/") else { continue }
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey])
            guard values?.isRegularFile == true else { continue }
            let full = url.standardizedFileURL.path
            let prefix = folder.standardizedFileURL.path + "/"
            guard full.hasPrefix(prefix) else { continue }
            paths.append(String(full.dropFirst(prefix.count)))
        }
        return paths.sorted()
    }

    public static func read(_ url: URL) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ProjectError.unreadable(path: url.path, reason: FileManager.default.fileExists(atPath: url.path) ? "permission denied" : "no such file")
        }
        return Array(data)
    }

    /// Writes `bytes` unless the file already holds exactly them; returns whether it wrote.
    @discardableResult
    public static func writeIfChanged(_ bytes: [UInt8], to url: URL) throws -> Bool {
        if let existing = FileManager.default.contents(atPath: url.path), existing.count == bytes.count, Array(existing) == bytes {
            return false
        }
        try writeAtomically(bytes, to: url)
        return true
    }

    public static func writeAtomically(_ bytes: [UInt8], to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tolk-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
            throw ProjectError.unreadable(path: url.path, reason: "cannot write in \(folder.path)")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ProjectError.unreadable(path: url.path, reason: "cannot replace the file: \(reason)")
        }
    }
}
