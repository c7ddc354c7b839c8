import ArgumentParser
import Foundation
import Workspace

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented tolk.yaml for an existing site.",
        discussion: """
        Names the source language (--source), or guesses it from the text of the content folder and says
        so in the file, to be confirmed; names the target languages (--locales), else takes the catalog
        folders already under locales/. Finds Hugo, Jekyll, MkDocs or Docusaurus by their configuration
        file and sets the content folder to theirs. An existing tolk.yaml is kept unless --force.

        Examples:
          tolk init --source ru --locales en,de
          tolk init                          # source guessed from content/: check it before tolk sync
        """
    )

    @OptionGroup var project: ProjectOptions
    @Option(help: ArgumentHelp("The language the content is written in (default: guessed from the text, to be confirmed).", valueName: "LOCALE"))
    var source: String?
    @Option(help: ArgumentHelp("The languages to translate into, comma-separated (default: the folders under locales/).", valueName: "LOCALES"))
    var locales: String?
    @Flag(help: "Replace an existing tolk.yaml.") var force = false

    func run() throws {
        var initializer = ProjectInitializer(root: URL(fileURLWithPath: project.root), sourceLocale: source,
                                             targetLocales: locales.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } })
        initializer.force = force
        let report: ProjectInitializer.Report
        do {
            report = try initializer.run()
        } catch {
            throw CommandFailure(code: 2, message: error.description)
        }
        let written = report.configuration
        say("\(report.replaced ? "Replaced" : "Wrote") \(report.path)")
        say("  source: \(written.sourceLocale)\(written.sourceGuess == nil ? "" : " (guessed)")")
        say("  locales: \(written.targetLocales.isEmpty ? "none yet" : written.targetLocales.joined(separator: ", "))")
        say("  content: \(written.layout.contentPath)/\(written.layout.generator.map { " (\($0.rawValue), found \(written.layout.marker ?? ""))" } ?? "")")
        if let guess = written.sourceGuess {
            let alternatives = guess.alternatives.isEmpty ? "" : "; it could also be \(guess.alternatives.joined(separator: ", "))"
            FileHandle.standardError.write(Data("""
            tolk init: note: the source language '\(guess.locale)' is a GUESS from the text (\(guess.evidence))\(alternatives).
            Confirm it in tolk.yaml before tolk sync, or name it: tolk init --force --source LANG\n
            """.utf8))
        }
    }
}
