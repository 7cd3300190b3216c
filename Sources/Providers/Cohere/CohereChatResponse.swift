import HumanloopAPI

/// A v2 Chat answer, as far as Loopgate reads it.
struct CohereChatResponse: Decodable {
    struct Message: Decodable {
        struct Content: Decodable {
            var type: String
            var text: String?
        }

        var content: [Content]?
        var toolCalls: [OpenAIToolCall]?

        enum CodingKeys: String, CodingKey {
            case content
            case toolCalls = "tool_calls"
        }
    }

    var finishReason: String?
    var message: Message
    var usage: CohereUsage?

    enum CodingKeys: String, CodingKey {
        case message, usage
        case finishReason = "finish_reason"
    }

    /// The one sample: its text items joined (not its `tool_plan`, which is the model thinking aloud).
    var providerChoice: ProviderChoice {
        let calls = (message.toolCalls ?? []).enumerated().map { index, call in
            call.toolCall(fallbackID: ToolCallPairing.answerID(sample: 0, index: index))
        }
        return ProviderChoice(
            text: (message.content ?? []).filter { $0.type == "text" }.compactMap(\.text).joined(),
            finishReason: FinishReason(providerValue: finishReason)?.accounting(forToolCalls: calls), toolCalls: calls,
            generationTokens: usage?.outputTokens)
    }
}
