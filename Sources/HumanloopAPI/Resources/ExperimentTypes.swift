/// `POST /projects/{id}/experiments`.
public struct CreateExperimentRequest: Codable, Sendable, Hashable {
    public var name: String
    public var positiveLabels: [PositiveLabel]
    public var configIDs: [String]?
    public var setActive: Bool?

    public init(name: String, positiveLabels: [PositiveLabel], configIDs: [String]? = nil, setActive: Bool? = nil) {
        self.name = name
        self.positiveLabels = positiveLabels
        self.configIDs = configIDs
        self.setActive = setActive
    }

    enum CodingKeys: String, CodingKey {
        case name
        case positiveLabels = "positive_labels"
        case configIDs = "config_ids"
        case setActive = "set_active"
    }
}

/// `PATCH /experiments/{id}`.
public struct UpdateExperimentRequest: Codable, Sendable, Hashable {
    public var name: String?
    public var positiveLabels: [PositiveLabel]?
    public var configIDsToRegister: [String]?
    public var configIDsToDeregister: [String]?

    public init(
        name: String? = nil, positiveLabels: [PositiveLabel]? = nil, configIDsToRegister: [String]? = nil,
        configIDsToDeregister: [String]? = nil
    ) {
        self.name = name
        self.positiveLabels = positiveLabels
        self.configIDsToRegister = configIDsToRegister
        self.configIDsToDeregister = configIDsToDeregister
    }

    enum CodingKeys: String, CodingKey {
        case name
        case positiveLabels = "positive_labels"
        case configIDsToRegister = "config_ids_to_register"
        case configIDsToDeregister = "config_ids_to_deregister"
    }
}

/// An experiment (`ExperimentResponse`).
public struct ExperimentResponse: Codable, Sendable, Hashable {
    public var id: String
    public var projectID: String
    public var name: String
    public var status: String
    public var metric: MetricResponse
    public var positiveLabels: [PositiveLabel]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var configs: [ExperimentConfigResponse]?

    public init(
        id: String, projectID: String, name: String, status: String, metric: MetricResponse,
        positiveLabels: [PositiveLabel], createdAt: Timestamp, updatedAt: Timestamp,
        configs: [ExperimentConfigResponse]?
    ) {
        self.id = id
        self.projectID = projectID
        self.name = name
        self.status = status
        self.metric = metric
        self.positiveLabels = positiveLabels
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.configs = configs
    }

    enum CodingKeys: String, CodingKey {
        case id, name, status, metric, configs
        case projectID = "project_id"
        case positiveLabels = "positive_labels"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// A config in an experiment, with its trials and the posterior of its positive-feedback rate.
public struct ExperimentConfigResponse: Codable, Sendable, Hashable {
    public var trialsCount: Int
    public var active: Bool
    public var id: String
    public var displayName: String
    public var config: ModelConfigResponse
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// Mean of Beta(1 + successes, 1 + failures).
    public var mean: Double
    /// Standard deviation of that Beta.
    public var spread: Double

    public init(
        trialsCount: Int, active: Bool, id: String, displayName: String, config: ModelConfigResponse,
        createdAt: Timestamp, updatedAt: Timestamp, mean: Double, spread: Double
    ) {
        self.trialsCount = trialsCount
        self.active = active
        self.id = id
        self.displayName = displayName
        self.config = config
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.mean = mean
        self.spread = spread
    }

    enum CodingKeys: String, CodingKey {
        case active, id, config, mean, spread
        case trialsCount = "trials_count"
        case displayName = "display_name"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// An experiment's metric (`BaseMetricResponse`); Loopgate has one built-in, the positive-feedback rate.
public struct MetricResponse: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var description: String
    public var code: String
    public var isDefault: Bool
    public var active: Bool
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String, name: String, description: String, code: String, isDefault: Bool, active: Bool,
        createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.code = code
        self.isDefault = isDefault
        self.active = active
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, code, active
        case isDefault = "default"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
