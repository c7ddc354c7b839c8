import Yams

/// The `machine_translation:` section of `tolk.yaml`: the engines `tolk translate` may use and how hard
/// it may press them.
///
/// ```yaml
/// machine_translation:
///   engine: apertium            # used when --engine is not given
///   requests_in_flight: 4       # at most this many requests at once
///   timeout_seconds: 60         # per request, each retry included
///   retries: 3                  # on 429, 5xx and time-outs, with back-off
///   engines:
///     apertium: {url: "http://127.0.0.1:2737"}
///     deepl: {url: "https://api-free.deepl.com", api_key_env: DEEPL_API_KEY}
///     llm: {type: command, command: [python3, tools/mt.py]}
/// ```
///
/// A secret is only ever named, never written: `api_key_env` holds the name of an environment
/// variable, and a setting that looks like a key itself (`api_key`, `token`, …) is refused.
public struct MachineTranslationSettings: Sendable {
    public struct Engine: Sendable {
        public var name: String
        public var kind: MachineTranslationEngineKind
        public var url: String?
        /// The program and its arguments (command engines), run from the project root.
        public var command: [String] = []
        /// The environment variable holding the key, never the key.
        public var apiKeyEnvironment: String?
        /// The model of an OpenAI-compatible endpoint.
        public var model: String?
        /// Overrides the engine's own placeholder form.
        public var placeholders: PlaceholderStyleSetting?
        /// tolk locale → the engine's language code, over the engine's own mapping (`es: spa`).
        public var languages: [String: String] = [:]
        public var line: Int
    }

    /// `xml` or `tokens`, as `tolk.yaml` spells it.
    public enum PlaceholderStyleSetting: String, Sendable, CaseIterable {
        case xml, tokens
    }

    public var defaultEngine: String?
    public var requestsInFlight = 4
    public var timeoutSeconds = 60.0
    public var retries = 3
    /// The largest answer read from an engine; a larger one is refused, not buffered.
    public var maximumResponseBytes = 8 << 20
    public var engines: [String: Engine] = [:]

    public init() {}

    static let secretLikeKeys: Set<String> = ["api_key", "key", "apikey", "auth_key", "token", "secret", "password", "authorization"]

    package static func parse(_ node: Node, file: String) throws(ConfigurationError) -> MachineTranslationSettings {
        func error(_ node: Node, _ message: String, hint: String? = nil) -> ConfigurationError {
            ConfigurationError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, message: message, hint: hint)
        }
        func scalar(_ node: Node, _ key: String) throws(ConfigurationError) -> String {
            guard let value = node.scalar?.string, !value.isEmpty else { throw error(node, "'\(key)' must be a single value") }
            return value
        }
        func integer(_ node: Node, _ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
            guard let value = Int(try scalar(node, key)), range.contains(value) else {
                throw error(node, "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        guard let mapping = node.mapping else { throw error(node, "'machine_translation' must be a mapping of settings") }
        var settings = MachineTranslationSettings()
        var defaultNode: Node?
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "engine":
                settings.defaultEngine = try scalar(value, "machine_translation.engine")
                defaultNode = value
            case "requests_in_flight": settings.requestsInFlight = try integer(value, "machine_translation.requests_in_flight", in: 1...32)
            case "timeout_seconds": settings.timeoutSeconds = Double(try integer(value, "machine_translation.timeout_seconds", in: 1...3600))
            case "retries": settings.retries = try integer(value, "machine_translation.retries", in: 0...10)
            case "engines":
                guard let engines = value.mapping else { throw error(value, "'machine_translation.engines' must map engine names to their settings") }
                for (nameNode, engineNode) in engines {
                    let name = try scalar(nameNode, "machine_translation.engines")
                    settings.engines[name] = try parseEngine(name: name, nameNode: nameNode, engineNode, error: error, scalar: scalar)
                }
            default:
                throw error(keyNode, "unknown setting 'machine_translation.\(key)'",
                            hint: "expected engine, requests_in_flight, timeout_seconds, retries or engines")
            }
        }
        if let name = settings.defaultEngine, settings.engines[name] == nil, let defaultNode {
            throw error(defaultNode, "machine_translation.engine names '\(name)', which machine_translation.engines does not define",
                        hint: "defined: \(settings.engines.keys.sorted().joined(separator: ", "))")
        }
        return settings
    }

    private static func parseEngine(name: String, nameNode: Node, _ node: Node,
                                    error: (Node, String, String?) -> ConfigurationError,
                                    scalar: (Node, String) throws(ConfigurationError) -> String) throws(ConfigurationError) -> Engine {
        let path = "machine_translation.engines.\(name)"
        guard let mapping = node.mapping else { throw error(node, "'\(path)' must be a mapping (type:, url:, …)", nil) }
        var kind = MachineTranslationEngineKind(rawValue: name)
        var engine = Engine(name: name, kind: .command, line: nameNode.mark?.line ?? 0)
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if secretLikeKeys.contains(key.lowercased()) {
                throw error(keyNode, "\(path).\(key): a secret is never written in tolk.yaml",
                            "remove it and name the environment variable that holds it instead: api_key_env: DEEPL_API_KEY")
            }
            switch key {
            case "type":
                let type = try scalar(value, "\(path).type")
                guard let parsed = MachineTranslationEngineKind(rawValue: type) else {
                    throw error(value, "unknown engine type '\(type)'", "expected one of \(MachineTranslationEngineKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                kind = parsed
            case "url": engine.url = try scalar(value, "\(path).url")
            case "model": engine.model = try scalar(value, "\(path).model")
            case "api_key_env":
                let variable = try scalar(value, "\(path).api_key_env")
                // A name, not a value: a key pasted here would end up in git.
                guard variable.count <= 64, let first = variable.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first),
                      variable.unicodeScalars.allSatisfy({ $0 == "_" || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
                    throw error(value, "\(path).api_key_env must be the NAME of an environment variable (capitals, digits, _), not a key",
                                "e.g. api_key_env: DEEPL_API_KEY, then export DEEPL_API_KEY=… where tolk runs")
                }
                engine.apiKeyEnvironment = variable
            case "command":
                if let single = value.scalar?.string {
                    engine.command = single.split(separator: " ").map(String.init)
                } else if let sequence = value.sequence {
                    engine.command = try sequence.map { item throws(ConfigurationError) in try scalar(item, "\(path).command") }
                }
                guard !engine.command.isEmpty else { throw error(value, "\(path).command must name a program, e.g. [python3, tools/mt.py]", nil) }
            case "placeholders":
                let style = try scalar(value, "\(path).placeholders")
                guard let parsed = PlaceholderStyleSetting(rawValue: style) else { throw error(value, "\(path).placeholders must be xml or tokens", nil) }
                engine.placeholders = parsed
            case "languages":
                guard let languages = value.mapping else { throw error(value, "\(path).languages must map tolk locales to the engine's codes, e.g. {es: spa}", nil) }
                for (locale, code) in languages { engine.languages[try scalar(locale, "\(path).languages")] = try scalar(code, "\(path).languages") }
            default:
                throw error(keyNode, "unknown setting '\(path).\(key)'", "expected type, url, command, api_key_env, model, placeholders or languages")
            }
        }
        guard let kind else {
            throw error(nameNode, "\(path) needs type: (one of \(MachineTranslationEngineKind.allCases.map(\.rawValue).joined(separator: ", ")))", nil)
        }
        engine.kind = kind
        if kind == .command, engine.command.isEmpty { throw error(nameNode, "\(path) is a command engine and needs command: [program, arguments…]", nil) }
        if kind != .command, engine.url == nil { throw error(nameNode, "\(path) needs url: the address of the \(kind.rawValue) server", nil) }
        return engine
    }
}

/// The engines tolk speaks to, by the `type:` of their settings.
public enum MachineTranslationEngineKind: String, Sendable, CaseIterable {
    case command
    case apertium
    case libretranslate
    case deepl
    case openai
}
