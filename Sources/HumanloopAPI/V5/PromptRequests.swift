/// `POST /v5/prompts` (`prompts.upsert`): the file by `path` or `id`, and the version's kernel, flat.
public struct PromptUpsertRequest: Decodable, Sendable {
    public var path: String?
    public var id: String?
    public var kernel: PromptKernelRequest

    enum CodingKeys: String, CodingKey {
        case path, id
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decodeIfPresent(String.self, forKey: .path)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        kernel = try PromptKernelRequest(from: decoder)
    }
}

/// `prompt` in a call or a log: a kernel object, or the text of a `.prompt` file.
public enum PromptDefinition: Decodable, Sendable, Hashable {
    case kernel(PromptKernelRequest)
    case file(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .file(text)
        } else {
            self = .kernel(try container.decode(PromptKernelRequest.self))
        }
    }
}

/// `POST /v5/prompts/call` (`prompts.call`, `prompts.call_stream`); `version_id` and `environment` come
/// in the query.
public struct PromptCallRequest: Decodable, Sendable {
    public var path: String?
    public var id: String?
    public var messages: [ChatMessage]?
    public var toolChoice: JSONValue?
    public var prompt: PromptDefinition?
    public var inputs: JSONObject?
    public var source: String?
    public var metadata: JSONObject?
    public var logStatus: String?
    public var sourceDatapointID: String?
    public var traceParentID: String?
    public var user: String?
    /// The environment the log records.
    public var environment: String?
    public var save: Bool?
    public var logID: String?
    public var providerAPIKeys: ProviderAPIKeys?
    public var numSamples: Int?
    public var returnInputs: Bool?
    public var logprobs: Int?
    public var suffix: String?
    public var stream: Bool?

    enum CodingKeys: String, CodingKey {
        case path, id, messages, prompt, inputs, source, metadata, user, environment, save, logprobs, suffix, stream
        case toolChoice = "tool_choice"
        case logStatus = "log_status"
        case sourceDatapointID = "source_datapoint_id"
        case traceParentID = "trace_parent_id"
        case logID = "log_id"
        case providerAPIKeys = "provider_api_keys"
        case numSamples = "num_samples"
        case returnInputs = "return_inputs"
    }
}

/// `PATCH /v5/prompts/{id}` (`prompts.move`).
public struct PromptMoveRequest: Decodable, Sendable {
    public var path: String?
    public var name: String?
}

/// `POST /v5/prompts/log` (`prompts.log`): a generation made elsewhere; `version_id` and `environment`
/// come in the query.
public struct PromptLogRequest: Decodable, Sendable {
    public var path: String?
    public var id: String?
    public var prompt: PromptDefinition?
    public var runID: String?
    public var output: String?
    public var outputMessage: ChatMessage?
    public var promptTokens: Int?
    public var outputTokens: Int?
    public var finishReason: String?
    public var messages: [ChatMessage]?
    public var toolChoice: JSONValue?
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
    /// The environment the log records.
    public var environment: String?
    public var save: Bool?

    enum CodingKeys: String, CodingKey {
        case path, id, prompt, output, messages, error, inputs, source, metadata, user, environment, save
        case runID = "run_id"
        case outputMessage = "output_message"
        case promptTokens = "prompt_tokens"
        case outputTokens = "output_tokens"
        case finishReason = "finish_reason"
        case toolChoice = "tool_choice"
        case startTime = "start_time"
        case endTime = "end_time"
        case createdAt = "created_at"
        case providerLatency = "provider_latency"
        case providerRequest = "provider_request"
        case providerResponse = "provider_response"
        case logStatus = "log_status"
        case sourceDatapointID = "source_datapoint_id"
        case traceParentID = "trace_parent_id"
    }
}

/// `POST /v5/prompts/deserialize`: the text of a `.prompt` file.
public struct PromptDeserializeRequest: Decodable, Sendable {
    public var prompt: String
}

/// `PATCH /v5/prompts/{id}/log/{log_id}` (`prompts.update_log`): the fields given replace the stored ones.
public struct PromptLogUpdateRequest: Decodable, Sendable {
    public var output: String?
    public var outputMessage: ChatMessage?
    public var messages: [ChatMessage]?
    public var toolChoice: JSONValue?
    public var inputs: JSONObject?
    public var metadata: JSONObject?
    public var providerRequest: JSONValue?
    public var providerResponse: JSONValue?
    public var source: String?
    public var error: String?
    public var finishReason: String?
    public var promptTokens: Int?
    public var outputTokens: Int?
    public var providerLatency: Double?
    public var startTime: Timestamp?
    public var endTime: Timestamp?
    public var logStatus: String?

    enum CodingKeys: String, CodingKey {
        case output, messages, inputs, metadata, source, error
        case outputMessage = "output_message"
        case toolChoice = "tool_choice"
        case providerRequest = "provider_request"
        case providerResponse = "provider_response"
        case finishReason = "finish_reason"
        case promptTokens = "prompt_tokens"
        case outputTokens = "output_tokens"
        case providerLatency = "provider_latency"
        case startTime = "start_time"
        case endTime = "end_time"
        case logStatus = "log_status"
    }
}

/// `POST /v5/files/retrieve-by-path`.
public struct RetrieveByPathRequest: Decodable, Sendable {
    public var path: String
}
