import Logging
import NIOCore
import NIOPosix
@preconcurrency import PostgresKit
import SQLKit

/// PostgreSQL connections for many stateless replicas on one database: one pool, sized by
/// configuration, used for reads and transactions alike.
///
/// A database that cannot be reached makes `read` and `transaction` throw `StoreError.unavailable`
/// within the pool timeout (the server answers 503); the pool opens new connections on its own once the
/// database is back, so no restart is needed.
///
/// `@unchecked Sendable`: AsyncKit's pool is not marked `Sendable`, but it takes its own lock and hops
/// onto each event loop, so it is safe to share.
public final class PostgresConnections: DatabaseConnections, @unchecked Sendable {
    private let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>
    private let logger: Logger

    public init(
        url: String, poolSize: Int = 16, poolTimeout: TimeAmount = .seconds(2),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger
    ) throws {
        var configuration = try SQLPostgresConfiguration(url: url)
        // A dead server must fail fast, so the pool's timeout (not TCP's) bounds a request.
        configuration.coreConfiguration.options.connectTimeout = poolTimeout
        let loops = eventLoopGroup.makeIterator().reduce(0) { count, _ in count + 1 }
        self.logger = logger
        self.pool = EventLoopGroupConnectionPool(
            source: PostgresConnectionSource(sqlConfiguration: configuration),
            maxConnectionsPerEventLoop: max(1, (poolSize + loops - 1) / max(loops, 1)),
            requestTimeout: poolTimeout,
            pruneInterval: .seconds(60),
            logger: logger,
            on: eventLoopGroup)
    }

    public var isShared: Bool { true }

    /// Replicas starting at once take turns: the first migrates, the others then find nothing to do.
    public var migrationLockSQL: String? { "SELECT pg_advisory_xact_lock(7424273)" }

    public func read<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result)
        async throws -> Result
    {
        try await withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil))
        }
    }

    public func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.sql(queryLogLevel: nil).inTransaction(begin: "BEGIN", body)
        }
    }

    public func autocommit<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in try await body(connection.sql(queryLogLevel: nil)) }
    }

    public func shutdown() async {
        try? await pool.shutdownAsync()
    }

    /// Runs `body` on a pooled connection; failures of the connection itself become `unavailable`,
    /// while errors the server reports about a statement pass through.
    private func withConnection<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws
        -> Result
    {
        let connection: PostgresConnection
        do {
            connection = try await pool.requestConnection(logger: logger).get()
        } catch {
            throw StoreError.unavailable("cannot reach PostgreSQL (\(Self.summary(of: error)))")
        }
        defer { pool.releaseConnection(connection, logger: logger) }
        do {
            return try await body(connection)
        } catch let error as PSQLError {
            guard let server = error.serverInfo else {
                throw StoreError.unavailable("lost the PostgreSQL connection (\(Self.summary(of: error)))")
            }
            // PSQLError hides the server's words from its description; keep them for the logs.
            throw StoreError.rejected(
                "PostgreSQL \(server[.sqlState] ?? "?"): \(server[.message] ?? "error") (\(server[.routine] ?? ""))")
        }
    }

    static func summary(of error: any Error) -> String {
        if let error = error as? PSQLError { return "\(error.code)" }
        return String(describing: type(of: error))
    }
}
