import HumanloopAPI

/// One step of a streamed generation, provider-neutral.
public enum ProviderStreamEvent: Sendable, Hashable {
    /// New text of sample `index` (a delta, never cumulative, never trimmed).
    case text(index: Int, delta: String)
    /// The tool calls sample `index` made, complete.
    case toolCalls(index: Int, calls: [ToolCall])
    /// Sample `index` is finished.
    case finish(index: Int, reason: FinishReason?)
    /// Token usage of the whole call, when the provider reports it.
    case usage(promptTokens: Int, generationTokens: Int)
}

/// A streamed generation: a pull-based sequence of events (the provider is read only as fast as the
/// consumer asks, so nothing buffers without bound), plus the request that was sent.
public struct ProviderStream: AsyncSequence, Sendable {
    public typealias Element = ProviderStreamEvent

    /// The body sent to the provider, without any key, for `provider_request`.
    public let providerRequest: RawJSON
    private let events: AsyncThrowingStream<ProviderStreamEvent, any Error>

    /// A stream that calls `next` for each event; `nil` ends it. Cancelling the consuming task
    /// cancels the pending `next`, which closes the upstream connection.
    public init(providerRequest: RawJSON, next: @escaping @Sendable () async throws -> ProviderStreamEvent?) {
        self.providerRequest = providerRequest
        self.events = AsyncThrowingStream(unfolding: next)
    }

    public func makeAsyncIterator() -> AsyncThrowingStream<ProviderStreamEvent, any Error>.AsyncIterator {
        events.makeAsyncIterator()
    }
}
