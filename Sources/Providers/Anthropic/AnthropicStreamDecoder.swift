import HumanloopAPI

/// Reads a Messages API stream: `message_start` (input usage), `content_block_start/delta/stop` (text
/// deltas, tool-use input as partial JSON), `message_delta` (stop reason, output usage), `message_stop`;
/// `ping`s are ignored and an `error` event fails the stream.
struct AnthropicStreamDecoder: StreamEventDecoder {
    struct Event: Decodable {
        struct Message: Decodable {
            var usage: AnthropicUsage?
        }

        struct Delta: Decodable {
            var type: String?
            var text: String?
            var partialJSON: String?
            var stopReason: String?

            enum CodingKeys: String, CodingKey {
                case type, text
                case partialJSON = "partial_json"
                case stopReason = "stop_reason"
            }
        }

        struct Failure: Decodable {
            var type: String?
            var message: String?
        }

        var type: String
        var index: Int?
        var message: Message?
        var contentBlock: AnthropicMessage.Block?
        var delta: Delta?
        var usage: AnthropicUsage?
        var error: Failure?

        enum CodingKeys: String, CodingKey {
            case type, index, message, delta, usage, error
            case contentBlock = "content_block"
        }
    }

    /// A tool use being assembled from its input's pieces.
    private struct PartialToolUse: Sendable {
        var id: String
        var name: String
        var initialInput: JSONValue?
        var json = ""
    }

    let provider: ModelProvider
    private var toolUses: [Int: PartialToolUse] = [:]
    private var usage = AnthropicUsage()
    private var stopReason: String?
    private(set) var isFinished = false

    init(provider: ModelProvider) {
        self.provider = provider
    }

    mutating func decode(_ event: ServerSentEvent) throws -> [ProviderStreamEvent] {
        let decoded = try UpstreamJSON.decode(Event.self, from: event.data, provider: provider)
        switch decoded.type {
        case "message_start":
            if let start = decoded.message?.usage { usage = start }
        case "content_block_start":
            if let block = decoded.contentBlock, block.type == "tool_use", let index = decoded.index {
                toolUses[index] = PartialToolUse(id: block.id ?? "", name: block.name ?? "", initialInput: block.input)
            } else if let text = decoded.contentBlock?.text, !text.isEmpty {
                return [.text(index: 0, delta: text)]
            }
        case "content_block_delta":
            if let text = decoded.delta?.text, !text.isEmpty, decoded.delta?.type == "text_delta" {
                return [.text(index: 0, delta: text)]
            }
            if let piece = decoded.delta?.partialJSON, let index = decoded.index {
                toolUses[index]?.json += piece
            }
        case "message_delta":
            if let reason = decoded.delta?.stopReason { stopReason = reason }
            if let output = decoded.usage?.outputTokens { usage.outputTokens = output }
            if let input = decoded.usage?.inputTokens { usage.inputTokens = input }
        case "message_stop":
            isFinished = true
            return finish()
        case "error":
            let failure = decoded.error
            throw ProviderError(
                kind: failure?.type == "rate_limit_error" ? .rateLimited : .badGateway, provider: provider,
                message: "the stream failed: \(failure?.message ?? failure?.type ?? "no explanation given")")
        default:
            break  // ping, content_block_stop, and kinds added later
        }
        return []
    }

    /// The sample's end: its tool uses, complete, then its finish and the usage.
    private mutating func finish() -> [ProviderStreamEvent] {
        let calls = toolUses.sorted { $0.key < $1.key }.enumerated().map { order, entry in
            let use = entry.value
            let arguments = use.json.isEmpty ? (use.initialInput ?? [:]).serialized() : use.json
            return ToolCall(
                id: use.id.isEmpty ? ToolCallPairing.answerID(sample: 0, index: order) : use.id,
                function: FunctionCall(name: use.name, arguments: .string(arguments)))
        }
        var events: [ProviderStreamEvent] = []
        if !calls.isEmpty { events.append(.toolCalls(index: 0, calls: calls)) }
        events.append(
            .finish(index: 0, reason: FinishReason(providerValue: stopReason)?.accounting(forToolCalls: calls)))
        events.append(.usage(promptTokens: usage.promptTokens, generationTokens: usage.outputTokens ?? 0))
        return events
    }
}
