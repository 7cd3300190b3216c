/// `ToolResponse`, `FlowResponse`, `EvaluatorResponse` and `DatasetResponse`: a file at one version. The
/// version's definition (a Tool's `function`, a Flow's `attributes`, an Evaluator's `spec`…) is given by
/// the caller as `kernel`, whose members are written at the top level beside the file's own fields.
public struct VersionedFileResponse: Encodable, Sendable {
    /// `tool`, `flow`, `evaluator` or `dataset`.
    public var type: String
    public var path: String
    public var id: String
    public var directoryID: String?
    public var name: String
    public var versionID: String
    public var versionName: String?
    public var versionDescription: String?
    public var description: String?
    public var readme: String?
    public var tags: [String]?
    public var kernel: JSONObject
    public var environments: [EnvironmentResponseV5]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var lastUsedAt: Timestamp
    public var versionLogsCount: Int
    /// Tools and Evaluators (the SDK requires it of them; Flows and Datasets have none).
    public var totalLogsCount: Int?
    /// Tools and Evaluators: their inputs (`[{"name": …}]`).
    public var inputs: [String]?
    /// Datasets.
    public var datapointsCount: Int?
    public var datapoints: [DatapointResponse]?

    public init(
        type: String, path: String, id: String, name: String, versionID: String, kernel: JSONObject,
        environments: [EnvironmentResponseV5], createdAt: Timestamp, updatedAt: Timestamp, lastUsedAt: Timestamp,
        versionLogsCount: Int
    ) {
        self.type = type
        self.path = path
        self.id = id
        self.name = name
        self.versionID = versionID
        self.kernel = kernel
        self.environments = environments
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastUsedAt = lastUsedAt
        self.versionLogsCount = versionLogsCount
    }

    enum CodingKeys: String, CodingKey {
        case type, path, id, name, description, readme, tags, environments, inputs, datapoints
        case directoryID = "directory_id"
        case versionID = "version_id"
        case versionName = "version_name"
        case versionDescription = "version_description"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case lastUsedAt = "last_used_at"
        case versionLogsCount = "version_logs_count"
        case totalLogsCount = "total_logs_count"
        case datapointsCount = "datapoints_count"
    }

    public func encode(to encoder: any Encoder) throws {
        try JSONValue.object(kernel).encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(id, forKey: .id)
        try container.encodeOrNull(directoryID, forKey: .directoryID)
        try container.encode(name, forKey: .name)
        try container.encode(versionID, forKey: .versionID)
        try container.encodeOrNull(versionName, forKey: .versionName)
        try container.encodeOrNull(versionDescription, forKey: .versionDescription)
        try container.encodeOrNull(description, forKey: .description)
        try container.encodeOrNull(readme, forKey: .readme)
        try container.encode(tags ?? [], forKey: .tags)
        try container.encode(type, forKey: .type)
        try container.encode(environments, forKey: .environments)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)
        try container.encode(versionLogsCount, forKey: .versionLogsCount)
        try container.encodeIfPresent(totalLogsCount, forKey: .totalLogsCount)
        try container.encodeIfPresent(inputs?.map(PromptResponse.Input.init(name:)), forKey: .inputs)
        try container.encodeIfPresent(datapointsCount, forKey: .datapointsCount)
        try container.encodeIfPresent(datapoints, forKey: .datapoints)
    }
}

/// Any v5 file at one version: what `/files`, directories and environments list.
public enum V5FileResponse: Encodable, Sendable {
    case prompt(PromptResponse)
    case file(VersionedFileResponse)

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .prompt(let prompt): try prompt.encode(to: encoder)
        case .file(let file): try file.encode(to: encoder)
        }
    }
}

/// `DatapointResponse`.
public struct DatapointResponse: Encodable, Sendable {
    public var id: String
    public var inputs: JSONObject?
    public var messages: [ChatMessage]?
    public var target: JSONObject?

    public init(id: String, inputs: JSONObject?, messages: [ChatMessage]?, target: JSONObject?) {
        self.id = id
        self.inputs = inputs
        self.messages = messages
        self.target = target
    }

    enum CodingKeys: String, CodingKey {
        case id, inputs, messages, target
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeOrNull(inputs, forKey: .inputs)
        try container.encodeOrNull(messages, forKey: .messages)
        try container.encodeOrNull(target, forKey: .target)
    }
}

/// `{"records": [...]}`: `ListTools`, `ListFlows`, `ListEvaluators`, `ListDatasets`, `ListPrompts`.
public struct V5Records<Record: Encodable & Sendable>: Encodable, Sendable {
    public var records: [Record]

    public init(records: [Record]) {
        self.records = records
    }
}

/// `CreateToolLogResponse`, `CreateFlowLogResponse`, `CreateEvaluatorLogResponse`: the new log's id, its
/// version and, by kind, its file (`tool_id`, `flow_id`), status or judged log.
public struct CreateFileLogResponse: Encodable, Sendable {
    public var id: String
    public var fileKey: String?
    public var fileID: String
    public var versionID: String
    public var logStatus: String?
    public var parentID: String?

    public init(
        id: String, fileKey: String?, fileID: String, versionID: String, logStatus: String? = nil,
        parentID: String? = nil
    ) {
        self.id = id
        self.fileKey = fileKey
        self.fileID = fileID
        self.versionID = versionID
        self.logStatus = logStatus
        self.parentID = parentID
    }

    enum CodingKeys: String, CodingKey {
        case id
        case versionID = "version_id"
        case logStatus = "log_status"
        case parentID = "parent_id"
        case sessionID = "session_id"
    }

    struct FileKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(versionID, forKey: .versionID)
        try container.encodeIfPresent(logStatus, forKey: .logStatus)
        try container.encodeIfPresent(parentID, forKey: .parentID)
        try container.encodeNil(forKey: .sessionID)
        if let fileKey {
            var fileContainer = encoder.container(keyedBy: FileKey.self)
            try fileContainer.encode(fileID, forKey: FileKey(stringValue: fileKey))
        }
    }
}
