import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// One request's answer as it arrives: filled in by the connection's handler on its event loop, read by
/// the calling task wherever that runs. A lock, not an event-loop hop, joins the two sides: each side
/// touches the state a few times per answer, and the lock is never held while anything else runs (a
/// waiting task is resumed after it is released).
final class UpstreamExchange: Sendable {
    enum Mode: Sendable {
        /// The whole body is gathered (up to `limit` bytes) and handed over with the head at the end.
        case collect(limit: Int)
        /// The head is handed over on arrival, the body part by part as the caller asks; reading from
        /// the socket pauses while more than `highWatermark` bytes wait unread.
        case stream(highWatermark: Int)
    }

    let mode: Mode
    private let state = NIOLockedValueBox(State())

    init(mode: Mode) {
        self.mode = mode
    }

    private struct State {
        var head: HTTPResponseHead?
        var collected: ByteBuffer?
        var parts = CircularBuffer<ByteBuffer>()
        var bufferedBytes = 0
        var readingPaused = false
        var ended = false
        var failure: (any Error)?
        var waiter: Waiter?
        /// The connection carrying the exchange, until its answer ends: resumes a paused socket, and is
        /// closed on cancellation or when the caller drops an unfinished answer.
        var connection: UpstreamConnection?
    }

    private enum Waiter {
        case head(CheckedContinuation<HTTPResponseHead, any Error>)
        case collected(CheckedContinuation<(HTTPResponseHead, ByteBuffer), any Error>)
        case part(CheckedContinuation<ByteBuffer?, any Error>)

        func fail(_ error: any Error) {
            switch self {
            case .head(let continuation): continuation.resume(throwing: error)
            case .collected(let continuation): continuation.resume(throwing: error)
            case .part(let continuation): continuation.resume(throwing: error)
            }
        }
    }

    /// Ties the exchange to the connection about to carry it; false when the exchange has already
    /// failed (cancelled while it waited for a connection), so nothing should be sent.
    func attach(to connection: UpstreamConnection) -> Bool {
        state.withLockedValue { state in
            guard state.failure == nil else { return false }
            state.connection = connection
            return true
        }
    }

    // MARK: - The connection's side (its event loop)

    func receive(head: HTTPResponseHead) {
        let waiter = state.withLockedValue { state -> Waiter? in
            guard state.failure == nil else { return nil }
            state.head = head
            guard case .head = state.waiter else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        if case .head(let continuation) = waiter { continuation.resume(returning: head) }
    }

    /// What the connection should do after a part of the body.
    enum Reading {
        case keepReading
        /// The caller is behind: hold the socket back until it catches up.
        case pause
        /// The exchange has failed (too large, cancelled): the connection cannot be reused.
        case stop
    }

    /// Takes a part of the body.
    func receive(part: ByteBuffer) -> Reading {
        switch mode {
        case .collect(let limit):
            let (waiter, reading) = state.withLockedValue { state -> (Waiter?, Reading) in
                guard state.failure == nil else { return (nil, .stop) }
                if state.collected == nil {
                    state.collected = part
                } else {
                    var part = part
                    state.collected!.writeBuffer(&part)
                }
                guard state.collected!.readableBytes > limit else { return (nil, .keepReading) }
                state.failure = UpstreamHTTPError.answerTooLarge
                defer { state.waiter = nil }
                return (state.waiter, .stop)
            }
            waiter?.fail(UpstreamHTTPError.answerTooLarge)
            return reading
        case .stream(let highWatermark):
            let (waiter, reading) = state.withLockedValue { state -> (Waiter?, Reading) in
                guard state.failure == nil else { return (nil, .stop) }
                if case .part = state.waiter {
                    defer { state.waiter = nil }
                    return (state.waiter, .keepReading)
                }
                state.parts.append(part)
                state.bufferedBytes += part.readableBytes
                state.readingPaused = state.bufferedBytes > highWatermark
                return (nil, state.readingPaused ? .pause : .keepReading)
            }
            if case .part(let continuation) = waiter { continuation.resume(returning: part) }
            return reading
        }
    }

    func finish() {
        let (waiter, head, body) = state.withLockedValue { state -> (Waiter?, HTTPResponseHead?, ByteBuffer) in
            guard state.failure == nil else { return (nil, nil, ByteBuffer()) }
            state.ended = true
            state.connection = nil
            defer { state.waiter = nil }
            return (state.waiter, state.head, state.collected ?? ByteBuffer())
        }
        switch waiter {
        case .collected(let continuation):
            if let head { continuation.resume(returning: (head, body)) }
        case .part(let continuation): continuation.resume(returning: nil)
        case .head, nil: break
        }
    }

    /// Fails the exchange unless it already ended; the first failure wins.
    func fail(_ error: any Error) {
        let waiter = state.withLockedValue { state -> Waiter? in
            guard !state.ended, state.failure == nil else { return nil }
            state.failure = error
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.fail(error)
    }

    // MARK: - The caller's side

    /// The head and the whole body (`.collect` mode).
    func collected() async throws -> (HTTPResponseHead, ByteBuffer) {
        try await wait(as: Waiter.collected) { state in
            if let failure = state.failure { return (.failure(failure), nil) }
            guard state.ended, let head = state.head else { return nil }
            return (.success((head, state.collected ?? ByteBuffer())), nil)
        }
    }

    /// The head (`.stream` mode); the body follows from `nextPart()`.
    func head() async throws -> HTTPResponseHead {
        try await wait(as: Waiter.head) { state in
            if let failure = state.failure { return (.failure(failure), nil) }
            guard let head = state.head else { return nil }
            return (.success(head), nil)
        }
    }

    /// The next part of the body, or nil at its end (`.stream` mode).
    func nextPart() async throws -> ByteBuffer? {
        try await wait(as: Waiter.part) { state in
            if let part = state.parts.popFirst() {
                state.bufferedBytes -= part.readableBytes
                guard state.readingPaused, case .stream(let highWatermark) = mode,
                    state.bufferedBytes <= highWatermark / 2
                else { return (.success(part), nil) }
                state.readingPaused = false
                return (.success(part), state.connection)
            }
            if let failure = state.failure { return (.failure(failure), nil) }
            guard state.ended else { return nil }
            return (.success(nil), nil)
        }
    }

    /// The one way the caller waits: under the lock, `take` finds what is ready (and, for a stream the
    /// caller has caught up with, the connection to resume reading); if nothing is, the continuation
    /// waits as `makeWaiter` says until the connection's side resumes it. Cancellation gives the exchange
    /// up.
    private func wait<T: Sendable>(
        as makeWaiter: (CheckedContinuation<T, any Error>) -> Waiter,
        take: (inout State) -> (ready: Result<T, any Error>, resumeReading: UpstreamConnection?)?
    ) async throws -> T {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let taken = state.withLockedValue {
                    state -> (ready: Result<T, any Error>, resumeReading: UpstreamConnection?)? in
                    if let taken = take(&state) { return taken }
                    state.waiter = makeWaiter(continuation)
                    return nil
                }
                guard let taken else { return }
                taken.resumeReading?.resumeReading()
                continuation.resume(with: taken.ready)
            }
        } onCancel: {
            self.cancel()
        }
    }

    /// Gives the exchange up: a waiting call throws `CancellationError`, and the connection closes unless
    /// the answer had already ended (then it is whole and the connection reusable).
    func cancel() {
        let (waiter, connection) = state.withLockedValue { state -> (Waiter?, UpstreamConnection?) in
            guard !state.ended, state.failure == nil else { return (nil, nil) }
            state.failure = CancellationError()
            defer { state.waiter = nil }
            return (state.waiter, state.connection)
        }
        waiter?.fail(CancellationError())
        connection?.abort()
    }
}
