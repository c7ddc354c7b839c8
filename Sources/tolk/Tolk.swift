import ArgumentParser
import Foundation

@main
struct Tolk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tolk",
        abstract: "Localize a Markdown content site: extract, sync catalogs, exchange with translators, build localized trees.",
        discussion: """
        Exit status: 0 ok, 1 findings (errors in content or catalogs, a threshold missed), 2 bad usage or unreadable input.

        Typical loop:
          tolk init --source en          # once: write tolk.yaml for the site
          tolk adopt de --from old/de    # once: pages translated before tolk join the catalogs
          tolk sync                      # update locales/<locale>/*.po from content/
          tolk export ru -o ru.po        # hand the Russian work to a translator
          tolk import ru.po              # bring it back
          tolk translate es              # or pre-fill by machine, every draft marked needs review
          tolk check                     # plural categories, placeholders, syntax of every translation
          tolk build                     # write public/<locale>/…
          tolk status                    # see where each locale stands
        """,
        subcommands: [InitCommand.self, SyncCommand.self, BuildCommand.self, StatusCommand.self, ExportCommand.self, ImportCommand.self, AdoptCommand.self, TranslateCommand.self, FmtCommand.self, CheckCommand.self, RoundtripCommand.self]
    )

    static func main() {
        // A file-size limit (ulimit -f) reached while writing must be a write error that the command
        // reports and recovers from (an import then writes nothing), not a signal that kills it.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data((failure.message.hasSuffix("\n") ? failure.message : failure.message + "\n").utf8))
            Foundation.exit(failure.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
