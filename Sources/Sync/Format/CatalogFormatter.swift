import Catalog
import Foundation
import Workspace

/// `tolk fmt`: rewrites PO files in tolk's canonical form (the form `tolk sync` writes: gettext's
/// wrapping and escaping, LF line endings, no BOM), or only reports those that are not in it.
/// A file with parse errors is never rewritten: its diagnostics are reported instead, so a
/// catalog tolk cannot read completely never loses what it could not read.
public struct CatalogFormatter {
    public let writer: POWriter

    public init(writer: POWriter) {
        self.writer = writer
    }

    public struct Report: Sendable {
        public var checked = 0
        /// Files not in canonical form: rewritten, or with `check` only listed.
        public var notCanonical: [String] = []
        public var diagnostics: [Diagnostic] = []
    }

    /// Every catalog and template of a project, in path order.
    public static func catalogFiles(of project: Project) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: project.catalogsFolder.path) else { return [] }
        return try FileTree.files(under: project.catalogsFolder)
            .filter { $0.hasSuffix(".po") || $0.hasSuffix(".pot") }
            .map { project.catalogsFolder.appendingPathComponent($0) }
    }

    /// - Parameters:
    ///   - check: only report, write nothing.
    ///   - displayPath: how a file is named in the report and diagnostics.
    ///   - lock: the project lock, held by the caller when the files are a project's catalogs.
    public func run(_ files: [URL], check: Bool, holding lock: ProjectLock?, displayPath: (URL) -> String) throws -> Report {
        var report = Report()
        for url in files {
            let path = displayPath(url)
            let bytes = try FileTree.read(url)
            let result = POReader(path: path).read(bytes)
            report.checked += 1
            if result.diagnostics.hasErrors {
                report.diagnostics += result.diagnostics
                continue
            }
            report.diagnostics += result.diagnostics
            let canonical = Array(writer.write(result.catalog).utf8)
            guard canonical != bytes else { continue }
            report.notCanonical.append(path)
            if !check { try FileTree.writeAtomically(canonical, to: url) }
        }
        return report
    }
}
