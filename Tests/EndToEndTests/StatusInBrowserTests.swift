import Foundation
import Testing

/// The HTML status report in a real browser: `.ci/render_status_html.py` opens it in headless Chromium
/// at phone and desktop widths and fails on a console message, an external reference or a screenshot
/// of the wrong size. Runs where Debian's chromium is installed (`make status-screenshots` installs it
/// as root); elsewhere the test is skipped and says why.
@Suite struct StatusInBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: chromium != nil, "needs Debian's chromium (make status-screenshots installs it)"))
    func reportRendersWithoutConsoleErrorsAtPhoneAndDesktopWidths() throws {
        let site = try TolkRunner.sampleSiteCopy()
        defer { site.remove() }
        let report = try site.run("status", "--format", "html", "--output", "status.html")
        #expect(report.status == 0, "\(report.stderr)")
        let script = try TolkRunner.runScript("render_status_html.py", [site.root.appendingPathComponent("status.html").path, "--out", site.root.appendingPathComponent("shots").path,
                                                              "--chromium", Self.chromium!])
        #expect(script.status == 0, "\(script.stdout)\(script.stderr)")
        for name in ["status-phone.png", "status-desktop.png"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: site.root.appendingPathComponent("shots/\(name)").path)[.size] as? Int) ?? 0
            #expect(size > 10_000, "\(name) is a real screenshot")
        }
    }
}
