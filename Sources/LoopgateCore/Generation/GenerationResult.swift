import HumanloopAPI

/// One generated sample, in the pieces every API version's answer is built from.
public struct GeneratedSample: Sendable {
    /// The id of the sample's log.
    public var logID: String
    /// The sample's place in the answer.
    public var index: Int
    /// The text without surrounding whitespace; `rawOutput` as the model wrote it.
    public var output: String
    public var rawOutput: String
    /// Why the model stopped (`stop`, `length`, `tool_calls`…), as the provider adapters name it.
    public var finishReason: String?
    public var toolCalls: [ToolCall]
    /// The config that produced it.
    public var configID: String
    /// The inputs, when the request asked for them back (`[:]` otherwise).
    public var inputs: JSONObject
    /// The conversation the provider saw (chat only).
    public var messages: [ChatMessage]?
    /// The tokens of the provider call that made it, and its own.
    public var promptTokens: Int?
    public var outputTokens: Int?

    /// The sample as the assistant's message of a conversation.
    public var outputMessage: ChatMessage {
        ChatMessage(role: .assistant, content: .text(output), toolCalls: toolCalls.isEmpty ? nil : toolCalls)
    }
}

/// A finished generation: its samples, in index order, and what the whole call reports.
public struct GenerationResult: Sendable {
    public var samples: [GeneratedSample]
    /// When the generation was made: its logs' `created_at`.
    public var createdAt: Timestamp
    public var projectID: String?
    /// The session the logs joined (found or created from a session reference).
    public var sessionID: String?
    public var usage: Usage
    /// What was sent upstream and what came back, one response per provider call.
    public var providerRequest: RawJSON?
    public var providerResponses: [RawJSON]
}
