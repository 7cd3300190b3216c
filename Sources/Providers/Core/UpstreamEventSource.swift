/// The events of one streamed provider answer: reads the body's server-sent events as they are asked
/// for and hands each to the adapter's decoder.
///
/// The body's iterator is not `Sendable` yet must be kept between pulls. The pulls come one at a time:
/// `ProviderStream` asks for the next event only after the last one arrived, and a stream has one
/// consumer (the generation that opened it). So this is a class that relies on that contract rather than
/// an actor: an actor cost two executor hops per event (to it and back), about a tenth of a streamed
/// event's work. A read error, or a body that ends before the decoder saw the provider's end, is thrown
/// from the stream as a `ProviderError`.
final class UpstreamEventSource<Decoder: StreamEventDecoder>: ProviderEventSource, @unchecked Sendable {
    private var events: ServerSentEvents<UpstreamResponseBody>.AsyncIterator
    private var decoder: Decoder
    private var pending: [ProviderStreamEvent] = []
    private var pendingIndex = 0
    private var ended = false
    private let transport: ProviderTransport
    private let request: UpstreamRequest

    init(
        response: UpstreamAnswer<UpstreamResponseBody>, decoder: Decoder, transport: ProviderTransport,
        request: UpstreamRequest
    ) {
        self.events = ServerSentEvents(response.body).makeAsyncIterator()
        self.decoder = decoder
        self.transport = transport
        self.request = request
    }

    func next() async throws -> ProviderStreamEvent? {
        while true {
            if pendingIndex < pending.count {
                defer { pendingIndex += 1 }
                return pending[pendingIndex]
            }
            if ended { return nil }
            pending = []
            pendingIndex = 0
            guard let event = try await nextUpstreamEvent() else {
                ended = true
                // A body cut short because the consumer went away is a cancellation, not a failure.
                if Task.isCancelled { throw CancellationError() }
                guard decoder.isFinished else {
                    let failure = ProviderError(
                        kind: .badGateway, provider: transport.provider,
                        message: "the stream ended before the provider finished its answer")
                    transport.log(failure, request: request)
                    throw failure
                }
                return nil
            }
            // Whatever follows the provider's end (nothing, normally) is read so the connection can be
            // reused, but not decoded.
            guard !decoder.isFinished else { continue }
            do {
                pending = try decoder.decode(event)
            } catch {
                ended = true
                throw transport.failure(reading: error, request: request)
            }
        }
    }

    private func nextUpstreamEvent() async throws -> ServerSentEvent? {
        var iterator = events
        defer { events = iterator }
        do {
            return try await iterator.next()
        } catch {
            ended = true
            throw transport.failure(reading: error, request: request)
        }
    }
}
