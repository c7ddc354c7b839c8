import Catalog
import Core
import Foundation
import Workspace

/// Reads a translated XLIFF file (2.0, 1.2 or Translate Toolkit's 1.1) into the translations an
/// `ImportSession` applies.
///
/// A unit whose id is tolk's hash of its context and source (`XLIFFUnit.id`) is that message, and is
/// matched by its text: matching by text rather than by id means that two messages whose ids collide
/// never receive each other's translation. A unit whose id does not describe its source (the source
/// was edited in the file, or another tool chose the id) is matched by id too, and one of another tool
/// without context by its text alone. A plural unit (a group of one unit per category) gives its forms
/// in the locale's gettext order; a category without a target rejects it at the unit.
enum XLIFFImportSource {
    /// With `markReviewed`, every translation accepted as translated (or reviewed) comes in reviewed.
    static func importFile(_ read: consuming XLIFFReader.Result, from url: URL, locale requestedLocale: String?, project: Project,
                           dryRun: Bool, markReviewed: Bool = false) throws -> Exchange.ImportReport {
        let inputPath = url.relativePath
        guard read.isUsable else { throw ExchangeError.unreadableFile(read.diagnostics) }
        try Exchange.checkDeclaredProject(read.projectName, ours: project.configuration.projectName, file: inputPath, line: read.projectNameLine)
        if let requestedLocale, let declared = read.targetLanguage, !declared.isEmpty {
            try Exchange.checkDeclaredLanguage(declared, requested: requestedLocale, file: inputPath, line: read.targetLanguageLine,
                                               what: read.version == .v1_2 ? "target-language" : "trgLang")
        }
        guard let named = (requestedLocale ?? read.targetLanguage).flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw ExchangeError.noTargetLanguage(inputPath)
        }
        let locale = try project.targetLocale(named: named)
        let check = try CatalogCheck(locale: locale)
        let categories = check.pluralForms.categories.map(\.rawValue)

        let diagnostics = read.diagnostics
        // The units are taken over from `read`, not copied, and converted on every core.
        let units = read.units
        read.units = []
        let formCount = check.pluralForms.count
        let incoming = units.parallelCompactMap(runsOf: 4096) { unit in
            Self.incoming(from: unit, categories: categories, formCount: formCount)
        }
        // The units are freed while the session indexes the translations and reads the first catalogs.
        releaseInBackground(consume units)
        let session = ImportSession(project: project, locale: locale, check: check, inputPath: inputPath, inputURL: url, dryRun: dryRun, markReviewed: markReviewed,
                                    noun: "unit", unmatchedHeader: [("Language", locale), ("Content-Type", "text/plain; charset=UTF-8")])
        return try session.run(incoming, readDiagnostics: diagnostics)
    }

    /// The translation a unit brings, or nil for a unit without one. A plural unit gives its forms in
    /// the locale's gettext order (`categories`); a category without a target refuses it at the unit.
    private static func incoming(from unit: XLIFFUnit, categories: [String], formCount: Int) -> IncomingTranslation? {
        let state: IncomingTranslation.State
        switch unit.state {
        case .untranslated: return nil
        case .needsReview: state = .needsReview
        case .translated: state = .translated
        case .reviewed: state = .reviewed
        }
        var translations: [String]
        var refusal: (message: String, hint: String)?
        var formPositions: [(line: Int, column: Int)] = []
        if let forms = unit.pluralForms {
            translations = []
            var missing: [String] = []
            for (index, category) in categories.enumerated() {
                let form = forms.first { $0.category == category } ?? forms.first { $0.category == String(index) }
                if let target = form?.target { translations.append(target) } else { missing.append(category); translations.append("") }
                formPositions.append((form?.line ?? unit.line, form?.column ?? unit.column))
            }
            if !missing.isEmpty {
                refusal = ("no translation for plural form \(missing.map { "'\($0)'" }.joined(separator: ", "))",
                           formCount == 1 ? "the locale has one form" : "the locale needs " + categories.joined(separator: ", "))
            }
        } else {
            guard let target = unit.target else { return nil }
            translations = [target]
        }
        return IncomingTranslation(
            context: unit.context, source: unit.source, sourcePlural: unit.pluralForms == nil ? nil : unit.sourcePlural,
            translations: translations, state: state, previousSource: unit.previousSource,
            matchingID: XLIFFUnit.idDescribes(unit.id, context: unit.context, source: unit.source) ? nil : unit.id,
            matchesBySourceAlone: unit.context == nil && (!unit.id.hasPrefix("u") || unit.id.count != 17),
            line: unit.line, column: unit.column, formPositions: formPositions, name: "unit \(unit.id)", references: unit.references, refusal: refusal)
    }
}
