import Foundation
import HumanloopAPI
import Storage

/// v5's evaluations whose runs the client makes (CONTRACT-v5.md, "Evaluations"): a file, evaluators, and
/// runs of a version over a dataset version whose logs the client records. A run's status follows from
/// its logs and their judgments (the SDK's `evaluations.run` waits for `completed` and never sets it);
/// runs Loopgate would generate itself (`orchestrated`) are the evaluation runner's, not yet served.
public final class EvaluationService: Sendable {
    let store: any Store
    let files: FileService
    let prompts: PromptService
    let datasets: DatasetService

    public init(store: any Store, files: FileService, prompts: PromptService, datasets: DatasetService) {
        self.store = store
        self.files = files
        self.prompts = prompts
        self.datasets = datasets
    }

    // MARK: Evaluations

    /// `POST /evaluations`: the file and its evaluators (each at the version named, or its default one);
    /// a name the file's evaluations already have is a 409.
    public func create(file reference: FileReference, evaluators: [FileReference], name: String?, orgID: String)
        async throws -> Evaluation
    {
        let fileID = try await fileID(of: reference, at: ["body", "file"], orgID: orgID)
        let now = Clock.now()
        let resolved = try await resolveEvaluators(evaluators, orgID: orgID)
        let record = EvaluationRecord(
            id: ResourceID.make(.evaluation), orgID: orgID, fileID: fileID, name: name,
            evaluators: try Self.evaluatorsText(resolved, addedAt: now), createdAt: now, updatedAt: now)
        try await store.createEvaluation(record)
        return try await evaluation(record, orgID: orgID)
    }

    public func get(id: String, orgID: String) async throws -> Evaluation {
        try await evaluation(try await record(id: id, orgID: orgID), orgID: orgID)
    }

    /// `GET /evaluations?file_id=`: a page (1-based) of a file's evaluations, newest first.
    public func list(fileID: String?, page: Int, size: Int, orgID: String) async throws
        -> (records: [Evaluation], total: Int)
    {
        guard let fileID else { throw GatewayError.invalid([.missing(["query", "file_id"])]) }
        let all = try await store.evaluations(fileID: fileID, orgID: orgID)
        let start = min((page - 1) * size, all.count)
        var answer: [Evaluation] = []
        for record in all[start..<min(start + size, all.count)] {
            answer.append(try await evaluation(record, orgID: orgID))
        }
        return (answer, all.count)
    }

    public func delete(id: String, orgID: String) async throws {
        _ = try await record(id: id, orgID: orgID)
        try await store.deleteEvaluation(id: id, orgID: orgID)
    }

    /// `POST /evaluations/{id}/evaluators`: adds evaluators (one already there keeps its place).
    public func addEvaluators(id: String, _ evaluators: [FileReference], orgID: String) async throws -> Evaluation {
        let record = try await record(id: id, orgID: orgID)
        var current = Self.evaluatorEntries(of: record)
        for added in try await resolveEvaluators(evaluators, orgID: orgID)
        where !current.contains(where: { $0.fileID == added.fileID }) {
            current.append(EvaluatorEntry(fileID: added.fileID, versionID: added.id, addedAt: Clock.now()))
        }
        try await store.updateEvaluationEvaluators(id: id, orgID: orgID, evaluators: try Self.text(current))
        return try await get(id: id, orgID: orgID)
    }

    /// `DELETE /evaluations/{id}/evaluators/{evaluator_version_id}`.
    public func removeEvaluator(id: String, versionID: String, orgID: String) async throws -> Evaluation {
        let record = try await record(id: id, orgID: orgID)
        let current = Self.evaluatorEntries(of: record)
        guard current.contains(where: { $0.versionID == versionID }) else {
            throw GatewayError.notFound("Evaluator version '\(versionID)' is not in evaluation '\(id)'")
        }
        try await store.updateEvaluationEvaluators(
            id: id, orgID: orgID, evaluators: try Self.text(current.filter { $0.versionID != versionID }))
        return try await get(id: id, orgID: orgID)
    }

    // MARK: Runs

    /// `POST /evaluations/{id}/runs`: a version of the evaluation's file (its default one when not named)
    /// over a dataset version (the newest when named by id or path). `orchestrated` runs answer 501.
    public func createRun(
        evaluationID: String, dataset: FileReference?, version: FileReference?, orchestrated: Bool, orgID: String
    ) async throws -> EvaluationRun {
        let evaluation = try await record(id: evaluationID, orgID: orgID)
        if orchestrated {
            throw GatewayError.notImplemented(
                "Runs that Loopgate generates itself (orchestrated: true) are not served yet: log the run's logs from your client (orchestrated: false)"
            )
        }
        guard let dataset else { throw GatewayError.invalid([.missing(["body", "dataset"])]) }
        let datasetVersion = try await datasetVersion(dataset, orgID: orgID)
        let versionID = try await versionID(of: evaluation.fileID, reference: version, orgID: orgID)
        let now = Clock.now()
        let run = EvaluationRunRecord(
            id: ResourceID.make(.evaluationRun), orgID: orgID, evaluationID: evaluation.id,
            datasetVersionID: datasetVersion.id, versionID: versionID, createdAt: now, updatedAt: now)
        try await store.createRun(run)
        return try await view(run, evaluation: evaluation, orgID: orgID)
    }

    /// `GET /evaluations/{id}/runs`: newest first.
    public func runs(evaluationID: String, orgID: String) async throws -> [EvaluationRun] {
        let evaluation = try await record(id: evaluationID, orgID: orgID)
        var answer: [EvaluationRun] = []
        for run in try await store.runs(evaluationID: evaluation.id, orgID: orgID) {
            answer.append(try await view(run, evaluation: evaluation, orgID: orgID))
        }
        return answer
    }

    /// `PATCH /evaluations/{id}/runs/{run_id}`: a status set here sticks.
    public func updateRun(evaluationID: String, runID: String, status: String?, orgID: String) async throws
        -> EvaluationRun
    {
        let (evaluation, run) = try await run(evaluationID: evaluationID, runID: runID, orgID: orgID)
        if let status {
            guard ["pending", "running", "completed", "cancelled"].contains(status) else {
                throw GatewayError.invalid(
                    ["body", "status"], "status must be 'pending', 'running', 'completed' or 'cancelled'")
            }
            try await store.setRunStatus(id: run.id, orgID: orgID, status: status)
        }
        let updated = try await store.run(id: run.id, orgID: orgID) ?? run
        return try await view(updated, evaluation: evaluation, orgID: orgID)
    }

    public func deleteRun(evaluationID: String, runID: String, orgID: String) async throws {
        let (_, run) = try await run(evaluationID: evaluationID, runID: runID, orgID: orgID)
        try await store.deleteRun(id: run.id, orgID: orgID)
    }

    /// `POST /evaluations/{id}/runs/{run_id}/logs`: logs join the run; an unknown log id is a 404 and
    /// nothing joins.
    public func addLogs(evaluationID: String, runID: String, logIDs: [String], orgID: String) async throws
        -> EvaluationRun
    {
        let (evaluation, run) = try await run(evaluationID: evaluationID, runID: runID, orgID: orgID)
        for logID in logIDs where try await store.log(id: logID, orgID: orgID) == nil {
            throw GatewayError.notFound("Log with id '\(logID)' not found")
        }
        _ = try await store.addLogs(logIDs, toRun: run.id, orgID: orgID)
        return try await view(run, evaluation: evaluation, orgID: orgID)
    }

    // MARK: Statistics

    /// `GET /evaluations/{id}/stats`: each run's status and, per evaluator, its judgments' statistics.
    public func statistics(id: String, orgID: String) async throws -> EvaluationStatistics {
        let evaluation = try await record(id: id, orgID: orgID)
        let evaluators = try await evaluators(of: evaluation, orgID: orgID)
        var runs: [RunStatistics] = []
        for run in try await store.runs(evaluationID: evaluation.id, orgID: orgID) {
            let progress = try await progress(of: run, evaluators: evaluators, orgID: orgID)
            runs.append(
                RunStatistics(
                    runID: run.id, versionID: run.versionID, numLogs: progress.logs.count, status: progress.status,
                    evaluators: evaluators.map { Self.statistics(of: $0, over: progress) }))
        }
        let status: String
        if runs.isEmpty {
            status = "pending"
        } else if runs.allSatisfy({ ["completed", "cancelled"].contains($0.status) }) {
            status = "completed"
        } else {
            status = "running"
        }
        let done = runs.filter { ["completed", "cancelled"].contains($0.status) }.count
        let progress = "\(done)/\(runs.count) runs complete\n"
        var report = "Evaluation \(evaluation.id): \(status)\n"
        for run in runs {
            report += "Run \(run.runID) (\(run.versionID ?? "-")): \(run.status), \(run.numLogs) logs\n"
            for stats in run.evaluators {
                report +=
                    "  \(stats.evaluatorVersionID): \(stats.numJudgments) judgments, \(stats.numErrors) errors, \(stats.numNulls) pending\n"
            }
        }
        return EvaluationStatistics(status: status, progress: progress, report: report, runs: runs)
    }

    /// A run's logs, the latest judgment (or error) of each evaluator on each, and the status they give.
    struct RunProgress {
        var logs: [RunLogSummary]
        /// By evaluator file id, then by judged log id: the latest evaluator log.
        var latest: [String: [String: LogRecord]]
        var status: String
    }

    func progress(of run: EvaluationRunRecord, evaluators: [EvaluationEvaluator], orgID: String) async throws
        -> RunProgress
    {
        let logs = try await store.runLogs(runID: run.id, orgID: orgID)
        var latest: [String: [String: LogRecord]] = [:]
        for judgment in try await store.evaluatorLogs(on: logs.map(\.logID), orgID: orgID) {
            guard let evaluatorID = judgment.fileID, let judged = judgment.parentID else { continue }
            // Oldest first: a later one replaces an earlier one.
            latest[evaluatorID, default: [:]][judged] = judgment
        }
        var progress = RunProgress(logs: logs, latest: latest, status: "running")
        if let sticky = run.status {
            progress.status = sticky
        } else if logs.isEmpty {
            progress.status = "pending"
        } else {
            var datapoints = Set<String>()
            if let datasetVersionID = run.datasetVersionID,
                let version = try await store.fileVersion(id: datasetVersionID, orgID: orgID)
            {
                datapoints = Set(DatasetService.datapointIDs(ofVersionBody: version))
            }
            let covered = Set(logs.compactMap(\.sourceDatapointID))
            let judged = evaluators.allSatisfy { evaluator in
                logs.allSatisfy { log in
                    guard let judgment = latest[evaluator.evaluator.id]?[log.logID] else { return false }
                    return judgment.judgment != nil || judgment.error != nil
                }
            }
            progress.status = datapoints.isSubset(of: covered) && judged ? "completed" : "running"
        }
        return progress
    }

    static func statistics(of evaluator: EvaluationEvaluator, over progress: RunProgress) -> EvaluatorStatistics {
        let judgments = progress.logs.compactMap { progress.latest[evaluator.evaluator.id]?[$0.logID] }
        let errors = judgments.filter { $0.error != nil }.count
        let values = judgments.filter { $0.error == nil }.compactMap { record in
            record.judgment.flatMap { try? JSONValue(parsing: $0) }.flatMap { $0 == .null ? nil : $0 }
        }
        var stats = EvaluatorStatistics(
            evaluatorVersionID: evaluator.evaluator.version.id, returnType: evaluator.returnType,
            totalLogs: progress.logs.count, numJudgments: values.count, numErrors: errors,
            numNulls: progress.logs.count - values.count - errors)
        switch evaluator.returnType {
        case "boolean":
            stats.numTrue = values.filter { $0 == .bool(true) }.count
            stats.numFalse = values.filter { $0 == .bool(false) }.count
        case "number":
            let numbers = values.compactMap(\.doubleValue)
            if !numbers.isEmpty {
                let sum = numbers.reduce(0, +)
                let mean = sum / Double(numbers.count)
                stats.sum = sum
                stats.mean = mean
                stats.std = (numbers.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(numbers.count))
                    .squareRoot()
            }
        case "select", "multi_select":
            for value in values {
                let options: [String] =
                    if case .array(let items) = value { items.compactMap(\.stringValue) } else {
                        [value.stringValue ?? value.serialized()]
                    }
                for option in options { stats.judgmentsPerOption[option, default: 0] += 1 }
            }
        default:
            break
        }
        return stats
    }

    // MARK: Resolution

    func record(id: String, orgID: String) async throws -> EvaluationRecord {
        guard let record = try await store.evaluation(id: id, orgID: orgID) else {
            throw GatewayError.notFound("Evaluation with id '\(id)' not found")
        }
        return record
    }

    func run(evaluationID: String, runID: String, orgID: String) async throws
        -> (EvaluationRecord, EvaluationRunRecord)
    {
        let evaluation = try await record(id: evaluationID, orgID: orgID)
        guard let run = try await store.run(id: runID, orgID: orgID), run.evaluationID == evaluation.id else {
            throw GatewayError.notFound("Run with id '\(runID)' of evaluation '\(evaluationID)' not found")
        }
        return (evaluation, run)
    }

    /// The id of the file a reference names: a Prompt (a project) or any other kind; 404 when none.
    func fileID(of reference: FileReference, at location: [LocationComponent], orgID: String) async throws -> String {
        if let id = reference.id {
            if let kind = FileKind(id: id) { return try await files.file(kind, id: id, orgID: orgID).id }
            return try await prompts.file(id: id, orgID: orgID).id
        }
        guard let path = reference.path else { throw GatewayError.invalid([.missing(location + ["path"])]) }
        let normalized = try PromptPath.normalized(path, at: location + ["path"])
        if let file = try await store.file(path: normalized, orgID: orgID) { return file.id }
        if let project = try await store.project(named: normalized, orgID: orgID) { return project.id }
        throw GatewayError.notFound("No file at path '\(normalized)'")
    }

    /// The version of the evaluation's file a run evaluates: the one named, or the file's default.
    func versionID(of fileID: String, reference: FileReference?, orgID: String) async throws -> String {
        if let kind = FileKind(id: fileID) {
            let file = try await files.file(kind, id: fileID, orgID: orgID)
            return try await files.version(
                of: file, versionID: reference?.versionID, environment: reference?.environment, orgID: orgID
            ).id
        }
        return try await prompts.prompt(
            id: fileID, versionID: reference?.versionID, environment: reference?.environment, orgID: orgID
        ).versionID
    }

    /// A dataset version: named by id, or a dataset's (by id or path) deployed or newest version.
    func datasetVersion(_ reference: FileReference, orgID: String) async throws -> FileVersionRecord {
        if let versionID = reference.versionID, reference.id == nil, reference.path == nil {
            guard let version = try await store.fileVersion(id: versionID, orgID: orgID),
                version.id.hasPrefix(ResourceID.Prefix.datasetVersion.rawValue)
            else { throw GatewayError.notFound("Dataset version with id '\(versionID)' not found") }
            return version
        }
        let dataset = try await files.resolve(
            .dataset, id: reference.id, path: reference.path, creating: false, orgID: orgID)
        return try await files.version(
            of: dataset, versionID: reference.versionID, environment: reference.environment, orgID: orgID)
    }

    /// Evaluator versions: named by version id, or an evaluator's (by id or path) deployed or default one.
    func resolveEvaluators(_ references: [FileReference], orgID: String) async throws -> [FileVersionRecord] {
        var versions: [FileVersionRecord] = []
        for (index, reference) in references.enumerated() {
            if let versionID = reference.versionID, reference.id == nil, reference.path == nil {
                guard let version = try await store.fileVersion(id: versionID, orgID: orgID),
                    version.id.hasPrefix(ResourceID.Prefix.evaluatorVersion.rawValue)
                else { throw GatewayError.notFound("Evaluator version with id '\(versionID)' not found") }
                versions.append(version)
                continue
            }
            guard reference.id != nil || reference.path != nil else {
                throw GatewayError.invalid([.missing(["body", "evaluators", .index(index), "path"])])
            }
            let evaluator = try await files.resolve(
                .evaluator, id: reference.id, path: reference.path, creating: false, orgID: orgID)
            versions.append(
                try await files.version(
                    of: evaluator, versionID: reference.versionID, environment: reference.environment, orgID: orgID))
        }
        return versions
    }

    // MARK: Views

    func evaluation(_ record: EvaluationRecord, orgID: String) async throws -> Evaluation {
        Evaluation(
            record: record, evaluators: try await evaluators(of: record, orgID: orgID),
            runsCount: try await store.runs(evaluationID: record.id, orgID: orgID).count)
    }

    func evaluators(of record: EvaluationRecord, orgID: String) async throws -> [EvaluationEvaluator] {
        var answer: [EvaluationEvaluator] = []
        for entry in Self.evaluatorEntries(of: record) {
            guard let file = try await store.file(id: entry.fileID, orgID: orgID),
                let version = try await store.fileVersion(id: entry.versionID, orgID: orgID)
            else { continue }
            answer.append(
                EvaluationEvaluator(
                    evaluator: try await files.view(file, version: version, orgID: orgID), addedAt: entry.addedAt))
        }
        return answer
    }

    func view(_ run: EvaluationRunRecord, evaluation: EvaluationRecord, orgID: String) async throws -> EvaluationRun {
        var dataset: VersionedFile?
        if let datasetVersionID = run.datasetVersionID,
            let version = try await store.fileVersion(id: datasetVersionID, orgID: orgID),
            let file = try await store.file(id: version.fileID, orgID: orgID)
        {
            dataset = try await files.view(file, version: version, orgID: orgID)
        }
        var version: LoggedFile?
        if let versionID = run.versionID {
            if let kind = FileKind(id: evaluation.fileID) {
                if let file = try? await files.file(kind, id: evaluation.fileID, orgID: orgID),
                    let stored = try await store.fileVersion(id: versionID, orgID: orgID)
                {
                    version = .file(try await files.view(file, version: stored, orgID: orgID))
                }
            } else if let prompt = try? await prompts.prompt(
                id: evaluation.fileID, versionID: versionID, environment: nil, orgID: orgID)
            {
                version = .prompt(prompt)
            }
        }
        let evaluators = try await evaluators(of: evaluation, orgID: orgID)
        let status = try await progress(of: run, evaluators: evaluators, orgID: orgID).status
        return EvaluationRun(record: run, dataset: dataset, version: version, status: status)
    }

    // MARK: Stored evaluators

    /// An evaluator of an evaluation as stored (JSON in `evaluations.evaluators`).
    struct EvaluatorEntry: Codable {
        var fileID: String
        var versionID: String
        var addedAt: Timestamp

        enum CodingKeys: String, CodingKey {
            case fileID = "file_id"
            case versionID = "version_id"
            case addedAt = "added_at"
        }
    }

    static func evaluatorEntries(of record: EvaluationRecord) -> [EvaluatorEntry] {
        Coding.decodeIfPresent([EvaluatorEntry].self, fromText: record.evaluators) ?? []
    }

    static func evaluatorsText(_ versions: [FileVersionRecord], addedAt: Timestamp) throws -> String {
        var seen = Set<String>()
        return try text(
            versions.filter { seen.insert($0.fileID).inserted }.map {
                EvaluatorEntry(fileID: $0.fileID, versionID: $0.id, addedAt: addedAt)
            })
    }

    /// The stored form of an evaluation's evaluators, given as (file id, version id, added at).
    public static func evaluatorsText(_ entries: [(fileID: String, versionID: String, addedAt: Timestamp)]) throws
        -> String
    {
        try text(entries.map { EvaluatorEntry(fileID: $0.fileID, versionID: $0.versionID, addedAt: $0.addedAt) })
    }

    static func text(_ entries: [EvaluatorEntry]) throws -> String {
        try Coding.text(entries)
    }
}
