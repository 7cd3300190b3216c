import HumanloopAPI
import Testing

@testable import Providers

@Suite("AI21 adapter against a fake AI21 Studio")
struct AI21Tests {
    static let key = "ai21-secret-key-000"

    /// The parameters of AI21's Jamba chat completions (docs.ai21.com, "Jamba chat completions").
    static let parameters: Set<String> = [
        "model", "messages", "tools", "n", "max_tokens", "temperature", "top_p", "stop", "stream", "response_format",
        "documents",
    ]

    /// AI21's documented Jamba ranges (docs.ai21.com, "Jamba chat request"): `temperature` 0–2, `top_p`
    /// 0–1, `max_tokens` up to 4096, `n` 1–16, and no `n` above 1 with `temperature: 0`.
    static let ranges = [
        WireRange("temperature", lowest: 0, highest: 2), WireRange("top_p", lowest: 0, highest: 1),
        WireRange("max_tokens", lowest: 0, highest: 4096), WireRange("n", lowest: 1, highest: 16),
    ]

    /// A fake AI21 Studio: `POST /studio/v1/chat/completions` with a bearer key; `n` > 1 only without
    /// streaming; unknown parameters and numbers out of range rejected with a FastAPI-style 422.
    static func ai21API(_ reply: @escaping @Sendable (ReceivedRequest) -> FakeReply) -> FakeUpstream.Handler {
        { request, _ in
            guard request.path == "/studio/v1/chat/completions" else {
                return .json(#"{"detail":"Not Found"}"#, status: 404)
            }
            guard request.header("authorization") == "Bearer \(key)" else {
                return .json(#"{"detail":"Forbidden: Bad or missing API token."}"#, status: 401)
            }
            var problems: [String] = []
            let unknown = request.body.keys.subtracting(parameters)
            if !unknown.isEmpty { problems.append("extra fields not permitted: \(unknown.sorted())") }
            if request.body["stream"] == true, let n = request.body["n"], n != 1 {
                problems.append("n must be 1 when stream is true")
            }
            problems += OpenAIWire.chatProblems(request.body).filter { !$0.hasPrefix("Unrecognized") }
            for (range, value) in WireRange.violations(of: Self.ranges, in: request.body) {
                problems.append(
                    range.isBelow(value)
                        ? "\(range.name): ensure this value is greater than or equal to \(range.lowest?.spelled ?? "")"
                        : "\(range.name): ensure this value is less than or equal to \(range.highest?.spelled ?? "")")
            }
            if (request.body["n"]?.int ?? 1) > 1, request.body["temperature"]?.double == 0 {
                problems.append("n: n > 1 needs a temperature above 0")
            }
            guard problems.isEmpty else {
                let detail = JSONValue.array(
                    problems.map { ["loc": ["body"], "msg": .string($0), "type": "value_error"] })
                return .json(JSONValue.object(["detail": detail]).serialized(), status: 422)
            }
            return reply(request)
        }
    }

    static func answer(
        _ content: String?, toolCalls: [(id: String, name: String, arguments: String)] = [], finish: String
    )
        -> String
    {
        JSONValue.object([
            "id": "chat-1a2b", "model": "jamba-large",
            "choices": [
                [
                    "index": 0,
                    "message": [
                        "role": "assistant", "content": content.map(JSONValue.string) ?? nil,
                        "tool_calls": toolCalls.isEmpty
                            ? nil
                            : .array(
                                toolCalls.map {
                                    [
                                        "id": .string($0.id), "type": "function",
                                        "function": ["name": .string($0.name), "arguments": .string($0.arguments)],
                                    ]
                                }),
                    ],
                    "logprobs": nil, "finish_reason": .string(finish),
                ]
            ],
            "usage": ["prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15],
        ]).serialized()
    }

    @Test func chatSendsOnlyWhatAI21AcceptsAndReadsTheAnswer() async throws {
        try await ProviderHarness.run(Self.ai21API { _ in .json(Self.answer("Shalom", finish: "stop")) }) { harness in
            let provider = AI21Provider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let parameters = SamplingParameters(
                maxTokens: 64, temperature: 0.4, topP: 0.8, stop: ["##"], presencePenalty: 1, frequencyPenalty: 1,
                seed: 3, responseFormat: ["type": "json_object"], logprobs: 2)
            let result = try await provider.generate(
                .chat(
                    model: "jamba-large", [.system("Be warm"), .user("Greet me")], parameters: parameters,
                    samples: 2, user: "u-1", key: Self.key))
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(sent["n"] == 2)
            #expect(sent["max_tokens"] == 64)
            #expect(sent["temperature"] == 0.4)
            #expect(sent["top_p"] == 0.8)
            #expect(sent["stop"] == ["##"])
            #expect(sent["response_format"] == ["type": "json_object"])
            #expect(result.choices.first?.text == "Shalom")
            #expect(result.promptTokens == 10)
            #expect(result.generationTokens == 5)
        }
    }

    @Test func theSDKDefaultConfigIsAccepted() async throws {
        try await ProviderHarness.run(Self.ai21API { _ in .json(Self.answer("Hi", finish: "stop")) }) { harness in
            let provider = AI21Provider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let result = try await provider.generate(
                .chat(model: "jamba-large", [.user("Hi")], parameters: .sdkDefaults, key: Self.key))
            #expect(result.choices.first?.text == "Hi")
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(sent["temperature"] == 1)
            #expect(sent["top_p"] == 1)
            #expect(sent["presence_penalty"] == nil, "AI21 has no penalties")
        }
    }

    @Test func settingsOutsideAI21sRangesAreRefusedBeforeAnyCall() async throws {
        try await ProviderHarness.run(Self.ai21API { _ in .json(Self.answer("Hi", finish: "stop")) }) { harness in
            let provider = AI21Provider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            await harness.expectRefusedBeforeAnyCall(
                provider,
                [
                    (
                        SamplingParameters(temperature: 2.1),
                        "model_config.temperature must be between 0 and 2 (got 2.1)"
                    ),
                    (SamplingParameters(topP: -0.1), "model_config.top_p must be between 0 and 1 (got -0.1)"),
                ]
            ) { .chat(model: "jamba-mini", [.user("x")], parameters: $0, key: Self.key) }
        }
    }

    @Test func maxTokensAboveJambasMaximumIsSentAsTheMaximum() async throws {
        try await ProviderHarness.run(Self.ai21API { _ in .json(Self.answer("Hi", finish: "stop")) }) { harness in
            let provider = AI21Provider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            _ = try await provider.generate(
                .chat(
                    model: "jamba-mini", [.user("x")], parameters: SamplingParameters(maxTokens: 8000), key: Self.key))
            #expect(harness.upstream.requests.first?.body["max_tokens"] == 4096)
        }
    }

    @Test func samplesBeyondSixteenOrAtTemperatureZeroAreOneCallEach() async throws {
        try await ProviderHarness.run(Self.ai21API { _ in .json(Self.answer("Hi", finish: "stop")) }) { harness in
            let provider = AI21Provider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let many = try await provider.generate(.chat(model: "jamba-mini", [.user("x")], samples: 17, key: Self.key))
            #expect(many.choices.count == 17)
            #expect(harness.upstream.requests.count == 17)
            let greedy = try await provider.generate(
                .chat(
                    model: "jamba-mini", [.user("x")], parameters: SamplingParameters(temperature: 0), samples: 2,
                    key: Self.key))
            #expect(greedy.choices.count == 2)
            #expect(harness.upstream.requests.count == 19)
            #expect(harness.upstream.requests.allSatisfy { $0.body["n"] == 1 })
            _ = try await provider.generate(.chat(model: "jamba-mini", [.user("x")], samples: 16, key: Self.key))
            #expect(harness.upstream.requests.last?.body["n"] == 16)
        }
    }

    @Test func toolCallsComeBack() async throws {
        let reply = Self.answer(
            nil, toolCalls: [(id: "call_j1", name: "lookup", arguments: #"{"q":"jamba"}"#)], finish: "tool_calls")
        try await ProviderHarness.run(Self.ai21API { _ in .json(reply) }) { harness in
            let provider = AI21Provider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let result = try await provider.generate(
                .chat(
                    model: "jamba-large", [.user("Look it up")],
                    tools: [ToolDefinition(name: "lookup", parameters: ["type": "object"])],
                    toolChoice: "auto", key: Self.key))
            #expect(harness.upstream.requests.first?.body["tool_choice"] == nil)
            #expect(harness.upstream.requests.first?.body["tools"]?[0]?["function"]?["name"] == "lookup")
            #expect(result.choices.first?.finishReason == .toolCall)
            #expect(
                result.choices.first?.toolCalls.first?.function
                    == FunctionCall(name: "lookup", arguments: #"{"q":"jamba"}"#))
        }
    }

    @Test func streamedSamplesAreOneStreamEach() async throws {
        let events = [
            OpenAIWire.chunk(delta: ["role": "assistant", "content": ""]),
            OpenAIWire.chunk(delta: ["content": "Hi"]),
            OpenAIWire.chunk(delta: [:], finish: "stop"),
            "[DONE]",
        ]
        try await ProviderHarness.run(Self.ai21API { _ in .events(events) }) { harness in
            let provider = AI21Provider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let answer = try await StreamedAnswer.collect(
                try await provider.stream(.chat(model: "jamba-mini", [.user("Hi")], samples: 2, key: Self.key)))
            #expect(harness.upstream.requests.count == 2)
            #expect(harness.upstream.requests.allSatisfy { $0.body["n"] == 1 && $0.body["stream_options"] == nil })
            #expect(answer.text(0) == "Hi")
            #expect(answer.text(1) == "Hi")
            #expect(answer.finish(1) == .some(.stop))
        }
    }

    @Test func aStreamCutMidwayThrows() async throws {
        let events = [OpenAIWire.chunk(delta: ["content": "Hal"])]
        try await ProviderHarness.run(Self.ai21API { _ in .events(events, cut: true) }) { harness in
            let provider = AI21Provider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let stream = try await provider.stream(.chat(model: "jamba-mini", [.user("Hi")], key: Self.key))
            let error = await #expect(throws: ProviderError.self) { _ = try await StreamedAnswer.collect(stream) }
            #expect(error?.kind == .badGateway)
        }
    }

    @Test func a422FromAI21IsRejectedWithItsMessages() async throws {
        try await ProviderHarness.run(Self.ai21API { _ in .json("{}") }) { harness in
            let provider = AI21Provider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let request = ProviderRequest.chat(
                model: "jamba-mini", [.user("Hi")],
                parameters: SamplingParameters(other: ["frequency_penalty": 1]), key: Self.key)
            let error = await #expect(throws: ProviderError.self) { try await provider.generate(request) }
            #expect(error?.kind == .rejected)
            #expect(error?.message.contains("extra fields not permitted") == true)
        }
    }
}
