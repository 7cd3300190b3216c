/// `PromptResponse`: a Prompt file at one version.
public struct PromptResponse: Encodable, Sendable {
    public var path: String
    public var id: String
    public var directoryID: String?
    public var kernel: PromptKernelRequest
    public var name: String
    public var versionID: String
    public var environments: [EnvironmentResponseV5]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var lastUsedAt: Timestamp
    public var versionLogsCount: Int
    public var totalLogsCount: Int
    /// The template's variables (`[{"name": …}]`).
    public var inputs: [String]

    public init(
        path: String, id: String, kernel: PromptKernelRequest, name: String, versionID: String,
        environments: [EnvironmentResponseV5], createdAt: Timestamp, updatedAt: Timestamp, lastUsedAt: Timestamp,
        versionLogsCount: Int, totalLogsCount: Int, inputs: [String]
    ) {
        self.path = path
        self.id = id
        self.kernel = kernel
        self.name = name
        self.versionID = versionID
        self.environments = environments
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastUsedAt = lastUsedAt
        self.versionLogsCount = versionLogsCount
        self.totalLogsCount = totalLogsCount
        self.inputs = inputs
    }

    enum CodingKeys: String, CodingKey {
        case path, id, name, type, environments, inputs
        case directoryID = "directory_id"
        case versionID = "version_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case lastUsedAt = "last_used_at"
        case versionLogsCount = "version_logs_count"
        case totalLogsCount = "total_logs_count"
    }

    public struct Input: Encodable, Sendable {
        var name: String
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(id, forKey: .id)
        try container.encodeOrNull(directoryID, forKey: .directoryID)
        try kernel.encode(to: encoder)
        try container.encode(name, forKey: .name)
        try container.encode(versionID, forKey: .versionID)
        try container.encode("prompt", forKey: .type)
        try container.encode(environments, forKey: .environments)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)
        try container.encode(versionLogsCount, forKey: .versionLogsCount)
        try container.encode(totalLogsCount, forKey: .totalLogsCount)
        try container.encode(inputs.map(Input.init(name:)), forKey: .inputs)
    }
}

/// `EnvironmentResponse`.
public struct EnvironmentResponseV5: Encodable, Sendable {
    public var id: String
    public var createdAt: Timestamp
    public var name: String
    /// `default` or `other`.
    public var tag: String

    public init(id: String, createdAt: Timestamp, name: String, tag: String) {
        self.id = id
        self.createdAt = createdAt
        self.name = name
        self.tag = tag
    }

    enum CodingKeys: String, CodingKey {
        case id, name, tag
        case createdAt = "created_at"
    }
}

/// `FileEnvironmentResponse`: an environment and the version a file serves there (or null).
public struct FileEnvironmentResponse: Encodable, Sendable {
    public var environment: EnvironmentResponseV5
    public var file: V5FileResponse?

    public init(environment: EnvironmentResponseV5, file: V5FileResponse?) {
        self.environment = environment
        self.file = file
    }

    enum CodingKeys: String, CodingKey {
        case file
    }

    public func encode(to encoder: any Encoder) throws {
        try environment.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOrNull(file, forKey: .file)
    }
}

/// A v5 page: `page` is 1-based.
public struct V5Page<Record: Encodable & Sendable>: Encodable, Sendable {
    public var records: [Record]
    public var page: Int
    public var size: Int
    public var total: Int

    public init(records: [Record], page: Int, size: Int, total: Int) {
        self.records = records
        self.page = page
        self.size = size
        self.total = total
    }
}

/// One sample of a `prompts.call` answer (`PromptCallLogResponse`, with its log's `id`).
public struct PromptCallLogResponse: Encodable, Sendable {
    public var id: String
    public var index: Int
    public var output: String?
    public var outputMessage: ChatMessage?
    public var promptTokens: Int?
    public var outputTokens: Int?
    public var finishReason: String?
    public var createdAt: Timestamp?

    public init(
        id: String, index: Int, output: String?, outputMessage: ChatMessage?, promptTokens: Int?, outputTokens: Int?,
        finishReason: String?, createdAt: Timestamp?
    ) {
        self.id = id
        self.index = index
        self.output = output
        self.outputMessage = outputMessage
        self.promptTokens = promptTokens
        self.outputTokens = outputTokens
        self.finishReason = finishReason
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, index, output
        case outputMessage = "output_message"
        case promptTokens = "prompt_tokens"
        case outputTokens = "output_tokens"
        case finishReason = "finish_reason"
        case createdAt = "created_at"
    }
}

/// `PromptCallResponse`: the version used, the samples, and the request's fields repeated.
public struct PromptCallResponse: Encodable, Sendable {
    /// Sample 0's log.
    public var id: String
    /// The version called, encoded once for the calls of the next second (`PromptService.callAnswer`).
    public var prompt: RawJSON
    public var logs: [PromptCallLogResponse]
    /// The rendered chat (null for a completion).
    public var messages: [ChatMessage]?
    public var toolChoice: JSONValue?
    public var inputs: JSONObject?
    public var source: String?
    public var metadata: JSONObject?
    public var logStatus: String?
    public var sourceDatapointID: String?
    public var traceParentID: String?
    public var user: String?
    public var environment: String?
    public var save: Bool?
    public var logID: String?
    public var traceID: String?

    public init(id: String, prompt: RawJSON, logs: [PromptCallLogResponse]) {
        self.id = id
        self.prompt = prompt
        self.logs = logs
    }

    enum CodingKeys: String, CodingKey {
        case id, prompt, logs, messages, inputs, source, metadata, user, environment, save
        case toolChoice = "tool_choice"
        case logStatus = "log_status"
        case sourceDatapointID = "source_datapoint_id"
        case traceParentID = "trace_parent_id"
        case logID = "log_id"
        case traceID = "trace_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(prompt, forKey: .prompt)
        try container.encode(logs, forKey: .logs)
        try container.encodeOrNull(messages, forKey: .messages)
        try container.encodeIfPresent(toolChoice, forKey: .toolChoice)
        try container.encodeIfPresent(inputs, forKey: .inputs)
        try container.encodeIfPresent(source, forKey: .source)
        try container.encodeIfPresent(metadata, forKey: .metadata)
        try container.encodeIfPresent(logStatus, forKey: .logStatus)
        try container.encodeIfPresent(sourceDatapointID, forKey: .sourceDatapointID)
        try container.encodeIfPresent(traceParentID, forKey: .traceParentID)
        try container.encodeIfPresent(user, forKey: .user)
        try container.encodeIfPresent(environment, forKey: .environment)
        try container.encodeIfPresent(save, forKey: .save)
        try container.encodeIfPresent(logID, forKey: .logID)
        try container.encodeIfPresent(traceID, forKey: .traceID)
    }
}

/// One event of `prompts.call_stream` (`PromptCallStreamResponse`).
public struct PromptCallStreamResponse: Encodable, Sendable {
    public var id: String
    public var index: Int
    public var promptID: String
    public var versionID: String
    public var output: String
    public var finishReason: String?
    public var promptTokens: Int?
    public var outputTokens: Int?
    public var outputMessage: ChatMessage?

    public init(id: String, index: Int, promptID: String, versionID: String, output: String) {
        self.id = id
        self.index = index
        self.promptID = promptID
        self.versionID = versionID
        self.output = output
    }

    enum CodingKeys: String, CodingKey {
        case id, index, output
        case promptID = "prompt_id"
        case versionID = "version_id"
        case finishReason = "finish_reason"
        case promptTokens = "prompt_tokens"
        case outputTokens = "output_tokens"
        case outputMessage = "output_message"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(index, forKey: .index)
        try container.encode(promptID, forKey: .promptID)
        try container.encode(versionID, forKey: .versionID)
        try container.encode(output, forKey: .output)
        try container.encodeOrNull(finishReason, forKey: .finishReason)
        try container.encodeIfPresent(promptTokens, forKey: .promptTokens)
        try container.encodeIfPresent(outputTokens, forKey: .outputTokens)
        try container.encodeIfPresent(outputMessage, forKey: .outputMessage)
    }
}

/// `ListPrompts`: a prompt's versions.
public struct ListPrompts: Encodable, Sendable {
    public var records: [PromptResponse]

    public init(records: [PromptResponse]) {
        self.records = records
    }
}

/// `CreatePromptLogResponse`.
public struct CreatePromptLogResponse: Encodable, Sendable {
    public var id: String
    public var promptID: String
    public var versionID: String
    public var sessionID: String?

    public init(id: String, promptID: String, versionID: String, sessionID: String?) {
        self.id = id
        self.promptID = promptID
        self.versionID = versionID
        self.sessionID = sessionID
    }

    enum CodingKeys: String, CodingKey {
        case id
        case promptID = "prompt_id"
        case versionID = "version_id"
        case sessionID = "session_id"
    }
}

/// `PopulateTemplateResponse`: a version with its template filled in from the request's inputs.
public struct PopulateTemplateResponse: Encodable, Sendable {
    public var prompt: PromptResponse
    public var populatedTemplate: PromptTemplate?

    public init(prompt: PromptResponse, populatedTemplate: PromptTemplate?) {
        self.prompt = prompt
        self.populatedTemplate = populatedTemplate
    }

    enum CodingKeys: String, CodingKey {
        case populatedTemplate = "populated_template"
    }

    public func encode(to encoder: any Encoder) throws {
        try prompt.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOrNull(populatedTemplate, forKey: .populatedTemplate)
    }
}
