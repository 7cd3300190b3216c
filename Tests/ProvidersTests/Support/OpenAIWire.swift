import HumanloopAPI

@testable import Providers

/// OpenAI's documented wire format (API reference "Chat" and "Completions (legacy)", and the `openai`
/// SDK's types): the checks its API makes on a request, and answers in its exact shapes. Groq, Azure
/// OpenAI and AI21 speak the same format with their own paths and auth.
enum OpenAIWire {
    /// The parameters the chat API accepts; anything else is "Unrecognized request argument".
    static let chatParameters: Set<String> = [
        "model", "messages", "n", "stream", "stream_options", "temperature", "top_p", "max_tokens",
        "max_completion_tokens", "stop", "presence_penalty", "frequency_penalty", "seed", "response_format", "user",
        "logprobs", "top_logprobs", "tools", "tool_choice", "parallel_tool_calls", "logit_bias", "store", "metadata",
    ]

    static let completionParameters: Set<String> = [
        "model", "prompt", "n", "stream", "stream_options", "temperature", "top_p", "max_tokens", "stop",
        "presence_penalty", "frequency_penalty", "seed", "user", "logprobs", "suffix", "echo", "best_of", "logit_bias",
    ]

    /// What OpenAI would reject in a chat completions body (empty when it is valid).
    static func chatProblems(_ body: JSONValue, requiresModel: Bool = true) -> [String] {
        var problems: [String] = []
        guard let object = body.objectValue else { return ["body is not a JSON object"] }
        problems += unknownKeys(object, allowed: chatParameters)
        if requiresModel, object["model"]?.stringValue == nil { problems.append("model: required string") }
        problems += commonProblems(object)
        guard let messages = object["messages"]?.array, !messages.isEmpty else {
            return problems + ["messages: required non-empty array"]
        }
        var callIDs: Set<String> = []
        for (index, message) in messages.enumerated() {
            let role = message["role"]?.stringValue ?? ""
            guard ["system", "user", "assistant", "tool", "developer"].contains(role) else {
                problems.append("messages[\(index)].role: invalid '\(role)'")
                continue
            }
            let content = message["content"]
            switch content {
            case .string?: break
            case .array(let parts)?:
                for part in parts where part["type"]?.stringValue == nil {
                    problems.append("messages[\(index)].content: part without type")
                }
            case .null?, nil:
                if role != "assistant" { problems.append("messages[\(index)].content: required for \(role)") }
            default: problems.append("messages[\(index)].content: must be a string or an array")
            }
            for call in message["tool_calls"]?.array ?? [] {
                guard let id = call["id"]?.stringValue, call["type"] == "function",
                    call["function"]?["name"]?.stringValue != nil,
                    call["function"]?["arguments"]?.stringValue != nil
                else {
                    problems.append("messages[\(index)].tool_calls: each needs id, type function, name, arguments text")
                    continue
                }
                callIDs.insert(id)
            }
            if role == "tool" {
                guard let id = message["tool_call_id"]?.stringValue else {
                    problems.append("messages[\(index)].tool_call_id: required for tool messages")
                    continue
                }
                if !callIDs.contains(id) {
                    problems.append("messages[\(index)]: tool message answers no preceding tool_call '\(id)'")
                }
            }
        }
        if let tools = object["tools"] {
            for tool in tools.array ?? [] where tool["type"] != "function" || tool["function"]?["name"] == nil {
                problems.append("tools: each needs type function and a function name")
            }
        } else if object["tool_choice"] != nil {
            problems.append("tool_choice is only allowed when tools are specified")
        }
        return problems
    }

    /// What OpenAI would reject in a legacy completions body.
    static func completionProblems(_ body: JSONValue) -> [String] {
        guard let object = body.objectValue else { return ["body is not a JSON object"] }
        var problems = unknownKeys(object, allowed: completionParameters) + commonProblems(object)
        if object["model"]?.stringValue == nil { problems.append("model: required string") }
        if object["prompt"]?.stringValue == nil { problems.append("prompt: required") }
        if let logprobs = object["logprobs"], logprobs.int == nil { problems.append("logprobs: must be an integer") }
        return problems
    }

    private static func unknownKeys(_ object: JSONObject, allowed: Set<String>) -> [String] {
        object.keys.filter { !allowed.contains($0) }.sorted().map { "Unrecognized request argument supplied: \($0)" }
    }

    private static func commonProblems(_ object: JSONObject) -> [String] {
        var problems: [String] = []
        if let stream = object["stream"], !(stream == true || stream == false) { problems.append("stream: boolean") }
        if let n = object["n"], (n.int ?? 0) < 1 { problems.append("n: integer of 1 or more") }
        for name in ["temperature", "top_p", "presence_penalty", "frequency_penalty"] {
            if let value = object[name], value.double == nil { problems.append("\(name): number") }
        }
        if let stop = object["stop"], (stop.array ?? [stop]).contains(where: { $0.stringValue == nil }) {
            problems.append("stop: a string or strings")
        }
        if object["stream_options"] != nil, object["stream"] != true {
            problems.append("stream_options: only allowed when stream is true")
        }
        return problems
    }

    /// The ranges OpenAI documents (the `openai-openapi` spec's `CreateChatCompletionRequest` and
    /// `CreateCompletionRequest`); `max_tokens` is at least 1 on chat and at least 0 on legacy completions.
    static let ranges = [
        WireRange("temperature", lowest: 0, highest: 2), WireRange("top_p", lowest: 0, highest: 1),
        WireRange("presence_penalty", lowest: -2, highest: 2), WireRange("frequency_penalty", lowest: -2, highest: 2),
        WireRange("n", lowest: 1, highest: 128),
    ]

    /// OpenAI's 400 for a chat body it refuses; `nil` when it takes it.
    static func chatRejection(_ body: JSONValue, requiresModel: Bool = true) -> FakeReply? {
        rejection(
            outOfRange: rangeRejection(body, lowestMaxTokens: 1), chatProblems(body, requiresModel: requiresModel))
    }

    /// OpenAI's 400 for a legacy completions body it refuses; `nil` when it takes it.
    static func completionRejection(_ body: JSONValue) -> FakeReply? {
        rejection(outOfRange: rangeRejection(body, lowestMaxTokens: 0), completionProblems(body))
    }

    /// A number out of range is answered alone, naming its parameter, as OpenAI does; other problems
    /// together.
    private static func rejection(outOfRange: FakeReply?, _ problems: [String]) -> FakeReply? {
        outOfRange ?? (problems.isEmpty ? nil : rejection(problems))
    }

    /// OpenAI's answer to the first number out of its range, or to more than 4 stop sequences, in its
    /// words: "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3
    /// instead." with the parameter and a code.
    static func rangeRejection(_ body: JSONValue, lowestMaxTokens: Double) -> FakeReply? {
        let ranges = Self.ranges + [WireRange("max_tokens", lowest: lowestMaxTokens)]
        if let (range, value) = WireRange.violations(of: ranges, in: body).first {
            let kind = ["n", "max_tokens"].contains(range.name) ? "integer" : "decimal"
            let (side, code, expected) =
                range.isBelow(value)
                ? ("below minimum", "below_min", ">= \(range.lowest?.spelled ?? "")")
                : ("above maximum", "above_max", "<= \(range.highest?.spelled ?? "")")
            let message =
                "Invalid '\(range.name)': \(kind) \(side) value. Expected a value \(expected), but got \(value.spelled) instead."
            return .json(error(message, param: range.name, code: "\(kind)_\(code)_value"), status: 400)
        }
        if let stop = body["stop"]?.array, stop.count > 4 {
            let message =
                "Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length \(stop.count) instead."
            return .json(error(message, param: "stop", code: "array_above_max_length"), status: 400)
        }
        return nil
    }

    /// `data:`-only events as the body chunks of a stream, one event per chunk.
    static func sse(_ data: [String]) -> [String] {
        data.map { "data: \($0)\n\n" }
    }

    /// OpenAI's error body.
    static func error(
        _ message: String, type: String = "invalid_request_error", param: String? = nil, code: String? = nil
    ) -> String {
        JSONValue.object([
            "error": [
                "message": .string(message), "type": .string(type), "param": param.map(JSONValue.string) ?? nil,
                "code": code.map(JSONValue.string) ?? nil,
            ]
        ]).serialized()
    }

    /// The 400 OpenAI answers a body it rejects.
    static func rejection(_ problems: [String]) -> FakeReply {
        .json(error(problems.joined(separator: "; ")), status: 400)
    }

    /// A `chat.completion` answer.
    static func chatCompletion(
        choices: [(content: String?, toolCalls: [(id: String, name: String, arguments: String)], finish: String)],
        prompt: Int = 12, completion: Int = 7, model: String = "gpt-4o-2024-08-06"
    ) -> String {
        let choiceValues: [JSONValue] = choices.enumerated().map { index, choice in
            var message: [String: JSONValue] = [
                "role": "assistant", "content": choice.content.map(JSONValue.string) ?? nil, "refusal": nil,
            ]
            if !choice.toolCalls.isEmpty {
                message["tool_calls"] = .array(
                    choice.toolCalls.map { call in
                        [
                            "id": .string(call.id), "type": "function",
                            "function": ["name": .string(call.name), "arguments": .string(call.arguments)],
                        ]
                    })
            }
            return [
                "index": .integer(index), "message": .object(message), "logprobs": nil,
                "finish_reason": .string(choice.finish),
            ]
        }
        return JSONValue.object([
            "id": "chatcmpl-AbC123", "object": "chat.completion", "created": 1_727_000_000, "model": .string(model),
            "system_fingerprint": "fp_abc", "choices": .array(choiceValues),
            "usage": [
                "prompt_tokens": .integer(prompt), "completion_tokens": .integer(completion),
                "total_tokens": .integer(prompt + completion),
                "completion_tokens_details": ["reasoning_tokens": 0],
            ],
        ]).serialized()
    }

    /// A `text_completion` answer of the legacy API.
    static func textCompletion(_ texts: [(text: String, finish: String)], prompt: Int = 5, completion: Int = 9)
        -> String
    {
        JSONValue.object([
            "id": "cmpl-XyZ789", "object": "text_completion", "created": 1_727_000_000,
            "model": "gpt-3.5-turbo-instruct",
            "choices": .array(
                texts.enumerated().map { index, choice in
                    [
                        "text": .string(choice.text), "index": .integer(index), "logprobs": nil,
                        "finish_reason": .string(choice.finish),
                    ]
                }),
            "usage": [
                "prompt_tokens": .integer(prompt), "completion_tokens": .integer(completion),
                "total_tokens": .integer(prompt + completion),
            ],
        ]).serialized()
    }

    /// One `chat.completion.chunk` of a stream.
    static func chunk(index: Int = 0, delta: JSONValue, finish: String? = nil) -> String {
        JSONValue.object([
            "id": "chatcmpl-AbC123", "object": "chat.completion.chunk", "created": 1_727_000_000,
            "model": "gpt-4o-2024-08-06", "system_fingerprint": "fp_abc",
            "choices": [
                [
                    "index": .integer(index), "delta": delta, "logprobs": nil,
                    "finish_reason": finish.map(JSONValue.string) ?? nil,
                ]
            ],
            "usage": nil,
        ]).serialized()
    }

    /// The usage chunk `stream_options.include_usage` adds before `[DONE]`.
    static func usageChunk(prompt: Int, completion: Int) -> String {
        JSONValue.object([
            "id": "chatcmpl-AbC123", "object": "chat.completion.chunk", "created": 1_727_000_000,
            "model": "gpt-4o-2024-08-06", "choices": [],
            "usage": [
                "prompt_tokens": .integer(prompt), "completion_tokens": .integer(completion),
                "total_tokens": .integer(prompt + completion),
            ],
        ]).serialized()
    }
}
