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
        try await httpClient.shutdown()
    }

    /// Loopgate bootstraps no tracer; with the client's default (the global no-op tracer) every call
    /// would still open a span and fill its attributes.
    @Test func theSharedClientTracesNothing() async throws {
        let httpClient = ProviderRegistry.makeHTTPClient(configuration: ProviderConfiguration())
        #expect(httpClient.tracer == nil)
        try await httpClient.shutdown()
    }
}
