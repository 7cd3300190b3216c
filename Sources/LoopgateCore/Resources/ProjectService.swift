import HumanloopAPI
import Storage

/// Projects as resources: create, read, list, update, delete, and their feedback types.
public final class ProjectService: Sendable {
    let store: any Store
    let organizations: OrganizationDirectory
    let projects: ProjectDirectory
    let configService: ConfigService
    let experiments: ExperimentService

    public init(
        store: any Store, organizations: OrganizationDirectory, projects: ProjectDirectory,
        configService: ConfigService,
        experiments: ExperimentService
    ) {
        self.store = store
        self.organizations = organizations
        self.projects = projects
        self.configService = configService
        self.experiments = experiments
    }

    /// `GET /projects/{id}`.
    public func project(id: String, orgID: String) async throws -> ProjectResponse {
        guard let record = try await store.project(id: id, orgID: orgID) else {
            throw GatewayError.notFound("Project with id '\(id)' not found")
        }
        return try await response(for: record)
    }

    /// `GET /projects`: a 0-based page, optionally filtered by a name substring.
    public func list(
        orgID: String, page: Int, size: Int, filter: String?, sortBy: ProjectOrdering, ascending: Bool
    ) async throws -> Paginated<ProjectResponse> {
        let (records, total) = try await store.listProjects(
            orgID: orgID, page: page, size: size, nameFilter: filter, orderBy: sortBy, ascending: ascending)
        var responses: [ProjectResponse] = []
        for record in records {
            responses.append(try await response(for: record))
        }
        return Paginated(records: responses, page: page, size: size, total: total)
    }

    /// `POST /projects`: a new project (an existing name is a 409), with any feedback types given.
    public func create(_ request: CreateProjectRequest, orgID: String) async throws -> ProjectResponse {
        guard !request.name.isEmpty else { throw GatewayError.invalid(["body", "name"], "name must not be empty") }
        // The types are checked before anything is made.
        let types = try (request.feedbackTypes ?? []).enumerated().map { index, type in
            try Self.record(type, at: ["body", "feedback_types", .index(index)])
        }
        let record = try await store.createProject(named: request.name, orgID: orgID)
        if !types.isEmpty {
            try await store.upsertFeedbackTypes(types, projectID: record.id, orgID: orgID)
        }
        return try await response(for: record)
    }

    /// `PATCH /projects/{id}`: rename; make a config or an experiment the active one (in the default
    /// environment); replace the active experiment's positive labels.
    public func update(id: String, _ request: UpdateProjectRequest, orgID: String) async throws -> ProjectResponse {
        let project = try await projects.project(id: id, orgID: orgID)
        if request.activeConfigID != nil, request.activeExperimentID != nil {
            throw GatewayError.invalid(
                ["body", "active_experiment_id"], "specify at most one of active_config_id and active_experiment_id")
        }
        let production = try await DeploymentLookup.environment(
            in: store, named: nil, projectID: project.id, orgID: orgID
        )
        .environment
        if let configID = request.activeConfigID {
            guard let config = try await configService.configs.config(id: configID, orgID: orgID) else {
                throw GatewayError.notFound("Model config with id '\(configID)' not found")
            }
            _ = try await store.registerConfig(
                ModelConfigRecord(id: config.id, body: config.canonicalJSON), projectID: project.id, orgID: orgID)
            try await store.deploy(
                projectID: project.id, orgID: orgID, environmentIDs: [production.id], configID: configID,
                experimentID: nil)
        }
        if let experimentID = request.activeExperimentID {
            let experiment = try await experiments.record(id: experimentID, orgID: orgID)
            guard experiment.projectID == project.id else {
                throw GatewayError.notFound("Experiment with id '\(experimentID)' not found in this project")
            }
            try await store.deploy(
                projectID: project.id, orgID: orgID, environmentIDs: [production.id], configID: nil,
                experimentID: experimentID)
        }
        if let labels = request.positiveLabels,
            let active = try await store.deployment(projectID: project.id, environmentName: nil, orgID: orgID)?
                .deployment?.experimentID
        {
            try await store.updateExperiment(
                id: active, orgID: orgID, name: nil, positiveLabels: try Coding.text(labels), register: [],
                deregister: [])
        }
        if let name = request.name, name != project.name {
            guard !name.isEmpty else { throw GatewayError.invalid(["body", "name"], "name must not be empty") }
            try await store.renameProject(id: project.id, orgID: orgID, to: name)
            projects.invalidate(projectID: project.id, orgID: orgID)
        }
        return try await self.project(id: project.id, orgID: orgID)
    }

    /// `DELETE /projects/{id}`: the project and everything recorded in it.
    public func delete(id: String, orgID: String) async throws {
        let project = try await projects.project(id: id, orgID: orgID)
        try await store.deleteProject(id: project.id, orgID: orgID)
        projects.invalidate(projectID: project.id, orgID: orgID)
    }

    /// `POST /projects/{id}/feedback-types`.
    public func createFeedbackType(_ request: FeedbackTypeRequest, projectID: String, orgID: String) async throws
        -> FeedbackTypeModel
    {
        let project = try await projects.project(id: projectID, orgID: orgID)
        let record = try Self.record(request, at: ["body"])
        try await store.upsertFeedbackTypes([record], projectID: project.id, orgID: orgID)
        return FeedbackTypeModel(type: request.type, values: FeedbackTypes.labels(record.values))
    }

    /// `PATCH /projects/{id}/feedback-types`: creates or replaces each type given; answers every type.
    public func updateFeedbackTypes(_ requests: [FeedbackTypeRequest], projectID: String, orgID: String) async throws
        -> [FeedbackTypeModel]
    {
        let project = try await projects.project(id: projectID, orgID: orgID)
        let records = try requests.enumerated().map { index, request in
            try Self.record(request, at: ["body", .index(index)])
        }
        try await store.upsertFeedbackTypes(records, projectID: project.id, orgID: orgID)
        return FeedbackTypes.merged(try await store.feedbackTypes(projectID: project.id, orgID: orgID))
    }

    /// A feedback type as stored: its `class` one of the schema's, each label with a sentiment (`neutral`
    /// when none is given: the answer's schema requires one).
    static func record(_ request: FeedbackTypeRequest, at location: [LocationComponent]) throws -> FeedbackTypeRecord {
        var issues: [ValidationIssue] = []
        if let feedbackClass = request.feedbackClass, !FeedbackTypes.classes.contains(feedbackClass) {
            issues.append(
                ValidationIssue(
                    loc: location + ["class"],
                    msg: WireEnum.invalidMemberMessage(permitted: FeedbackTypes.classes), type: "type_error.enum"))
        }
        for (index, label) in (request.values ?? []).enumerated() {
            if let sentiment = label.sentiment, !FeedbackTypes.sentiments.contains(sentiment) {
                issues.append(
                    ValidationIssue(
                        loc: location + ["values", .index(index), "sentiment"],
                        msg: WireEnum.invalidMemberMessage(permitted: FeedbackTypes.sentiments),
                        type: "type_error.enum"))
            }
        }
        guard issues.isEmpty else { throw GatewayError.invalid(issues) }
        let values = request.values?.map { FeedbackLabel(value: $0.value, sentiment: $0.sentiment ?? "neutral") }
        return FeedbackTypeRecord(
            type: request.type, feedbackClass: request.feedbackClass,
            // A text type has no values: stored as JSON null so it reads back as it was created.
            values: try values.map(Coding.text) ?? "null")
    }

    func response(for record: ProjectRecord) async throws -> ProjectResponse {
        let organization = try await organizations.organization(id: record.orgID)
        var response = ProjectResponse(
            id: record.id, name: record.name, dataCount: record.dataCount,
            feedbackTypes: FeedbackTypes.merged(
                try await store.feedbackTypes(projectID: record.id, orgID: record.orgID)),
            teamID: organization.teamID, createdAt: record.createdAt, updatedAt: record.updatedAt)
        response.configType = "model"
        if let deployment = try await store.deployment(
            projectID: record.id, environmentName: nil, orgID: record.orgID)?.deployment
        {
            if let configID = deployment.configID {
                response.activeConfig = try? await configService.projectConfig(
                    configID, project: record, orgID: record.orgID)
            }
            if let experimentID = deployment.experimentID {
                response.activeExperiment = try? await experiments.experiment(id: experimentID, orgID: record.orgID)
            }
        }
        return response
    }
}
