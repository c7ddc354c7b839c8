/// A finding about an input file: a value, not a thrown error. Parsers and checks return these next
/// to whatever they could still read; the CLI prints them as `path:line:column: error: message`.
public struct Diagnostic: Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case warning, error
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
    }

    public var severity: Severity
    public var file: String
    /// 1-based; 0 when the finding is about the whole file.
    public var line: Int
    /// 1-based; 0 when unknown.
    public var column: Int
    public var message: String
    /// What the user can do about it.
    public var hint: String?

    public init(_ severity: Severity, file: String, line: Int = 0, column: Int = 0, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var location = file
        if line > 0 { location += ":\(line)" }
        if line > 0 && column > 0 { location += ":\(column)" }
        var text = "\(location): \(severity.rawValue): \(message)"
        if let hint { text += " (\(hint))" }
        return text
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
