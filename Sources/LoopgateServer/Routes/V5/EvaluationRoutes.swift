import HumanloopAPI
import Hummingbird
import LoopgateCore

/// v5 Evaluations whose runs the client logs: create, read, list by file, evaluators, runs (create,
/// list, update, delete, add logs) and statistics.
struct EvaluationRoutes {
    let evaluations: EvaluationService

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        let evaluations = self.evaluations
        group.post("evaluations") { request, context in
            let body = try await JSONBody.decode(EvaluationCreateRequest.self, from: request, context: context)
            guard let file = body.file else { throw GatewayError.invalid([.missing(["body", "file"])]) }
            guard let evaluators = body.evaluators else {
                throw GatewayError.invalid([.missing(["body", "evaluators"])])
            }
            let evaluation = try await evaluations.create(
                file: FileReference(v5: file), evaluators: evaluators.map(FileReference.init(v5:)), name: body.name,
                orgID: try context.orgID)
            return try JSONBody.response(EvaluationResponse(v5: evaluation))
        }
        group.get("evaluations") { request, context in
            let query = QueryParameters(request: request)
            let page = try query.integer("page", default: 1, range: 1...1_000_000)
            let size = try query.integer("size", default: 10, range: 1...1000)
            let (records, total) = try await evaluations.list(
                fileID: query.string("file_id"), page: page, size: size, orgID: try context.orgID)
            return try JSONBody.response(
                V5Page(records: records.map(EvaluationResponse.init(v5:)), page: page, size: size, total: total))
        }
        group.get("evaluations/:id") { _, context in
            try JSONBody.response(
                EvaluationResponse(
                    v5: try await evaluations.get(id: try context.parameters.require("id"), orgID: try context.orgID)))
        }
        group.delete("evaluations/:id") { _, context in
            try await evaluations.delete(id: try context.parameters.require("id"), orgID: try context.orgID)
            return Response(status: .noContent)
        }
        group.post("evaluations/:id/evaluators") { request, context in
            let body = try await JSONBody.decode(EvaluatorsRequest.self, from: request, context: context)
            let evaluation = try await evaluations.addEvaluators(
                id: try context.parameters.require("id"), (body.evaluators ?? []).map(FileReference.init(v5:)),
                orgID: try context.orgID)
            return try JSONBody.response(EvaluationResponse(v5: evaluation))
        }
        group.delete("evaluations/:id/evaluators/:version_id") { _, context in
            let evaluation = try await evaluations.removeEvaluator(
                id: try context.parameters.require("id"), versionID: try context.parameters.require("version_id"),
                orgID: try context.orgID)
            return try JSONBody.response(EvaluationResponse(v5: evaluation))
        }
        group.post("evaluations/:id/runs") { request, context in
            let body = try await JSONBody.decode(EvaluationRunRequest.self, from: request, context: context)
            let run = try await evaluations.createRun(
                evaluationID: try context.parameters.require("id"), dataset: body.dataset.map(FileReference.init(v5:)),
                version: body.version.map(FileReference.init(v5:)), orchestrated: body.orchestrated ?? false,
                orgID: try context.orgID)
            return try JSONBody.response(EvaluationRunResponse(v5: run))
        }
        group.get("evaluations/:id/runs") { _, context in
            let runs = try await evaluations.runs(
                evaluationID: try context.parameters.require("id"), orgID: try context.orgID)
            return try JSONBody.response(EvaluationRunsResponse(runs: runs.map(EvaluationRunResponse.init(v5:))))
        }
        group.patch("evaluations/:id/runs/:run_id") { request, context in
            let body = try await JSONBody.decode(EvaluationRunUpdateRequest.self, from: request, context: context)
            let run = try await evaluations.updateRun(
                evaluationID: try context.parameters.require("id"), runID: try context.parameters.require("run_id"),
                status: body.status, orgID: try context.orgID)
            return try JSONBody.response(EvaluationRunResponse(v5: run))
        }
        group.delete("evaluations/:id/runs/:run_id") { _, context in
            try await evaluations.deleteRun(
                evaluationID: try context.parameters.require("id"), runID: try context.parameters.require("run_id"),
                orgID: try context.orgID)
            return Response(status: .noContent)
        }
        group.post("evaluations/:id/runs/:run_id/logs") { request, context in
            let body = try await JSONBody.decode(RunLogsRequest.self, from: request, context: context)
            guard let logIDs = body.logIDs else { throw GatewayError.invalid([.missing(["body", "log_ids"])]) }
            let run = try await evaluations.addLogs(
                evaluationID: try context.parameters.require("id"), runID: try context.parameters.require("run_id"),
                logIDs: logIDs, orgID: try context.orgID)
            return try JSONBody.response(EvaluationRunResponse(v5: run))
        }
        group.get("evaluations/:id/stats") { _, context in
            let stats = try await evaluations.statistics(
                id: try context.parameters.require("id"), orgID: try context.orgID)
            return try JSONBody.response(EvaluationStatsResponse(v5: stats))
        }
    }
}
