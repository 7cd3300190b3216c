import HumanloopAPI
import Storage

/// Environments and what each project serves in them.
public final class DeploymentService: Sendable {
    let store: any Store
    let configs: ConfigCatalog
    let projects: ProjectDirectory
    let configService: ConfigService
    let experiments: ExperimentService

    public init(
        store: any Store, configs: ConfigCatalog, projects: ProjectDirectory, configService: ConfigService,
        experiments: ExperimentService
    ) {
        self.store = store
        self.configs = configs
        self.projects = projects
        self.configService = configService
        self.experiments = experiments
    }

    /// `GET /projects/{id}/deployed-configs`: one entry per environment, deployed to or not.
    public func deployedConfigs(projectID: String, orgID: String) async throws -> [EnvironmentProjectConfigResponse] {
        let project = try await projects.project(id: projectID, orgID: orgID)
        let deployments = try await store.deployments(projectID: project.id, orgID: orgID)
        var responses: [EnvironmentProjectConfigResponse] = []
        for environment in try await store.environments(orgID: orgID) {
            let deployment = deployments.first { $0.environment.id == environment.id }
            var configName: String?
            if let configID = deployment?.configID, let config = try await configs.config(id: configID, orgID: orgID) {
                configName = config.config.name ?? config.config.model
            }
            var experimentName: String?
            if let experimentID = deployment?.experimentID {
                experimentName = try await store.experiment(id: experimentID, orgID: orgID)?.name
            }
            responses.append(
                EnvironmentProjectConfigResponse(
                    projectID: project.id, projectName: project.name, environmentID: environment.id,
                    environmentName: environment.name, environmentTag: environment.tag,
                    modelConfigID: deployment?.configID, modelConfigName: configName,
                    experimentID: deployment?.experimentID, experimentName: experimentName))
        }
        return responses
    }

    /// `PATCH /projects/{id}/deploy-config`: a config or an experiment to the listed environments (the
    /// default one when none is listed), replacing what they served.
    public func deploy(_ request: EnvironmentProjectConfigRequest, projectID: String, orgID: String) async throws
        -> [EnvironmentProjectConfigResponse]
    {
        let project = try await projects.project(id: projectID, orgID: orgID)
        guard (request.configID == nil) != (request.experimentID == nil) else {
            throw GatewayError.invalid(["body", "config_id"], "give exactly one of config_id and experiment_id")
        }
        if let configID = request.configID {
            guard let config = try await configs.config(id: configID, orgID: orgID) else {
                throw GatewayError.notFound("Model config with id '\(configID)' not found")
            }
            _ = try await store.registerConfig(
                ModelConfigRecord(id: config.id, body: config.canonicalJSON), projectID: project.id, orgID: orgID)
        }
        if let experimentID = request.experimentID {
            guard let experiment = try await store.experiment(id: experimentID, orgID: orgID),
                experiment.projectID == project.id
            else { throw GatewayError.notFound("Experiment with id '\(experimentID)' not found in this project") }
        }
        let environments = try await store.environments(orgID: orgID)
        var environmentIDs: [String] = []
        for (index, environment) in (request.environments ?? []).enumerated() {
            guard environments.contains(where: { $0.id == environment.id }) else {
                throw GatewayError.invalid(
                    ["body", "environments", .index(index), "id"], "environment '\(environment.id)' does not exist")
            }
            environmentIDs.append(environment.id)
        }
        if environmentIDs.isEmpty, let production = environments.first(where: { $0.tag == "default" }) {
            environmentIDs = [production.id]
        }
        try await store.deploy(
            projectID: project.id, orgID: orgID, environmentIDs: environmentIDs, configID: request.configID,
            experimentID: request.experimentID)
        return try await deployedConfigs(projectID: project.id, orgID: orgID)
    }

    /// `DELETE /projects/{id}/deployed-config/{environment_id}`.
    public func removeDeployment(projectID: String, environmentID: String, orgID: String) async throws {
        let project = try await projects.project(id: projectID, orgID: orgID)
        try await store.removeDeployment(projectID: project.id, environmentID: environmentID, orgID: orgID)
    }

    /// `GET /projects/{id}/active-config`: the config deployed in the environment (default when none is
    /// named); a deployed experiment is sampled and the answer carries a `trial_id`.
    public func activeConfig(projectID: String, environment: String?, orgID: String) async throws
        -> ProjectConfigResponse
    {
        let project = try await projects.project(id: projectID, orgID: orgID)
        let deployment = try await DeploymentLookup.active(
            in: store, environment: environment, of: project, orgID: orgID)
        let environment = deployment.environment
        if let experimentID = deployment.experimentID {
            let experiment = try await experiments.record(id: experimentID, orgID: orgID)
            return try await experiments.sampleResponse(experiment, orgID: orgID, environmentID: environment.id)
        }
        return try await configService.projectConfig(
            deployment.configID ?? "", project: project, orgID: orgID, environmentID: environment.id)
    }

    /// `DELETE /projects/{id}/active-config`: removes a config deployment from the environment (no-op
    /// when it serves something else or nothing).
    public func deactivateConfig(projectID: String, environment: String?, orgID: String) async throws {
        try await deactivate(.config, projectID: projectID, environment: environment, orgID: orgID)
    }

    /// `DELETE /projects/{id}/active-experiment`.
    public func deactivateExperiment(projectID: String, environment: String?, orgID: String) async throws {
        try await deactivate(.experiment, projectID: projectID, environment: environment, orgID: orgID)
    }

    func deactivate(_ kind: DeploymentKind, projectID: String, environment: String?, orgID: String)
        async throws
    {
        let project = try await projects.project(id: projectID, orgID: orgID)
        let environment = try await DeploymentLookup.environment(
            in: store,
            named: environment, projectID: project.id, orgID: orgID
        ).environment
        try await store.removeDeployment(
            projectID: project.id, environmentID: environment.id, orgID: orgID, onlyIf: kind)
    }

}
