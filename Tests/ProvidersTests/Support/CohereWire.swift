import HumanloopAPI

/// Cohere's documented v2 Chat API (docs.cohere.com "Chat API (v2)" and the `cohere` SDK's
/// `V2ChatRequest` / `V2ChatResponse` / `V2ChatStreamResponse` types): its request checks and answers.
enum CohereWire {
    static let parameters: Set<String> = [
        "model", "messages", "tools", "strict_tools", "documents", "citation_options", "response_format",
        "safety_mode", "max_tokens", "stop_sequences", "temperature", "seed", "frequency_penalty", "presence_penalty",
        "k", "p", "logprobs", "tool_choice", "thinking", "priority", "stream",
    ]

    static func problems(_ request: ReceivedRequest, key: String) -> (status: Int, problems: [String]) {
        guard request.path == "/v2/chat" else { return (404, ["not found"]) }
        guard request.header("authorization") == "Bearer \(key)" else { return (401, ["invalid api token"]) }
        guard let body = request.body.objectValue else { return (400, ["invalid request: body must be JSON"]) }
        var problems = body.keys.filter { !parameters.contains($0) }.sorted().map {
            "invalid request: unknown field \($0)"
        }
        if body["model"]?.stringValue == nil { problems.append("invalid request: model is required") }
        if let p = body["p"]?.double, !(0.01...0.99).contains(p) {
            problems.append("invalid request: p must be in [0.01, 0.99]")
        }
        if let choice = body["tool_choice"]?.stringValue, !["REQUIRED", "NONE"].contains(choice) {
            problems.append("invalid request: tool_choice must be REQUIRED or NONE")
        }
        if body["tool_choice"] != nil, body["tools"] == nil {
            problems.append("invalid request: tool_choice needs tools")
        }
        if let logprobs = body["logprobs"], logprobs != true, logprobs != false {
            problems.append("invalid request: logprobs must be a boolean")
        }
        let messages = body["messages"]?.array ?? []
        if messages.isEmpty { problems.append("invalid request: messages must not be empty") }
        var callIDs: Set<String> = []
        for (index, message) in messages.enumerated() {
            switch message["role"]?.stringValue {
            case "system"?, "user"?:
                if message["content"] == nil {
                    problems.append("invalid request: messages[\(index)].content is required")
                }
            case "assistant"?:
                for call in message["tool_calls"]?.array ?? [] {
                    guard let id = call["id"]?.stringValue, call["function"]?["arguments"]?.stringValue != nil else {
                        problems.append("invalid request: messages[\(index)].tool_calls need an id and arguments")
                        continue
                    }
                    callIDs.insert(id)
                }
                if message["content"] == nil, message["tool_calls"] == nil {
                    problems.append("invalid request: messages[\(index)] needs content or tool_calls")
                }
            case "tool"?:
                guard let id = message["tool_call_id"]?.stringValue, callIDs.contains(id) else {
                    problems.append("invalid request: messages[\(index)].tool_call_id must match a tool call")
                    continue
                }
            default:
                problems.append("invalid request: messages[\(index)].role is invalid")
            }
        }
        for tool in body["tools"]?.array ?? [] where tool["type"] != "function" || tool["function"]?["name"] == nil {
            problems.append("invalid request: tools need type function and a name")
        }
        return (problems.isEmpty ? 200 : 400, problems)
    }

    static func error(_ message: String) -> String {
        JSONValue.object(["id": "8c1f7c5e-2b4a-4f0e-9f77-0f3c0d1b2a11", "message": .string(message)]).serialized()
    }

    static func api(key: String, _ reply: @escaping @Sendable (ReceivedRequest) -> FakeReply) -> FakeUpstream.Handler {
        { request, _ in
            let (status, problems) = Self.problems(request, key: key)
            guard problems.isEmpty else { return .json(error(problems.joined(separator: "; ")), status: status) }
            return reply(request)
        }
    }

    /// A v2 chat answer.
    static func response(
        text: String?, toolCalls: [(id: String, name: String, arguments: String)] = [], finish: String = "COMPLETE"
    ) -> String {
        var message: [String: JSONValue] = ["role": "assistant"]
        if let text { message["content"] = [["type": "text", "text": .string(text)]] }
        if !toolCalls.isEmpty {
            message["tool_plan"] = "I will call the tools."
            message["tool_calls"] = .array(
                toolCalls.map {
                    [
                        "id": .string($0.id), "type": "function",
                        "function": ["name": .string($0.name), "arguments": .string($0.arguments)],
                    ]
                })
        }
        return JSONValue.object([
            "id": "c14c80c3-18eb-4519-9460-6c92edd8cfb4", "finish_reason": .string(finish), "message": .object(message),
            "usage": [
                "billed_units": ["input_tokens": 5, "output_tokens": 418],
                "tokens": ["input_tokens": 71.0, "output_tokens": 420.0],
            ],
        ]).serialized()
    }

    /// A streamed answer: text in `pieces`, optionally one tool call whose arguments arrive in pieces.
    static func stream(
        pieces: [String], tool: (id: String, name: String, arguments: [String])? = nil, finish: String = "COMPLETE"
    ) -> [(name: String, data: String)] {
        var events: [(name: String, data: String)] = [
            (
                "message-start",
                #"{"type":"message-start","id":"29f14a5a","delta":{"message":{"role":"assistant","content":[],"tool_plan":"","tool_calls":[],"citations":[]}}}"#
            ),
            (
                "content-start",
                #"{"type":"content-start","index":0,"delta":{"message":{"content":{"type":"text","text":""}}}}"#
            ),
        ]
        for piece in pieces {
            let delta: JSONValue = [
                "type": "content-delta", "index": 0, "delta": ["message": ["content": ["text": .string(piece)]]],
            ]
            events.append(("content-delta", delta.serialized()))
        }
        events.append(("content-end", #"{"type":"content-end","index":0}"#))
        if let tool {
            events.append(
                ("tool-plan-delta", #"{"type":"tool-plan-delta","delta":{"message":{"tool_plan":"I will"}}}"#))
            let start: JSONValue = [
                "type": "tool-call-start", "index": 0,
                "delta": [
                    "message": [
                        "tool_calls": [
                            "id": .string(tool.id), "type": "function",
                            "function": ["name": .string(tool.name), "arguments": ""],
                        ]
                    ]
                ],
            ]
            events.append(("tool-call-start", start.serialized()))
            for piece in tool.arguments {
                let delta: JSONValue = [
                    "type": "tool-call-delta", "index": 0,
                    "delta": ["message": ["tool_calls": ["function": ["arguments": .string(piece)]]]],
                ]
                events.append(("tool-call-delta", delta.serialized()))
            }
            events.append(("tool-call-end", #"{"type":"tool-call-end","index":0}"#))
        }
        events.append(
            (
                "message-end",
                #"{"type":"message-end","delta":{"finish_reason":"\#(finish)","usage":{"billed_units":{"input_tokens":3,"output_tokens":9},"tokens":{"input_tokens":70,"output_tokens":9}}}}"#
            ))
        return events
    }
}
