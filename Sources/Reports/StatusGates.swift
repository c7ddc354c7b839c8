/// The conditions under which `tolk status` fails a CI run: a locale below a share of words done
/// (`--fail-under 80` for every locale, `--fail-under ru=90` for one; a locale's own threshold wins over
/// the general one), or a locale with validation errors (`--fail-on errors`) or with errors or warnings
/// (`--fail-on warnings`). Failures are values, one per failing locale with every reason it fails.
///
/// ```swift
/// var gates = StatusGates()
/// try gates.addThreshold("80")
/// try gates.addThreshold("ja=50")
/// gates.failOn = .errors
/// gates.failures(in: report).map(\.description)
/// // ["de: 45.3% of words done, below 80%", "ar: 2 errors in its catalogs (tolk check ar shows them)"]
/// ```
public struct StatusGates: Equatable, Sendable {
    public enum FailOn: String, Equatable, Sendable, CaseIterable {
        case errors
        case warnings
    }

    /// Minimum percentage of words done, for every locale without its own.
    public var minimumPercent: Double?
    public var minimumPercentByLocale: [String: Double] = [:]
    public var failOn: FailOn?

    public init() {}

    public var isEmpty: Bool { minimumPercent == nil && minimumPercentByLocale.isEmpty && failOn == nil }

    /// Adds one `--fail-under` value: `PCT` or `LOCALE=PCT`, PCT from 0 to 100.
    public mutating func addThreshold(_ text: String) throws(StatusGateError) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let locale = parts.count == 2 ? parts[0].trimmingSpaces() : nil
        let number = (parts.count == 2 ? parts[1] : parts[0]).trimmingSpaces()
        guard let value = Double(number.hasSuffix("%") ? String(number.dropLast()) : number), value.isFinite else {
            throw .notAPercentage(text)
        }
        guard (0...100).contains(value) else { throw .outOfRange(text) }
        if let locale {
            guard !locale.isEmpty else { throw .notAPercentage(text) }
            minimumPercentByLocale[locale] = value
        } else {
            minimumPercent = value
        }
    }

    /// Checks that every locale with its own threshold is one of `locales`.
    public func validate(locales: [String]) throws(StatusGateError) {
        if let unknown = minimumPercentByLocale.keys.sorted().first(where: { !locales.contains($0) }) {
            throw .unknownLocale(unknown, known: locales)
        }
    }

    /// The locales that fail, in the report's order.
    public func failures(in report: StatusReport) -> [GateFailure] {
        report.locales.compactMap { status in
            var reasons: [String] = []
            let counts = status.total
            if let threshold = minimumPercentByLocale[status.locale] ?? minimumPercent, counts.percentByWords < threshold {
                reasons.append("\(Self.plain(counts.wordShare))% of words done, below \(Self.plain(threshold))%")
            }
            if failOn != nil, counts.errors > 0 {
                reasons.append("\(counts.errors) error\(counts.errors == 1 ? "" : "s") in its catalogs (tolk check \(status.locale) shows them)")
            }
            if failOn == .warnings, counts.warnings > 0 {
                reasons.append("\(counts.warnings) warning\(counts.warnings == 1 ? "" : "s") (see tolk status --format html)")
            }
            return reasons.isEmpty ? nil : GateFailure(locale: status.locale, reasons: reasons)
        }
    }

    /// A share for a log line, rounded down to a tenth, with no locale formatting ("45.3", "100").
    static func plain(_ share: Share) -> String {
        share.permille % 10 == 0 ? "\(share.permille / 10)" : "\(share.permille / 10).\(share.permille % 10)"
    }

    static func plain(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// A locale that fails the gates, and why: one line for the CI log.
public struct GateFailure: Equatable, Sendable, CustomStringConvertible {
    public var locale: String
    public var reasons: [String]

    public var description: String { "\(locale): " + reasons.joined(separator: "; ") }
}

public enum StatusGateError: Error, Equatable, CustomStringConvertible {
    case notAPercentage(String)
    case outOfRange(String)
    case unknownLocale(String, known: [String])

    public var description: String {
        switch self {
        case .notAPercentage(let text):
            return "error: --fail-under '\(text)' is not a percentage (use PCT or LOCALE=PCT, e.g. --fail-under 80 --fail-under ru=95)"
        case .outOfRange(let text):
            return "error: --fail-under '\(text)' is outside 0…100 (a share of words done, in percent)"
        case .unknownLocale(let locale, let known):
            return "error: --fail-under names '\(locale)', which is not a target locale (targets: \(known.joined(separator: ", ")))"
        }
    }
}

private extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
