import Foundation
import HumanloopAPI
import Testing

@Suite("GET /metrics")
struct MetricsTests {
    /// The value of one sample line of the Prometheus text, `0` when absent.
    static func value(of sample: String, in text: String) -> Double {
        for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1)) ?? 0
        }
        return 0
    }

    @Test func requestsProviderCallsAndTheLogWriterAreMeasured() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let requests = #"loopgate_http_requests_total{route="/v4/completion",method="POST",status="200"}"#
            let providerCalls = #"loopgate_provider_request_duration_seconds_count{provider="mock",outcome="success"}"#
            let before = try await api.get("/metrics", key: nil)
            #expect(before.status == .ok)
            let requestsBefore = Self.value(of: requests, in: before.text)
            let callsBefore = Self.value(of: providerCalls, in: before.text)
            for _ in 0..<3 {
                _ = try await api.postJSON("/v4/completion", Bodies.completion())
            }
            let after = try await api.get("/metrics", key: nil).text
            #expect(Self.value(of: requests, in: after) >= requestsBefore + 3)
            #expect(Self.value(of: providerCalls, in: after) >= callsBefore + 3)
            for name in [
                #"loopgate_http_request_duration_seconds_bucket{route="/v4/completion""#,
                #"loopgate_gateway_overhead_seconds_count{route="/v4/completion"}"#,
                "loopgate_log_writer_batch_size_count", "loopgate_log_writer_commit_duration_seconds_count",
            ] {
                #expect(after.contains(name), "\(name)")
            }
            let unauthorized = try await api.get("/v4/projects", key: "lg_wrong")
            #expect(unauthorized.status == .unauthorized)
            let refused = #"loopgate_http_requests_total{route="/v4/projects",method="GET",status="401"}"#
            #expect(Self.value(of: refused, in: try await api.get("/metrics", key: nil).text) >= 1)
        }
    }
}
