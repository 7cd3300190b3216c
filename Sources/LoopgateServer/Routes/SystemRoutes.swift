import Foundation
import Hummingbird

/// Routes that need no key: `GET /healthz`, `GET /metrics` and the OpenAPI documents at
/// `GET /v4/openapi.json`, `GET /v5/openapi.json` and `GET /v1/openapi.json`.
struct SystemRoutes {
    /// The OpenAPI 3.1 document of the implemented v4 API (with the system routes), bundled with the server.
    static let openAPIDocument = bundled("openapi")
    /// The OpenAPI 3.1 document of the implemented part of v5.
    static let openAPIDocumentV5 = bundled("openapi-v5")
    /// The OpenAPI 3.1 document of the OpenAI-compatible `/v1`.
    static let openAPIDocumentV1 = bundled("openapi-v1")

    static func bundled(_ name: String) -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return ByteBuffer(string: "{}") }
        return ByteBuffer(bytes: data)
    }

    func addRoutes(to router: Router<LoopgateRequestContext>) {
        router.get("healthz") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("metrics") { _, _ in
            Response(
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
