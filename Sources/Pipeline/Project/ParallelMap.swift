import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// `map` spread over the machine's cores; results keep the input order.
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let results = Mutex<[Int: Result]>([:])
        let items = self
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            let value = transform(items[index])
            results.withLock { $0[index] = value }
        }
        return results.withLock { stored in items.indices.map { stored[$0]! } }
    }
}
