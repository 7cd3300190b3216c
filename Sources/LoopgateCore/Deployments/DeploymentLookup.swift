import Storage

/// The core's rules for finding what a project serves in an environment, with their 404s.
enum DeploymentLookup {
    /// The environment named `name` (the default one when `nil`) and what a project serves there;
    /// 404 when the organisation has no such environment.
    static func environment(in store: any Store, named name: String?, projectID: String, orgID: String)
        async throws -> EnvironmentDeployment
    {
        guard let found = try await store.deployment(projectID: projectID, environmentName: name, orgID: orgID) else {
            throw GatewayError.notFound(
                name.map { "Environment '\($0)' not found" } ?? "The organisation has no default environment")
        }
        return found
    }

    /// What a project serves in the environment named `name` (the default one when `nil`); 404 when there
    /// is no such environment or nothing is deployed there.
    static func active(in store: any Store, environment name: String?, of project: ProjectRecord, orgID: String)
        async throws -> DeploymentRecord
    {
        let found = try await environment(in: store, named: name, projectID: project.id, orgID: orgID)
        guard let deployment = found.deployment else {
            throw GatewayError.notFound(
                "Nothing is deployed to environment '\(found.environment.name)' of project '\(project.name)'")
        }
        return deployment
    }
}
