import Foundation
import Workspace

/// Apertium's APy server (`apertium-apy`, the offline engine Debian ships with its language pairs):
/// `POST /translate` with `langpair=eng|spa`, `q=<text>` and `markUnknown=no` (no `*` before words the
/// pair does not know). APy reads its input as HTML by default and keeps tags in place, so
/// placeholders go as XML tags. Its answer: `{"responseData": {"translatedText": "…"},
/// "responseStatus": 200}`.
///
/// Apertium names languages by ISO 639-3 codes (`eng`, `spa`, `cat`); `languageCode(for:)` maps a
/// tolk locale's language to its code, and an engine's `languages:` setting overrides it (a variety:
/// `pt-BR: por_BR`, `ca-valencia: cat_valencia`).
struct ApertiumEngine: MachineTranslationEngine {
    let placeholderStyle: PlaceholderText.Style
    let batchSize = 1
    let endpoint: URL
    let http: HTTPClient

    init(settings: MachineTranslationSettings.Engine, http: HTTPClient) throws {
        endpoint = try MachineTranslationEngines.baseURL(settings).appendingPathComponent("translate")
        self.http = http
        placeholderStyle = settings.placeholderStyle
    }

    func translate(_ texts: [String], from source: String, to target: String) throws -> [String] {
        try texts.map { text in
            let form = [("langpair", "\(source)|\(target)"), ("q", text), ("markUnknown", "no")]
            let body = try http.post(endpoint, body: Data(FormEncoding.encode(form).utf8), contentType: "application/x-www-form-urlencoded; charset=utf-8")
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                throw MachineTranslationError("\(HTTPClient.display(endpoint)) answered with something that is not APy's JSON")
            }
            if let status = object["responseStatus"] as? Int, status != 200 {
                throw MachineTranslationError("APy refused: \(object["responseDetails"] as? String ?? "status \(status)")",
                                              hint: "is the pair \(source)-\(target) installed (apertium-\(source)-\(target))? See \(HTTPClient.display(endpoint.deletingLastPathComponent()))/listPairs")
            }
            guard let data = object["responseData"] as? [String: Any], let translated = data["translatedText"] as? String else {
                throw MachineTranslationError("\(HTTPClient.display(endpoint)) answered without responseData.translatedText")
            }
            return translated
        }
    }

    /// ISO 639-1 → ISO 639-3 for the languages Apertium has pairs for; others are named in `languages:`.
    static let isoCodes: [String: String] = [
        "af": "afr", "an": "arg", "ar": "ara", "ast": "ast", "be": "bel", "bg": "bul", "br": "bre", "ca": "cat", "cs": "ces",
        "cy": "cym", "da": "dan", "de": "deu", "el": "ell", "en": "eng", "eo": "epo", "es": "spa", "et": "est", "eu": "eus",
        "fi": "fin", "fr": "fra", "ga": "gle", "gd": "gla", "gl": "glg", "he": "heb", "hi": "hin", "hr": "hbs", "bs": "hbs",
        "sr": "hbs", "id": "ind", "is": "isl", "it": "ita", "kk": "kaz", "lt": "lit", "lv": "lav", "mk": "mkd", "ms": "msa",
        "mt": "mlt", "nb": "nob", "nn": "nno", "nl": "nld", "oc": "oci", "pl": "pol", "pt": "por", "ro": "ron", "ru": "rus",
        "sc": "srd", "se": "sme", "sk": "slk", "sl": "slv", "sq": "sqi", "sv": "swe", "tt": "tat", "tr": "tur", "uk": "ukr",
        "ur": "urd", "uz": "uzb",
    ]
}

/// `application/x-www-form-urlencoded`, as HTML forms and APy read it.
enum FormEncoding {
    static func encode(_ fields: [(String, String)]) -> String {
        // ASCII letters and digits only: CharacterSet.alphanumerics would let other scripts through unencoded.
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._*")
        return fields.map { name, value in
            (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
    }
}
