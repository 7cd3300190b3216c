import HumanloopAPI
import Logging

/// AI21 (Jamba): its chat completions API is OpenAI-shaped (`POST …/chat/completions`, bearer key,
/// `choices`, SSE ending in `[DONE]`), so it shares the OpenAI mapping. It takes `n` only without
/// streaming, and has no penalties, seed, log probabilities, user or tool choice.
public struct AI21Provider: Provider {
    public var name: ModelProvider { .ai21 }
    let client: OpenAICompatibleClient

    public init(configuration: ProviderConfiguration, httpClient: UpstreamHTTPClient, logger: Logger) {
        let base = configuration.ai21BaseURL
        let flavor = OpenAIFlavor(
            provider: .ai21,
            chatURL: { _ in base + "/chat/completions" },
            completionsURL: nil,
            authorization: OpenAIFlavor.bearer,
            supportsStreamedN: false,
            supportsStreamUsage: false,
            parameters: [.responseFormat])
        client = OpenAICompatibleClient(
            flavor: flavor, configuration: configuration, httpClient: httpClient, logger: logger)
    }

    public func generate(_ request: ProviderRequest) async throws -> ProviderResult {
        try await client.generate(request)
    }

    public func stream(_ request: ProviderRequest) async throws -> ProviderStream {
        try await client.stream(request)
    }
}
