import SQLKit

/// The dialect-specific part of storage: how to get a connection for reading and how to run a
/// transaction. Everything above it is the same SQL on SQLite and PostgreSQL.
public protocol DatabaseConnections: Sendable {
    /// Runs `body` on some connection, outside a transaction.
    func read<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws
        -> Result

    /// Runs `body` in one write transaction, committed when it returns and rolled back when it throws.
    func transaction<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result)
        async throws -> Result

    /// Runs `body`, which makes a single write statement, on a write connection without an explicit
    /// transaction: one statement is atomic on its own, and BEGIN and COMMIT would cost a round trip each.
    func autocommit<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result)
        async throws -> Result

    /// Closes every connection.
    func shutdown() async

    /// Whether other processes serve from the same database (several replicas): then nothing that
    /// another replica may change can be cached here.
    var isShared: Bool { get }

    /// A statement that serialises migrations between processes starting at once, run first in the
    /// migration transaction; `nil` when the transaction itself already excludes other writers.
    var migrationLockSQL: String? { get }
}

extension SQLDatabase {
    /// Runs `body` between `begin` (each dialect's way to open a transaction) and `COMMIT` on this one
    /// connection, and rolls back when `body` throws.
    func inTransaction<Result: Sendable>(
        begin: String, _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(self)
            try await raw("COMMIT").run()
            return result
        } catch {
            try? await raw("ROLLBACK").run()
            throw error
        }
    }
}
