import Logging
import NIOCore
import NIOPosix
import SQLKit
@preconcurrency import SQLiteKit

#if canImport(Glibc)
    import Glibc
#endif

/// SQLite connections: a pool of readers and exactly one writer.
///
/// SQLite lets one transaction write at a time; giving the process a single write connection turns
/// that rule into a queue inside the pool instead of `SQLITE_BUSY` retries. Other processes (the CLI
/// while a server runs) wait on `busy_timeout`.
///
/// `@unchecked Sendable`: AsyncKit's pools are not marked `Sendable`, but every call hops onto the
/// pool's own event loop (or takes the group pool's lock), so they are safe to share.
public final class SQLiteConnections: DatabaseConnections, @unchecked Sendable {
    /// How a commit reaches the disk: `normal` survives a process crash in WAL mode, `full` a power loss.
    public enum Synchronous: String, Sendable {
        case normal = "NORMAL"
        case full = "FULL"
    }

    typealias Source = SQLiteConnectionSourceWithPragmas

    private let readers: EventLoopGroupConnectionPool<Source>
    private let writer: EventLoopConnectionPool<Source>
    /// The background checkpoints' own connection, on a thread of its own at a low priority.
    private let checkpointConnection: EventLoopConnectionPool<Source>
    private let checkpointThread: NIOThreadPool
    private let logger: Logger
    private let checkpointer: Task<Void, Never>

    public init(
        path: String,
        synchronous: Synchronous = .normal,
        readersPerEventLoop: Int = 2,
        poolTimeout: TimeAmount = .seconds(2),
        checkpointInterval: Duration = .milliseconds(250),
        checkpointRestartPages: Int = 16384,
        checkpointsAtIdlePriority: Bool = true,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        let configuration = SQLiteConfiguration(storage: .file(path: path), enableForeignKeys: false)
        let pragmas = [
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = \(synchronous.rawValue)",
            "PRAGMA busy_timeout = 5000",
            // Commits never checkpoint (a checkpoint syncs the database file: a stall of milliseconds
            // for whichever request's commit crossed the WAL limit); `WALCheckpointer` does it beside them.
            "PRAGMA wal_autocheckpoint = 0",
        ]
        let source = SQLiteConnectionSourceWithPragmas(
            base: SQLiteConnectionSource(configuration: configuration), pragmas: pragmas)
        self.logger = logger
        self.readers = EventLoopGroupConnectionPool(
            source: source,
            maxConnectionsPerEventLoop: readersPerEventLoop,
            requestTimeout: poolTimeout,
            pruneInterval: nil,
            logger: logger,
            on: eventLoopGroup
        )
        // Writes queue for the one connection; a batch commit can take a while under load, so the
        // wait is bounded more loosely than a read's.
        self.writer = EventLoopConnectionPool(
            source: source,
            maxConnections: 1,
            requestTimeout: max(poolTimeout, .seconds(30)),
            pruneInterval: nil,
            logger: logger,
            on: eventLoopGroup.any()
        )
        // A checkpoint copies every page written since the last one: milliseconds of CPU in one go. On
        // the threads that serve requests it held a request back for as long (the p99 of a lone client
        // on one core); at a low priority the scheduler lets any request's thread take the core first.
        checkpointThread = NIOThreadPool(numberOfThreads: 1)
        checkpointThread.start()
        if checkpointsAtIdlePriority {
            checkpointThread.submit { _ in LowPriority.applyToCurrentThread() }
        }
        checkpointConnection = EventLoopConnectionPool(
            source: SQLiteConnectionSourceWithPragmas(
                base: SQLiteConnectionSource(configuration: configuration, threadPool: checkpointThread),
                pragmas: pragmas),
            maxConnections: 1,
            requestTimeout: max(poolTimeout, .seconds(30)),
            pruneInterval: nil,
            logger: logger,
            on: eventLoopGroup.any()
        )
        checkpointer = Task { [checkpointConnection, writer, logger] in
            await WALCheckpointer(interval: checkpointInterval, restartPages: checkpointRestartPages, logger: logger)
                .run(
                    inBackground: { body in
                        try await Self.withConnection(from: checkpointConnection, logger: logger, body)
                    },
                    onWriter: { body in try await Self.withConnection(from: writer, logger: logger, body) })
        }
    }

    public func read<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await Self.withConnection(from: readers, logger: logger, body)
    }

    /// Runs `body` on a connection of the readers' pool.
    private static func withConnection<Result: Sendable>(
        from readers: EventLoopGroupConnectionPool<Source>, logger: Logger,
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let connection = try await Self.requested(readers.requestConnection(logger: logger))
        defer { readers.releaseConnection(connection, logger: logger) }
        return try await body(connection.sql(queryLogLevel: nil))
    }

    /// Runs `body` on the connection of a pool of one (the writer's, after the writes queued before it),
    /// a static function so that the checkpointer, started before `self` is whole, can use it too.
    private static func withConnection<Result: Sendable>(
        from writer: EventLoopConnectionPool<Source>, logger: Logger,
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let connection = try await Self.requested(writer.requestConnection(logger: logger))
        defer { writer.releaseConnection(connection, logger: logger) }
        return try await body(connection.sql(queryLogLevel: nil))
    }

    /// A pool's connection, or `unavailable` (a 503, as PostgreSQL's pool does) when none came free within
    /// the pool's timeout or the pool is closing: an overloaded or stopping server, not a bug.
    private static func requested(_ connection: EventLoopFuture<SQLiteConnection>) async throws -> SQLiteConnection {
        do {
            return try await connection.get()
        } catch {
            throw StoreError.unavailable("no SQLite connection came free in time (\(type(of: error)))")
        }
    }

    public func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        // IMMEDIATE takes the write lock at once, so a transaction never fails half-way on a lock
        // another process holds.
        try await Self.withConnection(from: writer, logger: logger) {
            try await $0.inTransaction(begin: "BEGIN IMMEDIATE", body)
        }
    }

    public func autocommit<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await Self.withConnection(from: writer, logger: logger, body)
    }

    /// CLI commands may open the file too, but only one server process serves from it.
    public var isShared: Bool { false }

    /// `BEGIN IMMEDIATE` already takes SQLite's one write lock.
    public var migrationLockSQL: String? { nil }

    public func shutdown() async {
        checkpointer.cancel()
        await checkpointer.value
        // The last checkpoint empties the WAL into the database file.
        _ = try? await autocommit { try await $0.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
        try? await readers.shutdownAsync()
        try? await writer.close().get()
        try? await checkpointConnection.close().get()
        try? await checkpointThread.shutdownGracefully()
    }
}

/// The lowest scheduling priority (nice 19) for the calling thread: Linux keeps a nice value per
/// thread, and `setpriority(PRIO_PROCESS, 0, …)` sets the caller's alone.
enum LowPriority {
    static func applyToCurrentThread() {
        #if os(Linux)
            let schedIdle: Int32 = 5  // SCHED_IDLE in <sched.h>, which Glibc's module does not carry
            var parameters = sched_param(sched_priority: 0)
            _ = sched_setscheduler(0, schedIdle, &parameters)
        #endif
    }
}

/// sqlite-kit's connection source, plus the PRAGMAs every connection needs when it opens
/// (sqlite-kit's configuration has no hook for them).
struct SQLiteConnectionSourceWithPragmas: ConnectionPoolSource {
    let base: SQLiteConnectionSource
    let pragmas: [String]

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            var ready = eventLoop.makeSucceededVoidFuture()
            for pragma in pragmas {
                ready = ready.flatMap { connection.query(pragma).map { _ in } }
            }
            return ready.map { connection }
        }
    }
}
