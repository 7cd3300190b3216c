import HumanloopAPI

@testable import Providers

/// Anthropic's documented Messages API (API reference "Messages" and "Streaming Messages", and the
/// `anthropic` SDK's types): the checks its API makes on a request, and answers in its exact shapes.
enum AnthropicWire {
    static let parameters: Set<String> = [
        "model", "max_tokens", "messages", "system", "temperature", "top_p", "top_k", "stop_sequences", "stream",
        "tools", "tool_choice", "metadata", "thinking", "service_tier",
    ]

    /// The documented ranges (API reference, "Create a Message"): `temperature` and `top_p` 0–1, `top_k`
    /// at least 0, `max_tokens` at least 1.
    static let ranges = [
        WireRange("temperature", lowest: 0, highest: 1), WireRange("top_p", lowest: 0, highest: 1),
        WireRange("top_k", lowest: 0), WireRange("max_tokens", lowest: 1),
    ]

    /// What Anthropic would reject in a request (empty when it is valid).
    static func problems(_ request: ReceivedRequest, key: String) -> (status: Int, problems: [String]) {
        guard request.path == "/v1/messages" else { return (404, ["Not found"]) }
        guard request.header("x-api-key") == key else { return (401, ["invalid x-api-key"]) }
        guard request.header("anthropic-version") == "2023-06-01" else {
            return (400, ["anthropic-version: header is required"])
        }
        guard let body = request.body.objectValue else { return (400, ["body is not JSON"]) }
        var problems = body.keys.filter { !parameters.contains($0) }.sorted().map {
            "\($0): Extra inputs are not permitted"
        }
        if body["model"]?.stringValue == nil { problems.append("model: Field required") }
        if body["max_tokens"] == nil { problems.append("max_tokens: Field required") }
        // In Anthropic's words: "temperature: range: 0..1".
        problems += WireRange.violations(of: ranges, in: request.body).map { range, _ in
            "\(range.name): range: \(range.lowest?.spelled ?? "")..\(range.highest?.spelled ?? "")"
        }
        if let system = body["system"], system.stringValue == nil, system.array == nil {
            problems.append("system: Input should be a valid string")
        }
        let messages = body["messages"]?.array ?? []
        if messages.isEmpty { problems.append("messages: Field required") }
        var previousRole: String?
        var openToolUses: Set<String> = []
        for (index, message) in messages.enumerated() {
            let role = message["role"]?.stringValue ?? ""
            guard role == "user" || role == "assistant" else {
                problems.append("messages.\(index).role: Input should be 'user' or 'assistant'")
                continue
            }
            if role == previousRole { problems.append("messages: roles must alternate between user and assistant") }
            previousRole = role
            let blocks: [JSONValue]
            if let text = message["content"]?.stringValue {
                blocks = [["type": "text", "text": .string(text)]]
            } else {
                blocks = message["content"]?.array ?? []
            }
            if blocks.isEmpty { problems.append("messages.\(index).content: must be non-empty") }
            var answered: Set<String> = []
            for block in blocks {
                switch block["type"]?.stringValue {
                case "text":
                    if block["text"]?.stringValue?.isEmpty != false {
                        problems.append("messages.\(index): text content blocks must be non-empty")
                    }
                case "image":
                    if block["source"]?["type"] == nil { problems.append("messages.\(index): image needs a source") }
                case "tool_use":
                    if role != "assistant" { problems.append("messages.\(index): tool_use only in assistant turns") }
                    guard let id = block["id"]?.stringValue, block["name"]?.stringValue != nil,
                        block["input"]?.objectValue != nil
                    else {
                        problems.append("messages.\(index): tool_use needs id, name and an input object")
                        continue
                    }
                    openToolUses.insert(id)
                case "tool_result":
                    guard role == "user", let id = block["tool_use_id"]?.stringValue, openToolUses.contains(id) else {
                        problems.append(
                            "messages.\(index): tool_result block(s) provided when previous message does not have matching tool_use"
                        )
                        continue
                    }
                    answered.insert(id)
                default:
                    problems.append("messages.\(index): unknown content block type")
                }
            }
            if role == "user" { openToolUses.subtract(answered) }
        }
        for tool in body["tools"]?.array ?? []
        where tool["name"]?.stringValue == nil || tool["input_schema"]?.objectValue == nil {
            problems.append("tools: each tool needs a name and an input_schema")
        }
        if let choice = body["tool_choice"] {
            let type = choice["type"]?.stringValue ?? ""
            if !["auto", "any", "tool", "none"].contains(type) || (type == "tool" && choice["name"] == nil) {
                problems.append("tool_choice: invalid")
            }
            if body["tools"] == nil { problems.append("tool_choice may only be specified while providing tools") }
        }
        return (problems.isEmpty ? 200 : 400, problems)
    }

    /// Named events as the body chunks of a stream, one event per chunk.
    static func sse(_ events: [(name: String, data: String)]) -> [String] {
        events.map { "event: \($0.name)\ndata: \($0.data)\n\n" }
    }

    /// Anthropic's error body.
    static func error(_ message: String, type: String = "invalid_request_error") -> String {
        JSONValue.object(["type": "error", "error": ["type": .string(type), "message": .string(message)]]).serialized()
    }

    /// A fake Anthropic that rejects what the real API rejects and otherwise answers `reply`.
    static func api(key: String, _ reply: @escaping @Sendable (ReceivedRequest) -> FakeReply) -> FakeUpstream.Handler {
        { request, _ in
            let (status, problems) = Self.problems(request, key: key)
            guard problems.isEmpty else {
                let type =
                    status == 401 ? "authentication_error" : status == 404 ? "not_found_error" : "invalid_request_error"
                return .json(error(problems.joined(separator: "; "), type: type), status: status)
            }
            return reply(request)
        }
    }

    /// A `message` answer with the given content blocks.
    static func message(
        _ content: [JSONValue], stop: String = "end_turn", input: Int = 20, output: Int = 8, cacheRead: Int = 0
    ) -> String {
        JSONValue.object([
            "id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant",
            "model": "claude-sonnet-4-5-20250929", "content": .array(content), "stop_reason": .string(stop),
            "stop_sequence": nil,
            "usage": [
                "input_tokens": .integer(input), "output_tokens": .integer(output), "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": .integer(cacheRead), "service_tier": "standard",
            ],
        ]).serialized()
    }

    static func text(_ text: String) -> JSONValue { ["type": "text", "text": .string(text)] }

    static func toolUse(id: String, name: String, input: JSONValue) -> JSONValue {
        ["type": "tool_use", "id": .string(id), "name": .string(name), "input": input]
    }

    /// A streamed message: start, one text block in `pieces`, optionally a tool use whose input arrives in
    /// `toolInput` pieces, then the stop.
    static func stream(
        pieces: [String], tool: (id: String, name: String, input: [String])? = nil, stop: String = "end_turn"
    ) -> [(name: String, data: String)] {
        var events: [(name: String, data: String)] = [
            (
                "message_start",
                #"{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}"#
            ),
            (
                "content_block_start",
                #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#
            ),
            ("ping", #"{"type": "ping"}"#),
        ]
        for piece in pieces {
            let delta: JSONValue = [
                "type": "content_block_delta", "index": 0, "delta": ["type": "text_delta", "text": .string(piece)],
            ]
            events.append(("content_block_delta", delta.serialized()))
        }
        events.append(("content_block_stop", #"{"type":"content_block_stop","index":0}"#))
        if let tool {
            let start: JSONValue = [
                "type": "content_block_start", "index": 1,
                "content_block": [
                    "type": "tool_use", "id": .string(tool.id), "name": .string(tool.name), "input": [:],
                ],
            ]
            events.append(("content_block_start", start.serialized()))
            for piece in tool.input {
                let delta: JSONValue = [
                    "type": "content_block_delta", "index": 1,
                    "delta": ["type": "input_json_delta", "partial_json": .string(piece)],
                ]
                events.append(("content_block_delta", delta.serialized()))
            }
            events.append(("content_block_stop", #"{"type":"content_block_stop","index":1}"#))
        }
        events.append(
            (
                "message_delta",
                #"{"type":"message_delta","delta":{"stop_reason":"\#(stop)","stop_sequence":null},"usage":{"output_tokens":15}}"#
            ))
        events.append(("message_stop", #"{"type":"message_stop"}"#))
        return events
    }
}
