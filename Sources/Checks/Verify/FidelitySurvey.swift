import Core
import Extractor
import Foundation
import Merger
import Workspace

/// Runs `FidelityCheck` over many Markdown files (a site's content, or any folder of Markdown
/// written by others) on all cores, and totals what it found. Backs `tolk roundtrip`.
public struct FidelitySurvey: Sendable {
    public enum Check: String, CaseIterable, Sendable {
        /// Extraction plus identity merge only: the cheap, byte-exact check (and the benchmark's stage).
        case identity
        /// Identity, rewrite-from-messages and pseudo-translation.
        case all
    }

    public struct Totals: Sendable {
        public var files = 0
        public var bytes = 0
        public var units = 0
        /// Files whose identity merge changed at least one byte, and how many bytes in all.
        public var identityFilesDiffering = 0
        public var identityBytesDiffering = 0
        public var rewriteFailures = 0
        public var pseudoFailures = 0
        /// The failing files with the first problem of each.
        public var problems: [(path: String, problem: String)] = []
        /// Files that could not be read, with the reason.
        public var unreadable: [(path: String, reason: String)] = []
        public var seconds = 0.0
        /// Extraction and identity-merge time summed over all threads (identity check only).
        public var extractSeconds = 0.0
        public var mergeSeconds = 0.0

        public var passed: Bool { identityFilesDiffering == 0 && rewriteFailures == 0 && pseudoFailures == 0 && unreadable.isEmpty }
    }

    public let source: any ContentSource
    public let check: Check

    public init(source: any ContentSource, check: Check = .all) {
        self.source = source
        self.check = check
    }

    /// The Markdown files (`.md`, `.markdown`) at `paths`: files as given, folders searched recursively, in path order.
    public static func markdownFiles(at paths: [URL]) throws -> [URL] {
        var files: [URL] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
                throw SurveyError.missing(path.path)
            }
            if !isDirectory.boolValue { files.append(path); continue }
            for relative in try FileTree.files(under: path) {
                let lower = relative.lowercased()
                if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { files.append(path.appendingPathComponent(relative)) }
            }
        }
        return files
    }

    public enum SurveyError: Error, CustomStringConvertible {
        case missing(String)
        public var description: String {
            switch self {
            case .missing(let path): return "\(path): error: no such file or folder"
            }
        }
    }

    public func run(files: [URL], displayPath: @Sendable (URL) -> String) -> Totals {
        let started = Date()
        let checker = FidelityCheck(source: source)
        let mode = check
        let outcomes = files.parallelMap { url -> (String, Int, Result<FidelityCheck.Report, Error>) in
            let path = displayPath(url)
            do {
                let bytes = try FileTree.read(url)
                if mode == .identity { return (path, bytes.count, .success(checker.checkIdentity(path: path, bytes: bytes))) }
                return (path, bytes.count, .success(checker.check(path: path, bytes: bytes)))
            } catch {
                return (path, 0, .failure(error))
            }
        }
        var totals = Totals()
        for (path, size, outcome) in outcomes {
            totals.files += 1
            totals.bytes += size
            switch outcome {
            case .failure(let error):
                totals.unreadable.append((path, "\(error)"))
            case .success(let report):
                totals.units += report.units
                totals.extractSeconds += report.extractSeconds
                totals.mergeSeconds += report.mergeSeconds
                if report.identityByteDifferences > 0 {
                    totals.identityFilesDiffering += 1
                    totals.identityBytesDiffering += report.identityByteDifferences
                    totals.problems.append((path, "identity merge changed \(report.identityByteDifferences) bytes"))
                }
                if let problem = report.rewriteProblem {
                    totals.rewriteFailures += 1
                    totals.problems.append((path, "rewrite: " + problem))
                }
                if let problem = report.pseudoProblem {
                    totals.pseudoFailures += 1
                    totals.problems.append((path, "pseudo-translation: " + problem))
                }
            }
        }
        totals.seconds = Date().timeIntervalSince(started)
        return totals
    }
}
