import LocaleData

/// The status as one self-contained HTML page: an overview with a bar per locale, a locale × section
/// heatmap, and for each locale the work still to do (errors and warnings, entries needing review with
/// the old and the new source compared word by word, plural gaps, untranslated messages), each with its
/// catalog line and source references.
///
/// No script, no font, no image, no link to anything outside the file: it can be attached to a CI run,
/// mailed, or opened offline. Readable on a phone (the overview turns into one card per locale below
/// 40rem), in dark mode, and in any script: translations of right-to-left locales are marked
/// `dir="rtl"`, other texts `dir="auto"`, every text carries its `lang`, and every text from a catalog
/// is escaped and isolated (a right-to-left override in a translation cannot leak out of its element).
public struct StatusHTML {
    public let reader: ReaderConventions

    public init(reader: ReaderConventions) { self.reader = reader }

    public func render(_ report: StatusReport) -> String {
        let locales = reader.sortedLocales(report.locales, locale: \.locale)
        var html = """
        <!DOCTYPE html>
        <html lang="en" dir="ltr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>Translation status</title>
        <style>\(Self.styleSheet)</style>
        </head>
        <body>
        <header>
        <h1>Translation status</h1>

        """
        html += "<p class=\"meta\">\(summaryLine(report))</p>\n</header>\n"
        html += overview(locales)
        html += heatmap(locales, sections: reader.sortedSections(report.sections))
        for status in locales { html += localeSection(status, report: report) }
        html += """
        <footer>
        <p>Made by <code>tolk status --format html</code>. Messages are counted as <code>msgfmt --statistics</code> counts them; \
        <em>done</em> means translated, not needing review, and with a form for every plural category of the locale. \
        Words are counted in the \(text(reader.readerName(of: report.sourceLocale))) source with ICU word breaking, \
        so every locale is measured against the same text. Data schema: <code>\(StatusJSON.schema)</code>.</p>
        </footer>
        </body>
        </html>

        """
        return html
    }

    // MARK: Parts

    private func summaryLine(_ report: StatusReport) -> String {
        let source = report.locales.first?.total
        let files = report.locales.first?.files.count ?? 0
        var parts = ["\(reader.number(report.locales.count)) locale\(report.locales.count == 1 ? "" : "s")"]
        if let source {
            parts.append("\(reader.number(source.totalMessages)) messages, \(reader.number(source.totalWords)) words in \(reader.number(files)) content file\(files == 1 ? "" : "s")")
        }
        parts.append("source: \(localeName(report.sourceLocale))")
        return parts.joined(separator: " · ")
    }

    private func overview(_ locales: [LocaleStatus]) -> String {
        var html = "<section id=\"overview\">\n<h2>Overview</h2>\n<table class=\"overview\">\n<thead><tr>"
        html += "<th scope=\"col\">Locale</th><th scope=\"col\">Words done</th><th scope=\"col\" class=\"num\">Done (words)</th><th scope=\"col\" class=\"num\">Done (messages)</th>"
        html += "<th scope=\"col\" class=\"num\">Translated</th><th scope=\"col\" class=\"num\">Needs review</th><th scope=\"col\" class=\"num\">Untranslated</th>"
        html += "<th scope=\"col\" class=\"num\">Plural gaps</th><th scope=\"col\" class=\"num\">Errors</th><th scope=\"col\" class=\"num\">Warnings</th><th scope=\"col\" class=\"num\">Obsolete</th>"
        html += "</tr></thead>\n<tbody>\n"
        for status in locales {
            let counts = status.total
            html += "<tr>"
            html += "<th scope=\"row\" class=\"locale\"><a href=\"#\(attribute(anchor(status.locale)))\">\(localeName(status.locale))</a></th>"
            html += "<td class=\"bar-cell\">\(bar(counts.wordShare, label: "\(reader.percent(counts.wordShare)) of words done"))</td>"
            html += numberCell("Done (words)", reader.percent(counts.wordShare), strong: true)
            html += numberCell("Done (messages)", reader.percent(counts.messageShare))
            html += numberCell("Translated", "\(reader.number(counts.translatedMessages)) / \(reader.number(counts.totalMessages))")
            html += numberCell("Needs review", reader.number(counts.needsReviewMessages), flag: counts.needsReviewMessages > 0 ? "attention" : nil)
            html += numberCell("Untranslated", reader.number(counts.untranslatedMessages))
            html += numberCell("Plural gaps", reader.number(counts.missingPluralFormMessages), flag: counts.missingPluralFormMessages > 0 ? "attention" : nil)
            html += numberCell("Errors", reader.number(counts.errors), flag: counts.errors > 0 ? "error" : nil)
            html += numberCell("Warnings", reader.number(counts.warnings), flag: counts.warnings > 0 ? "attention" : nil)
            html += numberCell("Obsolete", reader.number(counts.obsoleteMessages))
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n</section>\n"
        return html
    }

    private func heatmap(_ locales: [LocaleStatus], sections: [StatusSection]) -> String {
        guard !sections.isEmpty, !locales.isEmpty else { return "" }
        var html = "<section id=\"sections\">\n<h2>By section</h2>\n<p class=\"hint\">Share of words done in each section; hover or tap a cell for the figures.</p>\n"
        html += "<div class=\"scroll\"><table class=\"heatmap\">\n<thead><tr><th scope=\"col\">Locale</th>"
        for section in sections { html += "<th scope=\"col\"><code>\(text(section.title))</code></th>" }
        html += "</tr></thead>\n<tbody>\n"
        for status in locales {
            let bySection = Dictionary(status.sections.map { ($0.section, $0) }, uniquingKeysWith: { first, _ in first })
            html += "<tr><th scope=\"row\"><a href=\"#\(attribute(anchor(status.locale)))\">\(text(reader.readerName(of: status.locale)))</a> <code>\(text(status.locale))</code></th>"
            for section in sections {
                guard let figures = bySection[section] else { html += "<td class=\"none\">–</td>"; continue }
                let counts = figures.counts
                let share = counts.wordShare
                let detail = "\(section.title): \(reader.number(counts.doneWords)) of \(reader.number(counts.totalWords)) words, "
                    + "\(reader.number(counts.doneMessages)) of \(reader.number(counts.totalMessages)) messages done; "
                    + "\(reader.number(counts.needsReviewMessages)) need review, \(reader.number(counts.errors)) errors"
                html += "<td style=\"background:\(Self.heat(share))\" title=\"\(attribute(detail))\">\(text(reader.percent(share)))</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>\n</section>\n"
        return html
    }

    private func localeSection(_ status: LocaleStatus, report: StatusReport) -> String {
        let counts = status.total
        var html = "<section class=\"locale\" id=\"\(attribute(anchor(status.locale)))\">\n<h2>\(localeName(status.locale))</h2>\n"
        html += "<p class=\"summary\">\(bar(counts.wordShare, label: "\(reader.percent(counts.wordShare)) of words done")) "
        html += "<strong>\(text(reader.percent(counts.wordShare)))</strong> of words and \(text(reader.percent(counts.messageShare))) of messages done · "
        html += "\(reader.number(counts.translatedMessages)) translated, \(reader.number(counts.needsReviewMessages)) need review, "
        html += "\(reader.number(counts.untranslatedMessages)) untranslated of \(reader.number(counts.totalMessages))</p>\n"
        let kinds: [(kind: WorkItem.Kind, title: String, open: Bool)] = [
            (.error, "Errors", true), (.warning, "Warnings", true), (.needsReview, "Needs review", true),
            (.missingPluralForms, "Plural gaps", true), (.untranslated, "Untranslated", false),
        ]
        var anything = false
        for (kind, title, open) in kinds {
            let total = WorkList.total(of: kind, in: counts)
            guard total > 0 else { continue }
            anything = true
            let items = status.work[kind]
            html += "<details class=\"work \(kind.rawValue)\"\(open ? " open" : "")><summary>\(title) <span class=\"count\">\(reader.number(total))</span></summary>\n"
            if !items.isEmpty {
                html += "<ol class=\"items\">\n"
                for item in items { html += workItem(item, locale: status.locale, pluralCategories: status.pluralCategories, source: report.sourceLocale) }
                html += "</ol>\n"
            }
            let hidden = status.work.hiddenCount(of: kind, in: counts)
            if hidden > 0 {
                html += "<p class=\"more\">\(items.isEmpty ? "Not listed" : "And \(reader.number(hidden)) more"): this report lists at most "
                html += "\(reader.number(report.workItemLimit)) of each kind per locale (<code>--max-items</code>).</p>\n"
            }
            html += "</details>\n"
        }
        if !anything { html += "<p class=\"all-done\">Nothing to do: every message is translated, reviewed and complete.</p>\n" }
        html += "</section>\n"
        return html
    }

    private func workItem(_ item: WorkItem, locale: String, pluralCategories categories: [PluralCategory], source: String) -> String {
        var html = "<li class=\"item\">\n<p class=\"where\"><code>\(text(item.catalogFile))\(item.line > 0 ? ":\(item.line)" : "")</code>"
        for reference in item.references { html += " <code class=\"ref\">\(text(reference))</code>" }
        if let context = item.context { html += " <span class=\"context\">context <code>\(text(context))</code></span>" }
        html += "</p>\n"
        if let message = item.message { html += "<p class=\"message\">\(text(message))</p>\n" }
        let sourceDirection = LocaleInfo.isRightToLeft(source) ? "rtl" : "auto"
        let targetDirection = LocaleInfo.isRightToLeft(locale) ? "rtl" : "auto"
        func block(_ label: String, _ body: String, lang: String, dir: String) -> String {
            "<div class=\"text\"><span class=\"label\">\(label)</span><p lang=\"\(attribute(lang))\" dir=\"\(dir)\">\(body)</p></div>\n"
        }
        guard !item.source.isEmpty || item.sourcePlural != nil else { return html + "</li>\n" }
        if item.kind == .needsReview, let previous = item.previousSource {
            let changes = WordDiff.changes(from: previous, to: item.source)
            var old = "", new = ""
            for change in changes {
                switch change {
                case .same(let words): old += text(words); new += text(words)
                case .removed(let words): old += "<del>\(text(words))</del>"
                case .added(let words): new += "<ins>\(text(words))</ins>"
                }
            }
            if let previousContext = item.previousContext, previousContext != item.context {
                html += "<p class=\"context\">Translated for context <code>\(text(previousContext))</code></p>\n"
            }
            html += block("Old source", old, lang: source, dir: sourceDirection)
            html += block("New source", new, lang: source, dir: sourceDirection)
        } else {
            html += block(item.sourcePlural == nil ? "Source" : "Source (one)", text(item.source), lang: source, dir: sourceDirection)
            if let plural = item.sourcePlural { html += block("Source (other)", text(plural), lang: source, dir: sourceDirection) }
        }
        let translations = item.translations.filter { !$0.isEmpty }
        guard !translations.isEmpty || !item.missingCategories.isEmpty else { return html + "</li>\n" }
        if item.sourcePlural != nil {
            for index in 0..<max(item.translations.count, categories.count) {
                let name = categories.indices.contains(index) ? categories[index].rawValue : "msgstr[\(index)]"
                let form = item.translations.indices.contains(index) ? item.translations[index] : ""
                if form.isEmpty {
                    html += "<div class=\"text missing\"><span class=\"label\">Translation (\(text(name)))</span><p>missing</p></div>\n"
                } else {
                    html += block("Translation (\(text(name)))", text(form), lang: locale, dir: targetDirection)
                }
            }
        } else if let translation = translations.first {
            html += block(item.kind == .needsReview ? "Translation (of the old source)" : "Translation", text(translation), lang: locale, dir: targetDirection)
        }
        return html + "</li>\n"
    }

    // MARK: Pieces

    private func localeName(_ locale: String) -> String {
        let own = reader.ownName(of: locale), inReader = reader.readerName(of: locale)
        var html = "<span lang=\"\(attribute(reader.locale))\">\(text(inReader))</span>"
        if own != inReader { html += " · <span lang=\"\(attribute(locale))\" dir=\"auto\">\(text(own))</span>" }
        return html + " <code>\(text(locale))</code>"
    }

    private func bar(_ share: Share, label: String) -> String {
        let width = "\(share.permille / 10).\(share.permille % 10)%"
        return "<span class=\"bar\" role=\"img\" aria-label=\"\(attribute(label))\"><span style=\"width:\(width);background:\(CompletionBand(share).badgeColor)\"></span></span>"
    }

    private func numberCell(_ label: String, _ value: String, strong: Bool = false, flag: String? = nil) -> String {
        let classes = ["num"] + (flag.map { [$0] } ?? [])
        let body = strong ? "<strong>\(text(value))</strong>" : text(value)
        return "<td class=\"\(classes.joined(separator: " "))\" data-label=\"\(attribute(label))\">\(body)</td>"
    }

    private func anchor(_ locale: String) -> String { "locale-" + locale }
    private func text(_ value: String) -> String { ReportEscaping.html(value) }
    private func attribute(_ value: String) -> String { ReportEscaping.html(value) }

    /// A light background from red (nothing done) through yellow to green (all done); the text on it
    /// stays dark in either colour scheme, and the figure is always written out for colour-blind readers.
    static func heat(_ share: Share) -> String {
        "hsl(\(share.permille * 120 / 1000) 65% 78%)"
    }

    static let styleSheet = """

    :root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--line:#d1d9e0;--track:#e6e9ec;--card:#f6f8fa;--del:#ffd7d5;--ins:#c9f2d2;--error:#cf222e;--attention:#9a6700}
    @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--line:#3d444d;--track:#262c36;--card:#151b23;--del:#6e2a2a;--ins:#1f5130;--error:#ff7b72;--attention:#d29922}}
    *{box-sizing:border-box}
    body{margin:0 auto;max-width:76rem;padding:1rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
    h1{font-size:1.6rem;margin:0 0 .25rem}
    h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
    .meta,.hint,footer{color:var(--muted)}
    footer{margin-top:3rem;font-size:.85rem}
    a{color:inherit}
    code{font:.85em/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
    table{border-collapse:collapse;width:100%}
    th,td{padding:.4rem .5rem;border-bottom:1px solid var(--line);text-align:start;vertical-align:middle}
    thead th{font-size:.8rem;color:var(--muted);font-weight:600}
    .num{text-align:end;font-variant-numeric:tabular-nums;white-space:nowrap}
    td.error{color:var(--error);font-weight:700}
    td.attention{color:var(--attention);font-weight:600}
    th.locale{font-weight:600;min-width:12rem}
    .bar{display:inline-block;vertical-align:middle;width:100%;min-width:6rem;max-width:16rem;height:.7rem;background:var(--track);border-radius:.35rem;overflow:hidden}
    .bar>span{display:block;height:100%}
    .summary .bar{width:10rem}
    .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
    .heatmap th[scope=row]{position:sticky;inset-inline-start:0;background:var(--bg);white-space:nowrap}
    .heatmap td{text-align:center;color:#1a1a1a;font-variant-numeric:tabular-nums;min-width:4.5rem;border:2px solid var(--bg)}
    .heatmap td.none{color:var(--muted);background:transparent}
    details.work{margin:.75rem 0;border:1px solid var(--line);border-radius:.5rem;background:var(--card)}
    details.work>summary{cursor:pointer;padding:.5rem .75rem;font-weight:600}
    details.error>summary{color:var(--error)}
    .count{display:inline-block;min-width:1.6rem;padding:0 .4rem;border-radius:1rem;background:var(--track);color:var(--fg);font-size:.8rem;text-align:center}
    ol.items{margin:0;padding:0 .75rem .5rem 2.25rem}
    li.item{padding:.5rem 0;border-top:1px solid var(--line)}
    .where{margin:0 0 .25rem;font-size:.85rem;color:var(--muted)}
    .message{margin:.25rem 0;color:var(--error)}
    details.warning .message{color:var(--attention)}
    .text{display:grid;grid-template-columns:11rem 1fr;gap:.75rem;margin:.25rem 0}
    .text .label{font-size:.8rem;color:var(--muted)}
    .text p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate}
    .text.missing p{color:var(--error);font-style:italic}
    del{background:var(--del);text-decoration:line-through}
    ins{background:var(--ins);text-decoration:none}
    .more,.all-done{padding:0 .75rem;color:var(--muted)}
    @media (max-width:40rem){
    body{padding:.75rem;font-size:14px}
    table.overview thead{display:none}
    table.overview,table.overview tbody,table.overview tr{display:block;width:100%}
    table.overview tr{display:grid;grid-template-columns:1fr 1fr;gap:.1rem 1rem;padding:.75rem 0;border-bottom:1px solid var(--line)}
    table.overview th.locale,table.overview td.bar-cell{grid-column:1/-1;border:0;padding:.1rem 0}
    table.overview td.num{display:flex;justify-content:space-between;border:0;padding:.1rem 0}
    table.overview td.num::before{content:attr(data-label);color:var(--muted);font-weight:400}
    .bar{max-width:none}
    .text{grid-template-columns:1fr;gap:0}
    ol.items{padding-inline-start:1.5rem}
    }

    """
}
