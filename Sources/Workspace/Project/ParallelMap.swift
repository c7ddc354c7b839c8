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
