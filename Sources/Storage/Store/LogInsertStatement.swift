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
    /// `loopgate import`'s form: a log whose id is stored already is left as it is, and the statement
    /// answers the ids it wrote.
    var skippingExisting = false

    /// Row counts up to this keep their text (at most ~0.3 MB in all per dialect); larger batches, rare
    /// outside bulk imports, are written each time.
    static let cachedRowCounts = 64

    private struct Key: Hashable {
        var dialect: String
        var rows: Int
        var withV5Columns: Bool
        var skippingExisting: Bool
    }

    private static let texts = Mutex<[Key: String]>([:])

    func serialize(to serializer: inout SQLSerializer) {
        // v5's columns only when a row has one: a v4 generation binds what it did before them.
        let withV5Columns = logs.contains(where: \.hasV5Fields)
        let key = Key(
            dialect: serializer.dialect.name, rows: logs.count, withV5Columns: withV5Columns,
            skippingExisting: skippingExisting)
        let cached = key.rows <= Self.cachedRowCounts ? Self.texts.withLock { $0[key] } : nil
        let text =
            cached
            ?? Self.text(
                rows: logs.count, withV5Columns: withV5Columns, skippingExisting: skippingExisting,
                database: serializer.database)
        if cached == nil, key.rows <= Self.cachedRowCounts {
            Self.texts.withLock { $0[key] = text }
        }
        // The placeholders count from the statement's first bind, so the statement must be serialized on
        // its own (it always is: `run(on:)`).
        precondition(serializer.binds.isEmpty, "LogInsertStatement must be a statement of its own")
        serializer.write(text)
        for log in logs {
            serializer.binds.append(contentsOf: log.bindings)
            if withV5Columns { serializer.binds.append(contentsOf: log.v5Bindings) }
        }
    }

    /// `SQLInsert`'s text for `rows` rows of the log's columns.
    static func text(rows: Int, withV5Columns: Bool, skippingExisting: Bool = false, database: any SQLDatabase)
        -> String
    {
        var insert = SQLInsert(table: SQLIdentifier("logs"))
        let columns = LogRecord.columns + (withV5Columns ? LogRecord.v5Columns : [])
        insert.columns = columns.map { SQLIdentifier($0) }
        let placeholderRow = [any SQLExpression](repeating: SQLBind(0), count: columns.count)
        insert.values = Array(repeating: placeholderRow, count: rows)
        var serializer = SQLSerializer(database: database)
        insert.serialize(to: &serializer)
        // Written out rather than through `SQLConflictResolutionStrategy`, which gives PostgreSQL an empty
        // `ON CONFLICT ()` for "any conflict".
        return serializer.sql + (skippingExisting ? " ON CONFLICT DO NOTHING RETURNING id" : "")
    }

    func run(on database: any SQLDatabase) async throws {
        try await database.execute(sql: self) { _ in }
    }
}
