/// A recorded generation or logged call (`LogResponse`, the 0.5 fields and the useful 0.7 ones).
public struct LogResponse: Codable, Sendable, Hashable {
    public var id: String
    public var config: ModelConfigResponse?
    public var configID: String?
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
    public var rawOutput: String?
    public var finishReason: String?
    public var outputMessage: ChatMessage?
    public var feedback: [FeedbackResponse]?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var error: String?
    public var duration: Double?
    public var modelConfig: JSONValue?
    public var user: String?
    public var providerRequest: JSONValue?
    public var providerResponse: JSONValue?
    public var providerLatency: Double?
    public var environment: String?
    public var save: Bool
    public var sourceDatapointID: String?
    public var promptTokens: Int?
    public var outputTokens: Int?
    public var toolChoice: JSONValue?
    public var batchIDs: [String]?
    /// Evaluations are not run on logs yet; always `[]`.
    public var evaluationResults: [JSONValue]
    /// Loopgate records a log whole, so its observability is always `completed`.
    public var observabilityStatus: String

    public init(id: String, createdAt: Timestamp, updatedAt: Timestamp, save: Bool) {
        self.id = id
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.save = save
        self.evaluationResults = []
        self.observabilityStatus = "completed"
    }

    enum CodingKeys: String, CodingKey {
        case id, config, project, inputs, source, metadata, messages, output, feedback, error, duration, user,
            environment, save
        case configID = "config_id"
        case projectID = "project_id"
        case sessionID = "session_id"
        case sessionReferenceID = "session_reference_id"
        case parentID = "parent_id"
        case parentReferenceID = "parent_reference_id"
        case referenceID = "reference_id"
        case trialID = "trial_id"
        case rawOutput = "raw_output"
        case finishReason = "finish_reason"
        case outputMessage = "output_message"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case modelConfig = "model_config"
        case providerRequest = "provider_request"
        case providerResponse = "provider_response"
        case providerLatency = "provider_latency"
        case sourceDatapointID = "source_datapoint_id"
        case promptTokens = "prompt_tokens"
        case outputTokens = "output_tokens"
        case toolChoice = "tool_choice"
        case batchIDs = "batch_ids"
        case evaluationResults = "evaluation_results"
        case observabilityStatus = "observability_status"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeOrNull(config, forKey: .config)
        try c.encodeOrNull(configID, forKey: .configID)
        try c.encodeOrNull(project, forKey: .project)
        try c.encodeOrNull(projectID, forKey: .projectID)
        try c.encodeOrNull(sessionID, forKey: .sessionID)
        try c.encodeOrNull(sessionReferenceID, forKey: .sessionReferenceID)
        try c.encodeOrNull(parentID, forKey: .parentID)
        try c.encodeOrNull(parentReferenceID, forKey: .parentReferenceID)
        try c.encodeOrNull(inputs, forKey: .inputs)
        try c.encodeOrNull(source, forKey: .source)
        try c.encodeOrNull(metadata, forKey: .metadata)
        try c.encodeOrNull(referenceID, forKey: .referenceID)
        try c.encodeOrNull(trialID, forKey: .trialID)
        try c.encodeOrNull(messages, forKey: .messages)
        try c.encodeOrNull(output, forKey: .output)
        try c.encodeOrNull(rawOutput, forKey: .rawOutput)
        try c.encodeOrNull(finishReason, forKey: .finishReason)
        try c.encodeOrNull(outputMessage, forKey: .outputMessage)
        try c.encodeOrNull(feedback, forKey: .feedback)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encodeOrNull(error, forKey: .error)
        try c.encodeOrNull(duration, forKey: .duration)
        try c.encodeOrNull(modelConfig, forKey: .modelConfig)
        try c.encodeOrNull(user, forKey: .user)
        try c.encodeOrNull(providerRequest, forKey: .providerRequest)
        try c.encodeOrNull(providerResponse, forKey: .providerResponse)
        try c.encodeOrNull(providerLatency, forKey: .providerLatency)
        try c.encodeOrNull(environment, forKey: .environment)
        try c.encode(save, forKey: .save)
        try c.encodeOrNull(sourceDatapointID, forKey: .sourceDatapointID)
        try c.encodeOrNull(promptTokens, forKey: .promptTokens)
        try c.encodeOrNull(outputTokens, forKey: .outputTokens)
        try c.encodeOrNull(toolChoice, forKey: .toolChoice)
        try c.encodeOrNull(batchIDs, forKey: .batchIDs)
        try c.encode(evaluationResults, forKey: .evaluationResults)
        try c.encode(observabilityStatus, forKey: .observabilityStatus)
    }
}
