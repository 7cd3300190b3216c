import HumanloopAPI
import Logging

/// AI21 (Jamba): its chat completions API is OpenAI-shaped (`POST …/chat/completions`, bearer key,
/// `choices`, SSE ending in `[DONE]`), so it shares the OpenAI mapping. It takes `n` only without
/// streaming, and has no penalties, seed, log probabilities, user or tool choice.
public struct AI21Provider: Provider {
    /// AI21's documented Jamba ranges (docs.ai21.com, "Jamba chat request"; Amazon Bedrock's Jamba page
    /// gives `max_tokens` 0–4096): `temperature` 0–2, `top_p` 0–1, `max_tokens` at most 4096, the most
    /// one Jamba call generates, so a larger value is sent as 4096 and loses nothing; no limit on `stop`.
    /// `n` is 1–16 and fails with `temperature: 0`, so beyond 16 samples, or at temperature 0, each sample
    /// is its own call.
    static let limits = SamplingLimits(
        temperature: .between(0, 2), topP: .between(0, 1), maxTokens: ParameterLimit.between(0, 4096).cappedAtHighest)

    public var name: ModelProvider { .ai21 }
    let client: OpenAICompatibleClient

    public init(configuration: ProviderConfiguration, httpClient: UpstreamHTTPClient, logger: Logger) {
        let base = configuration.ai21BaseURL
        let flavor = OpenAIFlavor(
            provider: .ai21,
            chatURL: { _ in base + "/chat/completions" },
            completionsURL: nil,
            authorization: OpenAIFlavor.bearer,
            limits: Self.limits,
            supportsStreamedN: false,
            supportsStreamUsage: false,
            maxN: 16,
            nNeedsNonzeroTemperature: true,
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
