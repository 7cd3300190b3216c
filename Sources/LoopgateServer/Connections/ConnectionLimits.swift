/// How much a client connection may take of the server: time to send a request, time idle between
/// requests, time the socket may refuse the answer, how large a body, and how many connections at once.
///
/// Without these, connections that send a byte a second are never closed, and a few thousand of them
/// use up the process's file descriptors: normal clients then wait or fail, and SQLite cannot open its
/// files (issue 21).
public struct ConnectionLimits: Sendable, Equatable {
    /// From a request's first byte (or the connection's opening) to the end of its head
    /// (`LOOPGATE_HEADER_TIMEOUT`).
    public var headerTimeout: Duration
    /// From the end of a request's head to the end of its body (`LOOPGATE_BODY_TIMEOUT`).
    public var bodyTimeout: Duration
    /// How long a keep-alive connection may wait for its next request (`LOOPGATE_IDLE_TIMEOUT`).
    public var idleTimeout: Duration
    /// How long the socket may refuse more of an answer (a client that stopped reading a stream) before
    /// the connection is closed (`LOOPGATE_SEND_TIMEOUT`).
    public var sendTimeout: Duration
    /// The largest request body, in bytes (`LOOPGATE_MAX_BODY_BYTES`); larger ones are answered 413.
    public var maxBodyBytes: Int
    /// The most connections open at once (`LOOPGATE_MAX_CONNECTIONS`); more wait in the listen queue.
    public var maxConnections: Int

    public static let defaultMaxBodyBytes = 8 * 1024 * 1024

    public init(
        headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(60),
        idleTimeout: Duration = .seconds(60), sendTimeout: Duration = .seconds(60),
        maxBodyBytes: Int = defaultMaxBodyBytes, maxConnections: Int = 1024
    ) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.sendTimeout = sendTimeout
        self.maxBodyBytes = maxBodyBytes
        self.maxConnections = maxConnections
    }

    /// The descriptors kept out of the connection cap: the database (SQLite's files, or a PostgreSQL
    /// pool), the listening socket, logs, and room to spare.
    public static let reservedDescriptors = 128

    /// The connection cap that a file limit allows: each client connection may need a second descriptor
    /// for its provider call, and `reservedDescriptors` stay for everything else.
    public static func maxConnections(forFileLimit limit: Int) -> Int {
        max(16, (limit - reservedDescriptors) / 2)
    }
}
