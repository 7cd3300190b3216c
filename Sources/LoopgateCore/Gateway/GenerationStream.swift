import HumanloopAPI
import Providers
import Storage

/// What a streamed generation sends: response-shaped chunks, or one error once it fails midway.
public enum StreamEvent<Chunk: Sendable>: Sendable {
    /// A text delta of one sample, as parts: `GenerationStream.chunk(_:)` shapes them. All text events of
    /// a sample have the same parts but for `delta`, so a consumer may encode the rest once per sample.
    case text(StreamChunkParts)
    case chunk(Chunk)
    case failure(any Error)
}

/// A streamed generation whose provider calls have been accepted (the upstream answered 2xx), so
/// everything that can fail before the first byte has already failed as a normal JSON error.
///
/// `run` pulls provider events as it can emit them (no buffering of the whole answer), emits each text
/// delta at once, records the logs when the provider is done (with the whole output, as a non-streamed
/// call would; partial output and the error when it fails or the client goes away) and sends each
/// sample's final chunk only after that commit, so feedback sent at once never meets a 404.
public final class GenerationStream<Chunk: Sendable>: Sendable {
    typealias ChunkBuilder = @Sendable (StreamChunkParts) -> Chunk

    let gateway: Gateway
    let call: GenerationCall
    let opened: [(GenerationGroup, ProviderStream, ModelProvider)]
    let makeChunk: ChunkBuilder
    let createdAt: Timestamp
    let started: ContinuousClock.Instant
    let logIDs: [String]

    init(
        gateway: Gateway, call: GenerationCall, opened: [(GenerationGroup, ProviderStream, ModelProvider)],
        started: ContinuousClock.Instant, makeChunk: @escaping ChunkBuilder
    ) {
        self.gateway = gateway
        self.call = call
        self.opened = opened
        self.makeChunk = makeChunk
        self.createdAt = Clock.now()
        self.started = started
        let count = call.groups.reduce(0) { $0 + $1.sampleIndexes.count }
        self.logIDs = (0..<count).map { _ in ResourceID.make(call.request.logIDPrefix) }
    }

    /// Streams the generation to `emit`. Returns when the stream is over: finished, failed (after one
    /// `.failure` event) or abandoned (`emit` threw or the task was cancelled, e.g. the client left).
    public func run(emit: (StreamEvent<Chunk>) async throws -> Void) async {
        let count = logIDs.count
        var texts = [String](repeating: "", count: count)
        var finishes = [FinishReason?](repeating: nil, count: count)
        var toolCalls = [[ToolCall]](repeating: [], count: count)
        var usage: [Int: (prompt: Int, generation: Int)] = [:]
        var providerDuration = Duration.zero
        var failure: (any Error)?
        var clientGone = false

        streaming: for (groupIndex, (group, stream, _)) in opened.enumerated() {
            let groupStarted = ContinuousClock.now
            var events = stream.makeAsyncIterator()
            do {
                while let event = try await events.next() {
                    switch event {
                    case .text(let index, let delta):
                        guard let sample = group.sampleIndexes[safe: index] else { continue }
                        texts[sample] += delta
                        do {
                            try await emit(.text(parts(sample: sample, group: group, delta: delta)))
                        } catch {
                            // The client is gone. Cancel this task (whoever noticed first may not have
                            // yet) and pull once more: the provider sees the cancellation and closes its
                            // upstream connection now, not whenever the abandoned stream is released.
                            clientGone = true
                            withUnsafeCurrentTask { $0?.cancel() }
                            _ = try? await events.next()
                            break streaming
                        }
                    case .toolCalls(let index, let calls):
                        if let sample = group.sampleIndexes[safe: index] { toolCalls[sample] += calls }
                    case .finish(let index, let reason):
                        if let sample = group.sampleIndexes[safe: index] { finishes[sample] = reason }
                    case .usage(let prompt, let generation):
                        usage[groupIndex] = (prompt, generation)
                    }
                }
            } catch is CancellationError {
                clientGone = true
                break streaming
            } catch {
                failure = error
                break streaming
            }
            providerDuration += ContinuousClock.now - groupStarted
        }
        if Task.isCancelled { clientGone = true }
        for (_, _, provider) in opened {
            ProviderMetrics.record(
                provider, outcome: clientGone ? "cancelled" : failure == nil ? "success" : "error",
                duration: ContinuousClock.now - started)
        }

        let error: String? =
            clientGone
            ? "cancelled: the client disconnected before the stream ended"
            : failure.map { Self.describe($0) }
        let written = try? await record(
            texts: texts, finishes: finishes, toolCalls: toolCalls, usage: usage, providerDuration: providerDuration,
            error: error)
        if clientGone { return }
        if let failure {
            try? await emit(.failure(failure))
            return
        }
        guard let written else {
            try? await emit(.failure(GatewayError.unavailable("the log could not be recorded")))
            return
        }
        let totalPrompt = usage.values.reduce(0) { $0 + $1.prompt }
        let totalGeneration = usage.values.reduce(0) { $0 + $1.generation }
        for (position, sample) in (0..<count).enumerated() {
            guard let groupIndex = call.groups.firstIndex(where: { $0.sampleIndexes.contains(sample) }) else {
                continue
            }
            let group = call.groups[groupIndex]
            var final = parts(sample: sample, group: group, delta: "")
            final.finishReason = (finishes[sample] ?? .stop).rawValue
            final.toolCalls = toolCalls[sample]
            final.output = texts[sample]
            final.promptTokens = usage[groupIndex]?.prompt
            final.outputTokens = Self.outputTokens(of: texts[sample], in: group, usage: usage[groupIndex])
            final.sessionID = written.sessionID ?? call.context.sessionID
            if position == count - 1 {
                final.usage = Usage(promptTokens: totalPrompt, generationTokens: totalGeneration)
            }
            do {
                try await emit(.chunk(makeChunk(final)))
            } catch {
                return
            }
        }
    }

    /// The chunk of a `.text` event's parts, in the endpoint's response shape.
    public func chunk(_ parts: StreamChunkParts) -> Chunk {
        makeChunk(parts)
    }

    func parts(sample: Int, group: GenerationGroup, delta: String) -> StreamChunkParts {
        StreamChunkParts(
            logID: logIDs[sample], index: sample, delta: delta, configID: group.config.id,
            projectID: call.context.project?.id, sessionID: call.context.sessionID)
    }

    /// One writer entry with every sample's log: the whole output, or what arrived before the error.
    func record(
        texts: [String], finishes: [FinishReason?], toolCalls: [[ToolCall]],
        usage: [Int: (prompt: Int, generation: Int)],
        providerDuration: Duration, error: String?
    ) async throws -> GenerationWriteResult {
        var logs: [LogRecord] = []
        let totalSeconds = (ContinuousClock.now - started).seconds
        for (groupIndex, (group, stream, provider)) in opened.enumerated() {
            for sample in group.sampleIndexes {
                var log = gateway.logBuilder(
                    call, group: group, id: logIDs[sample], createdAt: createdAt, provider: provider)
                log.measure(
                    finishReason: error == nil ? (finishes[sample] ?? .stop).rawValue : nil,
                    promptTokens: usage[groupIndex]?.prompt,
                    outputTokens: Self.outputTokens(of: texts[sample], in: group, usage: usage[groupIndex]),
                    providerLatency: providerDuration.seconds, duration: totalSeconds, error: error)
                let output = texts[sample].trimmingWhitespace()
                log.payload.output = output
                log.payload.rawOutput = texts[sample]
                if call.request.kind == .chat {
                    log.payload.outputMessage = ChatMessage(
                        role: .assistant, content: .text(output),
                        toolCalls: toolCalls[sample].isEmpty ? nil : toolCalls[sample])
                }
                log.payload.providerRequest = stream.providerRequest.text
                logs.append(try log.build())
            }
        }
        return try await gateway.write(call, logs: logs)
    }

    /// A streamed sample's output tokens. Providers report a stream's usage per call: with one sample
    /// that is the sample's own count, with several each is estimated from its words.
    static func outputTokens(of text: String, in group: GenerationGroup, usage: (prompt: Int, generation: Int)?)
        -> Int?
    {
        group.sampleIndexes.count == 1 ? usage?.generation : WordCount.words(in: text)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? ProviderError { return "\(error.provider.rawValue): \(error.message)" }
        return "\(error)"
    }
}

/// The pieces of one stream chunk; each API version shapes them into its response type.
public struct StreamChunkParts: Sendable {
    /// The id of the sample's log.
    public var logID: String
    /// The sample's place in the answer.
    public var index: Int
    /// The text since the last chunk (empty in a sample's final chunk).
    public var delta: String
    public var configID: String
    public var projectID: String?
    /// The session the logs joined; in a final chunk, one found or created from a session reference.
    public var sessionID: String?
    /// Set in each sample's final chunk, sent once the logs are committed.
    public var finishReason: String?
    public var toolCalls: [ToolCall] = []
    /// The whole generation's usage, in the last chunk of all.
    public var usage: Usage?
    /// In each sample's final chunk: its whole text, and its tokens (the prompt's of its provider call).
    public var output: String?
    public var promptTokens: Int?
    public var outputTokens: Int?

    init(logID: String, index: Int, delta: String, configID: String, projectID: String?, sessionID: String?) {
        self.logID = logID
        self.index = index
        self.delta = delta
        self.configID = configID
        self.projectID = projectID
        self.sessionID = sessionID
    }

    /// Whether this is the last chunk of the stream.
    public var isLast: Bool { usage != nil }
}

/// A sample's token count when the provider reports usage only for the whole call of several samples:
/// whitespace-separated words (exact for the mock, an estimate for real models).
enum WordCount {
    static func words(in text: String) -> Int {
        text.split(whereSeparator: { $0.isWhitespace }).count
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
