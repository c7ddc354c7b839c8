import Yams

/// One locale code as `tolk.yaml` writes it, and where: the setting it belongs to and its 1-based
/// line and column, so that an error can point at the code itself.
package struct LocaleMention: Sendable {
    var code: String
    /// The setting, as a user would name it: `locales`, `fallbacks.pt-BR`, `build.min_translated`.
    var setting: String
    var line: Int
    var column: Int

    init(code: String, setting: String, node: Node) {
        self.code = code
        self.setting = setting
        line = node.mark?.line ?? 0
        column = node.mark?.column ?? 0
    }

    var position: String { "\(line):\(column)" }
}

/// The rules every locale in `tolk.yaml` follows, wherever it is written: the source, the targets, the
/// fallback chains, the per-locale minimums and the pseudo-locales.
///
/// - Each code is a canonical BCP 47 tag of a language ICU knows (`LocaleCode.problem`).
/// - No list names one locale twice, in any spelling (`[ru, ru]`, `[en, EN]`, `[pt_BR, pt-BR]`).
/// - The source is not a target: its catalogs would translate the content into its own language.
/// - A fallback chain does not name its own locale or the source (the source text always ends it).
/// - A per-locale minimum names a target or a pseudo-locale when the targets are listed.
///
/// The first broken rule is thrown, at the code that breaks it.
struct LocaleSettingsCheck {
    var file: String
    var source: LocaleMention?
    /// The source locale in effect: `source:`, else the convention.
    var sourceLocale: String
    var targets: [LocaleMention]?
    var fallbacks: [(locale: LocaleMention, chain: [LocaleMention])] = []
    var minimums: [LocaleMention] = []
    var pseudoLocales: [LocaleMention] = []

    func run() throws(ConfigurationError) {
        for list in [targets ?? [], fallbacks.map(\.locale), minimums, pseudoLocales] + fallbacks.map(\.chain) {
            try checkEachOnce(list)
        }
        var everyCode = (source.map { [$0] } ?? []) + (targets ?? []) + minimums
        for (locale, chain) in fallbacks { everyCode += [locale] + chain }
        for mention in everyCode {
            guard let problem = LocaleCode.problem(mention.code) else { continue }
            throw error(at: mention, problem.message, hint: problem.hint)
        }
        let sourceKey = LocaleCode.key(sourceLocale)
        let sourceWhere = source.map { "source: \($0.code) on line \($0.line)" } ?? "source: is not set, so the content is read as \(sourceLocale)"
        for target in targets ?? [] where LocaleCode.key(target.code) == sourceKey {
            throw error(at: target, "'\(target.code)' is the source locale (\(sourceWhere)) and cannot also be a target",
                        hint: "remove it from locales, or set source: to the language the content is written in")
        }
        for pseudo in pseudoLocales where LocaleCode.key(pseudo.code) == sourceKey || (targets ?? []).contains(where: { LocaleCode.key($0.code) == LocaleCode.key(pseudo.code) }) {
            throw error(at: pseudo, "'\(pseudo.code)' is listed as a pseudo-locale and as a real locale",
                        hint: "a pseudo-locale is made by machine; remove it from locales")
        }
        for (locale, chain) in fallbacks {
            for next in chain where LocaleCode.key(next.code) == LocaleCode.key(locale.code) {
                throw error(at: next, "'\(locale.code)' falls back to itself", hint: "a chain lists the locales tried after \(locale.code), e.g. pt-BR: [pt]")
            }
            for next in chain where LocaleCode.key(next.code) == sourceKey {
                throw error(at: next, "'\(next.code)' is the source locale (\(sourceWhere)); the source text always ends a fallback chain",
                            hint: "remove it from \(next.setting)")
            }
        }
        if let targets {
            let known = Set((targets + pseudoLocales).map { LocaleCode.key($0.code) })
            for minimum in minimums where !known.contains(LocaleCode.key(minimum.code)) {
                throw error(at: minimum, "\(minimum.setting): '\(minimum.code)' is not one of the locales (\((targets + pseudoLocales).map(\.code).joined(separator: ", ")))",
                            hint: "a per-locale minimum names a locale of locales: or build.pseudo_locales")
            }
        }
    }

    /// `[ru, ru]` and `[en, EN]`: one locale listed twice would make two catalogs, two builds and two
    /// folders (or, on a case-insensitive disk, two builds into one folder).
    private func checkEachOnce(_ list: [LocaleMention]) throws(ConfigurationError) {
        var seen: [String: LocaleMention] = [:]
        for mention in list {
            let key = LocaleCode.key(mention.code)
            guard let first = seen[key] else { seen[key] = mention; continue }
            if first.code == mention.code {
                throw error(at: mention, "'\(mention.code)' is listed twice in \(mention.setting) (first at \(file):\(first.position))",
                            hint: "list each locale once")
            }
            throw error(at: mention, "'\(mention.code)' and '\(first.code)' (\(file):\(first.position)) in \(mention.setting) are one locale",
                        hint: "locale codes are compared ignoring case and _ or -; keep one, written \(LocaleCode.canonical(mention.code) ?? first.code)")
        }
    }

    private func error(at mention: LocaleMention, _ message: String, hint: String) -> ConfigurationError {
        ConfigurationError(file: file, line: mention.line, column: mention.column, message: message, hint: hint)
    }
}
