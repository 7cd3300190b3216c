import HumanloopAPI
import Testing

@testable import Providers

@Suite("Cohere adapter against a fake Cohere v2 Chat")
struct CohereTests {
    static let key = "co-test-secret-key-987"

    func provider(_ harness: ProviderHarness) -> CohereProvider {
        CohereProvider(configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
    }

    static func api(_ reply: @escaping @Sendable (ReceivedRequest) -> FakeReply) -> FakeUpstream.Handler {
        CohereWire.api(key: key, reply)
    }

    @Test func chatMapsParametersToCoheresNames() async throws {
        try await ProviderHarness.run(Self.api { _ in .json(CohereWire.response(text: "Hola.")) }) { harness in
            let parameters = SamplingParameters(
                maxTokens: 80, temperature: 0.3, topP: 0.75, stop: ["END"], presencePenalty: 0.2, frequencyPenalty: 0.4,
                seed: 11, responseFormat: ["type": "json_schema", "json_schema": ["schema": ["type": "object"]]],
                logprobs: 1, other: ["k": 50])
            let result = try await provider(harness).generate(
                .chat(
                    model: "command-a-03-2025", [.system("Spanish only."), .user("Hello")], parameters: parameters,
                    key: Self.key))
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(
                sent["messages"] == [
                    ["role": "system", "content": "Spanish only."], ["role": "user", "content": "Hello"],
                ])
            #expect(sent["max_tokens"] == 80)
            #expect(sent["p"] == 0.75)
            #expect(sent["k"] == 50)
            #expect(sent["stop_sequences"] == ["END"])
            #expect(sent["presence_penalty"] == 0.2)
            #expect(sent["frequency_penalty"] == 0.4)
            #expect(sent["seed"] == 11)
            #expect(sent["logprobs"] == true)
            #expect(sent["response_format"] == ["type": "json_object", "json_schema": ["type": "object"]])
            #expect(sent["stream"] == false)
            #expect(result.choices.first?.text == "Hola.")
            #expect(result.choices.first?.finishReason == .stop)
            #expect(result.promptTokens == 71)
            #expect(result.generationTokens == 420)
        }
    }

    /// Answers whole or streamed, as the request asks.
    static let echoing = api { request in
        request.body["stream"] == true
            ? .namedEvents(CohereWire.stream(pieces: ["Hi", "."])) : .json(CohereWire.response(text: "Hi."))
    }

    @Test func theSDKDefaultConfigIsAcceptedWithTopPOneLeftOut() async throws {
        try await ProviderHarness.run(Self.echoing) { harness in
            let request = ProviderRequest.chat(
                model: "command-a-03-2025", [.user("Hi")], parameters: .sdkDefaults, key: Self.key)
            let result = try await provider(harness).generate(request)
            let streamed = try await StreamedAnswer.collect(provider(harness).stream(request))
            #expect(result.choices.first?.text == "Hi.")
            #expect(streamed.text() == "Hi.")
            for sent in harness.upstream.requests.map(\.body) {
                #expect(sent["p"] == nil, "p 1 is outside Cohere's 0.01–0.99: left out, Cohere's default applies")
                #expect(sent["temperature"] == 1)
                #expect(sent["presence_penalty"] == 0)
                #expect(sent["frequency_penalty"] == 0)
                #expect(sent["max_tokens"] == nil)
            }
            #expect(harness.upstream.requests.count == 2)
        }
    }

    @Test func theEdgesOfCoheresRangesAreSentAsTheyAre() async throws {
        try await ProviderHarness.run(Self.echoing) { harness in
            for (topP, penalty) in [(0.01, 0.0), (0.99, 1.0)] {
                let parameters = SamplingParameters(
                    temperature: 0, topP: topP, stop: .stopSequences(5), presencePenalty: penalty,
                    frequencyPenalty: penalty)
                _ = try await provider(harness).generate(
                    .chat(model: "command-r", [.user("x")], parameters: parameters, key: Self.key))
                let sent = try #require(harness.upstream.requests.last?.body)
                #expect(sent["p"]?.double == topP)
                #expect(sent["presence_penalty"]?.double == penalty)
                #expect(sent["frequency_penalty"]?.double == penalty)
                #expect(sent["temperature"]?.double == 0)
                #expect(sent["stop_sequences"]?.array?.count == 5)
            }
        }
    }

    @Test func settingsOutsideCoheresRangesAreRefusedBeforeAnyCall() async throws {
        try await ProviderHarness.run(Self.echoing) { harness in
            await harness.expectRefusedBeforeAnyCall(
                provider(harness),
                [
                    (SamplingParameters(topP: 0.995), "model_config.top_p must be between 0.01 and 0.99 (got 0.995)"),
                    (SamplingParameters(topP: 0), "model_config.top_p must be between 0.01 and 0.99 (got 0)"),
                    (SamplingParameters(temperature: -0.5), "model_config.temperature must be at least 0 (got -0.5)"),
                    (
                        SamplingParameters(presencePenalty: 1.5),
                        "model_config.presence_penalty must be between 0 and 1 (got 1.5)"
                    ),
                    (
                        SamplingParameters(frequencyPenalty: -0.1),
                        "model_config.frequency_penalty must be between 0 and 1 (got -0.1)"
                    ),
                    (
                        SamplingParameters(stop: .stopSequences(6)),
                        "model_config.stop must hold at most 5 sequences (got 6)"
                    ),
                ]
            ) { .chat(model: "command-r", [.user("x")], parameters: $0, key: Self.key) }
        }
    }

    @Test func theFakeRefusesAPOfOneAsCohereDoes() async throws {
        // Through `other`, which is sent as it is: the check a regression in the adapter would meet.
        try await ProviderHarness.run(Self.echoing) { harness in
            let parameters = SamplingParameters(other: ["p": 1])
            let error = await #expect(throws: ProviderError.self) {
                _ = try await provider(harness).generate(
                    .chat(model: "command-r", [.user("x")], parameters: parameters, key: Self.key))
            }
            #expect(error?.kind == .rejected)
            #expect(error?.message == "HTTP 400: p must be between 0.01 and 0.99, received 1")
            #expect(harness.upstream.requests.count == 1, "a 400 is not retried")
        }
    }

    @Test func toolsAndToolCallsBothWays() async throws {
        let answer = CohereWire.response(
            text: nil,
            toolCalls: [(id: "get_weather_abc123", name: "get_weather", arguments: #"{"location":"Toronto"}"#)],
            finish: "TOOL_CALL")
        try await ProviderHarness.run(Self.api { _ in .json(answer) }) { harness in
            let history = [
                ChatMessage.user("Weather in Paris, then Toronto?"),
                ChatMessage(
                    role: .assistant, toolCall: FunctionCall(name: "get_weather", arguments: ["location": "Paris"])),
                ChatMessage(role: .tool, content: .text(#"{"temp":20}"#), name: "get_weather"),
            ]
            let tools = [
                ToolDefinition(name: "get_weather", parameters: ["type": "object"]), ToolDefinition(name: "get_news"),
            ]
            let result = try await provider(harness).generate(
                .chat(
                    model: "command-r-plus", history, tools: tools,
                    toolChoice: ["type": "function", "function": ["name": "get_weather"]], key: Self.key))
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(sent["tool_choice"] == "REQUIRED")
            #expect(
                sent["tools"] == [
                    ["type": "function", "function": ["name": "get_weather", "parameters": ["type": "object"]]]
                ],
                "the one function named is the one offered")
            let messages = try #require(sent["messages"]?.array)
            let id = try #require(messages[1]["tool_calls"]?[0]?["id"]?.stringValue)
            #expect(
                messages[1]["tool_calls"]?[0]?["function"] == [
                    "name": "get_weather", "arguments": #"{"location":"Paris"}"#,
                ])
            #expect(messages[2] == ["role": "tool", "content": #"{"temp":20}"#, "tool_call_id": .string(id)])

            let choice = try #require(result.choices.first)
            #expect(choice.text == "", "the tool plan is not the answer")
            #expect(choice.finishReason == .toolCall)
            #expect(
                choice.toolCalls
                    == [
                        ToolCall(
                            id: "get_weather_abc123",
                            function: FunctionCall(name: "get_weather", arguments: #"{"location":"Toronto"}"#))
                    ])
        }
    }

    @Test func requiredAndNoneChoicesAndLengthFinish() async throws {
        let answer = CohereWire.response(text: "cut", finish: "MAX_TOKENS")
        try await ProviderHarness.run(Self.api { _ in .json(answer) }) { harness in
            let tools = [ToolDefinition(name: "a")]
            let required = try await provider(harness).generate(
                .chat(model: "command-r", [.user("x")], tools: tools, toolChoice: "required", key: Self.key))
            _ = try await provider(harness).generate(
                .chat(model: "command-r", [.user("x")], tools: tools, toolChoice: "none", key: Self.key))
            _ = try await provider(harness).generate(
                .chat(model: "command-r", [.user("x")], tools: tools, toolChoice: "auto", key: Self.key))
            #expect(harness.upstream.requests.map { $0.body["tool_choice"] } == ["REQUIRED", "NONE", nil])
            #expect(required.choices.first?.finishReason == .length)
        }
    }

    @Test func numSamplesAreParallelCalls() async throws {
        try await ProviderHarness.run(Self.api { _ in .json(CohereWire.response(text: "x")) }) { harness in
            let result = try await provider(harness).generate(
                .completion(model: "command-r", "Say x", samples: 2, key: Self.key))
            #expect(harness.upstream.requests.count == 2)
            #expect(harness.upstream.requests.first?.body["messages"] == [["role": "user", "content": "Say x"]])
            #expect(result.choices.count == 2)
            #expect(result.generationTokens == 840)
        }
    }

    @Test func streamsTextToolCallsFinishAndUsage() async throws {
        let events = CohereWire.stream(
            pieces: ["Let", " me", " check."],
            tool: (id: "get_weather_s1", name: "get_weather", arguments: [#"{"loc"#, #"ation":"Oslo"}"#]),
            finish: "TOOL_CALL")
        try await ProviderHarness.run(Self.api { _ in .namedEvents(events) }) { harness in
            let stream = try await provider(harness).stream(
                .chat(
                    model: "command-a-03-2025", [.user("Weather?")], tools: [ToolDefinition(name: "get_weather")],
                    key: Self.key))
            #expect(harness.upstream.requests.first?.body["stream"] == true)
            let answer = try await StreamedAnswer.collect(stream)
            #expect(answer.text() == "Let me check.")
            #expect(
                answer.toolCalls()
                    == [
                        ToolCall(
                            id: "get_weather_s1",
                            function: FunctionCall(name: "get_weather", arguments: #"{"location":"Oslo"}"#))
                    ])
            #expect(answer.finish() == .some(.toolCall))
            #expect(answer.usage?.prompt == 70)
            #expect(answer.usage?.generation == 9)
        }
    }

    @Test func aStreamCutMidwayThrows() async throws {
        let events = Array(CohereWire.stream(pieces: ["Once", " upon", " a time"]).prefix(4))
        try await ProviderHarness.run(Self.api { _ in .namedEvents(events, cut: true) }) { harness in
            let stream = try await provider(harness).stream(.chat(model: "command-r", [.user("Story")], key: Self.key))
            let error = await #expect(throws: ProviderError.self) { _ = try await StreamedAnswer.collect(stream) }
            #expect(error?.kind == .badGateway)
            #expect(error?.provider == .cohere)
        }
    }
}
