import HumanloopAPI
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// The batched log writer (group commit): generations hand it their writes and wait; it commits
/// whatever has queued up in one transaction, then answers them all.
///
/// While one batch commits, the next one gathers, so under load many requests share a transaction and
/// the database sees one commit per batch instead of one per request. A request answers only after its
/// batch is committed, so an answered log is durable.
///
/// The queue is a `Mutex`, not an actor: every generation passes through here, and an actor cost each
/// one two executor hops (onto the writer and off it again) on top of the commit's own; the lock is held
/// only to append or to take a batch.
public final class LogWriter: Service, Sendable {
    public typealias Apply = @Sendable ([GenerationWrite]) async throws -> [GenerationWriteResult]

    /// The writer is shutting down and takes no more writes.
    public struct ClosedError: Error {}

    private struct Pending {
        var write: GenerationWrite
        var continuation: UnsafeContinuation<GenerationWriteResult, any Error>
    }

    private struct Queue {
        var pending: [Pending] = []
        /// A flush task is running; it takes whatever is queued until the queue is empty.
        var isFlushing = false
        var isClosed = false
        var idleWaiters: [UnsafeContinuation<Void, Never>] = []
    }

    private let apply: Apply
    private let maxBatchLogs: Int
    private let logger: Logger
    private let queue = Mutex(Queue())
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
    public convenience init(store: any LogStore, maxBatchLogs: Int = 1000, logger: Logger) {
        self.init(maxBatchLogs: maxBatchLogs, logger: logger) { try await store.apply($0) }
    }

    /// Queues one generation's writes and returns once they are committed.
    public func write(_ write: GenerationWrite) async throws -> GenerationWriteResult {
        try await withUnsafeThrowingContinuation { continuation in
            enum Next { case refuse, wait, startFlushing }
            let next = queue.withLock { queue -> Next in
                guard !queue.isClosed else { return .refuse }
                queue.pending.append(Pending(write: write, continuation: continuation))
                guard !queue.isFlushing else { return .wait }
                queue.isFlushing = true
                return .startFlushing
            }
            switch next {
            case .refuse: continuation.resume(throwing: ClosedError())
            case .wait: break
            case .startFlushing: Task { await self.flush() }
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
        await withUnsafeContinuation { continuation in
            let idle = queue.withLock { queue -> Bool in
                queue.isClosed = true
                guard queue.isFlushing || !queue.pending.isEmpty else { return true }
                queue.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Commits batches until the queue is empty, then wakes whoever waits for the writer to be idle.
    private func flush() async {
        while let batch = nextBatch() {
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
    }

    /// The next batch, or `nil` once the queue is empty (the flush is then over, and idle waiters are
    /// woken).
    private func nextBatch() -> [Pending]? {
        let (batch, waiters) = queue.withLock { queue -> ([Pending]?, [UnsafeContinuation<Void, Never>]) in
            guard !queue.pending.isEmpty else {
                queue.isFlushing = false
                defer { queue.idleWaiters = [] }
                return (nil, queue.idleWaiters)
            }
            var logCount = 0
            var taken = 0
            for entry in queue.pending {
                if taken > 0 && logCount + entry.write.logs.count > maxBatchLogs { break }
                logCount += entry.write.logs.count
                taken += 1
            }
            let batch = Array(queue.pending.prefix(taken))
            queue.pending.removeFirst(taken)
            return (batch, [])
        }
        for waiter in waiters { waiter.resume() }
        return batch
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
}

extension Metrics.Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        recordNanoseconds((ContinuousClock.now - start).nanoseconds)
    }
}
