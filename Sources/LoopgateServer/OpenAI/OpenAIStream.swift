import HumanloopAPI
import LoopgateCore
import Synchronization

/// A streamed chat as OpenAI streams it: every chunk carries the one id of the completion (the first
/// choice's log); each choice opens with its role, then its text, then (alone) its `finish_reason`; when
/// the request asked (`stream_options.include_usage`), every chunk has `usage: null` but a last one with
/// no choices and the usage; `data: [DONE]` ends the stream (`ServerSentEvents`' trailer).
final class OpenAIStreamShaper: Sendable {
    let model: String
    let includeUsage: Bool
    let created: Int64
    private let state = Mutex<(id: String?, opened: Set<Int>)>((nil, []))

    init(model: String, includeUsage: Bool, created: Int64) {
        self.model = model
        self.includeUsage = includeUsage
        self.created = created
    }

    /// The events of one piece of the generation.
    func events(for parts: StreamChunkParts) -> OpenAIStreamEvents {
        let (id, opening) = state.withLock { state -> (String, Bool) in
            let id = state.id ?? parts.logID
            state.id = id
            return (id, state.opened.insert(parts.index).inserted)
        }
        func chunk(_ choices: [OpenAIChatChunk.Choice], usage: OpenAIUsage? = nil) -> OpenAIChatChunk {
            OpenAIChatChunk(
                id: id, created: created, model: model, choices: choices, usage: usage,
                includesUsageField: includeUsage)
        }
        var events: [OpenAIChatChunk] = []
        if opening {
            events.append(chunk([.init(index: parts.index, delta: .init(role: "assistant", content: ""))]))
        }
        if !parts.delta.isEmpty {
            events.append(chunk([.init(index: parts.index, delta: .init(content: parts.delta))]))
        }
        if let finishReason = parts.finishReason {
            let calls = parts.toolCalls.enumerated().map { OpenAIToolCall(openAI: $1, index: $0) }
            if !calls.isEmpty {
                events.append(chunk([.init(index: parts.index, delta: .init(toolCalls: calls))]))
            }
            events.append(
                chunk([
                    .init(
                        index: parts.index, delta: .init(),
                        finishReason: OpenAIFinishReason.of(finishReason, hasToolCalls: !calls.isEmpty))
                ]))
        }
        if let usage = parts.usage, includeUsage {
            events.append(
                chunk(
                    [], usage: OpenAIUsage(promptTokens: usage.promptTokens, completionTokens: usage.generationTokens)))
        }
        return OpenAIStreamEvents(events: events)
    }
}

/// The OpenAI chunks one piece of a generation makes, each its own event.
struct OpenAIStreamEvents: Encodable, EventBatch {
    var events: [OpenAIChatChunk]

    func encode(to encoder: any Encoder) throws {
        try events.encode(to: encoder)
    }
}
