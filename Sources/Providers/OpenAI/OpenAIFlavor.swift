import HumanloopAPI

/// How one OpenAI-compatible API differs from OpenAI's own: where it lives, how it takes its key, and
/// which parameters it accepts. OpenAI, Azure OpenAI, Groq and AI21 share one mapping through this.
struct OpenAIFlavor: Sendable {
    /// Optional request parameters an OpenAI-style API may or may not accept.
    enum Parameter: Sendable, Hashable, CaseIterable {
        case presencePenalty, frequencyPenalty, seed, logprobs, user, toolChoice, responseFormat
    }

    var provider: ModelProvider
    /// The chat completions URL for a model.
    var chatURL: @Sendable (_ model: String) -> String
    /// The legacy completions URL for a model, for APIs that still have one.
    var completionsURL: (@Sendable (_ model: String) -> String)?
    /// The headers that carry the key.
    var authorization: @Sendable (_ key: String) -> [(String, String)]
    /// Whether the body names the model (Azure names the deployment in the URL instead).
    var sendsModel: Bool = true
    /// Whether one call returns `n` samples; otherwise Loopgate makes one call per sample.
    var supportsN: Bool = true
    /// Whether `n` also works on a streamed call (AI21 takes `n` only without streaming).
    var supportsStreamedN: Bool = true
    /// Whether streams report usage when asked through `stream_options.include_usage`.
    var supportsStreamUsage: Bool = true
    var parameters: Set<Parameter> = Set(Parameter.allCases)

    /// The key as a bearer token: OpenAI, Groq, AI21 and every OpenAI-compatible server.
    static let bearer: @Sendable (String) -> [(String, String)] = { key in [("authorization", "Bearer \(key)")] }
}
