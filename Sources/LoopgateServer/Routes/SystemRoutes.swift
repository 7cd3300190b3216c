import Foundation
import Hummingbird

/// Routes that need no key: `GET /healthz`, `GET /metrics` and the OpenAPI document at
/// `GET /v4/openapi.json`.
struct SystemRoutes {
    /// The OpenAPI 3.1 document of the implemented API, bundled with the server.
    static let openAPIDocument: ByteBuffer = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return ByteBuffer(string: "{}") }
        return ByteBuffer(bytes: data)
    }()

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
        router.get("v4/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: Self.openAPIDocument))
        }
    }
}
