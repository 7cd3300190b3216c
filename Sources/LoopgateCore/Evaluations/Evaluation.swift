import HumanloopAPI
import Storage

/// A file named by id or path, at a version named by id or by environment (the default one otherwise):
/// what evaluations take for their file, evaluators, datasets and run versions.
public struct FileReference: Sendable, Hashable {
    public var id: String?
    public var path: String?
    public var versionID: String?
    public var environment: String?

    public init(id: String? = nil, path: String? = nil, versionID: String? = nil, environment: String? = nil) {
        self.id = id
        self.path = path
        self.versionID = versionID
        self.environment = environment
    }
}

/// An evaluation with its evaluators, each at the version it was added with.
public struct Evaluation: Sendable {
    public var record: EvaluationRecord
    public var evaluators: [EvaluationEvaluator]
    public var runsCount: Int
}

/// One evaluator of an evaluation: the version whose judgments count.
public struct EvaluationEvaluator: Sendable {
    public var evaluator: VersionedFile
    public var addedAt: Timestamp

    /// What the evaluator's judgments are: `boolean`, `number`, `select`, `multi_select` or `text`.
    public var returnType: String {
        evaluator.definition["spec"]?.objectValue?["return_type"]?.stringValue ?? "text"
    }
}

/// A run of an evaluation: a version of the file over a dataset version, and its status now.
public struct EvaluationRun: Sendable {
    public var record: EvaluationRunRecord
    public var dataset: VersionedFile?
    public var version: LoggedFile?
    /// `pending`, `running`, `completed` or `cancelled` (CONTRACT-v5.md, "Evaluations").
    public var status: String
}

/// `GET /evaluations/{id}/stats`.
public struct EvaluationStatistics: Sendable {
    public var status: String
    public var progress: String
    public var report: String
    /// Newest run first.
    public var runs: [RunStatistics]
}

/// One run's logs and, per evaluator, what their judgments say.
public struct RunStatistics: Sendable {
    public var runID: String
    public var versionID: String?
    public var numLogs: Int
    public var status: String
    public var evaluators: [EvaluatorStatistics]
}

/// Over the latest judgment of one evaluator on each of a run's logs.
public struct EvaluatorStatistics: Sendable {
    public var evaluatorVersionID: String
    public var returnType: String
    public var totalLogs: Int
    /// Non-null judgments.
    public var numJudgments: Int
    public var numErrors: Int
    /// The rest: no judgment yet, or a null one.
    public var numNulls: Int
    public var numTrue = 0
    public var numFalse = 0
    public var mean: Double?
    public var sum: Double?
    /// Population standard deviation.
    public var std: Double?
    public var judgmentsPerOption: [String: Int] = [:]
}
