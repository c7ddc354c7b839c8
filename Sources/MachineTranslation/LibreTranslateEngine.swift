import Foundation
import Workspace

/// A LibreTranslate server: `POST /translate` with JSON `{"q": [texts], "source": "en", "target": "es",
/// "format": "html"}` (and `"api_key"` when the server wants one), answering `{"translatedText":
/// [translations]}`. HTML input keeps tags, so placeholders go as XML tags.
struct LibreTranslateEngine: MachineTranslationEngine {
    let placeholderStyle: PlaceholderText.Style
    let batchSize = 20
    let endpoint: URL
    let http: HTTPClient
    let key: String?

    init(settings: MachineTranslationSettings.Engine, http: HTTPClient, key: String?) throws {
        endpoint = try MachineTranslationEngines.baseURL(settings).appendingPathComponent("translate")
        self.http = http
        self.key = key
        placeholderStyle = settings.placeholderStyle
    }

    func translate(_ texts: [String], from source: String, to target: String) throws -> [String] {
        var request: [String: Any] = ["q": texts, "source": source, "target": target, "format": "html"]
        if let key { request["api_key"] = key }
        let body = try http.post(endpoint, body: JSONSerialization.data(withJSONObject: request), contentType: "application/json")
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw MachineTranslationError("\(HTTPClient.display(endpoint)) answered with something that is not LibreTranslate's JSON")
        }
        if let error = object["error"] as? String { throw MachineTranslationError("LibreTranslate refused: \(error.prefix(200))") }
        guard let translations = object["translatedText"] as? [String], translations.count == texts.count else {
            throw MachineTranslationError("\(HTTPClient.display(endpoint)) answered without one translatedText per text sent (\(texts.count))")
        }
        return translations
    }
}
