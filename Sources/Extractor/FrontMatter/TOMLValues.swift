/// The values of a whole TOML file (a site generator's config, say), read with the front matter's scanner.
///
/// ```swift
/// let values = try TOMLValues.read(Array("baseURL = \"https://example.org/\"\n[params]\nx = 1\n".utf8))
/// // baseURL "https://example.org/" (string, line 1), params.x "1" (line 3)
/// ```
public enum TOMLValues {
    public struct Value: Equatable, Sendable {
        /// `baseURL`, `languages.en.weight`, `menus.main[0].name`.
        public let path: String
        /// A string's value with escapes resolved; a number's, boolean's or date's text as written.
        public let value: String
        public let isString: Bool
        public let line: Int
    }

    /// A file that is not TOML, at its 1-based line and column.
    public struct ReadError: Error, Equatable, Sendable {
        public let line: Int
        public let column: Int
        public let message: String
    }

    public static func read(_ bytes: [UInt8]) throws(ReadError) -> [Value] {
        let scalars: [TOMLScalarLocator.Scalar]
        do {
            scalars = try TOMLScalarLocator(bytes: bytes, start: 0, end: bytes.count, firstLine: 1).scalars()
        } catch {
            switch error {
            case .syntax(let line, let column, let message): throw ReadError(line: line, column: column, message: message)
            case .tooComplex(let reason): throw ReadError(line: 1, column: 1, message: "refused: \(reason)")
            }
        }
        return scalars.map { Value(path: $0.path, value: $0.value, isString: $0.isString, line: $0.line) }
    }
}
