import HumanloopAPI
import Logging

/// Groq: an OpenAI-compatible API with its own base URL (`LOOPGATE_GROQ_BASE_URL`) and key. It returns
/// one sample per call and no log probabilities.
public struct GroqProvider: Provider {
    public var name: ModelProvider { .groq }
    let client: OpenAICompatibleClient

    public init(configuration: ProviderConfiguration, httpClient: UpstreamHTTPClient, logger: Logger) {
        let base = configuration.groqBaseURL
        var parameters = Set(OpenAIFlavor.Parameter.allCases)
        parameters.remove(.logprobs)
        let flavor = OpenAIFlavor(
            provider: .groq,
            chatURL: { _ in base + "/chat/completions" },
            completionsURL: nil,
            authorization: OpenAIFlavor.bearer,
            supportsN: false,
            parameters: parameters)
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
