import ArgumentParser
import Checks
import Extractor
import Foundation
import Workspace

struct RoundtripCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roundtrip",
        abstract: "Check that tolk extracts and merges your Markdown faithfully.",
        discussion: """
        For every Markdown file: an identity merge must reproduce it byte for byte; writing every unit back
        from its message must render the same HTML (whitespace aside); a pseudo-translation of every unit
        (every word altered, markup kept) must render the same element structure. Each failure is listed
        with the first difference. Exit status 1 when any file fails.

        Without PATHs, checks the project's content pages (front matter keys from tolk.yaml); PATHs may be
        files or folders of any Markdown, inside a project or not.

        Examples:
          tolk roundtrip
          tolk roundtrip /usr/share/doc --checks all
          tolk roundtrip content/posts --checks identity
        """
    )

    @OptionGroup var project: ProjectOptions
    @Option(help: "identity (extract + identity merge only, fast) or all.") var checks: FidelitySurvey.Check = .all
    @Argument(help: "Markdown files or folders (default: the project's content).") var paths: [String] = []

    func run() throws {
        let files: [URL]
        let source: any ContentSource
        let base: URL
        if paths.isEmpty {
            let project = try project.openProject()
            source = MarkdownPage().source(configuration: project.configuration)
            base = project.root
            files = try performing { try FidelitySurvey.markdownFiles(at: [project.contentFolder]) }
        } else {
            let root = URL(fileURLWithPath: project.root).standardizedFileURL
            let project = try? Project(root: root)
            source = project.map { MarkdownPage().source(configuration: $0.configuration) } ?? MarkdownPageSource(translatableKeys: ["title", "summary", "description", "tags"].map(KeyPattern.init))
            base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            files = try performing { try FidelitySurvey.markdownFiles(at: paths.map { URL(fileURLWithPath: $0).standardizedFileURL }) }
        }
        let basePath = base.standardizedFileURL.path + "/"
        let totals = FidelitySurvey(source: source, check: checks).run(files: files) { url in
            url.path.hasPrefix(basePath) ? String(url.path.dropFirst(basePath.count)) : url.path
        }
        for (path, problem) in totals.problems { say("\(path): \(problem)") }
        for (path, reason) in totals.unreadable { say("\(path): unreadable: \(reason)") }
        let megabytes = Double(totals.bytes) / 1_048_576
        say(String(format: "%d files, %.1f MB, %d units in %.2f s (%.0f MB/s)", totals.files, megabytes, totals.units,
                   totals.seconds, totals.seconds > 0 ? megabytes / totals.seconds : 0))
        say("  identity merge: \(totals.identityFilesDiffering) files differ (\(totals.identityBytesDiffering) bytes)")
        if checks == .identity, totals.extractSeconds > 0, totals.mergeSeconds > 0 {
            say(String(format: "  thread time: extract %.2f s (%.0f MB/s per thread), identity merge %.2f s (%.0f MB/s per thread)",
                       totals.extractSeconds, megabytes / totals.extractSeconds, totals.mergeSeconds, megabytes / totals.mergeSeconds))
        }
        if checks == .all {
            say("  rewrite from messages: \(totals.rewriteFailures) files differ")
            say("  pseudo-translation structure: \(totals.pseudoFailures) files differ")
        }
        if !totals.passed { throw CommandFailure(code: 1, message: "tolk roundtrip: \(totals.problems.count + totals.unreadable.count) problems (see above)") }
    }
}

extension FidelitySurvey.Check: ExpressibleByArgument {}
