import HumanloopAPI
import Logging

/// OpenAI, and any OpenAI-compatible server (vLLM, llama.cpp, Ollama) at `LOOPGATE_OPENAI_BASE_URL`:
/// chat completions, and legacy completions for completion models.
public struct OpenAIProvider: Provider {
    public var name: ModelProvider { .openai }
    let client: OpenAICompatibleClient

    public init(configuration: ProviderConfiguration, httpClient: UpstreamHTTPClient, logger: Logger) {
        let base = configuration.openAIBaseURL
        let flavor = OpenAIFlavor(
            provider: .openai,
            chatURL: { _ in base + "/chat/completions" },
            completionsURL: { _ in base + "/completions" },
            authorization: OpenAIFlavor.bearer)
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
