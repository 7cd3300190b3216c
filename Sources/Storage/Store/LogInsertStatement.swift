import SQLKit
import Synchronization

/// The multi-row `INSERT INTO logs`, with its text kept per dialect and row count.
///
/// Every generation's log goes through this statement. SQLKit's `SQLInsert` writes its text anew each
/// time, quoting 32 column names and writing a placeholder per value through `SQLExpression`s; for a
/// lone request (one row per batch) that cost as much as a sixth of the request's database work. The
/// text is the same for the same number of rows, so it is written once by `SQLInsert` itself (the SQL is
/// exactly what it was) and kept; only the bound values change.
struct LogInsertStatement: SQLExpression {
    let logs: ArraySlice<LogRecord>

    /// Row counts up to this keep their text (at most ~0.3 MB in all per dialect); larger batches, rare
    /// outside bulk imports, are written each time.
    static let cachedRowCounts = 64

    private struct Key: Hashable {
        var dialect: String
        var rows: Int
    }

    private static let texts = Mutex<[Key: String]>([:])

    func serialize(to serializer: inout SQLSerializer) {
        let key = Key(dialect: serializer.dialect.name, rows: logs.count)
        let cached = key.rows <= Self.cachedRowCounts ? Self.texts.withLock { $0[key] } : nil
        let text = cached ?? Self.text(rows: logs.count, database: serializer.database)
        if cached == nil, key.rows <= Self.cachedRowCounts {
            Self.texts.withLock { $0[key] = text }
        }
        // The placeholders count from the statement's first bind, so the statement must be serialized on
        // its own (it always is: `run(on:)`).
        precondition(serializer.binds.isEmpty, "LogInsertStatement must be a statement of its own")
        serializer.write(text)
        for log in logs {
            serializer.binds.append(contentsOf: log.bindings)
        }
    }

    /// `SQLInsert`'s text for `rows` rows of the log's columns.
    static func text(rows: Int, database: any SQLDatabase) -> String {
        var insert = SQLInsert(table: SQLIdentifier("logs"))
        insert.columns = LogRecord.columns.map { SQLIdentifier($0) }
        let placeholderRow = [any SQLExpression](repeating: SQLBind(0), count: LogRecord.columns.count)
        insert.values = Array(repeating: placeholderRow, count: rows)
        var serializer = SQLSerializer(database: database)
        insert.serialize(to: &serializer)
        return serializer.sql
    }

    func run(on database: any SQLDatabase) async throws {
        try await database.execute(sql: self) { _ in }
    }
}
