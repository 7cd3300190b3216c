import HumanloopAPI

/// A legacy completions answer (`object: "text_completion"`), as far as Loopgate reads it.
struct OpenAITextCompletion: Decodable {
    struct Choice: Decodable {
        var index: Int?
        var text: String
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, text
            case finishReason = "finish_reason"
        }
    }

    var choices: [Choice]
    var usage: OpenAIUsage?

    /// The samples in index order, finish reasons normalised.
    var providerChoices: [ProviderChoice] {
        let sorted = choices.enumerated().sorted { ($0.element.index ?? $0.offset) < ($1.element.index ?? $1.offset) }
        return sorted.map { _, choice in
            ProviderChoice(
                text: choice.text, finishReason: FinishReason(providerValue: choice.finishReason),
                generationTokens: choices.count == 1 ? usage?.completionTokens : nil)
        }
    }
}
