import HumanloopAPI

/// `num_samples` for providers whose API returns one sample per call (reference Q10: "one provider call
/// with `n` when supported, else N calls"): the calls run in parallel and their answers are merged.
enum SampleFanOut {
    /// Runs `call` `samples` times in parallel: choices in call order, usage summed, one entry of
    /// `provider_responses` per call.
    static func generate(
        samples: Int, _ call: @escaping @Sendable () async throws -> ProviderResult
    ) async throws -> ProviderResult {
        guard samples > 1 else { return try await call() }
        let results = try await withThrowingTaskGroup(of: (Int, ProviderResult).self) { group in
            for index in 0..<samples {
                group.addTask { (index, try await call()) }
            }
            var results: [ProviderResult?] = Array(repeating: nil, count: samples)
            for try await (index, result) in group {
                results[index] = result
            }
            return results.compactMap { $0 }
        }
        return ProviderResult(
            choices: results.flatMap(\.choices),
            promptTokens: results.reduce(0) { $0 + $1.promptTokens },
            generationTokens: results.reduce(0) { $0 + $1.generationTokens },
            providerRequest: results[0].providerRequest,
            providerResponses: results.flatMap(\.providerResponses))
    }

    /// Opens `samples` streams in parallel (each returns after its 2xx headers, so all have been accepted
    /// before the first event) and plays them one after the other as samples 0, 1, ….
    static func stream(
        samples: Int, _ open: @escaping @Sendable () async throws -> ProviderStream
    ) async throws -> ProviderStream {
        guard samples > 1 else { return try await open() }
        let streams = try await withThrowingTaskGroup(of: (Int, ProviderStream).self) { group in
            for index in 0..<samples {
                group.addTask { (index, try await open()) }
            }
            var streams: [ProviderStream?] = Array(repeating: nil, count: samples)
            for try await (index, stream) in group {
                streams[index] = stream
            }
            return streams.compactMap { $0 }
        }
        return ProviderStream(providerRequest: streams[0].providerRequest, source: SequentialSamples(streams))
    }
}

/// Plays single-sample streams one after the other, renumbering each one's events as its own sample
/// and reporting the summed usage once, at the end.
private actor SequentialSamples: ProviderEventSource {
    private var iterators: [ProviderStream.AsyncIterator]
    private var current = 0
    private var usage: (prompt: Int, generation: Int)?
    private var reportedUsage = false

    init(_ streams: [ProviderStream]) {
        iterators = streams.map { $0.makeAsyncIterator() }
    }

    func next() async throws -> ProviderStreamEvent? {
        while current < iterators.count {
            var iterator = iterators[current]
            let event = try await iterator.next(isolation: self)
            iterators[current] = iterator
            guard let event else {
                current += 1
                continue
            }
            switch event {
            case .text(_, let delta): return .text(index: current, delta: delta)
            case .toolCalls(_, let calls): return .toolCalls(index: current, calls: calls)
            case .finish(_, let reason): return .finish(index: current, reason: reason)
            case .usage(let prompt, let generation):
                usage = ((usage?.prompt ?? 0) + prompt, (usage?.generation ?? 0) + generation)
            }
        }
        guard let usage, !reportedUsage else { return nil }
        reportedUsage = true
        return .usage(promptTokens: usage.prompt, generationTokens: usage.generation)
    }
}
