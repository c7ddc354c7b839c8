import Dispatch

/// Frees `value` on another thread: for a large structure the caller is done with, whose freeing
/// (every string and array in it, one by one) would otherwise stall the thread with work still to do.
/// Freeing the 275,000 translations of an import took 75 ms of its one serial end; the process may
/// exit before the other thread is done, which frees nothing that matters.
///
/// The caller must give up its own references (`releaseInBackground(consume batch)`): a copy kept
/// elsewhere is freed where its last reference goes, and that may be the caller's thread once the
/// other is done.
package func releaseInBackground<Value>(_ value: consuming Value) {
    // The only reference to the box is the one handed to the other thread: a local one would be
    // released here after that thread's, and the last release frees.
    let held = Unmanaged.passRetained(HeldForRelease(consume value))
    DispatchQueue.global(qos: .utility).async { held.release() }
}

/// The value `releaseInBackground` hands over; it goes with the last reference to this box.
private final class HeldForRelease<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: consuming Value) { self.value = consume value }
}
