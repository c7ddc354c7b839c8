import Foundation
import Synchronization
import Workspace

/// One status line on standard error for long runs — `writing 12,345/55,022 pages · ru · 4.2 s` —
/// redrawn at most ten times a second, only when standard error is a terminal (CI logs stay clean),
/// and erased when the run ends.
final class ProgressMeter: Sendable {
    private let enabled: Bool
    private let started = Date()
    private let state = Mutex<(lastDraw: Double, drawn: Bool)>((0, false))

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    func update(_ progress: WorkProgress) {
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(started)
        let shouldDraw = state.withLock { state -> Bool in
            guard elapsed - state.lastDraw >= 0.1 || progress.done == progress.total else { return false }
            state.lastDraw = elapsed
            state.drawn = true
            return true
        }
        guard shouldDraw else { return }
        var line = "\(progress.phase.rawValue) \(Self.grouped(progress.done))/\(Self.grouped(progress.total)) \(progress.unit)"
        if let locale = progress.locale { line += " · \(locale)" }
        line += String(format: " · %.1f s", elapsed)
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
    }

    func finish() {
        guard enabled, state.withLock({ $0.drawn }) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    private static func grouped(_ number: Int) -> String {
        let digits = String(number)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return out
    }
}
