import NIOCore
import NIOHTTP1

/// One pooled connection to a provider: its channel and the handler that carries one exchange at a time.
/// The pool leases it to one request at a time; the handler gives it back when the answer has ended.
final class UpstreamConnection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<UpstreamConnectionHandler>

    init(channel: any Channel, handler: UpstreamConnectionHandler) {
        self.channel = channel
        self.handler = NIOLoopBound(handler, eventLoop: channel.eventLoop)
    }

    var isActive: Bool { channel.isActive }

    /// Sends the request of `exchange` (from any thread: the handler is reached on its event loop).
    func send(_ exchange: UpstreamExchange, head: HTTPRequestHead, body: ByteBuffer, deadline: NIODeadline) {
        // Written out rather than through `onEventLoop`: on every call's path, and on its own loop it
        // then builds no closure.
        if channel.eventLoop.inEventLoop {
            handler.value.send(exchange, head: head, body: body, deadline: deadline)
        } else {
            let handler = self.handler
            channel.eventLoop.execute { handler.value.send(exchange, head: head, body: body, deadline: deadline) }
        }
    }

    /// The caller of a paused stream caught up.
    func resumeReading() {
        onEventLoop { $0.resumeReading() }
    }

    /// Closes the connection; the exchange under way, if any, fails.
    func abort() {
        channel.close(promise: nil)
    }

    private func onEventLoop(_ body: @escaping @Sendable (UpstreamConnectionHandler) -> Void) {
        if channel.eventLoop.inEventLoop {
            body(handler.value)
        } else {
            let handler = self.handler
            channel.eventLoop.execute { body(handler.value) }
        }
    }
}
