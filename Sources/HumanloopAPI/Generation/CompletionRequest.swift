/// `POST /completion`: a completion with an inline model config.
public struct CompletionRequest: Codable, Sendable, Hashable {
    public var modelConfig: ModelConfigRequest
    public var options: GenerationOptions
    public var completion: CompletionOptions

    public init(
        modelConfig: ModelConfigRequest,
        options: GenerationOptions = .init(),
        completion: CompletionOptions = .init()
    ) {
        self.modelConfig = modelConfig
        self.options = options
        self.completion = completion
    }

    enum CodingKeys: String, CodingKey {
        case modelConfig = "model_config"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.modelConfig = try container.decode(ModelConfigRequest.self, forKey: .modelConfig)
        self.options = try GenerationOptions(from: decoder)
        self.completion = try CompletionOptions(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(modelConfig, forKey: .modelConfig)
        try options.encode(to: encoder)
        try completion.encode(to: encoder)
    }
}

/// `POST /chat`: a chat with an inline model config.
public struct ChatRequest: Codable, Sendable, Hashable {
    public var modelConfig: ModelConfigRequest
    public var options: GenerationOptions
    public var chat: ChatOptions

    public init(modelConfig: ModelConfigRequest, chat: ChatOptions, options: GenerationOptions = .init()) {
        self.modelConfig = modelConfig
        self.chat = chat
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case modelConfig = "model_config"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.modelConfig = try container.decode(ModelConfigRequest.self, forKey: .modelConfig)
        self.options = try GenerationOptions(from: decoder)
        self.chat = try ChatOptions(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(modelConfig, forKey: .modelConfig)
        try options.encode(to: encoder)
        try chat.encode(to: encoder)
    }
}
