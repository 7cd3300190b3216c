import HumanloopAPI

/// The deterministic offline provider of CONTRACT.md: it echoes the rendered prompt (completion) or
/// the last `user` message (chat), counts whitespace-separated words as tokens, and needs no key.
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
        return ProviderResult(
            choices: choices,
            promptTokens: promptWords,
            generationTokens: generationTokens,
            providerRequest: Self.describe(request),
            providerResponses: [
                .object([
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
            ]
        )
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
        var body: [String: JSONValue] = [
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
