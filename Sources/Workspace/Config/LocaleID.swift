/// One locale of a site, with what it is to the site: the language the content is written in, a
/// target that translators work on, or a pseudo-locale that only `tolk build` writes.
///
/// Commands take locale names from users (`tolk export RU`, `--locale pt_BR`, a file's Language
/// header); `Project.locale(named:)` turns such a name into a `LocaleID` by the rules of `LocaleCode`
/// (case and `_`/`-` do not matter), and `Project.targetLocale(named:)` is the one place that says no,
/// in one wording, when a command needs a target and the name is not one.
///
/// ```swift
/// try project.targetLocale(named: "PT_br").code   // "pt-BR", as tolk.yaml spells it
/// try project.targetLocale(named: "en")           // UnknownLocaleError: … it is the source locale
/// ```
public struct LocaleID: Hashable, Sendable, CustomStringConvertible {
    public enum Role: Sendable, Hashable {
        case source, target, pseudo
    }

    /// The code as the site spells it (tolk.yaml or the catalog folder): it names folders and files.
    public let code: String
    public let role: Role

    public var description: String { code }
}

/// A command named a locale it cannot work on; the message is the same for every command.
public struct UnknownLocaleError: Error, Equatable, CustomStringConvertible {
    /// The name as the user gave it.
    public let name: String
    /// What the name is to the site when it is not a target (the source, a pseudo-locale), or nil.
    public let role: LocaleID.Role?
    public let targets: [String]

    public var description: String {
        let message = "error: '\(name)' is not a target locale of this site (targets: \(targets.joined(separator: ", ")))"
        switch role {
        case .source: return message + "; it is the source locale, which has no catalogs"
        case .pseudo: return message + "; it is a pseudo-locale, which only tolk build writes"
        case .target, nil: return message + "; add it to locales in tolk.yaml"
        }
    }
}

extension Project {
    /// The site's locale that `name` spells (the source, a target or a build pseudo-locale), in the
    /// site's own spelling; nil when the site has no such locale.
    public func locale(named name: String) -> LocaleID? {
        let key = LocaleCode.key(name)
        if LocaleCode.key(configuration.sourceLocale) == key { return LocaleID(code: configuration.sourceLocale, role: .source) }
        if let target = targetLocales.first(where: { LocaleCode.key($0) == key }) { return LocaleID(code: target, role: .target) }
        if let pseudo = configuration.build.pseudoLocales.first(where: { LocaleCode.key($0) == key }) { return LocaleID(code: pseudo, role: .pseudo) }
        return nil
    }

    /// The target locale `name` spells, in the site's own spelling, for the commands that work on a
    /// target's catalogs (export, import, check, status, translate, adopt).
    public func targetLocale(named name: String) throws(UnknownLocaleError) -> String {
        let found = locale(named: name)
        guard let found, found.role == .target else { throw UnknownLocaleError(name: name, role: found?.role, targets: targetLocales) }
        return found.code
    }
}
