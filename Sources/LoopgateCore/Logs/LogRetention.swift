import HumanloopAPI
import Logging
import ServiceLifecycle
import Storage

/// `LOOPGATE_LOG_RETENTION_DAYS`: logs older than that are deleted, with the feedback on them, by a pass
/// that runs beside the server every `interval` (and once soon after start).
///
/// Off the hot path: a pass walks project by project and file by file, deleting `batchSize` logs per
/// short transaction (found on the owner's time index), pausing between batches so that the log writer's
/// commits are never queued behind a long delete. Several replicas may all run it: a log deleted twice is
/// deleted once. Counters of logs recorded (a config's `num_datapoints`) keep counting what was made.
public struct LogRetention: Service {
    let store: any LogStore
    let maximumAge: Duration
    let interval: Duration
    let batchSize: Int
    let pause: Duration
    let logger: Logger

    public init(
        store: any LogStore, maximumAge: Duration, interval: Duration = .seconds(3600), batchSize: Int = 2000,
        pause: Duration = .milliseconds(20), logger: Logger
    ) {
        self.store = store
        self.maximumAge = maximumAge
        self.interval = interval
        self.batchSize = batchSize
        self.pause = pause
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            // The first pass waits a little, so a starting server serves before it prunes.
            try? await Task.sleep(for: min(interval, .seconds(60)))
            while !Task.isCancelled {
                do {
                    let deleted = try await prune(before: Self.cutoff(now: Clock.now(), maximumAge: maximumAge))
                    if deleted > 0 { logger.info("log retention deleted \(deleted) logs") }
                } catch {
                    logger.warning("log retention pass failed: \(error)")
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Deletes every log made before `cutoff`; answers how many.
    public func prune(before cutoff: Timestamp) async throws -> Int {
        var deleted = 0
        for owner in try await store.logOwners() {
            while !Task.isCancelled {
                let count = try await store.deleteLogs(of: owner, createdBefore: cutoff, limit: batchSize)
                deleted += count
                guard count == batchSize else { break }
                try? await Task.sleep(for: pause)
            }
        }
        return deleted
    }

    static func cutoff(now: Timestamp, maximumAge: Duration) -> Timestamp {
        let micros = maximumAge.components.seconds * 1_000_000 + maximumAge.components.attoseconds / 1_000_000_000_000
        return Timestamp(microsecondsSinceEpoch: now.microsecondsSinceEpoch - micros)
    }
}
