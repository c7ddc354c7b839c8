import Synchronization
import Testing
@testable import Workspace

/// The helpers that spread work over the cores keep the input's order and run each piece of work once.
@Suite struct ParallelWorkTests {
    @Test(arguments: [1, 3, 4096])
    func compactMapInRunsKeepsOrderAndDropsNils(run: Int) {
        let numbers = Array(0..<10_007)
        let odd = numbers.parallelCompactMap(runsOf: run) { $0 % 2 == 1 ? "n\($0)" : nil }
        #expect(odd == numbers.compactMap { $0 % 2 == 1 ? "n\($0)" : nil })
        #expect([Int]().parallelCompactMap(runsOf: run) { $0 }.isEmpty)
    }

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
