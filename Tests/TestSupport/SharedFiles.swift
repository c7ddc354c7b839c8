import Foundation

/// Files in `shared/`, beside the project (or where `TOLK_SHARED` points): the GFM spec examples, the
/// XLIFF schema, the benchmark corpus generator.
public enum SharedFiles {
    public static func url(_ relative: String, file: String = #filePath) -> URL? {
        var candidates: [URL] = []
        if let shared = ProcessInfo.processInfo.environment["TOLK_SHARED"] { candidates.append(URL(fileURLWithPath: shared)) }
        let projectRoot = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(projectRoot.deletingLastPathComponent().appendingPathComponent("shared"))
        candidates.append(URL(fileURLWithPath: "/work/shared"))
        return candidates.map { $0.appendingPathComponent(relative) }.first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
