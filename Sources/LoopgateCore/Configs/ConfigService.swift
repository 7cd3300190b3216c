import HumanloopAPI
import Storage

/// Model configs as resources: register (`POST /model-configs`), read, and list a project's configs.
public final class ConfigService: Sendable {
    let store: any Store
    let configs: ConfigCatalog
    let projects: ProjectDirectory

    public init(store: any Store, configs: ConfigCatalog, projects: ProjectDirectory) {
        self.store = store
        self.configs = configs
        self.projects = projects
    }

    /// Registers a config to a project (found by id, or by name and created). The project's first
    /// config becomes its active config (deployed to the default environment); `experiment` names an
    /// experiment of the project to add it to.
    public func register(_ request: ProjectModelConfigRequest, orgID: String) async throws -> ProjectConfigResponse {
        var issues = Self.enumIssues(request.config)
        if request.projectID == nil, request.project == nil {
            issues.append(
                ValidationIssue(
                    loc: ["body", "project"], msg: "give project or project_id", type: "value_error.missing"))
        }
        guard issues.isEmpty else { throw GatewayError.invalid(issues) }
        let project: ProjectRecord
        if let projectID = request.projectID {
            project = try await projects.project(id: projectID, orgID: orgID)
        } else {
            project = try await projects.findOrCreate(named: request.project ?? "", orgID: orgID)
        }
        var experiment: ExperimentRecord?
        if let name = request.experiment {
            guard let found = try await store.experiment(named: name, projectID: project.id, orgID: orgID) else {
                throw GatewayError.notFound("Experiment '\(name)' not found in project '\(project.name)'")
            }
            experiment = found
        }
        let config = try configs.identify(request.config)
        let isFirst = try await store.registerConfig(
            ModelConfigRecord(id: config.id, body: config.canonicalJSON), projectID: project.id, orgID: orgID)
        configs.markStored(config, orgID: orgID)
        if isFirst, let production = try await store.environments(orgID: orgID).first(where: { $0.tag == "default" }) {
            try await store.deploy(
                projectID: project.id, orgID: orgID, environmentIDs: [production.id], configID: config.id,
                experimentID: nil)
        }
        if let experiment {
            try await store.updateExperiment(
                id: experiment.id, orgID: orgID, name: nil, positiveLabels: nil, register: [config.id], deregister: [])
        }
        return try await projectConfig(config.id, project: project, orgID: orgID, experimentID: experiment?.id)
    }

    /// `GET /model-configs/{id}`.
    public func config(id: String, orgID: String) async throws -> ModelConfigResponse {
        guard let config = try await configs.config(id: id, orgID: orgID) else {
            throw GatewayError.notFound("Model config with id '\(id)' not found")
        }
        return ModelConfigResponse(id: config.id, config: config.config)
    }

    /// `POST /model-configs/{id}/export`: a stored config as a `.prompt` file.
    public func export(id: String, orgID: String) async throws -> String {
        guard let config = try await configs.config(id: id, orgID: orgID) else {
            throw GatewayError.notFound("Model config with id '\(id)' not found")
        }
        return try PromptFile.serialize(config.config)
    }

    /// `POST /model-configs/serialize`: any config as a `.prompt` file (defaults filled in).
    public func serialize(_ config: ModelConfigRequest) throws -> String {
        var issues = Self.enumIssues(config)
        if config.model.isEmpty {
            issues.append(ValidationIssue(loc: ["body", "model"], msg: "model must not be empty", type: "value_error"))
        }
        guard issues.isEmpty else { throw GatewayError.invalid(issues) }
        return try PromptFile.serialize(try configs.identify(config).config)
    }

    /// `POST /model-configs/deserialize`: the config a `.prompt` file describes, with its content id.
    public func deserialize(_ text: String) throws -> ModelConfigResponse {
        let config = try configs.identify(try PromptFile.deserialize(text))
        return ModelConfigResponse(id: config.id, config: config.config)
    }

    /// `GET /projects/{id}/configs`: every config the project used, with its feedback statistics.
    public func projectConfigs(projectID: String, orgID: String) async throws -> [ProjectConfigResponse] {
        let project = try await projects.project(id: projectID, orgID: orgID)
        let records = try await store.projectConfigs(projectID: project.id, orgID: orgID)
        let stats = try await feedbackStats(projectID: project.id, orgID: orgID)
        return try records.map { record in
            try Self.response(record, project: project, feedbackStats: stats[record.configID] ?? [])
        }
    }

    /// One config as the project uses it; a config the project never used is shown with zero counters.
    func projectConfig(
        _ configID: String, project: ProjectRecord, orgID: String, experimentID: String? = nil, trialID: String? = nil,
        environmentID: String? = nil
    ) async throws -> ProjectConfigResponse {
        let records = try await store.projectConfigs(projectID: project.id, orgID: orgID)
        let stats = try await feedbackStats(projectID: project.id, orgID: orgID)
        var response: ProjectConfigResponse
        if let record = records.first(where: { $0.configID == configID }) {
            response = try Self.response(record, project: project, feedbackStats: stats[configID] ?? [])
        } else {
            guard let config = try await configs.config(id: configID, orgID: orgID) else {
                throw GatewayError.notFound("Model config with id '\(configID)' not found")
            }
            response = ProjectConfigResponse(
                projectID: project.id, projectName: project.name, createdAt: project.createdAt,
                updatedAt: project.updatedAt, lastUsed: project.updatedAt,
                config: ModelConfigResponse(id: config.id, config: config.config), feedbackStats: [], numDatapoints: 0)
        }
        response.experimentID = experimentID
        response.trialID = trialID
        response.environmentID = environmentID
        return response
    }

    static func response(_ record: ProjectConfigRecord, project: ProjectRecord, feedbackStats: [FeedbackStat]) throws
        -> ProjectConfigResponse
    {
        let config = try Coding.decode(ModelConfigRequest.self, fromText: record.body)
        return ProjectConfigResponse(
            projectID: project.id, projectName: project.name, createdAt: record.createdAt, updatedAt: record.lastUsed,
            lastUsed: record.lastUsed, config: ModelConfigResponse(id: record.configID, config: config),
            feedbackStats: feedbackStats, numDatapoints: record.numDatapoints)
    }

    /// Feedback counts per config of a project, as `feedback_stats`.
    func feedbackStats(projectID: String, orgID: String) async throws -> [String: [FeedbackStat]] {
        var stats: [String: [FeedbackStat]] = [:]
        for row in try await store.feedbackCounts(projectID: projectID, orgID: orgID) {
            let value = Coding.decodeIfPresent(JSONValue.self, fromText: row.value)
            stats[row.configID, default: []].append(
                FeedbackStat(
                    feedbackTypeID: FeedbackTypes.typeID(of: row.type), feedbackType: row.type,
                    feedbackValue: value?.stringValue ?? value?.serialized() ?? row.value, feedbackCount: row.count))
        }
        return stats
    }

    /// Registration does not call the provider, so only the enums are checked.
    static func enumIssues(_ config: ModelConfigRequest) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let provider = config.provider, ModelProvider(rawValue: provider) == nil {
            issues.append(WireEnum.issue(ModelProvider.self, at: ["body", "provider"]))
        }
        if let endpoint = config.endpoint, ModelEndpoint(rawValue: endpoint) == nil {
            issues.append(WireEnum.issue(ModelEndpoint.self, at: ["body", "endpoint"]))
        }
        return issues
    }
}
