import LoopgateCore

/// How `loopgate serve` listens, from flags and `LOOPGATE_*` variables (what the core is opened with is
/// `CoreSettings`).
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Timeouts, the body limit and the connection cap of client connections.
    public var connections: ConnectionLimits
    /// `LOOPGATE_METRICS_TOKEN`: when set, `/metrics` answers only `Authorization: Bearer <token>`; when
    /// not, it answers only clients on the loopback interface (the metrics name routes and projects'
    /// traffic, which is nobody else's business).
    public var metricsToken: String?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, connections: ConnectionLimits = ConnectionLimits(),
        metricsToken: String? = nil
    ) {
        self.host = host
        self.port = port
        self.connections = connections
        self.metricsToken = metricsToken
    }
}
