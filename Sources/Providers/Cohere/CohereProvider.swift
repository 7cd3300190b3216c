import HumanloopAPI
import Logging

/// Cohere's v2 Chat API (`POST {LOOPGATE_COHERE_BASE_URL}/v2/chat`, bearer key). One sample per call,
/// so `num_samples` makes parallel calls.
public struct CohereProvider: Provider {
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
        return UpstreamRequest(
            url: url, body: CohereRequestBody().body(request, stream: stream),
            headers: [("authorization", "Bearer \(key)")], secret: key)
    }
}
