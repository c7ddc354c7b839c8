import Catalog
import Foundation
import LocaleData

/// Applies a translated XLIFF file (2.0, 1.2 or Translate Toolkit's 1.1) to a locale's catalogs.
///
/// A unit whose id is tolk's hash of its context and source (`XLIFFUnit.id`) is that message, and is
/// matched by its text: to the entry with that context and text, or to the entry whose previous source
/// (`#| msgid`) it is, when the source changed since the export. Matching by text rather than by id
/// means that two messages whose ids collide never receive each other's translation. A unit whose id
/// does not describe its source (the source was edited in the file, or another tool chose the id) is
/// matched by id, then by context and source. A unit whose `<source>` is not the entry's current
/// text is imported as needs review with that source as the previous one: the translation is kept for
/// the translator to check, never dropped. Each translation passes the checks `tolk check` makes
/// before it is applied; a rejected unit is reported at its `<target>` and the catalogs keep what
/// they had.
struct XLIFFImporter {
    let project: Project

    /// A unit ready to apply: where it is among the units read, and for a plural unit its forms in
    /// the locale's gettext order (a singular unit's translation is its target). The units are not
    /// copied: an import holds each unit once.
    private struct Incoming {
        var unit: Int
        var forms: [String]?
    }

    /// With `markReviewed`, every translation accepted as translated (or reviewed) comes in reviewed.
    func importXLIFF(_ read: consuming XLIFFReader.Result, from url: URL, locale requestedLocale: String?, dryRun: Bool, markReviewed: Bool = false) throws -> Exchange.ImportReport {
        var report = Exchange.ImportReport()
        let inputPath = url.relativePath
        report.diagnostics = read.diagnostics
        guard read.isUsable else { throw ExchangeError.unreadableFile(read.diagnostics) }
        try Exchange.checkDeclaredProject(read.projectName, ours: project.configuration.projectName, file: inputPath, line: read.projectNameLine)
        if let requestedLocale, let declared = read.targetLanguage, !declared.isEmpty {
            try Exchange.checkDeclaredLanguage(declared, requested: requestedLocale, file: inputPath, line: read.targetLanguageLine,
                                               what: read.version == .v1_2 ? "target-language" : "trgLang")
        }
        guard let locale = (requestedLocale ?? read.targetLanguage).flatMap({ $0.isEmpty ? nil : $0.replacingOccurrences(of: "_", with: "-") }) else {
            throw ExchangeError.noTargetLanguage(inputPath)
        }
        guard project.targetLocales.contains(locale) else { throw ExchangeError.unknownLocale(locale, known: project.targetLocales) }
        report.locale = locale
        let check = try CatalogCheck(locale: locale)
        let categories = check.pluralForms.categories.map(\.rawValue)

        func reject(_ unit: XLIFFUnit, line: Int, column: Int, _ message: String, hint: String) {
            report.diagnostics.append(Diagnostic(.error, file: inputPath, line: line, column: column, "unit \(unit.id): \(message)", hint: hint + "; the unit was not imported"))
        }

        var incoming: [Incoming] = []
        var byID: [String: Int] = [:]
        var byKey: [CatalogEntry.Key: Int] = [:]
        var bySourceAlone: [MessageText: Int] = [:]
        // The units are taken over from `read`, not copied.
        let units = read.units
        read.units = []
        func translations(_ incoming: Incoming) -> [String] { incoming.forms ?? [units[incoming.unit].target ?? ""] }
        for (unitIndex, unit) in units.enumerated() where unit.state != .untranslated {
            var translations: [String]
            if let forms = unit.pluralForms {
                translations = []
                var missing: [String] = []
                for (index, category) in categories.enumerated() {
                    let form = forms.first { $0.category == category } ?? forms.first { $0.category == String(index) }
                    if let target = form?.target { translations.append(target) } else { missing.append(category); translations.append("") }
                }
                if !missing.isEmpty {
                    reject(unit, line: unit.line, column: unit.column, "no translation for plural form \(missing.map { "'\($0)'" }.joined(separator: ", "))",
                           hint: "\(check.pluralForms.count == 1 ? "the locale has one form" : "the locale needs " + categories.joined(separator: ", "))")
                    continue
                }
            } else {
                guard let target = unit.target else { continue }
                translations = [target]
            }
            let problems = TranslationChecks.problems(source: unit.source, sourcePlural: unit.pluralForms == nil ? nil : unit.sourcePlural,
                                                      categories: categories, translations: translations)
            if !problems.isEmpty {
                for problem in problems {
                    // At the form's <target> for a plural, the unit's otherwise.
                    let form = unit.pluralForms?.first { $0.category == categories[problem.translation] }
                    reject(unit, line: form?.line ?? unit.line, column: form?.column ?? unit.column, problem.message, hint: problem.hint)
                }
                continue
            }
            let index = incoming.count
            incoming.append(Incoming(unit: unitIndex, forms: unit.pluralForms == nil ? nil : translations))
            byKey[CatalogEntry.Key(context: unit.context, id: unit.source)] = index
            if !XLIFFUnit.idDescribes(unit.id, context: unit.context, source: unit.source) { byID[unit.id] = index }
            if unit.context == nil, !unit.id.hasPrefix("u") || unit.id.count != 17 { bySourceAlone[MessageText(unit.source)] = index }
        }

        var verdicts: [Int: Bool] = [:]
        var matched = Set<Int>()
        // A unit applied to several catalogs (a repeated message) is warned about once.
        var warnedSameAsSource = Set<Int>()
        // Every changed catalog, and the file of unmatched units, is staged, then all are renamed into
        // place: an import applies whole or not at all.
        let staged = StagedWrites()
        for file in try project.sourceFiles().translatable {
            let catalogURL = project.catalogURL(locale: locale, catalogPath: file.catalogPath)
            guard let found = try project.readCatalog(at: catalogURL) else { continue }
            if found.diagnostics.hasErrors { report.diagnostics += found.diagnostics; continue }
            var catalog = found.catalog
            var changed = false
            for index in catalog.entries.indices where !catalog.entries[index].isObsolete && !catalog.entries[index].isHeader {
                let entry = catalog.entries[index]
                guard let id = matchingUnit(for: entry, byID: byID, byKey: byKey, bySourceAlone: bySourceAlone) else { continue }
                let translations = translations(incoming[id]), unit = units[incoming[id].unit]
                matched.insert(id)
                var updated = entry
                updated.translations = translations
                if updated.translations.count != entry.translations.count, entry.idPlural == nil {
                    reject(unit, line: unit.line, column: unit.column, "a plural unit for a singular message", hint: "translate it as one text")
                    continue
                }
                if file.kind == .uiStrings {
                    if verdicts[id] == nil {
                        let problems = check.messageFormatProblems(of: updated)
                        for (_, problem) in problems {
                            reject(unit, line: unit.line, column: unit.column, problem.message, hint: problem.hint)
                        }
                        verdicts[id] = problems.isEmpty
                    }
                    if verdicts[id] == false { continue }
                }
                apply(unit, to: &updated, was: entry, markReviewed: markReviewed)
                if updated.isReviewed && !entry.isReviewed { report.markedReviewed += 1 }
                if !warnedSameAsSource.contains(id), TranslationChecks.warnsSameAsSource(updated, was: entry, categories: categories) {
                    warnedSameAsSource.insert(id)
                    report.diagnostics.append(Diagnostic(.warning, file: inputPath, line: unit.line, column: unit.column,
                                                         "unit \(unit.id): the translation is the same as the source", hint: TranslationChecks.sameAsSourceHint(check.validator.languageName)))
                }
                if updated.hasSameBytes(as: entry) {
                    report.unchangedEntries += 1
                } else {
                    catalog.entries[index] = updated
                    changed = true
                    report.updatedEntries += 1
                }
            }
            if changed && !dryRun {
                try staged.stage(Array(project.poWriter.write(catalog).utf8), to: catalogURL)
                report.catalogsWritten += 1
            }
        }

        report.unmatched = incoming.indices.compactMap { index in
            guard !matched.contains(index) else { return nil }
            let unit = units[incoming[index].unit]
            var entry = CatalogEntry(context: unit.context, id: unit.source, idPlural: unit.sourcePlural.flatMap { unit.pluralForms == nil ? nil : $0 }, translations: translations(incoming[index]))
            entry.isFuzzy = unit.state == .needsReview
            entry.references = unit.references
            entry.translatorComments = ["unit \(unit.id) of \(inputPath):\(unit.line)"]
            return entry
        }
        if !report.unmatched.isEmpty && !dryRun {
            var leftovers = Catalog(entries: report.unmatched)
            leftovers.setHeader("Language", locale)
            leftovers.setHeader("Content-Type", "text/plain; charset=UTF-8")
            let leftoverURL = url.deletingPathExtension().appendingPathExtension("unmatched.po")
            try staged.stage(Array(POWriter().write(leftovers).utf8), to: leftoverURL)
            report.unmatchedFile = leftoverURL.path
        }
        try staged.commit()
        return report
    }

    /// The unit meant for `entry`: the one with its context and text, or with its previous context and
    /// text (the source changed after export); then, among units whose id does not describe their
    /// source, the one with tolk's id of its current or previous text; then, for other tools' units
    /// without context, the one with its text.
    private func matchingUnit(for entry: CatalogEntry, byID: [String: Int], byKey: [CatalogEntry.Key: Int], bySourceAlone: [MessageText: Int]) -> Int? {
        if let index = byKey[entry.key] { return index }
        if let previous = entry.previousID, let index = byKey[CatalogEntry.Key(context: entry.previousContext ?? entry.context, id: previous)] { return index }
        if !byID.isEmpty {
            if let index = byID[XLIFFUnit.id(context: entry.context, source: entry.id)] { return index }
            if let previous = entry.previousID, let index = byID[XLIFFUnit.id(context: entry.previousContext ?? entry.context, source: previous)] { return index }
        }
        return bySourceAlone[MessageText(entry.id)]
    }

    /// Sets the entry's state from the unit's. A unit exported for another source text (the source
    /// changed since) comes in as needs review, with the exported text as the previous source.
    private func apply(_ unit: XLIFFUnit, to entry: inout CatalogEntry, was old: CatalogEntry, markReviewed: Bool) {
        let sourceMatches = unit.source == entry.id || (unit.pluralForms != nil && unit.source == entry.idPlural)
        let translationChanged = !zip(entry.translations, old.translations).allSatisfy { $0 == $1 } || entry.translations.count != old.translations.count
        if !sourceMatches {
            if !entry.isFuzzy { entry.isFuzzy = true }
            entry.previousID = unit.source
            entry.previousContext = unit.context == entry.context ? nil : unit.context
            if entry.translatorComments.contains(CatalogEntry.reviewedMarker) { entry.translatorComments.removeAll { $0 == CatalogEntry.reviewedMarker } }
            return
        }
        switch unit.state {
        case .untranslated, .needsReview:
            if !entry.isFuzzy { entry.isFuzzy = true }
            if entry.previousID == nil, let previous = unit.previousSource, previous != entry.id { entry.previousID = previous }
            if entry.translatorComments.contains(CatalogEntry.reviewedMarker) { entry.translatorComments.removeAll { $0 == CatalogEntry.reviewedMarker } }
        case .translated, .reviewed:
            if entry.isFuzzy { entry.isFuzzy = false }
            entry.previousID = nil
            entry.previousIDPlural = nil
            entry.previousContext = nil
            let reviewed = markReviewed || unit.state == .reviewed || (!translationChanged && old.isReviewed)
            if reviewed != entry.translatorComments.contains(CatalogEntry.reviewedMarker) { entry.isReviewed = reviewed }
        }
    }
}
