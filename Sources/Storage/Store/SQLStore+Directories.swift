import HumanloopAPI
import SQLKit

extension SQLStore {
    public func ensureDirectories(paths: [String], orgID: String) async throws -> [DirectoryRecord] {
        guard !paths.isEmpty else { return [] }
        let missing = try await connections.read { database in
            let found = try await database.select().column("path").from("directories")
                .where("org_id", .equal, orgID).where("path", .in, paths).all()
                .map { try $0.decode(column: "path", as: String.self) }
            return Set(paths).subtracting(found)
        }
        if !missing.isEmpty {
            try await connections.transaction { database in
                let now = Clock.nowMicros()
                for path in missing.sorted() {
                    try await database.raw(
                        """
                        INSERT INTO directories (id, org_id, path, created_at, updated_at)
                        VALUES (\(bind: ResourceID.make(.directory)), \(bind: orgID), \(bind: path), \(bind: now),
                                \(bind: now))
                        ON CONFLICT (org_id, path) DO NOTHING
                        """
                    ).run()
                }
            }
        }
        return try await connections.read { database in
            try await database.raw(
                "SELECT * FROM directories WHERE org_id = \(bind: orgID) AND path IN (\(binds: paths)) ORDER BY path"
            ).all().map(DirectoryRecord.init(row:))
        }
    }

    public func directory(path: String, orgID: String) async throws -> DirectoryRecord? {
        try await connections.read { database in
            try await database.raw(
                "SELECT * FROM directories WHERE org_id = \(bind: orgID) AND path = \(bind: path)"
            ).first().map(DirectoryRecord.init(row:))
        }
    }

    public func directory(id: String, orgID: String) async throws -> DirectoryRecord? {
        try await connections.read { database in
            try await database.raw("SELECT * FROM directories WHERE org_id = \(bind: orgID) AND id = \(bind: id)")
                .first().map(DirectoryRecord.init(row:))
        }
    }

    public func directories(orgID: String) async throws -> [DirectoryRecord] {
        try await connections.read { database in
            try await database.raw("SELECT * FROM directories WHERE org_id = \(bind: orgID) ORDER BY path")
                .all().map(DirectoryRecord.init(row:))
        }
    }

    public func moveDirectory(from path: String, to newPath: String, orgID: String) async throws {
        let below = Self.likeEscaped(path) + "/%"
        let newBelow = Self.likeEscaped(newPath) + "/%"
        // The part of a path after the moved directory's own path (1-based, as SQL's substr counts).
        let rest = path.count + 1
        try await connections.transaction { database in
            for (table, column) in [("directories", "path"), ("projects", "name"), ("files", "path")] {
                let taken = try await database.raw(
                    """
                    SELECT 1 FROM \(ident: table) WHERE org_id = \(bind: orgID)
                    AND (\(ident: column) = \(bind: newPath) OR \(ident: column) LIKE \(bind: newBelow) ESCAPE '\\')
                    """
                ).first()
                if taken != nil { throw StoreError.conflict("Something already exists at path '\(newPath)'") }
            }
            let now = Clock.nowMicros()
            for (table, column) in [("directories", "path"), ("projects", "name"), ("files", "path")] {
                try await database.raw(
                    """
                    UPDATE \(ident: table)
                    SET \(ident: column) = CAST(\(bind: newPath) AS TEXT)
                            || substr(\(ident: column), CAST(\(bind: rest) AS INTEGER)),
                        updated_at = \(bind: now)
                    WHERE org_id = \(bind: orgID)
                    AND (\(ident: column) = \(bind: path) OR \(ident: column) LIKE \(bind: below) ESCAPE '\\')
                    """
                ).run()
            }
        }
    }

    public func deleteDirectory(id: String, orgID: String) async throws {
        try await connections.transaction { database in
            try await database.raw("DELETE FROM directories WHERE org_id = \(bind: orgID) AND id = \(bind: id)").run()
        }
    }
}

extension SQLStore {
    public func promptVersion(projectID: String, configID: String, directoryPath: String?, orgID: String)
        async throws -> PromptVersionRecord?
    {
        try await connections.read { database in
            guard
                let row = try await database.raw(
                    """
                    SELECT p.id, p.org_id, p.name, p.created_at, p.updated_at,
                        (SELECT CAST(COALESCE(SUM(num_datapoints), 0) AS BIGINT) FROM project_configs s
                         WHERE s.org_id = p.org_id AND s.project_id = p.id) AS data_count,
                        pc.created_at AS joined_at, pc.last_used, pc.num_datapoints
                    FROM projects p
                    LEFT JOIN project_configs pc ON pc.org_id = p.org_id AND pc.project_id = p.id
                        AND pc.config_id = \(bind: configID)
                    WHERE p.org_id = \(bind: orgID) AND p.id = \(bind: projectID)
                    """
                ).first()
            else { return nil }
            let project = try ProjectRecord(row: row)
            var link: ProjectConfigRecord?
            if let joined: Int64 = try row.optional("joined_at") {
                link = ProjectConfigRecord(
                    projectID: projectID, configID: configID, body: "",
                    createdAt: Timestamp(microsecondsSinceEpoch: joined),
                    lastUsed: try row.timestamp("last_used"),
                    numDatapoints: try row.decode(column: "num_datapoints", as: Int.self))
            }
            let environments = try await database.raw(
                """
                SELECT e.id, e.name, e.tag, e.created_at
                FROM deployments d JOIN environments e ON e.id = d.environment_id
                WHERE d.org_id = \(bind: orgID) AND d.project_id = \(bind: projectID) AND d.config_id = \(bind: configID)
                ORDER BY CASE WHEN e.tag = 'default' THEN 0 ELSE 1 END, e.created_at, e.name
                """
            ).all().map(EnvironmentRecord.init(row:))
            var directory: DirectoryRecord?
            if let directoryPath {
                directory = try await database.raw(
                    "SELECT * FROM directories WHERE org_id = \(bind: orgID) AND path = \(bind: directoryPath)"
                ).first().map(DirectoryRecord.init(row:))
            }
            return PromptVersionRecord(project: project, link: link, environments: environments, directory: directory)
        }
    }
}

extension DirectoryRecord {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self), orgID: try row.decode(column: "org_id", as: String.self),
            path: try row.decode(column: "path", as: String.self), createdAt: try row.timestamp("created_at"),
            updatedAt: try row.timestamp("updated_at"))
    }
}
