import HumanloopAPI
import Testing

@testable import Providers

@Suite("Gemini adapter against a fake Gemini API")
struct GeminiTests {
    static let key = "AIza-test-secret-key-654"
    static let model = "gemini-2.0-flash"

    func provider(_ harness: ProviderHarness) -> GeminiProvider {
        GeminiProvider(configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
    }

    static func api(_ reply: @escaping @Sendable (ReceivedRequest) -> FakeReply) -> FakeUpstream.Handler {
        GeminiWire.api(key: key, model: model, reply)
    }

    @Test func generateContentMapsEveryParameterGeminiHas() async throws {
        let answer = GeminiWire.response(
            [
                (
                    parts: [
                        ["text": "thinking…", "thought": true], GeminiWire.text("Hello"), GeminiWire.text(" there"),
                    ], finish: "STOP"
                )
            ],
            prompt: 9, output: 6, thoughts: 4)
        try await ProviderHarness.run(Self.api { _ in .json(answer) }) { harness in
            let parameters = SamplingParameters(
                maxTokens: 256, temperature: 0.3, topP: 0.8, stop: ["END"], presencePenalty: 0.1, frequencyPenalty: 0.2,
                seed: 5,
                responseFormat: ["type": "json_schema", "json_schema": ["name": "x", "schema": ["type": "object"]]],
                logprobs: 2,
                other: [
                    "topK": 20,
                    "safetySettings": [["category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"]],
                ])
            let result = try await provider(harness).generate(
                .chat(model: Self.model, [.system("Be nice."), .user("Hi")], parameters: parameters, key: Self.key))
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(sent["systemInstruction"] == ["parts": [["text": "Be nice."]]])
            #expect(sent["contents"] == [["role": "user", "parts": [["text": "Hi"]]]])
            let config = try #require(sent["generationConfig"])
            #expect(config["maxOutputTokens"] == 256)
            #expect(config["temperature"] == 0.3)
            #expect(config["topP"] == 0.8)
            #expect(config["topK"] == 20, "unknown keys of `other` are generation settings")
            #expect(config["stopSequences"] == ["END"])
            #expect(config["presencePenalty"] == 0.1)
            #expect(config["frequencyPenalty"] == 0.2)
            #expect(config["seed"] == 5)
            #expect(config["responseMimeType"] == "application/json")
            #expect(config["responseJsonSchema"] == ["type": "object"])
            #expect(config["responseLogprobs"] == true)
            #expect(config["logprobs"] == 2)
            #expect(config["candidateCount"] == nil)
            #expect(sent["safetySettings"]?[0]?["threshold"] == "BLOCK_NONE", "request fields of `other` stay on top")
            #expect(harness.upstream.requests.first?.query["key"] == nil, "the key is never in the URL")

            #expect(result.choices.first?.text == "Hello there", "thought summaries are not the answer")
            #expect(result.choices.first?.finishReason == .stop)
            #expect(result.promptTokens == 9)
            #expect(result.generationTokens == 10, "thinking tokens are billed output")
            #expect(result.providerResponses.first?.value["responseId"] == "resp-abc")
        }
    }

    @Test func numSamplesAreCandidates() async throws {
        let answer = GeminiWire.response([
            (parts: [GeminiWire.text("A")], finish: "STOP"), (parts: [GeminiWire.text("B")], finish: "MAX_TOKENS"),
        ])
        try await ProviderHarness.run(Self.api { _ in .json(answer) }) { harness in
            let result = try await provider(harness).generate(
                .completion(model: "models/\(Self.model)", "Letter?", samples: 2, key: Self.key))
            #expect(harness.upstream.requests.first?.body["generationConfig"]?["candidateCount"] == 2)
            #expect(
                harness.upstream.requests.first?.body["contents"] == [["role": "user", "parts": [["text": "Letter?"]]]])
            #expect(result.choices.map(\.text) == ["A", "B"])
            #expect(result.choices.map(\.finishReason) == [.stop, .length])
        }
    }

    @Test func functionsGoOutAndFunctionCallsComeBack() async throws {
        let answer = GeminiWire.response([
            (
                parts: [GeminiWire.call("get_weather", ["city": "Accra"]), GeminiWire.call("get_time", [:])],
                finish: "STOP"
            )
        ])
        try await ProviderHarness.run(Self.api { _ in .json(answer) }) { harness in
            let history = [
                ChatMessage.user("Weather?"),
                ChatMessage(
                    role: .assistant, toolCall: FunctionCall(name: "get_weather", arguments: #"{"city":"Lomé"}"#)),
                ChatMessage(role: .tool, content: .text(#"{"temp":31}"#), name: "get_weather"),
                ChatMessage(
                    role: .assistant, content: .text("Anything else?"),
                    toolCalls: [ToolCall(id: "c2", function: FunctionCall(name: "get_time", arguments: "{}"))]),
                ChatMessage(role: .tool, content: .text("noon"), toolCallID: "c2"),
                ChatMessage.user("And Accra?"),
            ]
            let tools = [
                ToolDefinition(name: "get_weather", description: "Weather", parameters: ["type": "object"]),
                ToolDefinition(name: "get_time"),
            ]
            let result = try await provider(harness).generate(
                .chat(model: Self.model, history, tools: tools, toolChoice: "required", key: Self.key))
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(
                sent["tools"]
                    == [
                        [
                            "functionDeclarations": [
                                ["name": "get_weather", "description": "Weather", "parameters": ["type": "object"]],
                                ["name": "get_time"],
                            ]
                        ]
                    ])
            #expect(sent["toolConfig"] == ["functionCallingConfig": ["mode": "ANY"]])
            let contents = try #require(sent["contents"]?.array)
            #expect(contents.map { $0["role"] } == ["user", "model", "user", "model", "user"])
            #expect(contents[1]["parts"] == [["functionCall": ["name": "get_weather", "args": ["city": "Lomé"]]]])
            #expect(contents[2]["parts"] == [["functionResponse": ["name": "get_weather", "response": ["temp": 31]]]])
            #expect(
                contents[4]["parts"]
                    == [
                        ["functionResponse": ["name": "get_time", "response": ["content": "noon"]]],
                        ["text": "And Accra?"],
                    ])

            let choice = try #require(result.choices.first)
            #expect(choice.finishReason == .toolCall, "Gemini says STOP when it calls functions")
            #expect(choice.toolCalls.map(\.function.name) == ["get_weather", "get_time"])
            #expect(choice.toolCalls.first?.function.arguments == #"{"city":"Accra"}"#)
            #expect(Set(choice.toolCalls.map(\.id)).count == 2, "made-up ids are distinct")
        }
    }

    @Test func zeroPenaltiesAreLeftOut() async throws {
        let answer = GeminiWire.response([(parts: [GeminiWire.text("ok")], finish: "STOP")])
        try await ProviderHarness.run(Self.api { _ in .json(answer) }) { harness in
            _ = try await provider(harness).generate(
                .chat(
                    model: Self.model, [.user("Hi")],
                    parameters: .sdkDefaults, key: Self.key))
            let config = try #require(harness.upstream.requests.first?.body["generationConfig"])
            #expect(config.keys == ["temperature", "topP"], "the SDK default config: penalties of 0 left out")
            #expect(config["topP"] == 1)
        }
    }

    @Test func settingsOutsideGeminisRangesAreRefusedBeforeAnyCall() async throws {
        let answer = GeminiWire.response([(parts: [GeminiWire.text("ok")], finish: "STOP")])
        try await ProviderHarness.run(Self.api { _ in .json(answer) }) { harness in
            await harness.expectRefusedBeforeAnyCall(
                provider(harness),
                [
                    (
                        SamplingParameters(temperature: 2.5),
                        "model_config.temperature must be between 0 and 2 (got 2.5)"
                    ),
                    (SamplingParameters(topP: 1.1), "model_config.top_p must be between 0 and 1 (got 1.1)"),
                    (
                        SamplingParameters(presencePenalty: 2),
                        "model_config.presence_penalty must be at least -2 and below 2 (got 2)"
                    ),
                    (
                        SamplingParameters(frequencyPenalty: -2.5),
                        "model_config.frequency_penalty must be at least -2 and below 2 (got -2.5)"
                    ),
                    (
                        SamplingParameters(stop: .stopSequences(6)),
                        "model_config.stop must hold at most 5 sequences (got 6)"
                    ),
                ]
            ) { .chat(model: Self.model, [.user("x")], parameters: $0, key: Self.key) }
            // Refused before the first call even when the samples are spread over several calls.
            await harness.expectRefusedBeforeAnyCall(
                provider(harness),
                .chat(
                    model: Self.model, [.user("x")], parameters: SamplingParameters(temperature: 3), samples: 9,
                    key: Self.key),
                saying: "model_config.temperature must be between 0 and 2 (got 3)")
        }
    }

    @Test func moreThanEightSamplesAreOneCallEach() async throws {
        let handler = Self.api { request in
            let count = request.body["generationConfig"]?["candidateCount"]?.int ?? 1
            return .json(
                GeminiWire.response(Array(repeating: (parts: [GeminiWire.text("A")], finish: "STOP"), count: count)))
        }
        try await ProviderHarness.run(handler) { harness in
            let eight = try await provider(harness).generate(
                .chat(model: Self.model, [.user("x")], samples: 8, key: Self.key))
            #expect(eight.choices.count == 8)
            #expect(harness.upstream.requests.map { $0.body["generationConfig"]?["candidateCount"] } == [8])
            let nine = try await provider(harness).generate(
                .chat(model: Self.model, [.user("x")], samples: 9, key: Self.key))
            #expect(nine.choices.count == 9)
            #expect(harness.upstream.requests.count == 10)
            #expect(harness.upstream.requests.dropFirst().allSatisfy { $0.body["generationConfig"] == nil })
        }
    }

    @Test func theFakeRefusesATemperatureAboveTwoAsGeminiDoes() async throws {
        // Through `other`, which is sent as it is: the check a regression in the adapter would meet.
        let answer = GeminiWire.response([(parts: [GeminiWire.text("ok")], finish: "STOP")])
        try await ProviderHarness.run(Self.api { _ in .json(answer) }) { harness in
            let error = await #expect(throws: ProviderError.self) {
                _ = try await provider(harness).generate(
                    .chat(
                        model: Self.model, [.user("x")], parameters: SamplingParameters(other: ["temperature": 3]),
                        key: Self.key))
            }
            #expect(error?.kind == .rejected)
            #expect(
                error?.message
                    == "HTTP 400: Unable to submit request because it has a temperature value of 3 but the supported range is from 0 (inclusive) to 2 (inclusive). Update the value and try again."
            )
        }
    }

    @Test func aFunctionChoiceRestrictsTheAllowedNames() {
        #expect(
            GeminiRequestBody.toolConfig(["type": "function", "function": ["name": "f"]])
                == ["functionCallingConfig": ["mode": "ANY", "allowedFunctionNames": ["f"]]])
        #expect(GeminiRequestBody.toolConfig("none") == ["functionCallingConfig": ["mode": "NONE"]])
    }

    @Test func aBlockedPromptIsRejected() async throws {
        let blocked = #"{"promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{"promptTokenCount":5}}"#
        try await ProviderHarness.run(Self.api { _ in .json(blocked) }) { harness in
            let error = await #expect(throws: ProviderError.self) {
                try await provider(harness).generate(.chat(model: Self.model, [.user("…")], key: Self.key))
            }
            #expect(error?.kind == .rejected)
            #expect(error?.message.contains("SAFETY") == true)
        }
    }

    @Test func streamsPartsUntilEveryCandidateFinished() async throws {
        let chunks = [
            GeminiWire.response([(parts: [GeminiWire.text("The ")], finish: nil)], output: nil),
            GeminiWire.response([(parts: [GeminiWire.text("sky is")], finish: nil)], output: nil),
            GeminiWire.response(
                [(parts: [GeminiWire.text(" blue."), GeminiWire.call("note", ["k": "v"])], finish: "STOP")], prompt: 7,
                output: 5),
        ]
        try await ProviderHarness.run(Self.api { _ in .events(chunks) }) { harness in
            let stream = try await provider(harness).stream(.chat(model: Self.model, [.user("Sky?")], key: Self.key))
            #expect(harness.upstream.requests.first?.path == "/v1beta/models/\(Self.model):streamGenerateContent")
            let answer = try await StreamedAnswer.collect(stream)
            #expect(answer.text() == "The sky is blue.")
            #expect(answer.toolCalls().map(\.function.name) == ["note"])
            #expect(answer.finish() == .some(.toolCall))
            #expect(answer.usage?.prompt == 7)
            #expect(answer.usage?.generation == 5)
        }
    }

    @Test func aStreamCutMidwayThrows() async throws {
        let chunks = [GeminiWire.response([(parts: [GeminiWire.text("The ")], finish: nil)], output: nil)]
        try await ProviderHarness.run(Self.api { _ in .events(chunks, cut: true) }) { harness in
            let stream = try await provider(harness).stream(.chat(model: Self.model, [.user("Sky?")], key: Self.key))
            let error = await #expect(throws: ProviderError.self) { _ = try await StreamedAnswer.collect(stream) }
            #expect(error?.kind == .badGateway)
            #expect(error?.provider == .google)
        }
    }

    @Test func aStreamThatStopsBeforeTheFinishReasonIsAnError() async throws {
        let chunks = [GeminiWire.response([(parts: [GeminiWire.text("The ")], finish: nil)], output: nil)]
        try await ProviderHarness.run(Self.api { _ in .events(chunks) }) { harness in
            let stream = try await provider(harness).stream(.chat(model: Self.model, [.user("Sky?")], key: Self.key))
            let error = await #expect(throws: ProviderError.self) { _ = try await StreamedAnswer.collect(stream) }
            #expect(error?.kind == .badGateway)
        }
    }
}
