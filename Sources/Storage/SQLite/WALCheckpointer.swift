import Logging
import SQLKit

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
struct WALCheckpointer: Sendable {
    /// Runs a checkpoint on a connection it lends, and returns what the checkpoint returns.
    typealias Lender = @Sendable (@Sendable (any SQLDatabase) async throws -> Int) async throws -> Int

    var interval: Duration
    var restartPages: Int
    var logger: Logger

    /// Runs until the task is cancelled. `inBackground` lends the checkpoints' own connection;
    /// `onWriter` lends the writer's, in its turn.
    func run(inBackground: Lender, onWriter: Lender) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled else { return }
            do {
                let pages = try await inBackground { try await Self.checkpoint("PASSIVE", on: $0) }
                if pages > restartPages {
                    _ = try await onWriter { try await Self.checkpoint("PASSIVE", on: $0) }
                }
            } catch {
                logger.debug("WAL checkpoint skipped", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Runs one checkpoint; returns the WAL's size in pages (SQLite's `log` column).
    static func checkpoint(_ mode: String, on database: any SQLDatabase) async throws -> Int {
        let row = try await database.raw("PRAGMA wal_checkpoint(\(unsafeRaw: mode))").first()
        return try row?.decode(column: "log", as: Int.self) ?? 0
    }
}
