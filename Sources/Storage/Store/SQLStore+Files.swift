import HumanloopAPI
import SQLKit

extension SQLStore {
    public func createFile(_ file: FileRecord) async throws {
        try await connections.transaction { database in
            try await Self.requirePathFree(file.path, orgID: file.orgID, exceptFileID: nil, in: database)
            guard try await Self.insertFile(file, in: database) else {
                throw StoreError.conflict("Something already exists at path '\(file.path)'")
            }
        }
    }

    /// Inserts a file's row; `false` when a file of its organisation is at its path already.
    static func insertFile(_ file: FileRecord, in database: any SQLDatabase) async throws -> Bool {
        try await !database.raw(
            """
            INSERT INTO files (id, org_id, type, path, description, readme, tags, created_at, updated_at)
            VALUES (\(bind: file.id), \(bind: file.orgID), \(bind: file.kind.rawValue), \(bind: file.path),
                    \(bind: file.description), \(bind: file.readme), \(bind: file.tags),
                    \(bind: file.createdAt.microsecondsSinceEpoch), \(bind: file.updatedAt.microsecondsSinceEpoch))
            ON CONFLICT (org_id, path) DO NOTHING RETURNING id
            """
        ).all().isEmpty
    }

    public func updateFile(_ file: FileRecord) async throws {
        try await connections.transaction { database in
            try await Self.requirePathFree(file.path, orgID: file.orgID, exceptFileID: file.id, in: database)
            try await database.raw(
                """
                UPDATE files SET path = \(bind: file.path), description = \(bind: file.description),
                    readme = \(bind: file.readme), tags = \(bind: file.tags), updated_at = \(bind: Clock.nowMicros())
                WHERE org_id = \(bind: file.orgID) AND id = \(bind: file.id)
                """
            ).run()
        }
    }

    /// A path names one thing per organisation (CONTRACT-v5.md, "Paths and directories"): a project, a
    /// directory or another file there is a conflict.
    static func requirePathFree(_ path: String, orgID: String, exceptFileID: String?, in database: any SQLDatabase)
        async throws
    {
        let taken = try await database.raw(
            """
            SELECT 1 AS taken FROM projects WHERE org_id = \(bind: orgID) AND name = \(bind: path)
            UNION ALL SELECT 1 FROM directories WHERE org_id = \(bind: orgID) AND path = \(bind: path)
            UNION ALL SELECT 1 FROM files WHERE org_id = \(bind: orgID) AND path = \(bind: path)
                AND id <> \(bind: exceptFileID ?? "")
            """
        ).first()
        if taken != nil { throw StoreError.conflict("Something already exists at path '\(path)'") }
    }

    public func file(id: String, orgID: String) async throws -> FileRecord? {
        try await connections.read { database in
            try await database.raw("SELECT * FROM files WHERE org_id = \(bind: orgID) AND id = \(bind: id)")
                .first().map(FileRecord.init(row:))
        }
    }

    public func file(path: String, orgID: String) async throws -> FileRecord? {
        try await connections.read { database in
            try await database.raw("SELECT * FROM files WHERE org_id = \(bind: orgID) AND path = \(bind: path)")
                .first().map(FileRecord.init(row:))
        }
    }

    public func files(orgID: String, kinds: [FileKind]) async throws -> [FileRecord] {
        let kinds = (kinds.isEmpty ? FileKind.allCases : kinds).map(\.rawValue)
        return try await connections.read { database in
            try await database.raw(
                "SELECT * FROM files WHERE org_id = \(bind: orgID) AND type IN (\(binds: kinds)) ORDER BY path"
            ).all().map(FileRecord.init(row:))
        }
    }

    /// Deletes a file with its versions, datapoints, evaluations, logs and the judgments on them.
    public func deleteFile(id: String, orgID: String) async throws {
        try await connections.transaction { database in
            try await database.raw(
                """
                DELETE FROM evaluation_runs WHERE org_id = \(bind: orgID)
                AND evaluation_id IN (SELECT id FROM evaluations WHERE file_id = \(bind: id))
                """
            ).run()
            for table in ["evaluations", "logs"] {
                try await database.raw(
                    "DELETE FROM \(ident: table) WHERE org_id = \(bind: orgID) AND file_id = \(bind: id)"
                ).run()
            }
            try await database.raw("DELETE FROM datapoints WHERE org_id = \(bind: orgID) AND dataset_id = \(bind: id)")
                .run()
            try await database.raw("DELETE FROM file_versions WHERE org_id = \(bind: orgID) AND file_id = \(bind: id)")
                .run()
            try await database.raw("DELETE FROM files WHERE org_id = \(bind: orgID) AND id = \(bind: id)").run()
        }
    }
}

extension SQLStore {
    public func upsertFileVersion(_ version: FileVersionRecord) async throws -> FileVersionRecord {
        try await connections.transaction { database in
            // The same content again: no new row, but it becomes the newest (and takes a name given now).
            try await database.raw(
                """
                INSERT INTO file_versions
                    (id, org_id, file_id, body, version_name, version_description, created_at, touched_at)
                VALUES (\(bind: version.id), \(bind: version.orgID), \(bind: version.fileID), \(bind: version.body),
                        \(bind: version.name), \(bind: version.description),
                        \(bind: version.createdAt.microsecondsSinceEpoch), \(bind: version.touchedAt.microsecondsSinceEpoch))
                ON CONFLICT (id) DO UPDATE SET touched_at = EXCLUDED.touched_at,
                    version_name = COALESCE(EXCLUDED.version_name, file_versions.version_name),
                    version_description = COALESCE(EXCLUDED.version_description, file_versions.version_description)
                """
            ).run()
            try await database.raw(
                "UPDATE files SET updated_at = \(bind: version.touchedAt.microsecondsSinceEpoch) WHERE id = \(bind: version.fileID)"
            ).run()
            guard
                let stored = try await database.raw(
                    "SELECT * FROM file_versions WHERE org_id = \(bind: version.orgID) AND id = \(bind: version.id)"
                ).first().map(FileVersionRecord.init(row:))
            else { throw StoreError.unavailable("version \(version.id) vanished after its upsert") }
            return stored
        }
    }

    public func fileVersion(id: String, orgID: String) async throws -> FileVersionRecord? {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT * FROM file_versions
                WHERE org_id = \(bind: orgID) AND id = \(Self.aliasTarget(of: id, orgID: orgID))
                """
            ).first().map(FileVersionRecord.init(row:))
        }
    }

    /// A file's versions, newest (last upserted) first.
    public func fileVersions(fileID: String, orgID: String) async throws -> [FileVersionRecord] {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT * FROM file_versions WHERE org_id = \(bind: orgID) AND file_id = \(bind: fileID)
                ORDER BY touched_at DESC, created_at DESC, id DESC
                """
            ).all().map(FileVersionRecord.init(row:))
        }
    }

    /// Stores datapoints once each (their ids are digests of their content).
    public func saveDatapoints(_ datapoints: [DatapointRecord]) async throws {
        guard !datapoints.isEmpty else { return }
        try await connections.transaction { database in
            for datapoint in datapoints {
                try await database.raw(
                    """
                    INSERT INTO datapoints (id, org_id, dataset_id, body, created_at)
                    VALUES (\(bind: datapoint.id), \(bind: datapoint.orgID), \(bind: datapoint.datasetID),
                            \(bind: datapoint.body), \(bind: datapoint.createdAt.microsecondsSinceEpoch))
                    ON CONFLICT (id) DO NOTHING
                    """
                ).run()
            }
        }
    }

    public func datapoints(ids: [String], orgID: String) async throws -> [DatapointRecord] {
        guard !ids.isEmpty else { return [] }
        return try await connections.read { database in
            var found: [DatapointRecord] = []
            // In chunks: a dataset version may list more ids than one statement may bind.
            var start = 0
            while start < ids.count {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                found += try await database.raw(
                    "SELECT * FROM datapoints WHERE org_id = \(bind: orgID) AND id IN (\(binds: chunk))"
                ).all().map(DatapointRecord.init(row:))
                start += 500
            }
            return found
        }
    }
}

extension FileRecord {
    init(row: any SQLRow) throws {
        let type = try row.decode(column: "type", as: String.self)
        guard let kind = FileKind(rawValue: type) else { throw StoreError.unavailable("unknown file type \(type)") }
        self.init(
            id: try row.decode(column: "id", as: String.self), orgID: try row.decode(column: "org_id", as: String.self),
            kind: kind, path: try row.decode(column: "path", as: String.self),
            description: try row.optional("description"), readme: try row.optional("readme"),
            tags: try row.optional("tags"), createdAt: try row.timestamp("created_at"),
            updatedAt: try row.timestamp("updated_at"))
    }
}

extension FileVersionRecord {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self), orgID: try row.decode(column: "org_id", as: String.self),
            fileID: try row.decode(column: "file_id", as: String.self),
            body: try row.decode(column: "body", as: String.self), name: try row.optional("version_name"),
            description: try row.optional("version_description"), createdAt: try row.timestamp("created_at"),
            touchedAt: try row.timestamp("touched_at"))
    }
}

extension DatapointRecord {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self), orgID: try row.decode(column: "org_id", as: String.self),
            datasetID: try row.decode(column: "dataset_id", as: String.self),
            body: try row.decode(column: "body", as: String.self), createdAt: try row.timestamp("created_at"))
    }
}
