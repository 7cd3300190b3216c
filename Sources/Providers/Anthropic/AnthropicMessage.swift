import HumanloopAPI

/// A Messages API answer (`type: "message"`), as far as Loopgate reads it.
struct AnthropicMessage: Decodable {
    /// One content block: text, a tool use, or a kind Loopgate does not surface (thinking…).
    struct Block: Decodable {
        var type: String
        var text: String?
        var id: String?
        var name: String?
        var input: JSONValue?
    }

    var content: [Block]
    var stopReason: String?
    var usage: AnthropicUsage

    enum CodingKeys: String, CodingKey {
        case content, usage
        case stopReason = "stop_reason"
    }

    /// The one sample: its text blocks joined, its tool uses as v4 tool calls.
    var providerChoice: ProviderChoice {
        let text = content.filter { $0.type == "text" }.compactMap(\.text).joined()
        let calls = content.filter { $0.type == "tool_use" }.enumerated().map { index, block in
            ToolCall(
                id: block.id ?? ToolCallPairing.answerID(sample: 0, index: index),
                function: FunctionCall(name: block.name ?? "", arguments: .string((block.input ?? [:]).serialized())))
        }
        return ProviderChoice(
            text: text, finishReason: FinishReason(providerValue: stopReason)?.accounting(forToolCalls: calls),
            toolCalls: calls, generationTokens: usage.outputTokens)
    }
}
