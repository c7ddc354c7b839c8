import Foundation
import Testing

/// Issue 21: the `tolk` binary runs on jemalloc (linked in Package.swift), not on glibc's malloc.
/// jemalloc reads `MALLOC_CONF` from the environment; `stats_print:true` makes it print its
/// statistics when the process exits, which only jemalloc does. Every other end-to-end test runs the
/// same binary, so they prove the pipeline's output unchanged under it; this one proves which
/// allocator they ran on.
@Suite struct AllocatorTests {
    /// Set when building with glibc's malloc (`TOLK_MALLOC=system swift build`): then there is nothing to prove.
    static var linksJemalloc: Bool {
        #if os(Linux)
        ProcessInfo.processInfo.environment["TOLK_MALLOC"] != "system"
        #else
        false
        #endif
    }

    @Test(.enabled(if: linksJemalloc, "built with TOLK_MALLOC=system or not on Linux"))
    func theBinaryAllocatesWithJemalloc() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        var environment = ProcessInfo.processInfo.environment
        environment["MALLOC_CONF"] = "stats_print:true"
        let built = try site.run(["build"], environment: environment)
        #expect(built.status == 0, "\(built.stderr.suffix(2000))")
        #expect(built.stderr.contains("___ Begin jemalloc statistics ___"), "jemalloc printed its statistics at exit")
        #expect(try site.read("public/ru/posts/why-plural-rules-are-hard.md").contains("\ntitle: "), "and the build wrote its trees")
    }
}
