import Foundation
import Hummingbird

/// Routes that need no key: `GET /healthz` and the OpenAPI document at `GET /v4/openapi.json`.
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
        router.get("v4/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: Self.openAPIDocument))
        }
    }
}
