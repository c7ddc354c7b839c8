import Foundation
import Testing
@testable import Catalog

/// Writing speed of the PO writer on the sample site's catalogs. It prints figures and never fails
/// on time: run it in release when you change the writer.
///
///     TOLK_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter POWriterBenchmark
@Suite(.enabled(if: ProcessInfo.processInfo.environment["TOLK_BENCH"] == "1"))
struct POWriterBenchmark {
    static let rounds = 100

    @Test func writesTheSampleCatalogs() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let locales = root.appendingPathComponent("locales")
        let files = FileManager.default.enumerator(at: locales, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }
            .filter { ["po", "pot"].contains($0.pathExtension) }.sorted { $0.path < $1.path } ?? []
        // A template and its locales' catalogs share their msgids: sync writes them one after another.
        var groups: [String: [Catalog]] = [:]
        for file in files {
            let catalog = POReader(path: file.path).read(Array(try Data(contentsOf: file))).catalog
            let relative = file.path.dropFirst(locales.path.count + 1).split(separator: "/").dropFirst().joined(separator: "/")
            groups[String(relative.split(separator: ".").first ?? ""), default: []].append(catalog)
        }
        let allCatalogs = groups.keys.sorted().flatMap { groups[$0]! }
        let catalogs = allCatalogs
        // The templates: English, as the catalogs of a first sync are before translation.
        let templates = zip(files, files.indices).filter { $0.0.pathExtension == "pot" }.map { POReader(path: $0.0.path).read(Array((try? Data(contentsOf: $0.0)) ?? Data())).catalog }
        let writer = POWriter()
        let derivation = Date()
        _ = GettextLineBreaks.Classes.shared
        print("POWriter: line-break classes read from libunistring in \(String(format: "%.1f", Date().timeIntervalSince(derivation) * 1000)) ms")

        func measure(_ label: String, _ catalogs: [Catalog]? = nil, _ body: () -> Int) {
            let start = Date()
            var bytes = 0
            for _ in 0..<Self.rounds { bytes += body() }
            let seconds = Date().timeIntervalSince(start)
            let rate = String(format: "%.0f", Double(bytes) / seconds / 1e6)
            print("POWriter \(label): \((catalogs ?? allCatalogs).count) catalogs × \(Self.rounds), \(bytes / 1_000_000) MB in \(String(format: "%.2f", seconds)) s = \(rate) MB/s")
        }
        measure("write → String, no memo") { catalogs.reduce(0) { $0 + writer.write($1).utf8.count } }
        measure("encoded → bytes, no memo") { catalogs.reduce(0) { $0 + writer.encoded($1).count } }
        measure("encoded → bytes, templates only (ASCII), no memo", templates) { templates.reduce(0) { $0 + writer.encoded($1).count } }
        measure("encoded → bytes, one memo per template and its catalogs") {
            var bytes = 0
            for key in groups.keys.sorted() {
                let memo = POWriter.WrapMemo()
                for catalog in groups[key]! { bytes += writer.encoded(catalog, memo: memo).count }
            }
            return bytes
        }
    }
}
