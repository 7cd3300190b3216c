import HumanloopAPI

/// Reads an OpenAI-style stream (chat or legacy completions): `data:` chunks with per-sample deltas,
/// tool-call arguments in pieces, a usage chunk when asked for, then `data: [DONE]`.
struct OpenAIStreamDecoder: StreamEventDecoder {
    /// One streamed chunk, as far as Loopgate reads it. Chat chunks carry `delta`, completions `text`.
    struct Chunk: Decodable {
        struct Choice: Decodable {
            var index: Int?
            var delta: Delta?
            var text: String?
            var finishReason: String?

            enum CodingKeys: String, CodingKey {
                case index, delta, text
                case finishReason = "finish_reason"
            }
        }

        struct Delta: Decodable {
            var content: String?
            var toolCalls: [ToolCallDelta]?

            enum CodingKeys: String, CodingKey {
                case content
                case toolCalls = "tool_calls"
            }
        }

        struct ToolCallDelta: Decodable {
            struct Function: Decodable {
                var name: String?
                var arguments: String?
            }

            var index: Int?
            var id: String?
            var function: Function?
        }

        /// Groq's own place for a stream's usage.
        struct GroqExtras: Decodable {
            var usage: OpenAIUsage?
        }

        struct StreamError: Decodable {
            var message: String?
        }

        var choices: [Choice]?
        var usage: OpenAIUsage?
        var xGroq: GroqExtras?
        var error: StreamError?

        enum CodingKeys: String, CodingKey {
            case choices, usage, error
            case xGroq = "x_groq"
        }
    }

    /// A tool call being assembled from its pieces.
    private struct PartialCall: Sendable {
        var id: String?
        var name = ""
        var arguments = ""
    }

    let provider: ModelProvider
    let samples: Int
    /// Whether a usage chunk is due before the end (the request asked for one).
    let expectsUsage: Bool
    private var calls: [Int: [Int: PartialCall]] = [:]
    private var finished: Set<Int> = []
    private var sawUsage = false
    private var sawDone = false

    init(provider: ModelProvider, samples: Int, expectsUsage: Bool) {
        self.provider = provider
        self.samples = samples
        self.expectsUsage = expectsUsage
    }

    /// Done at `[DONE]`; also once every sample finished and the usage (if due) came, for compatible
    /// servers that close without `[DONE]`.
    var isFinished: Bool {
        sawDone || (finished.count >= samples && (sawUsage || !expectsUsage))
    }

    mutating func decode(_ event: ServerSentEvent) throws -> [ProviderStreamEvent] {
        if event.data.trimmingWhitespace() == "[DONE]" {
            sawDone = true
            return []
        }
        let chunk = try UpstreamJSON.decode(Chunk.self, from: event.data, provider: provider)
        if let error = chunk.error {
            throw ProviderError(
                kind: .badGateway, provider: provider,
                message: "the stream failed: \(error.message ?? "no explanation given")")
        }
        var events: [ProviderStreamEvent] = []
        for (position, choice) in (chunk.choices ?? []).enumerated() {
            let index = choice.index ?? position
            if let text = choice.delta?.content ?? choice.text, !text.isEmpty {
                events.append(.text(index: index, delta: text))
            }
            for (order, piece) in (choice.delta?.toolCalls ?? []).enumerated() {
                var call = calls[index, default: [:]][piece.index ?? order] ?? PartialCall()
                if let id = piece.id, !id.isEmpty { call.id = id }
                if let name = piece.function?.name { call.name += name }
                if let arguments = piece.function?.arguments { call.arguments += arguments }
                calls[index, default: [:]][piece.index ?? order] = call
            }
            if let reason = choice.finishReason {
                events += finish(index, reason: reason)
            }
        }
        if let usage = chunk.usage ?? chunk.xGroq?.usage {
            sawUsage = true
            events.append(
                .usage(promptTokens: usage.promptTokens ?? 0, generationTokens: usage.completionTokens ?? 0))
        }
        return events
    }

    /// A sample's end: its assembled tool calls, complete, then its finish.
    private mutating func finish(_ index: Int, reason: String) -> [ProviderStreamEvent] {
        finished.insert(index)
        let partials = (calls.removeValue(forKey: index) ?? [:]).sorted { $0.key < $1.key }.map(\.value)
        let toolCalls = partials.enumerated().map { order, call in
            ToolCall(
                id: call.id ?? ToolCallPairing.answerID(sample: index, index: order),
                function: FunctionCall(name: call.name, arguments: .string(call.arguments)))
        }
        let normalised = FinishReason(providerValue: reason)?.accounting(forToolCalls: toolCalls)
        var events: [ProviderStreamEvent] = []
        if !toolCalls.isEmpty { events.append(.toolCalls(index: index, calls: toolCalls)) }
        events.append(.finish(index: index, reason: normalised))
        return events
    }
}
