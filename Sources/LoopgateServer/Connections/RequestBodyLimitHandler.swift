import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Refuses, before reading it, a body whose declared length is over `ConnectionLimits.maxBodyBytes`
/// (413 with a JSON body, then the connection closes once the client has stopped sending), and answers
/// `Expect: 100-continue` for the others so that clients such as curl send the body at once instead of
/// waiting a second for a `100 Continue` that never came.
///
/// A body without a declared length (chunked) is counted as it is read instead: `JSONBody` stops at the
/// same limit with the same 413.
final class RequestBodyLimitHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let maxBodyBytes: Int
    /// A refused request's parts are dropped until its end; then the connection closes.
    private var discarding = false

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if discarding {
            if case .end = part { context.close(promise: nil) }
            return
        }
        guard case .head(let head) = part else {
            context.fireChannelRead(data)
            return
        }
        if let length = head.headerFields[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            refuse(declaredLength: length, context: context)
            return
        }
        if head.headerFields[.expect]?.lowercased() == "100-continue" {
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
        }
        context.fireChannelRead(data)
    }

    private func refuse(declaredLength: Int, context: ChannelHandlerContext) {
        discarding = true
        let body = ByteBuffer(bytes: APIError.bodyTooLarge(limit: maxBodyBytes, declaredLength: declaredLength).body)
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(body.readableBytes)
        fields[.connection] = "close"
        context.write(
            wrapOutboundOut(.head(HTTPResponse(status: .contentTooLarge, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
