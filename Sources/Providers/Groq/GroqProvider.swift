import HumanloopAPI
import Logging

/// Groq: an OpenAI-compatible API with its own base URL (`LOOPGATE_GROQ_BASE_URL`) and key. It returns
/// one sample per call and no log probabilities.
public struct GroqProvider: Provider {
    /// Groq's documented ranges (GroqCloud API reference, the `groq` SDK's `CompletionCreateParams`):
    /// OpenAI's `temperature` 0–2, `top_p` 0–1, penalties −2–2 and `stop` up to 4; `n` only 1, so
    /// `num_samples` is one call per sample. No bound on `max_tokens` is documented.
    static let limits = SamplingLimits(
        temperature: .between(0, 2), topP: .between(0, 1), presencePenalty: .between(-2, 2),
        frequencyPenalty: .between(-2, 2), maxStopSequences: 4)

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
            limits: Self.limits,
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
