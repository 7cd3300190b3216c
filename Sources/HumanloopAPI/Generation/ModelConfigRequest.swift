/// An inline model configuration (`ModelConfigCompletionRequest` / `ModelConfigChatRequest`).
///
/// `provider` and `endpoint` stay strings here so that the gateway, not the decoder, reports an unknown
/// value with the field's location and the permitted values.
public struct ModelConfigRequest: Codable, Sendable, Hashable {
    public var model: String
    public var promptTemplate: String?
    public var chatTemplate: [ChatMessage]?
    public var description: String?
    public var name: String?
    public var provider: String?
    public var maxTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var stop: StopSequences?
    public var presencePenalty: Double?
    public var frequencyPenalty: Double?
    public var other: JSONObject?
    public var endpoint: String?
    public var tools: [ToolDefinition]?
    public var seed: Int?
    public var responseFormat: JSONValue?
    /// v5 only (a Prompt version's kernel): v4 requests never carry these, so no v4 config id changes.
    /// `template_language` is left out when `default`.
    public var templateLanguage: String?
    public var reasoningEffort: ReasoningEffort?
    public var attributes: JSONObject?
    public var linkedTools: [String]?

    public init(
        model: String,
        promptTemplate: String? = nil,
        chatTemplate: [ChatMessage]? = nil,
        description: String? = nil,
        name: String? = nil,
        provider: String? = nil,
        maxTokens: Int? = nil,
        temperature: Double? = nil,
        topP: Double? = nil,
        stop: StopSequences? = nil,
        presencePenalty: Double? = nil,
        frequencyPenalty: Double? = nil,
        other: JSONObject? = nil,
        endpoint: String? = nil,
        tools: [ToolDefinition]? = nil,
        seed: Int? = nil,
        responseFormat: JSONValue? = nil
    ) {
        self.model = model
        self.promptTemplate = promptTemplate
        self.chatTemplate = chatTemplate
        self.description = description
        self.name = name
        self.provider = provider
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.stop = stop
        self.presencePenalty = presencePenalty
        self.frequencyPenalty = frequencyPenalty
        self.other = other
        self.endpoint = endpoint
        self.tools = tools
        self.seed = seed
        self.responseFormat = responseFormat
    }

    enum CodingKeys: String, CodingKey {
        case model, description, name, provider, temperature, stop, other, endpoint, tools, seed
        case promptTemplate = "prompt_template"
        case chatTemplate = "chat_template"
        case maxTokens = "max_tokens"
        case topP = "top_p"
        case presencePenalty = "presence_penalty"
        case frequencyPenalty = "frequency_penalty"
        case responseFormat = "response_format"
        case templateLanguage = "template_language"
        case reasoningEffort = "reasoning_effort"
        case attributes
        case linkedTools = "linked_tools"
    }
}

/// `stop`: one stop sequence or several.
public enum StopSequences: Codable, Sendable, Hashable {
    case one(String)
    case many([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(String.self) {
            self = .one(one)
        } else {
            self = .many(try container.decode([String].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .one(let value): try container.encode(value)
        case .many(let values): try container.encode(values)
        }
    }

    /// The sequences as a list.
    public var sequences: [String] {
        switch self {
        case .one(let value): return [value]
        case .many(let values): return values
        }
    }
}

/// A tool offered to the model (`ModelConfigToolRequest`, or a 0.7 `LinkedToolRequest` by `id`).
public struct ToolDefinition: Codable, Sendable, Hashable {
    public var name: String
    public var description: String?
    public var parameters: JSONValue?
    public var source: String?
    public var sourceCode: String?
    public var strict: Bool?
    public var other: JSONValue?
    public var presetName: String?
    public var id: String?

    public init(
        name: String,
        description: String? = nil,
        parameters: JSONValue? = nil,
        source: String? = nil,
        sourceCode: String? = nil,
        strict: Bool? = nil,
        other: JSONValue? = nil,
        presetName: String? = nil,
        id: String? = nil
    ) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.source = source
        self.sourceCode = sourceCode
        self.strict = strict
        self.other = other
        self.presetName = presetName
        self.id = id
    }

    enum CodingKeys: String, CodingKey {
        case name, description, parameters, source, strict, other, id
        case sourceCode = "source_code"
        case presetName = "preset_name"
    }
}

/// `reasoning_effort`: OpenAI's effort (`low`, `medium`, `high`, …) or Anthropic's thinking budget in tokens.
/// Anything else (an object, a list, a fraction) is refused where the config is read, so a stored config
/// never answers with a value its schema does not allow.
public enum ReasoningEffort: Codable, Sendable, Hashable {
    case effort(String)
    case budget(Int)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let effort = try? container.decode(String.self) {
            self = .effort(effort)
        } else if let budget = try? container.decode(Int.self) {
            self = .budget(budget)
        } else {
            throw DecodingError.typeMismatch(
                ReasoningEffort.self,
                .init(codingPath: decoder.codingPath, debugDescription: "reasoning_effort is a string or an integer"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .effort(let effort): try container.encode(effort)
        case .budget(let budget): try container.encode(budget)
        }
    }
}
