import Foundation
import HumanloopAPI
import HumanloopClient
import Hummingbird
import HummingbirdTesting
import Logging
import LoopgateCore
import LoopgateServer
import Providers
import Testing

/// A real Loopgate on an ephemeral loopback port over a fresh SQLite file, and ``HumanloopClient``s
/// pointed at it. (The server half is the helper of `LoopgateServerTests`.)
struct TestServer {
    static let apiKey = "lg_clientTestKeyForTheSwiftSDK000"

    let directory: URL
    /// The providers the server can call: the mock, and the scripted `openai` stand-in.
    var providers: ProviderRegistry

    init(provider: TestProvider = TestProvider()) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "loopgate-client-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        providers = ProviderRegistry([MockProvider(), provider])
    }

    var coreSettings: CoreSettings {
        CoreSettings(
            database: .sqlite(path: directory.appendingPathComponent("loopgate.sqlite").path), apiKey: Self.apiKey)
    }

    static var logger: Logger {
        var logger = Logger(label: "loopgate-client-test")
        logger.logLevel = .critical
        return logger
    }

    /// Starts the server, runs `body` with a client of it, then shuts both down and removes the database.
    func run<T: Sendable>(_ body: @Sendable (Harness) async throws -> T) async throws -> T {
        defer { try? FileManager.default.removeItem(at: directory) }
        let (services, _) = try await LoopgateServices.open(coreSettings, providers: providers, logger: Self.logger)
        let application = LoopgateApplication.make(
            services: services, configuration: ServerConfiguration(host: "127.0.0.1", port: 0), logger: Self.logger)
        return try await application.test(.live) { testClient in
            let baseURL = "http://127.0.0.1:\(try #require(testClient.port))/v4"
            return try await Harness.withClient(baseURL: baseURL) { client in
                try await body(Harness(baseURL: baseURL, client: client))
            }
        }
    }
}

/// What a test gets: a client of the server, and the means to make others.
struct Harness: Sendable {
    let baseURL: String
    /// A client with the suite's key and no provider keys.
    let client: HumanloopClient

    /// Runs `body` with another client of this server, made with the given settings.
    func withClient<T: Sendable>(
        apiKey: String = TestServer.apiKey, providerAPIKeys: ProviderAPIKeys = ProviderAPIKeys(),
        timeout: Duration = .seconds(30), _ body: (HumanloopClient) async throws -> T
    ) async throws -> T {
        try await Self.withClient(
            baseURL: baseURL, apiKey: apiKey, providerAPIKeys: providerAPIKeys, timeout: timeout, body)
    }

    /// Runs `body` with a client made with the given settings, and shuts the client down after.
    static func withClient<T: Sendable>(
        baseURL: String, apiKey: String = TestServer.apiKey, providerAPIKeys: ProviderAPIKeys = ProviderAPIKeys(),
        timeout: Duration = .seconds(30), _ body: (HumanloopClient) async throws -> T
    ) async throws -> T {
        let client = try HumanloopClient(
            apiKey: apiKey, baseURL: baseURL, providerAPIKeys: providerAPIKeys, timeout: timeout)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
