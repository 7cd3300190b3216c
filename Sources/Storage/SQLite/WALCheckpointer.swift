import Logging
import SQLKit

/// Moves committed pages from SQLite's write-ahead log into the database file in the background, so that
/// no commit has to (`wal_autocheckpoint` is off on Loopgate's connections).
///
/// Every `interval` a PASSIVE checkpoint copies what it can without waiting for anyone. Under steady
/// writes a passive checkpoint never catches up with the last commit, and SQLite only starts the WAL
/// over once one has, so past `restartPages` pages a RESTART checkpoint waits for the writer in flight,
/// finishes the copy and lets the next commit start the log from the beginning: the WAL stays bounded,
/// and the one short wait it costs the writer comes after a passive pass has already done the work.
struct WALCheckpointer: Sendable {
    var interval: Duration
    var restartPages: Int
    var logger: Logger

    /// Runs until the task is cancelled; `withConnection` lends a connection that is not the writer's.
    func run(withConnection: @Sendable (@Sendable (any SQLDatabase) async throws -> Void) async throws -> Void) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled else { return }
            do {
                try await withConnection { database in
                    let pages = try await Self.checkpoint("PASSIVE", on: database)
                    if pages > restartPages {
                        _ = try await Self.checkpoint("RESTART", on: database)
                    }
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
