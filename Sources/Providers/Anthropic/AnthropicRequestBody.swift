import HumanloopAPI

/// The JSON body of Anthropic's Messages API (`POST /v1/messages`) from a neutral request.
///
/// Anthropic differs from OpenAI where it matters here: the system prompt is a top-level field, not a
/// message; `max_tokens` is required (a config's `-1` becomes `LOOPGATE_ANTHROPIC_MAX_TOKENS`); tool calls
/// are `tool_use` content blocks and their results `tool_result` blocks in a user turn; roles alternate,
/// so consecutive messages of one role are merged. It has no `n`, penalties, seed, JSON mode or log
/// probabilities, so those are not sent.
struct AnthropicRequestBody {
    let defaultMaxTokens: Int

    func body(_ request: ProviderRequest, stream: Bool) -> JSONValue {
        let parameters = request.parameters
        let messages: [ChatMessage]
        switch request.input {
        case .messages(let conversation): messages = ToolCallPairing.normalise(conversation)
        case .prompt(let prompt): messages = [ChatMessage(role: .user, content: .text(prompt))]
        }
        var body: JSONObject = [
            "model": .string(request.model),
            "max_tokens": .integer(parameters.maxTokens ?? defaultMaxTokens),
            "messages": .array(Self.turns(messages)),
            "stream": .bool(stream),
        ]
        let system = messages.filter { $0.role == .system }.map(\.text).filter { !$0.isEmpty }
        if !system.isEmpty { body["system"] = .string(system.joined(separator: "\n\n")) }
        let (temperature, topP) = Self.sampling(temperature: parameters.temperature, topP: parameters.topP)
        if let temperature { body["temperature"] = .number(temperature) }
        if let topP { body["top_p"] = .number(topP) }
        if let stop = parameters.stop, !stop.isEmpty { body["stop_sequences"] = .array(stop.map(JSONValue.string)) }
        if let user = request.user { body["metadata"] = ["user_id": .string(user)] }
        if !request.tools.isEmpty {
            body["tools"] = .array(request.tools.map(Self.tool))
            if let choice = request.toolChoice.flatMap(Self.toolChoice) { body["tool_choice"] = choice }
        }
        return .object(body.merging(other: parameters.other))
    }

    /// Temperature and nucleus mass as Anthropic's current models accept them: never both at once.
    ///
    /// A config always carries both (defaults filled in: 1 and 1), and Claude 4.5 and later refuse a
    /// request that sets both. `top_p: 1` keeps every token, so it is left out; a `top_p` below 1 with
    /// the default temperature of 1 is sent alone. Only when both are really chosen are both sent.
    static func sampling(temperature: Double?, topP: Double?) -> (temperature: Double?, topP: Double?) {
        let topP = topP.flatMap { $0 >= 1 ? nil : $0 }
        if topP != nil, temperature == nil || temperature == 1 { return (nil, topP) }
        return (temperature, topP)
    }

    /// The conversation as alternating user/assistant turns of content blocks (system messages are
    /// sent apart).
    static func turns(_ messages: [ChatMessage]) -> [JSONValue] {
        var turns: [(role: String, blocks: [JSONValue])] = []
        for message in messages where message.role != .system {
            let role = message.role == .assistant ? "assistant" : "user"
            let blocks = blocks(of: message)
            if let last = turns.last, last.role == role {
                turns[turns.count - 1].blocks += blocks
            } else {
                turns.append((role, blocks))
            }
        }
        return turns.map { turn in
            // A lone text block is sent as the plain string Anthropic also accepts.
            if turn.blocks.count == 1, turn.blocks[0]["type"] == "text", let text = turn.blocks[0]["text"] {
                return ["role": .string(turn.role), "content": text]
            }
            return ["role": .string(turn.role), "content": .array(turn.blocks)]
        }
    }

    /// A message's content blocks: text and images; an assistant's `tool_use`s; a tool's `tool_result`.
    static func blocks(of message: ChatMessage) -> [JSONValue] {
        if message.role == .tool {
            var result: JSONObject = ["type": "tool_result", "content": .string(message.text)]
            if let id = message.toolCallID { result["tool_use_id"] = .string(id) }
            return [.object(result)]
        }
        var blocks: [JSONValue] = []
        switch message.content {
        case .text(let text)?:
            // Anthropic refuses empty text blocks; an empty assistant text beside tool calls is dropped.
            if !text.isEmpty || message.toolCalls == nil { blocks.append(["type": "text", "text": .string(text)]) }
        case .parts(let parts)?:
            blocks += parts.compactMap(part)
        case nil:
            break
        }
        for call in message.toolCalls ?? [] {
            blocks.append([
                "type": "tool_use", "id": .string(call.id), "name": .string(call.function.name),
                "input": call.function.argumentsObject,
            ])
        }
        return blocks
    }

    /// A content part: text as it is; an image by URL or as a base64 `data:` URL.
    static func part(_ part: ChatContentPart) -> JSONValue? {
        guard part.type == "image_url" else {
            guard let text = part.text, !text.isEmpty else { return nil }
            return ["type": "text", "text": .string(text)]
        }
        guard let url = part.imageURL?["url"]?.stringValue ?? part.imageURL?.stringValue else { return nil }
        if let image = DataURL(url) {
            return [
                "type": "image",
                "source": ["type": "base64", "media_type": .string(image.mediaType), "data": .string(image.data)],
            ]
        }
        return ["type": "image", "source": ["type": "url", "url": .string(url)]]
    }

    /// A tool in Anthropic's shape: `{name, description, input_schema}`; the schema is required.
    static func tool(_ tool: ToolDefinition) -> JSONValue {
        var object: JSONObject = [
            "name": .string(tool.name),
            "input_schema": tool.parameters ?? ["type": "object", "properties": [:]],
        ]
        if let description = tool.description { object["description"] = .string(description) }
        return .object(object)
    }

    /// The v4 tool choice in Anthropic's terms: `auto`, `any` (OpenAI's `required`), `none`, or one tool.
    static func toolChoice(_ choice: JSONValue) -> JSONValue? {
        switch choice.stringValue {
        case "auto"?: return ["type": "auto"]
        case "required"?: return ["type": "any"]
        case "none"?: return ["type": "none"]
        default:
            guard let name = choice["function"]?["name"]?.stringValue else { return nil }
            return ["type": "tool", "name": .string(name)]
        }
    }
}
