import Foundation
import HumanloopAPI
import Logging
import NIOCore
import Storage
import Testing

@testable import LoopgateServer

@Suite("The served OpenAPI document")
struct OpenAPIDocumentTests {
    @Test func documentsExactlyTheRoutesTheServerHas() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        let store = try SQLStore.open(.sqlite(path: server.databasePath), logger: TestServer.logger)
        let router = LoopgateApplication.makeRouter(
            store: store, logWriter: LogWriter(store: store, logger: TestServer.logger),
            configuration: server.configuration, providers: .offline, logger: TestServer.logger)
        await store.shutdown()
        let served = Set(
            router.routes.map { route in
                let path = "\(route.path)".split(separator: "/").map { segment in
                    segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
                }
                return "\(route.method.rawValue.lowercased()) /" + path.joined(separator: "/")
            })

        let document = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: SystemRoutes.openAPIDocument))
        #expect(document["openapi"] == "3.1.0")
        let paths = try #require(document["paths"]?.objectValue)
        let documented = Set(
            paths.flatMap { path, operations in
                (operations.objectValue ?? [:]).keys.filter { ["get", "post", "put", "patch", "delete"].contains($0) }
                    .map { "\($0) \(path)" }
            })
        #expect(served == documented)
    }

    @Test func isServedWithoutAKey() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let response = try await api.get("/v4/openapi.json", key: nil)
            #expect(response.status == .ok)
            #expect(try response.json()["info"]?["title"]?.stringValue != nil)
        }
    }
}

extension Data {
    init(buffer: NIOCore.ByteBuffer) {
        self.init(buffer.readableBytesView)
    }
}
