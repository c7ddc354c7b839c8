import Synchronization
import Testing
@testable import Workspace

/// A prefetch runs its work once, on another thread, and gives its value to whoever waits for it.
@Suite struct PrefetchTests {
    @Test func aPrefetchRunsItsWorkOnceAndGivesItsValue() {
        let runs = Mutex(0)
        let prefetch = Prefetch {
            runs.withLock { $0 += 1 }
            return (0..<100_000).reduce(0, +)
        }
        #expect(prefetch.value == 4_999_950_000)
        #expect(prefetch.value == 4_999_950_000)
        #expect(runs.withLock { $0 } == 1)
    }
}
