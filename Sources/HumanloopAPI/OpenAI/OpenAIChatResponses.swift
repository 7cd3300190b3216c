/// `chat.completion`: OpenAI's answer to a chat request.
public struct OpenAIChatCompletion: Encodable, Sendable {
    public var id: String
    public var object = "chat.completion"
    /// Seconds since 1970.
    public var created: Int64
    public var model: String
    public var choices: [Choice]
    public var usage: OpenAIUsage
    public var systemFingerprint: String? = nil

    public struct Choice: Encodable, Sendable {
        public var index: Int
        public var message: OpenAIAssistantMessage
        public var finishReason: String
        public var logprobs: JSONValue? = nil

        public init(index: Int, message: OpenAIAssistantMessage, finishReason: String) {
            self.index = index
            self.message = message
            self.finishReason = finishReason
        }

        enum CodingKeys: String, CodingKey {
            case index, message, logprobs
            case finishReason = "finish_reason"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(message, forKey: .message)
            try container.encodeOrNull(logprobs, forKey: .logprobs)
            try container.encode(finishReason, forKey: .finishReason)
        }
    }

    public init(id: String, created: Int64, model: String, choices: [Choice], usage: OpenAIUsage) {
        self.id = id
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
    }

    enum CodingKeys: String, CodingKey {
        case id, object, created, model, choices, usage
        case systemFingerprint = "system_fingerprint"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(object, forKey: .object)
        try container.encode(created, forKey: .created)
        try container.encode(model, forKey: .model)
        try container.encode(choices, forKey: .choices)
        try container.encode(usage, forKey: .usage)
        try container.encodeOrNull(systemFingerprint, forKey: .systemFingerprint)
    }
}

/// The assistant's message of a choice: its text (null when it only calls tools) and tool calls.
public struct OpenAIAssistantMessage: Encodable, Sendable {
    public var role = "assistant"
    public var content: String?
    public var toolCalls: [OpenAIToolCall]?
    public var refusal: String? = nil

    public init(content: String?, toolCalls: [OpenAIToolCall]?) {
        self.content = content
        self.toolCalls = toolCalls
    }

    enum CodingKeys: String, CodingKey {
        case role, content, refusal
        case toolCalls = "tool_calls"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encodeOrNull(content, forKey: .content)
        try container.encodeOrNull(refusal, forKey: .refusal)
        if let toolCalls, !toolCalls.isEmpty { try container.encode(toolCalls, forKey: .toolCalls) }
    }
}

/// A tool call: `arguments` is JSON text, as OpenAI sends it.
public struct OpenAIToolCall: Encodable, Sendable {
    public var index: Int?
    public var id: String
    public var type = "function"
    public var function: Function

    public struct Function: Encodable, Sendable {
        public var name: String
        public var arguments: String

        public init(name: String, arguments: String) {
            self.name = name
            self.arguments = arguments
        }
    }

    public init(index: Int? = nil, id: String, name: String, arguments: String) {
        self.index = index
        self.id = id
        self.function = Function(name: name, arguments: arguments)
    }
}

public struct OpenAIUsage: Encodable, Sendable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int

    public init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = promptTokens + completionTokens
    }

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
    }
}

/// `chat.completion.chunk`: one event of a streamed answer.
public struct OpenAIChatChunk: Encodable, Sendable {
    public var id: String
    public var object = "chat.completion.chunk"
    public var created: Int64
    public var model: String
    public var choices: [Choice]
    /// Only on the last chunk, when the request asked for usage (then with no choices); null before.
    public var usage: OpenAIUsage?
    public var includesUsageField: Bool

    public struct Choice: Encodable, Sendable {
        public var index: Int
        public var delta: Delta
        public var finishReason: String?

        public init(index: Int, delta: Delta, finishReason: String? = nil) {
            self.index = index
            self.delta = delta
            self.finishReason = finishReason
        }

        enum CodingKeys: String, CodingKey {
            case index, delta, logprobs
            case finishReason = "finish_reason"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(delta, forKey: .delta)
            try container.encodeNil(forKey: .logprobs)
            try container.encodeOrNull(finishReason, forKey: .finishReason)
        }
    }

    public struct Delta: Encodable, Sendable {
        public var role: String?
        public var content: String?
        public var toolCalls: [OpenAIToolCall]?

        public init(role: String? = nil, content: String? = nil, toolCalls: [OpenAIToolCall]? = nil) {
            self.role = role
            self.content = content
            self.toolCalls = toolCalls
        }

        enum CodingKeys: String, CodingKey {
            case role, content
            case toolCalls = "tool_calls"
        }
    }

    public init(
        id: String, created: Int64, model: String, choices: [Choice], usage: OpenAIUsage? = nil,
        includesUsageField: Bool
    ) {
        self.id = id
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
        self.includesUsageField = includesUsageField
    }

    enum CodingKeys: String, CodingKey {
        case id, object, created, model, choices, usage
        case systemFingerprint = "system_fingerprint"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(object, forKey: .object)
        try container.encode(created, forKey: .created)
        try container.encode(model, forKey: .model)
        try container.encodeNil(forKey: .systemFingerprint)
        try container.encode(choices, forKey: .choices)
        if includesUsageField { try container.encodeOrNull(usage, forKey: .usage) }
    }
}

/// `GET /v1/models`.
public struct OpenAIModelList: Encodable, Sendable {
    public var object = "list"
    public var data: [Model]

    public struct Model: Encodable, Sendable {
        public var id: String
        public var object = "model"
        public var created: Int64
        public var ownedBy: String

        public init(id: String, created: Int64, ownedBy: String) {
            self.id = id
            self.created = created
            self.ownedBy = ownedBy
        }

        enum CodingKeys: String, CodingKey {
            case id, object, created
            case ownedBy = "owned_by"
        }
    }

    public init(data: [Model]) {
        self.data = data
    }
}

/// OpenAI's error answer: all four keys, null where nothing applies.
public struct OpenAIErrorBody: Encodable, Sendable {
    public var error: Detail

    public struct Detail: Encodable, Sendable {
        public var message: String
        public var type: String
        public var param: String?
        public var code: String?

        enum CodingKeys: String, CodingKey {
            case message, type, param, code
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(type, forKey: .type)
            try container.encodeOrNull(param, forKey: .param)
            try container.encodeOrNull(code, forKey: .code)
        }
    }

    public init(message: String, type: String, param: String? = nil, code: String? = nil) {
        error = Detail(message: message, type: type, param: param, code: code)
    }
}
