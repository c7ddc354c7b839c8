import ArgumentParser
import Foundation
import MachineTranslation

struct TranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Pre-fill a locale's catalogs by machine translation; every draft needs review.",
        discussion: """
        Fills untranslated entries (or, with --only needs-review, earlier machine drafts whose entry
        needs review) with the engine named by --engine or machine_translation.engine in tolk.yaml.
        A translated or reviewed entry is never touched, nor a needs-review translation a person wrote.
        Translation memory comes first: a message already translated in the locale's catalogs is
        filled from there and not sent. Code spans, link destinations, HTML tags, shortcodes and ICU
        arguments are sent as placeholders and put back afterwards; an answer that lost, repeated or
        invented one, or brought markup of its own, is reported at its catalog's FILE:line and not
        written. What is written passes the checks of tolk import, is marked needs review (#, fuzzy)
        and carries the translator comment "machine translation: ENGINE, needs review".
        Answers are cached in .tolk/machine-translation/, so a run that was interrupted resumes without
        sending again. Keys come only from the environment variable an engine's api_key_env names.
        --dry-run says how many texts and characters would be sent, and sends and writes nothing.
        It waits for any other command writing the project (.tolk/lock).

        Examples:
          tolk translate es --dry-run
          tolk translate es --engine apertium
          tolk translate de --engine deepl --files 'posts/*'
        """
    )

    @OptionGroup var project: ProjectOptions
    @Argument(help: "The locale to fill (one of the site's targets).") var locale: String
    @Option(help: "The engine, by its name in machine_translation.engines (default: machine_translation.engine).") var engine: String?
    @Option(help: ArgumentHelp("Only content files matching GLOB, e.g. 'posts/*'.", valueName: "GLOB")) var files: String?
    @Option(help: "Which entries: untranslated (the default) or needs-review (earlier machine drafts only).") var only: String = "untranslated"
    @Flag(help: "Count the texts and characters that would be sent; send and write nothing.") var dryRun = false

    func run() throws {
        guard let scope = MachineTranslator.Scope(rawValue: only) else {
            throw CommandFailure(code: 2, message: "error: unknown --only '\(only)' (use \(MachineTranslator.Scope.allCases.map(\.rawValue).joined(separator: " or ")))")
        }
        let project = try project.openProject()
        let lock = dryRun ? nil : try project.lock(for: "translate")
        var translator = MachineTranslator(project: project)
        let meter = ProgressMeter(enabled: true)
        translator.progress = { meter.update($0) }
        let options = MachineTranslator.Options(locale: locale, engine: engine, filesGlob: files, scope: scope, dryRun: dryRun)
        let report = try performing {
            do {
                return try translator.run(options, holding: lock)
            } catch let error as MachineTranslationError {
                // No engine could be chosen or made (unknown name, no key in the environment): nothing was sent.
                throw CommandFailure(code: 2, message: "tolk translate: error: \(error)")
            }
        }
        meter.finish()
        printDiagnostics(report.diagnostics)
        let memory = report.fromMemory > 0 ? ", \(report.fromMemory) from translation memory" : ""
        let cached = report.fromCache > 0 ? ", \(report.fromCache) texts answered from the cache" : ""
        if dryRun {
            say("Would send \(report.sentTexts) texts (\(report.sentCharacters) characters) for \(report.messages) messages of \(locale) to \(report.engine)\(memory)\(cached); nothing sent or written.")
        } else {
            say("Filled \(report.filled) of \(report.messages) messages of \(locale) with \(report.engine) (needs review)\(memory); sent \(report.sentTexts) texts (\(report.sentCharacters) characters)\(cached); \(report.refused) reported and left as they were; \(report.catalogsWritten) catalogs written.")
        }
        if report.keptPersonsTranslations > 0 {
            say("\(report.keptPersonsTranslations) needs-review entries keep a person's translation (tolk translate replaces only its own drafts).")
        }
        if report.refused > 0 { throw CommandFailure(code: 1, message: "tolk translate: \(report.refused) messages were not filled (see above)") }
    }
}
