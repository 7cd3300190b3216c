import Storage

extension SQLStore {
    /// An environment of the organisation by name, or its default environment when `name` is `nil`;
    /// 404 when there is none.
    func environment(named name: String?, orgID: String) async throws -> EnvironmentRecord {
        let environments = try await environments(orgID: orgID)
        if let name {
            guard let environment = environments.first(where: { $0.name == name }) else {
                throw GatewayError.notFound("Environment '\(name)' not found")
            }
            return environment
        }
        guard let environment = environments.first(where: { $0.tag == "default" }) else {
            throw GatewayError.notFound("The organisation has no default environment")
        }
        return environment
    }

    /// The environment named `name` (the default one when `nil`) and what a project serves there;
    /// 404 when the organisation has no such environment.
    func environmentDeployment(named name: String?, projectID: String, orgID: String) async throws
        -> EnvironmentDeployment
    {
        guard let found = try await deployment(projectID: projectID, environmentName: name, orgID: orgID) else {
            throw GatewayError.notFound(
                name.map { "Environment '\($0)' not found" } ?? "The organisation has no default environment")
        }
        return found
    }
}
