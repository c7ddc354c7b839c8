import Foundation
import Testing

/// `tolk roundtrip` on the sample site and on Markdown written by others: the documentation that
/// Debian packages and the Swift toolchain install on this machine.
@Suite struct RoundtripCommandTests {
    @Test func sampleSiteIsFaithful() throws {
        let site = try TolkRunner.sampleSiteCopy()
        let result = try site.run("roundtrip")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("identity merge: 0 files differ (0 bytes)"))
        #expect(result.stdout.contains("pseudo-translation structure: 0 files differ"))
    }

    /// Real-world corpus. Every file found must pass all three checks; the machine's docs are
    /// required (at least 40 files), so the test cannot pass by finding nothing.
    @Test func markdownWrittenByOthersIsFaithful() throws {
        let candidates = ["/usr/share/doc", "/opt/swift/usr/share/doc", "/usr/share/swift/usr/share/doc"]
        let roots = candidates.filter { FileManager.default.fileExists(atPath: $0) }
        let site = try TolkRunner.sampleSiteCopy()
        let result = try site.run(["roundtrip", "--checks", "all"] + roots)
        let summary = result.stdout.split(separator: "\n").suffix(4).joined(separator: "\n")
        let files = Int(summary.split(separator: " ").first ?? "") ?? 0
        #expect(files >= 40, "only \(files) Markdown files under \(roots)")
        #expect(result.status == 0, "\(result.stdout.suffix(3000))")
        print("real-world corpus: \(summary)")
    }
}
