import Foundation
import Workspace

/// DeepL's API: `POST /v2/translate` with the key in `Authorization: DeepL-Auth-Key …` and JSON
/// `{"text": [texts], "source_lang": "EN", "target_lang": "ES", "tag_handling": "xml"}`, answering
/// `{"translations": [{"detected_source_language": "EN", "text": "…"}]}`. With XML tag handling DeepL
/// keeps tags and moves them with the words they enclose: placeholders go as XML tags.
///
/// Language codes are the locale's, upper-cased (`pt-BR` → `PT-BR`); English and Portuguese as
/// targets need a variety (`EN-US`, `PT-PT` unless the locale names one), as DeepL requires.
struct DeepLEngine: MachineTranslationEngine {
    let placeholderStyle: PlaceholderText.Style
    let batchSize = 50
    let endpoint: URL
    let http: HTTPClient
    let key: String

    init(settings: MachineTranslationSettings.Engine, http: HTTPClient, key: String) throws {
        endpoint = try MachineTranslationEngines.baseURL(settings).appendingPathComponent("v2").appendingPathComponent("translate")
        self.http = http
        self.key = key
        placeholderStyle = settings.placeholderStyle
    }

    static func sourceCode(_ locale: String) -> String { String(locale.split(separator: "-").first ?? "").uppercased() }

    static func targetCode(_ locale: String) -> String {
        let code = locale.uppercased()
        switch code {
        case "EN": return "EN-US"
        case "PT": return "PT-PT"
        default: return code
        }
    }

    func translate(_ texts: [String], from source: String, to target: String) throws -> [String] {
        let request: [String: Any] = ["text": texts, "source_lang": source, "target_lang": target, "tag_handling": "xml"]
        let body = try http.post(endpoint, body: JSONSerialization.data(withJSONObject: request), contentType: "application/json",
                                 headers: ["Authorization": "DeepL-Auth-Key \(key)"])
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let translations = object["translations"] as? [[String: Any]] else {
            throw MachineTranslationError("\(HTTPClient.display(endpoint)) answered without DeepL's translations list")
        }
        let texts2 = translations.compactMap { $0["text"] as? String }
        guard texts2.count == texts.count, translations.count == texts.count else {
            throw MachineTranslationError("\(HTTPClient.display(endpoint)) answered with \(translations.count) translations for \(texts.count) texts")
        }
        return texts2
    }
}
