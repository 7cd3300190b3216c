/// Token counts (`Usage`), summed over samples in a response.
public struct Usage: Codable, Sendable, Hashable {
    public var promptTokens: Int
    public var generationTokens: Int
    public var totalTokens: Int

    public init(promptTokens: Int, generationTokens: Int) {
        self.promptTokens = promptTokens
        self.generationTokens = generationTokens
        self.totalTokens = promptTokens + generationTokens
    }

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case generationTokens = "generation_tokens"
        case totalTokens = "total_tokens"
    }
}

/// A result of a tool the server ran during generation (`ToolResultResponse`).
public struct ToolResultResponse: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var signature: String
    public var result: String

    public init(id: String, name: String, signature: String, result: String) {
        self.id = id
        self.name = name
        self.signature = signature
        self.result = result
    }
}

/// One completion sample (`DataResponse`).
public struct DataResponse: Codable, Sendable, Hashable {
    public var id: String
    public var index: Int
    public var output: String
    public var rawOutput: String
    public var inputs: JSONObject
    public var modelConfigID: String
    public var finishReason: String?
    public var toolResults: [ToolResultResponse]?

    public init(
        id: String, index: Int, output: String, rawOutput: String, inputs: JSONObject,
        modelConfigID: String, finishReason: String?, toolResults: [ToolResultResponse]? = []
    ) {
        self.id = id
        self.index = index
        self.output = output
        self.rawOutput = rawOutput
        self.inputs = inputs
        self.modelConfigID = modelConfigID
        self.finishReason = finishReason
        self.toolResults = toolResults
    }

    enum CodingKeys: String, CodingKey {
        case id, index, output, inputs
        case rawOutput = "raw_output"
        case modelConfigID = "model_config_id"
        case finishReason = "finish_reason"
        case toolResults = "tool_results"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(index, forKey: .index)
        try container.encode(output, forKey: .output)
        try container.encode(rawOutput, forKey: .rawOutput)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(modelConfigID, forKey: .modelConfigID)
        try container.encodeOrNull(finishReason, forKey: .finishReason)
        try container.encodeOrNull(toolResults, forKey: .toolResults)
    }
}

/// One chat sample (`ChatDataResponse`): a completion sample plus the conversation and tool calls.
public struct ChatDataResponse: Codable, Sendable, Hashable {
    public var sample: DataResponse
    public var messages: [ChatMessage]?
    public var toolCall: FunctionCall?
    public var toolCalls: [ToolCall]?
    public var outputMessage: ChatMessage

    public init(
        sample: DataResponse, messages: [ChatMessage]?, toolCall: FunctionCall? = nil,
        toolCalls: [ToolCall]? = nil, outputMessage: ChatMessage
    ) {
        self.sample = sample
        self.messages = messages
        self.toolCall = toolCall
        self.toolCalls = toolCalls
        self.outputMessage = outputMessage
    }

    enum CodingKeys: String, CodingKey {
        case messages
        case toolCall = "tool_call"
        case toolCalls = "tool_calls"
        case outputMessage = "output_message"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.sample = try DataResponse(from: decoder)
        self.messages = try container.decodeIfPresent([ChatMessage].self, forKey: .messages)
        self.toolCall = try container.decodeIfPresent(FunctionCall.self, forKey: .toolCall)
        self.toolCalls = try container.decodeIfPresent([ToolCall].self, forKey: .toolCalls)
        self.outputMessage = try container.decode(ChatMessage.self, forKey: .outputMessage)
    }

    public func encode(to encoder: any Encoder) throws {
        try sample.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOrNull(messages, forKey: .messages)
        try container.encodeOrNull(toolCall, forKey: .toolCall)
        try container.encodeOrNull(toolCalls, forKey: .toolCalls)
        try container.encode(outputMessage, forKey: .outputMessage)
    }
}

/// The fields every generation response has besides its samples.
public struct GenerationResponseFields: Codable, Sendable, Hashable {
    public var providerResponses: [RawJSON]
    public var projectID: String?
    public var numSamples: Int?
    public var logprobs: Int?
    public var suffix: String?
    public var user: String?
    public var usage: Usage?
    public var metadata: JSONObject?
    public var providerRequest: RawJSON?
    public var sessionID: String?

    public init(
        providerResponses: [RawJSON], projectID: String?, numSamples: Int?, logprobs: Int? = nil,
        suffix: String? = nil, user: String?, usage: Usage?, metadata: JSONObject?,
        providerRequest: RawJSON?, sessionID: String?
    ) {
        self.providerResponses = providerResponses
        self.projectID = projectID
        self.numSamples = numSamples
        self.logprobs = logprobs
        self.suffix = suffix
        self.user = user
        self.usage = usage
        self.metadata = metadata
        self.providerRequest = providerRequest
        self.sessionID = sessionID
    }

    enum CodingKeys: String, CodingKey {
        case logprobs, suffix, user, usage, metadata
        case providerResponses = "provider_responses"
        case projectID = "project_id"
        case numSamples = "num_samples"
        case providerRequest = "provider_request"
        case sessionID = "session_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(providerResponses, forKey: .providerResponses)
        try container.encodeOrNull(projectID, forKey: .projectID)
        try container.encodeOrNull(numSamples, forKey: .numSamples)
        try container.encodeOrNull(logprobs, forKey: .logprobs)
        try container.encodeOrNull(suffix, forKey: .suffix)
        try container.encodeOrNull(user, forKey: .user)
        try container.encodeOrNull(usage, forKey: .usage)
        try container.encodeOrNull(metadata, forKey: .metadata)
        try container.encodeOrNull(providerRequest, forKey: .providerRequest)
        try container.encodeOrNull(sessionID, forKey: .sessionID)
    }
}

/// `CompletionResponse`: the answer of the completion endpoints.
public struct CompletionResponse: Codable, Sendable, Hashable {
    public var data: [DataResponse]
    public var fields: GenerationResponseFields

    public init(data: [DataResponse], fields: GenerationResponseFields) {
        self.data = data
        self.fields = fields
    }

    enum CodingKeys: String, CodingKey {
        case data
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.data = try container.decode([DataResponse].self, forKey: .data)
        self.fields = try GenerationResponseFields(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try fields.encode(to: encoder)
    }
}

/// `ChatResponse`: the answer of the chat endpoints, echoing the tool controls it was given.
public struct ChatResponse: Codable, Sendable, Hashable {
    public var data: [ChatDataResponse]
    public var fields: GenerationResponseFields
    public var toolCall: JSONValue?
    public var toolChoice: JSONValue?

    public init(
        data: [ChatDataResponse], fields: GenerationResponseFields, toolCall: JSONValue?, toolChoice: JSONValue?
    ) {
        self.data = data
        self.fields = fields
        self.toolCall = toolCall
        self.toolChoice = toolChoice
    }

    enum CodingKeys: String, CodingKey {
        case data
        case toolCall = "tool_call"
        case toolChoice = "tool_choice"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.data = try container.decode([ChatDataResponse].self, forKey: .data)
        self.fields = try GenerationResponseFields(from: decoder)
        self.toolCall = try container.decodeIfPresent(JSONValue.self, forKey: .toolCall)
        self.toolChoice = try container.decodeIfPresent(JSONValue.self, forKey: .toolChoice)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try fields.encode(to: encoder)
        try container.encodeOrNull(toolCall, forKey: .toolCall)
        try container.encodeOrNull(toolChoice, forKey: .toolChoice)
    }
}
