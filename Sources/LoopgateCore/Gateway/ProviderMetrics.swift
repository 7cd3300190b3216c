import HumanloopAPI
import Metrics

/// `loopgate_provider_request_duration_seconds{provider,outcome}`: how long provider calls take, and
/// how they end (`success`, `error`, `cancelled`).
enum ProviderMetrics {
    struct Key: Hashable, Sendable {
        var provider: ModelProvider
        var outcome: String
    }

    private static let timers = MetricHandles<Key, Metrics.Timer> { key in
        Metrics.Timer(
            label: "loopgate_provider_request_duration_seconds",
            dimensions: [("provider", key.provider.rawValue), ("outcome", key.outcome)])
    }

    static func record(_ provider: ModelProvider, outcome: String, duration: Duration) {
        timers[Key(provider: provider, outcome: outcome)].recordNanoseconds(duration.nanoseconds)
    }
}
