import HumanloopAPI
import Testing

@testable import Providers

@Suite("OpenAI adapter against a fake OpenAI")
struct OpenAITests {
    static let key = "sk-test-secret-key-123"

    /// A fake OpenAI that rejects what the real API rejects and otherwise answers `reply`.
    static func chatAPI(_ reply: @escaping @Sendable (ReceivedRequest) -> FakeReply) -> FakeUpstream.Handler {
        { request, _ in
            guard request.path == "/v1/chat/completions" else {
                return .json(OpenAIWire.error("Invalid URL (POST \(request.path))"), status: 404)
            }
            guard request.header("authorization") == "Bearer \(key)" else {
                return .json(OpenAIWire.error("Incorrect API key provided", code: "invalid_api_key"), status: 401)
            }
            return OpenAIWire.chatRejection(request.body) ?? reply(request)
        }
    }

    @Test func chatMapsEveryParameterAndReadsTheAnswer() async throws {
        let answer = OpenAIWire.chatCompletion(
            choices: [(content: "  Hello there!\n", toolCalls: [], finish: "stop")], prompt: 21, completion: 4)
        try await ProviderHarness.run(Self.chatAPI { _ in .json(answer) }) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let parameters = SamplingParameters(
                maxTokens: 50, temperature: 0.2, topP: 0.9, stop: ["\n\n", "END"], presencePenalty: 0.5,
                frequencyPenalty: -0.25, seed: 42, responseFormat: ["type": "json_object"], logprobs: 3,
                other: ["logit_bias": ["50256": -100], "temperature": 0.3])
            let result = try await provider.generate(
                .chat(
                    model: "gpt-4o", [.system("Be brief."), .user("Hi")], parameters: parameters,
                    user: "end-user-7"))

            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(sent["model"] == "gpt-4o")
            #expect(
                sent["messages"] == [["role": "system", "content": "Be brief."], ["role": "user", "content": "Hi"]])
            #expect(sent["n"] == 1)
            #expect(sent["stream"] == false)
            #expect(sent["max_tokens"] == 50)
            #expect(sent["top_p"] == 0.9)
            #expect(sent["stop"] == ["\n\n", "END"])
            #expect(sent["presence_penalty"] == 0.5)
            #expect(sent["frequency_penalty"] == -0.25)
            #expect(sent["seed"] == 42)
            #expect(sent["response_format"] == ["type": "json_object"])
            #expect(sent["logprobs"] == true)
            #expect(sent["top_logprobs"] == 3)
            #expect(sent["user"] == "end-user-7")
            // `other` is merged last: it adds parameters and overrides mapped ones.
            #expect(sent["logit_bias"] == ["50256": -100])
            #expect(sent["temperature"] == 0.3)

            #expect(result.choices.map(\.text) == ["  Hello there!\n"])
            #expect(result.choices.first?.finishReason == .stop)
            #expect(result.choices.first?.generationTokens == 4)
            #expect(result.promptTokens == 21)
            #expect(result.generationTokens == 4)
            #expect(result.providerRequest.value.isSameJSON(as: sent))
            #expect(!result.providerRequest.text.contains(Self.key))
            #expect(result.providerResponses.first?.value["id"] == "chatcmpl-AbC123")
            #expect(result.providerResponses.first?.value["system_fingerprint"] == "fp_abc")
        }
    }

    @Test func maxTokensMinusOneIsOmittedAndNumSamplesIsN() async throws {
        let answer = OpenAIWire.chatCompletion(
            choices: [
                (content: "one", toolCalls: [], finish: "stop"), (content: "two", toolCalls: [], finish: "length"),
                (content: "three", toolCalls: [], finish: "content_filter"),
            ], prompt: 3, completion: 6)
        try await ProviderHarness.run(Self.chatAPI { _ in .json(answer) }) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let result = try await provider.generate(.chat(model: "gpt-4o-mini", [.user("Count")], samples: 3))
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(sent["n"] == 3)
            #expect(sent["max_tokens"] == nil)
            #expect(sent["temperature"] == nil)
            #expect(harness.upstream.requests.count == 1)
            #expect(result.choices.map(\.text) == ["one", "two", "three"])
            #expect(result.choices.map(\.finishReason) == [.stop, .length, .stop])
            // Per-sample counts are unknown with n > 1; the call's total is still reported.
            #expect(result.choices.allSatisfy { $0.generationTokens == nil })
            #expect(result.generationTokens == 6)
        }
    }

    @Test func theSDKDefaultConfigIsSentAsItIsAndAccepted() async throws {
        let chat = OpenAIWire.chatCompletion(choices: [(content: "Hi", toolCalls: [], finish: "stop")])
        let handler: FakeUpstream.Handler = { request, _ in
            request.path == "/v1/completions"
                ? OpenAIWire.completionRejection(request.body) ?? .json(OpenAIWire.textCompletion([("Hi", "stop")]))
                : OpenAIWire.chatRejection(request.body) ?? .json(chat)
        }
        try await ProviderHarness.run(handler) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let chatResult = try await provider.generate(
                .chat(model: "gpt-4o", [.user("Hi")], parameters: .sdkDefaults))
            let completion = try await provider.generate(
                .completion(model: "gpt-3.5-turbo-instruct", "Hi", parameters: .sdkDefaults))
            #expect(chatResult.choices.first?.text == "Hi")
            #expect(completion.choices.first?.text == "Hi")
            #expect(harness.upstream.requests.map(\.path) == ["/v1/chat/completions", "/v1/completions"])
            for sent in harness.upstream.requests.map(\.body) {
                #expect(sent["temperature"] == 1)
                #expect(sent["top_p"] == 1, "OpenAI's own default, inside its 0–1")
                #expect(sent["presence_penalty"] == 0)
                #expect(sent["frequency_penalty"] == 0)
                #expect(sent["max_tokens"] == nil)
            }
        }
    }

    @Test func settingsOutsideOpenAIsRangesAreRefusedBeforeAnyCall() async throws {
        try await ProviderHarness.run(Self.chatAPI { _ in .json("{}") }) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            await harness.expectRefusedBeforeAnyCall(
                provider,
                [
                    (
                        SamplingParameters(temperature: 2.5),
                        "model_config.temperature must be between 0 and 2 (got 2.5)"
                    ),
                    (SamplingParameters(topP: 1.2), "model_config.top_p must be between 0 and 1 (got 1.2)"),
                    (
                        SamplingParameters(presencePenalty: -2.5),
                        "model_config.presence_penalty must be between -2 and 2 (got -2.5)"
                    ),
                    (
                        SamplingParameters(frequencyPenalty: 3),
                        "model_config.frequency_penalty must be between -2 and 2 (got 3)"
                    ),
                    (SamplingParameters(maxTokens: 0), "model_config.max_tokens must be at least 1 (got 0)"),
                    (
                        SamplingParameters(stop: .stopSequences(5)),
                        "model_config.stop must hold at most 4 sequences (got 5)"
                    ),
                ]
            ) { .chat(model: "gpt-4o", [.user("x")], parameters: $0) }
        }
    }

    @Test func legacyCompletionsTakeAMaxTokensOfZero() async throws {
        let handler: FakeUpstream.Handler = { request, _ in
            OpenAIWire.completionRejection(request.body) ?? .json(OpenAIWire.textCompletion([("", "length")]))
        }
        try await ProviderHarness.run(handler) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let parameters = SamplingParameters(maxTokens: 0, temperature: 2, topP: 0, presencePenalty: -2)
            let result = try await provider.generate(
                .completion(model: "gpt-3.5-turbo-instruct", "x", parameters: parameters))
            #expect(result.choices.first?.finishReason == .length)
            #expect(harness.upstream.requests.first?.body["max_tokens"] == 0)
        }
    }

    @Test func theFakeRefusesNumbersOutOfRangeAsOpenAIDoes() async throws {
        // Through `other`, which is sent as it is: the check a regression in the adapter would meet.
        try await ProviderHarness.run(Self.chatAPI { _ in .json("{}") }) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let cases: [(JSONObject, String)] = [
                (
                    ["temperature": 3],
                    "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead."
                ),
                (
                    ["max_tokens": 0],
                    "Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got 0 instead."
                ),
            ]
            for (other, message) in cases {
                let error = await #expect(throws: ProviderError.self) {
                    _ = try await provider.generate(
                        .chat(model: "gpt-4o", [.user("x")], parameters: SamplingParameters(other: other)))
                }
                #expect(error?.kind == .rejected)
                #expect(error?.message == "HTTP 400: " + message)
            }
        }
    }

    @Test func completionOnAChatModelSendsThePromptAsOneUserMessage() async throws {
        let answer = OpenAIWire.chatCompletion(choices: [(content: "Paris", toolCalls: [], finish: "stop")])
        try await ProviderHarness.run(Self.chatAPI { _ in .json(answer) }) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let parameters = SamplingParameters(logprobs: 2, suffix: "ignored by chat")
            let result = try await provider.generate(
                .completion(model: "gpt-4o", "The capital of France is", parameters: parameters))
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(sent["messages"] == [["role": "user", "content": "The capital of France is"]])
            #expect(sent["suffix"] == nil)
            #expect(result.choices.first?.text == "Paris")
        }
    }

    @Test func completionModelsUseTheLegacyCompletionsAPI() async throws {
        let handler: FakeUpstream.Handler = { request, _ in
            guard request.path == "/v1/completions", request.header("authorization") == "Bearer \(Self.key)" else {
                return .json(OpenAIWire.error("wrong path or key"), status: 404)
            }
            return OpenAIWire.completionRejection(request.body)
                ?? .json(OpenAIWire.textCompletion([(" sat on the mat.", "stop"), (" ran", "length")]))
        }
        try await ProviderHarness.run(
            configure: ConfigurationChange { $0.completionModels.insert("my-local-base-model") }, handler
        ) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let parameters = SamplingParameters(maxTokens: 16, logprobs: 2, suffix: " The end.")
            for model in ["gpt-3.5-turbo-instruct", "davinci-002", "babbage-002", "my-local-base-model"] {
                let result = try await provider.generate(
                    .completion(model: model, "The cat", parameters: parameters, samples: 2))
                #expect(result.choices.map(\.text) == [" sat on the mat.", " ran"])
                #expect(result.choices.map(\.finishReason) == [.stop, .length])
                #expect(result.promptTokens == 5)
                #expect(result.generationTokens == 9)
            }
            let sent = try #require(harness.upstream.requests.last?.body)
            #expect(sent["model"] == "my-local-base-model")
            #expect(sent["prompt"] == "The cat")
            #expect(sent["n"] == 2)
            #expect(sent["max_tokens"] == 16)
            #expect(sent["logprobs"] == 2)
            #expect(sent["suffix"] == " The end.")
            #expect(sent["messages"] == nil)
        }
    }

    @Test func aCompletionModelOnTheChatEndpointStillUsesChat() async throws {
        let answer = OpenAIWire.chatCompletion(choices: [(content: "ok", toolCalls: [], finish: "stop")])
        try await ProviderHarness.run(Self.chatAPI { _ in .json(answer) }) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            var request = ProviderRequest.completion(model: "gpt-3.5-turbo-instruct", "Hello")
            request.endpoint = .chat
            _ = try await provider.generate(request)
            #expect(harness.upstream.requests.first?.path == "/v1/chat/completions")
        }
    }

    @Test func toolsGoOutAndToolCallsComeBack() async throws {
        let answer = OpenAIWire.chatCompletion(
            choices: [
                (
                    content: nil,
                    toolCalls: [
                        (id: "call_Ab12", name: "get_weather", arguments: #"{"city":"Paris"}"#),
                        (id: "call_Cd34", name: "get_time", arguments: #"{"zone":"CET"}"#),
                    ],
                    finish: "tool_calls"
                )
            ])
        try await ProviderHarness.run(Self.chatAPI { _ in .json(answer) }) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let tools = [
                ToolDefinition(
                    name: "get_weather", description: "Weather now",
                    parameters: ["type": "object", "properties": ["city": ["type": "string"]]], strict: true),
                ToolDefinition(name: "get_time"),
            ]
            let result = try await provider.generate(
                .chat(
                    model: "gpt-4o", [.user("Weather and time in Paris?")], tools: tools,
                    toolChoice: ["type": "function", "function": ["name": "get_weather"]]))
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(
                sent["tools"]?[0]
                    == [
                        "type": "function",
                        "function": [
                            "name": "get_weather", "description": "Weather now",
                            "parameters": ["type": "object", "properties": ["city": ["type": "string"]]],
                            "strict": true,
                        ],
                    ])
            #expect(sent["tools"]?[1] == ["type": "function", "function": ["name": "get_time"]])
            #expect(sent["tool_choice"] == ["type": "function", "function": ["name": "get_weather"]])

            let choice = try #require(result.choices.first)
            #expect(choice.text == "")
            #expect(choice.finishReason == .toolCall)
            #expect(
                choice.toolCalls == [
                    ToolCall(
                        id: "call_Ab12", function: FunctionCall(name: "get_weather", arguments: #"{"city":"Paris"}"#)),
                    ToolCall(id: "call_Cd34", function: FunctionCall(name: "get_time", arguments: #"{"zone":"CET"}"#)),
                ])
        }
    }

    @Test func legacyToolMessagesArePairedWithTheirCallsByName() async throws {
        let answer = OpenAIWire.chatCompletion(choices: [(content: "Sunny, 14:00.", toolCalls: [], finish: "stop")])
        try await ProviderHarness.run(Self.chatAPI { _ in .json(answer) }) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            // A 0.5 client: one `tool_call` per assistant message, tool results by name only.
            let messages = [
                ChatMessage.user("Weather?"),
                ChatMessage(
                    role: .assistant, content: .text(""),
                    toolCall: FunctionCall(name: "get_weather", arguments: ["city": "Paris"])),
                ChatMessage(role: .tool, content: .text("sunny"), name: "get_weather"),
                ChatMessage(
                    role: .assistant, content: nil,
                    toolCalls: [
                        ToolCall(id: "call_x", function: FunctionCall(name: "get_time", arguments: "{}")),
                        ToolCall(id: "call_y", function: FunctionCall(name: "get_date", arguments: "{}")),
                    ]),
                ChatMessage(role: .tool, content: .text("monday"), name: "get_date"),
                ChatMessage(role: .tool, content: .text("14:00"), toolCallID: "call_x"),
            ]
            _ = try await provider.generate(
                .chat(model: "gpt-4o", messages, tools: [ToolDefinition(name: "get_weather")]))
            // The fake checks that every tool message answers an earlier call, as OpenAI does.
            let sent = try #require(harness.upstream.requests.first?.body["messages"])
            let syntheticID = try #require(sent[1]?["tool_calls"]?[0]?["id"]?.stringValue)
            #expect(
                sent[1]?["tool_calls"]?[0]?["function"] == ["name": "get_weather", "arguments": #"{"city":"Paris"}"#])
            #expect(sent[2] == ["role": "tool", "content": "sunny", "tool_call_id": .string(syntheticID)])
            #expect(sent[4]?["tool_call_id"] == "call_y")
            #expect(sent[5]?["tool_call_id"] == "call_x")
            // The same history gives the same id on every call.
            _ = try await provider.generate(
                .chat(model: "gpt-4o", messages, tools: [ToolDefinition(name: "get_weather")]))
            #expect(
                harness.upstream.requests.last?.body["messages"]?[1]?["tool_calls"]?[0]?["id"] == .string(syntheticID))
        }
    }

    @Test func streamsDeltasToolCallsFinishAndUsage() async throws {
        let events = [
            OpenAIWire.chunk(delta: ["role": "assistant", "content": ""]),
            OpenAIWire.chunk(delta: ["content": "Hel"]),
            OpenAIWire.chunk(delta: ["content": "lo "]),
            OpenAIWire.chunk(index: 1, delta: ["role": "assistant", "content": nil]),
            OpenAIWire.chunk(
                index: 1,
                delta: [
                    "tool_calls": [
                        [
                            "index": 0, "id": "call_Q1", "type": "function",
                            "function": ["name": "get_weather", "arguments": ""],
                        ]
                    ]
                ]),
            OpenAIWire.chunk(index: 1, delta: ["tool_calls": [["index": 0, "function": ["arguments": "{\"ci"]]]]),
            OpenAIWire.chunk(delta: ["content": "world"]),
            OpenAIWire.chunk(
                index: 1, delta: ["tool_calls": [["index": 0, "function": ["arguments": "ty\":\"Oslo\"}"]]]]),
            OpenAIWire.chunk(delta: [:], finish: "stop"),
            OpenAIWire.chunk(index: 1, delta: [:], finish: "tool_calls"),
            OpenAIWire.usageChunk(prompt: 9, completion: 11),
            "[DONE]",
        ]
        try await ProviderHarness.run(Self.chatAPI { _ in .events(events) }) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let stream = try await provider.stream(
                .chat(model: "gpt-4o", [.user("Hi")], tools: [ToolDefinition(name: "get_weather")], samples: 2))
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(sent["stream"] == true)
            #expect(sent["stream_options"] == ["include_usage": true])
            #expect(sent["n"] == 2)
            #expect(stream.providerRequest.value.isSameJSON(as: sent))

            let answer = try await StreamedAnswer.collect(stream)
            #expect(answer.text(0) == "Hello world")
            #expect(answer.finish(0) == .some(.stop))
            #expect(answer.text(1) == "")
            #expect(
                answer.toolCalls(1) == [
                    ToolCall(id: "call_Q1", function: FunctionCall(name: "get_weather", arguments: #"{"city":"Oslo"}"#))
                ])
            #expect(answer.finish(1) == .some(.toolCall))
            #expect(answer.usage?.prompt == 9)
            #expect(answer.usage?.generation == 11)
            // Tool calls come complete, before their sample's finish.
            let toolIndex = try #require(answer.events.firstIndex { if case .toolCalls = $0 { true } else { false } })
            let finishIndex = try #require(answer.events.firstIndex(of: .finish(index: 1, reason: .toolCall)))
            #expect(toolIndex < finishIndex)
        }
    }

    @Test func legacyCompletionsStreamTextDeltas() async throws {
        let chunk: @Sendable (String, String?) -> String = { text, finish in
            JSONValue.object([
                "id": "cmpl-s1", "object": "text_completion", "created": 1_727_000_000,
                "model": "gpt-3.5-turbo-instruct",
                "choices": [
                    [
                        "text": .string(text), "index": 0, "logprobs": nil,
                        "finish_reason": finish.map(JSONValue.string) ?? nil,
                    ]
                ],
            ]).serialized()
        }
        let events = [
            chunk(" sat", nil), chunk(" down", nil), chunk("", "length"),
            OpenAIWire.usageChunk(prompt: 2, completion: 2), "[DONE]",
        ]
        let handler: FakeUpstream.Handler = { request, _ in
            guard request.path == "/v1/completions" else { return .json(OpenAIWire.error("wrong path"), status: 404) }
            return OpenAIWire.completionRejection(request.body) ?? .events(events)
        }
        try await ProviderHarness.run(handler) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let answer = try await StreamedAnswer.collect(
                try await provider.stream(.completion(model: "gpt-3.5-turbo-instruct", "The cat")))
            #expect(answer.text() == " sat down")
            #expect(answer.finish() == .some(.length))
            #expect(answer.usage?.generation == 2)
            #expect(harness.upstream.requests.first?.body["stream_options"] == ["include_usage": true])
        }
    }

    @Test func aConsumerThatLeavesCancelsTheUpstreamWithoutAFailure() async throws {
        let events = [OpenAIWire.chunk(delta: ["content": "first"])]
        let stalled = FakeReply.stalledStream(OpenAIWire.sse(events), stall: .seconds(8))
        try await ProviderHarness.run(stalled.always) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let stream = try await provider.stream(.chat(model: "gpt-4o", [.user("Hi")]))
            let consumer = Task {
                var received: [ProviderStreamEvent] = []
                for try await event in stream {
                    received.append(event)
                }
                return received
            }
            try await Task.sleep(for: .milliseconds(200))
            consumer.cancel()
            let started = ContinuousClock.now
            let outcome = await consumer.result
            #expect(
                ContinuousClock.now - started < .seconds(3), "the pending read ends at once, not after the 8 s stall")
            if case .failure(let error) = outcome {
                #expect(!(error is ProviderError), "a cancelled stream is not a provider failure: \(error)")
            }
            #expect(!harness.logs.text.contains("provider call failed"))
        }
    }

    @Test func aStreamCutMidwayThrowsFromTheStream() async throws {
        let events = [OpenAIWire.chunk(delta: ["content": "Once upon"]), OpenAIWire.chunk(delta: ["content": " a"])]
        try await ProviderHarness.run(Self.chatAPI { _ in .events(events, cut: true) }) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let stream = try await provider.stream(.chat(model: "gpt-4o", [.user("Tell a story")]))
            var text = ""
            let error = await #expect(throws: ProviderError.self) {
                for try await event in stream {
                    if case .text(_, let delta) = event { text += delta }
                }
            }
            // What arrived before the cut is delivered (how much of it reaches the client first is up to
            // the network), then the stream fails.
            #expect("Once upon a".hasPrefix(text))
            #expect(error?.kind == .badGateway)
            #expect(error?.provider == .openai)
            // Nothing is retried once a stream has begun.
            #expect(harness.upstream.requests.count == 1)
        }
    }

    @Test func aStreamThatEndsWithoutFinishingIsAnError() async throws {
        // A clean end of body, but the provider never said it was done.
        let events = [OpenAIWire.chunk(delta: ["content": "Half"])]
        try await ProviderHarness.run(Self.chatAPI { _ in .events(events) }) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let stream = try await provider.stream(.chat(model: "gpt-4o", [.user("Hi")]))
            let error = await #expect(throws: ProviderError.self) { _ = try await StreamedAnswer.collect(stream) }
            #expect(error?.kind == .badGateway)
        }
    }

    @Test func aStreamErrorEventIsThrown() async throws {
        let events = [
            OpenAIWire.chunk(delta: ["content": "Hi"]),
            OpenAIWire.error("The server had an error while processing your request.", type: "server_error"),
        ]
        try await ProviderHarness.run(Self.chatAPI { _ in .events(events) }) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let stream = try await provider.stream(.chat(model: "gpt-4o", [.user("Hi")]))
            let error = await #expect(throws: ProviderError.self) { _ = try await StreamedAnswer.collect(stream) }
            #expect(error?.message.contains("The server had an error") == true)
        }
    }

    @Test func aRejectedStreamFailsBeforeAnyEvent() async throws {
        try await ProviderHarness.run(Self.chatAPI { _ in .events([]) }) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let error = await #expect(throws: ProviderError.self) {
                _ = try await provider.stream(.chat(model: "gpt-4o", [.user("Hi")], key: "sk-wrong"))
            }
            #expect(error?.kind == .rejected)
            #expect(error?.message.contains("Incorrect API key provided") == true)
        }
    }

    @Test func aStreamRetriesA429BeforeItsFirstByte() async throws {
        let events = [
            OpenAIWire.chunk(delta: ["content": "ok"], finish: "stop"), OpenAIWire.usageChunk(prompt: 1, completion: 1),
            "[DONE]",
        ]
        let handler: FakeUpstream.Handler = { request, attempt in
            attempt == 1
                ? .json(OpenAIWire.error("Rate limit reached", type: "requests"), status: 429)
                : try await Self.chatAPI { _ in .events(events) }(request, attempt)
        }
        try await ProviderHarness.run(handler) { harness in
            let provider = OpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let answer = try await StreamedAnswer.collect(
                try await provider.stream(.chat(model: "gpt-4o", [.user("Hi")])))
            #expect(answer.text() == "ok")
            #expect(harness.upstream.requests.count == 2)
        }
    }
}
