import HumanloopAPI
import SQLKit

extension SQLStore {
    public func log(id: String, orgID: String) async throws -> LogRecord? {
        try await connections.read { database in
            try await database.raw("SELECT * FROM logs WHERE id = \(bind: id) AND org_id = \(bind: orgID)")
                .first().map(LogRecord.init(row:))
        }
    }

    /// One page of a project's logs, newest first, narrowed by `filter`.
    public func listLogs(
        orgID: String, projectID: String, page: Int, size: Int, filter: LogFilter
    ) async throws -> (records: [LogRecord], total: Int) {
        try await listLogs(
            where: "org_id = \(bind: orgID) AND project_id = \(bind: projectID)", page: page, size: size,
            filter: filter)
    }

    /// One page of a Tool's, Flow's or Evaluator's logs, newest first, of one version when it is given.
    public func listLogs(orgID: String, fileID: String, versionID: String?, page: Int, size: Int) async throws
        -> (records: [LogRecord], total: Int)
    {
        var owner: SQLQueryString = "org_id = \(bind: orgID) AND file_id = \(bind: fileID)"
        if let versionID { owner = owner + " AND version_id = \(bind: versionID)" }
        return try await listLogs(where: owner, page: page, size: size, filter: LogFilter())
    }

    /// Logs whose trace parent is one of `ids`, oldest first.
    public func traceChildren(of ids: [String], orgID: String) async throws -> [LogRecord] {
        guard !ids.isEmpty else { return [] }
        return try await connections.read { database in
            try await database.raw(
                """
                SELECT * FROM logs WHERE org_id = \(bind: orgID) AND trace_parent_id IN (\(binds: ids))
                ORDER BY created_at, id
                """
            ).all().map(LogRecord.init(row:))
        }
    }

    /// The evaluator logs judging one of `ids`, oldest first.
    public func evaluatorLogs(on ids: [String], orgID: String) async throws -> [LogRecord] {
        guard !ids.isEmpty else { return [] }
        return try await connections.read { database in
            try await database.raw(
                """
                SELECT * FROM logs WHERE org_id = \(bind: orgID) AND parent_id IN (\(binds: ids))
                AND file_id LIKE 'ev\\_%' ESCAPE '\\' ORDER BY created_at, id
                """
            ).all().map(LogRecord.init(row:))
        }
    }

    private func listLogs(where owner: SQLQueryString, page: Int, size: Int, filter: LogFilter) async throws
        -> (records: [LogRecord], total: Int)
    {
        var conditions: [SQLQueryString] = [owner]
        if let search = filter.search {
            let pattern = "%" + Self.likeEscaped(search.lowercased()) + "%"
            conditions.append(
                """
                (LOWER(COALESCE(output, '')) LIKE \(bind: pattern) ESCAPE '\\'
                 OR LOWER(COALESCE(inputs, '')) LIKE \(bind: pattern) ESCAPE '\\'
                 OR LOWER(COALESCE(messages, '')) LIKE \(bind: pattern) ESCAPE '\\')
                """)
        }
        if let search = filter.metadataSearch {
            let pattern = "%" + Self.likeEscaped(search.lowercased()) + "%"
            conditions.append("LOWER(COALESCE(metadata, '')) LIKE \(bind: pattern) ESCAPE '\\'")
        }
        if let start = filter.start { conditions.append("created_at >= \(bind: start.microsecondsSinceEpoch)") }
        if let end = filter.end { conditions.append("created_at <= \(bind: end.microsecondsSinceEpoch)") }
        if let configID = filter.configID { conditions.append("config_id = \(bind: configID)") }
        let whereClause = conditions.joined(separator: " AND ")
        return try await connections.read { database in
            let total =
                try await database.raw("SELECT COUNT(*) AS n FROM logs WHERE " + whereClause).first()?
                .decode(column: "n", as: Int.self) ?? 0
            let records = try await database.raw(
                "SELECT * FROM logs WHERE " + whereClause
                    + " ORDER BY created_at DESC, id DESC LIMIT \(bind: size) OFFSET \(bind: page * size)"
            ).all().map(LogRecord.init(row:))
            return (records, total)
        }
    }

    /// Whether a log with this id exists in the organisation.
    public func logExists(id: String, orgID: String) async throws -> Bool {
        try await connections.read { database in
            try await database.raw("SELECT id FROM logs WHERE id = \(bind: id) AND org_id = \(bind: orgID)")
                .first() != nil
        }
    }

    /// The id of the log recorded with a caller-side `reference_id`.
    public func logID(referenceID: String, orgID: String) async throws -> String? {
        try await connections.read { database in
            try await database.raw(
                "SELECT id FROM logs WHERE reference_id = \(bind: referenceID) AND org_id = \(bind: orgID)"
            ).first()?.decode(column: "id", as: String.self)
        }
    }

    /// Whether a session with this id exists in the organisation.
    public func sessionExists(id: String, orgID: String) async throws -> Bool {
        try await connections.read { database in
            try await database.raw("SELECT id FROM sessions WHERE id = \(bind: id) AND org_id = \(bind: orgID)")
                .first() != nil
        }
    }

    /// The session a caller-side reference names, if it was created already.
    public func sessionID(referenceID: String, orgID: String) async throws -> String? {
        try await connections.read { database in
            try await database.raw(
                "SELECT id FROM sessions WHERE reference_id = \(bind: referenceID) AND org_id = \(bind: orgID)"
            ).first()?.decode(column: "id", as: String.self)
        }
    }

    /// A stored config of the organisation.
    public func modelConfig(id: String, orgID: String) async throws -> ModelConfigRecord? {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT id, body FROM model_configs
                WHERE org_id = \(bind: orgID) AND id = \(Self.aliasTarget(of: id, orgID: orgID))
                """
            ).first().map {
                ModelConfigRecord(
                    id: try $0.decode(column: "id", as: String.self),
                    body: try $0.decode(column: "body", as: String.self))
            }
        }
    }

    /// The project that first linked a config.
    public func firstProjectID(linkedTo configID: String, orgID: String) async throws -> String? {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT project_id FROM project_configs
                WHERE org_id = \(bind: orgID) AND config_id = \(Self.aliasTarget(of: configID, orgID: orgID))
                ORDER BY created_at, project_id LIMIT 1
                """
            ).first()?.decode(column: "project_id", as: String.self)
        }
    }

    /// How many logs a project has recorded with a config (the project–config counter).
    public func projectConfigUsage(projectID: String, configID: String) async throws -> Int {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT num_datapoints FROM project_configs
                WHERE project_id = \(bind: projectID) AND config_id = \(bind: configID)
                """
            ).first()?.decode(column: "num_datapoints", as: Int.self) ?? 0
        }
    }

    /// Applies a batch of generation writes atomically (the log writer's group commit).
    ///
    /// The usual batch is only logs: one multi-row `INSERT` outside an explicit transaction, a single
    /// round trip, with `project_configs` and experiment trials counted by the logs' triggers (migrations
    /// 3 and 4). New configs and session references make it a transaction.
    public func apply(_ writes: [GenerationWrite]) async throws -> [GenerationWriteResult] {
        let isPlainInsert =
            writes.reduce(0) { $0 + $1.logs.count } <= Self.logRowsPerStatement
            && writes.allSatisfy { write in write.configs.isEmpty && write.sessionReferenceID == nil }
        if isPlainInsert {
            // The common batch: one multi-row INSERT, atomic on its own (counters follow by trigger).
            let logs = writes.flatMap(\.logs)
            try await connections.autocommit { database in try await Self.insert(logs, into: database) }
            return writes.map { _ in GenerationWriteResult(sessionID: nil) }
        }
        return try await connections.transaction { database in
            let now = Clock.nowMicros()
            var results: [GenerationWriteResult] = []
            results.reserveCapacity(writes.count)
            var logs: [LogRecord] = []
            for write in writes {
                for config in write.configs {
                    try await database.raw(
                        """
                        INSERT INTO model_configs (org_id, id, body, created_at)
                        VALUES (\(bind: write.orgID), \(bind: config.id), \(bind: config.body), \(bind: now))
                        ON CONFLICT (org_id, id) DO NOTHING
                        """
                    ).run()
                }
                var sessionID: String?
                if let reference = write.sessionReferenceID {
                    sessionID = try await Self.findOrCreateSession(
                        database, reference: reference, orgID: write.orgID, now: now)
                }
                for var log in write.logs {
                    if let sessionID { log.sessionID = sessionID }
                    logs.append(log)
                }
                results.append(GenerationWriteResult(sessionID: sessionID))
            }
            try await Self.insert(logs, into: database)
            return results
        }
    }

    static func findOrCreateSession(_ database: any SQLDatabase, reference: String, orgID: String, now: Int64)
        async throws -> String
    {
        try await database.raw(
            """
            INSERT INTO sessions (id, org_id, reference_id, created_at, updated_at)
            VALUES (\(bind: ResourceID.make(.session)), \(bind: orgID), \(bind: reference), \(bind: now), \(bind: now))
            ON CONFLICT (org_id, reference_id) DO NOTHING
            """
        ).run()
        guard
            let id = try await database.raw(
                "SELECT id FROM sessions WHERE org_id = \(bind: orgID) AND reference_id = \(bind: reference)"
            ).first()?.decode(column: "id", as: String.self)
        else { throw StoreError.unavailable("session \(reference) vanished after its upsert") }
        return id
    }

    /// Rows per multi-row insert: 500 rows of the log's columns stay under SQLite's bound-parameter limit.
    static let logRowsPerStatement = 500

    /// Multi-row inserts, in chunks that keep every statement under SQLite's bound-parameter limit.
    ///
    /// Rows go in ordered by project, config and experiment: their triggers then lock `project_configs`
    /// and `experiment_configs` rows in one order in every batch, so concurrent batches (replicas on
    /// PostgreSQL) cannot deadlock.
    static func insert(_ logs: [LogRecord], into database: any SQLDatabase) async throws {
        let logs = logs.sorted {
            ($0.projectID ?? "", $0.configID ?? "", $0.experimentID ?? "")
                < ($1.projectID ?? "", $1.configID ?? "", $1.experimentID ?? "")
        }
        let rowsPerStatement = logRowsPerStatement
        var start = 0
        while start < logs.count {
            try await LogInsertStatement(logs: logs[start..<min(start + rowsPerStatement, logs.count)])
                .run(on: database)
            start += rowsPerStatement
        }
    }
}

extension SQLStore {
    /// Fills in a log's output, error or duration; returns `false` when there is no such log.
    public func updateLog(id: String, orgID: String, changes: LogChanges) async throws -> Bool {
        try await connections.transaction { database in
            var assignments: [SQLQueryString] = ["updated_at = \(bind: Clock.nowMicros())"]
            for (column, value) in changes.texts { assignments.append("\(ident: column) = \(bind: value)") }
            if let tokens = changes.promptTokens { assignments.append("prompt_tokens = \(bind: tokens)") }
            if let tokens = changes.outputTokens { assignments.append("output_tokens = \(bind: tokens)") }
            if let latency = changes.providerLatency { assignments.append("provider_latency = \(bind: latency)") }
            if let duration = changes.duration { assignments.append("duration = \(bind: duration)") }
            let updated = try await database.raw(
                "UPDATE logs SET " + assignments.joined(separator: ", ")
                    + " WHERE id = \(bind: id) AND org_id = \(bind: orgID) RETURNING id"
            ).all()
            return !updated.isEmpty
        }
    }

    /// Deletes logs (and their feedback); returns how many existed.
    public func logOwners() async throws -> [LogOwner] {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT 'project' AS kind, id, org_id FROM projects
                UNION ALL SELECT 'file', id, org_id FROM files WHERE type <> 'dataset'
                """
            ).all().map {
                LogOwner(
                    kind: try $0.decode(column: "kind", as: String.self) == "project" ? .project : .file,
                    id: try $0.decode(column: "id", as: String.self),
                    orgID: try $0.decode(column: "org_id", as: String.self))
            }
        }
    }

    /// Found on `logs_project_created` or `logs_file_created` (organisation, owner, time), so a pass over a
    /// large table reads only what it deletes.
    public func deleteLogs(of owner: LogOwner, createdBefore time: Timestamp, limit: Int) async throws -> Int {
        let column = owner.kind == .project ? "project_id" : "file_id"
        return try await connections.transaction { database in
            let ids = try await database.raw(
                """
                SELECT id FROM logs
                WHERE org_id = \(bind: owner.orgID) AND \(ident: column) = \(bind: owner.id)
                    AND created_at < \(bind: time.microsecondsSinceEpoch)
                ORDER BY created_at LIMIT \(literal: limit)
                """
            ).all().map { try $0.decode(column: "id", as: String.self) }
            return try await Self.deleteLogs(ids: ids, orgID: owner.orgID, in: database)
        }
    }

    public func deleteLogs(ids: [String], orgID: String) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await connections.transaction { database in
            try await Self.deleteLogs(ids: ids, orgID: orgID, in: database)
        }
    }

    /// Deletes the organisation's logs with these ids and the feedback on them; answers how many logs went.
    static func deleteLogs(ids: [String], orgID: String, in database: any SQLDatabase) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        try await database.delete(from: "feedback").where("org_id", .equal, orgID).where("log_id", .in, ids).run()
        return try await database.delete(from: "logs").where("org_id", .equal, orgID).where("id", .in, ids)
            .returning("id").all().count
    }
}

/// What `GET /logs` narrows a project's logs by.
public struct LogFilter: Sendable, Hashable {
    /// A case-insensitive substring of the output, inputs or messages.
    public var search: String?
    /// A case-insensitive substring of the metadata's JSON text.
    public var metadataSearch: String?
    public var start: Timestamp?
    public var end: Timestamp?
    /// Only the logs made with this config.
    public var configID: String?

    public init(
        search: String? = nil, metadataSearch: String? = nil, start: Timestamp? = nil, end: Timestamp? = nil,
        configID: String? = nil
    ) {
        self.search = search
        self.metadataSearch = metadataSearch
        self.start = start
        self.end = end
        self.configID = configID
    }
}
