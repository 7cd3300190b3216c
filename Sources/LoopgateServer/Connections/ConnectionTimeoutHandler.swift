import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection that takes too long to send its request, waits too long for its next one, or
/// stops taking its answer (`ConnectionLimits`' timeouts).
///
/// It sits after HTTP decoding, so it sees requests as parts (head, body, end) and answers as they are
/// written. The decoder gives no part until a head is whole, but every socket read still reaches this
/// handler as `channelReadComplete`: that is how the first byte of a keep-alive connection's next request
/// is seen, which moves it from the idle timeout to the header timeout.
///
/// Hummingbird's own `idleTimeout` is not used: it is one timeout for every phase, and a body sent a byte
/// a second resets it forever.
///
/// A phase change only notes its deadline (a clock read); one timer per connection is armed at a time,
/// and when it fires it closes the connection if the current deadline has passed, or re-arms itself for
/// it. Scheduling and cancelling a timer at each of a request's three or four phase changes cost a
/// measurable share of a small request's CPU.
final class ConnectionTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What the connection is waiting for, and so which deadline runs.
    enum Phase: Equatable {
        /// No request under way: the idle timeout runs until the next request's first byte.
        case idle
        /// Bytes of a head are arriving (or the connection just opened): the header timeout runs.
        case readingHead
        /// The head is read and the body is not: the body timeout runs.
        case readingBody
        /// Every request read is being answered: no deadline (a stream may last long).
        case answering
    }

    private let limits: ConnectionLimits
    private(set) var phase: Phase = .readingHead
    /// Requests whose head was read and whose answer is not yet written whole.
    private var unanswered = 0
    /// When the current phase's time is up; `nil` while answering.
    private var deadline: NIODeadline?
    /// The one armed timer, and when it fires (never later than `deadline`).
    private var timer: (task: Scheduled<Void>, firesAt: NIODeadline)?
    private var sendDeadline: Scheduled<Void>?

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { enter(.readingHead, context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.task.cancel()
        sendDeadline?.cancel()
    }

    func channelActive(context: ChannelHandlerContext) {
        enter(.readingHead, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.task.cancel()
        timer = nil
        sendDeadline?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            enter(.readingBody, context: context)
        case .body:
            break
        case .end:
            enter(unanswered > 0 ? .answering : .idle, context: context)
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // Bytes arrived while idle: a request has begun, and its head has `headerTimeout` to arrive.
        if phase == .idle { enter(.readingHead, context: context) }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered = max(0, unanswered - 1)
            if unanswered == 0, phase == .answering { enter(.idle, context: context) }
        }
        context.write(data, promise: promise)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        sendDeadline?.cancel()
        sendDeadline = nil
        if !context.channel.isWritable {
            sendDeadline = schedule(after: limits.sendTimeout, context: context)
        }
        context.fireChannelWritabilityChanged()
    }

    private func enter(_ phase: Phase, context: ChannelHandlerContext) {
        self.phase = phase
        switch phase {
        case .idle: deadline = .now() + TimeAmount(limits.idleTimeout)
        case .readingHead: deadline = .now() + TimeAmount(limits.headerTimeout)
        case .readingBody: deadline = .now() + TimeAmount(limits.bodyTimeout)
        case .answering: deadline = nil
        }
        armTimer(context: context)
    }

    /// Arms the timer for `deadline` unless one already fires no later than it.
    private func armTimer(context: ChannelHandlerContext) {
        guard let deadline else { return }
        if let timer, timer.firesAt <= deadline { return }
        timer?.task.cancel()
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.timer = nil
            self.timerFired(context: context)
        }
        timer = (task, deadline)
    }

    private func timerFired(context: ChannelHandlerContext) {
        guard let deadline else { return }
        if deadline <= .now() {
            context.close(promise: nil)
        } else {
            armTimer(context: context)
        }
    }

    private func schedule(after timeout: Duration, context: ChannelHandlerContext) -> Scheduled<Void> {
        context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
            context.close(promise: nil)
        }
    }
}
