import HumanloopAPI
import SQLKit

extension SQLStore {
    /// Creates an experiment over configs the organisation has stored.
    public func createExperiment(
        projectID: String, orgID: String, name: String, positiveLabels: String, configIDs: [String]
    ) async throws -> String {
        try await connections.transaction { database in
            let id = ResourceID.make(.experiment)
            let now = Clock.nowMicros()
            try await database.raw(
                """
                INSERT INTO experiments (id, org_id, project_id, name, status, positive_labels, created_at, updated_at)
                VALUES (\(bind: id), \(bind: orgID), \(bind: projectID), \(bind: name), 'Initialized',
                        \(bind: positiveLabels), \(bind: now), \(bind: now))
                """
            ).run()
            try await Self.addConfigs(configIDs, toExperiment: id, orgID: orgID, in: database, now: now)
            return id
        }
    }

    static func addConfigs(
        _ configIDs: [String], toExperiment experimentID: String, orgID: String, in database: any SQLDatabase,
        now: Int64
    ) async throws {
        for configID in configIDs {
            try await database.raw(
                """
                INSERT INTO experiment_configs (org_id, experiment_id, config_id, trials, successes, active, created_at, updated_at)
                VALUES (\(bind: orgID), \(bind: experimentID), \(bind: configID), 0, 0, 1, \(bind: now), \(bind: now))
                ON CONFLICT (experiment_id, config_id) DO UPDATE SET active = 1, updated_at = excluded.updated_at
                """
            ).run()
        }
    }

    /// An experiment with its configs (inactive ones too), or `nil`.
    ///
    /// `-experiment` calls read this on every request (the sampler needs the latest counters), so it is
    /// one query: the experiment joined to its configs.
    public func experiment(id: String, orgID: String) async throws -> ExperimentRecord? {
        try await experiments(where: "e.id = \(bind: id) AND e.org_id = \(bind: orgID)").first
    }

    /// The experiments of a project, oldest first.
    public func experiments(projectID: String, orgID: String) async throws -> [ExperimentRecord] {
        try await experiments(where: "e.project_id = \(bind: projectID) AND e.org_id = \(bind: orgID)")
    }

    /// The experiment of a project with this name (the oldest, should several share it).
    public func experiment(named name: String, projectID: String, orgID: String) async throws -> ExperimentRecord? {
        try await experiments(
            where: "e.name = \(bind: name) AND e.project_id = \(bind: projectID) AND e.org_id = \(bind: orgID)"
        ).first
    }

    /// The experiments matching `condition` (on `experiments e`), oldest first, each with its configs, in
    /// one query: a row per config, or one row with no config for an experiment that has none.
    private func experiments(where condition: SQLQueryString) async throws -> [ExperimentRecord] {
        try await connections.read { database in
            let rows = try await database.raw(
                """
                SELECT e.id, e.org_id, e.project_id, e.name, e.status, e.positive_labels, e.created_at,
                    e.updated_at, c.config_id, c.trials, c.successes, c.active,
                    c.created_at AS config_created_at, c.updated_at AS config_updated_at
                FROM experiments e LEFT JOIN experiment_configs c ON c.experiment_id = e.id
                WHERE \(condition)
                ORDER BY e.created_at, e.id, c.created_at, c.config_id
                """
            ).all()
            var experiments: [ExperimentRecord] = []
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                if experiments.last?.id != id {
                    experiments.append(try Self.experiment(row: row, id: id))
                }
                if let configID: String = try row.optional("config_id") {
                    experiments[experiments.count - 1].configs.append(
                        ExperimentConfigRecord(
                            configID: configID, trials: try row.decode(column: "trials", as: Int.self),
                            successes: try row.decode(column: "successes", as: Int.self),
                            active: try row.decode(column: "active", as: Int.self) != 0,
                            createdAt: try row.timestamp("config_created_at"),
                            updatedAt: try row.timestamp("config_updated_at")))
                }
            }
            // Trials are counted by the logs' trigger (migration 4), which leaves the experiment's row alone.
            for index in experiments.indices
            where experiments[index].status == "Initialized"
                && experiments[index].configs.contains(where: { $0.trials > 0 })
            {
                experiments[index].status = "In progress"
            }
            return experiments
        }
    }

    /// The experiment's own columns of a row, with no configs yet.
    private static func experiment(row: any SQLRow, id: String) throws -> ExperimentRecord {
        ExperimentRecord(
            id: id, orgID: try row.decode(column: "org_id", as: String.self),
            projectID: try row.decode(column: "project_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            status: try row.decode(column: "status", as: String.self),
            positiveLabels: try row.decode(column: "positive_labels", as: String.self),
            createdAt: try row.timestamp("created_at"), updatedAt: try row.timestamp("updated_at"), configs: [])
    }

    /// Renames, relabels, adds or deactivates configs of an experiment.
    public func updateExperiment(
        id: String, orgID: String, name: String?, positiveLabels: String?, register: [String], deregister: [String]
    ) async throws {
        try await connections.transaction { database in
            let now = Clock.nowMicros()
            if let name {
                try await database.raw(
                    "UPDATE experiments SET name = \(bind: name), updated_at = \(bind: now) WHERE id = \(bind: id) AND org_id = \(bind: orgID)"
                ).run()
            }
            if let positiveLabels {
                try await database.raw(
                    """
                    UPDATE experiments SET positive_labels = \(bind: positiveLabels), updated_at = \(bind: now)
                    WHERE id = \(bind: id) AND org_id = \(bind: orgID)
                    """
                ).run()
            }
            try await Self.addConfigs(register, toExperiment: id, orgID: orgID, in: database, now: now)
            for configID in deregister {
                try await database.raw(
                    """
                    UPDATE experiment_configs SET active = 0, updated_at = \(bind: now)
                    WHERE experiment_id = \(bind: id) AND config_id = \(bind: configID)
                    """
                ).run()
            }
        }
    }

    /// Deletes an experiment, its counters and any deployment of it.
    public func deleteExperiment(id: String, orgID: String) async throws {
        defer { deploymentCache?.invalidateAll() }
        try await connections.transaction { database in
            try await database.raw(
                "DELETE FROM experiment_configs WHERE experiment_id = \(bind: id) AND org_id = \(bind: orgID)"
            )
            .run()
            try await database.raw(
                "DELETE FROM deployments WHERE experiment_id = \(bind: id) AND org_id = \(bind: orgID)"
            ).run()
            try await database.raw("DELETE FROM experiments WHERE id = \(bind: id) AND org_id = \(bind: orgID)").run()
        }
    }
}
