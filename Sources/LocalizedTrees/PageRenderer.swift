import Catalog
import Extractor
import Foundation
import LocaleData
import Merger
import Workspace

/// Turns one content file's version in one locale into the bytes of its output: the translations
/// merged into the source bytes, links pointing at the same locale's pages, tag lists and navigation
/// lists in the locale's order, and a page's front matter fields (`lang`, `dir`, the translation key,
/// the share translated, the alternates, the localized date and reading time). Safe to use from
/// several threads at once: it holds only values and pools of ICU objects.
struct PageRenderer: Sendable {
    let project: Project
    let settings: BuildSettings
    let sourceLocale: String
    let allLocales: [String]
    let pseudo: Set<String>
    let urls: PageURLs
    /// Per locale, the reading-time message from the site strings.
    let readingTimePatterns: [String: String]
    let values: LocalizedValues
    let collators: LocalePool<Collator>

    /// The indices of a page's units that are the items of the front matter list `key`, in source order.
    static func listUnits(of document: ExtractedDocument, key: String) -> [Int] {
        document.units.indices.filter { document.units[$0].role == .frontMatter(keyPath: key) }
    }

    func render(_ file: Project.SourceFile, locale: String, document: ExtractedDocument, version: PageVersion,
                linkTargets: [LinkTarget], diagnostics: inout [Diagnostic]) throws -> [UInt8] {
        var replacements = version.replacements
        // Links to other pages: the same locale's URL.
        let targets = Dictionary(linkTargets.map { ($0.destination, ($0.target, $0.suffix)) }, uniquingKeysWith: { first, _ in first })
        func localizedDestination(_ destination: String) -> String? {
            guard let (target, suffix) = targets[destination], let localized = urls.url(of: target, in: locale) else { return nil }
            return localized + suffix
        }
        if !targets.isEmpty {
            for (index, text) in version.texts.enumerated() where text.contains("](") {
                let rewritten = LinkRewriter.rewrite(text, localizedDestination)
                if rewritten != text { replacements[index] = rewritten }
            }
        }
        if file.role == .navigation { return try navigation(document, version: version, replacements: replacements, locale: locale) }
        guard file.role == .page else { return SpanMerger.merge(document, replacements: replacements) }
        // Link reference definitions (`[retro]: /posts/a/`) belong to no unit: their destinations are edited in place.
        var edits: [ByteEdit] = []
        for range in document.linkDefinitionDestinations where !targets.isEmpty {
            let destination = String(decoding: document.bytes[range], as: UTF8.self)
            guard let rewritten = localizedDestination(destination), rewritten != destination,
                  !rewritten.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "\n" }) else { continue }
            edits.append(ByteEdit(range: range, bytes: Array(rewritten.utf8)))
        }
        // Lists in the locale's alphabetical order.
        for key in settings.sortedLists {
            let indices = Self.listUnits(of: document, key: key)
            guard indices.count > 1 else { continue }
            let sorted = try collators.with(collationLocale(locale)) { collator in collator.sorted(indices.map { version.texts[$0] }) }
            for (position, index) in indices.enumerated() {
                let unit = document.units[index]
                replacements[index] = sorted[position] == (unit.sourceValue ?? unit.text) ? nil : sorted[position]
            }
        }
        guard let block = document.frontMatter else { return SpanMerger.merge(document, replacements: replacements, extraEdits: edits) }
        guard let summary = urls.summaries[file.path]?[locale] else { preconditionFailure("\(file.path) is written in \(locale) without a plan") }
        let fields = frontMatterFields(file, locale: locale, summary: summary, scalars: block.scalars, diagnostics: &diagnostics)
        return SpanMerger.merge(document, replacements: replacements, extraEdits: edits + fields.edits(in: block))
    }

    /// The fields the build adds to (or sets in) a page's front matter, with their names from `build.fields`.
    private func frontMatterFields(_ file: Project.SourceFile, locale: String, summary: VersionSummary, scalars: [String: String],
                                   diagnostics: inout [Diagnostic]) -> FrontMatterFields {
        let configuration = project.configuration
        let fieldNames = settings.fields
        var fields = FrontMatterFields()
        // A pseudo-locale formats with the source locale's data, then disguises the result like its text.
        let formatLocale = pseudo.contains(locale) ? sourceLocale : locale
        let dialect = configuration.markdownDialect
        let disguise: (String) -> String = pseudo.contains(locale) ? { PseudoLocale(locale: locale, dialect: dialect).translate($0, isPlural: false) } : { $0 }
        let readingTime = configuration.readingTime
        if !readingTime.outputKey.isEmpty, let pattern = readingTimePatterns[locale], let minutesText = scalars[readingTime.minutesKey] {
            if let minutes = Double(minutesText), minutes >= 0 {
                do {
                    fields.set(readingTime.outputKey, .string(disguise(try values.readingTime(pattern: pattern, minutes: minutes, locale: formatLocale))))
                } catch {
                    diagnostics.append(Diagnostic(.error, file: configuration.siteFile, "\(readingTime.messageKey) for \(locale): \(error)"))
                }
            } else {
                diagnostics.append(Diagnostic(.warning, file: file.rootPath,
                                              "\(readingTime.minutesKey) is '\(minutesText)', not a number: no \(readingTime.outputKey) added"))
            }
        }
        fields.set(fieldNames.lang, .string(locale))
        fields.set(fieldNames.dir, .string(LocaleInfo.isRightToLeft(locale) ? "rtl" : "ltr"))
        fields.set(fieldNames.translationKey, .string(file.path.lastIndex(of: ".").map { String(file.path[..<$0]) } ?? file.path))
        fields.set(fieldNames.translated, .integer(summary.percent))
        if (configuration.siteGenerator ?? .plain).takesURL(ofPage: file.path) { fields.set(fieldNames.url, .string(summary.url)) }
        fields.set(fieldNames.alternates, .mapping(alternates(of: file.path, in: locale)))
        if let dateText = scalars["date"] {
            if let date = CivilDate(frontMatterValue: dateText) {
                fields.set(fieldNames.date, .string(disguise(values.date(date, locale: formatLocale))))
            } else {
                diagnostics.append(Diagnostic(.warning, file: file.rootPath,
                                              "date is '\(dateText)', not a YYYY-MM-DD date: no \(fieldNames.date) added"))
            }
        }
        if summary.incomplete { fields.set(fieldNames.incomplete, .boolean(true)) }
        return fields
    }

    /// The versions a page in `locale` names as its alternates (locale → URL), in the site's locale
    /// order, then `x-default`: the source version, for readers whose language the site does not have.
    /// A pseudo-locale is a test of the site, not a language for readers: only its own pages list it.
    /// With the site's root URL known (Hugo's `baseURL`), the URLs are absolute, as `hreflang` wants them.
    func alternates(of path: String, in locale: String) -> [(String, String)] {
        var alternates: [(String, String)] = []
        let base = project.configuration.siteBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? ""
        func absolute(_ url: String) -> String { url.hasPrefix("/") ? base + url : url }
        let summaries = urls.summaries
        for other in allLocales where !pseudo.contains(other) || other == locale {
            if let version = summaries[path]?[other], version.included { alternates.append((other, absolute(version.url))) }
        }
        if let source = summaries[path]?[sourceLocale], source.included { alternates.append(("x-default", absolute(source.url))) }
        return alternates
    }

    /// The navigation file, with the lists named in `navigation.sort` ordered by their localized labels.
    func navigation(_ document: ExtractedDocument, version: PageVersion, replacements: [String?], locale: String) throws -> [UInt8] {
        let patterns = project.configuration.navigationSortedLists
        guard !patterns.isEmpty else { return SpanMerger.merge(document, replacements: replacements) }
        let unitBySpan = Dictionary(document.units.indices.map { (document.units[$0].span.lowerBound, $0) }, uniquingKeysWith: { first, _ in first })
        var ordered = document
        for list in YAMLListOrder.lists(in: document.bytes, matching: patterns, sortKey: "label") {
            let labels = list.keySpans.map { span -> String in
                guard let span else { return "" }
                if let index = unitBySpan[span.lowerBound] { return replacements[index] ?? version.texts[index] }
                return String(decoding: document.bytes[span], as: UTF8.self)
            }
            let order = try collators.with(collationLocale(locale)) { collator in
                Array(labels.indices).sorted { collator.compare(labels[$0], labels[$1]) < 0 || (collator.compare(labels[$0], labels[$1]) == 0 && $0 < $1) }
            }
            if order != Array(labels.indices) { ordered = YAMLListOrder.reordering(ordered, list, to: order) }
        }
        return SpanMerger.merge(ordered, replacements: replacements)
    }

    /// A pseudo-locale sorts as its language (`en-XA` as `en`).
    private func collationLocale(_ locale: String) -> String {
        pseudo.contains(locale) ? String(locale.prefix(while: { $0 != "-" })) : locale
    }
}
