import HumanloopAPI

/// A Tool, Flow, Evaluator or Dataset file: where it is and what describes it (its content is in its
/// versions).
public struct FileRecord: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var kind: FileKind
    public var path: String
    public var description: String?
    public var readme: String?
    /// JSON text of the file's tags (a list of strings).
    public var tags: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String, orgID: String, kind: FileKind, path: String, description: String? = nil, readme: String? = nil,
        tags: String? = nil, createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.orgID = orgID
        self.kind = kind
        self.path = path
        self.description = description
        self.readme = readme
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One content-addressed version of a file: `body` is the canonical JSON of its definition.
public struct FileVersionRecord: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var fileID: String
    public var body: String
    public var name: String?
    public var description: String?
    /// When the content was first stored.
    public var createdAt: Timestamp
    /// When the content was last upserted: "newest" means the latest of these.
    public var touchedAt: Timestamp

    public init(
        id: String, orgID: String, fileID: String, body: String, name: String? = nil, description: String? = nil,
        createdAt: Timestamp, touchedAt: Timestamp
    ) {
        self.id = id
        self.orgID = orgID
        self.fileID = fileID
        self.body = body
        self.name = name
        self.description = description
        self.createdAt = createdAt
        self.touchedAt = touchedAt
    }
}

/// A dataset's test case; `body` is the canonical JSON of its `inputs`, `messages` and `target`, and its
/// id a digest of the dataset and that content, so it keeps its id across the dataset's versions.
public struct DatapointRecord: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var datasetID: String
    public var body: String
    public var createdAt: Timestamp

    public init(id: String, orgID: String, datasetID: String, body: String, createdAt: Timestamp) {
        self.id = id
        self.orgID = orgID
        self.datasetID = datasetID
        self.body = body
        self.createdAt = createdAt
    }
}

/// An evaluation of one file by some evaluators.
public struct EvaluationRecord: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var fileID: String
    public var name: String?
    /// JSON text of the evaluators: a list of `{"version_id": …, "file_id": …}`.
    public var evaluators: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String, orgID: String, fileID: String, name: String?, evaluators: String, createdAt: Timestamp,
        updatedAt: Timestamp
    ) {
        self.id = id
        self.orgID = orgID
        self.fileID = fileID
        self.name = name
        self.evaluators = evaluators
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One run of an evaluation: a version of the file over a dataset version. `status` is set only by a
/// caller (it then sticks); otherwise the run's status follows from its logs.
public struct EvaluationRunRecord: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var evaluationID: String
    public var datasetVersionID: String?
    public var versionID: String?
    public var status: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String, orgID: String, evaluationID: String, datasetVersionID: String?, versionID: String?,
        status: String? = nil, createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.orgID = orgID
        self.evaluationID = evaluationID
        self.datasetVersionID = datasetVersionID
        self.versionID = versionID
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What a run's logs and their judgments say, for its status and stats: each run log with its datapoint
/// and error, and each evaluator log on one of them.
public struct RunLogSummary: Sendable, Hashable {
    public var logID: String
    public var sourceDatapointID: String?
    public var hasError: Bool

    public init(logID: String, sourceDatapointID: String?, hasError: Bool) {
        self.logID = logID
        self.sourceDatapointID = sourceDatapointID
        self.hasError = hasError
    }
}
