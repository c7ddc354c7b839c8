import Catalog
import Extractor
import Foundation
import Yams

/// What tolk reads of a Hugo site's own configuration: the root config file (`hugo.toml`, or the older
/// `config.toml`, in TOML, YAML or JSON) and `config/_default/hugo.*` / `config.*`. Hugo's keys are
/// case-insensitive (`baseURL`, `baseurl`), and so is this reader.
public struct HugoSiteSettings: Equatable, Sendable {
    /// Where a setting was read, for messages (`hugo.toml:3`).
    public struct Place: Equatable, Sendable {
        public var file: String
        public var line: Int
    }

    public var baseURL: String?
    public var defaultContentLanguage: String?
    public var defaultContentLanguageInSubdir = false
    /// Where the site's own files define `languages` (tolk's generated file excluded).
    public var languagesDefined: [Place] = []
    public var defaultContentLanguagePlace: Place?
    /// The config files read, relative to the root.
    public var files: [String] = []

    package init() {}

    static let configNames = ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"]

    /// Reads the site's config files; a file that cannot be read or parsed is a warning, and its settings unknown.
    public static func read(root: URL) -> (settings: HugoSiteSettings, diagnostics: [Diagnostic]) {
        var settings = HugoSiteSettings()
        var diagnostics: [Diagnostic] = []
        // Hugo reads the first root file it finds (hugo.* before config.*), then the config folder.
        var candidates: [String] = []
        if let rootFile = configNames.first(where: { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }) {
            candidates.append(rootFile)
        }
        candidates += configNames.map { "config/_default/" + $0 }
        for file in candidates {
            let url = root.appendingPathComponent(file)
            guard let bytes = (try? FileTree.readIfPresent(url)) ?? nil else { continue }
            settings.files.append(file)
            do {
                for (key, value, line) in try topLevelValues(of: bytes, named: file) {
                    settings.apply(key: key, value: value, place: Place(file: file, line: line))
                }
            } catch let failure as SettingsFailure {
                diagnostics.append(Diagnostic(.warning, file: file, line: failure.line, column: failure.column, failure.message,
                                              hint: "tolk reads baseURL and defaultContentLanguage from this file; fix it so Hugo can read it too"))
            } catch {
                diagnostics.append(Diagnostic(.warning, file: file, "\(error)"))
            }
        }
        return (settings, diagnostics)
    }

    /// The first setting found wins: the root file is read first.
    private mutating func apply(key: String, value: String?, place: Place) {
        switch key.lowercased() {
        case "baseurl": if baseURL == nil { baseURL = value }
        case "defaultcontentlanguage":
            if defaultContentLanguage == nil { defaultContentLanguage = value; defaultContentLanguagePlace = place }
        case "defaultcontentlanguageinsubdir": if let value { defaultContentLanguageInSubdir = value == "true" }
        case "languages": languagesDefined.append(place)
        default: break
        }
    }

    struct SettingsFailure: Error {
        var line: Int
        var column: Int
        var message: String
    }

    /// Each top-level key with its scalar value (nil for a table or list) and its line.
    static func topLevelValues(of bytes: [UInt8], named file: String) throws -> [(String, String?, Int)] {
        if file.hasSuffix(".toml") {
            do {
                var seen = Set<String>()
                var values: [(String, String?, Int)] = []
                for value in try TOMLValues.read(bytes) {
                    let key = String(value.path.prefix(while: { $0 != "." && $0 != "[" }))
                    guard seen.insert(key).inserted else { continue }
                    values.append((key, key == value.path ? value.value : nil, value.line))
                }
                return values
            } catch {
                throw SettingsFailure(line: error.line, column: error.column, message: "TOML: \(error.message)")
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if file.hasSuffix(".json") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw SettingsFailure(line: 1, column: 1, message: "not a JSON object")
            }
            return object.keys.sorted().map { key in
                let value = object[key]
                let scalar: String? = (value as? String) ?? (value as? Bool).map { $0 ? "true" : "false" }
                return (key, scalar, 1)
            }
        }
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw SettingsFailure(line: 1, column: 1, message: "YAML: \(error)")
        }
        guard case .mapping(let mapping)? = node else { return [] }
        return mapping.map { key, value in
            (key.string ?? "", value.scalar?.string, key.mark?.line ?? 1)
        }
    }
}
