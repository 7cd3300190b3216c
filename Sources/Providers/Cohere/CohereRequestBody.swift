import HumanloopAPI

/// The JSON body of Cohere's v2 Chat API (`POST /v2/chat`) from a neutral request.
///
/// Close to OpenAI's shape (roles `system`/`user`/`assistant`/`tool`, `tool_calls` with ids,
/// `tool_call_id` on results), with Cohere's names: `p` for top_p, `stop_sequences`, a boolean
/// `logprobs`, and a `tool_choice` that can only be `REQUIRED` or `NONE`. No `n` and no user field.
struct CohereRequestBody {
    func body(_ request: ProviderRequest, stream: Bool) -> JSONValue {
        let parameters = request.parameters
        let messages: [ChatMessage]
        switch request.input {
        case .messages(let conversation): messages = ToolCallPairing.normalise(conversation)
        case .prompt(let prompt): messages = [ChatMessage(role: .user, content: .text(prompt))]
        }
        var body: JSONObject = [
            "model": .string(request.model),
            "messages": .array(messages.map(Self.message)),
            "stream": .bool(stream),
        ]
        if let maxTokens = parameters.maxTokens { body["max_tokens"] = .integer(maxTokens) }
        if let temperature = parameters.temperature { body["temperature"] = .number(temperature) }
        if let topP = parameters.topP { body["p"] = .number(topP) }
        if let stop = parameters.stop, !stop.isEmpty { body["stop_sequences"] = .array(stop.map(JSONValue.string)) }
        if let penalty = parameters.presencePenalty { body["presence_penalty"] = .number(penalty) }
        if let penalty = parameters.frequencyPenalty { body["frequency_penalty"] = .number(penalty) }
        if let seed = parameters.seed { body["seed"] = .integer(seed) }
        if parameters.logprobs != nil { body["logprobs"] = true }
        if let format = parameters.responseFormat.flatMap(Self.responseFormat) { body["response_format"] = format }
        var tools = request.tools
        if !tools.isEmpty {
            switch request.toolChoice {
            case .string("required")?:
                body["tool_choice"] = "REQUIRED"
            case .string("none")?:
                body["tool_choice"] = "NONE"
            case let choice?:
                // Cohere cannot name the function to call: offering only that one and requiring a call
                // comes to the same.
                if let name = choice["function"]?["name"]?.stringValue, tools.contains(where: { $0.name == name }) {
                    tools = tools.filter { $0.name == name }
                    body["tool_choice"] = "REQUIRED"
                }
            case nil:
                break
            }
            body["tools"] = .array(tools.map(OpenAIRequestBody.tool))
        }
        return .object(body.merging(other: parameters.other))
    }

    /// One message in Cohere's v2 shape.
    static func message(_ message: ChatMessage) -> JSONValue {
        var object: JSONObject = ["role": .string(message.role.rawValue)]
        switch message.content {
        case .text(let text)?:
            if !text.isEmpty || message.toolCalls == nil { object["content"] = .string(text) }
        case .parts(let parts)?:
            object["content"] = .array(parts.map(OpenAIRequestBody.part))
        case nil:
            if message.role != .assistant { object["content"] = "" }
        }
        if let calls = message.toolCalls, !calls.isEmpty {
            object["tool_calls"] = .array(
                calls.map { call in
                    [
                        "id": .string(call.id), "type": "function",
                        "function": [
                            "name": .string(call.function.name), "arguments": .string(call.function.argumentsText),
                        ],
                    ]
                })
        }
        if message.role == .tool, let id = message.toolCallID { object["tool_call_id"] = .string(id) }
        return .object(object)
    }

    /// JSON mode: `{"type":"json_object"}`, with the schema of a v4 `json_schema` format when given.
    static func responseFormat(_ format: JSONValue) -> JSONValue? {
        switch format["type"]?.stringValue {
        case "json_object"?: return ["type": "json_object"]
        case "json_schema"?:
            guard let schema = format["json_schema"]?["schema"] else { return ["type": "json_object"] }
            return ["type": "json_object", "json_schema": schema]
        default: return nil
        }
    }
}
