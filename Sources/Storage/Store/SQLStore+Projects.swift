import HumanloopAPI
import SQLKit

extension SQLStore {
    static let projectColumns = """
        p.id, p.org_id, p.name, p.created_at, p.updated_at,
        (SELECT COUNT(*) FROM logs l WHERE l.org_id = p.org_id AND l.project_id = p.id) AS data_count
        """

    public func project(id: String, orgID: String) async throws -> ProjectRecord? {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT \(unsafeRaw: Self.projectColumns) FROM projects p
                WHERE p.id = \(bind: id) AND p.org_id = \(bind: orgID)
                """
            ).first().map(ProjectRecord.init(row:))
        }
    }

    public func project(named name: String, orgID: String) async throws -> ProjectRecord? {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT \(unsafeRaw: Self.projectColumns) FROM projects p
                WHERE p.name = \(bind: name) AND p.org_id = \(bind: orgID)
                """
            ).first().map(ProjectRecord.init(row:))
        }
    }

    /// Finds the project with this name or creates it; concurrent callers all get the row that won.
    public func findOrCreateProject(named name: String, orgID: String) async throws -> ProjectRecord {
        if let existing = try await project(named: name, orgID: orgID) { return existing }
        return try await connections.transaction { database in
            let now = Clock.nowMicros()
            try await database.raw(
                """
                INSERT INTO projects (id, org_id, name, created_at, updated_at)
                VALUES (\(bind: ResourceID.make(.project)), \(bind: orgID), \(bind: name), \(bind: now), \(bind: now))
                ON CONFLICT (org_id, name) DO NOTHING
                """
            ).run()
            guard
                let row = try await database.raw(
                    """
                    SELECT \(unsafeRaw: Self.projectColumns) FROM projects p
                    WHERE p.name = \(bind: name) AND p.org_id = \(bind: orgID)
                    """
                ).first()
            else { throw StoreError.unavailable("project \(name) vanished after its upsert") }
            return try ProjectRecord(row: row)
        }
    }

    /// One page of an organisation's projects, optionally filtered by a case-insensitive name substring.
    public func listProjects(
        orgID: String, page: Int, size: Int, nameFilter: String?, orderBy: ProjectOrdering, ascending: Bool
    ) async throws -> (records: [ProjectRecord], total: Int) {
        let pattern = nameFilter.map { "%" + Self.likeEscaped($0.lowercased()) + "%" } ?? "%"
        let direction = ascending ? "ASC" : "DESC"
        // Names sort case-insensitively, the same on SQLite and PostgreSQL whatever their collation.
        let sortKey = orderBy == .name ? "LOWER(p.name)" : "p.\(orderBy.rawValue)"
        return try await connections.read { database in
            let total =
                try await database.raw(
                    """
                    SELECT COUNT(*) AS n FROM projects
                    WHERE org_id = \(bind: orgID) AND LOWER(name) LIKE \(bind: pattern) ESCAPE '\\'
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            let records = try await database.raw(
                """
                SELECT \(unsafeRaw: Self.projectColumns) FROM projects p
                WHERE p.org_id = \(bind: orgID) AND LOWER(p.name) LIKE \(bind: pattern) ESCAPE '\\'
                ORDER BY \(unsafeRaw: sortKey) \(unsafeRaw: direction), p.id \(unsafeRaw: direction)
                LIMIT \(bind: size) OFFSET \(bind: page * size)
                """
            ).all().map(ProjectRecord.init(row:))
            return (records, total)
        }
    }
}
