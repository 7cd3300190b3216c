import HumanloopAPI

/// The ranges a provider's API documents for the config's sampling settings, stated once per adapter.
///
/// A config always carries every setting (the v4 defaults fill in `temperature: 1`, `top_p: 1`, both
/// penalties `0`), so a value the provider cannot take would fail every call made with the defaults.
/// Checking here, before any upstream call, turns that into a refusal naming the field as the config
/// spells it, or leaves out a value that only means "no restriction". A `nil` limit means the provider
/// documents no bound for that setting, or the adapter does not send it.
struct SamplingLimits: Sendable {
    var temperature: ParameterLimit<Double>?
    var topP: ParameterLimit<Double>?
    var presencePenalty: ParameterLimit<Double>?
    var frequencyPenalty: ParameterLimit<Double>?
    /// For a config's own `max_tokens`; `-1` ("the provider's limit") arrives as `nil` and is never checked.
    var maxTokens: ParameterLimit<Int>?
    /// The most stop sequences one call may carry.
    var maxStopSequences: Int?

    /// `parameters` as they may be sent, or the refusal of the first setting out of range.
    func admit(_ parameters: SamplingParameters, for provider: ModelProvider) throws(ProviderError)
        -> SamplingParameters
    {
        var admitted = parameters
        admitted.temperature = try temperature.admit(parameters.temperature, "temperature", provider)
        admitted.topP = try topP.admit(parameters.topP, "top_p", provider)
        admitted.presencePenalty = try presencePenalty.admit(parameters.presencePenalty, "presence_penalty", provider)
        admitted.frequencyPenalty = try frequencyPenalty.admit(
            parameters.frequencyPenalty, "frequency_penalty", provider)
        admitted.maxTokens = try maxTokens.admit(parameters.maxTokens, "max_tokens", provider)
        if let maxStopSequences, let stop = parameters.stop, stop.count > maxStopSequences {
            throw ProviderError(
                kind: .rejected, provider: provider,
                message: "model_config.stop must hold at most \(maxStopSequences) sequences (got \(stop.count))")
        }
        return admitted
    }
}

extension Optional {
    /// A setting through its limit, if the provider has one.
    fileprivate func admit<Value>(_ value: Value?, _ field: String, _ provider: ModelProvider) throws(ProviderError)
        -> Value?
    where Wrapped == ParameterLimit<Value> {
        guard let limit = self else { return value }
        return try limit.admit(value, field: "model_config." + field, provider: provider)
    }
}

extension ProviderRequest {
    /// The request with its parameters admitted by `limits`; throws before any upstream call.
    func admitted(by limits: SamplingLimits, for provider: ModelProvider) throws(ProviderError) -> ProviderRequest {
        var request = self
        request.parameters = try limits.admit(parameters, for: provider)
        return request
    }
}
