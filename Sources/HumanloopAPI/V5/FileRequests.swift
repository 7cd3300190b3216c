/// `POST /v5/tools` (`tools.upsert`): the file by `path` or `id`; the version's kernel is `function`,
/// `source_code`, `setup_values`, `attributes` and `tool_type`.
public struct ToolUpsertRequest: Decodable, Sendable {
    public var path: String?
    public var id: String?
    public var function: JSONObject?
    public var sourceCode: String?
    public var setupValues: JSONObject?
    public var attributes: JSONObject?
    public var toolType: String?
    public var versionName: String?
    public var versionDescription: String?
    public var description: String?
    public var tags: [String]?
    public var readme: String?

    enum CodingKeys: String, CodingKey {
        case path, id, function, attributes, description, tags, readme
        case sourceCode = "source_code"
        case setupValues = "setup_values"
        case toolType = "tool_type"
        case versionName = "version_name"
        case versionDescription = "version_description"
    }
}

/// `POST /v5/flows` (`flows.upsert`): `attributes` is the version.
public struct FlowUpsertRequest: Decodable, Sendable {
    public var path: String?
    public var id: String?
    public var attributes: JSONObject?
    public var versionName: String?
    public var versionDescription: String?
    public var description: String?
    public var tags: [String]?
    public var readme: String?

    enum CodingKeys: String, CodingKey {
        case path, id, attributes, description, tags, readme
        case versionName = "version_name"
        case versionDescription = "version_description"
    }
}

/// `POST /v5/evaluators` (`evaluators.upsert`): `spec` is the version.
public struct EvaluatorUpsertRequest: Decodable, Sendable {
    public var path: String?
    public var id: String?
    public var spec: JSONObject?
    public var versionName: String?
    public var versionDescription: String?
    public var description: String?
    public var tags: [String]?
    public var readme: String?

    enum CodingKeys: String, CodingKey {
        case path, id, spec, description, tags, readme
        case versionName = "version_name"
        case versionDescription = "version_description"
    }
}

/// A datapoint given to `datasets.upsert`.
public struct DatapointRequest: Decodable, Sendable {
    public var inputs: JSONObject?
    public var messages: [ChatMessage]?
    public var target: JSONObject?
}

/// `POST /v5/datasets` (`datasets.upsert`); `version_id` (the base) comes in the query.
public struct DatasetUpsertRequest: Decodable, Sendable {
    public var path: String?
    public var id: String?
    public var datapoints: [DatapointRequest]?
    public var action: String?
    public var attributes: JSONObject?
    public var versionName: String?
    public var versionDescription: String?
    public var description: String?
    public var tags: [String]?
    public var readme: String?

    enum CodingKeys: String, CodingKey {
        case path, id, datapoints, action, attributes, description, tags, readme
        case versionName = "version_name"
        case versionDescription = "version_description"
    }
}

/// `POST /v5/tools/log`, `/flows/log` and `/evaluators/log`: one body for the three (each SDK method sends
/// its own subset); `version_id` and `environment` come in the query.
public struct FileLogRequest: Decodable, Sendable {
    public var path: String?
    public var id: String?
    /// The inline version: `tool`, `flow` or (an evaluator's) `spec`.
    public var tool: JSONObject?
    public var flow: JSONObject?
    public var spec: JSONObject?
    public var versionID: String?
    public var runID: String?
    public var output: String?
    public var outputMessage: ChatMessage?
    public var messages: [ChatMessage]?
    public var startTime: Timestamp?
    public var endTime: Timestamp?
    public var createdAt: Timestamp?
    public var error: String?
    public var providerLatency: Double?
    public var providerRequest: JSONValue?
    public var providerResponse: JSONValue?
    public var inputs: JSONObject?
    public var source: String?
    public var metadata: JSONObject?
    public var logStatus: String?
    public var sourceDatapointID: String?
    public var traceParentID: String?
    public var user: String?
    public var environment: String?
    public var save: Bool?
    public var parentID: String?
    public var judgment: JSONValue?
    public var markedCompleted: Bool?

    enum CodingKeys: String, CodingKey {
        case path, id, tool, flow, spec, output, messages, error, inputs, source, metadata, user, environment, save,
            judgment
        case versionID = "version_id"
        case runID = "run_id"
        case outputMessage = "output_message"
        case startTime = "start_time"
        case endTime = "end_time"
        case createdAt = "created_at"
        case providerLatency = "provider_latency"
        case providerRequest = "provider_request"
        case providerResponse = "provider_response"
        case logStatus = "log_status"
        case sourceDatapointID = "source_datapoint_id"
        case traceParentID = "trace_parent_id"
        case parentID = "parent_id"
        case markedCompleted = "marked_completed"
    }
}

/// `PATCH /v5/flows/logs/{id}` and `/tools/{id}/log/{log_id}`: the fields given replace the stored ones.
public struct FileLogUpdateRequest: Decodable, Sendable {
    public var output: String?
    public var outputMessage: ChatMessage?
    public var messages: [ChatMessage]?
    public var inputs: JSONObject?
    public var metadata: JSONObject?
    public var source: String?
    public var error: String?
    public var logStatus: String?
    public var providerLatency: Double?
    public var providerRequest: JSONValue?
    public var providerResponse: JSONValue?
    public var startTime: Timestamp?
    public var endTime: Timestamp?

    enum CodingKeys: String, CodingKey {
        case output, messages, inputs, metadata, source, error
        case outputMessage = "output_message"
        case logStatus = "log_status"
        case providerLatency = "provider_latency"
        case providerRequest = "provider_request"
        case providerResponse = "provider_response"
        case startTime = "start_time"
        case endTime = "end_time"
    }
}

/// `PATCH /v5/{kind}s/{id}` (move) for every kind of file.
public struct FileMoveRequest: Decodable, Sendable {
    public var path: String?
    public var name: String?
}
