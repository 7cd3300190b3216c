import HumanloopAPI
import Logging
import Testing

@testable import Providers

/// One adapter, described for the failure suite that every adapter must pass: how to make it, a model
/// it serves, and its provider's success and error bodies in the real format.
struct AdapterUnderTest: Sendable, CustomTestStringConvertible {
    var provider: ModelProvider
    var make: @Sendable (ProviderConfiguration, UpstreamHTTPClient, Logger) -> any Provider
    var model: String
    /// A valid non-streamed answer saying "ok".
    var success: String
    /// The provider's error body carrying `message`.
    var errorBody: @Sendable (_ message: String) -> String
    /// A whole streamed answer saying "ok", as the body's chunks.
    var stream: [String]
    /// The first chunks of a streamed answer: some text, not the end.
    var streamStart: [String]

    var testDescription: String { provider.rawValue }

    static let openAI = AdapterUnderTest(
        provider: .openai, make: { OpenAIProvider(configuration: $0, httpClient: $1, logger: $2) }, model: "gpt-4o",
        success: OpenAIWire.chatCompletion(choices: [(content: "ok", toolCalls: [], finish: "stop")]),
        errorBody: { OpenAIWire.error($0) },
        stream: OpenAIWire.sse([
            OpenAIWire.chunk(delta: ["role": "assistant", "content": "o"]), OpenAIWire.chunk(delta: ["content": "k"]),
            OpenAIWire.chunk(delta: [:], finish: "stop"), OpenAIWire.usageChunk(prompt: 1, completion: 1), "[DONE]",
        ]),
        streamStart: OpenAIWire.sse([OpenAIWire.chunk(delta: ["role": "assistant", "content": "o"])]))

    static let azure = AdapterUnderTest(
        provider: .openaiAzure, make: { AzureOpenAIProvider(configuration: $0, httpClient: $1, logger: $2) },
        model: "my-gpt4o-deployment",
        success: OpenAIWire.chatCompletion(choices: [(content: "ok", toolCalls: [], finish: "stop")]),
        errorBody: { OpenAIWire.error($0) },
        stream: OpenAIWire.sse([
            OpenAIWire.chunk(delta: ["role": "assistant", "content": "o"]), OpenAIWire.chunk(delta: ["content": "k"]),
            OpenAIWire.chunk(delta: [:], finish: "stop"), OpenAIWire.usageChunk(prompt: 1, completion: 1), "[DONE]",
        ]),
        streamStart: OpenAIWire.sse([OpenAIWire.chunk(delta: ["role": "assistant", "content": "o"])]))

    static let groq = AdapterUnderTest(
        provider: .groq, make: { GroqProvider(configuration: $0, httpClient: $1, logger: $2) },
        model: "llama-3.3-70b-versatile",
        success: OpenAIWire.chatCompletion(choices: [(content: "ok", toolCalls: [], finish: "stop")]),
        errorBody: { OpenAIWire.error($0) },
        stream: OpenAIWire.sse([
            OpenAIWire.chunk(delta: ["role": "assistant", "content": "o"]), OpenAIWire.chunk(delta: ["content": "k"]),
            OpenAIWire.chunk(delta: [:], finish: "stop"), OpenAIWire.usageChunk(prompt: 1, completion: 1), "[DONE]",
        ]),
        streamStart: OpenAIWire.sse([OpenAIWire.chunk(delta: ["role": "assistant", "content": "o"])]))

    static let ai21 = AdapterUnderTest(
        provider: .ai21, make: { AI21Provider(configuration: $0, httpClient: $1, logger: $2) }, model: "jamba-large",
        success: OpenAIWire.chatCompletion(choices: [(content: "ok", toolCalls: [], finish: "stop")]),
        errorBody: { JSONValue.object(["detail": .string($0)]).serialized() },
        stream: OpenAIWire.sse([
            OpenAIWire.chunk(delta: ["role": "assistant", "content": "o"]), OpenAIWire.chunk(delta: ["content": "k"]),
            OpenAIWire.chunk(delta: [:], finish: "stop"), "[DONE]",
        ]),
        streamStart: OpenAIWire.sse([OpenAIWire.chunk(delta: ["role": "assistant", "content": "o"])]))

    static let anthropic = AdapterUnderTest(
        provider: .anthropic, make: { AnthropicProvider(configuration: $0, httpClient: $1, logger: $2) },
        model: "claude-sonnet-4-5", success: AnthropicWire.message([AnthropicWire.text("ok")]),
        errorBody: { AnthropicWire.error($0) },
        stream: AnthropicWire.sse(AnthropicWire.stream(pieces: ["o", "k"])),
        streamStart: AnthropicWire.sse(Array(AnthropicWire.stream(pieces: ["o", "k"]).prefix(4))))

    static let gemini = AdapterUnderTest(
        provider: .google, make: { GeminiProvider(configuration: $0, httpClient: $1, logger: $2) },
        model: "gemini-2.0-flash", success: GeminiWire.response([(parts: [GeminiWire.text("ok")], finish: "STOP")]),
        errorBody: { GeminiWire.error($0) },
        stream: OpenAIWire.sse([
            GeminiWire.response([(parts: [GeminiWire.text("o")], finish: nil)], output: nil),
            GeminiWire.response([(parts: [GeminiWire.text("k")], finish: "STOP")]),
        ]),
        streamStart: OpenAIWire.sse([GeminiWire.response([(parts: [GeminiWire.text("o")], finish: nil)], output: nil)]))

    static let cohere = AdapterUnderTest(
        provider: .cohere, make: { CohereProvider(configuration: $0, httpClient: $1, logger: $2) },
        model: "command-a-03-2025", success: CohereWire.response(text: "ok"), errorBody: { CohereWire.error($0) },
        stream: AnthropicWire.sse(CohereWire.stream(pieces: ["o", "k"])),
        streamStart: AnthropicWire.sse(Array(CohereWire.stream(pieces: ["o", "k"]).prefix(3))))

    static let all: [AdapterUnderTest] = [.openAI, .azure, .groq, .ai21, .anthropic, .gemini, .cohere]
}
