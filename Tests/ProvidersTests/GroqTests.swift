import HumanloopAPI
import Testing

@testable import Providers

@Suite("Groq adapter against a fake Groq")
struct GroqTests {
    static let key = "gsk_test_secret_789"

    /// A fake Groq: OpenAI's chat format under `/openai/v1`, a bearer key, `n` must be 1 and log
    /// probabilities are not supported (GroqCloud's API reference).
    static func groqAPI(_ reply: @escaping @Sendable (ReceivedRequest) -> FakeReply) -> FakeUpstream.Handler {
        { request, _ in
            guard request.path == "/openai/v1/chat/completions" else {
                return .json(OpenAIWire.error("Unknown request URL"), status: 404)
            }
            guard request.header("authorization") == "Bearer \(key)" else {
                return .json(OpenAIWire.error("Invalid API Key", code: "invalid_api_key"), status: 401)
            }
            // Groq documents OpenAI's ranges (GroqCloud API reference, the `groq` SDK) and OpenAI's error shape.
            if let outOfRange = OpenAIWire.rangeRejection(request.body, lowestMaxTokens: 0) { return outOfRange }
            var problems = OpenAIWire.chatProblems(request.body)
            if let n = request.body["n"], n != 1 { problems.append("'n' : number must be at most 1") }
            if request.body["logprobs"] != nil { problems.append("'logprobs' : not supported") }
            return problems.isEmpty ? reply(request) : OpenAIWire.rejection(problems)
        }
    }

    @Test func numSamplesBecomeOneCallEachAndUsageIsSummed() async throws {
        let handler = Self.groqAPI { request in
            // Each call answers with its own text, so the merge order can be checked.
            let prompt = request.body["messages"]?[0]?["content"]?.stringValue ?? ""
            return .json(
                OpenAIWire.chatCompletion(
                    choices: [(content: "answer to \(prompt)", toolCalls: [], finish: "stop")], prompt: 5,
                    completion: 3, model: "llama-3.3-70b-versatile"))
        }
        try await ProviderHarness.run(handler) { harness in
            let provider = GroqProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let parameters = SamplingParameters(maxTokens: 100, seed: 7, logprobs: 2)
            let result = try await provider.generate(
                .chat(
                    model: "llama-3.3-70b-versatile", [.user("Q")], parameters: parameters, samples: 3,
                    key: Self.key))
            #expect(harness.upstream.requests.count == 3)
            #expect(result.choices.map(\.text) == ["answer to Q", "answer to Q", "answer to Q"])
            #expect(result.promptTokens == 15)
            #expect(result.generationTokens == 9)
            #expect(result.providerResponses.count == 3)
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(sent["n"] == nil)
            #expect(sent["seed"] == 7)
            #expect(sent["max_tokens"] == 100)
        }
    }

    @Test func theSDKDefaultConfigIsAcceptedAndOutOfRangeSettingsAreRefused() async throws {
        let answer = OpenAIWire.chatCompletion(choices: [(content: "Hey", toolCalls: [], finish: "stop")])
        try await ProviderHarness.run(Self.groqAPI { _ in .json(answer) }) { harness in
            let provider = GroqProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            await harness.expectRefusedBeforeAnyCall(
                provider,
                [
                    (
                        SamplingParameters(temperature: 2.5),
                        "model_config.temperature must be between 0 and 2 (got 2.5)"
                    ),
                    (
                        SamplingParameters(stop: .stopSequences(5)),
                        "model_config.stop must hold at most 4 sequences (got 5)"
                    ),
                ]
            ) { .chat(model: "llama-3.3-70b-versatile", [.user("x")], parameters: $0, key: Self.key) }
            let result = try await provider.generate(
                .chat(model: "llama-3.3-70b-versatile", [.user("Hi")], parameters: .sdkDefaults, key: Self.key))
            #expect(result.choices.first?.text == "Hey")
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(sent["top_p"] == 1)
            #expect(sent["temperature"] == 1)
            #expect(sent["frequency_penalty"] == 0)
        }
    }

    @Test func streamsReadUsageFromXGroq() async throws {
        let last = JSONValue.object([
            "id": "chatcmpl-g1", "object": "chat.completion.chunk", "model": "llama-3.3-70b-versatile",
            "choices": [["index": 0, "delta": [:], "finish_reason": "stop"]],
            "x_groq": ["id": "req_01", "usage": ["prompt_tokens": 8, "completion_tokens": 2, "total_tokens": 10]],
        ]).serialized()
        let events = [OpenAIWire.chunk(delta: ["role": "assistant", "content": "Hi!"]), last, "[DONE]"]
        try await ProviderHarness.run(Self.groqAPI { _ in .events(events) }) { harness in
            let provider = GroqProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let answer = try await StreamedAnswer.collect(
                try await provider.stream(.chat(model: "llama-3.3-70b-versatile", [.user("Hi")], key: Self.key)))
            #expect(answer.text() == "Hi!")
            #expect(answer.usage?.prompt == 8)
            #expect(answer.usage?.generation == 2)
        }
    }

    @Test func streamedSamplesAreOneStreamEachPlayedInTurn() async throws {
        let handler = Self.groqAPI { _ in
            .events([
                OpenAIWire.chunk(delta: ["content": "same"]), OpenAIWire.chunk(delta: [:], finish: "length"),
                OpenAIWire.usageChunk(prompt: 2, completion: 1), "[DONE]",
            ])
        }
        try await ProviderHarness.run(handler) { harness in
            let provider = GroqProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let answer = try await StreamedAnswer.collect(
                try await provider.stream(.chat(model: "m", [.user("Hi")], samples: 2, key: Self.key)))
            #expect(harness.upstream.requests.count == 2)
            #expect(answer.text(0) == "same")
            #expect(answer.text(1) == "same")
            #expect(answer.finish(1) == .some(.length))
            #expect(answer.usage?.prompt == 4)
            #expect(answer.usage?.generation == 2)
        }
    }

    @Test func aStreamCutMidwayThrows() async throws {
        let events = [OpenAIWire.chunk(delta: ["content": "par"])]
        try await ProviderHarness.run(Self.groqAPI { _ in .events(events, cut: true) }) { harness in
            let provider = GroqProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let stream = try await provider.stream(.chat(model: "m", [.user("Hi")], key: Self.key))
            let error = await #expect(throws: ProviderError.self) { _ = try await StreamedAnswer.collect(stream) }
            #expect(error?.provider == .groq)
        }
    }
}
