/// The `#,` line of an entry in the order and spelling gettext 0.21 writes it.
///
/// gettext reads flags into fields (fuzzy, one state per format language, a range, wrapping) and
/// writes them back from those fields, so the order in the file is not kept:
/// `fuzzy` first (only when `msgstr[0]` is not empty), then format flags in gettext's language
/// order, then `range: min..max` (not on obsolete entries), then `no-wrap`. For a format language or
/// wrapping named twice the last one counts; `possible-c-format` is written `c-format`,
/// `impossible-c-format` and `wrap` (the defaults) are not written.
///
/// Flags gettext does not know are kept and written after those (msgcat would drop them).
enum POFlags {
    /// gettext 0.21's format languages in the order its writer lists them (`format_language[]`).
    static let formatLanguages = [
        "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme", "lisp",
        "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt", "qt-plural", "kde",
        "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp",
    ]

    private static let languageIndex: [String: Int] = Dictionary(uniqueKeysWithValues: formatLanguages.enumerated().map { ($1, $0) })

    struct Parsed {
        var fuzzy = false
        /// Format flags, in gettext's order, as written.
        var formats: [String] = []
        /// The strings are C (or Objective-C) format strings whose directives a line never breaks:
        /// gettext protects the directives of the first format the entry may be, if it is C's.
        var directives: StringFormat = .none
        var range: String?
        var noWrap = false
        var unknown: [String] = []
    }

    static func parse(_ flags: [String]) -> Parsed {
        var parsed = Parsed()
        if flags.isEmpty { return parsed }
        if flags.count == 1 && flags[0] == "fuzzy" {
            parsed.fuzzy = true
            return parsed
        }
        var states: [Int: (written: String, possible: Bool)] = [:]
        for flag in flags {
            switch flag {
            case "fuzzy": parsed.fuzzy = true
            case "wrap": parsed.noWrap = false
            case "no-wrap": parsed.noWrap = true
            default:
                if let (language, written) = format(flag) {
                    states[language] = written
                } else if flag.hasPrefix("range:") {
                    if let range = range(flag) { parsed.range = range }
                } else if !parsed.unknown.contains(flag) {
                    parsed.unknown.append(flag)
                }
            }
        }
        let languages = states.keys.sorted()
        parsed.formats = languages.compactMap { states[$0].flatMap { $0.written.isEmpty ? nil : $0.written } }
        switch languages.first(where: { states[$0]?.possible == true }) {
        case 0: parsed.directives = .c
        case 1: parsed.directives = .objc
        default: break
        }
        return parsed
    }

    /// The language index, the flag as gettext writes it ("" for `impossible-…`, which it does not
    /// write), and whether the strings may be of that format.
    private static func format(_ flag: String) -> (Int, (written: String, possible: Bool))? {
        guard flag.hasSuffix("-format") else { return nil }
        var name = Substring(flag.dropLast("-format".count))
        var kind = ""
        for prefix in ["no-", "possible-", "impossible-"] where name.hasPrefix(prefix) {
            // `no-` and friends qualify a language; a language is never named `no-…` itself.
            let rest = name.dropFirst(prefix.count)
            if languageIndex[String(rest)] != nil {
                kind = prefix
                name = rest
                break
            }
        }
        guard let index = languageIndex[String(name)] else { return nil }
        switch kind {
        case "no-": return (index, ("no-\(name)-format", false))
        case "impossible-": return (index, ("", false))
        default: return (index, ("\(name)-format", true))
        }
    }

    /// `range: 1..5` as gettext writes it, or nil when gettext would reject it.
    private static func range(_ flag: String) -> String? {
        let body = flag.dropFirst("range:".count).drop { $0 == " " || $0 == "\t" }
        let parts = body.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].isEmpty,
              let minimum = Int(parts[0]), let maximum = Int(parts[2].trimmingSuffix { $0 == " " || $0 == "\t" }),
              minimum >= 0, minimum < maximum else { return nil }
        return "range: \(minimum)..\(maximum)"
    }
}

/// Format strings whose directives the writer keeps on one line.
enum StringFormat {
    case none, c, objc
}

private extension Substring {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
