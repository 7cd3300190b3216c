import Storage
import Synchronization

/// Resolves `X-API-KEY` to an organisation, with a short TTL cache so the hot path does not query the
/// database on every request; a revoked key stops working everywhere within the TTL.
///
/// A miss is looked up once however many requests carry the key at that moment: the others wait for
/// the same lookup. Without that, a burst on a cold cache (a client opening hundreds of streams at
/// start, or every request in flight when an entry expires) queued one read per request for the
/// readers' few connections, and under load the last of them timed out waiting.
public final class APIKeyAuthenticator: Sendable {
    public typealias Lookup = @Sendable (_ keyHash: String) async throws -> String?

    private struct Entry: Sendable {
        var orgID: String?
        var expires: ContinuousClock.Instant
    }

    private let lookup: Lookup
    private let ttl: Duration
    private let cache = LockedCache<String, Entry>()
    /// The lookups under way, by key hash.
    private let inFlight = Mutex<[String: Task<String?, any Error>]>([:])

    public init(ttl: Duration = .seconds(1), lookup: @escaping Lookup) {
        self.lookup = lookup
        self.ttl = ttl
    }

    public convenience init(store: any Store, ttl: Duration = .seconds(1)) {
        self.init(ttl: ttl) { try await store.organizationID(forKeyHash: $0) }
    }

    /// The organisation id of a live key, or `nil` for an unknown or revoked one.
    public func organizationID(forKey key: String) async throws -> String? {
        let hash = APIKey.hash(key)
        if let entry = liveEntry(hash) { return entry.orgID }
        return try await sharedLookup(hash)
    }

    /// The cached answer for `hash`, unless it has expired.
    private func liveEntry(_ hash: String) -> Entry? {
        guard let entry = cache[hash], entry.expires > ContinuousClock.now else { return nil }
        return entry
    }

    /// Joins the lookup of `hash` under way, or starts one that caches its answer before it ends.
    private func sharedLookup(_ hash: String) async throws -> String? {
        enum Next {
            case cached(String?)
            case wait(Task<String?, any Error>)
        }
        let next = inFlight.withLock { tasks -> Next in
            if let running = tasks[hash] { return .wait(running) }
            // A lookup that ended since the caller's miss has left its answer in the cache.
            if let entry = liveEntry(hash) { return .cached(entry.orgID) }
            let task = Task {
                // The entry is stored before the task leaves the in-flight map, so a caller always finds
                // one or the other.
                defer { _ = self.inFlight.withLock { $0.removeValue(forKey: hash) } }
                let orgID = try await self.lookup(hash)
                self.cache.set(Entry(orgID: orgID, expires: ContinuousClock.now + self.ttl), for: hash)
                return orgID
            }
            tasks[hash] = task
            return .wait(task)
        }
        switch next {
        case .cached(let orgID): return orgID
        case .wait(let task): return try await task.value
        }
    }
}
