import Logging
import Metrics
import ServiceLifecycle

/// The batched log writer (group commit): generations hand it their writes and wait; it commits
/// whatever has queued up in one transaction, then answers them all.
///
/// While one batch commits, the next one gathers, so under load many requests share a transaction and
/// the database sees one commit per batch instead of one per request. A request answers only after its
/// batch is committed, so an answered log is durable.
public actor LogWriter: Service {
    public typealias Apply = @Sendable ([GenerationWrite]) async throws -> [GenerationWriteResult]

    /// The writer is shutting down and takes no more writes.
    public struct ClosedError: Error {}

    private struct Pending {
        var write: GenerationWrite
        var continuation: CheckedContinuation<GenerationWriteResult, any Error>
    }

    private let apply: Apply
    private let maxBatchLogs: Int
    private let logger: Logger
    private var pending: [Pending] = []
    private var isFlushing = false
    private var isClosed = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    // Looked up per batch rather than kept from `init`: a writer made before the metrics backend is
    // bootstrapped would otherwise report to nothing for its whole life.
    private var batchSize: Recorder { Recorder(label: "loopgate_log_writer_batch_size") }
    private var commitDuration: Metrics.Timer { Metrics.Timer(label: "loopgate_log_writer_commit_duration_seconds") }

    public init(maxBatchLogs: Int = 1000, logger: Logger, apply: @escaping Apply) {
        self.apply = apply
        self.maxBatchLogs = maxBatchLogs
        self.logger = logger
    }

    /// A writer that applies batches to `store`.
    public init(store: SQLStore, maxBatchLogs: Int = 1000, logger: Logger) {
        self.init(maxBatchLogs: maxBatchLogs, logger: logger) { try await store.apply($0) }
    }

    /// Queues one generation's writes and returns once they are committed.
    public func write(_ write: GenerationWrite) async throws -> GenerationWriteResult {
        guard !isClosed else { throw ClosedError() }
        return try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(write: write, continuation: continuation))
            if !isFlushing {
                isFlushing = true
                Task { await self.flush() }
            }
        }
    }

    /// Waits for shutdown, then commits everything still queued before returning.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    /// Refuses new writes and waits until every queued one is committed.
    public func close() async {
        isClosed = true
        while isFlushing || !pending.isEmpty {
            await withCheckedContinuation { idleWaiters.append($0) }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = takeBatch()
            batchSize.record(batch.count)
            let started = ContinuousClock.now
            do {
                let results = try await apply(batch.map(\.write))
                commitDuration.recordInterval(since: started)
                for (entry, result) in zip(batch, results) {
                    entry.continuation.resume(returning: result)
                }
            } catch {
                await retryOneByOne(batch, after: error)
            }
        }
        isFlushing = false
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// A failed batch is retried write by write, so one bad write fails alone and the rest still land.
    private func retryOneByOne(_ batch: [Pending], after error: any Error) async {
        guard batch.count > 1 else {
            logger.error("log write failed", metadata: ["error": "\(error)"])
            batch.first?.continuation.resume(throwing: error)
            return
        }
        logger.warning("log batch failed; retrying its writes one by one", metadata: ["error": "\(error)"])
        for entry in batch {
            do {
                let result = try await apply([entry.write])
                entry.continuation.resume(returning: result[0])
            } catch {
                logger.error("log write failed", metadata: ["error": "\(error)"])
                entry.continuation.resume(throwing: error)
            }
        }
    }

    private func takeBatch() -> [Pending] {
        var logCount = 0
        var taken = 0
        for entry in pending {
            if taken > 0 && logCount + entry.write.logs.count > maxBatchLogs { break }
            logCount += entry.write.logs.count
            taken += 1
        }
        let batch = Array(pending.prefix(taken))
        pending.removeFirst(taken)
        return batch
    }
}

extension Metrics.Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
