import NIOCore
import ServerSentEventParsing

/// The server-sent events of a response body, parsed as the body's bytes are pulled, so a provider's
/// stream is read only as fast as the consumer asks (no buffering beyond one event).
///
/// Follows the WHATWG event-stream rules the providers' own SDKs follow: lines end in `\n`, `\r\n` or
/// `\r`; a blank line dispatches the event; `:` starts a comment; one space after the colon is dropped;
/// an event left incomplete when the body ends is discarded (a cut stream never yields half an event).
struct ServerSentEvents<Base: AsyncSequence>: AsyncSequence where Base.Element == ByteBuffer {
    typealias Element = ServerSentEvent

    let base: Base

    init(_ base: Base) {
        self.base = base
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator())
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        var parser = ServerSentEventParser.forProviders()
        var ready: [ServerSentEvent] = []
        var readyIndex = 0
        var finished = false

        mutating func next() async throws -> ServerSentEvent? {
            try await next(isolation: nil)
        }

        /// Reads on the caller's actor, so an actor can keep this (non-`Sendable`) iterator and pull from it.
        mutating func next(isolation actor: isolated (any Actor)?) async throws -> ServerSentEvent? {
            while true {
                if readyIndex < ready.count {
                    defer { readyIndex += 1 }
                    return ready[readyIndex]
                }
                if finished { return nil }
                ready.removeAll(keepingCapacity: true)
                readyIndex = 0
                if let buffer = try await base.next(isolation: actor) {
                    ready = try parser.feed(buffer)
                } else {
                    finished = true
                }
            }
        }
    }
}
