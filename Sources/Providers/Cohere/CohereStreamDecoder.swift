import HumanloopAPI

/// Reads a v2 Chat stream: `message-start`, `content-delta` (text), `tool-call-start`/`-delta`/`-end`
/// (a call whose arguments arrive in pieces), `tool-plan-delta` and citations (ignored), and
/// `message-end` with the finish reason and usage.
struct CohereStreamDecoder: StreamEventDecoder {
    /// One stream event. Its `delta` changes shape with `type` (the same key holds an array in
    /// `message-start` and an object in `tool-call-start`), so it is read as free JSON.
    struct Event: Decodable {
        var type: String
        var index: Int?
        var delta: JSONValue?
    }

    /// A tool call being assembled.
    private struct PartialCall: Sendable {
        var id: String?
        var name = ""
        var arguments = ""
    }

    let provider: ModelProvider
    private var calls: [Int: PartialCall] = [:]
    private(set) var isFinished = false

    init(provider: ModelProvider) {
        self.provider = provider
    }

    mutating func decode(_ event: ServerSentEvent) throws -> [ProviderStreamEvent] {
        if event.data.trimmingWhitespace() == "[DONE]" {
            isFinished = true
            return []
        }
        let decoded = try UpstreamJSON.decode(Event.self, from: event.data, provider: provider)
        let message = decoded.delta?["message"]
        switch decoded.type {
        case "content-delta":
            if let text = message?["content"]?["text"]?.stringValue, !text.isEmpty {
                return [.text(index: 0, delta: text)]
            }
        case "tool-call-start", "tool-call-delta":
            let index = decoded.index ?? calls.count
            let piece = message?["tool_calls"]
            var call = calls[index] ?? PartialCall()
            if let id = piece?["id"]?.stringValue { call.id = id }
            if let name = piece?["function"]?["name"]?.stringValue { call.name += name }
            if let arguments = piece?["function"]?["arguments"]?.stringValue { call.arguments += arguments }
            calls[index] = call
        case "message-end":
            isFinished = true
            if let error = decoded.delta?["error"]?.stringValue {
                throw ProviderError(kind: .badGateway, provider: provider, message: "the stream failed: \(error)")
            }
            return finish(decoded.delta)
        default:
            break  // message-start, content-start/end, tool-plan-delta, tool-call-end, citations, debug
        }
        return []
    }

    private mutating func finish(_ delta: JSONValue?) -> [ProviderStreamEvent] {
        let toolCalls = calls.sorted { $0.key < $1.key }.enumerated().map { order, entry in
            ToolCall(
                id: entry.value.id ?? ToolCallPairing.answerID(sample: 0, index: order),
                function: FunctionCall(name: entry.value.name, arguments: .string(entry.value.arguments)))
        }
        var events: [ProviderStreamEvent] = []
        if !toolCalls.isEmpty { events.append(.toolCalls(index: 0, calls: toolCalls)) }
        let reason = FinishReason(providerValue: delta?["finish_reason"]?.stringValue)?
            .accounting(forToolCalls: toolCalls)
        events.append(.finish(index: 0, reason: reason))
        if let usage = delta?["usage"].map(CohereUsage.init(json:)) {
            events.append(.usage(promptTokens: usage.inputTokens, generationTokens: usage.outputTokens))
        }
        return events
    }
}
