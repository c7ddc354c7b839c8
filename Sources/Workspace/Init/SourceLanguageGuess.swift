/// A guess at the language a site's text is written in, for `tolk init` without `--source`; always to
/// be confirmed by the user.
///
/// ICU has no language detector, and tolk does not ship one: the guess is made from the script of the
/// letters, then, for Latin and Cyrillic text, from the most common short words of a few languages
/// (`the`, `und`, `что`, `що`) that belong to no other of those languages. It can name a language only
/// among the ones it knows, so it says what it saw and what else the text could be.
///
/// ```swift
/// let guess = SourceLanguageGuess(text: "Это было в тот год, когда что-то …")
/// guess?.locale      // "ru"
/// guess?.evidence    // "Cyrillic letters; words only Russian uses (что, это, …) 3 times, Ukrainian 0, Bulgarian 0"
/// ```
public struct SourceLanguageGuess: Sendable, Equatable {
    /// The locale code guessed.
    public var locale: String
    /// What the guess rests on, in words.
    public var evidence: String
    /// Other languages the same evidence fits.
    public var alternatives: [String]

    /// Enough letters to say anything: below this, a guess would rest on a few titles.
    static let minimumLetters = 200
    /// A Latin or Cyrillic guess needs this many distinctive words, and twice as many as the runner-up.
    static let minimumWords = 10

    /// Guesses from `text`; nil when there is too little text or no language stands out.
    public init?(text: String) {
        var letters: [Script: Int] = [:]
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            if let script = Script(scalar) { letters[script, default: 0] += 1 }
        }
        let total = letters.values.reduce(0, +)
        guard total >= Self.minimumLetters, let (script, count) = letters.max(by: { $0.value < $1.value }) else { return nil }
        let share = count * 100 / total
        switch script {
        case .latin, .cyrillic:
            guard let guess = Self.byCommonWords(text, among: script == .latin ? Self.latinLanguages : Self.cyrillicLanguages, scriptName: script.name) else { return nil }
            self = guess
        case .han, .kana:
            // Japanese mixes kanji with kana; Chinese has no kana at all.
            let kana = letters[.kana] ?? 0
            if kana * 10 >= kana + (letters[.han] ?? 0) {
                self.init(locale: "ja", evidence: "Japanese kana among the letters (\(kana) of \(total))", alternatives: [])
            } else {
                self.init(locale: "zh-Hans", evidence: "Chinese characters (\(share)% of the letters) and no kana",
                          alternatives: ["zh-Hant (traditional characters: tolk cannot tell them apart)", "zh"])
            }
        default:
            guard let (locale, alternatives) = script.usualLanguage else { return nil }
            self.init(locale: locale, evidence: "\(script.name) letters (\(share)% of the letters)", alternatives: alternatives)
        }
    }

    public init(locale: String, evidence: String, alternatives: [String]) {
        self.locale = locale
        self.evidence = evidence
        self.alternatives = alternatives
    }

    // MARK: Common words

    /// A language's most common short words, as the guess counts them.
    struct CommonWords {
        var locale: String
        var name: String
        var words: Set<String>
    }

    static let latinLanguages: [CommonWords] = [
        CommonWords(locale: "en", name: "English", words: ["the", "and", "of", "to", "is", "that", "it", "was", "for", "with", "on", "as", "are", "this", "you", "be", "at", "by", "not", "have", "from", "but", "we"]),
        CommonWords(locale: "de", name: "German", words: ["der", "die", "und", "das", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "sich", "auf", "für", "dem", "von", "ich", "es", "auch", "wir", "im"]),
        CommonWords(locale: "fr", name: "French", words: ["le", "la", "les", "et", "est", "des", "une", "un", "du", "que", "dans", "pour", "pas", "qui", "sur", "au", "avec", "ce", "il", "nous", "sont"]),
        CommonWords(locale: "es", name: "Spanish", words: ["el", "la", "los", "las", "y", "de", "que", "en", "es", "un", "una", "por", "con", "para", "no", "se", "del", "al", "como", "pero", "muy"]),
        CommonWords(locale: "it", name: "Italian", words: ["il", "di", "che", "la", "e", "è", "un", "una", "per", "non", "sono", "del", "della", "con", "le", "gli", "si", "da", "ma", "anche"]),
        CommonWords(locale: "pt", name: "Portuguese", words: ["os", "as", "de", "que", "e", "é", "um", "uma", "não", "em", "do", "da", "para", "com", "no", "na", "por", "mais"]),
        CommonWords(locale: "nl", name: "Dutch", words: ["de", "het", "een", "en", "van", "is", "dat", "niet", "op", "zijn", "met", "voor", "ook", "maar", "aan", "bij", "wat", "die"]),
        CommonWords(locale: "sv", name: "Swedish", words: ["och", "att", "det", "är", "en", "som", "på", "av", "för", "med", "inte", "den", "till", "har", "om", "jag", "ett", "var", "men", "kan"]),
        CommonWords(locale: "pl", name: "Polish", words: ["i", "w", "nie", "się", "na", "z", "że", "do", "to", "jest", "jak", "o", "ale", "po", "co", "tak", "od", "czy", "za", "przez"]),
    ]

    static let cyrillicLanguages: [CommonWords] = [
        CommonWords(locale: "ru", name: "Russian", words: ["и", "в", "не", "на", "что", "с", "это", "как", "по", "он", "но", "я", "из", "к", "у", "все", "она", "так", "же", "был", "мы", "от", "его", "или", "только"]),
        CommonWords(locale: "uk", name: "Ukrainian", words: ["і", "в", "не", "на", "що", "з", "це", "як", "та", "до", "й", "у", "по", "від", "але", "є", "для", "він", "я", "ми", "так", "вона", "його", "або", "тільки"]),
        CommonWords(locale: "bg", name: "Bulgarian", words: ["и", "в", "на", "не", "да", "се", "от", "за", "че", "е", "с", "са", "това", "като", "по", "но", "ще", "си", "до", "които"]),
    ]

    /// Counts, for each language, the words of its list that no other language of the script lists:
    /// `de` is Spanish, Portuguese, Dutch and French, so it says nothing; `the` says English.
    private static func byCommonWords(_ text: String, among languages: [CommonWords], scriptName: String) -> SourceLanguageGuess? {
        var listing: [String: Int] = [:]
        for language in languages { for word in language.words { listing[word, default: 0] += 1 } }
        var counts = Array(repeating: 0, count: languages.count)
        var seen = Array(repeating: [String: Int](), count: languages.count)
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "’" }) {
            let word = String(word)
            guard listing[word] == 1 else { continue }
            for (index, language) in languages.enumerated() where language.words.contains(word) {
                counts[index] += 1
                seen[index][word, default: 0] += 1
            }
        }
        let ranked = counts.indices.sorted { counts[$0] > counts[$1] }
        guard let best = ranked.first, counts[best] >= minimumWords else { return nil }
        let runnerUp = ranked.count > 1 ? counts[ranked[1]] : 0
        guard counts[best] >= 2 * runnerUp else { return nil }
        let examples = seen[best].sorted { $0.value > $1.value }.prefix(3).map(\.key).joined(separator: ", ")
        let others = ranked.dropFirst().prefix(2).map { "\(languages[$0].name) \(counts[$0])" }.joined(separator: ", ")
        return SourceLanguageGuess(
            locale: languages[best].locale,
            evidence: "\(scriptName) letters; words only \(languages[best].name) uses among the \(languages.count) languages tolk compares (\(examples), …) \(counts[best]) times, \(others)",
            alternatives: ranked.dropFirst().filter { counts[$0] * 4 >= counts[best] }.map { languages[$0].locale } + (scriptName == "Cyrillic" ? ["another language written in Cyrillic (sr, mk, be, kk, …)"] : ["another language written in Latin letters"]))
    }

    // MARK: Scripts

    enum Script: Hashable {
        case latin, cyrillic, greek, arabic, hebrew, devanagari, thai, hangul, kana, han

        init?(_ scalar: Unicode.Scalar) {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: self = .latin
            case 0x400...0x52F: self = .cyrillic
            case 0x370...0x3FF, 0x1F00...0x1FFF: self = .greek
            case 0x600...0x6FF, 0x750...0x77F, 0xFB50...0xFDFF, 0xFE70...0xFEFF: self = .arabic
            case 0x590...0x5FF: self = .hebrew
            case 0x900...0x97F: self = .devanagari
            case 0xE00...0xE7F: self = .thai
            case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: self = .hangul
            case 0x3040...0x30FF, 0x31F0...0x31FF: self = .kana
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: self = .han
            default: return nil
            }
        }

        var name: String {
            switch self {
            case .latin: "Latin"
            case .cyrillic: "Cyrillic"
            case .greek: "Greek"
            case .arabic: "Arabic"
            case .hebrew: "Hebrew"
            case .devanagari: "Devanagari"
            case .thai: "Thai"
            case .hangul: "Hangul"
            case .kana: "Japanese kana"
            case .han: "Chinese"
            }
        }

        /// The language most sites in this script are written in, and the others it could be.
        var usualLanguage: (String, [String])? {
            switch self {
            case .greek: ("el", [])
            case .arabic: ("ar", ["fa", "ur", "ps"])
            case .hebrew: ("he", ["yi"])
            case .devanagari: ("hi", ["mr", "ne"])
            case .thai: ("th", [])
            case .hangul: ("ko", [])
            case .latin, .cyrillic, .kana, .han: nil
            }
        }
    }
}
