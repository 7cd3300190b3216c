import HumanloopAPI
import Logging

/// Cohere's v2 Chat API (`POST {LOOPGATE_COHERE_BASE_URL}/v2/chat`, bearer key). One sample per call,
/// so `num_samples` makes parallel calls.
public struct CohereProvider: Provider {
    /// Cohere's v2 Chat ranges (docs.cohere.com/reference/chat, the `cohere` SDK's `V2Client.chat`): `p`
    /// 0.01–0.99, so a config's `top_p: 1` ("keep every token", which Cohere cannot express) is left out
    /// and Cohere's own default applies; `temperature` non-negative (no upper bound documented); both
    /// penalties 0–1; at most 5 stop sequences.
    static let limits = SamplingLimits(
        temperature: .atLeast(0), topP: ParameterLimit.between(0.01, 0.99).omitting(1),
        presencePenalty: .between(0, 1), frequencyPenalty: .between(0, 1), maxStopSequences: 5)

    public var name: ModelProvider { .cohere }
    let transport: ProviderTransport
    let url: String

    public init(configuration: ProviderConfiguration, httpClient: UpstreamHTTPClient, logger: Logger) {
        transport = ProviderTransport(
            provider: .cohere, httpClient: httpClient, configuration: configuration, logger: logger)
        url = configuration.cohereBaseURL + "/v2/chat"
    }

    public func generate(_ request: ProviderRequest) async throws -> ProviderResult {
        let upstream = try upstreamRequest(request, stream: false)
        return try await SampleFanOut.generate(samples: max(request.numSamples, 1)) {
            let answer = try await transport.send(upstream)
            let response = try answer.decode(CohereChatResponse.self)
            return ProviderResult(
                choices: [response.providerChoice], promptTokens: response.usage?.inputTokens ?? 0,
                generationTokens: response.usage?.outputTokens ?? 0, providerRequest: upstream.body,
                providerResponses: [answer.json])
        }
    }

    public func stream(_ request: ProviderRequest) async throws -> ProviderStream {
        let upstream = try upstreamRequest(request, stream: true)
        return try await SampleFanOut.stream(samples: max(request.numSamples, 1)) {
            let response = try await transport.open(upstream)
            let source = UpstreamEventSource(
                response: response, decoder: CohereStreamDecoder(provider: .cohere), transport: transport,
                request: upstream)
            return ProviderStream(providerRequest: upstream.body, source: source)
        }
    }

    private func upstreamRequest(_ request: ProviderRequest, stream: Bool) throws(ProviderError) -> UpstreamRequest {
        let key = try request.requireKey(for: .cohere)
        let request = try request.admitted(by: Self.limits, for: .cohere)
        return UpstreamRequest(
            url: url, body: CohereRequestBody().body(request, stream: stream),
            headers: [("authorization", "Bearer \(key)")], secret: key)
    }
}
