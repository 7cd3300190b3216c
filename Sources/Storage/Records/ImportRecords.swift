import HumanloopAPI

/// One file of an export as `loopgate import` writes it, in one transaction: the file (a project for a
/// Prompt, a `files` row otherwise) with the directories above it, its versions, the aliases that keep
/// the exported version ids working, its datapoints and its deployments.
public struct ImportedDefinition: Sendable {
    public enum File: Sendable {
        case project(ProjectRecord)
        case file(FileRecord)

        public var id: String {
            switch self {
            case .project(let project): project.id
            case .file(let file): file.id
            }
        }

        public var path: String {
            switch self {
            case .project(let project): project.name
            case .file(let file): file.path
            }
        }
    }

    public var orgID: String
    public var file: File
    /// The directories above the file, outermost first; a directory already at a path keeps its id.
    public var directories: [DirectoryRecord]
    /// A Prompt's versions, each linked to the project as of `createdAt`.
    public var configs: [(config: ModelConfigRecord, createdAt: Timestamp)]
    public var fileVersions: [FileVersionRecord]
    public var datapoints: [DatapointRecord]
    public var aliases: [IDAlias]
    public var deployments: [ImportedDeployment]

    public init(orgID: String, file: File, directories: [DirectoryRecord]) {
        self.orgID = orgID
        self.file = file
        self.directories = directories
        self.configs = []
        self.fileVersions = []
        self.datapoints = []
        self.aliases = []
        self.deployments = []
    }
}

/// An id that names the row `targetID` names (`id_aliases`).
public struct IDAlias: Sendable, Hashable {
    public var alias: String
    public var targetID: String

    public init(alias: String, targetID: String) {
        self.alias = alias
        self.targetID = targetID
    }
}

/// A version deployed in an environment, which is made (keeping `environmentID`) when the organisation
/// has none of that name.
public struct ImportedDeployment: Sendable, Hashable {
    public var environmentID: String
    public var environmentName: String
    /// A config id for a Prompt, a file version id otherwise.
    public var versionID: String

    public init(environmentID: String, environmentName: String, versionID: String) {
        self.environmentID = environmentID
        self.environmentName = environmentName
        self.versionID = versionID
    }
}

/// What writing a definition did.
public enum ImportDefinitionOutcome: Sendable, Hashable {
    /// Written (or already there from an earlier import: rows already there are left as they are).
    case written(ImportDefinitionCounts)
    /// Nothing written: the path or the id is taken by something else.
    case conflict(String)
}

/// The rows a definition wrote now.
public struct ImportDefinitionCounts: Sendable, Hashable {
    public var fileIsNew = false
    public var versions = 0
    public var deployments = 0
    public var datapoints = 0

    public init() {}
}

/// Rows that belong to files already written: logs, feedback, evaluations and their runs. Each is written
/// only when its id is new.
public struct ImportRows: Sendable {
    public var orgID: String
    /// Configs that logs used but the export's versions did not hold, linked to their project.
    public var configs: [(config: ModelConfigRecord, projectID: String, createdAt: Timestamp)] = []
    public var aliases: [IDAlias] = []
    public var logs: [LogRecord] = []
    public var feedback: [FeedbackRecord] = []
    public var evaluations: [EvaluationRecord] = []
    public var runs: [EvaluationRunRecord] = []

    public init(orgID: String) {
        self.orgID = orgID
    }

    public var isEmpty: Bool {
        configs.isEmpty && aliases.isEmpty && logs.isEmpty && feedback.isEmpty && evaluations.isEmpty && runs.isEmpty
    }
}

/// How many rows of each kind were new.
public struct ImportRowCounts: Sendable, Hashable {
    public var logs = 0
    public var feedback = 0
    public var evaluations = 0
    public var runs = 0
    /// Log ids another organisation already holds: those logs were not written.
    public var logIDsHeldElsewhere: [String] = []

    public init() {}
}
