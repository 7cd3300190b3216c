import LoopgateCore
import Storage

/// Everything `loopgate serve` is configured with, from flags and `LOOPGATE_*` variables.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseURL
    /// How storage connects: SQLite durability, PostgreSQL pool size and timeout.
    public var storage: SQLStore.Options
    /// `LOOPGATE_API_KEY`: a key that must open the default organisation.
    public var apiKey: String?
    /// How long a key → organisation lookup is trusted (`LOOPGATE_CACHE_TTL`).
    public var keyCacheTTL: Duration
    public var providerKeys: ProviderKeys
    /// Timeouts, the body limit and the connection cap of client connections.
    public var connections: ConnectionLimits

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        database: DatabaseURL,
        storage: SQLStore.Options = SQLStore.Options(),
        apiKey: String? = nil,
        keyCacheTTL: Duration = .seconds(1),
        providerKeys: ProviderKeys = ProviderKeys(),
        connections: ConnectionLimits = ConnectionLimits()
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.storage = storage
        self.apiKey = apiKey
        self.keyCacheTTL = keyCacheTTL
        self.providerKeys = providerKeys
        self.connections = connections
    }
}
