import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
    import Glibc
#endif

/// The HTTP/1.1 client every provider adapter calls through: pooled keep-alive connections per endpoint,
/// TLS for `https`, one request at a time per connection.
///
/// Written on SwiftNIO rather than taken from AsyncHTTPClient because a gateway does little else: in a
/// profile of Loopgate forwarding to a fast upstream, AsyncHTTPClient's side of each call cost about three
/// times Hummingbird's whole server side (BENCHMARKS.md, "Session 8"). This client does only what a
/// provider call needs: POST a body, read the answer whole or as a stream with backpressure, fail a
/// stream that stalls, and close the connection when a call is cancelled or its answer abandoned. It
/// follows no redirects (a key must never follow one to another host) and knows no proxies.
public final class UpstreamHTTPClient: Sendable {
    public struct Configuration: Sendable {
        /// How long opening a connection (TCP and TLS) may take.
        public var connectTimeout: TimeAmount
        /// How long a streamed answer may go without a byte before it fails as stalled.
        public var readTimeout: TimeAmount
        /// Connections to one endpoint at most; more requests wait for one to be given back.
        public var maxConnectionsPerHost: Int
        /// An idle connection older than this is closed instead of reused (providers close theirs after
        /// a while, and a request sent into a closing connection would have to be sent again).
        public var idleTimeout: TimeAmount
        /// TLS for `https` endpoints; nil for the system's trust roots.
        public var tls: TLSConfiguration?

        public init(
            connectTimeout: TimeAmount = .seconds(10), readTimeout: TimeAmount = .seconds(120),
            maxConnectionsPerHost: Int = 1024, idleTimeout: TimeAmount = .seconds(50), tls: TLSConfiguration? = nil
        ) {
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.idleTimeout = idleTimeout
            self.tls = tls
        }
    }

    public let eventLoopGroup: any EventLoopGroup
    let configuration: Configuration
    /// The pool of each endpoint called so far; nil once shut down.
    private let pools = NIOLockedValueBox<[UpstreamEndpoint: UpstreamConnectionPool]?>([:])
    /// Made on the first `https` call: loading the trust roots is not worth doing for a server that
    /// only ever calls the mock or a local endpoint.
    private let tlsContext = NIOLockedValueBox<NIOSSLContext?>(nil)

    public init(
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, configuration: Configuration
    ) {
        self.eventLoopGroup = eventLoopGroup
        self.configuration = configuration
    }

    /// Closes idle connections and refuses new calls; calls under way finish.
    public func shutdown() {
        let pools = self.pools.withLockedValue { pools in
            defer { pools = nil }
            return pools.map { Array($0.values) } ?? []
        }
        for pool in pools { pool.shutdown() }
    }

    /// POSTs `body` and returns the answer with its whole body (at most `limit` bytes), or fails with
    /// `.deadlineExceeded` if it has not all arrived by `deadline`.
    func post(
        url: String, headers: HTTPHeaders, body: ByteBuffer, collectingUpTo limit: Int,
        deadline: NIODeadline = .distantFuture
    ) async throws -> UpstreamAnswer<ByteBuffer> {
        try await post(url: url, headers: headers, body: body, mode: .collect(limit: limit), deadline: deadline) {
            exchange in
            let (head, body) = try await exchange.collected()
            return UpstreamAnswer(head: head, body: body)
        }
    }

    /// POSTs `body` and returns once the answer's head has arrived; its body is read as it is asked for.
    /// Fails with `.deadlineExceeded` if a 2xx head has not arrived by `deadline` (or a failed answer has
    /// not ended); after a 2xx head, the read timeout bounds each silence instead.
    func post(url: String, headers: HTTPHeaders, body: ByteBuffer, deadline: NIODeadline = .distantFuture)
        async throws -> UpstreamAnswer<UpstreamResponseBody>
    {
        try await post(
            url: url, headers: headers, body: body, mode: .stream(highWatermark: 64 * 1024), deadline: deadline
        ) { exchange in
            let head = try await exchange.head()
            return UpstreamAnswer(head: head, body: UpstreamResponseBody(exchange: exchange))
        }
    }

    private func post<Body>(
        url: String, headers: HTTPHeaders, body: ByteBuffer, mode: UpstreamExchange.Mode, deadline: NIODeadline,
        answer: (UpstreamExchange) async throws -> UpstreamAnswer<Body>
    ) async throws -> UpstreamAnswer<Body> {
        guard let (endpoint, target) = UpstreamEndpoint.parse(url) else { throw UpstreamHTTPError.invalidURL }
        let pool = try pool(for: endpoint)
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: target, headers: headers)
        head.headers.replaceOrAdd(name: "host", value: endpoint.hostHeader)
        head.headers.replaceOrAdd(name: "content-length", value: String(body.readableBytes))

        var fresh = false
        while true {
            let (connection, reused): (UpstreamConnection, Bool)
            do {
                (connection, reused) = try await pool.lease(fresh: fresh, deadline: deadline)
            } catch  where !(error is CancellationError) && NIODeadline.now() >= deadline {
                // A connect cut short to fit the deadline is the deadline's failure, not the network's.
                throw UpstreamHTTPError.deadlineExceeded
            }
            let exchange = UpstreamExchange(mode: mode)
            guard exchange.attach(to: connection), !Task.isCancelled else {
                pool.release(connection, reusable: true)
                throw CancellationError()
            }
            connection.send(exchange, head: head, body: body, deadline: deadline)
            do {
                return try await answer(exchange)
            } catch  where reused && !fresh && Self.mayHaveBeenClosedIdle(error) {
                // A reused connection the provider closed while it sat idle, before any answer: the
                // request never reached it, so it goes once more on a new connection.
                fresh = true
            }
        }
    }

    private static func mayHaveBeenClosedIdle(_ error: any Error) -> Bool {
        if let error = error as? UpstreamHTTPError { return error.kind == .closedBeforeAnswer }
        if let error = error as? IOError { return [ECONNRESET, EPIPE].contains(error.errnoCode) }
        return false
    }

    private func pool(for endpoint: UpstreamEndpoint) throws -> UpstreamConnectionPool {
        if let pool = pools.withLockedValue({ $0?[endpoint] }) { return pool }
        let tlsContext = endpoint.usesTLS ? try makeTLSContext() : nil
        return try pools.withLockedValue { pools in
            guard pools != nil else { throw UpstreamHTTPError.shutDown }
            if let pool = pools?[endpoint] { return pool }
            let pool = UpstreamConnectionPool(
                endpoint: endpoint, configuration: configuration, eventLoopGroup: eventLoopGroup,
                tlsContext: tlsContext)
            pools?[endpoint] = pool
            return pool
        }
    }

    private func makeTLSContext() throws -> NIOSSLContext {
        try tlsContext.withLockedValue { context in
            if let context { return context }
            var tls = configuration.tls ?? TLSConfiguration.makeClientConfiguration()
            tls.applicationProtocols = ["http/1.1"]
            let made = try NIOSSLContext(configuration: tls)
            context = made
            return made
        }
    }
}

/// An answer's head and its body, whole or still to be read.
struct UpstreamAnswer<Body: Sendable>: Sendable {
    var head: HTTPResponseHead
    var body: Body

    var status: Int { Int(head.status.code) }
    var headers: HTTPHeaders { head.headers }
}
