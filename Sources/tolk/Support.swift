import ArgumentParser
import Catalog
import Foundation
import Workspace

/// Options every command shares.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The site's root folder (holding tolk.yaml, content/ and locales/).", valueName: "DIR"))
    var root: String = "."

    func openProject() throws -> Project {
        do {
            return try Project(root: URL(fileURLWithPath: root))
        } catch {
            throw CommandFailure(code: 2, message: error.description)
        }
    }
}

extension Project {
    /// Takes the project lock for a command that writes catalogs or trees, saying on standard error if
    /// it has to wait for another command; exit status 2 when it cannot be had.
    /// How long to wait: `TOLK_LOCK_WAIT` seconds (0: refuse at once, as a CI job may prefer), else 5 minutes.
    func lock(for command: String) throws -> ProjectLock {
        let wait = ProcessInfo.processInfo.environment["TOLK_LOCK_WAIT"].flatMap(TimeInterval.init).map { max(0, $0) } ?? 300
        do {
            return try ProjectLock(project: self, command: "tolk \(command)", timeout: wait) { notice in
                FileHandle.standardError.write(Data(("tolk \(command): " + notice + "\n").utf8))
            }
        } catch {
            throw CommandFailure(code: 2, message: error.description)
        }
    }
}

/// A command ends with this to exit with a specific status after printing a message.
struct CommandFailure: Error {
    var code: Int32
    var message: String
}

/// Runs a pipeline step, turning operational errors (unreadable files, bad config) into exit status 2.
func performing<Result>(_ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch let failure as CommandFailure {
        throw failure
    } catch {
        let system = error as NSError
        if system.domain == NSCocoaErrorDomain || system.domain == NSPOSIXErrorDomain {
            // Foundation's own errors (a read-only folder, a full disk): the path and the reason in words.
            let path = (system.userInfo[NSFilePathErrorKey] as? String) ?? (system.userInfo[NSURLErrorKey] as? URL)?.path
            throw CommandFailure(code: 2, message: (path.map { "\($0): " } ?? "") + "error: \(FileTree.reason(error))")
        }
        throw CommandFailure(code: 2, message: "\(error)")
    }
}

/// Prints diagnostics to standard error as `path:line:col: severity: message`, the form editors and CI annotate.
func printDiagnostics(_ diagnostics: [Diagnostic]) {
    guard !diagnostics.isEmpty else { return }
    let text = diagnostics.map(\.description).joined(separator: "\n") + "\n"
    FileHandle.standardError.write(Data(text.utf8))
}

func writeOutput(_ text: String, to path: String?) throws {
    guard let path else {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    do {
        try FileTree.writeAtomically(Array(text.utf8), to: URL(fileURLWithPath: path))
    } catch {
        throw CommandFailure(code: 2, message: "\(path): error: cannot write (\(error))")
    }
}

func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
