import HumanloopAPI
import SQLKit

extension SQLStore {
    /// Stores an evaluation; a name the file's evaluations already have is a conflict.
    public func createEvaluation(_ evaluation: EvaluationRecord) async throws {
        try await connections.transaction { database in
            if let name = evaluation.name {
                let taken = try await database.raw(
                    """
                    SELECT id FROM evaluations WHERE org_id = \(bind: evaluation.orgID)
                    AND file_id = \(bind: evaluation.fileID) AND name = \(bind: name)
                    """
                ).first()
                if taken != nil { throw StoreError.conflict("An evaluation named '\(name)' already exists") }
            }
            try await database.raw(
                """
                INSERT INTO evaluations (id, org_id, file_id, name, evaluators, created_at, updated_at)
                VALUES (\(bind: evaluation.id), \(bind: evaluation.orgID), \(bind: evaluation.fileID),
                        \(bind: evaluation.name), \(bind: evaluation.evaluators),
                        \(bind: evaluation.createdAt.microsecondsSinceEpoch),
                        \(bind: evaluation.updatedAt.microsecondsSinceEpoch))
                """
            ).run()
        }
    }

    public func evaluation(id: String, orgID: String) async throws -> EvaluationRecord? {
        try await connections.read { database in
            try await database.raw("SELECT * FROM evaluations WHERE org_id = \(bind: orgID) AND id = \(bind: id)")
                .first().map(EvaluationRecord.init(row:))
        }
    }

    /// The organisation's evaluations (of one file when `fileID` is given), newest first.
    public func evaluations(fileID: String?, orgID: String) async throws -> [EvaluationRecord] {
        try await connections.read { database in
            var query: SQLQueryString = "SELECT * FROM evaluations WHERE org_id = \(bind: orgID)"
            if let fileID { query = query + " AND file_id = \(bind: fileID)" }
            return try await database.raw(query + " ORDER BY created_at DESC, id DESC").all()
                .map(EvaluationRecord.init(row:))
        }
    }

    public func updateEvaluationEvaluators(id: String, orgID: String, evaluators: String) async throws {
        try await connections.transaction { database in
            try await database.raw(
                """
                UPDATE evaluations SET evaluators = \(bind: evaluators), updated_at = \(bind: Clock.nowMicros())
                WHERE org_id = \(bind: orgID) AND id = \(bind: id)
                """
            ).run()
        }
    }

    /// Deletes an evaluation and its runs (their logs stay, as logs of their files).
    public func deleteEvaluation(id: String, orgID: String) async throws {
        try await connections.transaction { database in
            try await database.raw(
                "DELETE FROM evaluation_runs WHERE org_id = \(bind: orgID) AND evaluation_id = \(bind: id)"
            ).run()
            try await database.raw("DELETE FROM evaluations WHERE org_id = \(bind: orgID) AND id = \(bind: id)").run()
        }
    }

    public func createRun(_ run: EvaluationRunRecord) async throws {
        try await connections.transaction { database in
            try await database.raw(
                """
                INSERT INTO evaluation_runs
                    (id, org_id, evaluation_id, dataset_version_id, version_id, status, created_at, updated_at)
                VALUES (\(bind: run.id), \(bind: run.orgID), \(bind: run.evaluationID), \(bind: run.datasetVersionID),
                        \(bind: run.versionID), \(bind: run.status), \(bind: run.createdAt.microsecondsSinceEpoch),
                        \(bind: run.updatedAt.microsecondsSinceEpoch))
                """
            ).run()
        }
    }

    public func run(id: String, orgID: String) async throws -> EvaluationRunRecord? {
        try await connections.read { database in
            try await database.raw("SELECT * FROM evaluation_runs WHERE org_id = \(bind: orgID) AND id = \(bind: id)")
                .first().map(EvaluationRunRecord.init(row:))
        }
    }

    /// An evaluation's runs, newest first.
    public func runs(evaluationID: String, orgID: String) async throws -> [EvaluationRunRecord] {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT * FROM evaluation_runs WHERE org_id = \(bind: orgID) AND evaluation_id = \(bind: evaluationID)
                ORDER BY created_at DESC, id DESC
                """
            ).all().map(EvaluationRunRecord.init(row:))
        }
    }

    public func setRunStatus(id: String, orgID: String, status: String) async throws {
        try await connections.transaction { database in
            try await database.raw(
                """
                UPDATE evaluation_runs SET status = \(bind: status), updated_at = \(bind: Clock.nowMicros())
                WHERE org_id = \(bind: orgID) AND id = \(bind: id)
                """
            ).run()
        }
    }

    public func deleteRun(id: String, orgID: String) async throws {
        try await connections.transaction { database in
            try await database.raw("DELETE FROM evaluation_runs WHERE org_id = \(bind: orgID) AND id = \(bind: id)")
                .run()
        }
    }

    /// Joins logs to a run; returns the ids of the organisation's logs among `logIDs`.
    public func addLogs(_ logIDs: [String], toRun runID: String, orgID: String) async throws -> [String] {
        guard !logIDs.isEmpty else { return [] }
        return try await connections.transaction { database in
            try await database.raw(
                "UPDATE logs SET run_id = \(bind: runID) WHERE org_id = \(bind: orgID) AND id IN (\(binds: logIDs)) RETURNING id"
            ).all().map { try $0.decode(column: "id", as: String.self) }
        }
    }

    /// A run's logs: each with the datapoint it was made for and whether it failed.
    public func runLogs(runID: String, orgID: String) async throws -> [RunLogSummary] {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT id, source_datapoint_id, error FROM logs
                WHERE org_id = \(bind: orgID) AND run_id = \(bind: runID) ORDER BY created_at, id
                """
            ).all().map { row in
                RunLogSummary(
                    logID: try row.decode(column: "id", as: String.self),
                    sourceDatapointID: try row.optional("source_datapoint_id"),
                    hasError: (try row.optional("error", as: String.self)) != nil)
            }
        }
    }
}

extension EvaluationRecord {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self), orgID: try row.decode(column: "org_id", as: String.self),
            fileID: try row.decode(column: "file_id", as: String.self), name: try row.optional("name"),
            evaluators: try row.decode(column: "evaluators", as: String.self),
            createdAt: try row.timestamp("created_at"), updatedAt: try row.timestamp("updated_at"))
    }
}

extension EvaluationRunRecord {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self), orgID: try row.decode(column: "org_id", as: String.self),
            evaluationID: try row.decode(column: "evaluation_id", as: String.self),
            datasetVersionID: try row.optional("dataset_version_id"), versionID: try row.optional("version_id"),
            status: try row.optional("status"), createdAt: try row.timestamp("created_at"),
            updatedAt: try row.timestamp("updated_at"))
    }
}
