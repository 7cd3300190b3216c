import HumanloopAPI

/// The JSON bodies of OpenAI's chat completions and legacy completions APIs, from a neutral request.
///
/// Parameters are sent only when set (`max_tokens: -1` arrives here as `nil` and is omitted) and only
/// when the flavour accepts them; the config's `other` is merged over the result.
struct OpenAIRequestBody {
    let flavor: OpenAIFlavor

    /// A chat completions body (`POST …/chat/completions`).
    func chat(_ request: ProviderRequest, messages: [ChatMessage], samples: Int, stream: Bool) -> JSONValue {
        var body = common(request, samples: samples, stream: stream)
        body["messages"] = .array(ToolCallPairing.normalise(messages).map(Self.message))
        if let maxTokens = request.parameters.maxTokens { body["max_tokens"] = .integer(maxTokens) }
        if let logprobs = request.parameters.logprobs, flavor.parameters.contains(.logprobs) {
            // Chat takes a flag plus the number of alternatives; completions take the number alone.
            body["logprobs"] = .bool(true)
            if logprobs > 0 { body["top_logprobs"] = .integer(logprobs) }
        }
        if let responseFormat = request.parameters.responseFormat, flavor.parameters.contains(.responseFormat) {
            body["response_format"] = responseFormat
        }
        if !request.tools.isEmpty {
            body["tools"] = .array(request.tools.map(Self.tool))
            if let toolChoice = request.toolChoice, flavor.parameters.contains(.toolChoice) {
                body["tool_choice"] = toolChoice
            }
        }
        return .object(body.merging(other: request.parameters.other))
    }

    /// A legacy completions body (`POST …/completions`), for completion models only.
    func completion(_ request: ProviderRequest, prompt: String, samples: Int, stream: Bool) -> JSONValue {
        var body = common(request, samples: samples, stream: stream)
        body["prompt"] = .string(prompt)
        if let maxTokens = request.parameters.maxTokens { body["max_tokens"] = .integer(maxTokens) }
        if let logprobs = request.parameters.logprobs, flavor.parameters.contains(.logprobs) {
            body["logprobs"] = .integer(logprobs)
        }
        if let suffix = request.parameters.suffix { body["suffix"] = .string(suffix) }
        return .object(body.merging(other: request.parameters.other))
    }

    /// The fields both APIs share.
    private func common(_ request: ProviderRequest, samples: Int, stream: Bool) -> JSONObject {
        let parameters = request.parameters
        var body: JSONObject = ["stream": .bool(stream)]
        if flavor.sendsModel { body["model"] = .string(request.model) }
        if flavor.supportsN { body["n"] = .integer(samples) }
        if stream, flavor.supportsStreamUsage { body["stream_options"] = ["include_usage": true] }
        if let temperature = parameters.temperature { body["temperature"] = .number(temperature) }
        if let topP = parameters.topP { body["top_p"] = .number(topP) }
        if let stop = parameters.stop, !stop.isEmpty { body["stop"] = .array(stop.map(JSONValue.string)) }
        if let penalty = parameters.presencePenalty, flavor.parameters.contains(.presencePenalty) {
            body["presence_penalty"] = .number(penalty)
        }
        if let penalty = parameters.frequencyPenalty, flavor.parameters.contains(.frequencyPenalty) {
            body["frequency_penalty"] = .number(penalty)
        }
        if let seed = parameters.seed, flavor.parameters.contains(.seed) { body["seed"] = .integer(seed) }
        if let user = request.user, flavor.parameters.contains(.user) { body["user"] = .string(user) }
        return body
    }

    /// One message in OpenAI's shape; the conversation is already normalised, so calls carry ids.
    static func message(_ message: ChatMessage) -> JSONValue {
        var object: JSONObject = ["role": .string(message.role.rawValue)]
        switch message.content {
        case .text(let text)?: object["content"] = .string(text)
        case .parts(let parts)?: object["content"] = .array(parts.map(part))
        case nil: object["content"] = message.role == .assistant ? .null : .string("")
        }
        if let name = message.name, message.role != .tool { object["name"] = .string(name) }
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
        if let id = message.toolCallID, message.role == .tool { object["tool_call_id"] = .string(id) }
        return .object(object)
    }

    /// A content part: text, or an image by URL (`detail` kept when given).
    static func part(_ part: ChatContentPart) -> JSONValue {
        if part.type == "image_url", let image = part.imageURL {
            return ["type": "image_url", "image_url": image]
        }
        return ["type": .string(part.type), "text": .string(part.text ?? "")]
    }

    /// A tool in OpenAI's shape: `{"type":"function","function":{name, description, parameters, strict}}`.
    static func tool(_ tool: ToolDefinition) -> JSONValue {
        var function: JSONObject = ["name": .string(tool.name)]
        if let description = tool.description { function["description"] = .string(description) }
        if let parameters = tool.parameters { function["parameters"] = parameters }
        if let strict = tool.strict { function["strict"] = .bool(strict) }
        return ["type": "function", "function": .object(function)]
    }
}
