import Synchronization

/// What `-deployed` calls resolve on every request (an environment by name, and what a project serves
/// there), kept in memory when no other process writes deployments.
///
/// Every deployment write the store makes ends with `invalidateAll()` after its commit. A read that
/// began before that write may finish after it with what was there before; the generation it read
/// under is then stale, and `remember` refuses it, so the cache never keeps an answer older than the
/// last write it has seen.
final class DeploymentCache: Sendable {
    struct Key: Hashable, Sendable {
        var orgID: String
        var projectID: String
        /// `nil`: the organisation's default environment.
        var environmentName: String?
    }

    private struct State {
        var generation: UInt64 = 0
        var entries: [Key: EnvironmentDeployment] = [:]
    }

    private let state = Mutex(State())
    private let limit: Int

    /// `limit` bounds memory: past it everything is dropped (the working set is a few projects times a
    /// few environments; a reset is simpler than LRU).
    init(limit: Int = 10_000) {
        self.limit = limit
    }

    /// The cached answer and, for a miss, the generation to hand back to `remember` with what is read.
    func lookup(_ key: Key) -> (entry: EnvironmentDeployment?, generation: UInt64) {
        state.withLock { ($0.entries[key], $0.generation) }
    }

    /// Keeps an answer read under `generation`, unless a write has invalidated the cache since.
    func remember(_ entry: EnvironmentDeployment, for key: Key, readUnder generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= limit { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = entry
        }
    }

    /// Drops every answer; reads still in flight will not be kept.
    func invalidateAll() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll(keepingCapacity: true)
        }
    }
}
