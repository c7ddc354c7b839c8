import Catalog

/// What reading one content file's catalog in one locale reported to the build — the reader's
/// problems, then each translation the checks refused — kept in the build state so that a build
/// reusing a version made from that catalog reports the same, without reading and checking the
/// catalog again. A refusal is stored without its severity, which follows the build's `--strict`.
///
/// Kept in the state file's form (one field) and decoded only when reported: a no-op build of a
/// site whose catalogs carry many refused translations reads thousands of these.
struct CatalogFindings: Equatable, Sendable {
    /// The suffix every refusal's message carries (`VersionTranslator`), stored once here.
    static let refusalSuffix = "; not shipped: the unit falls back along the locale's chain (or to the source text)"

    /// Each finding's fields separated by U+001E, findings separated by U+001F; text escaped (see `escape`).
    private(set) var stored: String

    init(stored: String) { self.stored = stored }

    /// `diagnostics`: the reader's problems first (`readProblems` of them), then the refusals.
    /// `catalog`: the catalog's display path, left out of each finding that names it.
    init(_ diagnostics: [Diagnostic], readProblems: Int, catalog: String) {
        var out = ""
        var previousHint: String?
        for (index, diagnostic) in diagnostics.enumerated() {
            if index > 0 { out += "\u{1F}" }
            let isRefusal = index >= readProblems
            var message = diagnostic.message
            if isRefusal, message.hasSuffix(Self.refusalSuffix) { message.removeLast(Self.refusalSuffix.count) } else if isRefusal { message += "\u{1D}" }
            out += isRefusal ? "r" : (diagnostic.severity == .error ? "e" : "w")
            out += "\u{1E}\(diagnostic.line)\u{1E}\(diagnostic.column)\u{1E}"
            out += diagnostic.file == catalog ? "" : "+" + Self.escape(diagnostic.file)
            out += "\u{1E}" + Self.escape(message) + "\u{1E}"
            // Hints repeat (one per kind of check): "=" for the previous finding's.
            if let hint = diagnostic.hint { out += hint == previousHint ? "=" : "+" + Self.escape(hint) }
            previousHint = diagnostic.hint
        }
        stored = out
    }

    var isEmpty: Bool { stored.isEmpty }

    /// The findings as diagnostics: refusals as errors when `strict`, else as warnings.
    func diagnostics(catalog: String, strict: Bool) -> [Diagnostic] {
        guard !stored.isEmpty else { return [] }
        var diagnostics: [Diagnostic] = []
        var previousHint: String?
        for finding in stored.utf8.split(separator: 0x1F, omittingEmptySubsequences: false) {
            let fields = finding.split(separator: 0x1E, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard fields.count == 6 else { continue }
            let isRefusal = fields[0] == "r"
            var message = Self.unescape(fields[4])
            if isRefusal { if message.hasSuffix("\u{1D}") { message.removeLast() } else { message += Self.refusalSuffix } }
            let hint: String? = fields[5].isEmpty ? nil : fields[5] == "=" ? previousHint : Self.unescape(String(fields[5].dropFirst()))
            previousHint = hint
            diagnostics.append(Diagnostic(isRefusal ? (strict ? .error : .warning) : (fields[0] == "e" ? .error : .warning),
                                          file: fields[3].isEmpty ? catalog : Self.unescape(String(fields[3].dropFirst())),
                                          line: Int(fields[1]) ?? 0, column: Int(fields[2]) ?? 0, message, hint: hint))
        }
        return diagnostics
    }

    /// Backslash, tab, line breaks and the separators U+001D–U+001F as `\\`, `\t`, `\n`, `\r`, `\x1D`…:
    /// what is left fits one field of one line.
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\\" || $0.value < 0x20 }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{1D}", "\u{1E}", "\u{1F}": out += "\\x" + String(scalar.value, radix: 16, uppercase: true)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func unescape(_ text: String) -> String {
        guard text.utf8.contains(0x5C) else { return text }   // no backslash: nothing escaped
        var out = ""
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\\", let next = scalars.next() else { out.unicodeScalars.append(scalar); continue }
            switch next {
            case "t": out += "\t"
            case "n": out += "\n"
            case "r": out += "\r"
            case "x":
                let digits = String(String.UnicodeScalarView([scalars.next(), scalars.next()].compactMap { $0 }))
                if let value = UInt32(digits, radix: 16), let decoded = Unicode.Scalar(value) { out.unicodeScalars.append(decoded) }
            default: out.unicodeScalars.append(next)
            }
        }
        return out
    }
}
