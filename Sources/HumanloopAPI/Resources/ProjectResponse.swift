/// A project (`ProjectResponse`).
public struct ProjectResponse: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var users: [JSONValue]
    public var dataCount: Int
    public var feedbackTypes: [FeedbackTypeModel]
    public var teamID: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var activeExperiment: ExperimentResponse?
    public var activeConfig: ProjectConfigResponse?
    public var configType: String?
    public var activeEvaluators: [JSONValue]?
    public var directoryID: String?

    public init(
        id: String, name: String, dataCount: Int, feedbackTypes: [FeedbackTypeModel] = [], teamID: String,
        createdAt: Timestamp, updatedAt: Timestamp, activeExperiment: ExperimentResponse? = nil,
        activeConfig: ProjectConfigResponse? = nil, configType: String? = nil
    ) {
        self.id = id
        self.name = name
        self.users = []
        self.dataCount = dataCount
        self.feedbackTypes = feedbackTypes
        self.teamID = teamID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.activeExperiment = activeExperiment
        self.activeConfig = activeConfig
        self.configType = configType
        self.activeEvaluators = nil
        self.directoryID = nil
    }

    enum CodingKeys: String, CodingKey {
        case id, name, users
        case dataCount = "data_count"
        case feedbackTypes = "feedback_types"
        case teamID = "team_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case activeExperiment = "active_experiment"
        case activeConfig = "active_config"
        case configType = "config_type"
        case activeEvaluators = "active_evaluators"
        case directoryID = "directory_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(users, forKey: .users)
        try c.encode(dataCount, forKey: .dataCount)
        try c.encode(feedbackTypes, forKey: .feedbackTypes)
        try c.encode(teamID, forKey: .teamID)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encodeOrNull(activeExperiment, forKey: .activeExperiment)
        try c.encodeOrNull(activeConfig, forKey: .activeConfig)
        try c.encodeOrNull(configType, forKey: .configType)
        try c.encodeOrNull(activeEvaluators, forKey: .activeEvaluators)
        try c.encodeOrNull(directoryID, forKey: .directoryID)
    }
}
