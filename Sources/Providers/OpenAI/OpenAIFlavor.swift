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
    /// The ranges the API documents for the config's settings, checked before any call.
    var limits: SamplingLimits
    /// The ranges of the legacy completions API, where they differ from chat's.
    var completionLimits: SamplingLimits?
    /// Whether the body names the model (Azure names the deployment in the URL instead).
    var sendsModel: Bool = true
    /// Whether one call returns `n` samples; otherwise Loopgate makes one call per sample.
    var supportsN: Bool = true
    /// Whether `n` also works on a streamed call (AI21 takes `n` only without streaming).
    var supportsStreamedN: Bool = true
    /// Whether streams report usage when asked through `stream_options.include_usage`.
    var supportsStreamUsage: Bool = true
    /// The most samples one call may ask for with `n`; more are made one call per sample.
    var maxN: Int = 128
    /// Whether `n` above 1 needs a non-zero temperature (AI21: "If n > 1, setting temperature = 0 will
    /// fail"); such requests are made one call per sample instead.
    var nNeedsNonzeroTemperature: Bool = false
    var parameters: Set<Parameter> = Set(Parameter.allCases)

    /// Whether one call can return all `samples` through `n`; otherwise Loopgate makes one call per
    /// sample, which gives the same samples.
    func takesN(_ samples: Int, temperature: Double?, streaming: Bool) -> Bool {
        guard supportsN, samples <= maxN, !streaming || supportsStreamedN else { return false }
        return samples == 1 || !nNeedsNonzeroTemperature || temperature != 0
    }

    /// The key as a bearer token: OpenAI, Groq, AI21 and every OpenAI-compatible server.
    static let bearer: @Sendable (String) -> [(String, String)] = { key in [("authorization", "Bearer \(key)")] }
}
