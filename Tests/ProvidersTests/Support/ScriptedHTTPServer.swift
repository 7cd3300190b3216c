import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// An HTTP/1.1 server on loopback whose answers and connection handling a test scripts, and which
/// records what the client did: how many connections it opened, which of them are still open, and every
/// request it sent. For the provider client's own tests, where the fake providers (Hummingbird) would
/// hide exactly what is being tested (connection reuse, closes, backpressure, stalls).
final class ScriptedHTTPServer: Sendable {
    /// How the server answers a request.
    enum Answer: Sendable {
        /// A whole answer with `content-length`, after `delay`; then the connection closes if `close`
        /// (with `connection: close` if `announceClose`, silently otherwise).
        case whole(
            status: Int = 200, body: String, delay: TimeAmount = .zero, close: Bool = false, announceClose: Bool = true)
        /// A chunked answer: `chunks` apart by `interval`, then the end unless `stall` (nothing more is sent).
        case chunked(chunks: [String], interval: TimeAmount = .zero, stall: Bool = false)
        /// `size` bytes of body in 64 KiB chunks, as fast as the client takes them.
        case large(size: Int)
    }

    /// Answers the `n`-th request (0-based, across connections).
    struct Script: Sendable {
        let answer: @Sendable (Int) -> Answer

        init(_ answer: @escaping @Sendable (Int) -> Answer) {
            self.answer = answer
        }
    }

    struct Request: Sendable {
        var head: HTTPRequestHead
        var body: String
        var connection: Int
    }

    private struct Record {
        var opened = 0
        var open: Set<Int> = []
        var requests: [Request] = []
        var bytesWritten = 0
    }

    let port: Int
    private let channel: any Channel
    private let record: NIOLockedValueBox<Record>

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var connectionsOpened: Int { record.withLockedValue { $0.opened } }
    var connectionsOpen: Int { record.withLockedValue { $0.open.count } }
    var requests: [Request] { record.withLockedValue { $0.requests } }
    /// Body bytes of `.large` answers the server has managed to hand to the socket so far.
    var bytesWritten: Int { record.withLockedValue { $0.bytesWritten } }

    private init(port: Int, channel: any Channel, record: NIOLockedValueBox<Record>) {
        self.port = port
        self.channel = channel
        self.record = record
    }

    /// Starts a server answering as `script` says, over TLS when `tls` is given.
    static func start(_ script: Script, tls: NIOSSLContext? = nil) async throws -> ScriptedHTTPServer {
        let answer = script.answer
        let record = NIOLockedValueBox(Record())
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let id = record.withLockedValue { record in
                        record.opened += 1
                        record.open.insert(record.opened)
                        return record.opened
                    }
                    channel.closeFuture.whenComplete { _ in _ = record.withLockedValue { $0.open.remove(id) } }
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false)
                    try channel.pipeline.syncOperations.addHandler(
                        Handler(connection: id, record: record, answer: answer))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedHTTPServer(port: channel.localAddress?.port ?? 0, channel: channel, record: record)
    }

    func stop() async {
        try? await channel.close()
    }

    /// Waits (up to five seconds, for a loaded machine) until `condition` holds of the server.
    func eventually(_ condition: (ScriptedHTTPServer) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition(self) {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let connection: Int
        let record: NIOLockedValueBox<Record>
        let answer: @Sendable (Int) -> Answer
        var head: HTTPRequestHead?
        var body = ""

        init(connection: Int, record: NIOLockedValueBox<Record>, answer: @escaping @Sendable (Int) -> Answer) {
            self.connection = connection
            self.record = record
            self.answer = answer
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = ""
            case .body(let part):
                body += String(buffer: part)
            case .end:
                guard let head else { return }
                let index = record.withLockedValue { record in
                    record.requests.append(Request(head: head, body: body, connection: connection))
                    return record.requests.count - 1
                }
                respond(answer(index), context: context)
            }
        }

        private func respond(_ answer: Answer, context: ChannelHandlerContext) {
            let loop = context.eventLoop.assumeIsolated()
            switch answer {
            case .whole(let status, let body, let delay, let close, let announceClose):
                loop.scheduleTask(in: delay) {
                    var headers: HTTPHeaders = ["content-length": "\(body.utf8.count)"]
                    if close && announceClose { headers.add(name: "connection", value: "close") }
                    context.write(
                        self.wrapOutboundOut(
                            .head(.init(version: .http1_1, status: .init(statusCode: status), headers: headers))),
                        promise: nil)
                    context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
                    context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
                    if close { context.close(promise: nil) }
                }
            case .chunked(let chunks, let interval, let stall):
                context.writeAndFlush(
                    wrapOutboundOut(
                        .head(.init(version: .http1_1, status: .ok, headers: ["transfer-encoding": "chunked"]))),
                    promise: nil)
                sendChunks(chunks[...], interval: interval, stall: stall, context: context)
            case .large(let size):
                context.write(
                    wrapOutboundOut(
                        .head(.init(version: .http1_1, status: .ok, headers: ["content-length": "\(size)"]))),
                    promise: nil)
                var remaining = size
                while remaining > 0 {
                    let count = min(remaining, 64 * 1024)
                    remaining -= count
                    let record = self.record
                    context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(repeating: 0x61, count: count)))))
                        .whenSuccess { _ in record.withLockedValue { $0.bytesWritten += count } }
                }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }

        private func sendChunks(
            _ chunks: ArraySlice<String>, interval: TimeAmount, stall: Bool, context: ChannelHandlerContext
        ) {
            guard let chunk = chunks.first else {
                if !stall { context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil) }
                return
            }
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: chunk)))), promise: nil)
            context.eventLoop.assumeIsolated().scheduleTask(in: interval) {
                self.sendChunks(chunks.dropFirst(), interval: interval, stall: stall, context: context)
            }
        }
    }
}
