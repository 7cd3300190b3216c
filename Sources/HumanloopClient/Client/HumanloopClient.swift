import AsyncHTTPClient
import HumanloopAPI
import NIOCore

/// A client of the Humanloop v4 API, as served by Loopgate or any compatible server.
///
/// It mirrors the official SDKs: the eight generation calls (`complete`, `chat` and their `Deployed`,
/// `Experiment` and `ModelConfiguration` variants, each with a streaming twin), feedback, and the resource
/// groups ``projects``, ``modelConfigs``, ``experiments``, ``sessions`` and ``logs``. Bodies and answers are
/// the `HumanloopAPI` types the server itself decodes and encodes.
///
/// ```swift
/// let client = try HumanloopClient(apiKey: key, baseURL: "http://127.0.0.1:8080/v4")
/// let config = ModelConfigRequest(model: "mock-1", promptTemplate: "Hi {{name}}", provider: "mock")
/// let response = try await client.complete(
///     CompletionRequest(
///         config: InlineConfig(modelConfig: config),
///         options: GenerationOptions(project: "demo", inputs: ["name": "Ada"])))
/// print(response.data[0].output)
/// try await client.shutdown()
/// ```
///
/// One client holds one pool of connections; share it, and call ``shutdown()`` once when done with it
/// (AsyncHTTPClient traps in debug builds when a client is dropped without it).
public final class HumanloopClient: Sendable {
    /// What the client was created with.
    public let configuration: Configuration
    let transport: APITransport
    private let httpClient: HTTPClient

    /// Creates a client with its own connection pool.
    public init(configuration: Configuration) {
        var http = HTTPClient.Configuration()
        http.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.maximumConnectionsPerHost)
        http.timeout = .init(connect: APITransport.timeAmount(configuration.connectTimeout))
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
        self.configuration = configuration
        self.httpClient = httpClient
        self.transport = APITransport(httpClient: httpClient, configuration: configuration)
    }

    /// Creates a client from its settings; see ``Configuration`` for the others.
    ///
    /// - Parameters:
    ///   - apiKey: The API key; `nil` reads `HUMANLOOP_API_KEY`.
    ///   - baseURL: The API root with its `/v4` path; `nil` reads `HUMANLOOP_BASE_URL`.
    ///   - providerAPIKeys: Keys injected into generation bodies that lack them.
    ///   - timeout: The longest wait for an answer to begin.
    /// - Throws: ``HumanloopError/invalidConfiguration(_:)``.
    public convenience init(
        apiKey: String? = nil, baseURL: String? = nil, providerAPIKeys: ProviderAPIKeys = ProviderAPIKeys(),
        timeout: Duration = .seconds(60)
    ) throws {
        self.init(
            configuration: try Configuration(
                apiKey: apiKey, baseURL: baseURL, providerAPIKeys: providerAPIKeys, timeout: timeout))
    }

    /// Closes the connections. Call it once, after the last call has returned; calls made later fail.
    public func shutdown() async throws {
        try await httpClient.shutdown()
    }

    /// Projects: list, create, read, update, delete; their configs, deployments, feedback types and logs.
    public var projects: ProjectsAPI { ProjectsAPI(transport: transport) }

    /// Model configs: register, read, and convert to and from `.prompt` files.
    public var modelConfigs: ModelConfigsAPI { ModelConfigsAPI(transport: transport) }

    /// Experiments: A/B tests of configs inside a project, sampled by positive feedback.
    public var experiments: ExperimentsAPI { ExperimentsAPI(transport: transport) }

    /// Sessions: groups of related logs.
    public var sessions: SessionsAPI { SessionsAPI(transport: transport) }

    /// Logs: record generations made elsewhere, and read, update and delete logs.
    public var logs: LogsAPI { LogsAPI(transport: transport) }
}
