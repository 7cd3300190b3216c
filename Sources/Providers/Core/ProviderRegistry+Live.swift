import AsyncHTTPClient
import Logging
import NIOCore

extension ProviderRegistry {
    /// The registry of a server that calls real providers: the mock and every adapter. `bedrock`,
    /// `replicate` and `langchain` have none, so the gateway answers that they are not supported yet.
    ///
    /// - Parameters:
    ///   - configuration: base URLs, deadline and retries, from server configuration only.
    ///   - httpClient: the one pooled client all adapters share; make it with `makeHTTPClient(configuration:)`
    ///     so its pool and read timeout follow the configuration. The caller shuts it down.
    ///   - logger: where failed provider calls are logged (never with a key).
    public static func live(configuration: ProviderConfiguration, httpClient: HTTPClient, logger: Logger)
        -> ProviderRegistry
    {
        ProviderRegistry([
            MockProvider(),
            OpenAIProvider(configuration: configuration, httpClient: httpClient, logger: logger),
            AzureOpenAIProvider(configuration: configuration, httpClient: httpClient, logger: logger),
            GroqProvider(configuration: configuration, httpClient: httpClient, logger: logger),
            AI21Provider(configuration: configuration, httpClient: httpClient, logger: logger),
            AnthropicProvider(configuration: configuration, httpClient: httpClient, logger: logger),
            GeminiProvider(configuration: configuration, httpClient: httpClient, logger: logger),
            CohereProvider(configuration: configuration, httpClient: httpClient, logger: logger),
        ])
    }

    /// The shared client for `live`: `LOOPGATE_PROVIDER_MAX_CONNECTIONS` connections per host (the default
    /// of 8 would queue concurrent streams), the provider timeout as the read timeout (so a stream that
    /// stalls fails, while one that keeps talking may run past it), connection failures left to the
    /// transport's retries, no redirects (a key must never follow one to another host), and no tracing.
    public static func makeHTTPClient(configuration: ProviderConfiguration) -> HTTPClient {
        var pool = HTTPClient.Configuration.ConnectionPool()
        pool.concurrentHTTP1ConnectionsPerHostSoftLimit = configuration.maxConnectionsPerHost
        // A refused connection fails the attempt at once, so the transport's own retries (bounded by
        // the deadline, logged) handle it instead of the pool silently retrying until the connect timeout.
        pool.retryConnectionEstablishment = false
        let timeout = TimeAmount(configuration.timeout)
        var clientConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: min(timeout, .seconds(10)), read: timeout),
            connectionPool: pool)
        // Loopgate bootstraps no tracer, but the client's default is the global no-op one, for which it
        // still opens a span per call and fills its attributes, parsing the URL a second time.
        clientConfiguration.tracing.tracer = nil
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
    }
}
