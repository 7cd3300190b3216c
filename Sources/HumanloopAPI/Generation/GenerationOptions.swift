/// The request fields shared by all eight generation bodies (reference §2.2).
///
/// Each request type decodes these from its own top-level object, so they stay flat on the wire.
public struct GenerationOptions: Codable, Sendable, Hashable {
    public var project: String?
    public var projectID: String?
    public var sessionID: String?
    public var sessionReferenceID: String?
    public var parentID: String?
    public var parentReferenceID: String?
    public var inputs: JSONObject?
    public var source: String?
    public var metadata: JSONObject?
    public var providerAPIKeys: ProviderAPIKeys?
    public var numSamples: Int?
    public var stream: Bool?
    public var user: String?
    public var save: Bool?
    public var sourceDatapointID: String?
    public var seed: Int?
    public var returnInputs: Bool?

    public init(
        project: String? = nil,
        projectID: String? = nil,
        sessionID: String? = nil,
        sessionReferenceID: String? = nil,
        parentID: String? = nil,
        parentReferenceID: String? = nil,
        inputs: JSONObject? = nil,
        source: String? = nil,
        metadata: JSONObject? = nil,
        providerAPIKeys: ProviderAPIKeys? = nil,
        numSamples: Int? = nil,
        stream: Bool? = nil,
        user: String? = nil,
        save: Bool? = nil,
        sourceDatapointID: String? = nil,
        seed: Int? = nil,
        returnInputs: Bool? = nil
    ) {
        self.project = project
        self.projectID = projectID
        self.sessionID = sessionID
        self.sessionReferenceID = sessionReferenceID
        self.parentID = parentID
        self.parentReferenceID = parentReferenceID
        self.inputs = inputs
        self.source = source
        self.metadata = metadata
        self.providerAPIKeys = providerAPIKeys
        self.numSamples = numSamples
        self.stream = stream
        self.user = user
        self.save = save
        self.sourceDatapointID = sourceDatapointID
        self.seed = seed
        self.returnInputs = returnInputs
    }

    enum CodingKeys: String, CodingKey {
        case project, inputs, source, metadata, stream, user, save, seed
        case projectID = "project_id"
        case sessionID = "session_id"
        case sessionReferenceID = "session_reference_id"
        case parentID = "parent_id"
        case parentReferenceID = "parent_reference_id"
        case providerAPIKeys = "provider_api_keys"
        case numSamples = "num_samples"
        case sourceDatapointID = "source_datapoint_id"
        case returnInputs = "return_inputs"
    }
}

/// Fields only completion bodies have.
public struct CompletionOptions: Codable, Sendable, Hashable {
    public var logprobs: Int?
    public var suffix: String?

    public init(logprobs: Int? = nil, suffix: String? = nil) {
        self.logprobs = logprobs
        self.suffix = suffix
    }
}

/// Fields only chat bodies have: the conversation and the tool controls.
public struct ChatOptions: Codable, Sendable, Hashable {
    public var messages: [ChatMessage]
    /// Legacy 0.5 control: `"none"`, `"auto"` or `{"name": …}`.
    public var toolCall: JSONValue?
    /// 0.7 control: `"none"`, `"auto"`, `"required"` or `{"type":"function","function":{"name":…}}`.
    public var toolChoice: JSONValue?
    public var responseFormat: JSONValue?

    public init(
        messages: [ChatMessage], toolCall: JSONValue? = nil, toolChoice: JSONValue? = nil,
        responseFormat: JSONValue? = nil
    ) {
        self.messages = messages
        self.toolCall = toolCall
        self.toolChoice = toolChoice
        self.responseFormat = responseFormat
    }

    enum CodingKeys: String, CodingKey {
        case messages
        case toolCall = "tool_call"
        case toolChoice = "tool_choice"
        case responseFormat = "response_format"
    }
}
