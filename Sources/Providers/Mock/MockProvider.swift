import HumanloopAPI
import Synchronization

/// The deterministic offline provider of CONTRACT.md: it echoes the rendered prompt (completion) or
/// the last `user` message (chat), counts whitespace-separated words as tokens, and needs no key. It calls
/// no provider, so no provider's ranges apply: every setting is accepted and only `max_tokens` is used.
public struct MockProvider: Provider {
    public var name: ModelProvider { .mock }

    public init() {}

    public func generate(_ request: ProviderRequest) async throws -> ProviderResult {
        let (text, promptWords) = Self.echo(of: request.input)
        let (output, finishReason) = Self.truncate(text, maxTokens: request.parameters.maxTokens)
        let outputWords = Self.words(in: output).count
        let samples = max(request.numSamples, 1)
        let choice = ProviderChoice(text: output, finishReason: finishReason, generationTokens: outputWords)
        let choices = Array(repeating: choice, count: samples)
        let generationTokens = outputWords * samples
        let answer: JSONValue = .object([
            "object": "mock.completion",
            "model": .string(request.model),
            "choices": .array(
                choices.enumerated().map { index, choice in
                    .object([
                        "index": .integer(index),
                        "text": .string(choice.text),
                        "finish_reason": .string(choice.finishReason?.rawValue ?? "stop"),
                    ])
                }),
            "usage": .object([
                "prompt_tokens": .integer(promptWords),
                "completion_tokens": .integer(generationTokens),
                "total_tokens": .integer(promptWords + generationTokens),
            ]),
        ])
        return ProviderResult(
            choices: choices, promptTokens: promptWords, generationTokens: generationTokens,
            providerRequest: RawJSON(Self.describe(request)), providerResponses: [RawJSON(answer)])
    }

    /// One event per word with the whitespace before it (`\s*\S+`), trailing whitespace on the last
    /// event, one empty event for an empty text; then the finish of each sample and the usage.
    /// Concatenating a sample's deltas gives exactly its non-streamed text.
    public func stream(_ request: ProviderRequest) async throws -> ProviderStream {
        let result = try await generate(request)
        var events: [ProviderStreamEvent] = []
        for (index, choice) in result.choices.enumerated() {
            events += Self.chunks(of: choice.text).map { .text(index: index, delta: $0) }
            events.append(.finish(index: index, reason: choice.finishReason))
        }
        events.append(.usage(promptTokens: result.promptTokens, generationTokens: result.generationTokens))
        let queue = EventQueue(events)
        return ProviderStream(providerRequest: result.providerRequest) { queue.next() }
    }

    /// Splits text into the mock's stream chunks: each word with the whitespace before it, and any
    /// trailing whitespace added to the last chunk.
    static func chunks(of text: String) -> [String] {
        var chunks: [String] = []
        var current = ""
        var sawWord = false
        for character in text {
            if character.isWhitespace {
                if sawWord {
                    chunks.append(current)
                    current = ""
                    sawWord = false
                }
                current.append(character)
            } else {
                sawWord = true
                current.append(character)
            }
        }
        if sawWord || chunks.isEmpty {
            chunks.append(current)
        } else {
            chunks[chunks.count - 1] += current
        }
        return chunks
    }

    /// The text to echo and the number of words in the whole prompt.
    static func echo(of input: ProviderInput) -> (text: String, promptWords: Int) {
        switch input {
        case .prompt(let prompt):
            return (prompt, words(in: prompt).count)
        case .messages(let messages):
            let text = messages.last(where: { $0.role == .user })?.text ?? ""
            let promptWords = messages.reduce(0) { $0 + words(in: $1.text).count }
            return (text, promptWords)
        }
    }

    /// Cuts `text` to `maxTokens` words joined by single spaces when it has more; otherwise leaves it whole.
    static func truncate(_ text: String, maxTokens: Int?) -> (String, FinishReason) {
        guard let maxTokens, maxTokens > 0 else { return (text, .stop) }
        let words = words(in: text)
        guard words.count > maxTokens else { return (text, .stop) }
        return (words.prefix(maxTokens).joined(separator: " "), .length)
    }

    /// Whitespace-separated words.
    static func words(in text: String) -> [Substring] {
        text.split(whereSeparator: { $0.isWhitespace })
    }

    /// The neutral request as JSON, for `provider_request`. The key is never part of it.
    static func describe(_ request: ProviderRequest) -> JSONValue {
        var body: JSONObject = [
            "model": .string(request.model),
            "n": .integer(request.numSamples),
        ]
        switch request.input {
        case .prompt(let prompt): body["prompt"] = .string(prompt)
        case .messages(let messages):
            body["messages"] = .array(
                messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.text)]) })
        }
        if let maxTokens = request.parameters.maxTokens { body["max_tokens"] = .integer(maxTokens) }
        if let temperature = request.parameters.temperature { body["temperature"] = .number(temperature) }
        if let topP = request.parameters.topP { body["top_p"] = .number(topP) }
        if let user = request.user { body["user"] = .string(user) }
        return .object(body)
    }
}

/// Hands out prepared events one at a time.
final class EventQueue: Sendable {
    private let events: Mutex<ArraySlice<ProviderStreamEvent>>

    init(_ events: [ProviderStreamEvent]) {
        self.events = Mutex(events[...])
    }

    func next() -> ProviderStreamEvent? {
        events.withLock { $0.popFirst() }
    }
}
