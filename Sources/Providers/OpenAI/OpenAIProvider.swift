import HumanloopAPI
import Logging

/// OpenAI, and any OpenAI-compatible server (vLLM, llama.cpp, Ollama) at `LOOPGATE_OPENAI_BASE_URL`:
/// chat completions, and legacy completions for completion models.
public struct OpenAIProvider: Provider {
    /// OpenAI's documented ranges (the `openai-openapi` spec's `CreateChatCompletionRequest` and
    /// `CreateCompletionRequest`): `temperature` 0–2, `top_p` 0–1, both penalties −2–2, `stop` up to 4
    /// sequences, `n` 1–128 (the gateway's `num_samples` cap is the same); `max_tokens` at least 1 on chat
    /// (the API answers 0 with "Expected a value >= 1") and at least 0 on legacy completions.
    static let limits = SamplingLimits(
        temperature: .between(0, 2), topP: .between(0, 1), presencePenalty: .between(-2, 2),
        frequencyPenalty: .between(-2, 2), maxTokens: .atLeast(1), maxStopSequences: 4)
    static let completionLimits: SamplingLimits = {
        var limits = Self.limits
        limits.maxTokens = .atLeast(0)
        return limits
    }()

    public var name: ModelProvider { .openai }
    let client: OpenAICompatibleClient

    public init(configuration: ProviderConfiguration, httpClient: UpstreamHTTPClient, logger: Logger) {
        let base = configuration.openAIBaseURL
        let flavor = OpenAIFlavor(
            provider: .openai,
            chatURL: { _ in base + "/chat/completions" },
            completionsURL: { _ in base + "/completions" },
            authorization: OpenAIFlavor.bearer, limits: Self.limits, completionLimits: Self.completionLimits)
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
