/// `POST /logs` item: a generation made elsewhere, recorded with its config (`LogRequest`).
public struct LogRequest: Codable, Sendable, Hashable {
    public var project: String?
    public var projectID: String?
    public var sessionID: String?
    public var sessionReferenceID: String?
    public var parentID: String?
    public var parentReferenceID: String?
    public var inputs: JSONObject?
    public var source: String?
    public var metadata: JSONObject?
    public var referenceID: String?
    public var trialID: String?
    public var messages: [ChatMessage]?
    public var output: String?
    public var outputMessage: ChatMessage?
    public var config: ModelConfigRequest?
    public var configID: String?
    public var environment: String?
    public var feedback: OneOrMany<FeedbackRequest>?
    public var createdAt: Timestamp?
    public var error: String?
    public var duration: Double?
    public var save: Bool?
    public var sourceDatapointID: String?
    public var promptTokens: Int?
    public var outputTokens: Int?
    public var providerRequest: JSONValue?
    public var providerResponse: JSONValue?
    public var user: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case project, inputs, source, metadata, messages, output, config, environment, feedback, error, duration, save,
            user
        case projectID = "project_id"
        case sessionID = "session_id"
        case sessionReferenceID = "session_reference_id"
        case parentID = "parent_id"
        case parentReferenceID = "parent_reference_id"
        case referenceID = "reference_id"
        case trialID = "trial_id"
        case outputMessage = "output_message"
        case configID = "config_id"
        case createdAt = "created_at"
        case sourceDatapointID = "source_datapoint_id"
        case promptTokens = "prompt_tokens"
        case outputTokens = "output_tokens"
        case providerRequest = "provider_request"
        case providerResponse = "provider_response"
    }
}

/// The id of a recorded log (`CreateLogResponse`).
public struct CreateLogResponse: Codable, Sendable, Hashable {
    public var id: String
    public var projectID: String
    public var sessionID: String?

    public init(id: String, projectID: String, sessionID: String?) {
        self.id = id
        self.projectID = projectID
        self.sessionID = sessionID
    }

    enum CodingKeys: String, CodingKey {
        case id
        case projectID = "project_id"
        case sessionID = "session_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(projectID, forKey: .projectID)
        try c.encodeOrNull(sessionID, forKey: .sessionID)
    }
}

/// `PATCH /logs/{id}`: fill in what was not known when the log was made.
public struct UpdateLogRequest: Codable, Sendable, Hashable {
    public var output: String?
    public var error: String?
    public var duration: Double?

    public init(output: String? = nil, error: String? = nil, duration: Double? = nil) {
        self.output = output
        self.error = error
        self.duration = duration
    }
}
