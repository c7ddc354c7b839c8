import Foundation

/// `tolk init`: writes a commented `tolk.yaml` for an existing site, so that no command ever has to
/// assume the language the content is written in.
///
/// The source language is the one named (`--source ru`) or, failing that, guessed from the text of the
/// content folder (`SourceLanguageGuess`), and the file says in capitals that the guess is to be
/// confirmed. The targets are the ones named, else the catalog folders already under `locales/`. The
/// content folder follows the site generator found (`SiteLayout`). An existing `tolk.yaml` is kept
/// unless `force`; the file is written whole or not at all.
public struct ProjectInitializer: Sendable {
    public var root: URL
    /// `--source`; nil: guess it.
    public var sourceLocale: String?
    /// `--locales`; nil: the catalog folders found.
    public var targetLocales: [String]?
    /// Replace an existing `tolk.yaml`.
    public var force = false

    /// How much of the content the guess reads: enough for the common words to speak, little enough
    /// for a big site to be read at once.
    static let guessBudget = 512 * 1024

    public init(root: URL, sourceLocale: String? = nil, targetLocales: [String]? = nil) {
        self.root = root.standardizedFileURL
        self.sourceLocale = sourceLocale
        self.targetLocales = targetLocales
    }

    /// What `run()` wrote.
    public struct Report: Sendable {
        /// The path written, `tolk.yaml` under the root.
        public var path: String
        public var configuration: InitialConfiguration
        /// Whether an existing `tolk.yaml` was replaced (`force`).
        public var replaced: Bool
    }

    /// Decides every value, checks it as `tolk.yaml` would, and writes the file.
    public func run() throws(InitError) -> Report {
        let url = root.appendingPathComponent(Configuration.fileName)
        let existed = FileManager.default.fileExists(atPath: url.path)
        if existed && !force { throw InitError.configurationExists(path: url.path) }

        let layout = SiteLayout.detect(in: root)
        var guess: SourceLanguageGuess?
        let source: String
        if let named = sourceLocale {
            try Self.checkCode(named, option: "--source")
            source = named
        } else {
            guess = try guessSource(contentPath: layout.contentPath)
            source = guess!.locale
        }
        let (targets, targetsNote) = try chooseTargets(source: source)
        let initial = InitialConfiguration(projectName: Self.projectName(for: root), sourceLocale: source, sourceGuess: guess,
                                           targetLocales: targets, targetsNote: targetsNote, layout: layout)
        do {
            // The file must be one every command reads: a tolk init that wrote a file tolk refuses would be a bug.
            _ = try Configuration.parse(initial.text, file: Configuration.fileName)
        } catch {
            throw InitError.invalidConfiguration(error)
        }
        do {
            if force {
                try FileTree.writeAtomically(Array(initial.text.utf8), to: url)
            } else if try !FileTree.writeNew(Array(initial.text.utf8), to: url) {
                throw InitError.configurationExists(path: url.path)
            }
        } catch let error as InitError {
            throw error
        } catch {
            throw InitError.unwritable(path: url.path, reason: FileTree.reason(error))
        }
        return Report(path: url.path, configuration: initial, replaced: existed)
    }

    /// The named targets, checked; else the catalog folders already there, without the source's.
    private func chooseTargets(source: String) throws(InitError) -> ([String], String?) {
        if let targetLocales {
            var seen: [String: String] = [:]
            for code in targetLocales {
                try Self.checkCode(code, option: "--locales")
                if let first = seen[LocaleCode.key(code)] {
                    throw InitError.badOption(option: "--locales", message: first == code ? "'\(code)' is listed twice" : "'\(code)' and '\(first)' are one locale", hint: "list each locale once")
                }
                seen[LocaleCode.key(code)] = code
                if LocaleCode.key(code) == LocaleCode.key(source) {
                    throw InitError.badOption(option: "--locales", message: "'\(code)' is the source locale (\(sourceLocale == nil ? "guessed" : "--source \(source)")) and cannot also be a target",
                                              hint: sourceLocale == nil ? "name the source with --source LANG" : "remove it from --locales, or name the language the content is written in with --source")
                }
            }
            return (targetLocales, nil)
        }
        let catalogs = root.appendingPathComponent("locales")
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: catalogs.path)) ?? []).filter { name in
            var isDirectory: ObjCBool = false
            return LocaleCode.problem(name) == nil
                && FileManager.default.fileExists(atPath: catalogs.appendingPathComponent(name).path, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
        guard !folders.isEmpty else { return ([], nil) }
        let targets = folders.filter { LocaleCode.key($0) != LocaleCode.key(source) }
        var note = "Taken from the catalog folders found under locales/."
        if targets.count < folders.count { note += " locales/\(source)/ is left out: it is the source's, and a catalog would translate the content into its own language." }
        return (targets, note)
    }

    private func guessSource(contentPath: String) throws(InitError) -> SourceLanguageGuess {
        let folder = root.appendingPathComponent(contentPath)
        var text = ""
        let files = (try? FileTree.files(under: folder)) ?? []
        for path in files where [".md", ".markdown", ".mdx"].contains(where: { path.lowercased().hasSuffix($0) }) {
            guard text.utf8.count < Self.guessBudget, let bytes = try? FileTree.read(folder.appendingPathComponent(path)) else { continue }
            text += Self.prose(String(decoding: bytes, as: UTF8.self)) + "\n"
        }
        guard let guess = SourceLanguageGuess(text: text) else {
            let why = files.isEmpty ? "no Markdown under \(contentPath)/" : "no language stands out in the text under \(contentPath)/"
            throw InitError.cannotGuessSource(reason: why)
        }
        return guess
    }

    /// A page's text without its front matter and fenced code: keys and code are English whatever the
    /// language of the page.
    static func prose(_ page: String) -> String {
        var kept: [Substring] = []
        var fence: Substring?
        var lines = page.split(separator: "\n", omittingEmptySubsequences: false)[...]
        if let first = lines.first, first == "---" || first == "+++" {
            let end = lines.dropFirst().firstIndex(of: first)
            lines = end.map { lines[($0 + 1)...] } ?? lines
        }
        for line in lines {
            let trimmed = line.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { fence = trimmed.prefix(3); continue }
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }

    /// The root folder's name, when `project:` accepts it as written (letters, digits, `.`, `_`, `-`, spaces).
    static func projectName(for root: URL) -> String? {
        let name = root.lastPathComponent
        guard !name.isEmpty, name.count <= 100, name.trimmingCharacters(in: .whitespaces) == name,
              name.allSatisfy({ $0.isLetter || $0.isNumber || "._- ".contains($0) }) else { return nil }
        return name
    }

    private static func checkCode(_ code: String, option: String) throws(InitError) {
        if let problem = LocaleCode.problem(code) { throw InitError.badOption(option: option, message: problem.message, hint: problem.hint) }
    }
}

/// Why `tolk init` wrote nothing.
public enum InitError: Error, CustomStringConvertible {
    case configurationExists(path: String)
    case badOption(option: String, message: String, hint: String)
    case cannotGuessSource(reason: String)
    case invalidConfiguration(ConfigurationError)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .configurationExists(let path):
            "\(path): error: tolk.yaml already exists; nothing was written (edit it, or replace it with tolk init --force)"
        case .badOption(let option, let message, let hint):
            "tolk init: error: \(option): \(message) (\(hint))"
        case .cannotGuessSource(let reason):
            "tolk init: error: cannot guess the source language: \(reason); nothing was written (name it: tolk init --source LANG)"
        case .invalidConfiguration(let error):
            "tolk init: error: the tolk.yaml made would be refused, so nothing was written: \(error)"
        case .unwritable(let path, let reason):
            "\(path): error: cannot write (\(reason))"
        }
    }
}
