import HumanloopAPI
import Logging

/// Google Gemini (`provider: "google"`): `POST {LOOPGATE_GOOGLE_BASE_URL}/models/{model}:generateContent`
/// and `:streamGenerateContent?alt=sse`, the key in `x-goog-api-key` (never in the URL, where it could
/// end up in logs). `num_samples` is Gemini's `candidateCount`.
public struct GeminiProvider: Provider {
    public var name: ModelProvider { .google }
    let transport: ProviderTransport
    let baseURL: String

    public init(configuration: ProviderConfiguration, httpClient: UpstreamHTTPClient, logger: Logger) {
        transport = ProviderTransport(
            provider: .google, httpClient: httpClient, configuration: configuration, logger: logger)
        baseURL = configuration.googleBaseURL
    }

    public func generate(_ request: ProviderRequest) async throws -> ProviderResult {
        let upstream = try upstreamRequest(request, method: "generateContent")
        let answer = try await transport.send(upstream)
        let response = try answer.decode(GeminiResponse.self)
        if let blocked = response.promptFeedback?.blockReason, response.candidates?.isEmpty ?? true {
            let failure = ProviderError(
                kind: .rejected, provider: .google, message: "the prompt was blocked: \(blocked)")
            transport.log(failure, request: upstream)
            throw failure
        }
        let choices = response.providerChoices
        guard !choices.isEmpty else {
            let failure = ProviderError.malformed(.google, "the answer has no candidates")
            transport.log(failure, request: upstream)
            throw failure
        }
        return ProviderResult(
            choices: choices, promptTokens: response.usageMetadata?.promptTokenCount ?? 0,
            generationTokens: response.usageMetadata?.generationTokens ?? 0, providerRequest: upstream.body,
            providerResponses: [answer.json])
    }

    public func stream(_ request: ProviderRequest) async throws -> ProviderStream {
        let upstream = try upstreamRequest(request, method: "streamGenerateContent", query: "?alt=sse")
        let response = try await transport.open(upstream)
        let decoder = GeminiStreamDecoder(provider: .google, samples: max(request.numSamples, 1))
        let source = UpstreamEventSource(response: response, decoder: decoder, transport: transport, request: upstream)
        return ProviderStream(providerRequest: upstream.body, source: source)
    }

    private func upstreamRequest(_ request: ProviderRequest, method: String, query: String = "") throws(ProviderError)
        -> UpstreamRequest
    {
        let key = try request.requireKey(for: .google)
        // Gemini's own examples name models both ways: "gemini-2.0-flash" and "models/gemini-2.0-flash".
        let model = request.model.hasPrefix("models/") ? String(request.model.dropFirst(7)) : request.model
        return UpstreamRequest(
            url: baseURL + "/models/" + model.percentEncodedComponent() + ":" + method + query,
            body: GeminiRequestBody().body(request), headers: [("x-goog-api-key", key)], secret: key)
    }
}
