/// How a generation endpoint chooses its model config; each of the four is the one field that tells the
/// endpoints of a family apart.
public protocol ConfigSelection: Codable, Sendable, Hashable {
    /// The selection as a plain value the gateway can switch over.
    var selector: ConfigSelector { get }
}

/// The four ways a generation names its config.
public enum ConfigSelector: Sendable, Hashable {
    /// `model_config`: given inline (`/completion`, `/chat`).
    case inline(ModelConfigRequest)
    /// `model_config_id`: a stored config (`-model-config`).
    case stored(id: String)
    /// `environment`: the project's deployment there, or the default environment's (`-deployed`).
    case deployed(environment: String?)
    /// `experiment_id`: sampled from an experiment (`-experiment`).
    case experiment(id: String)
}

/// `model_config`: the config inline.
public struct InlineConfig: ConfigSelection {
    public var modelConfig: ModelConfigRequest

    public init(modelConfig: ModelConfigRequest) {
        self.modelConfig = modelConfig
    }

    enum CodingKeys: String, CodingKey {
        case modelConfig = "model_config"
    }

    public var selector: ConfigSelector { .inline(modelConfig) }
}

/// `model_config_id`: a stored config by id.
public struct StoredConfig: ConfigSelection {
    public var modelConfigID: String

    public init(modelConfigID: String) {
        self.modelConfigID = modelConfigID
    }

    enum CodingKeys: String, CodingKey {
        case modelConfigID = "model_config_id"
    }

    public var selector: ConfigSelector { .stored(id: modelConfigID) }
}

/// `environment`: the config or experiment deployed in an environment (by name; default when absent).
public struct DeployedConfig: ConfigSelection {
    public var environment: String?

    public init(environment: String? = nil) {
        self.environment = environment
    }

    public var selector: ConfigSelector { .deployed(environment: environment) }
}

/// `experiment_id`: a config sampled from an experiment, per sample.
public struct ExperimentConfig: ConfigSelection {
    public var experimentID: String

    public init(experimentID: String) {
        self.experimentID = experimentID
    }

    enum CodingKeys: String, CodingKey {
        case experimentID = "experiment_id"
    }

    public var selector: ConfigSelector { .experiment(id: experimentID) }
}

/// A completion body of any of the four completion endpoints: the config selection, the shared
/// fields and the completion-only fields, all flat in one JSON object.
public struct CompletionBody<Config: ConfigSelection>: Codable, Sendable, Hashable {
    public var config: Config
    public var options: GenerationOptions
    public var completion: CompletionOptions

    public init(config: Config, options: GenerationOptions = .init(), completion: CompletionOptions = .init()) {
        self.config = config
        self.options = options
        self.completion = completion
    }

    public init(from decoder: any Decoder) throws {
        self.config = try Config(from: decoder)
        self.options = try GenerationOptions(from: decoder)
        self.completion = try CompletionOptions(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try config.encode(to: encoder)
        try options.encode(to: encoder)
        try completion.encode(to: encoder)
    }
}

/// A chat body of any of the four chat endpoints: the config selection, the shared fields and the
/// conversation with its tool controls, all flat in one JSON object.
public struct ChatBody<Config: ConfigSelection>: Codable, Sendable, Hashable {
    public var config: Config
    public var options: GenerationOptions
    public var chat: ChatOptions

    public init(config: Config, chat: ChatOptions, options: GenerationOptions = .init()) {
        self.config = config
        self.chat = chat
        self.options = options
    }

    public init(from decoder: any Decoder) throws {
        self.config = try Config(from: decoder)
        self.options = try GenerationOptions(from: decoder)
        self.chat = try ChatOptions(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try config.encode(to: encoder)
        try options.encode(to: encoder)
        try chat.encode(to: encoder)
    }
}

/// `POST /completion`.
public typealias CompletionRequest = CompletionBody<InlineConfig>
/// `POST /completion-model-config`.
public typealias CompletionModelConfigRequest = CompletionBody<StoredConfig>
/// `POST /completion-deployed`.
public typealias CompletionDeployedRequest = CompletionBody<DeployedConfig>
/// `POST /completion-experiment`.
public typealias CompletionExperimentRequest = CompletionBody<ExperimentConfig>
/// `POST /chat`.
public typealias ChatRequest = ChatBody<InlineConfig>
/// `POST /chat-model-config`.
public typealias ChatModelConfigRequest = ChatBody<StoredConfig>
/// `POST /chat-deployed`.
public typealias ChatDeployedRequest = ChatBody<DeployedConfig>
/// `POST /chat-experiment`.
public typealias ChatExperimentRequest = ChatBody<ExperimentConfig>
