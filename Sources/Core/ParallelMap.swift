import Dispatch

extension Array where Element: Sendable {
    /// `map` spread over the machine's cores; results keep the input order.
    package func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let items = self
        return [Result](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            // Each index is written exactly once, by one thread: no lock needed.
            nonisolated(unsafe) let results = buffer
            DispatchQueue.concurrentPerform(iterations: items.count) { index in
                (results.baseAddress! + index).initialize(to: transform(items[index]))
            }
            initialized = items.count
        }
    }
}

extension Array where Element: Sendable {
    /// `compactMap` spread over the machine's cores, `runsOf` elements to a task (for work too small
    /// to be worth a task per element); results keep the input order.
    package func parallelCompactMap<Result: Sendable>(runsOf run: Int, _ transform: @Sendable (Element) -> Result?) -> [Result] {
        let items = self
        let starts = Array<Int>(stride(from: 0, to: items.count, by: Swift.max(1, run)))
        var runs = starts.parallelMap { start in items[start..<Swift.min(start + run, items.count)].compactMap(transform) }
        var results: [Result] = []
        results.reserveCapacity(runs.reduce(0) { $0 + $1.count })
        for index in runs.indices {
            results += runs[index]
            runs[index] = []  // freed as soon as copied
        }
        return results
    }
}
