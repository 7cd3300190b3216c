import HumanloopAPI

/// The project calls (`client.projects`): the projects of the organisation, their configs, deployments,
/// feedback types and logs.
public struct ProjectsAPI: Sendable {
    let transport: APITransport

    /// What ``list(page:size:filter:sortBy:order:)`` sorts by (`ProjectSortBy`).
    public enum SortField: String, Sendable, CaseIterable {
        /// When the project was created (the default).
        case createdAt = "created_at"
        /// When the project last changed.
        case updatedAt = "updated_at"
        /// The project's name.
        case name
    }

    /// The direction of a sort (`SortOrder`).
    public enum SortOrder: String, Sendable, CaseIterable {
        /// Smallest first.
        case ascending = "asc"
        /// Largest first (the default).
        case descending = "desc"
    }

    /// Lists projects, a page at a time (`GET /projects`).
    /// - Parameters:
    ///   - page: The page, from 0 (the server's default).
    ///   - size: Projects per page (the server's default is 10).
    ///   - filter: Only projects whose name contains this, ignoring case.
    ///   - sortBy: The sort field; newest created first by default.
    ///   - order: The sort direction.
    /// - Returns: The page of projects, with the total count.
    public func list(
        page: Int? = nil, size: Int? = nil, filter: String? = nil, sortBy: SortField? = nil, order: SortOrder? = nil
    ) async throws -> Paginated<ProjectResponse> {
        let query: [(name: String, value: String?)] = [
            ("page", page.map(String.init)), ("size", size.map(String.init)), ("filter", filter),
            ("sort_by", sortBy?.rawValue), ("order", order?.rawValue),
        ]
        return try await transport.decode(Paginated<ProjectResponse>.self, APIRequest(.GET, ["projects"], query: query))
    }

    /// Creates a project (`POST /projects`).
    /// - Parameter request: The name (unique in the organisation) and optional feedback types.
    /// - Returns: The new project.
    /// - Throws: ``HumanloopError/rejected(_:)`` (`409`) when the name is taken.
    public func create(_ request: CreateProjectRequest) async throws -> ProjectResponse {
        try await transport.decode(ProjectResponse.self, APIRequest(.POST, ["projects"], json: request))
    }

    /// Reads a project (`GET /projects/{id}`).
    /// - Parameter id: The project id (`pr_…`).
    public func get(id: String) async throws -> ProjectResponse {
        try await transport.decode(ProjectResponse.self, APIRequest(.GET, ["projects", id]))
    }

    /// Renames a project, or makes a config or an experiment its active one in the default environment
    /// (`PATCH /projects/{id}`).
    /// - Parameters:
    ///   - id: The project id.
    ///   - request: The fields to change; absent fields stay as they are.
    /// - Returns: The project as it is now.
    public func update(id: String, _ request: UpdateProjectRequest) async throws -> ProjectResponse {
        try await transport.decode(ProjectResponse.self, APIRequest(.PATCH, ["projects", id], json: request))
    }

    /// Deletes a project with its logs and deployments (`DELETE /projects/{id}`).
    /// - Parameter id: The project id.
    public func delete(id: String) async throws {
        try await transport.send(APIRequest(.DELETE, ["projects", id]))
    }

    /// Lists the configs a project has used, with their feedback statistics (`GET /projects/{id}/configs`).
    /// - Parameter id: The project id.
    public func listConfigs(id: String) async throws -> [ProjectConfigResponse] {
        try await transport.decode([ProjectConfigResponse].self, APIRequest(.GET, ["projects", id, "configs"]))
    }

    /// Reads the config deployed to an environment (`GET /projects/{id}/active-config`); when an
    /// experiment is deployed there, a config is sampled from it and `trial_id` is set.
    /// - Parameters:
    ///   - id: The project id.
    ///   - environment: The environment's name; the default environment when `nil`.
    public func getActiveConfig(id: String, environment: String? = nil) async throws -> ProjectConfigResponse {
        try await transport.decode(
            ProjectConfigResponse.self,
            APIRequest(.GET, ["projects", id, "active-config"], query: [("environment", environment)]))
    }

    /// Removes the config deployed to an environment (`DELETE /projects/{id}/active-config`); nothing
    /// happens when none is.
    /// - Parameters:
    ///   - id: The project id.
    ///   - environment: The environment's name; the default environment when `nil`.
    /// - Returns: The project as it is now.
    @discardableResult
    public func deactivateConfig(id: String, environment: String? = nil) async throws -> ProjectResponse {
        try await transport.decode(
            ProjectResponse.self,
            APIRequest(.DELETE, ["projects", id, "active-config"], query: [("environment", environment)]))
    }

    /// Removes the experiment deployed to an environment (`DELETE /projects/{id}/active-experiment`);
    /// nothing happens when none is.
    /// - Parameters:
    ///   - id: The project id.
    ///   - environment: The environment's name; the default environment when `nil`.
    /// - Returns: The project as it is now.
    @discardableResult
    public func deactivateExperiment(id: String, environment: String? = nil) async throws -> ProjectResponse {
        try await transport.decode(
            ProjectResponse.self,
            APIRequest(.DELETE, ["projects", id, "active-experiment"], query: [("environment", environment)]))
    }

    /// Adds a feedback type, or replaces the values of an existing one (`POST /projects/{id}/feedback-types`).
    /// - Parameters:
    ///   - id: The project id.
    ///   - request: The type's name, class and allowed values.
    public func createFeedbackType(id: String, _ request: FeedbackTypeRequest) async throws -> FeedbackTypeModel {
        try await transport.decode(
            FeedbackTypeModel.self, APIRequest(.POST, ["projects", id, "feedback-types"], json: request))
    }

    /// Adds or replaces several feedback types at once (`PATCH /projects/{id}/feedback-types`).
    /// - Parameters:
    ///   - id: The project id.
    ///   - requests: The types to upsert.
    /// - Returns: The project's feedback types as they are now.
    public func updateFeedbackTypes(id: String, _ requests: [FeedbackTypeRequest]) async throws
        -> [FeedbackTypeModel]
    {
        try await transport.decode(
            [FeedbackTypeModel].self, APIRequest(.PATCH, ["projects", id, "feedback-types"], json: requests))
    }

    /// Exports the project's logs, newest first, a page at a time (`POST /projects/{id}/export`).
    /// - Parameters:
    ///   - id: The project id.
    ///   - page: The page, from 0.
    ///   - size: Logs per page (the server's default is 10).
    public func export(id: String, page: Int? = nil, size: Int? = nil) async throws -> Paginated<LogResponse> {
        try await transport.decode(
            Paginated<LogResponse>.self,
            APIRequest(
                .POST, ["projects", id, "export"],
                query: [("page", page.map(String.init)), ("size", size.map(String.init))]))
    }

    /// Lists what each environment of the organisation serves for the project
    /// (`GET /projects/{id}/deployed-configs`): one entry per environment.
    /// - Parameter id: The project id.
    public func listDeployedConfigs(id: String) async throws -> [EnvironmentProjectConfigResponse] {
        try await transport.decode(
            [EnvironmentProjectConfigResponse].self, APIRequest(.GET, ["projects", id, "deployed-configs"]))
    }

    /// Deploys a config or an experiment to environments (`PATCH /projects/{project_id}/deploy-config`).
    /// - Parameters:
    ///   - projectID: The project id.
    ///   - request: The config (or experiment) and the environments, by id.
    /// - Returns: What each environment serves now.
    @discardableResult
    public func deployConfig(projectID: String, _ request: EnvironmentProjectConfigRequest) async throws
        -> [EnvironmentProjectConfigResponse]
    {
        try await transport.decode(
            [EnvironmentProjectConfigResponse].self,
            APIRequest(.PATCH, ["projects", projectID, "deploy-config"], json: request))
    }

    /// Removes whatever is deployed to one environment
    /// (`DELETE /projects/{project_id}/deployed-config/{environment_id}`).
    /// - Parameters:
    ///   - projectID: The project id.
    ///   - environmentID: The environment id (`env_…`).
    public func deleteDeployedConfig(projectID: String, environmentID: String) async throws {
        try await transport.send(APIRequest(.DELETE, ["projects", projectID, "deployed-config", environmentID]))
    }
}
