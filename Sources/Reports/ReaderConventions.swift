import LocaleData

/// How a report speaks to its reader: locale names in the reader's language, numbers with the reader's
/// digits and separators, rows in the reader's collation order. All of it comes from ICU.
///
/// ```swift
/// let reader = try ReaderConventions(locale: "en")
/// reader.label(for: "ru")              // "Russian · русский (ru)"
/// reader.number(5895)                  // "5,895"
/// reader.percent(Share(done: 453, total: 1000))   // "45.3%"
/// ```
public final class ReaderConventions {
    public let locale: String
    private let integers: LocaleNumberFormatter
    private let percents: LocaleNumberFormatter
    private let wholePercents: LocaleNumberFormatter
    private let collator: Collator
    private var names: [String: (own: String, reader: String)] = [:]

    public init(locale: String) throws(ICUError) {
        self.locale = locale
        integers = try LocaleNumberFormatter(locale: locale)
        percents = try LocaleNumberFormatter(locale: locale, style: .percent, fractionDigits: 0...1)
        wholePercents = try LocaleNumberFormatter(locale: locale, style: .percent)
        collator = try Collator(locale: locale)
    }

    /// Whether the reader's script runs right to left (the HTML page's direction).
    public var isRightToLeft: Bool { LocaleInfo.isRightToLeft(locale) }

    public func number(_ value: Int) -> String { integers.string(value) }

    /// The share as a percentage rounded down to a tenth: "45.3%", "100%", "45,3 %" for a German reader.
    public func percent(_ share: Share) -> String { percents.string(share.fractionToPermille) }

    /// The share as a whole percentage rounded down, for a badge: "87%", "99%" until it is complete.
    public func wholePercent(_ share: Share) -> String { wholePercents.string(Double(share.permille / 10) / 100) }

    /// The locale's name in its own language ("русский").
    public func ownName(of target: String) -> String { names(of: target).own }

    /// The locale's name in the reader's language ("Russian").
    public func readerName(of target: String) -> String { names(of: target).reader }

    /// "Russian · русский (ru)": the reader's name first (the rows are sorted by it), then the
    /// locale's own name when it differs, then the code.
    public func label(for target: String) -> String {
        let names = names(of: target)
        return names.own == names.reader ? "\(names.reader) (\(target))" : "\(names.reader) · \(names.own) (\(target))"
    }

    /// Locales in the reader's collation order of their names, ties broken by code.
    public func sortedLocales<Item>(_ items: [Item], locale: (Item) -> String) -> [Item] {
        collator.sorted(items.sorted { locale($0) < locale($1) }) { readerName(of: locale($0)) }
    }

    /// Sections in `StatusSection` order, page folders in the reader's collation of their names.
    public func sortedSections(_ sections: [StatusSection]) -> [StatusSection] {
        sections.sorted { lhs, rhs in
            if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
            let order = collator.compare(lhs.id, rhs.id)
            return order != 0 ? order < 0 : StatusSection.precedes(lhs, rhs)
        }
    }

    private func names(of target: String) -> (own: String, reader: String) {
        if let known = names[target] { return known }
        let found = (LocaleInfo.displayName(target, in: target), LocaleInfo.displayName(target, in: locale))
        names[target] = found
        return found
    }
}

/// Chooses the reader's locale: `--reader-locale` when given, else the first of `LC_ALL`, `LC_MESSAGES`
/// and `LANG` that is set (POSIX's order), else the site's source locale. A POSIX value such as
/// `de_DE.UTF-8@euro` means `de-DE`; `C`, `POSIX` and locales ICU has no data for mean "no preference".
public enum ReaderLocale {
    public static func resolve(requested: String?, environment: [String: String], sourceLocale: String) throws(ReaderLocaleError) -> String {
        if let requested {
            guard let locale = known(requested) else { throw .unknown(requested) }
            return locale
        }
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[variable], !value.isEmpty else { continue }
            // The first variable set decides, as it does for every POSIX program.
            return posixLocale(value).flatMap(known) ?? sourceLocale
        }
        return sourceLocale
    }

    /// `de_DE.UTF-8@euro` → `de-DE`; nil for `C` and `POSIX`.
    static func posixLocale(_ value: String) -> String? {
        let name = value.split(whereSeparator: { $0 == "." || $0 == "@" }).first.map(String.init) ?? ""
        guard !name.isEmpty, name != "C", name != "POSIX" else { return nil }
        return String(name.map { $0 == "_" ? "-" : $0 })
    }

    /// The locale as a BCP 47 tag when ICU has data for its language, else nil.
    static func known(_ locale: String) -> String? {
        let tag = String(locale.map { $0 == "_" ? "-" : $0 })
        let language = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
        guard !language.isEmpty, language.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return available.contains(language) ? tag : nil
    }

    private static let available: Set<String> = Set(LocaleInfo.availableLocales.map { tag in
        tag.split(separator: "-").first.map { $0.lowercased() } ?? tag
    })
}

public enum ReaderLocaleError: Error, Equatable, CustomStringConvertible {
    case unknown(String)

    public var description: String {
        switch self {
        case .unknown(let locale):
            return "error: --reader-locale '\(locale)' is not a locale ICU has data for (use a BCP 47 code such as en, de, pt-BR)"
        }
    }
}
