import Foundation
import Workspace

/// A machine-translation service as `tolk translate` uses it: texts with placeholders in, their
/// translations out, in the same order. One file per engine in this folder; `make(_:settings:)` is
/// the one registration.
///
/// An engine is called from several worker threads at once (at most `requests_in_flight`); each call
/// blocks until its answer, its time-out or its last retry. It never sees a secret in its settings:
/// keys come from the environment variable the settings name, read when the engine is made.
protocol MachineTranslationEngine: Sendable {
    /// The placeholder form this engine keeps best.
    var placeholderStyle: PlaceholderText.Style { get }
    /// How many texts one request may carry.
    var batchSize: Int { get }
    /// Translates `texts` from `source` to `target` (the engine's own language codes), one answer per
    /// text; throws `MachineTranslationError` when the whole request failed.
    func translate(_ texts: [String], from source: String, to target: String) throws -> [String]
}

/// A request that failed as a whole: every message of it stays as it was, and the run says why.
public struct MachineTranslationError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    public var description: String { message + (hint.map { " (\($0))" } ?? "") }
}

enum MachineTranslationEngines {
    /// The engine `settings` describe, with its secret read from the environment.
    static func make(_ settings: MachineTranslationSettings.Engine, run: MachineTranslationSettings, root: URL,
                     environment: [String: String]) throws -> any MachineTranslationEngine {
        var key: String?
        if let variable = settings.apiKeyEnvironment {
            guard let value = environment[variable], !value.isEmpty else {
                throw MachineTranslationError("engine '\(settings.name)' needs its key in the environment variable \(variable), which is not set",
                                              hint: "export \(variable)=… before tolk translate; tolk never reads a key from a file")
            }
            key = value
        }
        let http = HTTPClient(timeout: run.timeoutSeconds, retries: run.retries, maximumResponseBytes: run.maximumResponseBytes)
        switch settings.kind {
        case .command:
            return try CommandEngine(settings: settings, root: root, timeout: run.timeoutSeconds, maximumResponseBytes: run.maximumResponseBytes)
        case .apertium:
            return try ApertiumEngine(settings: settings, http: http)
        case .libretranslate:
            return try LibreTranslateEngine(settings: settings, http: http, key: key)
        case .deepl:
            guard let key else { throw MachineTranslationError("engine '\(settings.name)' (deepl) needs api_key_env: the name of the variable holding the DeepL key") }
            return try DeepLEngine(settings: settings, http: http, key: key)
        case .openai:
            return try OpenAICompatibleEngine(settings: settings, http: http, key: key)
        }
    }

    /// The engine's base URL, which must be http or https.
    static func baseURL(_ settings: MachineTranslationSettings.Engine) throws -> URL {
        guard let text = settings.url, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else {
            throw MachineTranslationError("engine '\(settings.name)' needs url: an http:// or https:// address",
                                          hint: "e.g. url: http://127.0.0.1:2737 in machine_translation.engines.\(settings.name) of tolk.yaml")
        }
        return url
    }
}
