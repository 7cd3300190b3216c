import Foundation
import HTTPTypes
import HumanloopAPI
import Hummingbird
import HummingbirdTesting
import Logging
import LoopgateCore
import NIOCore
import Providers
import Testing

@testable import LoopgateServer
@testable import Storage

/// A real Loopgate on an ephemeral loopback port, over a fresh SQLite file in a temporary folder, or,
/// when `LOOPGATE_TEST_POSTGRES_URL` names a PostgreSQL server, over a fresh database on it.
struct TestServer {
    static let apiKey = "lg_testKeyForTheIntegrationSuite0"

    /// The test's folder, removed when the last copy of this server is gone (a test that restarts its
    /// server keeps the folder between runs by keeping the value).
    private let folder: TemporaryFolder
    /// The providers the server can call; the mock alone unless a test brings fakes.
    var providers: ProviderRegistry = .offline
    /// Client connections' timeouts and limits; the defaults unless a test sets its own.
    var connectionLimits = ConnectionLimits()

    init() throws {
        folder = try TemporaryFolder(prefix: "loopgate-tests-")
    }

    var directory: URL { folder.url }

    var databasePath: String { directory.appendingPathComponent("loopgate.sqlite").path }

    /// The PostgreSQL server the suites run on, when they run on PostgreSQL.
    static let postgresURL = ProcessInfo.processInfo.environment["LOOPGATE_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    var isPostgres: Bool { Self.postgresURL != nil }

    /// This test's own database: a file, or a database named after the temporary folder.
    var database: DatabaseURL {
        guard let base = Self.postgresURL else { return .sqlite(path: databasePath) }
        return .postgres(url: Self.url(base, database: databaseName))
    }

    var databaseName: String {
        "lg_" + directory.lastPathComponent.lowercased().filter { $0.isLetter || $0.isNumber }.suffix(24)
    }

    static func url(_ base: String, database: String) -> String {
        guard let slash = base.lastIndex(of: "/"), base[..<slash].hasSuffix("//") == false else { return base }
        let query = base.firstIndex(of: "?").map { String(base[$0...]) } ?? ""
        return String(base[...slash]) + database + query
    }

    /// Creates the PostgreSQL database on first use (nothing to do for SQLite).
    func prepareDatabase() async throws {
        guard let base = Self.postgresURL else { return }
        let server = try SQLStore.open(.postgres(url: base), logger: Self.logger)
        do {
            try await server.connections.read { database in
                try await database.raw("CREATE DATABASE \(ident: databaseName)").run()
            }
        } catch StoreError.rejected(let message) where message.contains("42P04") {
            // Created by an earlier run of this test's server.
        } catch {
            // Shut down before throwing: a pool dropped open trips AsyncKit's assertion and ends the run.
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// `LOOPGATE_METRICS_TOKEN`; none unless a test sets one.
    var metricsToken: String?

    var configuration: ServerConfiguration {
        ServerConfiguration(host: "127.0.0.1", port: 0, connections: connectionLimits, metricsToken: metricsToken)
    }

    /// The server's own provider keys; none unless a test configures some.
    var providerKeys = ProviderKeys()

    var coreSettings: CoreSettings {
        CoreSettings(database: database, apiKey: Self.apiKey, providerKeys: providerKeys)
    }

    /// Whether `needle` appears anywhere in the stored data: the SQLite file, its WAL and shared memory, or every row
    /// of every table on PostgreSQL.
    func databaseContains(_ needle: String) async throws -> Bool {
        guard isPostgres else {
            var bytes = Data()
            for suffix in ["", "-wal", "-shm"] {
                bytes += (try? Data(contentsOf: URL(fileURLWithPath: databasePath + suffix))) ?? Data()
            }
            return bytes.range(of: Data(needle.utf8)) != nil
        }
        return try await withStore { store in
            try await store.connections.read { database in
                let tables = try await database.raw(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                ).all().map { try $0.decode(column: "table_name", as: String.self) }
                for table in tables {
                    let rows = try await database.raw("SELECT t::text AS row FROM \(ident: table) t").all()
                    for row in rows where try row.decode(column: "row", as: String.self).contains(needle) {
                        return true
                    }
                }
                return false
            }
        }
    }

    static var logger: Logger {
        var logger = Logger(label: "loopgate-test")
        logger.logLevel = .error
        return logger
    }

    /// Starts the server, runs `body` against it over HTTP, then shuts it down gracefully.
    func run<T: Sendable>(_ body: @Sendable (APIClient) async throws -> T) async throws -> T {
        try await prepareDatabase()
        let (services, _) = try await LoopgateServices.open(coreSettings, providers: providers, logger: Self.logger)
        let application = LoopgateApplication.make(
            services: services, configuration: configuration, logger: Self.logger)
        return try await application.test(.live) { client in
            try await body(APIClient(client: client))
        }
    }

    /// Opens the same database directly, for checks the API cannot make.
    func withStore<T: Sendable>(_ body: (SQLStore) async throws -> T) async throws -> T {
        try await prepareDatabase()
        let store = try SQLStore.open(database, logger: Self.logger)
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

    func post(
        _ path: String, _ body: String, key: String? = TestServer.apiKey, contentType: String? = "application/json",
        headers extra: [String: String] = [:]
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let contentType { headers[.contentType] = contentType }
        for (name, value) in extra { HTTPField.Name(name).map { headers[$0] = value } }
        if let key { headers[HTTPField.Name("X-API-KEY")!] = key }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func patch(_ path: String, _ body: String, key: String? = TestServer.apiKey) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[HTTPField.Name("X-API-KEY")!] = key }
        return try await client.execute(uri: path, method: .patch, headers: headers, body: ByteBuffer(string: body))
    }

    /// Any method, with a JSON body or none.
    func request(_ method: HTTPRequest.Method, _ path: String, body: String?, key: String?) async throws
        -> TestResponse
    {
        var headers: HTTPFields = [:]
        if body != nil { headers[.contentType] = "application/json" }
        if let key { headers[HTTPField.Name("X-API-KEY")!] = key }
        return try await client.execute(
            uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
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

    func get(_ path: String, key: String? = TestServer.apiKey, headers extra: [String: String] = [:]) async throws
        -> TestResponse
    {
        var headers: HTTPFields = [:]
        for (name, value) in extra { HTTPField.Name(name).map { headers[$0] = value } }
        if let key { headers[HTTPField.Name("X-API-KEY")!] = key }
        return try await client.execute(uri: path, method: .get, headers: headers)
    }
}

extension TestResponse {
    /// The body parsed as JSON, objects' members in the order they were written.
    func json() throws -> JSONValue {
        try JSONValue(parsing: Array(body.readableBytesView))
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

/// A fresh folder under the temporary directory, deleted with its owner.
final class TemporaryFolder: Sendable {
    let url: URL

    init(prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(prefix + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
