/// `PATCH /projects/{id}/deploy-config`: deploy a config or an experiment to environments.
public struct EnvironmentProjectConfigRequest: Codable, Sendable, Hashable {
    public var configID: String?
    public var experimentID: String?
    public var environments: [EnvironmentRequest]?

    public init(configID: String? = nil, experimentID: String? = nil, environments: [EnvironmentRequest]? = nil) {
        self.configID = configID
        self.experimentID = experimentID
        self.environments = environments
    }

    enum CodingKeys: String, CodingKey {
        case environments
        case configID = "config_id"
        case experimentID = "experiment_id"
    }
}

/// An environment named by id (the name is informative).
public struct EnvironmentRequest: Codable, Sendable, Hashable {
    public var id: String
    public var name: String?

    public init(id: String, name: String? = nil) {
        self.id = id
        self.name = name
    }
}

/// What one environment of a project serves (`EnvironmentProjectConfigResponse`).
public struct EnvironmentProjectConfigResponse: Codable, Sendable, Hashable {
    public var projectID: String
    public var projectName: String
    public var environmentID: String
    public var environmentName: String
    public var environmentTag: String
    public var modelConfigID: String?
    public var modelConfigName: String?
    public var experimentID: String?
    public var experimentName: String?

    public init(
        projectID: String, projectName: String, environmentID: String, environmentName: String,
        environmentTag: String, modelConfigID: String?, modelConfigName: String?, experimentID: String?,
        experimentName: String?
    ) {
        self.projectID = projectID
        self.projectName = projectName
        self.environmentID = environmentID
        self.environmentName = environmentName
        self.environmentTag = environmentTag
        self.modelConfigID = modelConfigID
        self.modelConfigName = modelConfigName
        self.experimentID = experimentID
        self.experimentName = experimentName
    }

    enum CodingKeys: String, CodingKey {
        case projectID = "project_id"
        case projectName = "project_name"
        case environmentID = "environment_id"
        case environmentName = "environment_name"
        case environmentTag = "environment_tag"
        case modelConfigID = "model_config_id"
        case modelConfigName = "model_config_name"
        case experimentID = "experiment_id"
        case experimentName = "experiment_name"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(projectID, forKey: .projectID)
        try c.encode(projectName, forKey: .projectName)
        try c.encode(environmentID, forKey: .environmentID)
        try c.encode(environmentName, forKey: .environmentName)
        try c.encode(environmentTag, forKey: .environmentTag)
        try c.encodeOrNull(modelConfigID, forKey: .modelConfigID)
        try c.encodeOrNull(modelConfigName, forKey: .modelConfigName)
        try c.encodeOrNull(experimentID, forKey: .experimentID)
        try c.encodeOrNull(experimentName, forKey: .experimentName)
    }
}
