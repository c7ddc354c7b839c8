import Foundation
import Workspace

/// An OpenAI-compatible chat completions endpoint (OpenAI, Ollama, llama.cpp's server, vLLM):
/// `POST {url}/chat/completions` with `{"model": …, "temperature": 0, "messages": [system, user]}`,
/// the key (when `api_key_env` names one) as `Authorization: Bearer …`; the translation is
/// `choices[0].message.content`. The system message asks for the translation alone with every tag
/// kept; whatever the model does, `PlaceholderText.restore` and the import checks judge the answer.
struct OpenAICompatibleEngine: MachineTranslationEngine {
    let placeholderStyle: PlaceholderText.Style
    let batchSize = 1
    let endpoint: URL
    let http: HTTPClient
    let key: String?
    let model: String

    init(settings: MachineTranslationSettings.Engine, http: HTTPClient, key: String?) throws {
        endpoint = try MachineTranslationEngines.baseURL(settings).appendingPathComponent("chat").appendingPathComponent("completions")
        guard let model = settings.model else {
            throw MachineTranslationError("engine '\(settings.name)' (openai) needs model: the model to ask, e.g. model: llama3")
        }
        self.http = http
        self.key = key
        self.model = model
        placeholderStyle = settings.placeholderStyle
    }

    static func instructions(from source: String, to target: String, style: PlaceholderText.Style) -> String {
        let tags = style == .xml ? "XML tags such as <x1/>, <g2> and </g2>" : "markers such as [[1]], [[2]] and [[/2]]"
        return "Translate the user's text from \(source) to \(target). Keep every one of the \(tags) exactly as written, "
            + "each once, placed where the translated words need it; add none. Answer with the translation only: no quotes, no notes."
    }

    func translate(_ texts: [String], from source: String, to target: String) throws -> [String] {
        try texts.map { text in
            let request: [String: Any] = [
                "model": model, "temperature": 0,
                "messages": [["role": "system", "content": Self.instructions(from: source, to: target, style: placeholderStyle)],
                             ["role": "user", "content": text]],
            ]
            let body = try http.post(endpoint, body: JSONSerialization.data(withJSONObject: request), contentType: "application/json",
                                     headers: key.map { ["Authorization": "Bearer \($0)"] } ?? [:])
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                  let choices = object["choices"] as? [[String: Any]], let message = choices.first?["message"] as? [String: Any],
                  let content = message["content"] as? String else {
                throw MachineTranslationError("\(HTTPClient.display(endpoint)) answered without choices[0].message.content")
            }
            return content
        }
    }
}
