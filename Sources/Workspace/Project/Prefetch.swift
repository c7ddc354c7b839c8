import Dispatch
import Synchronization

/// Work started on another thread now and waited for when its value is wanted: while one batch is
/// worked on, the next is read.
package final class Prefetch<Value: Sendable>: Sendable {
    private let done = DispatchGroup()
    private let result = Mutex<Value?>(nil)

    package init(_ work: @escaping @Sendable () -> Value) {
        done.enter()
        DispatchQueue.global().async { [self] in
            let value = work()
            result.withLock { $0 = value }
            done.leave()
        }
    }

    /// The work's value, once it is done (waiting for it if need be).
    package var value: Value {
        done.wait()
        return result.withLock { $0! }
    }
}
