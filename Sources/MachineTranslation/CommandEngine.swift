import Foundation
import Workspace
#if canImport(Glibc)
import Glibc
#endif

/// Any program as an engine, speaking JSON lines over its standard input and output: how a user plugs
/// in argos-translate, a local LLM script or a company service.
///
/// tolk starts the program once per run (from the project root, with tolk's environment) and writes
/// one request per line:
///
///     {"source": "en", "target": "es", "text": "Run <x1/> to <g2>update</g2> it.", "placeholders": "xml"}
///
/// The program answers each with one line, in order:
///
///     {"translation": "Ejecuta <x1/> para <g2>actualizarlo</g2>."}     or     {"error": "why not"}
///
/// An answer that is not one JSON object with a string `translation` or `error` within the time-out,
/// or longer than the response limit, fails that message; the program is then stopped (its stream can
/// no longer be trusted) and started again for the next one. Standard error is passed through.
final class CommandEngine: MachineTranslationEngine, @unchecked Sendable {
    let placeholderStyle: PlaceholderText.Style
    let batchSize = 1
    private let arguments: [String]
    private let root: URL
    private let name: String
    private let timeout: Double
    private let maximumLineBytes: Int
    private let lock = NSLock()
    private var process: Process?
    private var input: Int32 = -1
    private var output: Int32 = -1
    private var buffered: [UInt8] = []

    init(settings: MachineTranslationSettings.Engine, root: URL, timeout: Double, maximumResponseBytes: Int) throws {
        arguments = settings.command
        name = settings.name
        self.root = root
        self.timeout = timeout
        maximumLineBytes = maximumResponseBytes
        placeholderStyle = settings.placeholderStyle
        // A program that exits while tolk writes to it must not take tolk down with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit { stop() }

    func translate(_ texts: [String], from source: String, to target: String) throws -> [String] {
        try lock.withLock {
            try texts.map { text in try translateOne(text, from: source, to: target) }
        }
    }

    private func translateOne(_ text: String, from source: String, to target: String) throws -> String {
        if process == nil { try start() }
        let request: [String: String] = ["source": source, "target": target, "text": text, "placeholders": placeholderStyle.rawValue]
        var line = try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys, .withoutEscapingSlashes])
        line.append(0x0A)
        do {
            try writeAll(Array(line))
            let answer = try readLine()
            return try Self.decode(answer, program: arguments[0])
        } catch let error as MachineTranslationError {
            // After a bad or missing answer the program's stream is out of step: start it afresh next time.
            if !error.message.hasPrefix("the command answered with an error") { stop() }
            throw error
        }
    }

    static func decode(_ line: [UInt8], program: String) throws -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
            throw MachineTranslationError("the command \(program) answered with a line that is not a JSON object: \(String(decoding: line.prefix(80), as: UTF8.self))",
                                          hint: "answer each request with one line: {\"translation\": \"…\"}")
        }
        if let translation = object["translation"] as? String { return translation }
        if let error = object["error"] as? String { throw MachineTranslationError("the command answered with an error: \(error.prefix(200))") }
        throw MachineTranslationError("the command \(program) answered without a string 'translation'",
                                      hint: "answer each request with one line: {\"translation\": \"…\"}")
    }

    private func start() throws {
        let process = Process()
        let program = arguments[0]
        // A bare name is looked up on PATH; a path with a slash is relative to the project root.
        if program.contains("/") {
            process.executableURL = URL(fileURLWithPath: program, relativeTo: root).standardizedFileURL
            process.arguments = Array(arguments.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
        }
        process.currentDirectoryURL = root
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        do {
            try process.run()
        } catch {
            throw MachineTranslationError("cannot start the command of engine '\(name)' (\(arguments.joined(separator: " "))): \(error.localizedDescription)",
                                          hint: "check machine_translation.engines.\(name).command in tolk.yaml")
        }
        self.process = process
        input = dup(stdin.fileHandleForWriting.fileDescriptor)
        output = dup(stdout.fileHandleForReading.fileDescriptor)
        try? stdin.fileHandleForWriting.close()
        try? stdout.fileHandleForReading.close()
        buffered = []
    }

    private func stop() {
        if input >= 0 { close(input); input = -1 }
        if let process, process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(2)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        if output >= 0 { close(output); output = -1 }
        process = nil
        buffered = []
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(input, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw MachineTranslationError("the command \(arguments[0]) stopped reading its requests (\(String(cString: strerror(errno))))")
            }
            offset += written
        }
    }

    /// One line of the program's output, without its newline, within the time-out and the size limit.
    private func readLine() throws -> [UInt8] {
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let newline = buffered.firstIndex(of: 0x0A) {
                let line = Array(buffered[..<newline])
                buffered.removeSubrange(...newline)
                return line
            }
            if buffered.count > maximumLineBytes {
                throw MachineTranslationError("the command \(arguments[0]) answered with more than \(maximumLineBytes) bytes; refused")
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 {
                throw MachineTranslationError("the command \(arguments[0]) did not answer within \(Int(timeout)) s",
                                              hint: "raise machine_translation.timeout_seconds if it is just slow")
            }
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining * 1000, 1000)))
            if ready < 0 && errno != EINTR { throw MachineTranslationError("cannot read from the command: \(String(cString: strerror(errno)))") }
            guard ready > 0 else { continue }
            let count = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw MachineTranslationError("cannot read from the command: \(String(cString: strerror(errno)))")
            }
            if count == 0 {
                process?.waitUntilExit()
                let status = process?.terminationStatus ?? -1
                throw MachineTranslationError("the command \(arguments[0]) exited (status \(status)) without answering",
                                              hint: "run it by hand with one request line on its standard input to see why")
            }
            buffered += chunk[..<count]
        }
    }
}
