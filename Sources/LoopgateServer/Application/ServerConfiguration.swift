import LoopgateCore

/// How `loopgate serve` listens, from flags and `LOOPGATE_*` variables (what the core is opened with is
/// `CoreSettings`).
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Timeouts, the body limit and the connection cap of client connections.
    public var connections: ConnectionLimits

    public init(host: String = "127.0.0.1", port: Int = 8080, connections: ConnectionLimits = ConnectionLimits()) {
        self.host = host
        self.port = port
        self.connections = connections
    }
}
