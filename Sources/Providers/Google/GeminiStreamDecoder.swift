import HumanloopAPI

/// Reads `streamGenerateContent?alt=sse`: each `data:` event is a `GenerateContentResponse` carrying the
/// new parts of each candidate; a candidate ends with its `finishReason`, and the stream with the body
/// once every candidate has ended (Gemini sends no end marker). Usage comes, cumulative, on the chunks.
struct GeminiStreamDecoder: StreamEventDecoder {
    let provider: ModelProvider
    let samples: Int
    private var calls: [Int: [ToolCall]] = [:]
    private var finished: Set<Int> = []
    private var usage: GeminiResponse.Usage?

    init(provider: ModelProvider, samples: Int) {
        self.provider = provider
        self.samples = samples
    }

    var isFinished: Bool { finished.count >= samples }

    mutating func decode(_ event: ServerSentEvent) throws -> [ProviderStreamEvent] {
        let chunk = try UpstreamJSON.decode(GeminiResponse.self, from: event.data, provider: provider)
        if let blocked = chunk.promptFeedback?.blockReason {
            throw ProviderError(kind: .rejected, provider: provider, message: "the prompt was blocked: \(blocked)")
        }
        if let latest = chunk.usageMetadata { usage = latest }
        var events: [ProviderStreamEvent] = []
        for (position, candidate) in (chunk.candidates ?? []).enumerated() {
            let index = candidate.index ?? position
            let parts = candidate.content?.parts ?? []
            let text = GeminiResponse.text(of: parts)
            if !text.isEmpty { events.append(.text(index: index, delta: text)) }
            let known = calls[index, default: []].count
            calls[index, default: []] += GeminiResponse.toolCalls(in: parts, sample: index, from: known)
            if let reason = candidate.finishReason, !finished.contains(index) {
                finished.insert(index)
                let sampleCalls = calls[index] ?? []
                if !sampleCalls.isEmpty { events.append(.toolCalls(index: index, calls: sampleCalls)) }
                events.append(
                    .finish(
                        index: index, reason: FinishReason(providerValue: reason)?.accounting(forToolCalls: sampleCalls)
                    )
                )
            }
        }
        if isFinished, let usage {
            events.append(.usage(promptTokens: usage.promptTokenCount ?? 0, generationTokens: usage.generationTokens))
        }
        return events
    }
}
