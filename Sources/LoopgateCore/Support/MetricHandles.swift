import Synchronization

/// swift-metrics handles kept by their dimensions, made on first use and reused after.
///
/// A handle made per event asks the backend for it every time (swift-prometheus: its registry's lock,
/// label validation, a dimensions array), and the request path records four. The series `/metrics`
/// shows are the same: each still appears when first used. Like any swift-metrics handle, one made
/// before `MetricsSystem.bootstrap` would stay a no-op, so these are only used once the server has
/// bootstrapped (`LoopgateApplication` does it before it builds anything that records).
package final class MetricHandles<Key: Hashable & Sendable, Handles: Sendable>: Sendable {
    private let made = Mutex<[Key: Handles]>([:])
    private let make: @Sendable (Key) -> Handles

    package init(make: @escaping @Sendable (Key) -> Handles) {
        self.make = make
    }

    package subscript(key: Key) -> Handles {
        if let handles = made.withLock({ $0[key] }) { return handles }
        // Made outside the lock: two requests racing here get handles on the same series, since the
        // backend keeps one metric per name and dimensions.
        let handles = make(key)
        made.withLock { $0[key] = handles }
        return handles
    }
}
