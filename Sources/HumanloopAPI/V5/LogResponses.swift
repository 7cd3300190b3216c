/// `LogResponse`: one of `PromptLogResponse`, `ToolLogResponse`, `EvaluatorLogResponse` and
/// `FlowLogResponse`. Logs carry no type: the SDK tells them apart by which file they hold (`prompt`,
/// `tool`, `evaluator`, `flow`), so each log holds exactly its own, whole.
public struct V5LogResponse: Encodable, Sendable {
    public enum File: Sendable {
        case prompt(PromptResponse)
        /// A Tool, Flow or Evaluator file, under its type's key.
        case file(VersionedFileResponse)
    }

    public var id: String
    public var file: File
    public var output: String?
    public var outputMessage: ChatMessage?
    public var messages: [ChatMessage]?
    public var toolChoice: JSONValue?
    public var inputs: JSONObject?
    public var metadata: JSONObject?
    public var source: String?
    public var user: String?
    public var environment: String?
    public var sourceDatapointID: String?
    public var save: Bool
    public var promptTokens: Int?
    public var outputTokens: Int?
    public var finishReason: String?
    public var providerLatency: Double?
    public var providerRequest: JSONValue?
    public var providerResponse: JSONValue?
    public var error: String?
    public var createdAt: Timestamp
    public var logStatus: String
    public var traceParentID: String?
    public var traceID: String?
    public var traceFlowID: String?
    /// An evaluator log's judged log, judgment and completion.
    public var parentID: String?
    public var judgment: JSONValue?
    public var markedCompleted: Bool?
    public var evaluatorLogs: [V5LogResponse] = []
    public var traceChildren: [V5LogResponse]?

    public init(id: String, file: File, save: Bool, createdAt: Timestamp, logStatus: String) {
        self.id = id
        self.file = file
        self.save = save
        self.createdAt = createdAt
        self.logStatus = logStatus
    }

    enum CodingKeys: String, CodingKey {
        case id, prompt, tool, flow, evaluator, output, messages, inputs, metadata, source, user, environment, save,
            error, judgment
        case outputMessage = "output_message"
        case toolChoice = "tool_choice"
        case sourceDatapointID = "source_datapoint_id"
        case promptTokens = "prompt_tokens"
        case outputTokens = "output_tokens"
        case finishReason = "finish_reason"
        case providerLatency = "provider_latency"
        case providerRequest = "provider_request"
        case providerResponse = "provider_response"
        case createdAt = "created_at"
        case logStatus = "log_status"
        case traceParentID = "trace_parent_id"
        case traceID = "trace_id"
        case traceFlowID = "trace_flow_id"
        case parentID = "parent_id"
        case markedCompleted = "marked_completed"
        case evaluatorLogs = "evaluator_logs"
        case traceChildren = "trace_children"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        var isPrompt = false
        switch file {
        case .prompt(let prompt):
            try container.encode(prompt, forKey: .prompt)
            isPrompt = true
        case .file(let file):
            let key: CodingKeys =
                switch file.type {
                case "tool": .tool
                case "evaluator": .evaluator
                default: .flow
                }
            try container.encode(file, forKey: key)
        }
        try container.encodeOrNull(output, forKey: .output)
        try container.encodeOrNull(outputMessage, forKey: .outputMessage)
        if isPrompt || messages != nil { try container.encodeOrNull(messages, forKey: .messages) }
        try container.encodeIfPresent(toolChoice, forKey: .toolChoice)
        try container.encodeOrNull(inputs, forKey: .inputs)
        try container.encodeOrNull(metadata, forKey: .metadata)
        try container.encodeOrNull(source, forKey: .source)
        try container.encodeOrNull(user, forKey: .user)
        try container.encodeOrNull(environment, forKey: .environment)
        try container.encodeOrNull(sourceDatapointID, forKey: .sourceDatapointID)
        try container.encode(save, forKey: .save)
        if isPrompt {
            try container.encodeOrNull(promptTokens, forKey: .promptTokens)
            try container.encodeOrNull(outputTokens, forKey: .outputTokens)
            try container.encodeOrNull(finishReason, forKey: .finishReason)
        }
        try container.encodeOrNull(providerLatency, forKey: .providerLatency)
        // The SDK types these as objects: anything else stored (a v4 log's text) is left out.
        if case .object = providerRequest { try container.encode(providerRequest, forKey: .providerRequest) }
        if case .object = providerResponse { try container.encode(providerResponse, forKey: .providerResponse) }
        try container.encodeOrNull(error, forKey: .error)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(logStatus, forKey: .logStatus)
        try container.encodeOrNull(traceParentID, forKey: .traceParentID)
        try container.encodeOrNull(traceID, forKey: .traceID)
        try container.encodeOrNull(traceFlowID, forKey: .traceFlowID)
        if case .file(let file) = file, file.type == "evaluator" {
            try container.encodeOrNull(parentID, forKey: .parentID)
            try container.encodeOrNull(judgment, forKey: .judgment)
            try container.encodeOrNull(markedCompleted, forKey: .markedCompleted)
        }
        try container.encode(evaluatorLogs, forKey: .evaluatorLogs)
        try container.encodeIfPresent(traceChildren, forKey: .traceChildren)
    }
}
