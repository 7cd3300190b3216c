import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The connections to one endpoint (scheme, host, port): idle ones are reused newest first, new ones
/// are opened up to the limit, and beyond it requests wait in line for one to be given back.
final class UpstreamConnectionPool: Sendable {
    let endpoint: UpstreamEndpoint
    private let configuration: UpstreamHTTPClient.Configuration
    private let eventLoopGroup: any EventLoopGroup
    private let tlsContext: NIOSSLContext?
    private let state = NIOLockedValueBox(State())

    private struct State {
        var idle: [(connection: UpstreamConnection, since: NIODeadline)] = []
        /// Connections open or being opened, leased or idle.
        var open = 0
        var waiters = CircularBuffer<Waiter>()
        var nextWaiterID = 0
        var isShutDown = false
    }

    /// A request waiting for a connection: it is handed one given back, or (nil) leave to open one.
    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<UpstreamConnection?, any Error>
    }

    init(
        endpoint: UpstreamEndpoint, configuration: UpstreamHTTPClient.Configuration,
        eventLoopGroup: any EventLoopGroup, tlsContext: NIOSSLContext?
    ) {
        self.endpoint = endpoint
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.tlsContext = tlsContext
    }

    private enum Lease {
        case idle(UpstreamConnection)
        case open
        case wait
        case shutDown
    }

    /// A connection for one request, and whether it carried requests before (a provider may have closed
    /// it meanwhile without this side having noticed yet). `fresh` asks for a newly opened one. Waiting in
    /// line and opening end at `deadline`.
    func lease(fresh: Bool = false, deadline: NIODeadline) async throws -> (
        connection: UpstreamConnection, reused: Bool
    ) {
        let now = NIODeadline.now()
        var expired: [UpstreamConnection] = []
        let decision = state.withLockedValue { state -> Lease in
            guard !state.isShutDown else { return .shutDown }
            while !fresh, let (connection, since) = state.idle.popLast() {
                if connection.isActive && now - since < configuration.idleTimeout { return .idle(connection) }
                expired.append(connection)
                state.open -= 1
            }
            if state.open < configuration.maxConnectionsPerHost {
                state.open += 1
                return .open
            }
            return .wait
        }
        for connection in expired { connection.abort() }
        switch decision {
        case .idle(let connection): return (connection, true)
        case .open: return (try await open(deadline: deadline), false)
        case .shutDown: throw UpstreamHTTPError.shutDown
        case .wait:
            if let connection = try await waitForConnection(deadline: deadline) { return (connection, true) }
            return (try await open(deadline: deadline), false)
        }
    }

    /// Takes back a leased connection when its answer has ended (on its event loop).
    func release(_ connection: UpstreamConnection, reusable: Bool) {
        let (waiter, close) = state.withLockedValue { state -> (Waiter?, Bool) in
            guard reusable && connection.isActive && !state.isShutDown else {
                return (Self.freePlace(&state), true)
            }
            guard let waiter = state.waiters.popFirst() else {
                state.idle.append((connection, .now()))
                return (nil, false)
            }
            return (waiter, false)
        }
        if close { connection.abort() }
        waiter?.continuation.resume(returning: close ? nil : connection)
    }

    /// Closes the idle connections and refuses new leases; leased ones close when their answers end.
    func shutdown() {
        let (idle, waiters) = state.withLockedValue { state in
            state.isShutDown = true
            defer {
                state.open -= state.idle.count
                state.idle = []
                state.waiters = []
            }
            return (state.idle.map(\.connection), Array(state.waiters))
        }
        for connection in idle { connection.abort() }
        for waiter in waiters { waiter.continuation.resume(throwing: UpstreamHTTPError.shutDown) }
    }

    // MARK: - Waiting and opening

    private func waitForConnection(deadline: NIODeadline) async throws -> UpstreamConnection? {
        let id = state.withLockedValue { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        // Rare (only with every connection busy), so a timer of its own is fine here.
        let timer = eventLoopGroup.any().scheduleTask(deadline: deadline) { [weak self] in
            self?.stopWaiting(id, with: UpstreamHTTPError.deadlineExceeded)
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let refused = state.withLockedValue { state -> (any Error)? in
                    if state.isShutDown { return UpstreamHTTPError.shutDown }
                    if Task.isCancelled { return CancellationError() }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let refused { continuation.resume(throwing: refused) }
            }
        } onCancel: {
            stopWaiting(id, with: CancellationError())
        }
    }

    private func stopWaiting(_ id: Int, with error: any Error) {
        let waiter = state.withLockedValue { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: error)
    }

    /// Opens a connection for a place already counted in `open`; gives the place back if that fails.
    private func open(deadline: NIODeadline) async throws -> UpstreamConnection {
        do {
            let connection = try await connect(deadline: deadline)
            // A connection the provider closes while it sits idle leaves the pool at once.
            connection.channel.closeFuture.whenComplete { [weak self] _ in self?.closed(connection) }
            return connection
        } catch {
            let waiter = state.withLockedValue { Self.freePlace(&$0) }
            waiter?.continuation.resume(returning: nil)
            throw error
        }
    }

    private func closed(_ connection: UpstreamConnection) {
        let waiter = state.withLockedValue { state -> Waiter? in
            guard let index = state.idle.firstIndex(where: { $0.connection === connection }) else { return nil }
            state.idle.remove(at: index)
            return Self.freePlace(&state)
        }
        waiter?.continuation.resume(returning: nil)
    }

    /// A connection's place is free (it closed, or was never opened): the first in line takes it, to open
    /// a connection of its own, or it is counted out of `open`.
    private static func freePlace(_ state: inout State) -> Waiter? {
        if let waiter = state.waiters.popFirst() { return waiter }
        state.open -= 1
        return nil
    }

    private func connect(deadline: NIODeadline) async throws -> UpstreamConnection {
        let endpoint = self.endpoint
        let tlsContext = self.tlsContext
        let readTimeout = configuration.readTimeout
        let timeLeft = deadline - .now()
        guard timeLeft > .zero else { throw UpstreamHTTPError.deadlineExceeded }
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(min(configuration.connectTimeout, timeLeft))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
        return try await bootstrap.connect(host: endpoint.host, port: endpoint.port) { channel in
            channel.eventLoop.makeCompletedFuture {
                let pipeline = channel.pipeline.syncOperations
                if let tlsContext {
                    let serverName = endpoint.isIPAddress ? nil : endpoint.host
                    try pipeline.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverName))
                }
                try pipeline.addHTTPClientHandlers()
                let handler = UpstreamConnectionHandler(readTimeout: readTimeout)
                try pipeline.addHandler(handler)
                let connection = UpstreamConnection(channel: channel, handler: handler)
                handler.answered = { [weak self] reusable in self?.release(connection, reusable: reusable) }
                return connection
            }
        }
    }
}
