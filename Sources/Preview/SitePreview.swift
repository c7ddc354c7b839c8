import Catalog
import Foundation
import LocaleData
import LocalizedTrees
import Synchronization
import Workspace

/// `tolk build --html`: each built locale rendered as a small static site in the preview folder
/// (`preview/` by default), from the files the build just wrote, with cmark-gfm's HTML for the
/// bodies. The whole folder is assembled beside the old one and swapped in.
public struct SitePreview {
    public let project: Project

    public init(project: Project) {
        self.project = project
    }

    public struct Report: Sendable {
        /// The preview folder, relative to the project.
        public var folder = ""
        public var locales: [(locale: String, posts: Int, tags: Int)] = []
        public var filesWritten = 0
        public var bytesWritten = 0
        public var diagnostics: [Diagnostic] = []
    }

    /// Renders the preview of `locales` (in this order) from the build's `pages`.
    public func render(_ pages: [SiteBuilder.BuiltPage], locales: [String], holding lock: ProjectLock) throws -> Report {
        let configuration = project.configuration
        var timer = StepTimer()
        var report = Report()
        report.folder = configuration.previewPath

        // A tag's folder comes from its source text, so it is the same in every locale.
        var tagSlugs: [String: String] = [:]
        var taken: [String: String] = [:]
        for page in pages {
            for (source, _) in page.tags where tagSlugs[source] == nil {
                let base = PreviewPaths.segment(for: source)
                var slug = base
                var suffix = 2
                while let owner = taken[slug], owner != source { slug = base + "-\(suffix)"; suffix += 1 }
                taken[slug] = source
                tagSlugs[source] = slug
            }
        }
        let byLocale = Dictionary(grouping: pages, by: \.locale)
        var site: [PreviewLocale] = []
        for locale in locales {
            let pseudo = configuration.build.pseudoLocales.contains(locale)
            let collator = try Collator(locale: pseudo ? configuration.sourceLocale : locale)
            var diagnostics: [Diagnostic] = []
            // Tags whose list is not translated have no source pairs: the text the page shows names them.
            let loaded = try PreviewLocale.load(locale: locale, pages: byLocale[locale] ?? [], project: project,
                                                tagSlug: { [tagSlugs] in tagSlugs[$0] ?? PreviewPaths.segment(for: $0) },
                                                collator: collator, diagnostics: &diagnostics)
            var located = loaded
            located.isPseudo = pseudo
            report.diagnostics += diagnostics
            site.append(located)
            report.locales.append((locale, located.posts.count, located.tags.count))
        }
        // Roles the site strings lack show English: say so once, for the source locale's file.
        if let first = site.first, !first.strings.missing.isEmpty {
            report.diagnostics.append(Diagnostic(.warning, file: configuration.contentPath + "/" + configuration.siteFile,
                "the preview shows English defaults for \(first.strings.missing.map { configuration.preview.strings[$0] ?? $0.defaultKey }.joined(separator: ", ")), which the site strings lack",
                hint: "add them to \(configuration.siteFile) (or map preview.strings in tolk.yaml) so they are translated"))
        }

        timer.lap("preview: read pages")
        let html = PreviewHTML(site: site, assets: Set(try project.sourceFiles().other))
        let swap = TreeSwap(live: project.root.appendingPathComponent(configuration.previewPath))
        TreeSwap.removeLeftovers(in: swap.live.deletingLastPathComponent())
        try swap.prepare()
        let written = Atomic<Int>(0)
        do {
            let (pages, assets) = try html.write { path, bytes in
                try swap.write(bytes, to: path)
                written.add(bytes.count, ordering: .relaxed)
            }
            for path in assets.sorted() {
                let bytes = try FileTree.read(project.contentFolder.appendingPathComponent(path))
                try swap.write(bytes, to: PreviewLinks.assetFolder + "/" + path)
                written.add(bytes.count, ordering: .relaxed)
            }
            timer.lap("preview: write pages")
            try swap.commit()
            timer.lap("preview: swap")
            report.filesWritten = pages + assets.count
        } catch {
            swap.abandon()
            throw error
        }
        report.bytesWritten = written.load(ordering: .relaxed)
        return report
    }
}
