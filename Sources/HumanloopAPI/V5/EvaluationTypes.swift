/// A file, evaluator or dataset named in an evaluation request: `{version_id}`, `{id}` or `{path}` (with
/// an optional `environment`).
public struct FileReferenceRequest: Decodable, Sendable {
    public var id: String?
    public var path: String?
    public var versionID: String?
    public var environment: String?
    public var orchestrated: Bool?

    enum CodingKeys: String, CodingKey {
        case id, path, environment, orchestrated
        case versionID = "version_id"
    }
}

/// `POST /v5/evaluations`.
public struct EvaluationCreateRequest: Decodable, Sendable {
    public var file: FileReferenceRequest?
    public var name: String?
    public var evaluators: [FileReferenceRequest]?
}

/// `POST /v5/evaluations/{id}/evaluators`.
public struct EvaluatorsRequest: Decodable, Sendable {
    public var evaluators: [FileReferenceRequest]?
}

/// `POST /v5/evaluations/{id}/runs`.
public struct EvaluationRunRequest: Decodable, Sendable {
    public var dataset: FileReferenceRequest?
    public var version: FileReferenceRequest?
    public var orchestrated: Bool?
    public var useExistingLogs: Bool?

    enum CodingKeys: String, CodingKey {
        case dataset, version, orchestrated
        case useExistingLogs = "use_existing_logs"
    }
}

/// `PATCH /v5/evaluations/{id}/runs/{run_id}`.
public struct EvaluationRunUpdateRequest: Decodable, Sendable {
    public var status: String?
    public var control: Bool?
}

/// `POST /v5/evaluations/{id}/runs/{run_id}/logs`.
public struct RunLogsRequest: Decodable, Sendable {
    public var logIDs: [String]?

    enum CodingKeys: String, CodingKey {
        case logIDs = "log_ids"
    }
}

/// `EvaluationResponse`.
public struct EvaluationResponse: Encodable, Sendable {
    public var id: String
    public var name: String?
    public var fileID: String
    public var runsCount: Int
    public var evaluators: [EvaluationEvaluatorResponse]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String, name: String?, fileID: String, runsCount: Int, evaluators: [EvaluationEvaluatorResponse],
        createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.name = name
        self.fileID = fileID
        self.runsCount = runsCount
        self.evaluators = evaluators
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, evaluators, url
        case fileID = "file_id"
        case runsCount = "runs_count"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeOrNull(name, forKey: .name)
        try container.encode(fileID, forKey: .fileID)
        // Loopgate has no web page per evaluation yet.
        try container.encodeNil(forKey: .url)
        try container.encode(runsCount, forKey: .runsCount)
        try container.encode(evaluators, forKey: .evaluators)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

/// `EvaluationEvaluatorResponse`: an evaluator version of an evaluation; none is orchestrated yet.
public struct EvaluationEvaluatorResponse: Encodable, Sendable {
    public var version: VersionedFileResponse
    public var orchestrated = false
    public var addedAt: Timestamp

    public init(version: VersionedFileResponse, addedAt: Timestamp) {
        self.version = version
        self.addedAt = addedAt
    }

    enum CodingKeys: String, CodingKey {
        case version, orchestrated
        case addedAt = "added_at"
    }
}

/// `EvaluationRunResponse`.
public struct EvaluationRunResponse: Encodable, Sendable {
    public var id: String
    public var dataset: VersionedFileResponse?
    public var version: V5FileResponse?
    public var orchestrated = false
    public var createdAt: Timestamp
    public var status: String
    public var control = false

    public init(
        id: String, dataset: VersionedFileResponse?, version: V5FileResponse?, createdAt: Timestamp, status: String
    ) {
        self.id = id
        self.dataset = dataset
        self.version = version
        self.createdAt = createdAt
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case id, dataset, version, orchestrated, status, control
        case addedAt = "added_at"
        case createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeOrNull(dataset, forKey: .dataset)
        try container.encodeOrNull(version, forKey: .version)
        try container.encode(orchestrated, forKey: .orchestrated)
        try container.encode(createdAt, forKey: .addedAt)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(status, forKey: .status)
        try container.encode(control, forKey: .control)
    }
}

/// `EvaluationRunsResponse`.
public struct EvaluationRunsResponse: Encodable, Sendable {
    public var runs: [EvaluationRunResponse]

    public init(runs: [EvaluationRunResponse]) {
        self.runs = runs
    }
}

/// `EvaluationStats`.
public struct EvaluationStatsResponse: Encodable, Sendable {
    public var runStats: [RunStatsResponse]
    public var status: String
    public var progress: String
    public var report: String

    public init(runStats: [RunStatsResponse], status: String, progress: String, report: String) {
        self.runStats = runStats
        self.status = status
        self.progress = progress
        self.report = report
    }

    enum CodingKeys: String, CodingKey {
        case status, progress, report
        case runStats = "run_stats"
    }
}

/// `RunStatsResponse`.
public struct RunStatsResponse: Encodable, Sendable {
    public var runID: String
    public var versionID: String?
    public var numLogs: Int
    public var status: String
    public var evaluatorStats: [EvaluatorStatsResponse]

    public init(
        runID: String, versionID: String?, numLogs: Int, status: String, evaluatorStats: [EvaluatorStatsResponse]
    ) {
        self.runID = runID
        self.versionID = versionID
        self.numLogs = numLogs
        self.status = status
        self.evaluatorStats = evaluatorStats
    }

    enum CodingKeys: String, CodingKey {
        case status
        case runID = "run_id"
        case versionID = "version_id"
        case numLogs = "num_logs"
        case evaluatorStats = "evaluator_stats"
    }
}

/// One evaluator's statistics over a run: `BooleanEvaluatorStatsResponse`, `NumericEvaluatorStatsResponse`,
/// `SelectEvaluatorStatsResponse` or `TextEvaluatorStatsResponse` by the evaluator's return type. They carry
/// no type: the SDK tells them apart by their fields, so each carries exactly its own.
public struct EvaluatorStatsResponse: Encodable, Sendable {
    public enum Values: Sendable {
        case boolean(numTrue: Int, numFalse: Int)
        case number(mean: Double?, sum: Double?, std: Double?)
        case select(perOption: [String: Int])
        case text
    }

    public var evaluatorVersionID: String
    public var totalLogs: Int
    public var numJudgments: Int
    public var numNulls: Int
    public var numErrors: Int
    public var values: Values

    public init(
        evaluatorVersionID: String, totalLogs: Int, numJudgments: Int, numNulls: Int, numErrors: Int, values: Values
    ) {
        self.evaluatorVersionID = evaluatorVersionID
        self.totalLogs = totalLogs
        self.numJudgments = numJudgments
        self.numNulls = numNulls
        self.numErrors = numErrors
        self.values = values
    }

    enum CodingKeys: String, CodingKey {
        case mean, sum, std, percentiles
        case evaluatorVersionID = "evaluator_version_id"
        case totalLogs = "total_logs"
        case numJudgments = "num_judgments"
        case numNulls = "num_nulls"
        case numErrors = "num_errors"
        case numTrue = "num_true"
        case numFalse = "num_false"
        case numJudgmentsPerOption = "num_judgments_per_option"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(evaluatorVersionID, forKey: .evaluatorVersionID)
        try container.encode(totalLogs, forKey: .totalLogs)
        try container.encode(numJudgments, forKey: .numJudgments)
        try container.encode(numNulls, forKey: .numNulls)
        try container.encode(numErrors, forKey: .numErrors)
        switch values {
        case .boolean(let numTrue, let numFalse):
            try container.encode(numTrue, forKey: .numTrue)
            try container.encode(numFalse, forKey: .numFalse)
        case .number(let mean, let sum, let std):
            try container.encodeOrNull(mean, forKey: .mean)
            try container.encodeOrNull(sum, forKey: .sum)
            try container.encodeOrNull(std, forKey: .std)
            try container.encode([String: Double](), forKey: .percentiles)
        case .select(let perOption):
            try container.encode(perOption, forKey: .numJudgmentsPerOption)
        case .text:
            break
        }
    }
}
