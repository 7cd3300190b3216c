import HumanloopAPI
import Testing

@testable import Providers

@Suite("Anthropic adapter against a fake Anthropic")
struct AnthropicTests {
    static let key = "sk-ant-test-secret-321"

    func provider(_ harness: ProviderHarness) -> AnthropicProvider {
        AnthropicProvider(configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
    }

    @Test func systemApartMaxTokensAlwaysAndEveryParameterAnthropicHas() async throws {
        let answer = AnthropicWire.message([AnthropicWire.text("Hello, "), AnthropicWire.text("human.")], cacheRead: 5)
        try await ProviderHarness.run(AnthropicWire.api(key: Self.key) { _ in .json(answer) }) { harness in
            let parameters = SamplingParameters(
                temperature: 0.7, topP: 0.95, stop: ["\n\nHuman:"], presencePenalty: 1, frequencyPenalty: 1, seed: 9,
                responseFormat: ["type": "json_object"], logprobs: 1, other: ["top_k": 40])
            let result = try await provider(harness).generate(
                .chat(
                    model: "claude-sonnet-4-5", [.system("You are terse."), .user("Hi"), .system("Never lie.")],
                    parameters: parameters, user: "user-9", key: Self.key))
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(sent["system"] == "You are terse.\n\nNever lie.")
            #expect(sent["messages"] == [["role": "user", "content": "Hi"]])
            #expect(sent["max_tokens"] == 4096, "a config's -1 becomes LOOPGATE_ANTHROPIC_MAX_TOKENS")
            #expect(sent["temperature"] == 0.7)
            #expect(sent["top_p"] == 0.95)
            #expect(sent["top_k"] == 40)
            #expect(sent["stop_sequences"] == ["\n\nHuman:"])
            #expect(sent["metadata"] == ["user_id": "user-9"])
            #expect(sent["stream"] == false)
            // The fake rejects unknown fields, so unsupported parameters must not be sent at all.
            #expect(result.choices.first?.text == "Hello, human.")
            #expect(result.choices.first?.finishReason == .stop)
            #expect(result.promptTokens == 25, "input tokens include the cached ones")
            #expect(result.generationTokens == 8)
            #expect(result.providerRequest.value.isSameJSON(as: sent))
            #expect(result.providerResponses.first?.value["id"] == "msg_01XFDUDYJgAACzvnptvVoYEL")
        }
    }

    @Test func anExplicitMaxTokensAndTheConfiguredDefaultAreBothHonoured() async throws {
        let answer = AnthropicWire.message([AnthropicWire.text("Once")], stop: "max_tokens")
        try await ProviderHarness.run(
            configure: ConfigurationChange { $0.anthropicMaxTokens = 1000 },
            AnthropicWire.api(key: Self.key) { _ in .json(answer) }
        ) { harness in
            let limited = try await provider(harness).generate(
                .chat(
                    model: "claude-haiku-4-5", [.user("Story")], parameters: SamplingParameters(maxTokens: 1),
                    key: Self.key))
            #expect(limited.choices.first?.finishReason == .length)
            #expect(harness.upstream.requests[0].body["max_tokens"] == 1)
            _ = try await provider(harness).generate(.completion(model: "claude-haiku-4-5", "Story", key: Self.key))
            #expect(harness.upstream.requests[1].body["max_tokens"] == 1000)
            #expect(harness.upstream.requests[1].body["messages"] == [["role": "user", "content": "Story"]])
        }
    }

    @Test func toolsToolChoiceAndToolUseBothWays() async throws {
        let answer = AnthropicWire.message(
            [
                AnthropicWire.text("Let me check."),
                AnthropicWire.toolUse(id: "toolu_01A", name: "get_weather", input: ["city": "Lima", "unit": "c"]),
            ], stop: "tool_use")
        try await ProviderHarness.run(AnthropicWire.api(key: Self.key) { _ in .json(answer) }) { harness in
            let tools = [
                ToolDefinition(
                    name: "get_weather", description: "Current weather",
                    parameters: ["type": "object", "properties": ["city": ["type": "string"]]]),
                ToolDefinition(name: "get_time"),
            ]
            let history = [
                ChatMessage.user("Weather in Lima and Quito?"),
                ChatMessage(
                    role: .assistant, content: .text(""),
                    toolCalls: [
                        ToolCall(
                            id: "toolu_prev1",
                            function: FunctionCall(name: "get_weather", arguments: #"{"city":"Quito"}"#)),
                        ToolCall(id: "toolu_prev2", function: FunctionCall(name: "get_time", arguments: "")),
                    ]),
                ChatMessage(role: .tool, content: .text("18C"), toolCallID: "toolu_prev1"),
                // A 0.5 result with only the function's name.
                ChatMessage(role: .tool, content: .text("09:00"), name: "get_time"),
                ChatMessage.user("And Lima?"),
            ]
            let result = try await provider(harness).generate(
                .chat(
                    model: "claude-sonnet-4-5", history, tools: tools,
                    toolChoice: ["type": "function", "function": ["name": "get_weather"]], key: Self.key))
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(
                sent["tools"]
                    == [
                        [
                            "name": "get_weather", "description": "Current weather",
                            "input_schema": ["type": "object", "properties": ["city": ["type": "string"]]],
                        ],
                        ["name": "get_time", "input_schema": ["type": "object", "properties": [:]]],
                    ])
            #expect(sent["tool_choice"] == ["type": "tool", "name": "get_weather"])
            let messages = try #require(sent["messages"]?.array)
            #expect(messages.count == 3, "both tool results and the next question share one user turn")
            #expect(
                messages[1]["content"]
                    == [
                        ["type": "tool_use", "id": "toolu_prev1", "name": "get_weather", "input": ["city": "Quito"]],
                        ["type": "tool_use", "id": "toolu_prev2", "name": "get_time", "input": [:]],
                    ])
            #expect(
                messages[2]["content"]
                    == [
                        ["type": "tool_result", "tool_use_id": "toolu_prev1", "content": "18C"],
                        ["type": "tool_result", "tool_use_id": "toolu_prev2", "content": "09:00"],
                        ["type": "text", "text": "And Lima?"],
                    ])

            let choice = try #require(result.choices.first)
            #expect(choice.text == "Let me check.")
            #expect(choice.finishReason == .toolCall)
            #expect(choice.toolCalls.count == 1)
            #expect(choice.toolCalls.first?.id == "toolu_01A")
            let arguments = try #require(choice.toolCalls.first?.function.arguments?.stringValue)
            #expect(JSONValue.parse(arguments) == ["city": "Lima", "unit": "c"])
        }
    }

    @Test func temperatureAndTopPAreNeverBothSentForTheirDefaults() async throws {
        // Claude 4.5 and later refuse both at once; a config always carries both, defaulted to 1.
        #expect(AnthropicRequestBody.sampling(temperature: 1, topP: 1) == (1, nil))
        #expect(AnthropicRequestBody.sampling(temperature: 0.2, topP: 1) == (0.2, nil))
        #expect(AnthropicRequestBody.sampling(temperature: 1, topP: 0.9) == (nil, 0.9))
        #expect(AnthropicRequestBody.sampling(temperature: nil, topP: 0.9) == (nil, 0.9))
        #expect(AnthropicRequestBody.sampling(temperature: 0.5, topP: 0.9) == (0.5, 0.9), "both chosen: both sent")
        let answer = AnthropicWire.message([AnthropicWire.text("ok")])
        try await ProviderHarness.run(AnthropicWire.api(key: Self.key) { _ in .json(answer) }) { harness in
            _ = try await provider(harness).generate(
                .chat(
                    model: "claude-sonnet-4-5", [.user("Hi")],
                    parameters: .sdkDefaults, key: Self.key))
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(sent["temperature"] == 1)
            #expect(sent["top_p"] == nil)
            #expect(sent["max_tokens"] == 4096, "the SDK default config's max_tokens -1")
        }
    }

    @Test func settingsOutsideAnthropicsRangesAreRefusedBeforeAnyCall() async throws {
        let answer = AnthropicWire.message([AnthropicWire.text("ok")])
        try await ProviderHarness.run(AnthropicWire.api(key: Self.key) { _ in .json(answer) }) { harness in
            await harness.expectRefusedBeforeAnyCall(
                provider(harness),
                [
                    (
                        SamplingParameters(temperature: 1.5),
                        "model_config.temperature must be between 0 and 1 (got 1.5)"
                    ),
                    (SamplingParameters(topP: 1.2), "model_config.top_p must be between 0 and 1 (got 1.2)"),
                    (SamplingParameters(maxTokens: 0), "model_config.max_tokens must be at least 1 (got 0)"),
                ]
            ) { .chat(model: "claude-sonnet-4-5", [.user("x")], parameters: $0, key: Self.key) }
        }
    }

    @Test func theFakeRefusesATemperatureAboveOneAsAnthropicDoes() async throws {
        // Through `other`, which is sent as it is: the check a regression in the adapter would meet.
        let answer = AnthropicWire.message([AnthropicWire.text("ok")])
        try await ProviderHarness.run(AnthropicWire.api(key: Self.key) { _ in .json(answer) }) { harness in
            let error = await #expect(throws: ProviderError.self) {
                _ = try await provider(harness).generate(
                    .chat(
                        model: "claude-sonnet-4-5", [.user("x")],
                        parameters: SamplingParameters(other: ["temperature": 1.5]), key: Self.key))
            }
            #expect(error?.kind == .rejected)
            #expect(error?.message == "HTTP 400: temperature: range: 0..1")
        }
    }

    @Test func toolChoiceWordsMapToAnthropicTypes() {
        #expect(AnthropicRequestBody.toolChoice("auto") == ["type": "auto"])
        #expect(AnthropicRequestBody.toolChoice("required") == ["type": "any"])
        #expect(AnthropicRequestBody.toolChoice("none") == ["type": "none"])
    }

    @Test func imagesBecomeImageBlocks() async throws {
        let answer = AnthropicWire.message([AnthropicWire.text("A cat.")])
        try await ProviderHarness.run(AnthropicWire.api(key: Self.key) { _ in .json(answer) }) { harness in
            let content = ChatContent.parts([
                ChatContentPart(type: "text", text: "What is this?"),
                ChatContentPart(type: "image_url", imageURL: ["url": "data:image/png;base64,iVBORw0KGgo="]),
                ChatContentPart(type: "image_url", imageURL: ["url": "https://example.com/cat.jpg", "detail": "low"]),
            ])
            _ = try await provider(harness).generate(
                .chat(model: "claude-sonnet-4-5", [ChatMessage(role: .user, content: content)], key: Self.key))
            let blocks = try #require(harness.upstream.requests.first?.body["messages"]?[0]?["content"])
            #expect(
                blocks == [
                    ["type": "text", "text": "What is this?"],
                    [
                        "type": "image",
                        "source": ["type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="],
                    ],
                    ["type": "image", "source": ["type": "url", "url": "https://example.com/cat.jpg"]],
                ])
        }
    }

    @Test func numSamplesAreParallelCalls() async throws {
        let answer = AnthropicWire.message([AnthropicWire.text("Hi")], input: 4, output: 1)
        try await ProviderHarness.run(AnthropicWire.api(key: Self.key) { _ in .json(answer) }) { harness in
            let result = try await provider(harness).generate(
                .chat(model: "claude-haiku-4-5", [.user("Hi")], samples: 3, key: Self.key))
            #expect(harness.upstream.requests.count == 3)
            #expect(result.choices.count == 3)
            #expect(result.promptTokens == 12)
            #expect(result.generationTokens == 3)
            #expect(result.providerResponses.count == 3)
        }
    }

    @Test func streamsTextToolUseStopAndUsage() async throws {
        let events = AnthropicWire.stream(
            pieces: ["Checking", " now."],
            tool: (id: "toolu_S1", name: "get_weather", input: [#"{"city": "#, #""Oslo"}"#]),
            stop: "tool_use")
        try await ProviderHarness.run(AnthropicWire.api(key: Self.key) { _ in .namedEvents(events) }) { harness in
            let stream = try await provider(harness).stream(
                .chat(
                    model: "claude-sonnet-4-5", [.user("Weather?")], tools: [ToolDefinition(name: "get_weather")],
                    key: Self.key))
            #expect(harness.upstream.requests.first?.body["stream"] == true)
            let answer = try await StreamedAnswer.collect(stream)
            #expect(answer.text() == "Checking now.")
            #expect(
                answer.toolCalls()
                    == [
                        ToolCall(
                            id: "toolu_S1", function: FunctionCall(name: "get_weather", arguments: #"{"city": "Oslo"}"#)
                        )
                    ])
            #expect(answer.finish() == .some(.toolCall))
            #expect(answer.usage?.prompt == 25)
            #expect(answer.usage?.generation == 15)
        }
    }

    @Test func aStreamCutMidwayThrows() async throws {
        let events = Array(AnthropicWire.stream(pieces: ["Once", " upon", " a time"]).prefix(5))
        try await ProviderHarness.run(AnthropicWire.api(key: Self.key) { _ in .namedEvents(events, cut: true) }) {
            harness in
            let stream = try await provider(harness).stream(
                .chat(model: "claude-sonnet-4-5", [.user("Story")], key: Self.key))
            let error = await #expect(throws: ProviderError.self) { _ = try await StreamedAnswer.collect(stream) }
            #expect(error?.kind == .badGateway)
            #expect(error?.provider == .anthropic)
        }
    }

    @Test func anOverloadedErrorEventFailsTheStream() async throws {
        let events =
            Array(AnthropicWire.stream(pieces: ["Hi"]).prefix(4)) + [
                (name: "error", data: AnthropicWire.error("Overloaded", type: "overloaded_error"))
            ]
        try await ProviderHarness.run(AnthropicWire.api(key: Self.key) { _ in .namedEvents(events) }) { harness in
            let stream = try await provider(harness).stream(
                .chat(model: "claude-sonnet-4-5", [.user("Hi")], key: Self.key))
            let error = await #expect(throws: ProviderError.self) { _ = try await StreamedAnswer.collect(stream) }
            #expect(error?.kind == .badGateway)
            #expect(error?.message.contains("Overloaded") == true)
        }
    }

    @Test func overloaded529IsRetriedThenABadGateway() async throws {
        let overloaded = FakeReply.json(AnthropicWire.error("Overloaded", type: "overloaded_error"), status: 529)
        try await ProviderHarness.run(maxRetries: 1, overloaded.always) { harness in
            let error = await #expect(throws: ProviderError.self) {
                try await provider(harness).generate(.chat(model: "claude-sonnet-4-5", [.user("Hi")], key: Self.key))
            }
            #expect(error?.kind == .badGateway)
            #expect(harness.upstream.requests.count == 2)
        }
    }
}
