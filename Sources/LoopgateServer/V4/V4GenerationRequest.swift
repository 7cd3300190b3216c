import HumanloopAPI
import LoopgateCore

// The v4 generation bodies onto the pipeline's request: the one place a v4 body's fields are read.

extension GenerationRequest {
    /// Any of the four completion endpoints' bodies.
    init<Config: ConfigSelection>(v4 body: CompletionBody<Config>) {
        self.init(kind: .completion, config: ConfigSource(v4: body.config.selector))
        apply(v4: body.options)
        logprobs = body.completion.logprobs
        suffix = body.completion.suffix
    }

    /// Any of the four chat endpoints' bodies.
    init<Config: ConfigSelection>(v4 body: ChatBody<Config>) {
        self.init(kind: .chat, config: ConfigSource(v4: body.config.selector))
        apply(v4: body.options)
        messages = body.chat.messages
        toolChoice = body.chat.toolChoice ?? Self.toolChoice(v4LegacyToolCall: body.chat.toolCall)
        responseFormat = body.chat.responseFormat
    }

    /// The fields both families share.
    private mutating func apply(v4 options: GenerationOptions) {
        project = ProjectReference(id: options.projectID, name: options.project)
        inputs = options.inputs ?? [:]
        links = LogLinkReferences(
            session: LinkReference(id: options.sessionID, referenceID: options.sessionReferenceID),
            parent: LinkReference(id: options.parentID, referenceID: options.parentReferenceID))
        numSamples = options.numSamples ?? 1
        save = options.save ?? true
        returnInputs = options.returnInputs ?? true
        source = options.source
        user = options.user
        metadata = options.metadata
        sourceDatapointID = options.sourceDatapointID
        seed = options.seed
        providerAPIKeys = options.providerAPIKeys
    }

    /// SDK 0.5's `tool_call` as the `tool_choice` it means (`{"name": X}` → that function).
    static func toolChoice(v4LegacyToolCall toolCall: JSONValue?) -> JSONValue? {
        guard let toolCall else { return nil }
        if let name = toolCall["name"]?.stringValue {
            return .object(["type": "function", "function": .object(["name": .string(name)])])
        }
        return toolCall
    }
}

extension ConfigSource {
    /// The config a v4 endpoint names: `model_config`, `model_config_id`, `environment` or `experiment_id`.
    init(v4 selector: ConfigSelector) {
        switch selector {
        case .inline(let config): self = .inline(config)
        case .stored(let id): self = .stored(id: id)
        case .deployed(let environment): self = .deployed(environment: environment)
        case .experiment(let id): self = .experiment(id: id)
        }
    }
}
