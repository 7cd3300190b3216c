import LoopgateCore
import Metrics
import Prometheus

/// The process's metrics, in Prometheus text at `GET /metrics`. swift-metrics allows one backend per
/// process, so the registry is bootstrapped once, however many applications the process builds.
enum PrometheusMetrics {
    static let registry = PrometheusCollectorRegistry()

    private static let bootstrapped: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Gateway overheads are sub-millisecond; provider calls take seconds: buckets for both.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
            .seconds(30), .seconds(60),
        ]
        factory.defaultValueHistogramBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
        MetricsSystem.bootstrap(factory)
    }()

    /// Makes swift-metrics report to `registry` (once per process).
    static func bootstrap() {
        _ = bootstrapped
    }

    /// The Prometheus text of every metric.
    static func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}

/// The HTTP metrics of one answered request (CONTRACT.md, "Names").
enum RequestMetrics {
    struct Key: Hashable, Sendable {
        var route: String
        var method: String
        var status: Int
    }

    struct Handles: Sendable {
        var requests: Metrics.Counter
        var duration: Metrics.Timer
        var overhead: Metrics.Timer
    }

    private static let handles = MetricHandles<Key, Handles> { key in
        Handles(
            requests: Metrics.Counter(
                label: "loopgate_http_requests_total",
                dimensions: [("route", key.route), ("method", key.method), ("status", String(key.status))]),
            duration: Metrics.Timer(
                label: "loopgate_http_request_duration_seconds", dimensions: [("route", key.route)]),
            overhead: Metrics.Timer(label: "loopgate_gateway_overhead_seconds", dimensions: [("route", key.route)]))
    }

    static func record(route: String, method: String, status: Int, total: Duration, provider: Duration) {
        let handles = handles[Key(route: route, method: method, status: status)]
        handles.requests.increment()
        handles.duration.recordNanoseconds(total.nanoseconds)
        handles.overhead.recordNanoseconds(max(0, (total - provider).nanoseconds))
    }
}
