import HumanloopAPI
import SQLKit

extension SQLStore {
    /// Creates an empty session.
    public func createSession(orgID: String) async throws -> String {
        try await connections.transaction { database in
            let id = ResourceID.make(.session)
            let now = Clock.nowMicros()
            try await database.raw(
                """
                INSERT INTO sessions (id, org_id, reference_id, created_at, updated_at)
                VALUES (\(bind: id), \(bind: orgID), NULL, \(bind: now), \(bind: now))
                """
            ).run()
            return id
        }
    }

    public func session(id: String, orgID: String) async throws -> SessionRecord? {
        try await connections.read { database in
            try await database.raw("SELECT * FROM sessions WHERE id = \(bind: id) AND org_id = \(bind: orgID)").first()
                .map(SessionRecord.init(row:))
        }
    }

    /// One page of the sessions with at least one log in a project, newest first.
    public func sessions(projectID: String, orgID: String, page: Int, size: Int) async throws
        -> (records: [SessionRecord], total: Int)
    {
        try await connections.read { database in
            let filter: SQLQueryString = """
                FROM sessions s WHERE s.org_id = \(bind: orgID)
                AND EXISTS (SELECT 1 FROM logs l WHERE l.session_id = s.id AND l.project_id = \(bind: projectID))
                """
            let total =
                try await database.raw("SELECT COUNT(*) AS n " + filter).first()?.decode(column: "n", as: Int.self) ?? 0
            let records = try await database.raw(
                "SELECT s.* " + filter
                    + " ORDER BY s.created_at DESC, s.id DESC LIMIT \(bind: size) OFFSET \(bind: page * size)"
            ).all().map(SessionRecord.init(row:))
            return (records, total)
        }
    }

    /// Every log of a session, oldest first.
    public func logs(sessionID: String, orgID: String) async throws -> [LogRecord] {
        try await connections.read { database in
            try await database.raw(
                "SELECT * FROM logs WHERE session_id = \(bind: sessionID) AND org_id = \(bind: orgID) ORDER BY created_at, id"
            ).all().map(LogRecord.init(row:))
        }
    }
}

extension SessionRecord {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self), referenceID: try row.optional("reference_id"),
            createdAt: try row.timestamp("created_at"), updatedAt: try row.timestamp("updated_at"))
    }
}
