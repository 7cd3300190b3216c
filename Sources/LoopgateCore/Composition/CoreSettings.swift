import Storage

/// What the core is opened with: where the data lives and how to reach it, and the keys.
public struct CoreSettings: Sendable {
    public var database: DatabaseURL
    /// How storage connects: SQLite durability, PostgreSQL pool size and timeout.
    public var storage: SQLStore.Options
    /// `LOOPGATE_API_KEY`: a key that must open the default organisation.
    public var apiKey: String?
    /// How long a key → organisation lookup is trusted (`LOOPGATE_CACHE_TTL`).
    public var keyCacheTTL: Duration
    /// The server's own provider keys, the fallback after a request's.
    public var providerKeys: ProviderKeys
    /// `LOOPGATE_MAX_RENDERED_BYTES`: the most a template may render to (a few placeholders of a long
    /// value could otherwise make a prompt, an upstream call and a stored log thousands of times the
    /// request's size).
    public var maxRenderedBytes: Int
    /// `LOOPGATE_LOG_RETENTION_DAYS`: how long logs are kept (`nil`: for ever).
    public var logRetention: Duration?

    /// 4 MiB: past any model's context window, far below what hurts the server.
    public static let defaultMaxRenderedBytes = 4 << 20

    public init(
        database: DatabaseURL, storage: SQLStore.Options = SQLStore.Options(), apiKey: String? = nil,
        keyCacheTTL: Duration = .seconds(1), providerKeys: ProviderKeys = ProviderKeys(),
        maxRenderedBytes: Int = CoreSettings.defaultMaxRenderedBytes, logRetention: Duration? = nil
    ) {
        self.database = database
        self.storage = storage
        self.apiKey = apiKey
        self.keyCacheTTL = keyCacheTTL
        self.providerKeys = providerKeys
        self.maxRenderedBytes = maxRenderedBytes
        self.logRetention = logRetention
    }
}
