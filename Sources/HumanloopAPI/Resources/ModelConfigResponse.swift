/// A stored model config as the API returns it (`ModelConfigResponse`, `type: "model"`).
public struct ModelConfigResponse: Codable, Sendable, Hashable {
    public var id: String
    public var type: String
    public var model: String
    public var description: String?
    public var other: JSONObject?
    public var name: String?
    public var provider: String?
    public var maxTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var stop: StopSequences?
    public var presencePenalty: Double?
    public var frequencyPenalty: Double?
    public var promptTemplate: String?
    public var chatTemplate: [ChatMessage]?
    public var toolConfigs: [JSONValue]?
    public var endpoint: String?
    public var seed: Int?
    public var responseFormat: JSONValue?
    public var tools: [ToolDefinition]?

    public init(id: String, config: ModelConfigRequest) {
        self.id = id
        self.type = "model"
        self.model = config.model
        self.description = config.description
        self.other = config.other
        self.name = config.name
        self.provider = config.provider
        self.maxTokens = config.maxTokens
        self.temperature = config.temperature
        self.topP = config.topP
        self.stop = config.stop
        self.presencePenalty = config.presencePenalty
        self.frequencyPenalty = config.frequencyPenalty
        self.promptTemplate = config.promptTemplate
        self.chatTemplate = config.chatTemplate
        self.toolConfigs = []
        self.endpoint = config.endpoint
        self.seed = config.seed
        self.responseFormat = config.responseFormat
        self.tools = config.tools
    }

    enum CodingKeys: String, CodingKey {
        case id, type, model, description, other, name, provider, temperature, stop, endpoint, seed, tools
        case maxTokens = "max_tokens"
        case topP = "top_p"
        case presencePenalty = "presence_penalty"
        case frequencyPenalty = "frequency_penalty"
        case promptTemplate = "prompt_template"
        case chatTemplate = "chat_template"
        case toolConfigs = "tool_configs"
        case responseFormat = "response_format"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(model, forKey: .model)
        try c.encodeOrNull(description, forKey: .description)
        try c.encodeOrNull(other, forKey: .other)
        try c.encodeOrNull(name, forKey: .name)
        try c.encodeOrNull(provider, forKey: .provider)
        try c.encodeOrNull(maxTokens, forKey: .maxTokens)
        try c.encodeOrNull(temperature, forKey: .temperature)
        try c.encodeOrNull(topP, forKey: .topP)
        try c.encodeOrNull(stop, forKey: .stop)
        try c.encodeOrNull(presencePenalty, forKey: .presencePenalty)
        try c.encodeOrNull(frequencyPenalty, forKey: .frequencyPenalty)
        try c.encodeOrNull(promptTemplate, forKey: .promptTemplate)
        try c.encodeOrNull(chatTemplate, forKey: .chatTemplate)
        try c.encodeOrNull(toolConfigs, forKey: .toolConfigs)
        try c.encodeOrNull(endpoint, forKey: .endpoint)
        try c.encodeOrNull(seed, forKey: .seed)
        try c.encodeOrNull(responseFormat, forKey: .responseFormat)
        try c.encodeOrNull(tools, forKey: .tools)
    }
}
