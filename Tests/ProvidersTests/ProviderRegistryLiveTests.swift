import HumanloopAPI
import Testing

@testable import Providers

@Suite("The live provider registry")
struct ProviderRegistryLiveTests {
    @Test func everyProviderWithAPublicAPIHasAnAdapterAndTheRestNone() async throws {
        let configuration = ProviderConfiguration()
        let httpClient = ProviderRegistry.makeHTTPClient(configuration: configuration)
        let registry = ProviderRegistry.live(
            configuration: configuration, httpClient: httpClient, logger: LogCapture().logger)
        for provider in [ModelProvider.mock, .openai, .openaiAzure, .groq, .ai21, .anthropic, .google, .cohere] {
            #expect(registry.provider(for: provider)?.name == provider, "\(provider)")
        }
        for provider in [ModelProvider.bedrock, .replicate, .langchain] {
            #expect(registry.provider(for: provider) == nil, "\(provider) answers 'not supported yet'")
        }
        httpClient.shutdown()
    }

    /// The provider timeout bounds a stream's silence and a connect (at most 10 s); the pool's size is
    /// the configured one.
    @Test func theSharedClientFollowsTheConfiguration() {
        var configuration = ProviderConfiguration()
        configuration.timeout = .seconds(3)
        configuration.maxConnectionsPerHost = 7
        let httpClient = ProviderRegistry.makeHTTPClient(configuration: configuration)
        defer { httpClient.shutdown() }
        #expect(httpClient.configuration.readTimeout == .seconds(3))
        #expect(httpClient.configuration.connectTimeout == .seconds(3))
        #expect(httpClient.configuration.maxConnectionsPerHost == 7)
        configuration.timeout = .seconds(120)
        #expect(
            ProviderRegistry.makeHTTPClient(configuration: configuration).configuration.connectTimeout == .seconds(10))
    }
}
