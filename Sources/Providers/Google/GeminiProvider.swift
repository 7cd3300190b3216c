import HumanloopAPI
import Logging

/// Google Gemini (`provider: "google"`): `POST {LOOPGATE_GOOGLE_BASE_URL}/models/{model}:generateContent`
/// and `:streamGenerateContent?alt=sse`, the key in `x-goog-api-key` (never in the URL, where it could
/// end up in logs). `num_samples` is Gemini's `candidateCount`, up to 8 per call.
public struct GeminiProvider: Provider {
    /// Gemini's ranges. The Gemini API reference (`GenerationConfig`) documents `temperature` 0–2 and at
    /// most 5 `stopSequences`; it leaves `topP`, the penalties and `candidateCount` unbounded, so those
    /// follow Vertex AI's documentation of the same models ("Content generation parameters",
    /// `GenerationConfig`): `topP` 0–1, penalties from −2 up to but not including 2, 1–8 candidates.
    static let limits = SamplingLimits(
        temperature: .between(0, 2), topP: .between(0, 1), presencePenalty: .from(-2, below: 2),
        frequencyPenalty: .from(-2, below: 2), maxStopSequences: 5)
    /// The most candidates one call returns; more samples are made one call per sample.
    static let maxCandidates = 8

    public var name: ModelProvider { .google }
    let transport: ProviderTransport
    let baseURL: String

    public init(configuration: ProviderConfiguration, httpClient: UpstreamHTTPClient, logger: Logger) {
        transport = ProviderTransport(
            provider: .google, httpClient: httpClient, configuration: configuration, logger: logger)
        baseURL = configuration.googleBaseURL
    }

    public func generate(_ request: ProviderRequest) async throws -> ProviderResult {
        guard request.numSamples <= Self.maxCandidates else {
            let single = try Self.singleSample(request)
            return try await SampleFanOut.generate(samples: request.numSamples) { try await generate(single) }
        }
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
        guard request.numSamples <= Self.maxCandidates else {
            let single = try Self.singleSample(request)
            return try await SampleFanOut.stream(samples: request.numSamples) { try await stream(single) }
        }
        let upstream = try upstreamRequest(request, method: "streamGenerateContent", query: "?alt=sse")
        let response = try await transport.open(upstream)
        let decoder = GeminiStreamDecoder(provider: .google, samples: max(request.numSamples, 1))
        let source = UpstreamEventSource(response: response, decoder: decoder, transport: transport, request: upstream)
        return ProviderStream(providerRequest: upstream.body, source: source)
    }

    /// `request` for one candidate, its settings already admitted so that a refusal comes before any call.
    private static func singleSample(_ request: ProviderRequest) throws(ProviderError) -> ProviderRequest {
        var single = try request.admitted(by: limits, for: .google)
        single.numSamples = 1
        return single
    }

    private func upstreamRequest(_ request: ProviderRequest, method: String, query: String = "") throws(ProviderError)
        -> UpstreamRequest
    {
        let key = try request.requireKey(for: .google)
        let request = try request.admitted(by: Self.limits, for: .google)
        // Gemini's own examples name models both ways: "gemini-2.0-flash" and "models/gemini-2.0-flash".
        let model = request.model.hasPrefix("models/") ? String(request.model.dropFirst(7)) : request.model
        return UpstreamRequest(
            url: baseURL + "/models/" + model.percentEncodedComponent() + ":" + method + query,
            body: GeminiRequestBody().body(request), headers: [("x-goog-api-key", key)], secret: key)
    }
}
