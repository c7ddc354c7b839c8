import Core
import Dispatch
import Foundation
import Synchronization
import Testing

/// The maps spread over the cores keep the input's order.
@Suite struct ParallelMapTests {
    @Test(arguments: [1, 3, 4096])
    func compactMapInRunsKeepsOrderAndDropsNils(run: Int) {
        let numbers = Array(0..<10_007)
        let odd = numbers.parallelCompactMap(runsOf: run) { $0 % 2 == 1 ? "n\($0)" : nil }
        #expect(odd == numbers.compactMap { $0 % 2 == 1 ? "n\($0)" : nil })
        #expect([Int]().parallelCompactMap(runsOf: run) { $0 }.isEmpty)
        #expect(numbers.parallelCompactMap(runsOf: run) { _ -> Int? in nil }.isEmpty)
    }

    /// The results are moved out of each task's buffer, not copied: each object the transform made
    /// is freed exactly once, when the result goes, and none before.
    @Test func compactMapMovesEveryResultOnce() {
        let tally = Tally()
        do {
            let made = Array(0..<5_000).parallelCompactMap(runsOf: 64) { $0 % 3 == 0 ? nil : Counted($0, tally) }
            #expect(made.map(\.value) == Array(0..<5_000).filter { $0 % 3 != 0 })
            #expect(tally.state.withLock { $0.alive } == 3_333)
        }
        #expect(tally.state.withLock { ($0.alive, $0.freed) } == (0, 3_333))
    }

    /// What `releaseInBackground` is handed is freed, all of it, and not on the caller's thread.
    @Test func releaseInBackgroundFreesOnAnotherThread() {
        let tally = Tally()
        let caller = pthread_self()
        let objects = (0..<1_000).map { Counted($0, tally) }
        releaseInBackground(consume objects)
        // While this thread waits, whatever is freed is freed elsewhere; a free inside the call above would have been here.
        let deadline = Date().addingTimeInterval(10)
        while tally.state.withLock({ $0.alive }) > 0 && Date() < deadline { usleep(1_000) }
        let state = tally.state.withLock { $0 }
        #expect(state.alive == 0)
        #expect(state.freed == 1_000)
        #expect(!state.freeingThreads.contains { pthread_equal($0, caller) != 0 })
    }
}

/// How many `Counted` objects live, how many were freed, and on which threads.
private final class Tally: Sendable {
    struct State: Sendable {
        var alive = 0
        var freed = 0
        var freeingThreads: [pthread_t] = []
    }
    let state = Mutex(State())
}

private final class Counted: Sendable {
    let value: Int
    let tally: Tally
    init(_ value: Int, _ tally: Tally) {
        self.value = value
        self.tally = tally
        tally.state.withLock { $0.alive += 1 }
    }
    deinit {
        let thread = pthread_self()
        tally.state.withLock { state in
            state.alive -= 1
            state.freed += 1
            if !state.freeingThreads.contains(where: { pthread_equal($0, thread) != 0 }) { state.freeingThreads.append(thread) }
        }
    }
}
