/// `POST /projects`.
public struct CreateProjectRequest: Codable, Sendable, Hashable {
    public var name: String
    public var feedbackTypes: [FeedbackTypeRequest]?
    public var directoryID: String?

    public init(name: String, feedbackTypes: [FeedbackTypeRequest]? = nil, directoryID: String? = nil) {
        self.name = name
        self.feedbackTypes = feedbackTypes
        self.directoryID = directoryID
    }

    enum CodingKeys: String, CodingKey {
        case name
        case feedbackTypes = "feedback_types"
        case directoryID = "directory_id"
    }
}

/// `PATCH /projects/{id}`: every field optional; the `active_*` fields target the default environment.
public struct UpdateProjectRequest: Codable, Sendable, Hashable {
    public var name: String?
    public var activeExperimentID: String?
    public var activeConfigID: String?
    public var positiveLabels: [PositiveLabel]?
    public var directoryID: String?

    public init(
        name: String? = nil, activeExperimentID: String? = nil, activeConfigID: String? = nil,
        positiveLabels: [PositiveLabel]? = nil, directoryID: String? = nil
    ) {
        self.name = name
        self.activeExperimentID = activeExperimentID
        self.activeConfigID = activeConfigID
        self.positiveLabels = positiveLabels
        self.directoryID = directoryID
    }

    enum CodingKeys: String, CodingKey {
        case name
        case activeExperimentID = "active_experiment_id"
        case activeConfigID = "active_config_id"
        case positiveLabels = "positive_labels"
        case directoryID = "directory_id"
    }
}

/// A feedback type of a project and its allowed values (`FeedbackTypeRequest`).
public struct FeedbackTypeRequest: Codable, Sendable, Hashable {
    public var type: String
    public var values: [FeedbackLabel]?
    public var feedbackClass: String?

    public init(type: String, values: [FeedbackLabel]? = nil, feedbackClass: String? = nil) {
        self.type = type
        self.values = values
        self.feedbackClass = feedbackClass
    }

    enum CodingKeys: String, CodingKey {
        case type, values
        case feedbackClass = "class"
    }
}

/// An allowed value of a categorical feedback type, with its sentiment.
public struct FeedbackLabel: Codable, Sendable, Hashable {
    public var value: String
    public var sentiment: String?

    public init(value: String, sentiment: String? = nil) {
        self.value = value
        self.sentiment = sentiment
    }
}

/// A feedback type as the API returns it (`FeedbackTypeModel`).
public struct FeedbackTypeModel: Codable, Sendable, Hashable {
    public var type: String
    public var values: [FeedbackLabel]?

    public init(type: String, values: [FeedbackLabel]?) {
        self.type = type
        self.values = values
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encodeOrNull(values, forKey: .values)
    }

    enum CodingKeys: String, CodingKey {
        case type, values
    }
}

/// A feedback value that counts as success for an experiment.
public struct PositiveLabel: Codable, Sendable, Hashable {
    public var type: String
    public var value: String

    public init(type: String, value: String) {
        self.type = type
        self.value = value
    }
}

/// How often one feedback value was given on a config's logs in a project.
public struct FeedbackStat: Codable, Sendable, Hashable {
    public var feedbackTypeID: Int
    public var feedbackType: String
    public var feedbackValue: String
    public var feedbackCount: Int

    public init(feedbackTypeID: Int, feedbackType: String, feedbackValue: String, feedbackCount: Int) {
        self.feedbackTypeID = feedbackTypeID
        self.feedbackType = feedbackType
        self.feedbackValue = feedbackValue
        self.feedbackCount = feedbackCount
    }

    enum CodingKeys: String, CodingKey {
        case feedbackTypeID = "feedback_type_id"
        case feedbackType = "feedback_type"
        case feedbackValue = "feedback_value"
        case feedbackCount = "feedback_count"
    }
}

/// A config as a project uses it (`ProjectConfigResponse`); with `trial_id` and `environment_id` it is
/// also `GetModelConfigResponse`.
public struct ProjectConfigResponse: Codable, Sendable, Hashable {
    public var projectID: String
    public var projectName: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var lastUsed: Timestamp
    public var config: ModelConfigResponse
    public var feedbackStats: [FeedbackStat]?
    public var numDatapoints: Int?
    public var experimentID: String?
    public var evaluationAggregates: [JSONValue]?
    public var trialID: String?
    public var environmentID: String?

    public init(
        projectID: String, projectName: String, createdAt: Timestamp, updatedAt: Timestamp, lastUsed: Timestamp,
        config: ModelConfigResponse, feedbackStats: [FeedbackStat]? = nil, numDatapoints: Int? = nil,
        experimentID: String? = nil, trialID: String? = nil, environmentID: String? = nil
    ) {
        self.projectID = projectID
        self.projectName = projectName
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastUsed = lastUsed
        self.config = config
        self.feedbackStats = feedbackStats
        self.numDatapoints = numDatapoints
        self.experimentID = experimentID
        self.evaluationAggregates = nil
        self.trialID = trialID
        self.environmentID = environmentID
    }

    enum CodingKeys: String, CodingKey {
        case config
        case projectID = "project_id"
        case projectName = "project_name"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case lastUsed = "last_used"
        case feedbackStats = "feedback_stats"
        case numDatapoints = "num_datapoints"
        case experimentID = "experiment_id"
        case evaluationAggregates = "evaluation_aggregates"
        case trialID = "trial_id"
        case environmentID = "environment_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(projectID, forKey: .projectID)
        try c.encode(projectName, forKey: .projectName)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(lastUsed, forKey: .lastUsed)
        try c.encode(config, forKey: .config)
        try c.encodeOrNull(feedbackStats, forKey: .feedbackStats)
        try c.encodeOrNull(numDatapoints, forKey: .numDatapoints)
        try c.encodeOrNull(experimentID, forKey: .experimentID)
        try c.encodeOrNull(evaluationAggregates, forKey: .evaluationAggregates)
        try c.encodeOrNull(trialID, forKey: .trialID)
        try c.encodeOrNull(environmentID, forKey: .environmentID)
    }
}

/// `POST /model-configs`: a config to register, with the project it belongs to.
public struct ProjectModelConfigRequest: Codable, Sendable, Hashable {
    public var config: ModelConfigRequest
    public var project: String?
    public var projectID: String?
    /// Name of an experiment of the project to add the config to.
    public var experiment: String?

    public init(config: ModelConfigRequest, project: String? = nil, projectID: String? = nil, experiment: String? = nil)
    {
        self.config = config
        self.project = project
        self.projectID = projectID
        self.experiment = experiment
    }

    enum CodingKeys: String, CodingKey {
        case project, experiment
        case projectID = "project_id"
    }

    public init(from decoder: any Decoder) throws {
        self.config = try ModelConfigRequest(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.project = try container.decodeIfPresent(String.self, forKey: .project)
        self.projectID = try container.decodeIfPresent(String.self, forKey: .projectID)
        self.experiment = try container.decodeIfPresent(String.self, forKey: .experiment)
    }

    public func encode(to encoder: any Encoder) throws {
        try config.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(project, forKey: .project)
        try container.encodeIfPresent(projectID, forKey: .projectID)
        try container.encodeIfPresent(experiment, forKey: .experiment)
    }
}

/// How `GET /projects` orders its page (`sort_by`).
public enum ProjectOrdering: String, Sendable, CaseIterable {
    case createdAt = "created_at"
    case updatedAt = "updated_at"
    case name
}
