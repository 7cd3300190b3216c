import HumanloopAPI

@testable import Providers

/// Gemini's documented API (ai.google.dev "generateContent", "streamGenerateContent", the
/// `GenerateContentRequest`/`GenerateContentResponse` types): the checks it makes on a request, and
/// answers in its exact shapes.
enum GeminiWire {
    static let topLevel: Set<String> = [
        "contents", "systemInstruction", "tools", "toolConfig", "safetySettings", "generationConfig", "cachedContent",
    ]
    static let generationFields: Set<String> = [
        "candidateCount", "maxOutputTokens", "temperature", "topP", "topK", "stopSequences", "presencePenalty",
        "frequencyPenalty", "seed", "responseLogprobs", "logprobs", "responseMimeType", "responseSchema",
        "responseJsonSchema", "thinkingConfig",
    ]

    /// The ranges of `generationConfig`: `temperature` 0–2, `logprobs` 0–20 and up to 5 `stopSequences`
    /// (Gemini API reference, `GenerationConfig`); `topP` 0–1, penalties from −2 up to but not including
    /// 2 and `candidateCount` 1–8 (Vertex AI's "Content generation parameters" for the same models).
    static let ranges = [
        WireRange("generationConfig", "temperature", lowest: 0, highest: 2),
        WireRange("generationConfig", "topP", lowest: 0, highest: 1),
        WireRange("generationConfig", "presencePenalty", lowest: -2, highest: 2, excludesHighest: true),
        WireRange("generationConfig", "frequencyPenalty", lowest: -2, highest: 2, excludesHighest: true),
        WireRange("generationConfig", "candidateCount", lowest: 1, highest: 8),
        WireRange("generationConfig", "logprobs", lowest: 0, highest: 20),
    ]

    /// What Gemini says of numbers out of range ("… has a temperature value of 3 but the supported range
    /// is from 0 (inclusive) to 2 (inclusive) …") and of too many stop sequences.
    static func rangeProblems(_ body: JSONValue) -> [String] {
        var problems = WireRange.violations(of: ranges, in: body).map { range, value in
            let upper = range.highest.map { "to \($0.spelled) (\(range.excludesHighest ? "exclusive" : "inclusive"))" }
            return
                "Unable to submit request because it has a \(range.name) value of \(value.spelled) but the supported range is from \(range.lowest?.spelled ?? "") (inclusive) \(upper ?? ""). Update the value and try again."
        }
        if let stop = body["generationConfig"]?["stopSequences"]?.array, stop.count > 5 {
            problems.append(
                "* GenerateContentRequest.generation_config.stop_sequences: at most 5 stop sequences are allowed")
        }
        return problems
    }

    /// What Gemini would reject (status and messages; empty when valid).
    static func problems(_ request: ReceivedRequest, key: String, model: String) -> (status: Int, problems: [String]) {
        let generate = "/v1beta/models/\(model):generateContent"
        let stream = "/v1beta/models/\(model):streamGenerateContent"
        guard request.path == generate || (request.path == stream && request.query["alt"] == "sse") else {
            return (404, ["models/\(model) is not found for API version v1beta (\(request.path))"])
        }
        guard request.query["key"] == nil, request.header("x-goog-api-key") == key else {
            return (400, ["API key not valid. Please pass a valid API key."])
        }
        guard let body = request.body.objectValue else { return (400, ["Invalid JSON payload received."]) }
        var problems = body.keys.filter { !topLevel.contains($0) }.sorted().map {
            "Invalid JSON payload received. Unknown name \"\($0)\": Cannot find field."
        }
        for key in (body["generationConfig"]?.objectValue ?? [:]).keys.sorted() where !generationFields.contains(key) {
            problems.append("Unknown name \"\(key)\" at 'generation_config'")
        }
        problems += rangeProblems(request.body)
        let contents = body["contents"]?.array ?? []
        if contents.isEmpty { problems.append("* GenerateContentRequest.contents: contents is not specified") }
        for (index, content) in contents.enumerated() {
            let role = content["role"]?.stringValue ?? ""
            if role != "user" && role != "model" { problems.append("contents[\(index)].role: must be user or model") }
            let parts = content["parts"]?.array ?? []
            if parts.isEmpty { problems.append("contents[\(index)].parts: must not be empty") }
            for part in parts {
                let kinds = part.keys.intersection([
                    "text", "inlineData", "fileData", "functionCall", "functionResponse",
                ])
                if kinds.count != 1 { problems.append("contents[\(index)]: each part holds exactly one kind of data") }
                if let call = part["functionCall"], call["name"]?.stringValue == nil || call["args"]?.objectValue == nil
                {
                    problems.append("contents[\(index)]: functionCall needs a name and an args object")
                }
                if let response = part["functionResponse"],
                    response["name"]?.stringValue?.isEmpty != false || response["response"]?.objectValue == nil
                {
                    problems.append("contents[\(index)]: functionResponse needs a name and a response object")
                }
            }
        }
        if let system = body["systemInstruction"], system["parts"]?.array?.isEmpty != false {
            problems.append("systemInstruction: parts required")
        }
        for tool in body["tools"]?.array ?? [] {
            for declaration in tool["functionDeclarations"]?.array ?? [] where declaration["name"]?.stringValue == nil {
                problems.append("tools: function declarations need a name")
            }
        }
        if let mode = body["toolConfig"]?["functionCallingConfig"]?["mode"]?.stringValue,
            !["AUTO", "ANY", "NONE", "VALIDATED"].contains(mode)
        {
            problems.append("toolConfig: invalid mode \(mode)")
        }
        return (problems.isEmpty ? 200 : 400, problems)
    }

    static func error(_ message: String, code: Int = 400, status: String = "INVALID_ARGUMENT") -> String {
        JSONValue.object(["error": ["code": .integer(code), "message": .string(message), "status": .string(status)]])
            .serialized()
    }

    /// A fake Gemini serving `model`.
    static func api(key: String, model: String, _ reply: @escaping @Sendable (ReceivedRequest) -> FakeReply)
        -> FakeUpstream.Handler
    {
        { request, _ in
            let (status, problems) = Self.problems(request, key: key, model: model)
            guard problems.isEmpty else {
                return .json(error(problems.joined(separator: "\n"), code: status), status: status)
            }
            return reply(request)
        }
    }

    /// A `GenerateContentResponse` with candidates made of `parts`.
    static func response(
        _ candidates: [(parts: [JSONValue], finish: String?)], prompt: Int = 9, output: Int? = 6, thoughts: Int? = nil
    ) -> String {
        var usage: [String: JSONValue] = ["promptTokenCount": .integer(prompt)]
        if let output { usage["candidatesTokenCount"] = .integer(output) }
        if let thoughts { usage["thoughtsTokenCount"] = .integer(thoughts) }
        usage["totalTokenCount"] = .integer(prompt + (output ?? 0) + (thoughts ?? 0))
        return JSONValue.object([
            "candidates": .array(
                candidates.enumerated().map { index, candidate in
                    var object: [String: JSONValue] = [
                        "content": ["parts": .array(candidate.parts), "role": "model"], "index": .integer(index),
                    ]
                    if let finish = candidate.finish {
                        object["finishReason"] = .string(finish)
                        object["safetyRatings"] = [
                            ["category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"]
                        ]
                    }
                    return .object(object)
                }),
            "usageMetadata": .object(usage), "modelVersion": "gemini-2.0-flash", "responseId": "resp-abc",
        ]).serialized()
    }

    static func text(_ text: String) -> JSONValue { ["text": .string(text)] }

    static func call(_ name: String, _ args: JSONValue) -> JSONValue {
        ["functionCall": ["name": .string(name), "args": args]]
    }
}
