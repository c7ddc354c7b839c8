import ArgumentParser
import Catalog
import Exchange
import Foundation
import Workspace

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a locale's messages into an XLIFF 2.0, XLIFF 1.2 or PO file for a translator.",
        discussion: """
        XLIFF has one <file> per content file and one unit per message; a message repeated in several
        files appears once, with every reference. Code spans, link destinations, HTML tags and the
        other protected Markdown (and the {arguments} of site strings) become inline codes that CAT
        tools lock. By default an XLIFF export holds what needs work (untranslated and needs review)
        and a PO export every active entry; --only picks the entries, --files the content files, and
        --split writes one file per content file, in either format. Translate the file in a CAT tool
        and bring it back with tolk import.

        Examples:
          tolk export ru --output ru.xlf
          tolk export ru --format xliff12 --only all --output ru.xlf
          tolk export ru --split out/ru --files 'posts/*'
          tolk export de --format po > de.po
          tolk export de --format po --only untranslated --split out/de
        """
    )

    @OptionGroup var project: ProjectOptions
    @Argument(help: "The locale to export (one of the site's targets).") var locale: String
    @Option(help: "Exchange format: xliff (2.0, the default), xliff12 or po (the default for an --output ending in .po).") var format: String?
    @Option(help: "Which entries: untranslated, needs-review, needs-work (both) or all. Default: needs-work for XLIFF, all for PO.") var only: String?
    @Option(help: ArgumentHelp("Only content files matching GLOB, e.g. 'posts/*'.", valueName: "GLOB")) var files: String?
    @Option(help: ArgumentHelp("Write one file per content file: DIR/<content path>.xlf (.po for PO).", valueName: "DIR")) var split: String?
    @Option(name: [.short, .long], help: ArgumentHelp("Write to FILE instead of standard output ('-': standard output).", valueName: "FILE")) var output: String?

    /// The file to write; nil: standard output (no --output, or `--output -` as Unix tools take it).
    private var destination: String? { output == "-" ? nil : output }

    func run() throws {
        let requested = format ?? (destination?.lowercased().hasSuffix(".po") == true ? "po" : "xliff")
        guard let format = ExchangeFormat(rawValue: requested) else {
            throw CommandFailure(code: 2, message: "error: unsupported format '\(requested)' (supported: \(ExchangeFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let only = self.only ?? (format == .po ? ExportSelection.all.rawValue : ExportSelection.needsWork.rawValue)
        guard let selection = ExportSelection(rawValue: only) else {
            throw CommandFailure(code: 2, message: "error: unknown --only '\(only)' (use \(ExportSelection.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if split != nil, output != nil {
            throw CommandFailure(code: 2, message: "error: --split DIR writes one file per content file; it cannot be combined with --output")
        }
        let project = try project.openProject()
        var plan = try performing { try ExportPlan(project: project, locale: locale, selection: selection, filesGlob: files) }
        guard plan.entryCount > 0 else {
            say("Nothing to export for \(locale) (--only \(only)\(files.map { ", --files '\($0)'" } ?? "")); no file written.")
            return
        }
        if format != .po {
            do { try plan.checkUnitIDs() } catch { throw CommandFailure(code: 1, message: "\(error)") }
        }
        let what = format == .po ? "messages" : "units"
        let count = plan.entryCount
        if let split {
            let indices = plan.files.indices.filter { !plan.files[$0].entries.isEmpty }
            for index in indices {
                let path = split + "/" + plan.files[index].source.path + (format == .po ? ".po" : ".xlf")
                try write(&plan, of: project, format: format, fileIndices: [index], to: path)
            }
            say("Exported \(count) \(what) for \(locale) into \(indices.count) files under \(split).")
            return
        }
        try write(&plan, of: project, format: format, fileIndices: nil, to: destination)
        if let output = destination { say("Exported \(count) \(what) for \(locale) to \(output).") }
    }

    /// Writes one exchange file (standard output without a path), streaming XLIFF as it is made. A PO
    /// file takes its entries out of the plan.
    private func write(_ plan: inout ExportPlan, of project: Project, format: ExchangeFormat, fileIndices: [Int]?, to path: String?) throws {
        try performing {
            let output = try ExportOutput(path: path)
            switch format {
            case .po:
                try output.write(try Exchange(project: project).poDocument(&plan, fileIndices: fileIndices))
                try output.finish()
            case .xliff, .xliff12:
                try XLIFFExporter(project: project).write(plan, version: format == .xliff ? .v2_0 : .v1_2, fileIndices: fileIndices, to: output)
            }
        }
    }
}
