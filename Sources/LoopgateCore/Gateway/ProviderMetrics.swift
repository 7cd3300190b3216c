import HumanloopAPI
import Metrics

/// `loopgate_provider_request_duration_seconds{provider,outcome}`: how long provider calls take, and
/// how they end (`success`, `error`, `cancelled`).
enum ProviderMetrics {
    static func record(_ provider: ModelProvider, outcome: String, duration: Duration) {
        Metrics.Timer(
            label: "loopgate_provider_request_duration_seconds",
            dimensions: [("provider", provider.rawValue), ("outcome", outcome)]
        ).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}
