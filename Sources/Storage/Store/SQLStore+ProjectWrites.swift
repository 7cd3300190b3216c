import HumanloopAPI
import SQLKit

extension SQLStore {
    /// Creates a project; a name the organisation already uses is a conflict.
    public func createProject(named name: String, orgID: String) async throws -> ProjectRecord {
        let created = try await connections.transaction { database -> Bool in
            let now = Clock.nowMicros()
            let inserted = try await database.raw(
                """
                INSERT INTO projects (id, org_id, name, created_at, updated_at)
                VALUES (\(bind: ResourceID.make(.project)), \(bind: orgID), \(bind: name), \(bind: now), \(bind: now))
                ON CONFLICT (org_id, name) DO NOTHING RETURNING id
                """
            ).all()
            return !inserted.isEmpty
        }
        guard created else { throw StoreError.conflict("A project named '\(name)' already exists") }
        guard let project = try await project(named: name, orgID: orgID) else {
            throw StoreError.unavailable("project \(name) vanished after its insert")
        }
        return project
    }

    /// Renames a project; a name another project uses is a conflict.
    public func renameProject(id: String, orgID: String, to name: String) async throws {
        try await connections.transaction { database in
            let taken = try await database.raw(
                "SELECT id FROM projects WHERE org_id = \(bind: orgID) AND name = \(bind: name) AND id <> \(bind: id)"
            ).first()
            if taken != nil { throw StoreError.conflict("A project named '\(name)' already exists") }
            try await database.raw(
                """
                UPDATE projects SET name = \(bind: name), updated_at = \(bind: Clock.nowMicros())
                WHERE id = \(bind: id) AND org_id = \(bind: orgID)
                """
            ).run()
        }
    }

    /// Deletes a project with everything recorded in it.
    public func deleteProject(id: String, orgID: String) async throws {
        defer { deploymentCache?.invalidateAll() }
        try await connections.transaction { database in
            try await database.raw(
                "DELETE FROM feedback WHERE org_id = \(bind: orgID) AND log_id IN (SELECT id FROM logs WHERE project_id = \(bind: id))"
            ).run()
            try await database.raw(
                """
                DELETE FROM experiment_configs WHERE org_id = \(bind: orgID)
                AND experiment_id IN (SELECT id FROM experiments WHERE project_id = \(bind: id))
                """
            ).run()
            for table in ["logs", "experiments", "deployments", "project_configs", "feedback_types"] {
                try await database.raw(
                    "DELETE FROM \(ident: table) WHERE project_id = \(bind: id) AND org_id = \(bind: orgID)"
                ).run()
            }
            try await database.raw("DELETE FROM projects WHERE id = \(bind: id) AND org_id = \(bind: orgID)").run()
        }
    }
}
