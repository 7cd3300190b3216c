import NIOCore
import NIOHTTP1

/// The last handler of a provider connection: sends one request at a time and feeds its answer into the
/// request's `UpstreamExchange`. Lives on the connection's event loop.
///
/// Backpressure for streamed answers: the channel reads on its own (so an idle pooled connection notices
/// when the provider closes it), and this handler holds back the `read` that follows a part while the
/// exchange says its caller is behind, until the caller catches up.
final class UpstreamConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    /// How long a streamed answer may go without a byte before it fails as stalled.
    private let readTimeout: TimeAmount
    /// Called on the event loop when an exchange is over: with true when the connection can carry another
    /// request, false when it is closing. Set by the pool; cleared when the handler leaves the pipeline
    /// (it holds the connection, which holds this handler).
    var answered: ((Bool) -> Void)?

    private var context: ChannelHandlerContext?
    private var exchange: UpstreamExchange?
    private var headArrived = false
    private var keepAlive = true
    private var readingPaused = false
    private var readHeldBack = false
    private var lastRead = NIODeadline.now()
    private var stallCheck: Scheduled<Void>?
    private var deadlineTimer: Scheduled<Void>?

    init(readTimeout: TimeAmount) {
        self.readTimeout = readTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        answered = nil
    }

    /// Sends the request of `exchange`, head, body and end in one flush. The exchange fails at `deadline`
    /// unless its answer has ended by then (a stream's: unless its 2xx head has arrived).
    func send(_ exchange: UpstreamExchange, head: HTTPRequestHead, body: ByteBuffer, deadline: NIODeadline) {
        guard self.exchange == nil else {
            // The pool leases a connection to one request at a time; this would be its bug.
            exchange.fail(UpstreamHTTPError.closedBeforeAnswer)
            return
        }
        guard let context, context.channel.isActive else {
            exchange.fail(UpstreamHTTPError.closedBeforeAnswer)
            answered?(false)
            return
        }
        self.exchange = exchange
        headArrived = false
        keepAlive = head.isKeepAlive
        readingPaused = false
        // One timer per call on the connection's own loop, instead of a task racing the call.
        deadlineTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in
            self?.failExchange(UpstreamHTTPError.deadlineExceeded)
        }
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
        promise.futureResult.assumeIsolated().whenFailure { [weak self] error in
            self?.failExchange(error)
        }
    }

    /// Closes the connection; whatever exchange is under way fails.
    func abort() {
        context?.close(promise: nil)
    }

    /// The caller caught up with a paused stream.
    func resumeReading() {
        guard readingPaused else { return }
        readingPaused = false
        if readHeldBack, let context {
            readHeldBack = false
            context.read()
        }
    }

    // MARK: - Channel events

    func read(context: ChannelHandlerContext) {
        if readingPaused {
            readHeldBack = true
        } else {
            context.read()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let exchange else {
            // A provider has nothing to say between answers; whatever it sends there makes the
            // connection's framing untrustworthy.
            context.close(promise: nil)
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let head):
            // Interim answers (100 Continue, 103 Early Hints) precede the real one.
            if head.status.code < 200 && head.status != .switchingProtocols { return }
            headArrived = true
            keepAlive = keepAlive && head.isKeepAlive
            exchange.receive(head: head)
            if case .stream = exchange.mode, (200..<300).contains(head.status.code) {
                // From here a stream is bounded by its silences, not by the deadline.
                deadlineTimer?.cancel()
                deadlineTimer = nil
                lastRead = .now()
                scheduleStallCheck(in: readTimeout)
            }
        case .body(let part):
            lastRead = .now()
            switch exchange.receive(part: part) {
            case .keepReading: break
            case .pause: readingPaused = true
            case .stop: failExchange(UpstreamHTTPError.closedMidAnswer)
            }
        case .end:
            self.exchange = nil
            cancelTimers()
            readingPaused = false
            let reusable = keepAlive && context.channel.isActive
            if !reusable { context.close(promise: nil) }
            if readHeldBack {
                readHeldBack = false
                context.read()
            }
            // Back in the pool before the caller hears of the end, so its next call finds it there.
            answered?(reusable)
            exchange.finish()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failExchange(headArrived ? UpstreamHTTPError.closedMidAnswer : UpstreamHTTPError.closedBeforeAnswer)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failExchange(error)
        context.close(promise: nil)
    }

    private func failExchange(_ error: any Error) {
        guard let exchange else { return }
        self.exchange = nil
        cancelTimers()
        exchange.fail(error)
        context?.close(promise: nil)
        answered?(false)
    }

    private func cancelTimers() {
        stallCheck?.cancel()
        stallCheck = nil
        deadlineTimer?.cancel()
        deadlineTimer = nil
    }

    // MARK: - Stalls

    /// One timer per streamed answer, not one per part: when it fires it looks at when the last byte
    /// came and sleeps again for the rest of the timeout.
    private func scheduleStallCheck(in delay: TimeAmount) {
        guard let context else { return }
        stallCheck = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [weak self] in
            self?.checkForStall()
        }
    }

    private func checkForStall() {
        guard exchange != nil else { return }
        let quiet = NIODeadline.now() - lastRead
        if readingPaused {
            // The caller is behind, not the provider.
            lastRead = .now()
            scheduleStallCheck(in: readTimeout)
        } else if quiet >= readTimeout {
            failExchange(UpstreamHTTPError.readTimeout)
        } else {
            scheduleStallCheck(in: readTimeout - quiet)
        }
    }
}
