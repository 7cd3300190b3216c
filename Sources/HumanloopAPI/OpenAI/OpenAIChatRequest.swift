/// `POST /v1/chat/completions`: OpenAI's chat request, the fields Loopgate reads (others are ignored, as
/// any unknown field is).
public struct OpenAIChatRequest: Decodable, Sendable {
    public var model: String
    public var messages: [OpenAIMessage]
    public var tools: [OpenAITool]?
    public var toolChoice: JSONValue?
    public var temperature: Double?
    public var topP: Double?
    public var maxTokens: Int?
    public var maxCompletionTokens: Int?
    public var stop: StopSequences?
    public var n: Int?
    public var seed: Int?
    public var presencePenalty: Double?
    public var frequencyPenalty: Double?
    public var user: String?
    public var responseFormat: JSONValue?
    public var metadata: JSONObject?
    public var stream: Bool?
    public var streamOptions: StreamOptions?

    public struct StreamOptions: Decodable, Sendable {
        public var includeUsage: Bool?

        enum CodingKeys: String, CodingKey {
            case includeUsage = "include_usage"
        }
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, tools, temperature, stop, n, seed, user, metadata, stream
        case toolChoice = "tool_choice"
        case topP = "top_p"
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
        case presencePenalty = "presence_penalty"
        case frequencyPenalty = "frequency_penalty"
        case responseFormat = "response_format"
        case streamOptions = "stream_options"
    }
}

/// A message of OpenAI's chat: `system`, `developer`, `user`, `assistant` (with `tool_calls`) or `tool`
/// (with `tool_call_id`); `content` a string, a list of parts, or null.
public struct OpenAIMessage: Decodable, Sendable {
    public var role: String
    public var content: ChatContent?
    public var name: String?
    public var toolCalls: [ToolCall]?
    public var toolCallID: String?

    enum CodingKeys: String, CodingKey {
        case role, content, name
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }
}

/// `{"type": "function", "function": {"name", "description", "parameters", "strict"}}`.
public struct OpenAITool: Decodable, Sendable {
    public var type: String?
    public var function: Function

    public struct Function: Decodable, Sendable {
        public var name: String
        public var description: String?
        public var parameters: JSONValue?
        public var strict: Bool?
    }
}
