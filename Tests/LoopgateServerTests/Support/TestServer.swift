import Foundation
import HTTPTypes
import HumanloopAPI
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Providers
import Storage
import Testing

@testable import LoopgateServer

/// A real Loopgate on an ephemeral loopback port, over a fresh SQLite file in a temporary folder.
struct TestServer {
    static let apiKey = "lg_testKeyForTheIntegrationSuite0"

    let directory: URL
    /// The providers the server can call; the mock alone unless a test brings fakes.
    var providers: ProviderRegistry = .offline

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("loopgate-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var databasePath: String { directory.appendingPathComponent("loopgate.sqlite").path }

    var configuration: ServerConfiguration {
        ServerConfiguration(host: "127.0.0.1", port: 0, database: .sqlite(path: databasePath), apiKey: Self.apiKey)
    }

    static var logger: Logger {
        var logger = Logger(label: "loopgate-test")
        logger.logLevel = .error
        return logger
    }

    /// Starts the server, runs `body` against it over HTTP, then shuts it down gracefully.
    func run<T: Sendable>(_ body: @Sendable (APIClient) async throws -> T) async throws -> T {
        let (application, _) = try await LoopgateApplication.make(
            configuration: configuration, providers: providers, logger: Self.logger)
        return try await application.test(.live) { client in
            try await body(APIClient(client: client))
        }
    }

    /// Opens the same database directly, for checks the API cannot make.
    func withStore<T: Sendable>(_ body: (SQLStore) async throws -> T) async throws -> T {
        let store = try SQLStore.open(.sqlite(path: databasePath), logger: Self.logger)
        do {
            let result = try await body(store)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            throw error
        }
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Calls with the API key and JSON bodies.
struct APIClient: Sendable {
    let client: any TestClientProtocol

    func post(_ path: String, _ body: String, key: String? = TestServer.apiKey) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[HTTPField.Name("X-API-KEY")!] = key }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func patch(_ path: String, _ body: String, key: String? = TestServer.apiKey) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[HTTPField.Name("X-API-KEY")!] = key }
        return try await client.execute(uri: path, method: .patch, headers: headers, body: ByteBuffer(string: body))
    }

    func delete(_ path: String, key: String? = TestServer.apiKey) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let key { headers[HTTPField.Name("X-API-KEY")!] = key }
        return try await client.execute(uri: path, method: .delete, headers: headers)
    }

    /// Posts and returns the parsed JSON answer, failing the test on a non-2xx status.
    func postJSON(_ path: String, _ body: String, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> JSONValue
    {
        let response = try await post(path, body)
        #expect(
            response.status.code < 300, "\(path): \(response.status) \(response.text)", sourceLocation: sourceLocation)
        return try response.json()
    }

    /// Gets and returns the parsed JSON answer, failing the test on a non-2xx status.
    func getJSON(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let response = try await get(path)
        #expect(
            response.status.code < 300, "\(path): \(response.status) \(response.text)", sourceLocation: sourceLocation)
        return try response.json()
    }

    func get(_ path: String, key: String? = TestServer.apiKey) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let key { headers[HTTPField.Name("X-API-KEY")!] = key }
        return try await client.execute(uri: path, method: .get, headers: headers)
    }
}

extension TestResponse {
    /// The body parsed as JSON.
    func json() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))
    }

    /// The body decoded into an API type.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(body.readableBytesView))
    }

    var text: String { String(buffer: body) }
}

extension JSONValue {
    var int: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    subscript(index: Int) -> JSONValue? {
        guard let values = array, values.indices.contains(index) else { return nil }
        return values[index]
    }
}

/// Request bodies used across the suites.
enum Bodies {
    static func completion(
        prompt: String = "Say {{word}} now", inputs: String = #"{"word":"hello"}"#, extra: String = "",
        config: String = ""
    ) -> String {
        let promptJSON = JSONValue.string(prompt).serialized()
        return """
            {"model_config":{"provider":"mock","model":"mock-1","prompt_template":\(promptJSON)\(config)},
             "inputs":\(inputs)\(extra)}
            """
    }

    static func chat(
        messages: String = #"[{"role":"user","content":"Hello there"}]"#, extra: String = "", config: String = ""
    )
        -> String
    {
        """
        {"model_config":{"provider":"mock","model":"mock-1"\(config)},"messages":\(messages)\(extra)}
        """
    }
}
