import HumanloopAPI
import Logging

@testable import Providers

/// One provider test's world: a fake upstream, a configuration pointing every provider at it, the
/// shared HTTP client made as the server makes it, and a capture of everything logged.
struct ProviderHarness: Sendable {
    let upstream: FakeUpstream
    let configuration: ProviderConfiguration
    let httpClient: UpstreamHTTPClient
    let logs: LogCapture

    var logger: Logger { logs.logger }

    /// Starts a fake answering with `handler`, runs `body`, then shuts the client and the fake down.
    static func run<T: Sendable>(
        timeout: Duration = .seconds(10), maxRetries: Int = 2,
        configure: ConfigurationChange = ConfigurationChange { _ in },
        _ handler: @escaping FakeUpstream.Handler, _ body: @Sendable (ProviderHarness) async throws -> T
    ) async throws -> T {
        try await FakeUpstream.run(handler) { upstream in
            var configuration = configuration(pointingAt: upstream.baseURL, timeout: timeout, maxRetries: maxRetries)
            configure.apply(&configuration)
            let httpClient = ProviderRegistry.makeHTTPClient(configuration: configuration)
            let harness = ProviderHarness(
                upstream: upstream, configuration: configuration, httpClient: httpClient, logs: LogCapture())
            defer { httpClient.shutdown() }
            return try await body(harness)
        }
    }

    /// Every provider's base URL on the fake, each with its real API root's path, and retries quick.
    static func configuration(pointingAt base: String, timeout: Duration, maxRetries: Int) -> ProviderConfiguration {
        ProviderConfiguration(
            openAIBaseURL: base + "/v1", anthropicBaseURL: base, cohereBaseURL: base, ai21BaseURL: base + "/studio/v1",
            azureEndpoint: base, googleBaseURL: base + "/v1beta", groqBaseURL: base + "/openai/v1",
            timeout: timeout,
            retry: RetryPolicy(maxRetries: maxRetries, baseDelay: .milliseconds(10), maxDelay: .milliseconds(40)))
    }
}

/// A change a test makes to the harness's configuration.
struct ConfigurationChange: Sendable {
    let apply: @Sendable (inout ProviderConfiguration) -> Void

    init(_ apply: @escaping @Sendable (inout ProviderConfiguration) -> Void) {
        self.apply = apply
    }
}

/// What a stream delivered, gathered per sample.
struct StreamedAnswer: Sendable {
    var events: [ProviderStreamEvent] = []

    /// Sample `index`'s text: its deltas concatenated.
    func text(_ index: Int = 0) -> String {
        events.reduce(into: "") { text, event in
            if case .text(index, let delta) = event { text += delta }
        }
    }

    func finish(_ index: Int = 0) -> FinishReason?? {
        for case .finish(index, let reason) in events { return .some(reason) }
        return nil
    }

    func toolCalls(_ index: Int = 0) -> [ToolCall] {
        for case .toolCalls(index, let calls) in events { return calls }
        return []
    }

    var usage: (prompt: Int, generation: Int)? {
        for case .usage(let prompt, let generation) in events { return (prompt, generation) }
        return nil
    }

    /// Reads `stream` to its end.
    static func collect(_ stream: ProviderStream) async throws -> StreamedAnswer {
        var answer = StreamedAnswer()
        for try await event in stream {
            answer.events.append(event)
        }
        return answer
    }
}

extension ProviderRequest {
    /// A chat request with a key, as the gateway builds one.
    static func chat(
        model: String, _ messages: [ChatMessage], parameters: SamplingParameters = SamplingParameters(),
        tools: [ToolDefinition] = [], toolChoice: JSONValue? = nil, samples: Int = 1, user: String? = nil,
        key: String = "sk-test-secret-key-123"
    ) -> ProviderRequest {
        ProviderRequest(
            model: model, endpoint: .chat, input: .messages(messages), parameters: parameters, tools: tools,
            toolChoice: toolChoice, numSamples: samples, user: user, apiKey: key)
    }

    /// A completion request (a rendered prompt) with a key.
    static func completion(
        model: String, _ prompt: String, parameters: SamplingParameters = SamplingParameters(), samples: Int = 1,
        key: String = "sk-test-secret-key-123"
    ) -> ProviderRequest {
        ProviderRequest(
            model: model, endpoint: .complete, input: .prompt(prompt), parameters: parameters, numSamples: samples,
            apiKey: key)
    }
}

extension SamplingParameters {
    /// What the gateway hands an adapter for a config that sets nothing, as the SDKs' examples send it:
    /// `ConfigIdentity.normalized` fills in `temperature: 1`, `top_p: 1`, both penalties `0` and
    /// `max_tokens: -1`, which `Gateway.providerCall` turns into `nil`.
    static let sdkDefaults = SamplingParameters(
        maxTokens: nil, temperature: 1, topP: 1, presencePenalty: 0, frequencyPenalty: 0)
}

extension ChatMessage {
    static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: .text(text)) }
    static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: .text(text)) }
}
