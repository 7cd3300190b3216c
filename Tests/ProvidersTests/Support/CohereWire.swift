import HumanloopAPI

@testable import Providers

/// Cohere's documented v2 Chat API (docs.cohere.com "Chat API (v2)" and the `cohere` SDK's
/// `V2ChatRequest` / `V2ChatResponse` / `V2ChatStreamResponse` types): its request checks and answers.
enum CohereWire {
    static let parameters: Set<String> = [
        "model", "messages", "tools", "strict_tools", "documents", "citation_options", "response_format",
        "safety_mode", "max_tokens", "stop_sequences", "temperature", "seed", "frequency_penalty", "presence_penalty",
        "k", "p", "logprobs", "tool_choice", "thinking", "priority", "stream",
    ]

    /// The documented ranges (docs.cohere.com/reference/chat, the `cohere` SDK's `V2Client.chat`):
    /// `temperature` non-negative, `p` 0.01–0.99, `k` 0–500, both penalties 0–1.
    static let ranges = [
        WireRange("temperature", lowest: 0), WireRange("p", lowest: 0.01, highest: 0.99),
        WireRange("k", lowest: 0, highest: 500), WireRange("frequency_penalty", lowest: 0, highest: 1),
        WireRange("presence_penalty", lowest: 0, highest: 1),
    ]

    /// What Cohere refuses in the numbers and the stop sequences, in its words ("p must be between 0.01
    /// and 0.99, received 1").
    static func rangeProblems(_ body: JSONValue) -> [String] {
        var problems = WireRange.violations(of: ranges, in: body).map { range, value in
            let bounds =
                range.highest.map { "between \(range.lowest?.spelled ?? "0") and \($0.spelled)" }
                ?? "at least \(range.lowest?.spelled ?? "0")"
            return "\(range.name) must be \(bounds), received \(value.spelled)"
        }
        if let stop = body["stop_sequences"]?.array, stop.count > 5 {
            problems.append("stop_sequences must have at most 5 items, received \(stop.count)")
        }
        return problems
    }

    static func problems(_ request: ReceivedRequest, key: String) -> (status: Int, problems: [String]) {
        guard request.path == "/v2/chat" else { return (404, ["not found"]) }
        guard request.header("authorization") == "Bearer \(key)" else { return (401, ["invalid api token"]) }
        guard let body = request.body.objectValue else { return (400, ["invalid request: body must be JSON"]) }
        var problems = body.keys.filter { !parameters.contains($0) }.sorted().map {
            "invalid request: unknown field \($0)"
        }
        if body["model"]?.stringValue == nil { problems.append("invalid request: model is required") }
        problems += rangeProblems(request.body)
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
