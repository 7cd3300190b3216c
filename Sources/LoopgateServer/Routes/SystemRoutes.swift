import Foundation
import Hummingbird
import NIOCore

/// Routes that need no key: `GET /healthz`, `GET /metrics` and the OpenAPI documents at
/// `GET /v4/openapi.json`, `GET /v5/openapi.json` and `GET /v1/openapi.json`.
struct SystemRoutes {
    let metricsAccess: MetricsAccess

    // The documents are `Resources/*.json`, compiled in by the EmbedDocuments plugin (one binary, no
    // resource folder beside it).
    /// The OpenAPI 3.1 document of the implemented v4 API (with the system routes).
    static let openAPIDocument = ByteBuffer(string: EmbeddedDocuments.openapi)
    /// The OpenAPI 3.1 document of the implemented part of v5.
    static let openAPIDocumentV5 = ByteBuffer(string: EmbeddedDocuments.openapiV5)
    /// The OpenAPI 3.1 document of the OpenAI-compatible `/v1`.
    static let openAPIDocumentV1 = ByteBuffer(string: EmbeddedDocuments.openapiV1)

    func addRoutes(to router: Router<LoopgateRequestContext>) {
        router.get("healthz") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        let metricsAccess = self.metricsAccess
        router.get("metrics") { request, context in
            try metricsAccess.check(request, remote: context.channel.remoteAddress)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: PrometheusMetrics.render())))
        }
        for (path, document) in [
            ("v4/openapi.json", Self.openAPIDocument), ("v5/openapi.json", Self.openAPIDocumentV5),
            ("v1/openapi.json", Self.openAPIDocumentV1),
        ] {
            router.get(RouterPath(path)) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document))
            }
        }
    }
}

/// Who may read `/metrics`: with a token, whoever sends it; without one, loopback clients only.
struct MetricsAccess: Sendable {
    let token: String?

    func check(_ request: Request, remote: SocketAddress?) throws {
        if let token, !token.isEmpty {
            let sent = request.headers[.authorization].flatMap { value -> String? in
                value.lowercased().hasPrefix("bearer ") ? String(value.dropFirst("bearer ".count)) : nil
            }
            guard let sent, Self.equal(Array(sent.utf8), Array(token.utf8)) else {
                throw APIError.unauthorized("/metrics needs 'Authorization: Bearer <LOOPGATE_METRICS_TOKEN>'")
            }
            return
        }
        guard let remote, Self.isLoopback(remote) else {
            throw APIError.detail(
                .forbidden, type: "forbidden_error",
                message:
                    "/metrics answers loopback clients only: set LOOPGATE_METRICS_TOKEN to scrape it from elsewhere")
        }
    }

    static func isLoopback(_ address: SocketAddress) -> Bool {
        switch address {
        case .v4: return address.ipAddress?.hasPrefix("127.") == true
        case .v6: return address.ipAddress == "::1" || address.ipAddress?.hasPrefix("::ffff:127.") == true
        case .unixDomainSocket: return true
        }
    }

    /// Compares in time that does not depend on where the two differ.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
