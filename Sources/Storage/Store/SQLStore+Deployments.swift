import HumanloopAPI
import SQLKit

extension SQLStore {
    /// The organisation's environments, default first.
    public func environments(orgID: String) async throws -> [EnvironmentRecord] {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT id, name, tag, created_at FROM environments WHERE org_id = \(bind: orgID)
                ORDER BY CASE WHEN tag = 'default' THEN 0 ELSE 1 END, created_at, name
                """
            ).all().map(EnvironmentRecord.init(row:))
        }
    }

    /// What a project has deployed in every environment it has a deployment in.
    public func deployments(projectID: String, orgID: String) async throws -> [DeploymentRecord] {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT e.id, e.name, e.tag, e.created_at, d.config_id, d.experiment_id
                FROM deployments d JOIN environments e ON e.id = d.environment_id
                WHERE d.org_id = \(bind: orgID) AND d.project_id = \(bind: projectID)
                """
            ).all().map(DeploymentRecord.init(row:))
        }
    }

    /// The environment named `environmentName` (the organisation's default one when `nil`) and what the
    /// project serves there, in one read; `nil` when the organisation has no such environment.
    ///
    /// This is the `-deployed` endpoints' lookup on every request, so without other replicas it is
    /// answered from `deploymentCache`, which every deployment write below drops. A missing environment
    /// is never cached: `loopgate environments create` adds one from another process.
    public func deployment(projectID: String, environmentName: String?, orgID: String) async throws
        -> EnvironmentDeployment?
    {
        let key = DeploymentCache.Key(orgID: orgID, projectID: projectID, environmentName: environmentName)
        guard let cache = deploymentCache else {
            return try await readDeployment(key)
        }
        let (cached, generation) = cache.lookup(key)
        if let cached { return cached }
        let read = try await readDeployment(key)
        if let read { cache.remember(read, for: key, readUnder: generation) }
        return read
    }

    private func readDeployment(_ key: DeploymentCache.Key) async throws -> EnvironmentDeployment? {
        let environment: SQLQueryString =
            if let name = key.environmentName { "e.name = \(bind: name)" } else { "e.tag = 'default'" }
        return try await connections.read { database in
            let row = try await database.raw(
                """
                SELECT e.id, e.name, e.tag, e.created_at, d.environment_id AS deployed, d.config_id, d.experiment_id
                FROM environments e
                LEFT JOIN deployments d ON d.environment_id = e.id AND d.project_id = \(bind: key.projectID)
                    AND d.org_id = \(bind: key.orgID)
                WHERE e.org_id = \(bind: key.orgID) AND \(environment)
                ORDER BY e.created_at LIMIT 1
                """
            ).first()
            guard let row else { return nil }
            let environment = try EnvironmentRecord(row: row)
            let deployed: String? = try row.optional("deployed")
            return EnvironmentDeployment(
                environment: environment,
                deployment: try deployed.map { _ in try DeploymentRecord(row: row) })
        }
    }

    /// Deploys a config or an experiment (exactly one) to environments, replacing what they had.
    public func deploy(
        projectID: String, orgID: String, environmentIDs: [String], configID: String?, experimentID: String?
    ) async throws {
        defer { deploymentCache?.invalidateAll() }
        try await connections.transaction { database in
            let now = Clock.nowMicros()
            for environmentID in environmentIDs {
                try await database.raw(
                    """
                    INSERT INTO deployments (org_id, project_id, environment_id, config_id, experiment_id, updated_at)
                    VALUES (\(bind: orgID), \(bind: projectID), \(bind: environmentID), \(bind: configID),
                            \(bind: experimentID), \(bind: now))
                    ON CONFLICT (project_id, environment_id) DO UPDATE SET
                        config_id = excluded.config_id, experiment_id = excluded.experiment_id,
                        updated_at = excluded.updated_at
                    """
                ).run()
            }
        }
    }

    /// Removes a project's deployment in an environment; `onlyIf` limits it to a config or an experiment one.
    public func removeDeployment(
        projectID: String, environmentID: String, orgID: String, onlyIf kind: DeploymentKind?
    )
        async throws
    {
        let condition: String
        switch kind {
        case .config: condition = " AND config_id IS NOT NULL"
        case .experiment: condition = " AND experiment_id IS NOT NULL"
        case nil: condition = ""
        }
        defer { deploymentCache?.invalidateAll() }
        try await connections.transaction { database in
            try await database.raw(
                """
                DELETE FROM deployments WHERE org_id = \(bind: orgID) AND project_id = \(bind: projectID)
                  AND environment_id = \(bind: environmentID)\(unsafeRaw: condition)
                """
            ).run()
        }
    }

    /// The configs a project has used, with their counters.
    public func projectConfigs(projectID: String, orgID: String) async throws -> [ProjectConfigRecord] {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT pc.project_id, pc.config_id, pc.created_at, pc.last_used, pc.num_datapoints, c.body
                FROM project_configs pc JOIN model_configs c ON c.org_id = pc.org_id AND c.id = pc.config_id
                WHERE pc.org_id = \(bind: orgID) AND pc.project_id = \(bind: projectID)
                ORDER BY pc.created_at, pc.config_id
                """
            ).all().map(ProjectConfigRecord.init(row:))
        }
    }

    /// Stores a config (if new) and links it to a project (if not yet), in one transaction; returns
    /// whether the project had no config before.
    public func registerConfig(_ config: ModelConfigRecord, projectID: String, orgID: String) async throws -> Bool {
        try await connections.transaction { database in
            let now = Clock.nowMicros()
            try await database.raw(
                """
                INSERT INTO model_configs (org_id, id, body, created_at)
                VALUES (\(bind: orgID), \(bind: config.id), \(bind: config.body), \(bind: now))
                ON CONFLICT (org_id, id) DO NOTHING
                """
            ).run()
            let existing =
                try await database.raw(
                    "SELECT COUNT(*) AS n FROM project_configs WHERE project_id = \(bind: projectID)"
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            try await database.raw(
                """
                INSERT INTO project_configs (org_id, project_id, config_id, created_at, last_used, num_datapoints)
                VALUES (\(bind: orgID), \(bind: projectID), \(bind: config.id), \(bind: now), \(bind: now), 0)
                ON CONFLICT (project_id, config_id) DO NOTHING
                """
            ).run()
            return existing == 0
        }
    }

    /// How often each feedback value was given on each config's logs in a project.
    public func feedbackCounts(projectID: String, orgID: String) async throws
        -> [(configID: String, type: String, value: String, count: Int)]
    {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT l.config_id, f.type, f.value, COUNT(*) AS n
                FROM feedback f JOIN logs l ON l.id = f.log_id
                WHERE f.org_id = \(bind: orgID) AND l.project_id = \(bind: projectID) AND f.value IS NOT NULL
                  AND l.config_id IS NOT NULL
                GROUP BY l.config_id, f.type, f.value
                ORDER BY l.config_id, f.type, f.value
                """
            ).all().map { row in
                (
                    try row.decode(column: "config_id", as: String.self),
                    try row.decode(column: "type", as: String.self),
                    try row.decode(column: "value", as: String.self), try row.decode(column: "n", as: Int.self)
                )
            }
        }
    }
}

extension EnvironmentRecord {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
            tag: try row.decode(column: "tag", as: String.self), createdAt: try row.timestamp("created_at"))
    }
}

extension DeploymentRecord {
    init(row: any SQLRow) throws {
        self.init(
            environment: try EnvironmentRecord(row: row), configID: try row.optional("config_id"),
            experimentID: try row.optional("experiment_id"))
    }
}

extension ProjectConfigRecord {
    init(row: any SQLRow) throws {
        self.init(
            projectID: try row.decode(column: "project_id", as: String.self),
            configID: try row.decode(column: "config_id", as: String.self),
            body: try row.decode(column: "body", as: String.self), createdAt: try row.timestamp("created_at"),
            lastUsed: try row.timestamp("last_used"),
            numDatapoints: try row.decode(column: "num_datapoints", as: Int.self))
    }
}
