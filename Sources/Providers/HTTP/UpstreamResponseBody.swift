import NIOCore

/// The body of a streamed answer, read part by part as it is asked for. Dropping it before its end
/// closes the connection (what is left unread would otherwise arrive at the next request).
struct UpstreamResponseBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    private let lease: Lease

    init(exchange: UpstreamExchange) {
        self.lease = Lease(exchange: exchange)
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(lease: lease)
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let lease: Lease

        func next() async throws -> ByteBuffer? {
            try await lease.exchange.nextPart()
        }
    }

    /// The whole body, up to `limit` bytes (an error answer's, say).
    func collect(upTo limit: Int) async throws -> ByteBuffer {
        var collected = ByteBuffer()
        for try await var part in self {
            guard collected.readableBytes + part.readableBytes <= limit else {
                lease.exchange.cancel()
                throw UpstreamHTTPError.answerTooLarge
            }
            collected.writeBuffer(&part)
        }
        return collected
    }

    /// Holds the exchange for as long as anything can still read the body.
    fileprivate final class Lease: Sendable {
        let exchange: UpstreamExchange

        init(exchange: UpstreamExchange) {
            self.exchange = exchange
        }

        deinit {
            exchange.cancel()
        }
    }
}
