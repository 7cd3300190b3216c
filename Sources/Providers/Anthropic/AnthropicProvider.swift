import HumanloopAPI
import Logging

/// Anthropic's Messages API (`POST {LOOPGATE_ANTHROPIC_BASE_URL}/v1/messages`, `x-api-key`,
/// `anthropic-version: 2023-06-01`). One sample per call, so `num_samples` makes parallel calls.
public struct AnthropicProvider: Provider {
    /// The API version Loopgate's mapping is written against.
    static let apiVersion = "2023-06-01"
    /// Anthropic's documented ranges (API reference, "Create a Message"): `temperature` 0–1, `top_p` 0–1
    /// (a `top_p` of 1 is then left out by `AnthropicRequestBody.sampling`), `max_tokens` at least 1. No
    /// limit on `stop_sequences` is documented, and there are no penalties, no `n` and no seed to check.
    static let limits = SamplingLimits(temperature: .between(0, 1), topP: .between(0, 1), maxTokens: .atLeast(1))

    public var name: ModelProvider { .anthropic }
    let transport: ProviderTransport
    let url: String
    let body: AnthropicRequestBody

    public init(configuration: ProviderConfiguration, httpClient: UpstreamHTTPClient, logger: Logger) {
        transport = ProviderTransport(
            provider: .anthropic, httpClient: httpClient, configuration: configuration, logger: logger)
        url = configuration.anthropicBaseURL + "/v1/messages"
        body = AnthropicRequestBody(defaultMaxTokens: configuration.anthropicMaxTokens)
    }

    public func generate(_ request: ProviderRequest) async throws -> ProviderResult {
        let upstream = try upstreamRequest(request, stream: false)
        return try await SampleFanOut.generate(samples: max(request.numSamples, 1)) {
            let answer = try await transport.send(upstream)
            let message = try answer.decode(AnthropicMessage.self)
            return ProviderResult(
                choices: [message.providerChoice], promptTokens: message.usage.promptTokens,
                generationTokens: message.usage.outputTokens ?? 0, providerRequest: upstream.body,
                providerResponses: [answer.json])
        }
    }

    public func stream(_ request: ProviderRequest) async throws -> ProviderStream {
        let upstream = try upstreamRequest(request, stream: true)
        return try await SampleFanOut.stream(samples: max(request.numSamples, 1)) {
            let response = try await transport.open(upstream)
            let source = UpstreamEventSource(
                response: response, decoder: AnthropicStreamDecoder(provider: .anthropic), transport: transport,
                request: upstream)
            return ProviderStream(providerRequest: upstream.body, source: source)
        }
    }

    private func upstreamRequest(_ request: ProviderRequest, stream: Bool) throws(ProviderError) -> UpstreamRequest {
        let key = try request.requireKey(for: .anthropic)
        let request = try request.admitted(by: Self.limits, for: .anthropic)
        return UpstreamRequest(
            url: url, body: body.body(request, stream: stream),
            headers: [("x-api-key", key), ("anthropic-version", Self.apiVersion)], secret: key)
    }
}
