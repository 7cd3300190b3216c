import HumanloopAPI
import Testing

@testable import Providers

@Suite("Sampling limits: omit, cap or refuse before any call")
struct SamplingLimitsTests {
    static let limits = SamplingLimits(
        temperature: .atLeast(0), topP: ParameterLimit.between(0.01, 0.99).omitting(1),
        presencePenalty: .from(-2, below: 2), maxTokens: ParameterLimit.between(0, 4096).cappedAtHighest,
        maxStopSequences: 2)

    func refusal(_ parameters: SamplingParameters) -> ProviderError? {
        #expect(throws: ProviderError.self) { _ = try Self.limits.admit(parameters, for: .cohere) }
    }

    @Test func valuesInRangePassUnchanged() throws {
        let parameters = SamplingParameters(
            maxTokens: 4096, temperature: 7, topP: 0.01, stop: ["a", "b"], presencePenalty: -2, frequencyPenalty: 9)
        #expect(try Self.limits.admit(parameters, for: .cohere) == parameters)
        #expect(try Self.limits.admit(SamplingParameters(), for: .cohere) == SamplingParameters())
    }

    @Test func theUnrestrictedValueIsLeftOutWhenTheRangeExcludesIt() throws {
        let admitted = try Self.limits.admit(SamplingParameters(temperature: 1, topP: 1), for: .cohere)
        #expect(admitted.topP == nil)
        #expect(admitted.temperature == 1)
    }

    @Test func aCappedMaximumIsSentAsTheMaximum() throws {
        #expect(try Self.limits.admit(SamplingParameters(maxTokens: 9000), for: .cohere).maxTokens == 4096)
        #expect(
            refusal(SamplingParameters(maxTokens: -3))?.message
                == "model_config.max_tokens must be between 0 and 4096 (got -3)")
    }

    @Test func otherValuesAreRefusedNamingTheConfigFieldAndTheRange() {
        let topP = refusal(SamplingParameters(topP: 0.995))
        #expect(topP?.kind == .rejected)
        #expect(topP?.provider == .cohere)
        #expect(topP?.message == "model_config.top_p must be between 0.01 and 0.99 (got 0.995)")
        #expect(
            refusal(SamplingParameters(temperature: -0.5))?.message
                == "model_config.temperature must be at least 0 (got -0.5)")
        #expect(
            refusal(SamplingParameters(presencePenalty: 2))?.message
                == "model_config.presence_penalty must be at least -2 and below 2 (got 2)")
        #expect(
            refusal(SamplingParameters(stop: ["a", "b", "c"]))?.message
                == "model_config.stop must hold at most 2 sequences (got 3)")
    }
}
