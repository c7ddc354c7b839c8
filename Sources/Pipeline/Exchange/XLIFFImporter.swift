import Catalog
import Foundation
import LocaleData

/// Applies a translated XLIFF file (2.0, 1.2 or Translate Toolkit's 1.1) to a locale's catalogs.
///
/// Units are matched by id (see `XLIFFUnit.id`). An entry whose source changed since the export is
/// found through its previous source (`#| msgid`), and a unit whose `<source>` is not the entry's
/// current text is imported as needs review with that source as the previous one: the translation is
/// kept for the translator to check, never dropped. Units from other tools (ids tolk did not write)
/// are matched by context and source. Each translation passes the checks `tolk check` makes before it
/// is applied; a rejected unit is reported at its `<target>` and the catalogs keep what they had.
struct XLIFFImporter {
    let project: Project

    /// A unit ready to apply: its translations in the locale's gettext order.
    private struct Incoming {
        var unit: XLIFFUnit
        var translations: [String]
    }

    func importXLIFF(_ read: XLIFFReader.Result, from url: URL, locale requestedLocale: String?, dryRun: Bool) throws -> Exchange.ImportReport {
        var report = Exchange.ImportReport()
        let inputPath = url.relativePath
        report.diagnostics = read.diagnostics
        guard read.isUsable else { throw ExchangeError.unreadableFile(read.diagnostics) }
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

        var byID: [String: Incoming] = [:]
        var byKey: [CatalogEntry.Key: String] = [:]
        var bySourceAlone: [MessageText: String] = [:]
        for unit in read.units where unit.state != .untranslated {
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
            if let problem = InlineStructureCheck.problem(source: unit.source, translations: translations) {
                reject(unit, line: unit.line, column: unit.column, problem.message, hint: problem.hint)
                continue
            }
            byID[unit.id] = Incoming(unit: unit, translations: translations)
            byKey[CatalogEntry.Key(context: unit.context, id: unit.source)] = unit.id
            if unit.context == nil, !unit.id.hasPrefix("u") || unit.id.count != 17 { bySourceAlone[MessageText(unit.source)] = unit.id }
        }

        var verdicts: [String: Bool] = [:]
        var matched = Set<String>()
        for file in try project.sourceFiles().translatable {
            let catalogURL = project.catalogURL(locale: locale, catalogPath: file.catalogPath)
            guard let found = try project.readCatalog(at: catalogURL) else { continue }
            if found.diagnostics.hasErrors { report.diagnostics += found.diagnostics; continue }
            var catalog = found.catalog
            var changed = false
            for index in catalog.entries.indices where !catalog.entries[index].isObsolete && !catalog.entries[index].isHeader {
                let entry = catalog.entries[index]
                guard let id = matchingUnitID(for: entry, byID: byID, byKey: byKey, bySourceAlone: bySourceAlone), let incoming = byID[id] else { continue }
                matched.insert(id)
                var updated = entry
                updated.translations = incoming.translations
                if updated.translations.count != entry.translations.count, entry.idPlural == nil {
                    reject(incoming.unit, line: incoming.unit.line, column: incoming.unit.column, "a plural unit for a singular message", hint: "translate it as one text")
                    continue
                }
                if file.kind == .uiStrings {
                    if verdicts[id] == nil {
                        let problems = check.messageFormatProblems(of: updated)
                        for (_, problem) in problems {
                            reject(incoming.unit, line: incoming.unit.line, column: incoming.unit.column, problem.message, hint: problem.hint)
                        }
                        verdicts[id] = problems.isEmpty
                    }
                    if verdicts[id] == false { continue }
                }
                apply(incoming.unit, to: &updated, was: entry)
                if updated.hasSameBytes(as: entry) {
                    report.unchangedEntries += 1
                } else {
                    catalog.entries[index] = updated
                    changed = true
                    report.updatedEntries += 1
                }
            }
            if changed && !dryRun {
                try FileTree.writeAtomically(Array(project.poWriter.write(catalog).utf8), to: catalogURL)
                report.catalogsWritten += 1
            }
        }

        report.unmatched = read.units.compactMap { unit in
            guard let incoming = byID[unit.id], !matched.contains(unit.id) else { return nil }
            var entry = CatalogEntry(context: unit.context, id: unit.source, idPlural: unit.sourcePlural.flatMap { unit.pluralForms == nil ? nil : $0 }, translations: incoming.translations)
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
            try FileTree.writeAtomically(Array(POWriter().write(leftovers).utf8), to: leftoverURL)
            report.unmatchedFile = leftoverURL.path
        }
        return report
    }

    /// The id of the unit meant for `entry`: by tolk's id of its current text, then of its previous text
    /// (the source changed after export), then by context and source for other tools' ids.
    private func matchingUnitID(for entry: CatalogEntry, byID: [String: Incoming], byKey: [CatalogEntry.Key: String], bySourceAlone: [MessageText: String]) -> String? {
        let current = XLIFFUnit.id(context: entry.context, source: entry.id)
        if byID[current] != nil { return current }
        if let previous = entry.previousID {
            let old = XLIFFUnit.id(context: entry.previousContext ?? entry.context, source: previous)
            if byID[old] != nil { return old }
        }
        if let id = byKey[entry.key] { return id }
        return bySourceAlone[MessageText(entry.id)]
    }

    /// Sets the entry's state from the unit's. A unit exported for another source text (the source
    /// changed since) comes in as needs review, with the exported text as the previous source.
    private func apply(_ unit: XLIFFUnit, to entry: inout CatalogEntry, was old: CatalogEntry) {
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
            let reviewed = unit.state == .reviewed || (!translationChanged && old.isReviewed)
            if reviewed != entry.translatorComments.contains(CatalogEntry.reviewedMarker) { entry.isReviewed = reviewed }
        }
    }
}
