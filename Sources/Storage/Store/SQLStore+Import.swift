import HumanloopAPI
import SQLKit
import Synchronization

/// What `loopgate import` asks of a database: rows that keep the ids they were exported with, each
/// written only when missing (a row already there is left as it is), so importing again changes nothing
/// and an import stopped anywhere and run again ends where one run would.
public protocol ImportStore: Sendable {
    /// Writes one file's definition in one transaction, or nothing when its path or id is taken.
    func importDefinition(_ definition: ImportedDefinition) async throws -> ImportDefinitionOutcome
    /// Writes rows of files already written, in one transaction; answers how many of each were new.
    func importRows(_ rows: ImportRows) async throws -> ImportRowCounts
}

extension SQLStore: ImportStore {
    /// Thrown inside the definition's transaction to roll it back.
    private struct DefinitionConflict: Error {
        var reason: String
    }

    public func importDefinition(_ definition: ImportedDefinition) async throws -> ImportDefinitionOutcome {
        do {
            return try await connections.transaction { database in
                var counts = ImportDefinitionCounts()
                counts.fileIsNew = try await Self.claim(definition.file, orgID: definition.orgID, in: database)
                let now = Clock.nowMicros()
                for directory in definition.directories {
                    try await Self.insertDirectory(directory, in: database)
                }
                for (config, createdAt) in definition.configs {
                    counts.versions += try await Self.insertConfig(
                        config, projectID: definition.file.id, createdAt: createdAt, orgID: definition.orgID,
                        in: database)
                }
                for version in definition.fileVersions {
                    counts.versions += try await database.raw(
                        """
                        INSERT INTO file_versions
                            (id, org_id, file_id, body, version_name, version_description, created_at, touched_at)
                        VALUES (\(bind: version.id), \(bind: version.orgID), \(bind: version.fileID), \(bind: version.body),
                                \(bind: version.name), \(bind: version.description),
                                \(bind: version.createdAt.microsecondsSinceEpoch),
                                \(bind: version.touchedAt.microsecondsSinceEpoch))
                        ON CONFLICT DO NOTHING RETURNING id
                        """
                    ).all().count
                }
                for datapoint in definition.datapoints {
                    counts.datapoints += try await database.raw(
                        """
                        INSERT INTO datapoints (id, org_id, dataset_id, body, created_at)
                        VALUES (\(bind: datapoint.id), \(bind: datapoint.orgID), \(bind: datapoint.datasetID),
                                \(bind: datapoint.body), \(bind: datapoint.createdAt.microsecondsSinceEpoch))
                        ON CONFLICT DO NOTHING RETURNING id
                        """
                    ).all().count
                }
                try await Self.insertAliases(definition.aliases, orgID: definition.orgID, in: database)
                for deployment in definition.deployments {
                    let environmentID = try await Self.environmentID(
                        named: deployment.environmentName, keeping: deployment.environmentID,
                        orgID: definition.orgID, in: database)
                    counts.deployments += try await database.raw(
                        """
                        INSERT INTO deployments (org_id, project_id, environment_id, config_id, experiment_id, updated_at)
                        VALUES (\(bind: definition.orgID), \(bind: definition.file.id), \(bind: environmentID),
                                \(bind: deployment.versionID), NULL, \(bind: now))
                        ON CONFLICT (project_id, environment_id) DO NOTHING RETURNING project_id
                        """
                    ).all().count
                }
                return .written(counts)
            }
        } catch let conflict as DefinitionConflict {
            return .conflict(conflict.reason)
        }
    }

    /// Makes the file or project (keeping its id) unless this organisation has it already (`false`); a
    /// conflict when its id is another organisation's or something else is at its path.
    private static func claim(_ file: ImportedDefinition.File, orgID: String, in database: any SQLDatabase)
        async throws -> Bool
    {
        let (table, pathColumn) =
            switch file {
            case .project: ("projects", "name")
            case .file: ("files", "path")
            }
        if let owner = try await database.raw(
            "SELECT org_id, \(ident: pathColumn) AS path FROM \(ident: table) WHERE id = \(bind: file.id)"
        ).first() {
            guard try owner.decode(column: "org_id", as: String.self) == orgID else {
                throw DefinitionConflict(reason: "its id \(file.id) belongs to another organisation")
            }
            // Already imported (and perhaps moved since): its rows are written again only where missing.
            return false
        }
        do {
            try await requirePathFree(file.path, orgID: orgID, exceptFileID: nil, in: database)
        } catch StoreError.conflict {
            throw DefinitionConflict(reason: "something else is already at its path '\(file.path)'")
        }
        switch file {
        case .project(let project):
            try await database.raw(
                """
                INSERT INTO projects (id, org_id, name, created_at, updated_at)
                VALUES (\(bind: project.id), \(bind: orgID), \(bind: project.name),
                        \(bind: project.createdAt.microsecondsSinceEpoch), \(bind: project.updatedAt.microsecondsSinceEpoch))
                """
            ).run()
        case .file(var record):
            record.orgID = orgID
            _ = try await insertFile(record, in: database)
        }
        return true
    }

    /// A config and its link to a project as of `createdAt`; answers 1 when the link is new.
    private static func insertConfig(
        _ config: ModelConfigRecord, projectID: String, createdAt: Timestamp, orgID: String,
        in database: any SQLDatabase
    ) async throws -> Int {
        try await database.raw(
            """
            INSERT INTO model_configs (org_id, id, body, created_at)
            VALUES (\(bind: orgID), \(bind: config.id), \(bind: config.body), \(bind: Clock.nowMicros()))
            ON CONFLICT (org_id, id) DO NOTHING
            """
        ).run()
        let micros = createdAt.microsecondsSinceEpoch
        return try await database.raw(
            """
            INSERT INTO project_configs (org_id, project_id, config_id, created_at, last_used, num_datapoints)
            VALUES (\(bind: orgID), \(bind: projectID), \(bind: config.id), \(bind: micros), \(bind: micros), 0)
            ON CONFLICT (project_id, config_id) DO NOTHING RETURNING config_id
            """
        ).all().count
    }

    private static func insertAliases(_ aliases: [IDAlias], orgID: String, in database: any SQLDatabase) async throws {
        for alias in aliases {
            try await database.raw(
                """
                INSERT INTO id_aliases (org_id, alias, target_id)
                VALUES (\(bind: orgID), \(bind: alias.alias), \(bind: alias.targetID))
                ON CONFLICT DO NOTHING
                """
            ).run()
        }
    }

    /// A directory at its path unless one is there; it keeps its id unless that id is taken.
    private static func insertDirectory(_ directory: DirectoryRecord, in database: any SQLDatabase) async throws {
        let exists = try await database.raw(
            "SELECT 1 AS found FROM directories WHERE org_id = \(bind: directory.orgID) AND path = \(bind: directory.path)"
        ).first()
        guard exists == nil else { return }
        let idTaken = try await database.raw("SELECT 1 AS found FROM directories WHERE id = \(bind: directory.id)")
            .first()
        let id = idTaken == nil ? directory.id : ResourceID.make(.directory)
        try await database.raw(
            """
            INSERT INTO directories (id, org_id, path, created_at, updated_at)
            VALUES (\(bind: id), \(bind: directory.orgID), \(bind: directory.path),
                    \(bind: directory.createdAt.microsecondsSinceEpoch), \(bind: directory.updatedAt.microsecondsSinceEpoch))
            """
        ).run()
    }

    /// The organisation's environment of that name, made (with `id` when it is free) when missing.
    private static func environmentID(
        named name: String, keeping id: String, orgID: String, in database: any SQLDatabase
    )
        async throws -> String
    {
        if let row = try await database.raw(
            "SELECT id FROM environments WHERE org_id = \(bind: orgID) AND name = \(bind: name)"
        ).first() {
            return try row.decode(column: "id", as: String.self)
        }
        let idTaken = try await database.raw("SELECT 1 AS found FROM environments WHERE id = \(bind: id)").first()
        return try await insertEnvironment(
            database, id: idTaken == nil ? id : ResourceID.make(.environment), orgID: orgID, name: name, tag: "other")
    }

    /// `id`, or the id it is an alias of (`id_aliases`): where a lookup of a config or a file version by
    /// id reads its id, so an imported export's version ids keep naming their versions. One indexed
    /// lookup in the same statement, and a config's is cached above the store (`ConfigCatalog`).
    static func aliasTarget(of id: String, orgID: String) -> SQLQueryString {
        "COALESCE((SELECT target_id FROM id_aliases WHERE org_id = \(bind: orgID) AND alias = \(bind: id)), \(bind: id))"
    }

    public func importRows(_ rows: ImportRows) async throws -> ImportRowCounts {
        try await connections.transaction { database in
            var counts = ImportRowCounts()
            for (config, projectID, createdAt) in rows.configs {
                _ = try await Self.insertConfig(
                    config, projectID: projectID, createdAt: createdAt, orgID: rows.orgID, in: database)
            }
            try await Self.insertAliases(rows.aliases, orgID: rows.orgID, in: database)
            for evaluation in rows.evaluations {
                counts.evaluations += try await database.raw(
                    """
                    INSERT INTO evaluations (id, org_id, file_id, name, evaluators, created_at, updated_at)
                    VALUES (\(bind: evaluation.id), \(bind: rows.orgID), \(bind: evaluation.fileID),
                            \(bind: evaluation.name), \(bind: evaluation.evaluators),
                            \(bind: evaluation.createdAt.microsecondsSinceEpoch),
                            \(bind: evaluation.updatedAt.microsecondsSinceEpoch))
                    ON CONFLICT DO NOTHING RETURNING id
                    """
                ).all().count
            }
            for run in rows.runs {
                counts.runs += try await database.raw(
                    """
                    INSERT INTO evaluation_runs
                        (id, org_id, evaluation_id, dataset_version_id, version_id, status, created_at, updated_at)
                    VALUES (\(bind: run.id), \(bind: rows.orgID), \(bind: run.evaluationID),
                            \(bind: run.datasetVersionID), \(bind: run.versionID), \(bind: run.status),
                            \(bind: run.createdAt.microsecondsSinceEpoch), \(bind: run.updatedAt.microsecondsSinceEpoch))
                    ON CONFLICT DO NOTHING RETURNING id
                    """
                ).all().count
            }
            if !rows.logs.isEmpty {
                let inserted = try await Self.insertMissing(rows.logs, into: database)
                counts.logs = inserted.count
                let skipped = Set(rows.logs.map(\.id)).subtracting(inserted).sorted()
                if !skipped.isEmpty {
                    counts.logIDsHeldElsewhere = try await database.raw(
                        "SELECT id FROM logs WHERE id IN (\(binds: skipped)) AND org_id <> \(bind: rows.orgID)"
                    ).all().map { try $0.decode(column: "id", as: String.self) }
                }
            }
            for feedback in rows.feedback {
                counts.feedback += try await database.raw(
                    """
                    INSERT INTO feedback (id, org_id, log_id, type, value, end_user, created_at)
                    SELECT \(bind: feedback.id), \(bind: rows.orgID), \(bind: feedback.logID), \(bind: feedback.type),
                           \(bind: feedback.value), \(bind: feedback.user), \(bind: feedback.createdAt.microsecondsSinceEpoch)
                    WHERE EXISTS (
                        SELECT 1 FROM logs
                        WHERE id = \(bind: feedback.logID) AND org_id = \(bind: rows.orgID) AND project_id IS NOT NULL)
                    ON CONFLICT DO NOTHING RETURNING id
                    """
                ).all().count
            }
            return counts
        }
    }

    /// Inserts the logs whose ids are new (a log seen twice in one batch is written once); answers their ids.
    static func insertMissing(_ logs: [LogRecord], into database: any SQLDatabase) async throws -> Set<String> {
        var seen = Set<String>()
        let unique = logs.filter { seen.insert($0.id).inserted }
        let inserted = Mutex(Set<String>())
        var start = 0
        while start < unique.count {
            let slice = unique[start..<min(start + logRowsPerStatement, unique.count)]
            try await database.execute(sql: LogInsertStatement(logs: slice, skippingExisting: true)) { row in
                if let id = try? row.decode(column: "id", as: String.self) { inserted.withLock { _ = $0.insert(id) } }
            }
            start += logRowsPerStatement
        }
        return inserted.withLock { $0 }
    }
}
