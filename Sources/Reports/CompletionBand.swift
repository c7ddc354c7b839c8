/// How far along a share is, in the bands shields.io badges use for coverage, so the colour of a
/// locale means the same in the terminal, the HTML report and the badge.
public enum CompletionBand: Sendable, CaseIterable {
    case complete   // 100%
    case high       // 90% or more
    case good       // 75% or more
    case medium     // 50% or more
    case low        // 25% or more
    case poor       // below 25%

    public init(_ share: Share) {
        let permille = share.permille
        switch permille {
        case 1000...: self = .complete
        case 900...: self = .high
        case 750...: self = .good
        case 500...: self = .medium
        case 250...: self = .low
        default: self = .poor
        }
    }

    /// The badge colour (shields.io's brightgreen, green, yellowgreen, yellow, orange, red).
    public var badgeColor: String {
        switch self {
        case .complete: "#4c1"
        case .high: "#97ca00"
        case .good: "#a4a61d"
        case .medium: "#dfb317"
        case .low: "#fe7d37"
        case .poor: "#e05d44"
        }
    }

    /// ANSI colour for a terminal: green when (nearly) done, yellow midway, red far behind.
    var terminalColor: TerminalColor {
        switch self {
        case .complete, .high: .green
        case .good, .medium: .yellow
        case .low, .poor: .red
        }
    }
}

/// The few ANSI styles the table uses.
enum TerminalColor: String {
    case green = "\u{1B}[32m"
    case yellow = "\u{1B}[33m"
    case red = "\u{1B}[31m"
    case bold = "\u{1B}[1m"
    case dim = "\u{1B}[2m"

    static let reset = "\u{1B}[0m"

    func wrap(_ text: String) -> String { text.isEmpty ? text : rawValue + text + Self.reset }
}
