import Foundation
import TestSupport

/// Runs the built `tolk` binary on a throwaway copy of the sample site.
struct TolkRunner {
    let root: URL

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `tolk` executable SwiftPM built next to the test bundle.
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var folder = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("tolk")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/tolk")
    }

    /// A fresh copy of `content/`, `locales/` and `tolk.yaml` in a temporary folder.
    static func sampleSiteCopy() throws -> TolkRunner {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tolk-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for item in ["content", "locales", "tolk.yaml"] {
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(item), to: root.appendingPathComponent(item))
        }
        return TolkRunner(root: root)
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    func run(_ arguments: String...) throws -> Result {
        try run(arguments)
    }

    /// Runs tolk on this site; `environment`, when given, replaces the test process's environment.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        try Self.runProcess(Self.executable, arguments + ["--root", root.path], in: root, environment: environment)
    }

    /// Runs any program and collects its exit status and output (through the one `ProcessRunner`).
    static func runProcess(_ executable: URL, _ arguments: [String], in folder: URL? = nil, environment: [String: String]? = nil) throws -> Result {
        let output = try ProcessRunner.run(executable.path, arguments, in: folder, environment: environment)
        return Result(status: output.status, stdout: output.stdoutText, stderr: output.stderrText)
    }

    /// Runs one of the repository's `.ci/` Python scripts.
    static func runScript(_ name: String, _ arguments: [String]) throws -> Result {
        try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", packageRoot.appendingPathComponent(".ci/\(name)").path] + arguments)
    }

    func read(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: root.appendingPathComponent(path)), as: UTF8.self)
    }

    func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(path))
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
