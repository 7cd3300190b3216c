import HumanloopAPI

/// One model provider behind one interface: each adapter maps the provider-neutral request to its
/// provider's wire format and maps the answer back, with usage and finish reasons normalised.
public protocol Provider: Sendable {
    /// Which `ModelProviders` value this adapter serves.
    var name: ModelProvider { get }

    /// Runs one generation of `request.numSamples` samples and returns them whole.
    func generate(_ request: ProviderRequest) async throws -> ProviderResult

    /// Starts a streamed generation. Returns only once the provider has accepted the call (2xx
    /// headers), so retries and errors happen before the first byte reaches the client; the events
    /// are then pulled from the provider as the consumer asks for them.
    func stream(_ request: ProviderRequest) async throws -> ProviderStream
}

/// What the model is asked to continue: a rendered prompt or a conversation.
public enum ProviderInput: Sendable, Hashable {
    case prompt(String)
    case messages([ChatMessage])
}

/// The sampling parameters of a model config, after defaults, ready to map onto a provider.
public struct SamplingParameters: Sendable, Hashable {
    /// `nil` when the config says `-1`: the provider's own limit applies.
    public var maxTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var stop: [String]?
    public var presencePenalty: Double?
    public var frequencyPenalty: Double?
    public var seed: Int?
    public var responseFormat: JSONValue?
    public var logprobs: Int?
    public var suffix: String?
    /// Extra provider parameters, merged over everything else.
    public var other: JSONObject

    public init(
        maxTokens: Int? = nil, temperature: Double? = nil, topP: Double? = nil, stop: [String]? = nil,
        presencePenalty: Double? = nil, frequencyPenalty: Double? = nil, seed: Int? = nil,
        responseFormat: JSONValue? = nil, logprobs: Int? = nil, suffix: String? = nil,
        other: JSONObject = [:]
    ) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.stop = stop
        self.presencePenalty = presencePenalty
        self.frequencyPenalty = frequencyPenalty
        self.seed = seed
        self.responseFormat = responseFormat
        self.logprobs = logprobs
        self.suffix = suffix
        self.other = other
    }
}

/// A provider-neutral generation request.
public struct ProviderRequest: Sendable {
    public var model: String
    /// The config's `endpoint` as given (`complete`, `chat`), for providers with a legacy completions API.
    public var endpoint: ModelEndpoint?
    public var input: ProviderInput
    public var parameters: SamplingParameters
    public var tools: [ToolDefinition]
    public var toolChoice: JSONValue?
    public var numSamples: Int
    public var user: String?
    /// The key for this call only: from the request's `provider_api_keys` or the server's configuration.
    public var apiKey: String?

    public init(
        model: String, endpoint: ModelEndpoint? = nil, input: ProviderInput, parameters: SamplingParameters,
        tools: [ToolDefinition] = [],
        toolChoice: JSONValue? = nil, numSamples: Int = 1, user: String? = nil, apiKey: String? = nil
    ) {
        self.model = model
        self.endpoint = endpoint
        self.input = input
        self.parameters = parameters
        self.tools = tools
        self.toolChoice = toolChoice
        self.numSamples = numSamples
        self.user = user
        self.apiKey = apiKey
    }
}

/// Why a sample stopped, normalised to the three values the API documents.
public enum FinishReason: String, Sendable, Hashable {
    case stop
    case length
    case toolCall = "tool_call"
}

/// One generated sample.
public struct ProviderChoice: Sendable, Hashable {
    /// The text exactly as the provider produced it.
    public var text: String
    public var finishReason: FinishReason?
    public var toolCalls: [ToolCall]
    public var generationTokens: Int?

    public init(text: String, finishReason: FinishReason?, toolCalls: [ToolCall] = [], generationTokens: Int? = nil) {
        self.text = text
        self.finishReason = finishReason
        self.toolCalls = toolCalls
        self.generationTokens = generationTokens
    }
}

/// A finished provider call: its samples, usage, and the raw payloads for `provider_request` /
/// `provider_responses` (never containing a key).
public struct ProviderResult: Sendable {
    public var choices: [ProviderChoice]
    public var promptTokens: Int
    public var generationTokens: Int
    public var providerRequest: RawJSON
    public var providerResponses: [RawJSON]

    public init(
        choices: [ProviderChoice], promptTokens: Int, generationTokens: Int, providerRequest: RawJSON,
        providerResponses: [RawJSON]
    ) {
        self.choices = choices
        self.promptTokens = promptTokens
        self.generationTokens = generationTokens
        self.providerRequest = providerRequest
        self.providerResponses = providerResponses
    }
}
