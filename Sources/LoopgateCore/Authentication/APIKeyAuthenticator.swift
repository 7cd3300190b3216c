import Storage

/// Resolves `X-API-KEY` to an organisation, with a short TTL cache so the hot path does not query the
/// database on every request; a revoked key stops working everywhere within the TTL.
public final class APIKeyAuthenticator: Sendable {
    private struct Entry: Sendable {
        var orgID: String?
        var expires: ContinuousClock.Instant
    }

    private let store: SQLStore
    private let ttl: Duration
    private let cache = LockedCache<String, Entry>()

    public init(store: SQLStore, ttl: Duration = .seconds(1)) {
        self.store = store
        self.ttl = ttl
    }

    /// The organisation id of a live key, or `nil` for an unknown or revoked one.
    public func organizationID(forKey key: String) async throws -> String? {
        let hash = APIKey.hash(key)
        let now = ContinuousClock.now
        if let entry = cache[hash], entry.expires > now {
            return entry.orgID
        }
        let orgID = try await store.organizationID(forKeyHash: hash)
        cache.set(Entry(orgID: orgID, expires: now + ttl), for: hash)
        return orgID
    }
}
