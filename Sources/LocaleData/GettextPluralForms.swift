import Foundation

/// The gettext `Plural-Forms` of a locale, derived from ICU's CLDR rules.
///
/// gettext selects a form with a C expression over the integer `n`; CLDR selects a category with rules
/// over several operands (`i`, `v`, `f`, `t`, `e`, …). For integers every operand but `n`/`i` is 0, so each
/// CLDR rule folds to an integer condition. The forms are the categories integers can reach, in CLDR
/// order (zero, one, two, few, many, other) — the order gettext's own tables use. A category only
/// fractions reach (Russian `other`: 1.5 минуты) gets no form of its own; when tolk assembles an ICU
/// message from the forms, that category takes the text of the last form (see `PluralMessage.pattern`).
///
/// ```swift
/// let russian = try GettextPluralForms(locale: "ru")
/// russian.header      // "nplurals=3; plural=(n % 10 == 1 && n % 100 != 11 ? 0 : … );"
/// russian.categories  // [.one, .few, .many]
/// ```
public struct GettextPluralForms: Equatable, Sendable {
    /// The category of each `msgstr[index]`.
    public let categories: [PluralCategory]
    /// Every cardinal category CLDR gives the locale, those only fractions reach included (Russian
    /// `other`: 1,5 минуты): what an ICU plural message in the locale needs a branch for.
    public let cardinalCategories: [PluralCategory]
    /// The C expression after `plural=`.
    public let expression: String

    public var count: Int { categories.count }
    public var header: String { "nplurals=\(categories.count); plural=\(expression);" }

    public init(locale: String) throws(ICUError) {
        try self.init(rules: PluralRules(locale: locale))
    }

    public init(rules: PluralRules) {
        let parsed = CLDRPluralRuleText(rules.ruleText)
        // Which categories do integers reach? Ask ICU, over a range that covers every modulus CLDR uses
        // (10, 100, 1000, 1000000) at its boundaries.
        var reached = Set<PluralCategory>()
        for number in Self.probeIntegers { reached.insert(rules.category(for: number)) }
        let ordered = rules.categories.filter { reached.contains($0) }
        cardinalCategories = rules.categories
        guard ordered.count > 1 else {
            categories = ordered.isEmpty ? [.other] : ordered
            expression = "0"
            return
        }
        let conditions = ordered.dropLast().map { category in
            parsed.conditions[category].map { $0.integerCondition() } ?? .constant(false)
        }
        categories = ordered
        if ordered.count == 2 {
            // The familiar two-form shape: plural=(n != 1).
            expression = "(\(conditions[0].negated.rendered))"
        } else {
            let branches = conditions.enumerated().map { "\($0.element.rendered) ? \($0.offset)" }
            expression = "(" + branches.joined(separator: " : ") + " : \(ordered.count - 1))"
        }
    }

    /// The `msgstr` index for integer `n`, evaluated the way gettext evaluates the expression.
    public func index(for n: Int) -> Int {
        var evaluator = CExpressionEvaluator(text: expression, n: UInt64(n))
        return Int(evaluator.evaluate())
    }

    static let probeIntegers: [Int] = Array(0...1100) + [1_000_000, 2_000_000, 10_000_000, 100_000_000, 1_000_001]
}

// MARK: - CLDR rule text → integer conditions

/// CLDR plural rule text as ICU prints it: `one: i = 1 and v = 0 @integer 1; few: …`.
struct CLDRPluralRuleText {
    private(set) var conditions: [PluralCategory: RuleCondition] = [:]

    init(_ text: String) {
        for rule in text.split(separator: ";") {
            guard let colon = rule.firstIndex(of: ":") else { continue }
            let keyword = rule[..<colon].trimmingCharacters(in: .whitespaces)
            guard let category = PluralCategory(rawValue: keyword) else { continue }
            var body = String(rule[rule.index(after: colon)...])
            if let samples = body.range(of: "@") { body = String(body[..<samples.lowerBound]) }
            let tokens = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard !tokens.isEmpty else { continue }
            conditions[category] = RuleCondition(tokens: tokens)
        }
    }
}

/// `and_condition ('or' and_condition)*` over relations.
struct RuleCondition {
    struct Relation {
        var operand: String
        var modulus: Int?
        var negated: Bool
        var ranges: [ClosedRange<Int>]
    }
    var alternatives: [[Relation]] = []

    init(tokens: [String]) {
        var current: [Relation] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if token == "or" { alternatives.append(current); current = []; index += 1; continue }
            if token == "and" { index += 1; continue }
            // operand [% mod] (= | != | is [not] | [not] in | [not] within) ranges
            var relation = Relation(operand: token, modulus: nil, negated: false, ranges: [])
            index += 1
            if index < tokens.count, tokens[index] == "%" || tokens[index] == "mod" {
                relation.modulus = Int(tokens[safe: index + 1] ?? "")
                index += 2
            }
            while index < tokens.count, ["=", "!=", "is", "not", "in", "within"].contains(tokens[index]) {
                if tokens[index] == "!=" || tokens[index] == "not" { relation.negated.toggle() }
                index += 1
            }
            // Range list: "0..1,5" possibly split across tokens around commas.
            var list = ""
            while index < tokens.count, tokens[index] != "and", tokens[index] != "or" {
                list += tokens[index]
                index += 1
            }
            for item in list.split(separator: ",") {
                let bounds = item.components(separatedBy: "..").compactMap { Int($0) }
                if bounds.count == 2, bounds[0] <= bounds[1] { relation.ranges.append(bounds[0]...bounds[1]) }
                else if bounds.count == 1 { relation.ranges.append(bounds[0]...bounds[0]) }
            }
            current.append(relation)
        }
        alternatives.append(current)
    }

    /// The condition restricted to integers: operands other than n and i are 0.
    func integerCondition() -> IntegerCondition {
        .or(alternatives.map { relations in
            .and(relations.map { relation in
                guard relation.operand == "n" || relation.operand == "i" else {
                    let holds = relation.ranges.contains { $0.contains(0) }
                    return .constant(holds != relation.negated)
                }
                let variable = relation.modulus.map { "n % \($0)" } ?? "n"
                let test = IntegerCondition.or(relation.ranges.map { range in
                    range.lowerBound == range.upperBound
                        ? .atom("\(variable) == \(range.lowerBound)")
                        : range.lowerBound == 0 && relation.modulus == nil
                            ? .atom("\(variable) <= \(range.upperBound)")
                            : .and([.atom("\(variable) >= \(range.lowerBound)"), .atom("\(variable) <= \(range.upperBound)")])
                })
                return relation.negated ? test.negated : test
            })
        }).simplified
    }
}

/// A boolean condition over `n`, folded and printed as C.
indirect enum IntegerCondition: Equatable {
    case constant(Bool)
    case atom(String)
    case not(IntegerCondition)
    case and([IntegerCondition])
    case or([IntegerCondition])

    var negated: IntegerCondition {
        switch self {
        case .constant(let value): return .constant(!value)
        case .atom(let text):
            for (op, inverse) in [(" == ", " != "), (" != ", " == "), (" >= ", " < "), (" <= ", " > ")] where text.contains(op) {
                return .atom(text.replacingOccurrences(of: op, with: inverse))
            }
            return .not(self)
        case .not(let inner): return inner
        case .and(let items): return .or(items.map(\.negated)).simplified
        case .or(let items): return .and(items.map(\.negated)).simplified
        }
    }

    var simplified: IntegerCondition {
        switch self {
        case .and(let items):
            var kept: [IntegerCondition] = []
            for item in items.map(\.simplified) {
                if item == .constant(false) { return .constant(false) }
                if item == .constant(true) { continue }
                if case .and(let inner) = item { kept += inner } else { kept.append(item) }
            }
            return kept.isEmpty ? .constant(true) : kept.count == 1 ? kept[0] : .and(kept)
        case .or(let items):
            var kept: [IntegerCondition] = []
            for item in items.map(\.simplified) {
                if item == .constant(true) { return .constant(true) }
                if item == .constant(false) { continue }
                if case .or(let inner) = item { kept += inner } else { kept.append(item) }
            }
            return kept.isEmpty ? .constant(false) : kept.count == 1 ? kept[0] : .or(kept)
        default:
            return self
        }
    }

    var rendered: String {
        switch self {
        case .constant(let value): return value ? "1" : "0"
        case .atom(let text): return text
        case .not(let inner): return "!(\(inner.rendered))"
        case .and(let items): return items.map { if case .or = $0 { return "(\($0.rendered))" } else { return $0.rendered } }.joined(separator: " && ")
        case .or(let items): return items.map(\.rendered).joined(separator: " || ")
        }
    }
}

// MARK: - A tiny C expression evaluator (to check expressions the way gettext runs them)

/// Evaluates gettext plural expressions: ?:, ||, &&, ==, !=, <, >, <=, >=, +, -, *, /, %, !, parentheses.
struct CExpressionEvaluator {
    private let bytes: [UInt8]
    private var position = 0
    private let n: UInt64

    init(text: String, n: UInt64) {
        self.bytes = Array(text.utf8)
        self.n = n
    }

    mutating func evaluate() -> UInt64 { conditional() }

    private mutating func skipSpaces() { while position < bytes.count, bytes[position] == 0x20 { position += 1 } }

    private mutating func take(_ token: String) -> Bool {
        skipSpaces()
        let expected = Array(token.utf8)
        guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected else { return false }
        // Do not read "<" out of "<=", or "!" out of "!=".
        if expected.count == 1, position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "="),
           ["<", ">", "!", "="].contains(token) { return false }
        position += expected.count
        return true
    }

    private mutating func conditional() -> UInt64 {
        let condition = logicalOr()
        if take("?") {
            let whenTrue = conditional()
            _ = take(":")
            let whenFalse = conditional()
            return condition != 0 ? whenTrue : whenFalse
        }
        return condition
    }

    private mutating func logicalOr() -> UInt64 {
        var value = logicalAnd()
        while take("||") { let rhs = logicalAnd(); value = (value != 0 || rhs != 0) ? 1 : 0 }
        return value
    }

    private mutating func logicalAnd() -> UInt64 {
        var value = equality()
        while take("&&") { let rhs = equality(); value = (value != 0 && rhs != 0) ? 1 : 0 }
        return value
    }

    private mutating func equality() -> UInt64 {
        var value = relational()
        while true {
            if take("==") { value = value == relational() ? 1 : 0 }
            else if take("!=") { value = value != relational() ? 1 : 0 }
            else { return value }
        }
    }

    private mutating func relational() -> UInt64 {
        var value = additive()
        while true {
            if take("<=") { value = value <= additive() ? 1 : 0 }
            else if take(">=") { value = value >= additive() ? 1 : 0 }
            else if take("<") { value = value < additive() ? 1 : 0 }
            else if take(">") { value = value > additive() ? 1 : 0 }
            else { return value }
        }
    }

    private mutating func additive() -> UInt64 {
        var value = multiplicative()
        while true {
            if take("+") { value &+= multiplicative() }
            else if take("-") { value &-= multiplicative() }
            else { return value }
        }
    }

    private mutating func multiplicative() -> UInt64 {
        var value = unary()
        while true {
            if take("*") { value &*= unary() }
            else if take("/") { let d = unary(); value = d == 0 ? 0 : value / d }
            else if take("%") { let d = unary(); value = d == 0 ? 0 : value % d }
            else { return value }
        }
    }

    private mutating func unary() -> UInt64 {
        if take("!") { return unary() == 0 ? 1 : 0 }
        if take("(") { let value = conditional(); _ = take(")"); return value }
        skipSpaces()
        if position < bytes.count, bytes[position] == UInt8(ascii: "n") { position += 1; return n }
        var value: UInt64 = 0
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            value = value &* 10 &+ UInt64(bytes[position] - 0x30)
            position += 1
        }
        return value
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
