import HumanloopAPI
import Logging

/// The adapter behind every OpenAI-style API (OpenAI and compatible servers, Azure OpenAI, Groq, AI21):
/// one mapping, parameterised by the API's `OpenAIFlavor`.
struct OpenAICompatibleClient: Sendable {
    /// Which of the two OpenAI APIs a request goes to.
    enum API {
        case chat([ChatMessage])
        case completions(prompt: String)
    }

    let flavor: OpenAIFlavor
    let transport: ProviderTransport
    let configuration: ProviderConfiguration
    private var body: OpenAIRequestBody { OpenAIRequestBody(flavor: flavor) }

    init(flavor: OpenAIFlavor, configuration: ProviderConfiguration, httpClient: UpstreamHTTPClient, logger: Logger) {
        self.flavor = flavor
        self.configuration = configuration
        self.transport = ProviderTransport(
            provider: flavor.provider, httpClient: httpClient, configuration: configuration, logger: logger)
    }

    /// The API follows the model (CONTRACT.md, "Which config serves which endpoint"): only
    /// `endpoint: "complete"` with a completion model uses legacy completions; a prompt for a chat model
    /// becomes one `user` message.
    func api(for request: ProviderRequest) -> API {
        switch request.input {
        case .messages(let messages):
            return .chat(messages)
        case .prompt(let prompt):
            if request.endpoint == .complete, flavor.completionsURL != nil,
                configuration.isCompletionModel(request.model)
            {
                return .completions(prompt: prompt)
            }
            return .chat([ChatMessage(role: .user, content: .text(prompt))])
        }
    }

    /// The request with its settings admitted by the limits of the API it goes to: refused here, before
    /// any call, when one is out of the provider's range.
    private func admitted(_ request: ProviderRequest, api: API) throws(ProviderError) -> ProviderRequest {
        var limits = flavor.limits
        if case .completions = api, let completionLimits = flavor.completionLimits { limits = completionLimits }
        return try request.admitted(by: limits, for: flavor.provider)
    }

    func generate(_ request: ProviderRequest) async throws -> ProviderResult {
        let key = try request.requireKey(for: flavor.provider)
        let api = api(for: request)
        let request = try admitted(request, api: api)
        let samples = max(request.numSamples, 1)
        if flavor.takesN(samples, temperature: request.parameters.temperature, streaming: false) {
            return try await call(request, api: api, samples: samples, key: key)
        }
        return try await SampleFanOut.generate(samples: samples) {
            try await call(request, api: api, samples: 1, key: key)
        }
    }

    func stream(_ request: ProviderRequest) async throws -> ProviderStream {
        let key = try request.requireKey(for: flavor.provider)
        let api = api(for: request)
        let request = try admitted(request, api: api)
        let samples = max(request.numSamples, 1)
        if flavor.takesN(samples, temperature: request.parameters.temperature, streaming: true) {
            return try await open(request, api: api, samples: samples, key: key)
        }
        return try await SampleFanOut.stream(samples: samples) {
            try await open(request, api: api, samples: 1, key: key)
        }
    }

    // MARK: - One call

    private func call(_ request: ProviderRequest, api: API, samples: Int, key: String) async throws -> ProviderResult {
        let upstream = upstreamRequest(request, api: api, samples: samples, stream: false, key: key)
        let answer = try await transport.send(upstream)
        let choices: [ProviderChoice]
        let usage: OpenAIUsage?
        switch api {
        case .chat:
            let completion = try answer.decode(OpenAIChatCompletion.self)
            (choices, usage) = (completion.providerChoices, completion.usage)
        case .completions:
            let completion = try answer.decode(OpenAITextCompletion.self)
            (choices, usage) = (completion.providerChoices, completion.usage)
        }
        guard !choices.isEmpty else {
            let failure = ProviderError.malformed(flavor.provider, "the answer has no choices")
            transport.log(failure, request: upstream)
            throw failure
        }
        return ProviderResult(
            choices: choices, promptTokens: usage?.promptTokens ?? 0,
            generationTokens: usage?.completionTokens ?? choices.reduce(0) { $0 + ($1.generationTokens ?? 0) },
            providerRequest: upstream.body, providerResponses: [answer.json])
    }

    private func open(_ request: ProviderRequest, api: API, samples: Int, key: String) async throws -> ProviderStream {
        let upstream = upstreamRequest(request, api: api, samples: samples, stream: true, key: key)
        let response = try await transport.open(upstream)
        let decoder = OpenAIStreamDecoder(
            provider: flavor.provider, samples: samples, expectsUsage: flavor.supportsStreamUsage)
        let source = UpstreamEventSource(response: response, decoder: decoder, transport: transport, request: upstream)
        return ProviderStream(providerRequest: upstream.body, source: source)
    }

    private func upstreamRequest(_ request: ProviderRequest, api: API, samples: Int, stream: Bool, key: String)
        -> UpstreamRequest
    {
        switch api {
        case .chat(let messages):
            return UpstreamRequest(
                url: flavor.chatURL(request.model),
                body: body.chat(request, messages: messages, samples: samples, stream: stream),
                headers: flavor.authorization(key), secret: key)
        case .completions(let prompt):
            return UpstreamRequest(
                url: flavor.completionsURL!(request.model),
                body: body.completion(request, prompt: prompt, samples: samples, stream: stream),
                headers: flavor.authorization(key), secret: key)
        }
    }
}
