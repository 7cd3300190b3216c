import NIOCore
import Synchronization

/// The bounded buffer between a streamed response's pump, which pulls the provider, and the writer,
/// which waits for the client's socket.
///
/// It holds at most `Limits.events` events or `Limits.bytes` bytes (one event past the byte bound is
/// taken when the buffer is empty, so any event fits); a full buffer makes the pump wait, so a client
/// that stops reading stops the pull from the provider instead of piling the answer up in memory. The
/// writer's side ends the buffer however it ends (`abandon()`): the pump is told at once, and what is
/// queued is let go.
///
/// Written here rather than taken from a library: `AsyncStream` has no backpressure (its producer never
/// waits), swift-async-algorithms' `AsyncChannel` hands over one element at a time with no bound in
/// bytes and no signal when its consumer leaves, and NIO's `NIOAsyncSequenceProducer` counts elements
/// only. One producer and one consumer, each waiting on a continuation, is all this needs.
final class StreamBuffer: Sendable {
    struct Limits: Sendable {
        var events: Int
        var bytes: Int

        /// Enough for a provider's burst of deltas; small enough that a thousand stalled streams hold
        /// 64 MiB between them at most.
        static let standard = Limits(events: 64, bytes: 64 * 1024)
    }

    private struct State {
        var queue = CircularBuffer<ByteBuffer>()
        var bytes = 0
        /// The pump is done: the consumer reads what is left, then the end.
        var finished = false
        /// The consumer is gone: the pump's next `send` fails.
        var abandoned = false
        var waitingConsumer: CheckedContinuation<ByteBuffer?, Never>?
        var waitingProducer: CheckedContinuation<Void, any Error>?

        func isFull(_ limits: Limits) -> Bool {
            queue.count >= limits.events || bytes >= limits.bytes
        }

        /// The producer to wake once the consumer has made room.
        mutating func producerToWake(_ limits: Limits) -> CheckedContinuation<Void, any Error>? {
            guard !isFull(limits), let producer = waitingProducer else { return nil }
            waitingProducer = nil
            return producer
        }
    }

    let limits: Limits
    private let state = Mutex(State())

    init(limits: Limits = .standard) {
        self.limits = limits
    }

    /// How many events and bytes are queued now (for tests and diagnostics).
    var queued: (events: Int, bytes: Int) {
        state.withLock { ($0.queue.count, $0.bytes) }
    }

    // MARK: The producer's side

    /// Queues one event, then waits while the buffer is full. Throws `CancellationError` once the consumer
    /// is gone or the calling task is cancelled.
    func send(_ event: ByteBuffer) async throws {
        enum Action {
            case queued, full, gone
            case handOver(CheckedContinuation<ByteBuffer?, Never>)
        }
        let action = state.withLock { state -> Action in
            if state.abandoned { return .gone }
            if let consumer = state.waitingConsumer {
                // A waiting consumer means an empty queue: give it the event directly.
                state.waitingConsumer = nil
                return .handOver(consumer)
            }
            state.queue.append(event)
            state.bytes += event.readableBytes
            return state.isFull(limits) ? .full : .queued
        }
        switch action {
        case .gone: throw CancellationError()
        case .handOver(let consumer): consumer.resume(returning: event)
        case .queued: break
        case .full: try await waitForRoom()
        }
    }

    /// The end of the stream: the consumer reads what is queued, then `nil`.
    func finish() {
        let consumer = state.withLock { state -> CheckedContinuation<ByteBuffer?, Never>? in
            state.finished = true
            defer { state.waitingConsumer = nil }
            return state.waitingConsumer
        }
        consumer?.resume(returning: nil)
    }

    private func waitForRoom() async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (producer: CheckedContinuation<Void, any Error>) in
                enum Action { case park, proceed, fail }
                let action = state.withLock { state -> Action in
                    if state.abandoned || Task.isCancelled { return .fail }
                    if !state.isFull(limits) { return .proceed }
                    state.waitingProducer = producer
                    return .park
                }
                switch action {
                case .park: break
                case .proceed: producer.resume()
                case .fail: producer.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let producer = state.withLock { state in
                defer { state.waitingProducer = nil }
                return state.waitingProducer
            }
            producer?.resume(throwing: CancellationError())
        }
    }

    // MARK: The consumer's side

    /// The next event, or `nil` at the end (finished, abandoned, or the calling task cancelled).
    func next() async -> ByteBuffer? {
        // Most reads find an event waiting: no continuation for them.
        let ready = state.withLock { state -> (ByteBuffer, CheckedContinuation<Void, any Error>?)? in
            guard let event = state.queue.popFirst() else { return nil }
            state.bytes -= event.readableBytes
            return (event, state.producerToWake(limits))
        }
        if let (event, producer) = ready {
            producer?.resume()
            return event
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (consumer: CheckedContinuation<ByteBuffer?, Never>) in
                enum Action {
                    case park
                    case end
                    case event(ByteBuffer, wake: CheckedContinuation<Void, any Error>?)
                }
                let action = state.withLock { state -> Action in
                    if let event = state.queue.popFirst() {
                        state.bytes -= event.readableBytes
                        return .event(event, wake: state.producerToWake(limits))
                    }
                    if state.finished || state.abandoned || Task.isCancelled { return .end }
                    state.waitingConsumer = consumer
                    return .park
                }
                switch action {
                case .park: break
                case .end: consumer.resume(returning: nil)
                case .event(let event, let producer):
                    producer?.resume()
                    consumer.resume(returning: event)
                }
            }
        } onCancel: {
            let consumer = state.withLock { state in
                defer { state.waitingConsumer = nil }
                return state.waitingConsumer
            }
            consumer?.resume(returning: nil)
        }
    }

    /// The consumer is gone, however it ended: the pump's wait and its next `send` fail, and the queued
    /// events are let go.
    func abandon() {
        let producer = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            state.abandoned = true
            state.queue.removeAll()
            state.bytes = 0
            defer { state.waitingProducer = nil }
            return state.waitingProducer
        }
        producer?.resume(throwing: CancellationError())
    }
}
