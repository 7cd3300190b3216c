import Logging
import NIOCore
import NIOSSL

extension ProviderRegistry {
    /// The registry of a server that calls real providers: the mock and every adapter. `bedrock`,
    /// `replicate` and `langchain` have none, so the gateway answers that they are not supported yet.
    ///
    /// - Parameters:
    ///   - configuration: base URLs, deadline and retries, from server configuration only.
    ///   - httpClient: the one pooled client all adapters share; make it with `makeHTTPClient(configuration:)`
    ///     so its pool and read timeout follow the configuration. The caller shuts it down.
    ///   - logger: where failed provider calls are logged (never with a key).
    public static func live(configuration: ProviderConfiguration, httpClient: UpstreamHTTPClient, logger: Logger)
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

    /// The shared client for `live`: `LOOPGATE_PROVIDER_MAX_CONNECTIONS` connections per host (more calls
    /// wait for one), the provider timeout as the read timeout of a stream (so a stream that stalls fails,
    /// while one that keeps talking may run past it) and as the bound of a connect (at most 10 seconds).
    /// Connection failures are left to the transport's retries, which are bounded by the deadline and logged.
    /// TLS trusts the system's roots and `LOOPGATE_PROVIDER_CA_FILE`'s certificates.
    public static func makeHTTPClient(configuration: ProviderConfiguration) -> UpstreamHTTPClient {
        let timeout = TimeAmount(configuration.timeout)
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = configuration.trustedCertificatesFile {
            tls.additionalTrustRoots = [.file(file)]
        }
        return UpstreamHTTPClient(
            configuration: .init(
                connectTimeout: min(timeout, .seconds(10)), readTimeout: timeout,
                maxConnectionsPerHost: configuration.maxConnectionsPerHost, tls: tls))
    }
}
