import Core
import Testing

/// The maps spread over the cores keep the input's order.
@Suite struct ParallelMapTests {
    @Test(arguments: [1, 3, 4096])
    func compactMapInRunsKeepsOrderAndDropsNils(run: Int) {
        let numbers = Array(0..<10_007)
        let odd = numbers.parallelCompactMap(runsOf: run) { $0 % 2 == 1 ? "n\($0)" : nil }
        #expect(odd == numbers.compactMap { $0 % 2 == 1 ? "n\($0)" : nil })
        #expect([Int]().parallelCompactMap(runsOf: run) { $0 }.isEmpty)
    }
}
