import Foundation
import HumanloopAPI
import Logging
import LoopgateCore
import NIOCore
import Testing

@testable import LoopgateServer

@Suite("The served OpenAPI document")
struct OpenAPIDocumentTests {
    @Test func documentsExactlyTheRoutesTheServerHas() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        // Only the routes matter here; the services are never called.
        try await server.prepareDatabase()
        let (services, _) = try await LoopgateServices.open(
            server.coreSettings, providers: .offline, logger: TestServer.logger)
        let router = LoopgateApplication.makeRouter(services: services, configuration: server.configuration)
        await services.close()
        let served = Set(
            router.routes.map { route in
                "\(route.method.rawValue.lowercased()) \(Self.normalized("\(route.path)"))"
            })

        let v4 = try Self.operations(in: SystemRoutes.openAPIDocument)
        let v5 = try Self.operations(in: SystemRoutes.openAPIDocumentV5)
        let v1 = try Self.operations(in: SystemRoutes.openAPIDocumentV1)
        #expect(served == v4.union(v5).union(v1))
        #expect(v1.allSatisfy { $0.contains(" /v1/") })
        // Each document is its own version's (the system routes live in v4's).
        #expect(v5.allSatisfy { $0.contains(" /v5/") })
        #expect(v4.allSatisfy { !$0.contains(" /v5/") })
    }

    /// `method /path` of every operation a bundled document lists.
    static func operations(in buffer: ByteBuffer) throws -> Set<String> {
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer))
        #expect(document["openapi"] == "3.1.0")
        let paths = try #require(document["paths"]?.objectValue)
        return Set(
            paths.flatMap { path, operations in
                (operations.objectValue ?? [:]).keys.filter { ["get", "post", "put", "patch", "delete"].contains($0) }
                    .map { "\($0) \(Self.normalized(path))" }
            })
    }

    /// A path with its parameters unnamed (`/v4/logs/{}`): the router and the document may name them apart.
    static func normalized(_ path: String) -> String {
        "/"
            + path.split(separator: "/").map { segment in
                segment.hasPrefix(":") || segment.hasPrefix("{") || segment == "**" ? "{}" : String(segment)
            }.joined(separator: "/")
    }

    @Test func isServedWithoutAKey() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            for version in ["v4", "v5"] {
                let response = try await api.get("/\(version)/openapi.json", key: nil)
                #expect(response.status == .ok)
                #expect(try response.json()["info"]?["title"]?.stringValue != nil)
            }
        }
    }
}

extension Data {
    init(buffer: NIOCore.ByteBuffer) {
        self.init(buffer.readableBytesView)
    }
}
