import Logging
import SQLKit
import Synchronization

/// Moves committed pages from SQLite's write-ahead log into the database file in the background, so that
/// no commit has to (`wal_autocheckpoint` is off on Loopgate's connections).
///
/// Every `interval` a PASSIVE checkpoint on a connection of its own (on a low-priority thread) copies
/// what it can without waiting for anyone. Under steady writes such a pass never catches up with the last commit, and SQLite only
/// starts the WAL over when a write begins after a pass that has; so past `restartPages` pages one more
/// PASSIVE pass runs on the writer's connection, queued between two writes like a write: it copies the
/// few frames the first pass left, and the next commit starts the log from the beginning.
///
/// Why not a RESTART checkpoint: it takes SQLite's write lock from another connection, and the writer
/// that meets it sleeps in `busy_timeout`'s steps (1, 2, 5 ms…) however soon it is released: those
/// sleeps were the p99 of a lone client's requests. The writer's own pool queue wakes the next write as
/// soon as the pass is done.
///
/// The low-priority thread gets almost no CPU while the machine is saturated by anything else, and a
/// pass waiting there would leave the WAL growing for as long. So a pass still unfinished after
/// `starvedAfter` is done again on the writer's connection, at the writer's priority, every interval
/// until the background one returns. If the starved pass has already begun, it holds SQLite's
/// checkpoint lock, and the writer's pass finds it busy and returns at once (PASSIVE never waits): the
/// WAL then grows until the starved pass finishes on the sliver of CPU an idle-priority thread still
/// gets. (Leaving `SCHED_IDLE` to finish it would need a privilege a server should not have.)
struct WALCheckpointer: Sendable {
    /// Runs a checkpoint on a connection it lends, and returns what the checkpoint returns.
    typealias Lender = @Sendable (@Sendable (any SQLDatabase) async throws -> Int) async throws -> Int

    var interval: Duration
    var restartPages: Int
    var starvedAfter: Duration
    var logger: Logger

    init(interval: Duration, restartPages: Int, starvedAfter: Duration? = nil, logger: Logger) {
        self.interval = interval
        self.restartPages = restartPages
        self.starvedAfter = starvedAfter ?? interval * 4
        self.logger = logger
    }

    /// Runs until the task is cancelled, then waits for a background pass still running. `inBackground`
    /// lends the checkpoints' own connection; `onWriter` lends the writer's, in its turn.
    func run(inBackground: @escaping Lender, onWriter: @escaping Lender) async {
        var background: BackgroundPass?
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled else { break }
            if let running = background, !running.isDone {
                if ContinuousClock.now - running.started > starvedAfter {
                    logger.debug("WAL checkpoint starved in the background; the writer's connection runs one")
                    await pass(on: onWriter)
                }
                continue
            }
            background = BackgroundPass { await self.pass(on: inBackground, thenIfLarge: onWriter) }
        }
        await background?.task.value
    }

    /// One PASSIVE pass on `lender`'s connection; past `restartPages`, one more on `restarter`'s.
    private func pass(on lender: Lender, thenIfLarge restarter: Lender? = nil) async {
        do {
            let pages = try await lender { try await Self.checkpoint("PASSIVE", on: $0) }
            if let restarter, pages > restartPages {
                _ = try await restarter { try await Self.checkpoint("PASSIVE", on: $0) }
            }
        } catch {
            logger.debug("WAL checkpoint skipped", metadata: ["error": "\(error)"])
        }
    }

    /// Runs one checkpoint; returns the WAL's size in pages (SQLite's `log` column).
    static func checkpoint(_ mode: String, on database: any SQLDatabase) async throws -> Int {
        let row = try await database.raw("PRAGMA wal_checkpoint(\(unsafeRaw: mode))").first()
        return try row?.decode(column: "log", as: Int.self) ?? 0
    }
}

/// A checkpoint pass started in the background: when, and whether it has returned.
private final class BackgroundPass: Sendable {
    let started = ContinuousClock.now
    let task: Task<Void, Never>
    private let finished: Finished

    private final class Finished: Sendable {
        let value = Atomic(false)
    }

    init(_ body: @escaping @Sendable () async -> Void) {
        let finished = Finished()
        self.finished = finished
        task = Task {
            await body()
            finished.value.store(true, ordering: .releasing)
        }
    }

    var isDone: Bool { finished.value.load(ordering: .acquiring) }
}
