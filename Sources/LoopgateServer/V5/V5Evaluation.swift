import HumanloopAPI
import LoopgateCore

extension FileReference {
    init(v5 reference: FileReferenceRequest) {
        self.init(
            id: reference.id, path: reference.path, versionID: reference.versionID,
            environment: reference.environment)
    }
}

extension EvaluationResponse {
    init(v5 evaluation: Evaluation) {
        self.init(
            id: evaluation.record.id, name: evaluation.record.name, fileID: evaluation.record.fileID,
            runsCount: evaluation.runsCount,
            evaluators: evaluation.evaluators.map {
                EvaluationEvaluatorResponse(version: VersionedFileResponse(v5: $0.evaluator), addedAt: $0.addedAt)
            }, createdAt: evaluation.record.createdAt, updatedAt: evaluation.record.updatedAt)
    }
}

extension EvaluationRunResponse {
    init(v5 run: EvaluationRun) {
        self.init(
            id: run.record.id, dataset: run.dataset.map { VersionedFileResponse(v5: $0) },
            version: run.version.map(V5FileResponse.init(v5:)), createdAt: run.record.createdAt, status: run.status)
    }
}

extension EvaluationStatsResponse {
    init(v5 statistics: EvaluationStatistics) {
        self.init(
            runStats: statistics.runs.map { run in
                RunStatsResponse(
                    runID: run.runID, versionID: run.versionID, numLogs: run.numLogs, status: run.status,
                    evaluatorStats: run.evaluators.map(EvaluatorStatsResponse.init(v5:)))
            }, status: statistics.status, progress: statistics.progress, report: statistics.report)
    }
}

extension EvaluatorStatsResponse {
    init(v5 stats: EvaluatorStatistics) {
        let values: Values =
            switch stats.returnType {
            case "boolean": .boolean(numTrue: stats.numTrue, numFalse: stats.numFalse)
            case "number": .number(mean: stats.mean, sum: stats.sum, std: stats.std)
            case "select", "multi_select": .select(perOption: stats.judgmentsPerOption)
            default: .text
            }
        self.init(
            evaluatorVersionID: stats.evaluatorVersionID, totalLogs: stats.totalLogs, numJudgments: stats.numJudgments,
            numNulls: stats.numNulls, numErrors: stats.numErrors, values: values)
    }
}
