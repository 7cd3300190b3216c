import HumanloopAPI

/// The JSON body of Gemini's `generateContent` / `streamGenerateContent` from a neutral request.
///
/// Gemini's shape: `contents` of `user`/`model` turns made of `parts` (text, inline images, a
/// `functionCall`, a `functionResponse`), the system prompt in `systemInstruction`, sampling settings in
/// `generationConfig` (where `n` is `candidateCount`), functions in `tools[].functionDeclarations` and
/// the tool choice in `toolConfig.functionCallingConfig`.
struct GeminiRequestBody {
    /// The request's own top-level fields; any other key of `other` is a generation setting.
    static let topLevelFields: Set<String> = [
        "contents", "systemInstruction", "tools", "toolConfig", "safetySettings", "generationConfig", "cachedContent",
    ]

    func body(_ request: ProviderRequest) -> JSONValue {
        let messages: [ChatMessage]
        switch request.input {
        case .messages(let conversation): messages = ToolCallPairing.normalise(conversation)
        case .prompt(let prompt): messages = [ChatMessage(role: .user, content: .text(prompt))]
        }
        var body: JSONObject = ["contents": .array(Self.contents(messages))]
        let system = messages.filter { $0.role == .system }.map(\.text).filter { !$0.isEmpty }
        if !system.isEmpty {
            body["systemInstruction"] = ["parts": .array(system.map { ["text": .string($0)] })]
        }
        var generation = Self.generationConfig(request)
        if !request.tools.isEmpty {
            body["tools"] = [["functionDeclarations": .array(request.tools.map(Self.declaration))]]
            if let config = request.toolChoice.flatMap(Self.toolConfig) { body["toolConfig"] = config }
        }
        for (key, value) in request.parameters.other {
            if key == "generationConfig", let extra = value.objectValue {
                for (key, value) in extra { generation[key] = value }
            } else if Self.topLevelFields.contains(key) {
                body[key] = value
            } else {
                generation[key] = value
            }
        }
        if !generation.isEmpty { body["generationConfig"] = .object(generation) }
        return .object(body)
    }

    /// The sampling parameters Gemini has, in `generationConfig`.
    static func generationConfig(_ request: ProviderRequest) -> JSONObject {
        let parameters = request.parameters
        var config: JSONObject = [:]
        if request.numSamples > 1 { config["candidateCount"] = .integer(request.numSamples) }
        if let maxTokens = parameters.maxTokens { config["maxOutputTokens"] = .integer(maxTokens) }
        if let temperature = parameters.temperature { config["temperature"] = .number(temperature) }
        if let topP = parameters.topP { config["topP"] = .number(topP) }
        if let stop = parameters.stop, !stop.isEmpty { config["stopSequences"] = .array(stop.map(JSONValue.string)) }
        // Penalties of 0 change nothing, and Gemini 2.5 and later refuse penalties altogether: only a
        // real one is sent.
        if let penalty = parameters.presencePenalty, penalty != 0 { config["presencePenalty"] = .number(penalty) }
        if let penalty = parameters.frequencyPenalty, penalty != 0 { config["frequencyPenalty"] = .number(penalty) }
        if let seed = parameters.seed { config["seed"] = .integer(seed) }
        if let logprobs = parameters.logprobs {
            config["responseLogprobs"] = true
            if logprobs > 0 { config["logprobs"] = .integer(logprobs) }
        }
        switch parameters.responseFormat?["type"]?.stringValue {
        case "json_object"?:
            config["responseMimeType"] = "application/json"
        case "json_schema"?:
            config["responseMimeType"] = "application/json"
            if let schema = parameters.responseFormat?["json_schema"]?["schema"] {
                config["responseJsonSchema"] = schema
            }
        default:
            break
        }
        return config
    }

    /// The conversation as `user`/`model` turns; consecutive messages of one role share a turn.
    static func contents(_ messages: [ChatMessage]) -> [JSONValue] {
        var turns: [(role: String, parts: [JSONValue])] = []
        for message in messages where message.role != .system {
            let role = message.role == .assistant ? "model" : "user"
            let parts = parts(of: message)
            guard !parts.isEmpty else { continue }
            if let last = turns.last, last.role == role {
                turns[turns.count - 1].parts += parts
            } else {
                turns.append((role, parts))
            }
        }
        return turns.map { ["role": .string($0.role), "parts": .array($0.parts)] }
    }

    /// A message's parts: text and images; an assistant's `functionCall`s; a tool's `functionResponse`.
    static func parts(of message: ChatMessage) -> [JSONValue] {
        if message.role == .tool {
            // The response must be an object: a JSON object result as it is, anything else wrapped.
            let result = JSONValue.parse(message.text).flatMap { $0.objectValue == nil ? nil : $0 }
            return [
                [
                    "functionResponse": [
                        "name": .string(message.name ?? ""), "response": result ?? ["content": .string(message.text)],
                    ]
                ]
            ]
        }
        var parts: [JSONValue] = []
        switch message.content {
        case .text(let text)?:
            if !text.isEmpty { parts.append(["text": .string(text)]) }
        case .parts(let contentParts)?:
            parts += contentParts.compactMap(part)
        case nil:
            break
        }
        for call in message.toolCalls ?? [] {
            parts.append(["functionCall": ["name": .string(call.function.name), "args": call.function.argumentsObject]])
        }
        return parts
    }

    /// Text as it is; an image inline (`data:` URL) or by URL.
    static func part(_ part: ChatContentPart) -> JSONValue? {
        guard part.type == "image_url" else {
            guard let text = part.text, !text.isEmpty else { return nil }
            return ["text": .string(text)]
        }
        guard let url = part.imageURL?["url"]?.stringValue ?? part.imageURL?.stringValue else { return nil }
        if let image = DataURL(url) {
            return ["inlineData": ["mimeType": .string(image.mediaType), "data": .string(image.data)]]
        }
        return ["fileData": ["fileUri": .string(url)]]
    }

    static func declaration(_ tool: ToolDefinition) -> JSONValue {
        var declaration: JSONObject = ["name": .string(tool.name)]
        if let description = tool.description { declaration["description"] = .string(description) }
        if let parameters = tool.parameters { declaration["parameters"] = parameters }
        return .object(declaration)
    }

    /// The v4 tool choice as a function-calling mode: `AUTO`, `ANY` (required), `NONE`, or `ANY`
    /// restricted to the one function named.
    static func toolConfig(_ choice: JSONValue) -> JSONValue? {
        let mode: JSONValue
        switch choice.stringValue {
        case "auto"?: mode = ["mode": "AUTO"]
        case "required"?: mode = ["mode": "ANY"]
        case "none"?: mode = ["mode": "NONE"]
        default:
            guard let name = choice["function"]?["name"]?.stringValue else { return nil }
            mode = ["mode": "ANY", "allowedFunctionNames": [.string(name)]]
        }
        return ["functionCallingConfig": mode]
    }
}
