import NIOCore
import NIOPosix
import Synchronization

/// One TCP connection to the server that sends exactly the bytes a test gives, when it gives them: for
/// clients that a normal HTTP client cannot play (slow, silent, oversized, never reading).
final class RawConnection: Sendable {
    private let channel: any Channel
    private let received: Received

    /// What came back, and whether the server closed the connection.
    private final class Received: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let state = Mutex<(bytes: [UInt8], closedAt: ContinuousClock.Instant?)>(([], nil))

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            state.withLock { $0.bytes += buffer.readableBytesView }
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLock { $0.closedAt = .now }
        }
    }

    private init(channel: any Channel, received: Received) {
        self.channel = channel
        self.received = received
    }

    static func open(port: Int, receiveBufferSize: Int? = nil) async throws -> RawConnection {
        let received = Received()
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(received) }
            }
        if let receiveBufferSize {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: .init(receiveBufferSize))
        }
        let channel = try await bootstrap.connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, received: received)
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Stops reading from the socket (a client that no longer reads its answer).
    func stopReading() async throws {
        try await channel.setOption(.autoRead, value: false).get()
    }

    func close() async {
        try? await channel.close()
    }

    var text: String { String(decoding: received.state.withLock { $0.bytes }, as: UTF8.self) }
    var isClosed: Bool { received.state.withLock { $0.closedAt != nil } }

    /// Waits until the received text satisfies `condition`, or `timeout` passes; returns whether it did.
    func waitFor(timeout: Duration = .seconds(10), _ condition: (String) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(text) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition(text)
    }

    /// Waits for the server to close the connection; returns when it did, or nil if not within `timeout`.
    func waitForClose(timeout: Duration) async throws -> ContinuousClock.Instant? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let closedAt = received.state.withLock({ $0.closedAt }) { return closedAt }
            try await Task.sleep(for: .milliseconds(10))
        }
        return received.state.withLock { $0.closedAt }
    }
}
