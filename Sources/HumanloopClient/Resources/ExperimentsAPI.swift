import HumanloopAPI

/// The experiment calls (`client.experiments`): A/B tests of a project's configs, where each generation
/// samples a config and positive feedback on its log counts as a success.
public struct ExperimentsAPI: Sendable {
    let transport: APITransport

    /// Lists a project's experiments (`GET /projects/{project_id}/experiments`).
    /// - Parameter projectID: The project id.
    public func list(projectID: String) async throws -> [ExperimentResponse] {
        try await transport.decode([ExperimentResponse].self, APIRequest(.GET, ["projects", projectID, "experiments"]))
    }

    /// Creates an experiment (`POST /projects/{project_id}/experiments`).
    /// - Parameters:
    ///   - projectID: The project id.
    ///   - request: The name, the feedback that counts as success, the configs, and whether to deploy it
    ///     to the default environment at once.
    public func create(projectID: String, _ request: CreateExperimentRequest) async throws -> ExperimentResponse {
        try await transport.decode(
            ExperimentResponse.self, APIRequest(.POST, ["projects", projectID, "experiments"], json: request))
    }

    /// Renames an experiment, changes its positive labels, or adds and removes configs
    /// (`PATCH /experiments/{experiment_id}`).
    /// - Parameters:
    ///   - id: The experiment id (`exp_…`).
    ///   - request: The changes.
    public func update(id: String, _ request: UpdateExperimentRequest) async throws -> ExperimentResponse {
        try await transport.decode(ExperimentResponse.self, APIRequest(.PATCH, ["experiments", id], json: request))
    }

    /// Deletes an experiment (`DELETE /experiments/{experiment_id}`).
    /// - Parameter id: The experiment id.
    public func delete(id: String) async throws {
        try await transport.send(APIRequest(.DELETE, ["experiments", id]))
    }

    /// Samples a config from the experiment without generating (`GET /experiments/{experiment_id}/model-config`);
    /// pass the returned `trial_id` in a ``LogsAPI`` log to record the trial.
    /// - Parameter id: The experiment id.
    public func sample(id: String) async throws -> ProjectConfigResponse {
        try await transport.decode(ProjectConfigResponse.self, APIRequest(.GET, ["experiments", id, "model-config"]))
    }
}
