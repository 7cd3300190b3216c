import HumanloopAPI
import Storage

/// Experiments: configs under an A/B test that learns from feedback.
public final class ExperimentService: Sendable {
    let store: any Store
    let configs: ConfigCatalog
    let projects: ProjectDirectory
    let configService: ConfigService

    public init(store: any Store, configs: ConfigCatalog, projects: ProjectDirectory, configService: ConfigService) {
        self.store = store
        self.configs = configs
        self.projects = projects
        self.configService = configService
    }

    /// `POST /projects/{id}/experiments`.
    public func create(_ request: CreateExperimentRequest, projectID: String, orgID: String) async throws
        -> ExperimentResponse
    {
        let project = try await projects.project(id: projectID, orgID: orgID)
        let configIDs = request.configIDs ?? []
        try await requireConfigs(configIDs, orgID: orgID, field: "config_ids")
        let id = try await store.createExperiment(
            projectID: project.id, orgID: orgID, name: request.name,
            positiveLabels: try Coding.text(request.positiveLabels), configIDs: configIDs)
        for configID in configIDs {
            if let config = try await configs.config(id: configID, orgID: orgID) {
                _ = try await store.registerConfig(
                    ModelConfigRecord(id: config.id, body: config.canonicalJSON), projectID: project.id, orgID: orgID)
            }
        }
        if request.setActive == true, let production = try await defaultEnvironment(orgID: orgID) {
            try await store.deploy(
                projectID: project.id, orgID: orgID, environmentIDs: [production.id], configID: nil, experimentID: id)
        }
        return try await experiment(id: id, orgID: orgID)
    }

    /// `GET /projects/{id}/experiments`.
    public func list(projectID: String, orgID: String) async throws -> [ExperimentResponse] {
        let project = try await projects.project(id: projectID, orgID: orgID)
        var responses: [ExperimentResponse] = []
        for record in try await store.experiments(projectID: project.id, orgID: orgID) {
            responses.append(try await response(for: record))
        }
        return responses
    }

    /// One experiment.
    public func experiment(id: String, orgID: String) async throws -> ExperimentResponse {
        try await response(for: try await record(id: id, orgID: orgID))
    }

    /// `PATCH /experiments/{id}`.
    public func update(_ request: UpdateExperimentRequest, id: String, orgID: String) async throws -> ExperimentResponse
    {
        let experiment = try await record(id: id, orgID: orgID)
        let register = request.configIDsToRegister ?? []
        try await requireConfigs(register, orgID: orgID, field: "config_ids_to_register")
        try await store.updateExperiment(
            id: experiment.id, orgID: orgID, name: request.name,
            positiveLabels: try request.positiveLabels.map(Coding.text), register: register,
            deregister: request.configIDsToDeregister ?? [])
        return try await self.experiment(id: id, orgID: orgID)
    }

    /// `DELETE /experiments/{id}`.
    public func delete(id: String, orgID: String) async throws {
        let experiment = try await record(id: id, orgID: orgID)
        try await store.deleteExperiment(id: experiment.id, orgID: orgID)
    }

    /// `GET /experiments/{id}/model-config`: samples a config without generating; the `trial_id` lets a
    /// log made elsewhere (`POST /logs`) count as a trial of it.
    public func sample(id: String, orgID: String) async throws -> ProjectConfigResponse {
        let experiment = try await record(id: id, orgID: orgID)
        return try await sampleResponse(experiment, orgID: orgID, environmentID: nil)
    }

    func sampleResponse(_ experiment: ExperimentRecord, orgID: String, environmentID: String?) async throws
        -> ProjectConfigResponse
    {
        let active = experiment.configs.filter(\.active)
        guard !active.isEmpty else {
            throw GatewayError.invalid(
                ["path", "id"], "Experiment '\(experiment.name)' has no active model configs to sample from")
        }
        var sampler = ThompsonSampler()
        let chosen = active[sampler.choose(active.map { ($0.trials, $0.successes) })]
        let project = try await projects.project(id: experiment.projectID, orgID: orgID)
        return try await configService.projectConfig(
            chosen.configID, project: project, orgID: orgID, experimentID: experiment.id,
            trialID: TrialID.make(experimentID: experiment.id, configID: chosen.configID), environmentID: environmentID)
    }

    func record(id: String, orgID: String) async throws -> ExperimentRecord {
        guard let experiment = try await store.experiment(id: id, orgID: orgID) else {
            throw GatewayError.notFound("Experiment with id '\(id)' not found")
        }
        return experiment
    }

    func requireConfigs(_ ids: [String], orgID: String, field: String) async throws {
        for (index, id) in ids.enumerated() where try await configs.config(id: id, orgID: orgID) == nil {
            throw GatewayError.invalid(
                ["body", .key(field), .index(index)], "model config '\(id)' does not exist", type: "value_error")
        }
    }

    func defaultEnvironment(orgID: String) async throws -> EnvironmentRecord? {
        try await store.environments(orgID: orgID).first { $0.tag == "default" }
    }

    func response(for record: ExperimentRecord) async throws -> ExperimentResponse {
        var configResponses: [ExperimentConfigResponse] = []
        for entry in record.configs {
            guard let config = try await configs.config(id: entry.configID, orgID: record.orgID) else { continue }
            let posterior = betaPosterior(trials: entry.trials, successes: entry.successes)
            configResponses.append(
                ExperimentConfigResponse(
                    trialsCount: entry.trials, active: entry.active, id: entry.configID,
                    displayName: config.config.name ?? config.config.model,
                    config: ModelConfigResponse(id: config.id, config: config.config), createdAt: entry.createdAt,
                    updatedAt: entry.updatedAt, mean: posterior.mean, spread: posterior.spread))
        }
        return ExperimentResponse(
            id: record.id, projectID: record.projectID, name: record.name, status: record.status,
            metric: MetricResponse(
                id: "metric_positive_rate", name: "Positive feedback rate",
                description: "The share of the experiment's logs that received one of its positive labels.", code: "",
                isDefault: true, active: true, createdAt: record.createdAt, updatedAt: record.createdAt),
            positiveLabels: Coding.decodeIfPresent([PositiveLabel].self, fromText: record.positiveLabels) ?? [],
            createdAt: record.createdAt, updatedAt: record.updatedAt, configs: configResponses)
    }
}

/// A trial id names the experiment and the config a sample drew, so `POST /logs` can count the trial.
enum TrialID {
    static let separator = "."

    static func make(experimentID: String, configID: String) -> String {
        experimentID + separator + configID
    }

    static func parse(_ trialID: String) -> (experimentID: String, configID: String)? {
        let parts = trialID.split(separator: Character(separator), maxSplits: 1)
        guard parts.count == 2, parts[0].hasPrefix("exp_"), parts[1].hasPrefix("config_") else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}
