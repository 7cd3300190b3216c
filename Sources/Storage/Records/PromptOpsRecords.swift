import HumanloopAPI

/// An environment of an organisation.
public struct EnvironmentRecord: Sendable, Hashable {
    public var id: String
    public var name: String
    /// `default` for the organisation's default environment, `other` for the rest.
    public var tag: String
    public var createdAt: Timestamp

    public init(id: String, name: String, tag: String, createdAt: Timestamp = Timestamp(microsecondsSinceEpoch: 0)) {
        self.id = id
        self.name = name
        self.tag = tag
        self.createdAt = createdAt
    }
}

/// What a project has deployed in one environment: a config or an experiment.
public struct DeploymentRecord: Sendable, Hashable {
    public var environment: EnvironmentRecord
    public var configID: String?
    public var experimentID: String?
}

/// An environment, and what one project serves there (`nil`: nothing is deployed).
public struct EnvironmentDeployment: Sendable, Hashable {
    public var environment: EnvironmentRecord
    public var deployment: DeploymentRecord?
}

/// An experiment with its configs and their counters.
public struct ExperimentRecord: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var projectID: String
    public var name: String
    public var status: String
    /// JSON text of `[PositiveLabel]`.
    public var positiveLabels: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var configs: [ExperimentConfigRecord]
}

/// A config's place in an experiment: its trials and successes.
public struct ExperimentConfigRecord: Sendable, Hashable {
    public var configID: String
    public var trials: Int
    public var successes: Int
    public var active: Bool
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
}

/// A feedback row.
public struct FeedbackRecord: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var logID: String
    public var type: String
    /// JSON text of the value; `nil` for an unset.
    public var value: String?
    public var user: String?
    public var createdAt: Timestamp

    public init(
        id: String, orgID: String, logID: String, type: String, value: String?, user: String?, createdAt: Timestamp
    ) {
        self.id = id
        self.orgID = orgID
        self.logID = logID
        self.type = type
        self.value = value
        self.user = user
        self.createdAt = createdAt
    }
}

/// How a config is used in a project: its counters and timestamps.
public struct ProjectConfigRecord: Sendable, Hashable {
    public var projectID: String
    public var configID: String
    public var body: String
    public var createdAt: Timestamp
    public var lastUsed: Timestamp
    public var numDatapoints: Int
}

/// A session with the numbers its listing shows.
public struct SessionRecord: Sendable, Hashable {
    public var id: String
    public var referenceID: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
}

/// A feedback type a project declares, with its allowed values as JSON text.
public struct FeedbackTypeRecord: Sendable, Hashable {
    public var type: String
    public var feedbackClass: String?
    public var values: String

    public init(type: String, feedbackClass: String?, values: String) {
        self.type = type
        self.feedbackClass = feedbackClass
        self.values = values
    }
}

/// A v5 directory: a path that holds files and directories.
public struct DirectoryRecord: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var path: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(id: String, orgID: String, path: String, createdAt: Timestamp, updatedAt: Timestamp) {
        self.id = id
        self.orgID = orgID
        self.path = path
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What v5 shows of a project at one of its configs, read at once: the project, the link (when the
/// project uses the config), the project's log count, where the config is deployed for it, and the
/// directory the caller asked for.
public struct PromptVersionRecord: Sendable, Hashable {
    public var project: ProjectRecord
    public var link: ProjectConfigRecord?
    /// The environments in which the project serves this config.
    public var environments: [EnvironmentRecord]
    public var directory: DirectoryRecord?

    public init(
        project: ProjectRecord, link: ProjectConfigRecord?, environments: [EnvironmentRecord],
        directory: DirectoryRecord?
    ) {
        self.project = project
        self.link = link
        self.environments = environments
        self.directory = directory
    }
}
