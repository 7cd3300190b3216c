import HumanloopAPI

/// A chat completions answer (`object: "chat.completion"`), as far as Loopgate reads it.
struct OpenAIChatCompletion: Decodable {
    struct Choice: Decodable {
        var index: Int?
        var message: Message
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, message
            case finishReason = "finish_reason"
        }
    }

    struct Message: Decodable {
        var content: String?
        var toolCalls: [OpenAIToolCall]?
        /// The single call of models from before parallel tool calls.
        var functionCall: OpenAIToolCall.Function?

        enum CodingKeys: String, CodingKey {
            case content
            case toolCalls = "tool_calls"
            case functionCall = "function_call"
        }
    }

    var choices: [Choice]
    var usage: OpenAIUsage?

    /// The samples in index order, tool calls in the v4 shape, finish reasons normalised.
    var providerChoices: [ProviderChoice] {
        let sorted = choices.enumerated().sorted { ($0.element.index ?? $0.offset) < ($1.element.index ?? $1.offset) }
        return sorted.map { position, choice in
            let sample = choice.index ?? position
            var calls = (choice.message.toolCalls ?? []).enumerated().map { index, call in
                call.toolCall(fallbackID: ToolCallPairing.answerID(sample: sample, index: index))
            }
            if calls.isEmpty, let function = choice.message.functionCall {
                calls = [
                    OpenAIToolCall(id: nil, function: function).toolCall(
                        fallbackID: ToolCallPairing.answerID(sample: sample, index: 0))
                ]
            }
            let reason = FinishReason(providerValue: choice.finishReason)?.accounting(forToolCalls: calls)
            return ProviderChoice(
                text: choice.message.content ?? "", finishReason: reason, toolCalls: calls,
                generationTokens: choices.count == 1 ? usage?.completionTokens : nil)
        }
    }
}
