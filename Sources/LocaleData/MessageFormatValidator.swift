/// Checks a translated ICU MessageFormat pattern against its source and the target locale's CLDR
/// plural rules, and returns every problem it finds, each at a UTF-8 byte offset into the translation.
///
/// What it checks:
/// - **Syntax**, with tolk's own parser (`MessagePattern`, which names what is wrong) and then with
///   ICU's (`MessageFormat.syntaxError`), which is what formats the message in the end.
/// - **`plural` branches.** The required categories are *all* the cardinal categories ICU has for the
///   locale, `other` always among them: Russian needs `one`, `few`, `many` and `other`, Japanese only
///   `other`. That includes categories only fractions reach (Russian `other` is 1,5 минуты), because
///   ICU picks them for such numbers and a missing branch would show the `other` text of another
///   grammatical form. An exact-value branch (`=0`, `=1`) is always allowed and never stands in for a
///   category: Russian `one` is also 21 and 101. A branch for a category the locale does not have
///   (`few` in German) is reported, since ICU would never choose it.
/// - **`selectordinal` branches**, the same way with the locale's ordinal categories (English `one`,
///   `two`, `few`, `other`: 1st, 2nd, 3rd, 4th; French `one`, `other`).
/// - **`select`** must have an `other` branch.
/// - **Arguments** against the source, nested ones included: one missing, one added, one renamed (a
///   missing and an added name, paired in order), and one whose kind changed (a `plural` in the source
///   written as a `select` or a plain `{count}`).
///
/// ```swift
/// let russian = try MessageFormatValidator(locale: "ru")
/// let problems = russian.problems(in: "{n, plural, one {# файл} other {# файлов}}",
///                                 source: "{n, plural, one {# file} other {# files}}")
/// problems.map(\.kind)     // [.missingPluralCategory(argument: "n", category: .few),
///                          //  .missingPluralCategory(argument: "n", category: .many)]
/// problems[0].hint         // "add a 'few' branch: Russian needs one, few, many, other"
/// ```
///
/// The validator holds only the locale's category lists, so make one per locale and reuse it.
public struct MessageFormatValidator: Sendable {
    public let locale: String
    /// The locale's cardinal categories (for `plural`), in CLDR order.
    public let cardinalCategories: [PluralCategory]
    /// The locale's ordinal categories (for `selectordinal`), in CLDR order.
    public let ordinalCategories: [PluralCategory]
    /// The locale's English name, for messages ("Russian").
    public let languageName: String

    public init(locale: String) throws(ICUError) {
        self.locale = locale
        cardinalCategories = try PluralRules(locale: locale).categories
        ordinalCategories = try PluralRules(locale: locale, kind: .ordinal).categories
        languageName = LocaleInfo.displayName(locale, in: "en")
    }

    /// Every problem of `translation` as a translation of `source` into `locale`.
    public static func problems(in translation: String, source: String, locale: String) throws(ICUError) -> [MessageFormatProblem] {
        try MessageFormatValidator(locale: locale).problems(in: translation, source: source)
    }

    /// Every problem of `translation`, ordered by offset. The source is parsed leniently; when even that
    /// fails, the arguments are not compared (the source is the author's, checked at extraction).
    public func problems(in translation: String, source: String) -> [MessageFormatProblem] {
        problems(in: translation, source: try? MessagePattern(source, requiringOther: false))
    }

    /// Every problem of `translation` against an already parsed source (parse it once when several
    /// translations share it, as gettext plural forms do).
    public func problems(in translation: String, source: MessagePattern?) -> [MessageFormatProblem] {
        let pattern: MessagePattern
        do {
            pattern = try MessagePattern(translation, requiringOther: false)
        } catch {
            // ICU would stop at the same spot, usually with a vaguer code: one syntax problem is enough.
            return [.syntax(error.reason, at: error.offset)]
        }
        var problems: [MessageFormatProblem] = []
        let occurrences = Self.occurrences(in: pattern.parts)
        for occurrence in occurrences {
            let argument = occurrence.argument
            switch argument.kind {
            case .simple:
                break
            case .plural(_, let branches):
                problems += categoryProblems(argument, branches, required: cardinalCategories, ordinal: false)
            case .selectOrdinal(_, let branches):
                problems += categoryProblems(argument, branches, required: ordinalCategories, ordinal: true)
            case .select(let branches):
                if !branches.contains(where: { $0.selector == "other" }) {
                    problems.append(MessageFormatProblem(
                        kind: .selectWithoutOther(argument: argument.name), offset: argument.offset,
                        message: "select {\(argument.name)} has no 'other' branch",
                        hint: "add an 'other' branch: ICU picks it for every value no other branch names"))
                }
            }
        }
        if let source {
            problems += argumentProblems(occurrences, source: Self.occurrences(in: source.parts))
        }
        problems.sort { $0.offset < $1.offset }  // stable: problems at one offset keep their order
        // Without a brace a pattern is literal text to ICU (a lone apostrophe or # included): no need to ask.
        let hasBrace = translation.utf8.contains { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }
        if hasBrace, let icu = MessageFormat.syntaxError(in: translation, locale: locale) {
            // A missing 'other' is ICU's U_DEFAULT_KEYWORD_MISSING: already reported, with the argument's name.
            let missingOther = problems.contains { $0.kind.isMissingOther }
            if !(missingOther && icu.error.name == "U_DEFAULT_KEYWORD_MISSING") {
                problems.append(.syntax("ICU rejects it: \(Self.describe(icu.error))", at: icu.offset))
            }
        }
        return problems
    }

    // MARK: Branches

    private func categoryProblems(_ argument: MessagePattern.Argument, _ branches: [MessagePattern.Branch],
                                  required: [PluralCategory], ordinal: Bool) -> [MessageFormatProblem] {
        var problems: [MessageFormatProblem] = []
        let keyword = ordinal ? "selectordinal" : "plural"
        let list = required.map(\.rawValue).joined(separator: ", ")
        // "German has no 'few' category" / "French ordinals have no 'few' category".
        let (owner, has, needs, categoriesOf) = ordinal
            ? ("\(languageName) ordinals", "have", "need", "the categories of \(languageName) ordinals")
            : (languageName, "has", "needs", "\(languageName)'s categories")
        for branch in branches where !branch.selector.hasPrefix("=") {
            if let category = PluralCategory(rawValue: branch.selector), required.contains(category) { continue }
            problems.append(MessageFormatProblem(
                kind: ordinal ? .unknownOrdinalCategory(argument: argument.name, selector: branch.selector)
                              : .unknownPluralCategory(argument: argument.name, selector: branch.selector),
                offset: branch.offset,
                message: "\(keyword) {\(argument.name)} has a '\(branch.selector)' branch, but \(owner) \(has) no '\(branch.selector)' category",
                hint: "remove it or use \(categoriesOf): \(list); =N is always allowed for an exact number"))
        }
        let present = Set(branches.map(\.selector))
        for category in required where !present.contains(category.rawValue) {
            problems.append(MessageFormatProblem(
                kind: ordinal ? .missingOrdinalCategory(argument: argument.name, category: category)
                              : .missingPluralCategory(argument: argument.name, category: category),
                offset: argument.offset,
                message: "\(keyword) {\(argument.name)} has no '\(category.rawValue)' branch",
                hint: "add \(category == .other ? "an" : "a") '\(category.rawValue)' branch: \(owner) \(needs) \(list)"))
        }
        return problems
    }

    // MARK: Arguments

    /// An argument where it occurs, with the complex argument (plural, select…) it sits in.
    struct Occurrence {
        let argument: MessagePattern.Argument
        let enclosing: String?
    }

    static func occurrences(in parts: [MessagePattern.Part], enclosing: String? = nil) -> [Occurrence] {
        var found: [Occurrence] = []
        func visit(_ parts: [MessagePattern.Part], enclosing: String?) {
            for case .argument(let argument) in parts {
                found.append(Occurrence(argument: argument, enclosing: enclosing))
                switch argument.kind {
                case .simple: break
                case .plural(_, let branches), .selectOrdinal(_, let branches), .select(let branches):
                    for branch in branches { visit(branch.parts, enclosing: argument.name) }
                }
            }
        }
        visit(parts, enclosing: enclosing)
        return found
    }

    private func argumentProblems(_ translation: [Occurrence], source: [Occurrence]) -> [MessageFormatProblem] {
        var sourceFirst: [String: Occurrence] = [:]
        var sourceNames: [String] = []
        for occurrence in source where sourceFirst[occurrence.argument.name] == nil {
            sourceFirst[occurrence.argument.name] = occurrence
            sourceNames.append(occurrence.argument.name)
        }
        var translationFirst: [String: Occurrence] = [:]
        var translationNames: [String] = []
        for occurrence in translation where translationFirst[occurrence.argument.name] == nil {
            translationFirst[occurrence.argument.name] = occurrence
            translationNames.append(occurrence.argument.name)
        }
        let missing = sourceNames.filter { translationFirst[$0] == nil }
        let added = translationNames.filter { sourceFirst[$0] == nil }
        let sourceList = sourceNames.map { "{\($0)}" }.joined(separator: ", ")
        var problems: [MessageFormatProblem] = []

        // A name gone and a name come, in the same order: most likely one renamed (or translated).
        for (old, new) in zip(missing, added) {
            problems.append(MessageFormatProblem(
                kind: .renamedArgument(from: old, to: new), offset: translationFirst[new]!.argument.offset,
                message: "{\(new)} should be {\(old)}: argument names stay as in the source",
                hint: "rename {\(new)} back to {\(old)}"))
        }
        for name in missing.dropFirst(added.count) {
            let enclosing = sourceFirst[name]?.enclosing
            let offset = enclosing.flatMap { translationFirst[$0]?.argument.offset } ?? 0
            problems.append(MessageFormatProblem(
                kind: .missingArgument(name), offset: offset,
                message: "the source's {\(name)} is missing",
                hint: "add {\(name)}" + (enclosing.map { " inside {\($0)}, as in the source" } ?? "") + ": the site puts its value there"))
        }
        for name in added.dropFirst(missing.count) {
            problems.append(MessageFormatProblem(
                kind: .addedArgument(name), offset: translationFirst[name]!.argument.offset,
                message: "{\(name)} is not in the source",
                hint: sourceNames.isEmpty ? "remove it, or quote literal braces as '{' and '}': the source has no arguments"
                                          : "remove it: the site fills in only \(sourceList)"))
        }
        for occurrence in translation {
            let argument = occurrence.argument
            guard let original = sourceFirst[argument.name]?.argument else { continue }
            let was = MessageFormatProblem.ArgumentKind(original.kind), now = MessageFormatProblem.ArgumentKind(argument.kind)
            guard was != now else { continue }
            problems.append(MessageFormatProblem(
                kind: .argumentKindChanged(argument: argument.name, source: was, translation: now), offset: argument.offset,
                message: "{\(argument.name)} is \(now.withArticle) here but \(was.withArticle) in the source",
                hint: "write it as the source does: \(Self.shape(of: original))"))
        }
        return problems
    }

    /// `{date}`, `{date, date, short}`, `{count, plural, …}`: how the source writes an argument, for hints.
    static func shape(of argument: MessagePattern.Argument) -> String {
        switch argument.kind {
        case .simple(let type, let style):
            return "{" + ([argument.name] + [type, style].compactMap { $0 }).joined(separator: ", ") + "}"
        case .plural: return "{\(argument.name), plural, …}"
        case .selectOrdinal: return "{\(argument.name), selectordinal, …}"
        case .select: return "{\(argument.name), select, …}"
        }
    }

    /// ICU's error codes in words.
    static func describe(_ error: ICUError) -> String {
        switch error.name {
        case "U_PATTERN_SYNTAX_ERROR": return "a syntax error (U_PATTERN_SYNTAX_ERROR)"
        case "U_UNMATCHED_BRACES": return "unmatched braces (U_UNMATCHED_BRACES)"
        case "U_DEFAULT_KEYWORD_MISSING": return "a branch set without 'other' (U_DEFAULT_KEYWORD_MISSING)"
        case "U_DUPLICATE_KEYWORD": return "a selector written twice (U_DUPLICATE_KEYWORD)"
        case "U_ARGUMENT_TYPE_MISMATCH": return "one argument used with two different types (U_ARGUMENT_TYPE_MISMATCH)"
        case "U_ILLEGAL_ARGUMENT_ERROR": return "an argument type or style ICU does not know (U_ILLEGAL_ARGUMENT_ERROR)"
        case "U_INDEX_OUTOFBOUNDS_ERROR": return "a number too large or a pattern nested too deeply (U_INDEX_OUTOFBOUNDS_ERROR)"
        default: return error.name
        }
    }
}

/// One problem of a translated MessageFormat pattern: what it is, where, and what to do about it.
public struct MessageFormatProblem: Equatable, Sendable, CustomStringConvertible {
    /// How an argument is written: `{name}` (with or without a type such as `number` or `date`),
    /// `plural`, `selectordinal` or `select`.
    public enum ArgumentKind: String, Sendable {
        case simple
        case plural
        case selectOrdinal = "selectordinal"
        case select

        init(_ kind: MessagePattern.Argument.Kind) {
            switch kind {
            case .simple: self = .simple
            case .plural: self = .plural
            case .selectOrdinal: self = .selectOrdinal
            case .select: self = .select
            }
        }

        var withArticle: String {
            switch self {
            case .simple: return "a plain argument"
            case .plural: return "a plural"
            case .selectOrdinal: return "a selectordinal"
            case .select: return "a select"
            }
        }
    }

    public enum Kind: Equatable, Sendable {
        /// tolk's parser or ICU rejects the pattern; the associated text says why.
        case syntax(String)
        /// A `plural` lacks a branch for one of the locale's cardinal categories.
        case missingPluralCategory(argument: String, category: PluralCategory)
        /// A `plural` has a branch for a category the locale does not have (`few` in German).
        case unknownPluralCategory(argument: String, selector: String)
        /// A `selectordinal` lacks a branch for one of the locale's ordinal categories.
        case missingOrdinalCategory(argument: String, category: PluralCategory)
        /// A `selectordinal` has a branch for a category the locale's ordinals do not have.
        case unknownOrdinalCategory(argument: String, selector: String)
        /// A `select` has no `other` branch.
        case selectWithoutOther(argument: String)
        /// An argument of the source does not appear in the translation.
        case missingArgument(String)
        /// An argument of the translation does not appear in the source.
        case addedArgument(String)
        /// The source's argument `from` appears as `to` in the translation.
        case renamedArgument(from: String, to: String)
        /// The argument is of another kind than in the source.
        case argumentKindChanged(argument: String, source: ArgumentKind, translation: ArgumentKind)

        var isMissingOther: Bool {
            switch self {
            case .missingPluralCategory(_, .other), .missingOrdinalCategory(_, .other), .selectWithoutOther: return true
            default: return false
            }
        }
    }

    public let kind: Kind
    /// UTF-8 byte offset into the translation.
    public let offset: Int
    /// What is wrong ("plural {n} has no 'few' branch").
    public let message: String
    /// What to do ("add a 'few' branch: Russian needs one, few, many, other").
    public let hint: String

    public var description: String { "at offset \(offset): \(message) (\(hint))" }

    static func syntax(_ reason: String, at offset: Int) -> MessageFormatProblem {
        MessageFormatProblem(kind: .syntax(reason), offset: offset, message: "ICU MessageFormat syntax: \(reason)",
                             hint: "compare the braces and keywords with the source; write a literal brace as '{' or '}'")
    }
}
