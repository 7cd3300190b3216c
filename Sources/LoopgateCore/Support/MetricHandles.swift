import Metrics
import Synchronization

/// swift-metrics handles kept by their dimensions, made on first use and reused after.
///
/// A handle made per event asks the backend for it every time (swift-prometheus: its registry's lock,
/// label validation, a dimensions array), and the request path records four. The series `/metrics`
/// shows are the same: each still appears when first used. Like any swift-metrics handle, one made
/// before `MetricsSystem.bootstrap` stays a no-op, so such a handle is used but not kept: the core can
/// run before any backend exists (its unit tests do, in the same process as the server's) without
/// silencing a series for the rest of the process.
package final class MetricHandles<Key: Hashable & Sendable, Handles: Sendable>: Sendable {
    private let made = Mutex<[Key: Handles]>([:])
    private let make: @Sendable (Key) -> Handles
    private let backendIsBootstrapped: @Sendable () -> Bool

    package init(
        backendIsBootstrapped: @escaping @Sendable () -> Bool = { !(MetricsSystem.factory is NOOPMetricsHandler) },
        make: @escaping @Sendable (Key) -> Handles
    ) {
        self.backendIsBootstrapped = backendIsBootstrapped
        self.make = make
    }

    package subscript(key: Key) -> Handles {
        if let handles = made.withLock({ $0[key] }) { return handles }
        // Made outside the lock: two requests racing here get handles on the same series, since the
        // backend keeps one metric per name and dimensions.
        let handles = make(key)
        if backendIsBootstrapped() { made.withLock { $0[key] = handles } }
        return handles
    }
}
