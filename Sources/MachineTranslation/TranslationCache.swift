import Foundation
import Workspace
#if canImport(Glibc)
import Glibc
#endif

/// The engine's answers kept under `.tolk/machine-translation/`, one file per engine and locale pair
/// (`apertium.en-es.jsonl`), keyed by the text exactly as sent (placeholders and all): a run that was
/// interrupted, or one after a few messages were refused, sends only what was never answered.
///
/// Each answer is appended as one JSON line the moment it arrives, so a run killed halfway loses at
/// most the line being written; a line that does not read back (cut off by the kill) is skipped. The
/// raw answer is kept, not the restored message: placeholders are restored and checked on every run.
/// The file is local to the checkout (`.tolk/`), like the other state files, and bounded: past
/// `maximumBytes` it is read no further and nothing more is appended.
final class TranslationCache: @unchecked Sendable {
    static let folder = "machine-translation"
    static let maximumBytes = 256 << 20
    private let lock = NSLock()
    private var answers: [String: String] = [:]
    private var descriptor: Int32 = -1
    private var size = 0
    let url: URL

    /// With `readOnly` (a dry run) the file is read but never created or written.
    init(project: Project, engine: String, source: String, target: String, readOnly: Bool) throws {
        let safeName = String(engine.unicodeScalars.map { scalar in
            CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || scalar == "-" || scalar == "_" ? Character(scalar) : "_"
        })
        let folder = project.stateFolder.appendingPathComponent(Self.folder)
        url = folder.appendingPathComponent("\(safeName).\(source)-\(target).jsonl")
        if let (fd, _) = try FileTree.openRegularFile(url.path) {
            defer { close(fd) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while bytes.count < Self.maximumBytes {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                bytes += chunk[..<count]
            }
            size = bytes.count
            for line in bytes.split(separator: 0x0A) {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: String],
                      let sent = object["sent"], let answer = object["answer"] else { continue }
                answers[sent] = answer
            }
        }
        guard !readOnly else { return }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        if descriptor < 0 {
            throw ProjectError.unreadable(path: project.displayPath(url), reason: String(cString: strerror(errno)))
        }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    func answer(for sent: String) -> String? { lock.withLock { answers[sent] } }

    func store(_ answer: String, for sent: String) {
        lock.withLock {
            answers[sent] = answer
            guard descriptor >= 0, size < Self.maximumBytes,
                  var line = try? JSONSerialization.data(withJSONObject: ["sent": sent, "answer": answer], options: [.sortedKeys]) else { return }
            line.append(0x0A)
            // One write per line with O_APPEND: lines from several threads never interleave.
            let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 { size += written }
        }
    }
}
