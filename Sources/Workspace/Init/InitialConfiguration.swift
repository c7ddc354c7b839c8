/// The `tolk.yaml` that `tolk init` writes: the few settings a site must decide (its name, its source
/// language, its targets, its folders), each with a comment saying what it does and where its value
/// came from; everything else is left to the conventions, which README.md's "Configuration" lists.
public struct InitialConfiguration: Sendable {
    /// Written as `project:` when it is a name `tolk.yaml` accepts; nil leaves the setting commented out.
    public var projectName: String?
    public var sourceLocale: String
    /// Set when the source language was guessed rather than named: the file then says so, loudly.
    public var sourceGuess: SourceLanguageGuess?
    public var targetLocales: [String]
    /// Where the targets came from, for their comment (nil: named with `--locales`).
    public var targetsNote: String?
    public var layout: SiteLayout

    public init(projectName: String?, sourceLocale: String, sourceGuess: SourceLanguageGuess?, targetLocales: [String], targetsNote: String?, layout: SiteLayout) {
        self.projectName = projectName
        self.sourceLocale = sourceLocale
        self.sourceGuess = sourceGuess
        self.targetLocales = targetLocales
        self.targetsNote = targetsNote
        self.layout = layout
    }

    /// The file's text.
    public var text: String {
        var lines = [
            "# tolk configuration, written by tolk init. Every setting left out has a default:",
            "# see README.md, \"Configuration\". Check the values below, then run tolk sync.",
            "",
            "# The project's name: every export carries it, and an import of another project's export is refused.",
        ]
        if let projectName {
            lines.append("project: \"\(projectName)\"")
        } else {
            lines.append("# project: my-site")
        }
        lines += ["", "# The language the content is written in: its plural rules, collation and word counts are used for the source text."]
        if let guess = sourceGuess {
            lines += Self.wrapped("GUESSED by tolk init from the text under \(layout.contentPath)/ (\(guess.evidence)). CONFIRM IT: a wrong source language gives every page the wrong rules."
                                  + (guess.alternatives.isEmpty ? "" : " It could also be: \(guess.alternatives.joined(separator: ", ")).")
                                  + " To name it instead: tolk init --force --source LANG.")
        }
        lines.append("source: \(sourceLocale)")
        lines += ["", "# The languages the content is translated into: each gets its catalogs in locales/<locale>/."]
        if let targetsNote { lines += Self.wrapped(targetsNote) }
        if targetLocales.isEmpty {
            lines += Self.wrapped("None yet: list them here, e.g. locales: [de, fr]. Until then the targets are the folders under \(catalogsPath)/.")
            lines.append("# locales: [de, fr]")
        } else {
            lines.append("locales: [\(targetLocales.joined(separator: ", "))]")
        }
        lines += ["", "# Where things are, relative to this file."]
        for note in layout.notes { lines += Self.wrapped(note) }
        lines += [
            "paths:",
            "  content: \(layout.contentPath)" + String(repeating: " ", count: max(1, 21 - 11 - layout.contentPath.count)) + "# the Markdown pages (and navigation.yaml, site.yaml when present)",
            "  catalogs: \(catalogsPath)" + String(repeating: " ", count: max(1, 21 - 12 - catalogsPath.count)) + "# locales/<locale>/…po for translators, locales/templates/…pot",
            "  output: \(layout.outputPath)" + String(repeating: " ", count: max(1, 21 - 10 - layout.outputPath.count)) + "# tolk build writes \(layout.outputPath)/<locale>/…",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    let catalogsPath = "locales"

    /// `text` as comment lines of at most about 100 characters.
    static func wrapped(_ text: String) -> [String] {
        var lines: [String] = []
        var line = "#"
        for word in text.split(separator: " ") {
            if line.count + 1 + word.count > 100, line != "#" {
                lines.append(line)
                line = "#"
            }
            line += " " + word
        }
        if line != "#" { lines.append(line) }
        return lines
    }
}
