import ArgumentParser
import Catalog
import Foundation
import Pipeline

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a locale's messages into an XLIFF 2.0, XLIFF 1.2 or PO file for a translator.",
        discussion: """
        XLIFF has one <file> per content file and one unit per message; a message repeated in several
        files appears once, with every reference. By default only what needs work is exported
        (untranslated and needs review); --only all exports everything. Translate the file in a CAT
        tool and bring it back with tolk import.

        Examples:
          tolk export ru --output ru.xlf
          tolk export ru --format xliff12 --only all --output ru.xlf
          tolk export ru --split out/ru --files 'posts/*'
          tolk export de --format po > de.po
        """
    )

    @OptionGroup var project: ProjectOptions
    @Argument(help: "The locale to export (one of the site's targets).") var locale: String
    @Option(help: "Exchange format: xliff (2.0, the default), xliff12 or po (the default for an --output ending in .po).") var format: String?
    @Option(help: "Which entries (XLIFF): untranslated, needs-review, needs-work (both; default) or all.") var only: String = "needs-work"
    @Option(help: ArgumentHelp("Only content files matching GLOB (XLIFF), e.g. 'posts/*'.", valueName: "GLOB")) var files: String?
    @Option(help: ArgumentHelp("Write one file per content file under DIR (XLIFF).", valueName: "DIR")) var split: String?
    @Option(name: [.short, .long], help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE")) var output: String?

    func run() throws {
        let requested = format ?? (output?.lowercased().hasSuffix(".po") == true ? "po" : "xliff")
        guard let format = ExchangeFormat(rawValue: requested) else {
            throw CommandFailure(code: 2, message: "error: unsupported format '\(requested)' (supported: \(ExchangeFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let selection = ExportSelection(rawValue: only) else {
            throw CommandFailure(code: 2, message: "error: unknown --only '\(only)' (use \(ExportSelection.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let project = try project.openProject()
        guard format != .po else {
            guard files == nil, split == nil, only == "needs-work" else {
                throw CommandFailure(code: 2, message: "error: --only, --files and --split apply to XLIFF; a PO export holds every active entry")
            }
            let (text, entries) = try performing { try Exchange(project: project).export(locale: locale) }
            try writeOutput(text, to: output)
            if let output { say("Exported \(entries) messages for \(locale) to \(output).") }
            return
        }
        let version: XLIFFVersion = format == .xliff ? .v2_0 : .v1_2
        let documents = try performing {
            try XLIFFExporter(project: project).export(locale: locale, version: version, selection: selection, filesGlob: files, split: split != nil)
        }
        let units = documents.reduce(0) { $0 + $1.units }
        guard units > 0 else {
            say("Nothing to export for \(locale) (--only \(only)); no file written.")
            return
        }
        if let split {
            for document in documents {
                let path = split + "/" + (document.original ?? "all") + ".xlf"
                try performing { try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true) }
                try writeOutput(document.text, to: path)
            }
            say("Exported \(units) units for \(locale) into \(documents.count) files under \(split).")
            return
        }
        try writeOutput(documents[0].text, to: output)
        if let output { say("Exported \(units) units for \(locale) to \(output).") }
    }
}
