import Foundation

/// With `TOLK_PROFILE=1` in the environment, prints how long each step of a run took to standard error.
package struct StepTimer {
    private let enabled = ProcessInfo.processInfo.environment["TOLK_PROFILE"] == "1"
    private var last = Date()

    package init() {}

    package mutating func lap(_ step: String) {
        guard enabled else { return }
        let now = Date()
        FileHandle.standardError.write(Data(String(format: "  %-24@ %7.3f s\n", step, now.timeIntervalSince(last)).utf8))
        last = now
    }
}
