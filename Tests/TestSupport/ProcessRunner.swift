import Foundation

/// What a program did: its exit status and everything it wrote.
public struct ProcessOutput: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// The one way tests run another program to its end (tolk itself, gettext, Translate Toolkit, xmllint,
/// python, `script`). Only a program a test must act on while it runs (a server it talks to, a command
/// it kills while it waits for a lock) is a `Process` of the test's own.
public enum ProcessRunner {
    /// Runs `executable` with `arguments`, `input` on its standard input, in `folder`, and returns when
    /// it has exited. Both outputs are read at once: a program that fills its error pipe while the
    /// test waits for the end of its output would otherwise never finish.
    public static func run(_ executable: String, _ arguments: [String], input: Data? = nil, in folder: URL? = nil,
                           environment: [String: String]? = nil) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        try process.run()
        let errors = ErrorCollector()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errors.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if let input {
            DispatchQueue.global().async {
                inPipe.fileHandleForWriting.write(input)
                try? inPipe.fileHandleForWriting.close()
            }
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessOutput(status: process.terminationStatus, stdout: stdout, stderr: errors.data)
    }

    /// Where the error output is collected while the output is read on the test's thread.
    private final class ErrorCollector: @unchecked Sendable {
        var data = Data()  // written by one thread, read after `group.wait()`
    }
}
