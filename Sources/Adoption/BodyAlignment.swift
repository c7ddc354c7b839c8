/// Pairs the body units of a source page with those of its translation: headings with headings,
/// paragraphs with paragraphs, list items, table cells…, using what a translation keeps (anchors) and
/// the length of the prose, so that a paragraph added, removed, merged or moved on one side shifts no
/// translation onto the wrong source.
///
/// The page is cut into sections at its headings. Sections pair one to one when both pages have the
/// same headings (by level); otherwise by a sequence alignment over them. Inside a pair of sections,
/// units pair by position when the two have the same kinds in the same order (a unit whose anchors
/// contradict its partner's is paired by its anchors instead, if they single out one unit, or left
/// out); otherwise by a sequence alignment that can also pair two source units with one translated
/// unit (merged) or the reverse (split), which are then left untranslated. A pair found where the
/// structure matches is certain (translated); one found by alignment is uncertain (needs review)
/// unless its anchors agree in full; one whose lengths disagree too much is not made at all.
struct BodyAlignment {
    enum Confidence: Equatable { case certain, uncertain }
    struct Pair: Equatable {
        /// Indices into the source and translation units given to `align`.
        var source: Int
        var translation: Int
        var confidence: Confidence
    }

    var pairs: [Pair] = []
    var findings: [String] = []
    /// Translated units paired with nothing.
    var extraInTranslation = 0

    /// A sequence alignment bigger than this (units × units) is not attempted: the page is reported as
    /// too different instead of taking seconds and gigabytes.
    static let maximumCells = 4_000_000
    /// How much longer or shorter (relative to the page's ratio) a translation may be and still pair.
    static let minimumLengthAgreement = 0.45

    static func align(source: [AlignedUnit], translation: [AlignedUnit]) -> BodyAlignment {
        var result = BodyAlignment()
        let sourceProse = source.reduce(0) { $0 + $1.proseLength }, translatedProse = translation.reduce(0) { $0 + $1.proseLength }
        let ratio = sourceProse > 0 && translatedProse > 0 ? min(5, max(0.2, Double(translatedProse) / Double(sourceProse))) : 1
        var aligner = Aligner(source: source, translation: translation, ratio: ratio)
        aligner.run()
        result.pairs = aligner.pairs.sorted { $0.source < $1.source }
        result.findings = aligner.findings
        result.extraInTranslation = translation.count - Set(aligner.pairs.map(\.translation)).count
        return result
    }

    private struct Section {
        var heading: Int?
        var body: [Int] = []
    }

    private struct Aligner {
        let source: [AlignedUnit]
        let translation: [AlignedUnit]
        /// How long a translation is for its source: the page's, until the sections that pair by
        /// shape give a better one (a missing paragraph would skew the page's).
        var ratio: Double
        var pairs: [Pair] = []
        var findings: [String] = []

        init(source: [AlignedUnit], translation: [AlignedUnit], ratio: Double) {
            self.source = source
            self.translation = translation
            self.ratio = ratio
        }

        static func sections(_ units: [AlignedUnit]) -> [Section] {
            var sections = [Section()]
            for (index, unit) in units.enumerated() {
                if unit.isHeading { sections.append(Section(heading: index)) } else { sections[sections.count - 1].body.append(index) }
            }
            return sections
        }

        /// 1 when the translation is as long as the page's ratio predicts, less the further it is.
        func lengthAgreement(_ sourceLength: Int, _ translatedLength: Int) -> Double {
            // Short texts vary most: a margin of a few characters keeps "FAQ" → "Вопросы" a match.
            let expected = Double(sourceLength) * ratio + 8, actual = Double(translatedLength) + 8
            return min(expected, actual) / max(expected, actual)
        }

        /// The score of pairing two units, or nil when they cannot be partners.
        func pairScore(_ s: Int, _ t: Int) -> Double? {
            let a = source[s], b = translation[t]
            guard a.kind == b.kind else { return nil }
            let anchors = AlignedUnit.anchorAgreement(a.anchors, b.anchors)
            if let anchors, anchors < 0.5 { return nil }
            let numbers = AlignedUnit.anchorAgreement(a.numbers, b.numbers) ?? 0
            return 1 + 2 * (anchors ?? 0) + 0.5 * numbers + lengthAgreement(a.proseLength, b.proseLength)
        }

        mutating func run() {
            let sourceSections = Self.sections(source), translatedSections = Self.sections(translation)
            let sameHeadings = sourceSections.count == translatedSections.count
                && zip(sourceSections, translatedSections).allSatisfy { a, b in a.heading.map { source[$0].kind } == b.heading.map { translation[$0].kind } }
            var sectionPairs: [(Int, Int, Confidence)] = []
            if sameHeadings {
                sectionPairs = sourceSections.indices.map { ($0, $0, .certain) }
            } else {
                // The lead (before the first heading) pairs with the lead; the headed sections by alignment.
                sectionPairs.append((0, 0, .uncertain))
                let steps = Self.bestPath(count: (sourceSections.count - 1, translatedSections.count - 1), pair: { s, t in
                    let a = sourceSections[s + 1], b = translatedSections[t + 1]
                    guard let heading = pairScore(a.heading!, b.heading!) else { return nil }
                    let shape = Double(min(a.body.count, b.body.count) + 1) / Double(max(a.body.count, b.body.count) + 1)
                    return heading + shape
                }, merge: nil, split: nil)
                var previous = "the start of the page"
                for step in steps {
                    switch step {
                    case .pair(let s, let t):
                        sectionPairs.append((s + 1, t + 1, .uncertain))
                        previous = source[sourceSections[s + 1].heading!].excerpt
                    case .skipSource(let s):
                        let section = sourceSections[s + 1]
                        findings.append("the translation has no section \(source[section.heading!].excerpt) (line \(source[section.heading!].line), \(section.body.count + 1) units): left untranslated")
                        previous = source[section.heading!].excerpt
                    case .skipTranslation(let t):
                        let section = translatedSections[t + 1]
                        findings.append("the translation has a section the source does not, after \(previous): \(translation[section.heading!].excerpt) (line \(translation[section.heading!].line))")
                    case .merge, .split: break
                    }
                }
                if steps.isEmpty, sourceSections.count > 1 {
                    findings.append("the page is too large to align its sections")
                }
            }
            var sourceLength = 0, translatedLength = 0
            for (s, t, _) in sectionPairs {
                let a = sourceSections[s], b = translatedSections[t]
                guard a.body.count == b.body.count, zip(a.body, b.body).allSatisfy({ source[$0].kind == translation[$1].kind }) else { continue }
                for (i, j) in zip(a.body + (a.heading.map { [$0] } ?? []), b.body + (b.heading.map { [$0] } ?? [])) {
                    sourceLength += source[i].proseLength
                    translatedLength += translation[j].proseLength
                }
            }
            if sourceLength >= 60, translatedLength > 0 { ratio = min(5, max(0.2, Double(translatedLength) / Double(sourceLength))) }
            for (s, t, confidence) in sectionPairs {
                let a = sourceSections[s], b = translatedSections[t]
                if let sh = a.heading, let th = b.heading {
                    if let anchors = AlignedUnit.anchorAgreement(source[sh].anchors, translation[th].anchors), anchors < 0.5 {
                        findings.append("heading \(source[sh].excerpt) (line \(source[sh].line)) and the translation's heading at line \(translation[th].line) keep different pieces: \(Self.difference(source[sh].anchors, translation[th].anchors)); left untranslated")
                    } else {
                        pairs.append(Pair(source: sh, translation: th, confidence: confidence))
                    }
                }
                alignBodies(a.body, b.body, confidence: confidence, after: a.heading.map { source[$0].excerpt } ?? "the start of the page")
            }
            markChangedCode()
        }

        /// "`a`, `b` in the source; `c` in the translation".
        static func difference(_ a: [String], _ b: [String]) -> String {
            let onlyA = a.filter { !b.contains($0) }, onlyB = b.filter { !a.contains($0) }
            func list(_ items: [String]) -> String { items.isEmpty ? "nothing" : items.joined(separator: " ") }
            return "\(list(onlyA)) in the source, \(list(onlyB)) in the translation"
        }

        mutating func alignBodies(_ s: [Int], _ t: [Int], confidence: Confidence, after heading: String) {
            if s.count == t.count, zip(s, t).allSatisfy({ source[$0].kind == translation[$1].kind }) {
                alignSameShape(s, t, confidence: confidence, after: heading)
                return
            }
            if s.count * t.count > BodyAlignment.maximumCells {
                findings.append("the section after \(heading) is too large to align (\(s.count) and \(t.count) units): left untranslated")
                return
            }
            let scorer = self
            let steps = Self.bestPath(count: (s.count, t.count), pair: { scorer.pairScore(s[$0], t[$1]) }, merge: { i, j in
                scorer.combinedScore(sources: [s[i], s[i + 1]], translations: [t[j]])
            }, split: { i, j in
                scorer.combinedScore(sources: [s[i]], translations: [t[j], t[j + 1]])
            })
            var previous = heading
            var skippedSources: [Int] = [], skippedTranslations: [Int] = []
            func flush() {
                if !skippedSources.isEmpty {
                    findings.append("the source has \(Self.describe(skippedSources.map { source[$0] })) more after \(previous) (\(Self.lines(skippedSources.map { source[$0].line }))): left untranslated")
                    skippedSources = []
                }
                if !skippedTranslations.isEmpty {
                    findings.append("the translation has \(Self.describe(skippedTranslations.map { translation[$0] })) more after \(previous) (\(Self.lines(skippedTranslations.map { translation[$0].line })) of the translation)")
                    skippedTranslations = []
                }
            }
            for step in steps {
                switch step {
                case .pair(let i, let j):
                    flush()
                    let a = source[s[i]], b = translation[t[j]]
                    let anchors = AlignedUnit.anchorAgreement(a.anchors, b.anchors)
                    if lengthAgreement(a.proseLength, b.proseLength) < BodyAlignment.minimumLengthAgreement && anchors != 1 {
                        findings.append("\(a.kind) \(a.excerpt) (line \(a.line)) has no counterpart of a likely length in the translation (line \(b.line) is \(b.proseLength) characters for its \(a.proseLength)): left untranslated")
                    } else {
                        pairs.append(Pair(source: s[i], translation: t[j], confidence: anchors == 1 ? confidence : .uncertain))
                    }
                    previous = a.excerpt
                case .skipSource(let i):
                    skippedSources.append(s[i])
                case .skipTranslation(let j):
                    skippedTranslations.append(t[j])
                case .merge(let i, let j):
                    flush()
                    findings.append("\(Self.describe([source[s[i]], source[s[i + 1]]])) (lines \(source[s[i]].line), \(source[s[i + 1]].line)) are one \(source[s[i]].kind) in the translation (line \(translation[t[j]].line)): left untranslated")
                    previous = source[s[i + 1]].excerpt
                case .split(let i, let j):
                    flush()
                    findings.append("\(source[s[i]].kind) \(source[s[i]].excerpt) (line \(source[s[i]].line)) is two in the translation (lines \(translation[t[j]].line), \(translation[t[j + 1]].line)): left untranslated")
                    previous = source[s[i]].excerpt
                }
            }
            flush()
        }

        /// The score of two source units against one translated unit, or the reverse; nil unless the
        /// kinds match and the anchors of the two together agree.
        func combinedScore(sources: [Int], translations: [Int]) -> Double? {
            let kinds = Set(sources.map { source[$0].kind } + translations.map { translation[$0].kind })
            guard kinds.count == 1 else { return nil }
            let a = sources.flatMap { source[$0].anchors }.sorted(), b = translations.flatMap { translation[$0].anchors }.sorted()
            let anchors = AlignedUnit.anchorAgreement(a, b)
            if let anchors, anchors < 0.5 { return nil }
            let length = lengthAgreement(sources.reduce(0) { $0 + source[$1].proseLength }, translations.reduce(0) { $0 + translation[$1].proseLength })
            // Below two separate pairs of the same quality, so a merge is found only where lengths say so.
            return 1 + 2 * (anchors ?? 0) + length - 0.3
        }

        /// Same kinds in the same order: pairs by position. A pair whose anchors contradict is paired
        /// again by anchors among the other contradicting units of its kind (reordered list items), or
        /// left out.
        mutating func alignSameShape(_ s: [Int], _ t: [Int], confidence: Confidence, after heading: String) {
            var contradicting: [Int] = []
            for position in s.indices {
                if let anchors = AlignedUnit.anchorAgreement(source[s[position]].anchors, translation[t[position]].anchors), anchors < 1 {
                    contradicting.append(position)
                } else {
                    pairs.append(Pair(source: s[position], translation: t[position], confidence: confidence))
                }
            }
            guard !contradicting.isEmpty else { return }
            var moved = 0
            var left: [Int] = []
            for position in contradicting {
                let unit = source[s[position]]
                let candidates = contradicting.filter { other in
                    translation[t[other]].kind == unit.kind && translation[t[other]].anchors == unit.anchors
                }
                let rivals = contradicting.filter { source[s[$0]].kind == unit.kind && source[s[$0]].anchors == unit.anchors }
                if candidates.count == 1, rivals.count == 1, !unit.anchors.isEmpty {
                    pairs.append(Pair(source: s[position], translation: t[candidates[0]], confidence: confidence))
                    if candidates[0] != position { moved += 1 }
                } else {
                    left.append(position)
                }
            }
            if moved > 0 {
                let kinds = Set(contradicting.map { source[s[$0]].kind })
                let what = kinds.count == 1 ? kinds.first.map { $0 + (moved == 1 ? "" : "s") } ?? "units" : "units"
                findings.append("\(moved) \(what) in another order in the translation after \(heading): paired by what they keep")
            }
            for position in left {
                let a = source[s[position]], b = translation[t[position]]
                if let anchors = AlignedUnit.anchorAgreement(a.anchors, b.anchors), anchors >= 0.5 {
                    // Mostly the same pieces: the same unit, edited on one side since.
                    pairs.append(Pair(source: s[position], translation: t[position], confidence: .uncertain))
                    findings.append("\(a.kind) \(a.excerpt) (line \(a.line)) and its translation (line \(b.line)) differ in \(Self.difference(a.anchors, b.anchors)): needs review")
                } else {
                    findings.append("\(a.kind) \(a.excerpt) (line \(a.line)) and the translation's \(b.kind) at line \(b.line) keep different pieces: \(Self.difference(a.anchors, b.anchors)); left untranslated")
                }
            }
        }

        /// A fenced code block the translation has otherwise than the source was changed on one side
        /// since the translation: the prose around it (the pairs before and after) needs review.
        mutating func markChangedCode() {
            pairs.sort { $0.source < $1.source }
            for position in pairs.indices {
                let a = source[pairs[position].source], b = translation[pairs[position].translation]
                guard a.codeAfter != b.codeAfter else { continue }
                let what = a.codeAfter.count == b.codeAfter.count ? "differs in the translation" : "is not the same in number of blocks in the translation (\(a.codeAfter.count) in the source, \(b.codeAfter.count))"
                findings.append("the code after \(a.excerpt) (line \(a.line)) \(what): the text around it needs review")
                pairs[position].confidence = .uncertain
                if position + 1 < pairs.count { pairs[position + 1].confidence = .uncertain }
            }
        }

        static func describe(_ units: [AlignedUnit]) -> String {
            var counts: [(String, Int)] = []
            for unit in units {
                if let index = counts.firstIndex(where: { $0.0 == unit.kind }) { counts[index].1 += 1 } else { counts.append((unit.kind, 1)) }
            }
            return counts.map { AlignedUnit.plural($0.0, $0.1) }.joined(separator: " and ")
        }

        static func lines(_ lines: [Int]) -> String {
            guard let first = lines.first, let last = lines.last else { return "" }
            return first == last ? "line \(first)" : "lines \(first)–\(last)"
        }

        enum Step { case pair(Int, Int), skipSource(Int), skipTranslation(Int), merge(Int, Int), split(Int, Int) }

        /// The alignment with the highest total score: pairs score what `pair` says, a unit left alone
        /// scores nothing, `merge(i, j)` pairs sources i and i+1 with translation j, `split(i, j)` source
        /// i with translations j and j+1. Empty when the table would exceed `maximumCells`.
        static func bestPath(count: (Int, Int), pair: (Int, Int) -> Double?, merge: ((Int, Int) -> Double?)?, split: ((Int, Int) -> Double?)?) -> [Step] {
            let (m, n) = count
            guard (m + 1) * (n + 1) <= BodyAlignment.maximumCells else { return [] }
            let width = n + 1
            var score = [Double](repeating: 0, count: (m + 1) * width)
            var move = [UInt8](repeating: 0, count: (m + 1) * width)  // 1 pair, 2 skip source, 3 skip translation, 4 merge, 5 split
            for i in 0...m {
                for j in 0...n where i > 0 || j > 0 {
                    var best = -Double.infinity, bestMove: UInt8 = 0
                    if i > 0, score[(i - 1) * width + j] > best { best = score[(i - 1) * width + j]; bestMove = 2 }
                    if j > 0, score[i * width + j - 1] > best { best = score[i * width + j - 1]; bestMove = 3 }
                    if i > 0, j > 0, let value = pair(i - 1, j - 1), score[(i - 1) * width + j - 1] + value > best {
                        best = score[(i - 1) * width + j - 1] + value; bestMove = 1
                    }
                    if i > 1, j > 0, let merge, let value = merge(i - 2, j - 1), score[(i - 2) * width + j - 1] + value > best {
                        best = score[(i - 2) * width + j - 1] + value; bestMove = 4
                    }
                    if i > 0, j > 1, let split, let value = split(i - 1, j - 2), score[(i - 1) * width + j - 2] + value > best {
                        best = score[(i - 1) * width + j - 2] + value; bestMove = 5
                    }
                    score[i * width + j] = best
                    move[i * width + j] = bestMove
                }
            }
            var steps: [Step] = []
            var i = m, j = n
            while i > 0 || j > 0 {
                switch move[i * width + j] {
                case 1: steps.append(.pair(i - 1, j - 1)); i -= 1; j -= 1
                case 2: steps.append(.skipSource(i - 1)); i -= 1
                case 3: steps.append(.skipTranslation(j - 1)); j -= 1
                case 4: steps.append(.merge(i - 2, j - 1)); i -= 2; j -= 1
                default: steps.append(.split(i - 1, j - 2)); i -= 1; j -= 2
                }
            }
            return steps.reversed()
        }
    }
}
